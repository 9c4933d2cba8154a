// drawing_viewer_frames.cpp
//
// Feeds drawing metadata from the Procore developer sandbox to the desktop
// viewer plugin. The plugin only speaks our frame protocol (v2): an 8-byte
// FrameHeader followed by a fixed-size payload, posted in batches to its
// loopback endpoint. Layouts below must match viewer/src/wire.h byte for byte.
//
//   drawing_viewer_frames <company_id> <project_id> <client_id> <client_secret> <code>

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr const char* kLoginHost = "https://sandbox.procore.com";
constexpr const char* kApiHost = "https://sandbox.procore.com";
constexpr const char* kRedirectUri = "urn:ietf:wg:oauth:2.0:oob";
constexpr int kViewerPort = 47110;
constexpr std::size_t kBatch = 32;

enum FrameType : uint8_t { kDrawing = 1, kArea = 2, kEnd = 3 };

#pragma pack(push, 1)
struct FrameHeader {
    uint8_t type;
    uint8_t flags;
    uint16_t length;  // payload bytes after this header
    uint32_t seq;
};
static_assert(sizeof(FrameHeader) == 8, "wire v2 header is 8 bytes");

struct DrawingFrame {
    FrameHeader hdr;
    uint64_t drawing_id;
    uint64_t project_id;
    uint32_t drawing_area_id;  // areas are per project, 32 bits is plenty
    uint32_t revision : 12;
    uint32_t discipline : 6;
    uint32_t obsolete : 1;
    uint32_t reserved : 13;
    char number[24];
};
static_assert(sizeof(DrawingFrame) == 56, "wire v2 drawing frame is 56 bytes");

struct AreaFrame {
    FrameHeader hdr;
    uint64_t area_id;
    uint64_t project_id;
    char name[40];
};
#pragma pack(pop)

// lets us log ids as the byte order the plugin sees them
union IdBytes {
    uint64_t id;
    unsigned char raw[8];
};

struct Area {
    int64_t id;
    std::string name;
};

// "key":value / "key":"value" out of one flat JSON object
std::string field(const std::string& obj, const std::string& key) {
    const std::string pat = "\"" + key + "\":";
    auto pos = obj.find(pat);
    if (pos == std::string::npos) return {};
    pos += pat.size();
    if (obj[pos] == '"') ++pos;
    auto end = obj.find_first_of("\",}", pos);
    return obj.substr(pos, end - pos);
}

std::vector<std::string> objects(const std::string& arr) {
    std::vector<std::string> out;
    std::size_t depth = 0, start = 0;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (arr[i] == '{' && depth++ == 0) start = i;
        if (arr[i] == '}' && --depth == 0) out.push_back(arr.substr(start, i - start + 1));
    }
    return out;
}

std::string exchange_code(const std::string& id, const std::string& secret, const std::string& code) {
    httplib::Client auth(kLoginHost);
    httplib::Params form{{"grant_type", "authorization_code"},
                         {"client_id", id},
                         {"client_secret", secret},
                         {"code", code},
                         {"redirect_uri", kRedirectUri}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) return {};
    return field(res->body, "access_token");
}

uint8_t discipline_code(const std::string& name) {
    static const std::array<const char*, 6> known{"General", "Architectural", "Structural",
                                                   "Mechanical", "Electrical", "Plumbing"};
    for (std::size_t i = 0; i < known.size(); ++i)
        if (name == known[i]) return static_cast<uint8_t>(i + 1);
    return 0x3f;  // "other" in the plugin legend
}

void hex_id(uint64_t id) {
    IdBytes b{};
    b.id = id;
    for (unsigned char c : b.raw) std::printf("%02x", c);
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::cerr << "usage: drawing_viewer_frames company project client_id secret code\n";
        return 2;
    }
    const long company_id = std::stol(argv[1]);
    const int64_t project_id = std::stoll(argv[2]);
    const std::string token = exchange_code(argv[3], argv[4], argv[5]);
    if (token.empty()) {
        std::cerr << "code exchange failed\n";
        return 1;
    }

    httplib::Client api(kApiHost);
    api.set_bearer_token_auth(token);
    api.set_read_timeout(30, 0);

    if (auto me = api.Get("/rest/v1.0/me"); me && me->status == 200)
        std::cout << "signed in as " << field(me->body, "login") << "\n";

    const httplib::Headers company_hdr{{"Procore-Company-Id", std::to_string(company_id)}};
    const std::string base = "/rest/v1.0/projects/" + std::to_string(project_id);

    std::vector<Area> areas;
    auto ares = api.Get(base + "/drawing_areas", company_hdr);
    if (!ares || ares->status != 200) {
        std::cerr << "drawing_areas: " << (ares ? ares->status : -1) << "\n";
        return 1;
    }
    for (const auto& o : objects(ares->body))
        areas.push_back({std::stoll(field(o, "id")), field(o, "name")});

    std::vector<char> wire;
    uint32_t seq = 0;
    auto push = [&wire](const void* p, std::size_t n) {
        const auto* c = static_cast<const char*>(p);
        wire.insert(wire.end(), c, c + n);
    };

    for (const auto& area : areas) {
        AreaFrame af{};
        af.hdr = {kArea, 0, sizeof(AreaFrame) - sizeof(FrameHeader), seq++};
        af.area_id = static_cast<uint64_t>(area.id);
        af.project_id = static_cast<uint64_t>(project_id);
        std::strncpy(af.name, area.name.c_str(), sizeof af.name - 1);
        push(&af, sizeof af);

        const std::string path = "/rest/v1.0/drawing_areas/" + std::to_string(area.id) +
                                 "/drawings?project_id=" + std::to_string(project_id);
        auto dres = api.Get(path);
        if (!dres || dres->status != 200) continue;

        std::array<DrawingFrame, kBatch> batch{};
        std::size_t n = 0;
        for (const auto& o : objects(dres->body)) {
            if (n == batch.size()) break;
            DrawingFrame& f = batch[n++];
            f.hdr = {kDrawing, 0, sizeof(DrawingFrame) - sizeof(FrameHeader), seq++};
            f.drawing_id = std::stoull(field(o, "id"));
            f.project_id = static_cast<uint64_t>(project_id);
            f.drawing_area_id = area.id;
            const std::string rev = field(o, "revision_number");
            f.revision = rev.empty() ? 0 : std::stoi(rev) & 0xfff;
            f.discipline = discipline_code(field(o, "discipline"));
            f.obsolete = field(o, "obsolete") == "true";
            std::strncpy(f.number, field(o, "number").c_str(), sizeof f.number - 1);
        }
        push(batch.data(), n * sizeof(DrawingFrame));
        if (n) hex_id(batch[0].drawing_id);
    }

    FrameHeader end{kEnd, 0, 0, seq++};
    push(&end, sizeof end);

    httplib::Client viewer("127.0.0.1", kViewerPort);
    auto vres = viewer.Post("/frames", wire.data(), wire.size(), "application/octet-stream");
    std::cout << "sent " << seq << " frames (" << wire.size() << " bytes), viewer said "
              << (vres ? vres->status : 0) << "\n";
    std::cout << "sheet index: https://app.procore.com/" << project_id
              << "/project/drawing_areas\n";
    return 0;
}
