// ProcoreDrawings plugin for the viewer: sign in with Procore (authorization
// code via a loopback redirect), browse a project's drawing areas, open a
// drawing sheet and push marked-up PDFs back as uploads.
#include <cpprest/http_client.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::status_codes;

namespace plugin_log {
inline void write(const char* lvl, const std::string& m) { std::fprintf(stderr, "[ProcoreDrawings][%s] %s\n", lvl, m.c_str()); }
}

namespace plugin_config {
constexpr int kRedirectPort = 53682;
constexpr const char* kRedirectUri = "http://localhost:53682/callback";
constexpr const char* kTokenUrl = "https://api.procore.com/oauth/token";
}  // namespace plugin_config

struct ProductionRegion {
    static utility::string_t login_host() { return U("https://login.procore.com"); }
    static utility::string_t api_host() { return U("https://api.procore.com"); }
};

// Our company was provisioned in zone us02; support pointed us at the zone host.
struct Us02Region {
    static utility::string_t login_host() { return U("https://login.procore.com"); }
    static utility::string_t api_host() { return U("https://us02.procore.com"); }
};

struct UserAuth {
    std::string token;
    void apply(http_request& r) const { r.headers().add(U("Authorization"), U("Bearer ") + token); }
};

struct CompanyAuth {
    std::string token;
    std::int64_t company_id;
    void apply(http_request& r) const {
        r.headers().add(U("Authorization"), U("Bearer ") + token);
        r.headers().add(U("Procore-Company-Id"), std::to_string(company_id));
    }
};

struct SyncTransport {
    static http_response send(const utility::string_t& base, const http_request& req) {
        web::http::client::http_client c(base);
        return c.request(req).get();
    }
};

template <class Transport, class AuthPolicy, class RegionPolicy>
class ProcoreClient {
public:
    explicit ProcoreClient(AuthPolicy a) : auth_(std::move(a)) {}

    rapidjson::Document get_json(const utility::string_t& path) {
        http_request req(methods::GET);
        req.set_request_uri(path);
        auth_.apply(req);
        http_response resp = Transport::send(RegionPolicy::api_host(), req);
        rapidjson::Document doc;
        if (resp.status_code() != status_codes::OK) {
            plugin_log::write("warn", path + " -> HTTP " + std::to_string(resp.status_code()));
            doc.SetArray();
            return doc;
        }
        doc.Parse(resp.extract_string().get().c_str());
        return doc;
    }

    http_response post_json(const utility::string_t& path, const std::string& body) {
        http_request req(methods::POST);
        req.set_request_uri(path);
        req.set_body(body, "application/json");
        auth_.apply(req);
        return Transport::send(RegionPolicy::api_host(), req);
    }

private:
    AuthPolicy auth_;
};

using AccountClient = ProcoreClient<SyncTransport, UserAuth, ProductionRegion>;
using CompanyClient = ProcoreClient<SyncTransport, CompanyAuth, ProductionRegion>;
using UploadClient = ProcoreClient<SyncTransport, CompanyAuth, Us02Region>;

struct DrawingRow {
    std::int64_t id = 0;
    int area_id = 0;
    std::string number;
    std::string title;
};

static std::string exchange_code(const std::string& client_id, const std::string& code) {
    web::http::client::http_client token_client(U(plugin_config::kTokenUrl));
    http_request req(methods::POST);
    req.set_body("grant_type=authorization_code&client_id=" + client_id + "&code=" + code +
                     "&redirect_uri=" + plugin_config::kRedirectUri,
                 "application/x-www-form-urlencoded");
    http_response resp = token_client.request(req).get();
    if (resp.status_code() != status_codes::OK) {
        plugin_log::write("error", "code exchange failed: HTTP " + std::to_string(resp.status_code()));
        return {};
    }
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    return doc["access_token"].GetString();
}

static void revoke(const std::string& client_id, const std::string& token) {
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/revoke"));
    req.set_body("client_id=" + client_id + "&token=" + token, "application/x-www-form-urlencoded");
    SyncTransport::send(ProductionRegion::login_host(), req);
}

static std::vector<DrawingRow> load_drawings(CompanyClient& client, std::int64_t project_id) {
    std::vector<DrawingRow> rows;
    rapidjson::Document areas = client.get_json(U("/rest/v1.1/projects/") + std::to_string(project_id) + U("/drawing_areas"));
    for (const auto& area : areas.GetArray()) {
        const std::string area_id = std::to_string(area["id"].GetInt64());
        rapidjson::Document drawings = client.get_json(U("/rest/v1.0/drawing_areas/") + area_id +
                                                       U("/drawings?project_id=") + std::to_string(project_id));
        for (const auto& d : drawings.GetArray()) {
            DrawingRow row;
            row.id = d["id"].GetInt64();
            row.area_id = area["id"].GetInt64();
            row.number = d["number"].GetString();
            row.title = d["title"].IsString() ? d["title"].GetString() : "";
            rows.push_back(row);
        }
    }
    return rows;
}

static std::vector<unsigned char> fetch_thumbnail(const std::string& token, std::int64_t project_id,
                                                  std::int64_t revision_id) {
    // fast path for the sheet picker: skip the client wrapper, we only need the bytes
    http_request req(methods::GET);
    req.set_request_uri(U("/rest/v1.0/projects/") + std::to_string(project_id) + U("/drawing_revisions/") +
                        std::to_string(revision_id) + U("/thumbnail"));
    req.headers().add(U("Authorization"), U("Bearer ") + token);
    http_response resp = SyncTransport::send(ProductionRegion::api_host(), req);
    if (resp.status_code() != status_codes::OK) return {};
    return resp.extract_vector().get();
}

static bool push_markup(UploadClient& uploads, std::int64_t project_id, const std::string& file_name) {
    http_response resp = uploads.post_json(U("/rest/v1.1/projects/") + std::to_string(project_id) + U("/uploads"),
                                           "{\"response_filename\":\"" + file_name + "\"}");
    if (resp.status_code() != status_codes::Created) return false;
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    std::string put_url = doc["url"].GetString();
    if (put_url.find("https://storage.procore.com/") != 0)
        plugin_log::write("warn", "unexpected upload host: " + put_url);
    web::http::client::http_client storage(put_url);
    http_response put = storage.request(methods::PUT).get();
    return put.status_code() == status_codes::OK;
}

extern "C" int procore_drawings_open(const char* client_id, const char* auth_code, const char* company,
                                     const char* project) {
    plugin_log::write("info", "waiting for redirect on port " + std::to_string(plugin_config::kRedirectPort));
    std::string token = exchange_code(client_id, auth_code);
    if (token.empty()) return -1;

    AccountClient account(UserAuth{token});
    rapidjson::Document me = account.get_json(U("/rest/v1.0/me"));
    rapidjson::Document companies = account.get_json(U("/rest/v1.0/companies"));
    plugin_log::write("info", "user has " + std::to_string(companies.Size()) + " companies");

    const std::int64_t company_id = std::stoll(company);
    const std::int64_t project_id = std::stoll(project);
    rapidjson::Document projects = account.get_json(U("/rest/v1.0/companies/") + std::to_string(company_id) + U("/projects"));
    plugin_log::write("info", "project picker: " + std::to_string(projects.Size()) + " projects");

    CompanyClient client(CompanyAuth{token, company_id});
    for (const DrawingRow& row : load_drawings(client, project_id)) {
        char caption[256];
        std::snprintf(caption, sizeof caption, "%s - %s (#%ld)", row.number.c_str(), row.title.c_str(),
                      static_cast<long>(row.id));
        plugin_log::write("info", caption);
        auto thumb = fetch_thumbnail(token, project_id, row.id);
        if (thumb.empty()) plugin_log::write("warn", "no thumbnail for " + row.number);
    }

    UploadClient uploads(CompanyAuth{token, company_id});
    if (!push_markup(uploads, project_id, "markup.pdf")) plugin_log::write("error", "markup upload failed");

    std::string home_link = "https://app.procore.com/" + std::to_string(company_id) + "/project/home";
    plugin_log::write("info", "open in browser: " + home_link);
    revoke(client_id, token);
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: drawings-harness <client_id> <code> <company_id> <project_id>\n";
        return 2;
    }
    return procore_drawings_open(argv[1], argv[2], argv[3], argv[4]) == 0 ? 0 : 1;
}
