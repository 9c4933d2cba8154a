// drawing_kiosk.cpp
//
// Keeps the plan-room kiosk's drawing cache in step with Procore. The kiosk
// itself exposes a tiny local HTTP API on :8085 that we notify when a new
// revision lands. Routes and header sets are built with the operators in
// namespace route so that call sites read like the API docs.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace route {

struct Path {
    std::string s;
    Path operator/(const std::string& seg) const { return Path{s + "/" + seg}; }
    Path operator/(const char* seg) const { return Path{s + "/" + seg}; }
    Path operator/(std::int64_t n) const { return *this / std::to_string(n); }
    operator std::string() const { return s; }
};

inline Path operator""_p(const char* s, std::size_t n) { return Path{std::string(s, n)}; }

struct Hdr {
    std::string k, v;
};

// headers | Hdr{...} yields a new header set; the left side is left alone.
inline httplib::Headers operator|(httplib::Headers h, const Hdr& x) {
    h.emplace(x.k, x.v);
    return h;
}

}  // namespace route

using namespace route;

class ProjectId {
  public:
    explicit ProjectId(std::int64_t v) : v_(v) {}
    operator std::int64_t() const { return v_; }

  private:
    std::int64_t v_;
};

class DrawingAreaId {
  public:
    explicit DrawingAreaId(std::int64_t v) : v_(v) {}
    operator std::int64_t() const { return v_; }

  private:
    std::int64_t v_;
};

class DrawingId {
  public:
    explicit DrawingId(std::int64_t v) : v_(v) {}
    operator int() const { return static_cast<int>(v_); }

  private:
    std::int64_t v_;
};

struct Env {
    std::string login;
    std::string api;
};

static Env environment(const std::string& name) {
    if (name == "sandbox")
        return Env{"https://sandbox.procore.com",
                   "https://sandbox.procore.com"};
    if (name == "monthly")
        return Env{"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
    return Env{"https://login.procore.com", "https://api.procore.com"};
}

struct Session {
    Env env;
    std::string access_token;
    std::int64_t company_id = 0;

    httplib::Headers auth() const { return httplib::Headers{} | Hdr{"Authorization", "Bearer " + access_token}; }
    Hdr company() const { return Hdr{"Procore-Company-Id", std::to_string(company_id)}; }
};

static bool sign_in(Session& s, const std::string& client_id, const std::string& secret,
                    const std::string& refresh_token) {
    httplib::Client login(s.env.login);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", client_id},
                         {"client_secret", secret},
                         {"refresh_token", refresh_token}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return false;
    s.access_token = json::parse(res->body).at("access_token").get<std::string>();

    auto info = login.Get("/oauth/token/info", s.auth());
    if (info && info->status == 200)
        std::cout << "token expires in " << json::parse(info->body).value("expires_in_seconds", 0)
                  << "s\n";
    return true;
}

static std::int64_t pick_company(const Session& s, const std::string& wanted_name) {
    httplib::Client api(s.env.api);
    auto res = api.Get("/rest/v1.0/companies"_p, s.auth());
    if (!res || res->status != 200) return 0;
    for (const auto& c : json::parse(res->body))
        if (c.value("name", "") == wanted_name) return c.at("id").get<std::int64_t>();
    return 0;
}

static std::vector<DrawingAreaId> drawing_areas(const Session& s, ProjectId project) {
    httplib::Client api(s.env.api);
    const Path p = "/rest/v1.1"_p / "projects" / project / "drawing_areas";
    auto res = api.Get(p, s.auth() | s.company());
    std::vector<DrawingAreaId> out;
    if (!res || res->status != 200) return out;
    for (const auto& a : json::parse(res->body)) out.emplace_back(a.at("id").get<std::int64_t>());
    return out;
}

struct DrawingRow {
    DrawingId id;
    std::string number;
    std::string png_url;  // presigned, on storage.procore.com
};

static std::vector<DrawingRow> drawings_in_area(const Session& s, ProjectId project, DrawingAreaId area) {
    httplib::Client api(s.env.api);
    const httplib::Headers base = s.auth();
    const httplib::Headers scoped = base | s.company();
    const Path p = "/rest/v1.0"_p / "projects" / project / "drawing_areas" / area / "drawings";
    auto res = api.Get(p, base);
    std::vector<DrawingRow> out;
    if (!res || res->status != 200) {
        std::cerr << "drawings (" << scoped.size() << " headers): "
                  << (res ? res->status : -1) << "\n";
        return out;
    }
    for (const auto& d : json::parse(res->body)) {
        const auto& rev = d.at("current_revision");
        out.push_back(DrawingRow{DrawingId{d.at("id").get<std::int64_t>()}, d.value("number", ""),
                                 rev.value("png_url", "")});
    }
    return out;
}

static bool download_png(const std::string& presigned, const std::string& dest) {
    // presigned URL: https://storage.procore.com/<bucket>/...?...
    const auto scheme_end = presigned.find("://");
    const auto path_start = presigned.find('/', scheme_end + 3);
    if (scheme_end == std::string::npos || path_start == std::string::npos) return false;
    httplib::Client storage(presigned.substr(0, path_start));
    auto res = storage.Get(presigned.substr(path_start));
    if (!res || res->status != 200) return false;
    std::ofstream(dest, std::ios::binary) << res->body;
    return true;
}

static void notify_kiosk(int port, DrawingId id, const std::string& number) {
    httplib::Client kiosk("localhost", port);
    json msg = {{"drawing", static_cast<int>(id)}, {"number", number}};
    kiosk.Post("/cache/refresh", msg.dump(), "application/json");
}

static void mark_downloaded(const Session& s, ProjectId project, DrawingId id) {
    httplib::Client api(s.env.api);
    const Path p = "/rest/v1.0"_p / "projects" / project / "drawings" / id / "downloads";
    json body = {{"source", "plan-room-kiosk"}};
    api.Post(p, s.auth() | s.company(), body.dump(), "application/json");
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: drawing_kiosk <company name> <project id> [env]\n";
        return 2;
    }
    Session s;
    s.env = environment(argc > 3 ? argv[3] : "production");
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !secret || !refresh || !sign_in(s, cid, secret, refresh)) {
        std::cerr << "sign-in failed; see https://developers.procore.com/documentation/oauth-introduction\n";
        return 1;
    }
    s.company_id = pick_company(s, argv[1]);
    const ProjectId project{std::stoi(argv[2])};
    const int kiosk_port = 8085;

    int fetched = 0;
    for (const auto& area : drawing_areas(s, project)) {
        for (const auto& row : drawings_in_area(s, project, area)) {
            const std::string dest = "/var/cache/kiosk/" + row.number + ".png";
            if (!download_png(row.png_url, dest)) continue;
            notify_kiosk(kiosk_port, row.id, row.number);
            mark_downloaded(s, project, row.id);
            ++fetched;
        }
    }
    std::cout << fetched << " drawings refreshed; open https://app.procore.com/" << s.company_id
              << "/project/home to check the set\n";
    return 0;
}
