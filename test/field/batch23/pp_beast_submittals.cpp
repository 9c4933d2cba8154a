// doccontrol/submittal_service.cpp
//
// Synchronous submittal CLI for the document-control team. SubmittalService is
// the stable public surface (it is exported from libdoccontrol), everything
// else hides behind the pimpl so Beast/OpenSSL stay out of the public header.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace doccontrol {

const std::string kApiHost = "api.procore.com";
const std::string kTokenHost = "app.procore.com";
const std::string kWebHost = "app.procore.com";

struct ApiRequest {
    http::verb verb = http::verb::get;
    std::string target;
    std::string body;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct ApiResponse {
    int status = 0;
    std::string body;
};

struct SubmittalStatusChange {
    std::int64_t project_id = 0;
    std::int64_t submittal_id = 0;
    unsigned approver_id = 0;
    std::string status;
};

class BeastTransport {
public:
    explicit BeastTransport(std::string host, std::string port = "443")
        : host_(std::move(host)), port_(std::move(port)) {}

    ApiResponse exchange(const ApiRequest& in) {
        net::io_context ioc;
        ssl::context ctx(ssl::context::tls_client);
        ctx.set_default_verify_paths();
        ctx.set_verify_mode(ssl::verify_peer);
        beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
        SSL_set_tlsext_host_name(stream.native_handle(), host_.c_str());
        tcp::resolver resolver(ioc);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host_, port_));
        stream.handshake(ssl::stream_base::client);

        http::request<http::string_body> req{in.verb, in.target, 11};
        req.set(http::field::host, host_);
        req.set(http::field::user_agent, "doccontrol-submittals/2.3");
        for (const auto& h : in.headers) req.set(h.first, h.second);
        if (!in.body.empty()) {
            req.set(http::field::content_type,
                    in.content_type.empty() ? "application/json" : in.content_type);
            req.body() = in.body;
            req.prepare_payload();
        }
        http::write(stream, req);

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return ApiResponse{static_cast<int>(res.result_int()), res.body()};
    }

private:
    std::string host_;
    std::string port_;
};

class SubmittalService {
public:
    SubmittalService(std::int64_t company_id, std::string access_token, std::string refresh_token);
    ~SubmittalService();

    bool refresh(const std::string& client_id, const std::string& client_secret);
    std::string me();
    std::string listSubmittals(std::int64_t project_id, int page);
    std::string getSubmittal(std::int64_t project_id, std::int64_t submittal_id);
    std::string changeStatus(const SubmittalStatusChange& change);
    std::string companyUsers();
    void notifySlack(const std::string& webhook_path, const std::string& text);
    std::string webUrl(std::int64_t project_id) const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

class SubmittalService::Impl {
public:
    Impl(std::int64_t company_id, std::string access, std::string refresh)
        : company_id_(company_id), access_(std::move(access)), refresh_(std::move(refresh)),
          api_(kApiHost), login_(kTokenHost) {}

    ApiResponse scoped(ApiRequest req) {
        req.headers.emplace_back("Procore-Company-Id", std::to_string(company_id_));
        return raw(std::move(req));
    }

    ApiResponse raw(ApiRequest req) {
        req.headers.emplace_back("Authorization", "Bearer " + access_);
        req.headers.emplace_back("Accept", "application/json");
        return api_.exchange(req);
    }

    bool refreshToken(const std::string& id, const std::string& secret) {
        ApiRequest req;
        req.verb = http::verb::post;
        req.target = "/oauth/token";
        req.content_type = "application/x-www-form-urlencoded";
        req.body = "grant_type=refresh_token&refresh_token=" + refresh_ + "&client_id=" + id +
                   "&client_secret=" + secret;
        ApiResponse res = login_.exchange(req);
        if (res.status != 200) return false;
        access_ = field(res.body, "access_token");
        refresh_ = field(res.body, "refresh_token");
        return !access_.empty();
    }

    std::int64_t companyId() const { return company_id_; }

private:
    static std::string field(const std::string& json, const std::string& key) {
        const std::string needle = "\"" + key + "\":\"";
        auto at = json.find(needle);
        if (at == std::string::npos) return {};
        at += needle.size();
        return json.substr(at, json.find('"', at) - at);
    }

    std::int64_t company_id_;
    std::string access_;
    std::string refresh_;
    BeastTransport api_;
    BeastTransport login_;
};

SubmittalService::SubmittalService(std::int64_t company_id, std::string access_token,
                                   std::string refresh_token)
    : impl_(std::make_unique<Impl>(company_id, std::move(access_token), std::move(refresh_token))) {}

SubmittalService::~SubmittalService() = default;

bool SubmittalService::refresh(const std::string& client_id, const std::string& client_secret) {
    return impl_->refreshToken(client_id, client_secret);
}

std::string SubmittalService::me() {
    ApiRequest req;
    req.target = "/rest/v1.0/me";
    return impl_->raw(req).body;
}

std::string SubmittalService::listSubmittals(std::int64_t project_id, int page) {
    ApiRequest req;
    req.target = "/rest/v1.0/projects/" + std::to_string(project_id) +
                 "/submittals?page=" + std::to_string(page) + "&per_page=50";
    return impl_->scoped(req).body;
}

std::string SubmittalService::getSubmittal(std::int64_t project_id, std::int64_t submittal_id) {
    ApiRequest req;
    req.target = "/rest/v1.0/projects/" + std::to_string(project_id) + "/submittals/" +
                 std::to_string(submittal_id);
    req.headers.emplace_back("procore-company-id", std::to_string(impl_->companyId()));
    return impl_->raw(req).body;
}

std::string SubmittalService::changeStatus(const SubmittalStatusChange& change) {
    ApiRequest req;
    req.verb = http::verb::patch;
    req.target = "/rest/v1.0/projects/" + std::to_string(change.project_id) + "/submittals/" +
                 std::to_string(change.submittal_id);
    req.body = "{\"submittal\":{\"status\":{\"name\":\"" + change.status +
               "\"},\"approver_id\":" + std::to_string(change.approver_id) + "}}";
    return impl_->raw(req).body;
}

std::string SubmittalService::companyUsers() {
    ApiRequest req;
    req.target = "/rest/v1.0/companies/" + std::to_string(impl_->companyId()) + "/users";
    return impl_->raw(req).body;
}

void SubmittalService::notifySlack(const std::string& webhook_path, const std::string& text) {
    BeastTransport slack("hooks.slack.com");
    ApiRequest req;
    req.verb = http::verb::post;
    req.target = webhook_path;
    req.body = "{\"text\":\"" + text + "\"}";
    slack.exchange(req);
}

std::string SubmittalService::webUrl(std::int64_t project_id) const {
    return "https://" + kWebHost + "/" + std::to_string(impl_->companyId()) + "/project/" +
           std::to_string(project_id) + "/submittal_logs";
}

}  // namespace doccontrol

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittals <company> <project> [submittal status approver]\n";
        return 2;
    }
    const char* access = std::getenv("PROCORE_ACCESS_TOKEN");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!access || !refresh) return 2;

    const std::int64_t company_id = std::stoll(argv[1]);
    const std::int64_t project_id = std::stoll(argv[2]);
    doccontrol::SubmittalService svc(company_id, access, refresh);

    try {
        if (const char* cid = std::getenv("PROCORE_CLIENT_ID")) {
            const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
            if (secret && !svc.refresh(cid, secret)) std::cerr << "refresh failed\n";
        }
        std::cout << svc.me() << "\n";
        for (int page = 1; page <= 2; ++page)
            std::cout << svc.listSubmittals(project_id, page) << "\n";
        std::cout << svc.companyUsers() << "\n";

        if (argc >= 6) {
            doccontrol::SubmittalStatusChange change;
            change.project_id = project_id;
            change.submittal_id = std::stol(argv[3]);
            change.status = argv[4];
            change.approver_id = std::stoul(argv[5]);
            std::cout << svc.getSubmittal(project_id, change.submittal_id) << "\n";
            std::cout << svc.changeStatus(change) << "\n";
            svc.notifySlack("/services/T000/B000/XXXX", "Submittal status changed: " +
                                                            svc.webUrl(project_id));
        }
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
