// badge_sync.cpp - pushes the people listed in each active Procore project's
// directory into the site access-control system (ACS) so the turnstiles let
// them in. Runs every morning at 05:00 from cron on the gatehouse server.
//
// Procore responses are read with the RapidJSON SAX Reader (in-situ), one
// handler per resource; cpp-httplib content receivers collect the chunks.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/reader.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

const char* kLogin = "https://login.procore.com";
const char* kApi = "https://api.procore.com";
const char* kAcsHost = "acs.gatehouse.local";
const int kAcsPort = 8443;

struct ProjectUser {
    unsigned id = 0;
    std::string name;
    std::string email;
    int64_t vendor_id = 0;
};

// Walks [{"id":..,"name":..}, ...] and remembers the id whose name matches.
struct CompanyByName : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CompanyByName> {
    std::string wanted, key;
    int64_t cur = 0, found = 0;
    bool Key(const char* s, rapidjson::SizeType n, bool) { key.assign(s, n); return true; }
    bool Int64(int64_t v) { if (key == "id") cur = v; return true; }
    bool Uint64(uint64_t v) { return Int64(static_cast<int64_t>(v)); }
    bool Int(int v) { return Int64(v); }
    bool Uint(unsigned v) { return Int64(v); }
    bool String(const char* s, rapidjson::SizeType n, bool) {
        if (key == "name" && wanted.compare(0, std::string::npos, s, n) == 0) found = cur;
        return true;
    }
};

struct ActiveProjects : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ActiveProjects> {
    std::vector<int64_t> ids;
    std::string key;
    int depth = 0;
    bool StartObject() { ++depth; return true; }
    bool EndObject(rapidjson::SizeType) { --depth; return true; }
    bool Key(const char* s, rapidjson::SizeType n, bool) { key.assign(s, n); return true; }
    bool Int64(int64_t v) { if (depth == 1 && key == "id") ids.push_back(v); return true; }
    bool Uint64(uint64_t v) { return Int64(static_cast<int64_t>(v)); }
    bool Int(int v) { return Int64(v); }
    bool Uint(unsigned v) { return Int64(v); }
};

struct UserHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, UserHandler> {
    std::vector<ProjectUser> users;
    ProjectUser cur;
    std::string key, parent;
    int depth = 0;
    bool StartObject() {
        if (++depth == 1) cur = ProjectUser{};
        else if (depth == 2) parent = key;
        return true;
    }
    bool EndObject(rapidjson::SizeType) {
        if (depth == 1) users.push_back(cur);
        else if (depth == 2) parent.clear();
        --depth;
        return true;
    }
    bool Key(const char* s, rapidjson::SizeType n, bool) { key.assign(s, n); return true; }
    bool Uint(unsigned v) {
        if (depth == 1 && key == "id") cur.id = v;
        else if (depth == 2 && parent == "vendor" && key == "id") cur.vendor_id = v;
        return true;
    }
    bool Uint64(uint64_t v) {
        if (depth == 2 && parent == "vendor" && key == "id") cur.vendor_id = static_cast<int64_t>(v);
        return true;
    }
    bool String(const char* s, rapidjson::SizeType n, bool) {
        if (depth != 1) return true;
        if (key == "name") cur.name.assign(s, n);
        else if (key == "email_address") cur.email.assign(s, n);
        return true;
    }
};

template <typename Handler>
bool parse_body(std::string& body, Handler& h) {
    rapidjson::InsituStringStream ss(&body[0]);
    rapidjson::Reader reader;
    return !reader.Parse<rapidjson::kParseInsituFlag>(ss, h).IsError();
}

template <typename Handler>
int procore_get(httplib::Client& api, const std::string& path, const httplib::Headers& hdrs,
                Handler& h) {
    std::string body;
    auto res = api.Get(path, hdrs, [&](const char* data, size_t len) {
        body.append(data, len);
        return true;
    });
    if (!res) return -1;
    if (res->status == 200 && !parse_body(body, h)) return -2;
    return res->status;
}

std::string access_token() {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !sec || !rt) return {};
    httplib::Client login(kLogin);
    auto res = login.Post("/oauth/token", httplib::Params{{"grant_type", "refresh_token"},
                                                          {"client_id", cid},
                                                          {"client_secret", sec},
                                                          {"refresh_token", rt}});
    if (!res || res->status != 200) return {};
    std::string body = res->body;
    auto pos = body.find("\"access_token\":\"");
    if (pos == std::string::npos) return {};
    pos += 16;
    return body.substr(pos, body.find('"', pos) - pos);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string company_name = argc > 1 ? argv[1] : "Halvorsen Builders";
    std::string token = access_token();
    if (token.empty()) { fprintf(stderr, "no Procore token\n"); return 1; }

    httplib::Client api(kApi);
    httplib::Headers auth{{"Authorization", "Bearer " + token}};

    CompanyByName company;
    company.wanted = company_name;
    if (procore_get(api, "/rest/v1.0/companies", auth, company) != 200 || company.found == 0) {
        fprintf(stderr, "company '%s' not visible to this login\n", company_name.c_str());
        return 1;
    }
    httplib::Headers scoped = auth;
    scoped.emplace("Procore-Company-Id", std::to_string(company.found));

    ActiveProjects projects;
    int st = procore_get(api, "/rest/v1.0/projects?company_id=" + std::to_string(company.found) +
                                  "&filters[active]=true&per_page=300", scoped, projects);
    if (st != 200) { fprintf(stderr, "projects: HTTP %d\n", st); return 1; }

    httplib::Client acs(kAcsHost, kAcsPort);
    acs.set_bearer_token_auth(std::getenv("ACS_TOKEN") ? std::getenv("ACS_TOKEN") : "");
    int pushed = 0;
    for (int64_t project_id : projects.ids) {
        UserHandler users;
        st = procore_get(api, "/rest/v1.0/projects/" + std::to_string(project_id) + "/users?per_page=500",
                         scoped, users);
        if (st != 200) { fprintf(stderr, "project %ld users: HTTP %d\n", project_id, st); continue; }
        for (const ProjectUser& u : users.users) {
            if (u.email.empty()) continue;
            int badge_group = 40;  // ACS door group "site workers"
            std::string payload = "{\"external_ref\":\"procore:" + std::to_string(u.id) +
                                  "\",\"email\":\"" + u.email + "\",\"name\":\"" + u.name +
                                  "\",\"group\":" + std::to_string(badge_group) + "}";
            auto r = acs.Put("/api/people/by-email", payload, "application/json");
            if (r && r->status < 300) ++pushed;
        }
        printf("project https://app.procore.com/%" PRId64 "/project/home: %zu people\n",
               project_id, users.users.size());
    }
    printf("%d people synced to ACS\n", pushed);
    return 0;
}
