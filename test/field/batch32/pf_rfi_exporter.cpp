// rfi-export: CLI that dumps a project's RFIs (and optionally one RFI's
// replies) to CSV for the weekly owner meeting. Runs against the developer
// sandbox until the integration is approved for production.
//
//   rfi-export <company_id> <project_id> [rfi_id]
//
// Auth: refresh token kept in ~/.config/rfi-export/token (written by `rfi-export login`).
#include <cpprest/http_client.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::status_codes;

#define LOG_ERR(msg) (std::cerr << "rfi-export: error: " << msg << std::endl)
#define LOG_DBG(msg) do { if (std::getenv("RFI_EXPORT_DEBUG")) std::cerr << "rfi-export: " << msg << std::endl; } while (0)

struct SandboxRegion {
    static utility::string_t login_host() { return U("https://sandbox.procore.com"); }
    static utility::string_t api_host() { return U("https://sandbox.procore.com"); }
    static std::string web_host() { return "https://sandbox.procore.com"; }
};

struct TokenAuth {
    std::string token;
    void apply(http_request& r) const { r.headers().add(U("Authorization"), U("Bearer ") + token); }
};

struct BlockingTransport {
    static http_response send(const utility::string_t& host, const http_request& req) {
        web::http::client::http_client c(host);
        return c.request(req).get();
    }
};

template <class Transport, class AuthPolicy, class RegionPolicy>
class ProcoreClient {
public:
    explicit ProcoreClient(AuthPolicy a) : auth_(std::move(a)) {}

    // company_id is optional only for the few endpoints that are not company scoped.
    rapidjson::Document get(const std::string& path, std::optional<std::int64_t> company_id) {
        http_request req(methods::GET);
        req.set_request_uri(path);
        auth_.apply(req);
        if (company_id) req.headers().add(U("Procore-Company-Id"), std::to_string(*company_id));
        LOG_DBG("GET " << path);
        http_response resp = Transport::send(RegionPolicy::api_host(), req);
        rapidjson::Document doc;
        if (resp.status_code() != status_codes::OK) {
            LOG_ERR("GET " << path << " -> HTTP " << resp.status_code());
            doc.SetNull();
            return doc;
        }
        doc.Parse(resp.extract_string().get().c_str());
        return doc;
    }

    static std::string exchange_refresh_token(const std::string& client_id, const std::string& refresh) {
        http_request req(methods::POST);
        req.set_request_uri(U("/oauth/token"));
        req.set_body("grant_type=refresh_token&client_id=" + client_id + "&refresh_token=" + refresh,
                     "application/x-www-form-urlencoded");
        http_response resp = Transport::send(RegionPolicy::login_host(), req);
        if (resp.status_code() != status_codes::OK) {
            LOG_ERR("token refresh -> HTTP " << resp.status_code());
            return {};
        }
        rapidjson::Document doc;
        doc.Parse(resp.extract_string().get().c_str());
        return doc.HasMember("access_token") ? doc["access_token"].GetString() : std::string{};
    }

private:
    AuthPolicy auth_;
};

using SandboxClient = ProcoreClient<BlockingTransport, TokenAuth, SandboxRegion>;

// ---- resource traits -------------------------------------------------------
struct ProjectTraits {
    using id_type = std::int64_t;
    static constexpr const char* path_template = "/rest/v1.0/projects/{id}";
};

struct RfiTraits {
    using id_type = int;
    static constexpr const char* path_template = "/rest/v1.0/projects/{project_id}/rfis";
};

template <class Derived>
struct ResourceApi {
    explicit ResourceApi(SandboxClient& c, std::int64_t company) : client(c), company_id(company) {}
    rapidjson::Document list() { return client.get(static_cast<Derived*>(this)->path(), company_id); }
    SandboxClient& client;
    std::int64_t company_id;
};

struct RfiApi : ResourceApi<RfiApi> {
    RfiApi(SandboxClient& c, std::int64_t company, std::int64_t project)
        : ResourceApi(c, company), project_id(project) {}
    std::string path() const { return "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis"; }

    rapidjson::Document replies(RfiTraits::id_type rfi_id) {
        return client.get("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                              std::to_string(rfi_id) + "/replies",
                          std::nullopt);
    }
    std::int64_t project_id;
};

static std::string csv_escape(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) out += (ch == '"') ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

static std::string load_refresh_token() {
    const char* home = std::getenv("HOME");
    std::ifstream in(std::string(home ? home : ".") + "/.config/rfi-export/token");
    std::string tok;
    std::getline(in, tok);
    return tok;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: rfi-export <company_id> <project_id> [rfi_id]\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const ProjectTraits::id_type project_id = std::stoll(argv[2]);

    const char* client_id = std::getenv("RFI_EXPORT_CLIENT_ID");
    if (!client_id) {
        LOG_ERR("RFI_EXPORT_CLIENT_ID not set");
        return 2;
    }
    std::string access = SandboxClient::exchange_refresh_token(client_id, load_refresh_token());
    if (access.empty()) return 1;
    SandboxClient client(TokenAuth{access});

    rapidjson::Document me = client.get("/rest/v1.0/me", std::nullopt);
    if (me.IsObject() && me.HasMember("login")) LOG_DBG("logged in as " << me["login"].GetString());

    rapidjson::Document project = client.get("/rest/v1.0/projects/" + std::to_string(project_id) +
                                                 "?company_id=" + std::to_string(company_id),
                                             std::nullopt);
    if (project.IsObject()) std::cout << "# " << project["name"].GetString() << "\n";

    RfiApi rfis(client, company_id, project_id);
    if (argc > 3) {
        RfiTraits::id_type rfi_id = std::stoi(argv[3]);
        rapidjson::Document reps = rfis.replies(rfi_id);
        if (!reps.IsArray()) return 1;
        std::cout << "reply_id,created_by,body\n";
        for (const auto& r : reps.GetArray()) {
            std::cout << r["id"].GetInt64() << ',' << csv_escape(r["created_by"]["name"].GetString()) << ','
                      << csv_escape(r["plain_text_body"].GetString()) << '\n';
        }
        return 0;
    }

    rapidjson::Document list = rfis.list();
    if (!list.IsArray()) return 1;
    int exported = 0;
    std::cout << "id,number,subject,status,link\n";
    for (const auto& r : list.GetArray()) {
        const std::int64_t id = r["id"].GetInt64();
        std::string link = SandboxRegion::web_host() + "/" + std::to_string(project_id) +
                           "/project/rfi/show/" + std::to_string(id);
        std::cout << id << ',' << csv_escape(r["number"].GetString()) << ','
                  << csv_escape(r["subject"].GetString()) << ',' << r["status"].GetString() << ','
                  << link << '\n';
        ++exported;
    }
    std::fprintf(stderr, "rfi-export: %d RFIs exported\n", exported);
    return 0;
}
