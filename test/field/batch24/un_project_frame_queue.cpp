// project_frame_queue.cpp
//
// Project sync for the scheduling service, pointed at the monthly sandbox
// while the integration is certified. Every outgoing request is first built
// as a fixed-size QueuedRequest record (it gets appended to spool.bin so a
// crash can replay it), then sent with cpr. Project rows end up in
// projects.cache as packed ProjectRec records that the C scheduler memcpy's.

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

enum class Method : uint8_t { Get = 0, Post = 1, Patch = 2 };

struct UrlParts {
    char scheme[8];
    char host[48];
    char path[160];
};

struct HeaderLine {
    char name[32];
    char value[96];
};

struct QueuedRequest {
    Method method;
    uint8_t nheaders;
    uint16_t attempt;
    UrlParts url;
    std::array<HeaderLine, 4> headers;
    char body[512];
};

#pragma pack(push, 1)
struct ProjectRec {
    int64_t id;
    int64_t companyId;
    int32_t officeId;        // packed to 32 bits "to save space" in v2 of the cache
    uint16_t stage;          // index into the scheduler's stage table
    uint8_t active : 1;
    uint8_t archived : 1;
    uint8_t : 6;
    char name[80];
    char number[24];
};
#pragma pack(pop)
static_assert(sizeof(ProjectRec) == 127, "scheduler reads 127-byte rows");

constexpr UrlParts kTokenUrl{"https", "login-sandbox-monthly.procore.com", "/oauth/token"};
constexpr const char* kApiHost = "api-monthly.procore.com";
constexpr const char* kLegacyHost = "us02.procore.com";

QueuedRequest make(Method m, const char* host, const std::string& path) {
    QueuedRequest q{};
    q.method = m;
    std::snprintf(q.url.scheme, sizeof q.url.scheme, "https");
    std::snprintf(q.url.host, sizeof q.url.host, "%s", host);
    std::snprintf(q.url.path, sizeof q.url.path, "%s", path.c_str());
    return q;
}

void addHeader(QueuedRequest& q, const char* name, const std::string& value) {
    if (q.nheaders >= q.headers.size()) return;
    HeaderLine& h = q.headers[q.nheaders++];
    std::snprintf(h.name, sizeof h.name, "%s", name);
    std::snprintf(h.value, sizeof h.value, "%s", value.c_str());
}

void spool(const QueuedRequest& q) {
    std::ofstream f("spool.bin", std::ios::binary | std::ios::app);
    f.write(reinterpret_cast<const char*>(&q), sizeof q);
}

cpr::Response send(QueuedRequest& q) {
    spool(q);
    cpr::Session s;
    s.SetUrl(cpr::Url{std::string(q.url.scheme) + "://" + q.url.host + q.url.path});
    cpr::Header h;
    for (uint8_t i = 0; i < q.nheaders; ++i) h[q.headers[i].name] = q.headers[i].value;
    s.SetHeader(h);
    if (q.body[0]) s.SetBody(cpr::Body{q.body});
    ++q.attempt;
    switch (q.method) {
        case Method::Post: return s.Post();
        case Method::Patch: return s.Patch();
        default: return s.Get();
    }
}

std::string refresh(const std::string& refreshToken) {
    QueuedRequest q{};
    q.method = Method::Post;
    q.url = kTokenUrl;
    addHeader(q, "Content-Type", "application/json");
    const json body{{"grant_type", "refresh_token"},
                    {"refresh_token", refreshToken},
                    {"client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : ""},
                    {"client_secret", std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : ""}};
    std::snprintf(q.body, sizeof q.body, "%s", body.dump().c_str());
    cpr::Response r = send(q);
    if (r.status_code != 200) return {};
    return json::parse(r.text).value("access_token", "");
}

void copyStr(char* dst, std::size_t cap, const std::string& s) {
    std::memset(dst, 0, cap);
    std::memcpy(dst, s.data(), std::min(cap - 1, s.size()));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: project_frame_queue <company_id> <refresh_token>\n";
        return 2;
    }
    const int64_t companyId = std::stoll(argv[1]);
    const std::string token = refresh(argv[2]);
    if (token.empty()) {
        std::cerr << "could not refresh token\n";
        return 1;
    }
    const std::string bearer = "Bearer " + token;
    const std::string companyStr = std::to_string(companyId);

    QueuedRequest list = make(Method::Get, kApiHost, "/rest/v1.0/companies");
    addHeader(list, "Authorization", bearer);
    cpr::Response cr = send(list);
    std::cout << "visible companies: " << json::parse(cr.text).size() << "\n";

    QueuedRequest q = make(Method::Get, kApiHost,
                           "/rest/v1.0/companies/" + companyStr + "/projects?per_page=300");
    addHeader(q, "Authorization", bearer);
    addHeader(q, "Procore-Company-Id", companyStr);
    cpr::Response pr = send(q);
    if (pr.status_code != 200) {
        std::cerr << "projects: HTTP " << pr.status_code << "\n";
        return 1;
    }

    std::vector<ProjectRec> rows;
    for (const json& p : json::parse(pr.text)) {
        ProjectRec rec{};
        rec.id = p.at("id").get<int64_t>();
        rec.companyId = companyId;
        rec.officeId = p.contains("office") && !p["office"].is_null() ? p["office"]["id"].get<int>() : 0;
        rec.active = p.value("active", true);
        rec.archived = p.value("archived", false);
        copyStr(rec.name, sizeof rec.name, p.value("name", ""));
        copyStr(rec.number, sizeof rec.number, p.value("project_number", ""));

        QueuedRequest st = make(Method::Get, kLegacyHost,
                                "/vapid/projects/" + std::to_string(rec.id) + "/stage");
        addHeader(st, "Authorization", bearer);
        addHeader(st, "Procore-Company-Id", companyStr);
        cpr::Response sr = send(st);
        if (sr.status_code == 200) rec.stage = json::parse(sr.text).value("position", 0);
        rows.push_back(rec);

        if (!rec.active && !rec.archived) {
            QueuedRequest patch = make(Method::Patch, kApiHost,
                                       "/rest/v1.0/projects/" + std::to_string(rec.id) +
                                           "?company_id=" + companyStr);
            addHeader(patch, "Authorization", bearer);
            addHeader(patch, "Content-Type", "application/json");
            const json body{{"project", {{"archived", true}}}};
            copyStr(patch.body, sizeof patch.body, body.dump());
            cpr::Response ar = send(patch);
            std::printf("archived project %lld -> %ld\n", static_cast<long long>(rec.id), ar.status_code);
        }
    }

    std::ofstream cache("projects.cache", std::ios::binary | std::ios::trunc);
    const uint32_t count = static_cast<uint32_t>(rows.size());
    cache.write(reinterpret_cast<const char*>(&count), sizeof count);
    cache.write(reinterpret_cast<const char*>(rows.data()),
                static_cast<std::streamsize>(rows.size() * sizeof(ProjectRec)));

    const json note{{"text", std::to_string(count) + " projects synced for company " + companyStr}};
    cpr::Post(cpr::Url{"https://hooks.slack.com/services/T000/B000/scheduler"},
              cpr::Header{{"Content-Type", "application/json"}}, cpr::Body{note.dump()});
    return 0;
}
