// RFI side panel for the estimating desktop app (Windows + Linux builds).
// Loads the RFIs of the project that is open in the host app, lets the
// estimator answer one, and links back to Procore in the browser.
// Talks to the developer sandbox until the app is approved for production.
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace procore { namespace api { namespace v1 {

typedef std::int64_t CompanyId;
typedef std::int64_t ProjectId;
typedef long RfiId;

struct Endpoints {
    static const utility::string_t login;
    static const utility::string_t api;
    static const utility::string_t token_info;
    static const utility::string_t rest;
};

const utility::string_t Endpoints::login = U("https://login-sandbox.procore.com");
const utility::string_t Endpoints::api = U("https://sandbox.procore.com");
const utility::string_t Endpoints::token_info = U("https://sandbox.procore.com");
const utility::string_t Endpoints::rest = U("/rest/v1.0");

struct Session {
    utility::string_t access_token;
    CompanyId company = 0;
};

struct Rfi {
    RfiId id = 0;
    ProjectId project_id = 0;
    std::int64_t assignee_id = 0;
    utility::string_t subject;
    utility::string_t status;
    int number = 0;
};

// Found by ADL through Rfi.
void from_json(const json::value& v, Rfi& r) {
    r.id = v.at(U("id")).as_integer();
    r.subject = v.at(U("subject")).as_string();
    r.status = v.has_field(U("status")) ? v.at(U("status")).as_string() : U("");
    r.number = v.has_field(U("number")) && v.at(U("number")).is_integer()
                   ? v.at(U("number")).as_integer()
                   : 0;
    if (v.has_field(U("assignee")) && !v.at(U("assignee")).is_null())
        r.assignee_id = v.at(U("assignee")).at(U("id")).as_number().to_int64();
}

std::ostream& operator<<(std::ostream& os, const Rfi& r) {
    return os << "RFI " << r.number << " (id " << r.id << ") "
              << utility::conversions::to_utf8string(r.subject);
}

void add_headers(http_request& req, const Session& s) {
    req.headers().add(header_names::authorization, U("Bearer ") + s.access_token);
    req.headers().add(U("Procore-Company-Id"), s.company);
}

}}}  // namespace procore::api::v1

namespace pv1 = procore::api::v1;

namespace {

using pv1::Endpoints;

http_client make_client(const utility::string_t& base) {
    http_client_config cfg;
    cfg.set_timeout(std::chrono::seconds(20));
    return http_client(base, cfg);
}

bool token_still_valid(const pv1::Session& s) {
    auto client = make_client(Endpoints::token_info);
    http_request req(methods::GET);
    req.set_request_uri(U("/oauth/token/info"));
    req.headers().add(header_names::authorization, U("Bearer ") + s.access_token);
    auto resp = client.request(req).get();
    return resp.status_code() == status_codes::OK;
}

pv1::Session exchange_code(const utility::string_t& code, const utility::string_t& client_id,
                           const utility::string_t& secret, pv1::CompanyId company) {
    auto client = make_client(Endpoints::login);
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    json::value body;
    body[U("grant_type")] = json::value::string(U("authorization_code"));
    body[U("code")] = json::value::string(code);
    body[U("client_id")] = json::value::string(client_id);
    body[U("client_secret")] = json::value::string(secret);
    body[U("redirect_uri")] = json::value::string(U("urn:ietf:wg:oauth:2.0:oob"));
    req.set_body(body);
    auto resp = client.request(req).get();
    pv1::Session s;
    s.company = company;
    s.access_token = resp.extract_json().get().at(U("access_token")).as_string();
    return s;
}

std::vector<pv1::Rfi> load_rfis(const pv1::Session& s, pv1::ProjectId project) {
    auto client = make_client(Endpoints::api);
    uri_builder path(Endpoints::rest);
    path.append_path(U("projects"));
    path.append_path(utility::conversions::to_string_t(std::to_string(project)));
    path.append_path(U("rfis"));
    path.append_query(U("per_page"), 200);

    http_request req(methods::GET);
    req.set_request_uri(path.to_uri());
    add_headers(req, s);
    auto resp = client.request(req).get();

    std::vector<pv1::Rfi> out;
    if (resp.status_code() != status_codes::OK) return out;
    for (const auto& item : resp.extract_json().get().as_array()) {
        pv1::Rfi r;
        from_json(item, r);
        r.project_id = project;
        out.push_back(r);
    }
    return out;
}

bool post_reply(const pv1::Session& s, pv1::ProjectId project, pv1::RfiId rfi,
                const utility::string_t& text) {
    auto client = make_client(Endpoints::api);
    utility::ostringstream_t path;
    path << Endpoints::rest << U("/projects/") << project << U("/rfis/") << rfi
         << U("/replies");
    json::value reply;
    reply[U("reply")][U("body")] = json::value::string(text);

    http_request req(methods::POST);
    req.set_request_uri(path.str());
    req.headers().add(header_names::authorization, U("Bearer ") + s.access_token);
    req.headers().add(U("Company-Id"), s.company);
    req.set_body(reply);
    return client.request(req).get().status_code() == status_codes::Created;
}

std::map<pv1::CompanyId, utility::string_t> my_companies(const pv1::Session& s) {
    auto client = make_client(Endpoints::api);
    http_request req(methods::GET);
    req.set_request_uri(Endpoints::rest + U("/companies"));
    req.headers().add(header_names::authorization, U("Bearer ") + s.access_token);
    std::map<pv1::CompanyId, utility::string_t> out;
    auto resp = client.request(req).get();
    if (resp.status_code() != status_codes::OK) return out;
    for (const auto& c : resp.extract_json().get().as_array())
        out[c.at(U("id")).as_number().to_int64()] = c.at(U("name")).as_string();
    return out;
}

utility::string_t browser_link(pv1::CompanyId company, pv1::ProjectId project, pv1::RfiId rfi) {
    utility::ostringstream_t url;
    url << U("https://app.procore.com/") << company << U("/project/rfi/show/") << rfi
        << U("?project_id=") << project;
    return url.str();
}

}  // namespace

// Entry points the host application calls through its plugin ABI.
extern "C" int rfi_panel_open(const char* code, const char* client_id, const char* secret,
                              long long company, long long project) {
    using utility::conversions::to_string_t;
    auto session = exchange_code(to_string_t(code), to_string_t(client_id),
                                 to_string_t(secret), company);
    if (!token_still_valid(session)) return -1;

    auto companies = my_companies(session);
    if (companies.find(company) == companies.end()) {
        std::cerr << "token has no access to company " << company << "\n";
        return -2;
    }

    int shown = 0;
    for (const auto& rfi : load_rfis(session, project)) {
        std::cout << rfi << "  "
                  << utility::conversions::to_utf8string(browser_link(company, project, rfi.id))
                  << "\n";
        ++shown;
    }
    return shown;
}

extern "C" int rfi_panel_reply(const char* code, const char* client_id, const char* secret,
                               long long company, long long project, long long rfi,
                               const char* text) {
    using utility::conversions::to_string_t;
    auto session = exchange_code(to_string_t(code), to_string_t(client_id),
                                 to_string_t(secret), company);
    return post_reply(session, project, static_cast<pv1::RfiId>(rfi), to_string_t(text)) ? 0 : 1;
}
