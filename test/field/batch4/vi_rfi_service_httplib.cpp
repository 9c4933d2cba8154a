// rfi-tool: small CLI the field engineers use to list, answer and close RFIs
// from a terminal. Transport is abstract so CI can run with RecordingTransport.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rfitool {

struct Request {
    std::string method;  // GET, POST, PATCH
    std::string host;    // scheme + host
    std::string path;
    httplib::Headers headers;
    std::string body;
};

struct Response {
    int status = 0;
    std::string body;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual Response send(const Request& req) = 0;
};

class HttplibTransport : public Transport {
public:
    Response send(const Request& req) override {
        httplib::Client cli(req.host);
        cli.set_connection_timeout(10);
        auto res = [&]() -> httplib::Result {
            if (req.method == "GET") return cli.Get(req.path.c_str(), req.headers);
            if (req.method == "POST")
                return cli.Post(req.path.c_str(), req.headers, req.body, "application/json");
            if (req.method == "PATCH")
                return cli.Patch(req.path.c_str(), req.headers, req.body, "application/json");
            throw std::invalid_argument("unsupported method " + req.method);
        }();
        if (!res) throw std::runtime_error("transport error: " + httplib::to_string(res.error()));
        return {res->status, res->body};
    }
};

// Decorator: logs every call, never the token.
class LoggingClient : public Transport {
public:
    explicit LoggingClient(std::unique_ptr<Transport> inner) : inner_(std::move(inner)) {}
    Response send(const Request& req) override {
        Response r = inner_->send(req);
        std::clog << "[http] " << req.method << ' ' << req.host << req.path << " -> " << r.status << '\n';
        return r;
    }

private:
    std::unique_ptr<Transport> inner_;
};

// Used only by the CI suite; never talks to a server.
class RecordingTransport : public Transport {
public:
    std::vector<Request> calls;
    Response send(const Request& req) override {
        calls.push_back(req);
        return {200, "[]"};
    }
};

enum class Environment { Production, Sandbox, MonthlySandbox };

struct EnvironmentConfig {
    const char* loginHost;
    const char* apiHost;
};

EnvironmentConfig configFor(Environment env) {
    switch (env) {
    case Environment::Production:
        return {"https://login.procore.com", "https://api.procore.com"};
    case Environment::Sandbox:
        return {"https://sandbox.procore.com", "https://sandbox.procore.com"};
    case Environment::MonthlySandbox:
        return {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
    }
    return {"", ""};
}

class ProcoreServiceBase {
public:
    virtual ~ProcoreServiceBase() = default;

protected:
    ProcoreServiceBase(Transport& transport, std::string apiHost, std::string token,
                       std::int64_t companyId)
        : transport_(transport), apiHost_(std::move(apiHost)), token_(std::move(token)),
          companyId_(companyId) {}

    Request authorizedRequest(const std::string& path) const {
        Request req;
        req.method = "GET";
        req.host = apiHost_;
        req.path = path;
        req.headers.emplace("Authorization", "Bearer " + token_);
        req.headers.emplace("Procore-Company-Id", std::to_string(companyId_));
        return req;
    }

    Transport& transport_;
    std::string apiHost_;
    std::string token_;
    std::int64_t companyId_;
};

struct Rfi {
    std::int64_t id = 0;
    std::int64_t created_by_id = 0;
    std::int32_t responsible_contractor_id = 0;
    std::string number;
    std::string subject;
    std::string status;
};

Rfi rfiFromJson(const rapidjson::Value& v) {
    Rfi r;
    r.id = v["id"].GetInt64();
    if (v.HasMember("created_by") && v["created_by"].IsObject())
        r.created_by_id = v["created_by"]["id"].GetInt();
    if (v.HasMember("responsible_contractor") && v["responsible_contractor"].IsObject())
        r.responsible_contractor_id = v["responsible_contractor"]["id"].GetInt64();
    r.number = v.HasMember("number") && v["number"].IsString() ? v["number"].GetString() : "";
    r.subject = v["subject"].GetString();
    r.status = v["status"].GetString();
    return r;
}

class RfiService : public ProcoreServiceBase {
public:
    RfiService(Transport& t, std::string apiHost, std::string token, std::int64_t companyId)
        : ProcoreServiceBase(t, std::move(apiHost), std::move(token), companyId) {}

    std::vector<Rfi> listOpen(std::int64_t projectId, int page) {
        Request req = authorizedRequest("/rest/v1.0/projects/" + std::to_string(projectId) +
                                        "/rfis?filters[status]=open&page=" + std::to_string(page));
        Response resp = transport_.send(req);
        rapidjson::Document doc;
        doc.Parse(resp.body.c_str());
        std::vector<Rfi> out;
        if (!doc.IsArray()) return out;
        for (const auto& item : doc.GetArray()) out.push_back(rfiFromJson(item));
        return out;
    }

    void addReply(std::int64_t projectId, int rfiId, const std::string& text) {
        Request req;
        req.method = "POST";
        req.host = apiHost_;
        req.path = "/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis/" +
                   std::to_string(rfiId) + "/replies";
        req.headers.emplace("Authorization", "Bearer " + token_);
        req.body = R"({"reply":{"body":")" + text + R"("}})";
        Response resp = transport_.send(req);
        if (resp.status >= 300) throw std::runtime_error("reply failed: " + resp.body);
    }

    void close(std::int64_t projectId, std::int64_t rfiId) {
        Request req = authorizedRequest("/rest/v1.0/projects/" + std::to_string(projectId) +
                                        "/rfis/" + std::to_string(rfiId));
        req.method = "PATCH";
        req.headers = {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
        req.body = R"({"rfi":{"status":"closed"}})";
        Response resp = transport_.send(req);
        if (resp.status != 200) throw std::runtime_error("close failed: " + resp.body);
    }
};

std::string exchangeCode(Transport& t, const EnvironmentConfig& cfg, const std::string& code,
                         const std::string& clientId, const std::string& secret) {
    Request req;
    req.method = "POST";
    req.host = cfg.loginHost;
    req.path = "/oauth/token";
    req.body = R"({"grant_type":"authorization_code","code":")" + code + R"(","client_id":")" +
               clientId + R"(","client_secret":")" + secret +
               R"(","redirect_uri":"urn:ietf:wg:oauth:2.0:oob"})";
    Response resp = t.send(req);
    rapidjson::Document doc;
    doc.Parse(resp.body.c_str());
    return doc.HasMember("access_token") ? doc["access_token"].GetString() : "";
}

}  // namespace rfitool

int main(int argc, char** argv) {
    using namespace rfitool;
    if (argc < 5) {
        std::cerr << "usage: rfi-tool <prod|sandbox|monthly> <auth-code> <list|reply|close> "
                     "<project_id> [rfi_id] [text]\n"
                     "see https://developers.procore.com/reference/rest/rfis\n";
        return 2;
    }
    const std::string envArg = argv[1];
    Environment env = envArg == "sandbox" ? Environment::Sandbox
                      : envArg == "monthly" ? Environment::MonthlySandbox
                                            : Environment::Production;
    const EnvironmentConfig cfg = configFor(env);
    const std::int64_t companyId = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    const std::int64_t projectId = std::stoll(argv[4]);

    LoggingClient transport(std::make_unique<HttplibTransport>());
    const std::string token = exchangeCode(transport, cfg, argv[2], std::getenv("PROCORE_CLIENT_ID"),
                                           std::getenv("PROCORE_CLIENT_SECRET"));
    RfiService rfis(transport, cfg.apiHost, token, companyId);

    const std::string cmd = argv[3];
    if (cmd == "list") {
        for (int page = 1; page <= 5; ++page) {
            auto batch = rfis.listOpen(projectId, page);
            for (const auto& r : batch)
                std::cout << r.id << "  #" << r.number << "  " << r.subject << "  https://app.procore.com/"
                          << companyId << "/project/rfi/show/" << r.id << '\n';
            if (batch.empty()) break;
        }
    } else if (cmd == "reply" && argc > 6) {
        int rfiId = std::stoi(argv[5]);
        rfis.addReply(projectId, rfiId, argv[6]);
    } else if (cmd == "close" && argc > 5) {
        rfis.close(projectId, std::stoll(argv[5]));
    }
    return 0;
}
