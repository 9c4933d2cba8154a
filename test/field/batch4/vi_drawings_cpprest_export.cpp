// drawings-export: service-account job (client credentials, DMSA) that copies
// the current drawing revisions of every project into the document management
// system. Backends are injected; MockBackend is for the gtest suite only.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

struct Request {
    method verb = methods::GET;
    std::string path;
    std::map<std::string, std::string> headers;
    json::value body;
};

class HttpBackend {
public:
    virtual ~HttpBackend() = default;
    virtual json::value send(const Request& r) = 0;
};

// Adds the bearer token and, when constructed with one, the company header.
class CppRestBackend : public HttpBackend {
public:
    CppRestBackend(std::string baseUri, std::string token, std::optional<std::int64_t> companyId)
        : client_(U(baseUri)), token_(std::move(token)), companyId_(companyId) {}

    json::value send(const Request& r) override {
        http_request req(r.verb);
        req.set_request_uri(U(r.path));
        if (!token_.empty()) req.headers().add(U("Authorization"), U("Bearer " + token_));
        if (companyId_) req.headers().add(U("Procore-Company-Id"), std::to_string(*companyId_));
        for (const auto& [name, value] : r.headers) req.headers().add(name, value);
        if (!r.body.is_null()) req.set_body(r.body);
        http_response resp = client_.request(req).get();
        if (resp.status_code() >= 400)
            throw std::runtime_error("HTTP " + std::to_string(resp.status_code()) + " for " + r.path);
        return resp.extract_json(true).get();
    }

private:
    http_client client_;
    std::string token_;
    std::optional<std::int64_t> companyId_;
};

class LoggingClient : public HttpBackend {
public:
    LoggingClient(std::shared_ptr<HttpBackend> inner, std::string tag)
        : inner_(std::move(inner)), tag_(std::move(tag)) {}
    json::value send(const Request& r) override {
        std::clog << '[' << tag_ << "] " << r.verb << ' ' << r.path << std::endl;
        return inner_->send(r);
    }

private:
    std::shared_ptr<HttpBackend> inner_;
    std::string tag_;
};

class MockBackend : public HttpBackend {
public:
    std::map<std::string, json::value> replies;
    json::value send(const Request& r) override {
        auto it = replies.find(r.path);
        return it == replies.end() ? json::value::array() : it->second;
    }
};

enum class Environment { Production, Sandbox, MonthlySandbox };

struct Hosts {
    std::string login;
    std::string api;
};

Hosts hostsFor(Environment env) {
    Hosts h;
    switch (env) {
    case Environment::Production:
        h.login = "https://api.procore.com";
        h.api = "https://api.procore.com";
        break;
    case Environment::Sandbox:
        h.login = "https://login-sandbox.procore.com";
        h.api = "https://sandbox.procore.com";
        break;
    case Environment::MonthlySandbox:
        h.login = "https://login-sandbox-monthly.procore.com";
        h.api = "https://api-monthly.procore.com";
        break;
    }
    return h;
}

struct DrawingArea {
    std::int64_t id = 0;
    std::string name;
};

struct DrawingRevision {
    std::int64_t id = 0;
    std::int32_t drawing_id = 0;
    std::string number;
    std::string revision_number;
    std::string pdf_url;  // presigned storage.procore.com link
};

class DrawingRepository {
public:
    explicit DrawingRepository(std::shared_ptr<HttpBackend> http) : http_(std::move(http)) {}

    std::vector<DrawingArea> areas(std::int64_t projectId) {
        Request r;
        r.path = "/rest/v1.0/projects/" + std::to_string(projectId) + "/drawing_areas";
        std::vector<DrawingArea> out;
        for (const auto& a : http_->send(r).as_array())
            out.push_back({a.at(U("id")).as_integer(), a.at(U("name")).as_string()});
        return out;
    }

    std::vector<DrawingRevision> currentRevisions(std::int64_t projectId, std::int64_t areaId) {
        Request r;
        r.path = "/rest/v1.0/projects/" + std::to_string(projectId) +
                 "/drawing_revisions?filters[drawing_area_id]=" + std::to_string(areaId) +
                 "&filters[current]=true";
        std::vector<DrawingRevision> out;
        for (const auto& v : http_->send(r).as_array()) {
            DrawingRevision rev;
            rev.id = v.at(U("id")).as_number().to_int64();
            rev.drawing_id = v.at(U("drawing_id")).as_number().to_int64();
            rev.number = v.at(U("number")).as_string();
            rev.revision_number = v.at(U("revision_number")).as_string();
            rev.pdf_url = v.has_field(U("pdf_url")) ? v.at(U("pdf_url")).as_string() : "";
            out.push_back(rev);
        }
        return out;
    }

private:
    std::shared_ptr<HttpBackend> http_;
};

std::string clientCredentialsToken(const Hosts& hosts, const std::string& id, const std::string& secret) {
    CppRestBackend oauth(hosts.login, "", std::nullopt);
    Request r;
    r.verb = methods::POST;
    r.path = "/oauth/token";
    r.body[U("grant_type")] = json::value::string(U("client_credentials"));
    r.body[U("client_id")] = json::value::string(id);
    r.body[U("client_secret")] = json::value::string(secret);
    return oauth.send(r).at(U("access_token")).as_string();
}

int main() {
    const char* envName = std::getenv("PROCORE_ENV");
    const Environment env = !envName                            ? Environment::Production
                            : std::string(envName) == "sandbox" ? Environment::Sandbox
                            : std::string(envName) == "monthly" ? Environment::MonthlySandbox
                                                                : Environment::Production;
    const Hosts hosts = hostsFor(env);
    const std::string token = clientCredentialsToken(hosts, std::getenv("DMSA_CLIENT_ID"),
                                                     std::getenv("DMSA_CLIENT_SECRET"));

    // Company is not known yet, so discovery runs without a company header.
    auto discovery = std::make_shared<LoggingClient>(
        std::make_shared<CppRestBackend>(hosts.api, token, std::nullopt), "discovery");
    Request me;
    me.path = "/rest/v1.0/me";
    std::cout << "service account: " << discovery->send(me).at(U("login")).as_string() << '\n';

    Request companies;
    companies.path = "/rest/v1.0/companies";
    const json::value companyList = discovery->send(companies);
    const std::int64_t companyId = companyList.as_array().at(0).at(U("id")).as_number().to_int64();

    Request projects;
    projects.path = "/rest/v1.0/projects?company_id=" + std::to_string(companyId) + "&per_page=300";
    const json::value projectList = discovery->send(projects);

    auto api = std::make_shared<LoggingClient>(
        std::make_shared<CppRestBackend>(hosts.api, token, companyId), "api");
    DrawingRepository drawings(api);
    CppRestBackend dms("https://dms.internal.acme-build.com", std::getenv("DMS_TOKEN"), std::nullopt);

    std::map<int, std::string> areaNames;
    int exported = 0;
    for (const auto& p : projectList.as_array()) {
        const std::int64_t projectId = p.at(U("id")).as_number().to_int64();
        for (const auto& area : drawings.areas(projectId)) {
            areaNames[area.id] = area.name;
            for (const auto& rev : drawings.currentRevisions(projectId, area.id)) {
                Request doc;
                doc.verb = methods::POST;
                doc.path = "/api/documents";
                doc.body[U("source_url")] = json::value::string(rev.pdf_url);
                doc.body[U("title")] = json::value::string(rev.number + " rev " + rev.revision_number);
                doc.body[U("external_ref")] = json::value::number(rev.id);
                dms.send(doc);
                ++exported;
            }
        }
    }
    std::cout << exported << " revisions exported across " << areaNames.size() << " drawing areas\n";
    return 0;
}
