// directory-sync: mirrors the Procore company directory (users + vendors) into
// the HR system's staging table. Runs under a Developer Managed Service Account,
// so it authenticates with the client_credentials grant, no user involved.
//
// Plain completion-handler chains; each HTTPS exchange is a Call object kept
// alive by the shared_ptr captured in its handlers.
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using json = nlohmann::json;

static const char* const kTokenHost = "api.procore.com";
static const char* const kApiHost = "api.procore.com";

struct User {
    int64_t id = 0;
    std::string name;
    std::string email;
    unsigned vendor_id = 0;  // employer, 0 when internal staff
};

using Done = std::function<void(beast::error_code, http::response<http::string_body>)>;

class Call : public std::enable_shared_from_this<Call> {
public:
    Call(net::io_context& io, ssl::context& tls, std::string host,
         http::request<http::string_body> req, Done done)
        : resolver_(io), stream_(io, tls), host_(std::move(host)), req_(std::move(req)),
          done_(std::move(done)) {}

    void start() {
        req_.set(http::field::host, host_);
        req_.set(http::field::user_agent, "directory-sync/1.4");
        req_.prepare_payload();
        SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str());
        resolver_.async_resolve(host_, "443",
            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                if (ec) return self->fail(ec);
                beast::get_lowest_layer(self->stream_).expires_after(std::chrono::seconds(30));
                beast::get_lowest_layer(self->stream_).async_connect(r,
                    [self](beast::error_code ec, const tcp::endpoint&) {
                        if (ec) return self->fail(ec);
                        self->stream_.async_handshake(ssl::stream_base::client,
                            [self](beast::error_code ec) {
                                if (ec) return self->fail(ec);
                                self->write();
                            });
                    });
            });
    }

private:
    void write() {
        http::async_write(stream_, req_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec) return self->fail(ec);
                http::async_read(self->stream_, self->buffer_, self->res_,
                    [self](beast::error_code ec, std::size_t) {
                        self->done_(ec, std::move(self->res_));
                    });
            });
    }

    void fail(beast::error_code ec) { done_(ec, {}); }

    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    std::string host_;
    http::request<http::string_body> req_;
    http::response<http::string_body> res_;
    beast::flat_buffer buffer_;
    Done done_;
};

class DirectorySync : public std::enable_shared_from_this<DirectorySync> {
public:
    DirectorySync(net::io_context& io, ssl::context& tls, std::string id, std::string secret)
        : io_(io), tls_(tls), client_id_(std::move(id)), client_secret_(std::move(secret)) {}

    void run() { authenticate(); }

private:
    void send(const char* host, http::request<http::string_body> req, Done done) {
        std::make_shared<Call>(io_, tls_, host, std::move(req), std::move(done))->start();
    }

    http::request<http::string_body> api_get(const std::string& target, bool scoped = true) {
        http::request<http::string_body> req{http::verb::get, target, 11};
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::accept, "application/json");
        if (scoped) req.set("Procore-Company-Id", std::to_string(company_id_));
        return req;
    }

    void authenticate() {
        http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=client_credentials&client_id=" + client_id_ +
                     "&client_secret=" + client_secret_;
        send(kTokenHost, std::move(req),
             [self = shared_from_this()](beast::error_code ec, http::response<http::string_body> res) {
                 if (ec || res.result() != http::status::ok)
                     return self->abort("token request failed", ec);
                 self->token_ = json::parse(res.body()).at("access_token").get<std::string>();
                 self->discover_company();
             });
    }

    // The service account is installed in exactly one company; find it.
    void discover_company() {
        send(kApiHost, api_get("/rest/v1.0/companies", /*scoped=*/false),
             [self = shared_from_this()](beast::error_code ec, http::response<http::string_body> res) {
                 if (ec) return self->abort("companies", ec);
                 auto list = json::parse(res.body());
                 if (list.size() != 1) return self->abort("expected one company", ec);
                 self->company_id_ = list[0].at("id").get<int64_t>();
                 self->fetch_users(1);
             });
    }

    void fetch_users(int page) {
        const std::string target = "/rest/v1.0/companies/" + std::to_string(company_id_) +
                                   "/users?per_page=100&page=" + std::to_string(page);
        send(kApiHost, api_get(target),
             [self = shared_from_this(), page](beast::error_code ec,
                                               http::response<http::string_body> res) {
                 if (ec) return self->abort("users", ec);
                 auto arr = json::parse(res.body());
                 for (const auto& u : arr) {
                     User user;
                     user.id = u.at("id").get<int64_t>();
                     user.name = u.value("name", "");
                     user.email = u.value("email_address", "");
                     if (u.contains("vendor") && u["vendor"].is_object())
                         user.vendor_id = u["vendor"].value("id", 0u);
                     self->users_[user.id] = std::move(user);
                 }
                 if (arr.size() == 100) return self->fetch_users(page + 1);
                 self->fetch_vendors();
             });
    }

    void fetch_vendors() {
        const std::string target =
            "/rest/v1.0/vendors?company_id=" + std::to_string(company_id_) + "&per_page=1000";
        send(kApiHost, api_get(target),
             [self = shared_from_this()](beast::error_code ec, http::response<http::string_body> res) {
                 if (ec) return self->abort("vendors", ec);
                 for (const auto& v : json::parse(res.body()))
                     self->vendors_[v.at("id").get<int64_t>()] = v.value("name", "");
                 self->emit();
             });
    }

    void emit() {
        for (const auto& [id, u] : users_) {
            auto it = vendors_.find(u.vendor_id);
            std::cout << id << '\t' << u.name << '\t' << u.email << '\t'
                      << (it == vendors_.end() ? "(staff)" : it->second) << '\n';
        }
        std::cerr << "directory-sync: " << users_.size() << " users, " << vendors_.size()
                  << " vendors\n";
    }

    void abort(const char* what, beast::error_code ec) {
        std::cerr << "directory-sync: " << what << (ec ? ": " + ec.message() : "") << '\n';
        io_.stop();
    }

    net::io_context& io_;
    ssl::context& tls_;
    std::string client_id_;
    std::string client_secret_;
    std::string token_;
    int64_t company_id_ = 0;
    std::map<int64_t, User> users_;
    std::map<int64_t, std::string> vendors_;
};

int main() {
    const char* id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    if (!id || !secret) {
        std::cerr << "set DMSA_CLIENT_ID and DMSA_CLIENT_SECRET\n";
        return 2;
    }
    net::io_context io;
    ssl::context tls(ssl::context::tlsv12_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    std::make_shared<DirectorySync>(io, tls, id, secret)->run();
    io.run();
}
