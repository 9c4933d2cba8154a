// etag_cache_sync.cpp -- pulls RFIs / submittals for the site dashboard.
// Every GET goes through ConditionalClient::get_cached(), which keeps the last
// ETag per (method, target, company) and sends If-None-Match, so unchanged
// lists come back as 304 and don't count against our hourly rate limit.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {

const char* kApiHost = "api.procore.com";
const char* kLoginHost = "login.procore.com";
const char* kLegacyHost = "app.procore.com";  // old vapid endpoints, see DASH-212
const char* kPort = "443";

struct CacheEntry {
    std::string etag;
    std::string last_modified;
    std::string body;
};

struct Rfi {
    int64_t id = 0;
    int project_id = 0;
    std::string subject;
    std::string status;
};

class ConditionalClient {
public:
    ConditionalClient(net::io_context& ioc, ssl::context& ctx, std::string token, int64_t company_id)
        : ioc_(ioc), ctx_(ctx), token_(std::move(token)), company_id_(company_id) {}

    // cache-aside: look up, revalidate with If-None-Match, store on 200
    std::string get_cached(const std::string& target, bool company_scoped = true,
                           const char* host = kApiHost) {
        const std::string key = cache_key(http::verb::get, target);
        auto it = cache_.find(key);
        http::request<http::string_body> req{http::verb::get, target, 11};
        if (it != cache_.end()) {
            if (!it->second.etag.empty())
                req.set(http::field::if_none_match, it->second.etag);
            else if (!it->second.last_modified.empty())
                req.set(http::field::if_modified_since, it->second.last_modified);
        }
        auto res = send(req, host, company_scoped);
        if (res.result() == http::status::not_modified && it != cache_.end()) {
            ++hits_;
            return it->second.body;
        }
        ++misses_;
        CacheEntry entry;
        entry.etag = std::string(res[http::field::etag]);
        entry.last_modified = std::string(res[http::field::last_modified]);
        entry.body = res.body();
        cache_[key] = entry;
        return entry.body;
    }

    // write-through: send the PATCH, then drop every cached GET of that collection
    std::string patch(const std::string& target, const json& payload) {
        http::request<http::string_body> req{http::verb::patch, target, 11};
        req.set(http::field::content_type, "application/json");
        req.body() = payload.dump();
        req.prepare_payload();
        auto res = send(req, kApiHost, true);
        invalidate_prefix(target.substr(0, target.rfind('/')));
        return res.body();
    }

    std::string refresh(const std::string& client_id, const std::string& secret,
                        const std::string& refresh_token) {
        http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=refresh_token&client_id=" + client_id +
                     "&client_secret=" + secret + "&refresh_token=" + refresh_token;
        req.prepare_payload();
        auto res = send(req, kLoginHost, false);
        auto j = json::parse(res.body());
        token_ = j.value("access_token", token_);
        return j.value("refresh_token", refresh_token);
    }

    int hits() const { return hits_; }
    int misses() const { return misses_; }

private:
    std::string cache_key(http::verb v, const std::string& target) const {
        return std::string(http::to_string(v)) + " " + target + " #" + std::to_string(company_id_);
    }

    void invalidate_prefix(const std::string& prefix) {
        for (auto it = cache_.begin(); it != cache_.end();) {
            if (it->first.find(prefix) != std::string::npos)
                it = cache_.erase(it);
            else
                ++it;
        }
    }

    http::response<http::string_body> send(http::request<http::string_body>& req,
                                           const char* host, bool company_scoped) {
        ssl::stream<beast::tcp_stream> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host);
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, kPort));
        stream.handshake(ssl::stream_base::client);

        req.set(http::field::host, host);
        req.set(http::field::user_agent, "dash-sync/2.3 " BOOST_BEAST_VERSION_STRING);
        if (host != kLoginHost)
            req.set(http::field::authorization, "Bearer " + token_);
        if (company_scoped)
            req.set("Procore-Company-Id", std::to_string(company_id_));

        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);  // truncated shutdown from the LB is normal
        return res;
    }

    net::io_context& ioc_;
    ssl::context& ctx_;
    std::string token_;
    int64_t company_id_;
    std::unordered_map<std::string, CacheEntry> cache_;
    int hits_ = 0;
    int misses_ = 0;
};

std::vector<Rfi> load_rfis(ConditionalClient& client, int64_t project_id) {
    const std::string target = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis";
    std::vector<Rfi> out;
    for (const auto& r : json::parse(client.get_cached(target))) {
        Rfi rfi;
        rfi.id = r.at("id").get<int64_t>();
        rfi.project_id = project_id;
        rfi.subject = r.value("subject", "");
        rfi.status = r.value("status", "");
        out.push_back(rfi);
    }
    return out;
}

void print_submittals(ConditionalClient& client, int64_t project_id) {
    // submittals are readable by every project member, so no company scoping needed
    const std::string target = "/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals";
    for (const auto& s : json::parse(client.get_cached(target, false))) {
        int64_t submittal_id = s.at("id").get<int64_t>();
        int vendor_id = s["responsible_contractor"].value("id", 0);
        std::cout << "  submittal " << submittal_id << " vendor " << vendor_id << '\n';
    }
}

void print_legacy_budget(ConditionalClient& client, int64_t project_id) {
    const std::string target = "/vapid/projects/" + std::to_string(project_id) + "/budget_view";
    auto body = json::parse(client.get_cached(target, true, kLegacyHost));
    std::cout << "  budget rows: " << body.size() << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: etag_cache_sync <project_id> [<project_id>...]\n";
        return 2;
    }
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    if (!token || !company_env) {
        std::cerr << "PROCORE_TOKEN and PROCORE_COMPANY_ID must be set\n";
        return 2;
    }
    const int64_t company_id = std::strtoll(company_env, nullptr, 10);

    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ConditionalClient client(ioc, ctx, token, company_id);

    // who am I / which companies -- both fine without the company header
    auto me = json::parse(client.get_cached("/rest/v1.0/me", false));
    std::cout << "running as " << me.value("login", "?") << '\n';
    auto companies = json::parse(client.get_cached("/rest/v1.0/companies", false));
    std::cout << companies.size() << " companies visible\n";

    for (int i = 1; i < argc; ++i) {
        const int64_t project_id = std::stoll(argv[i]);
        auto rfis = load_rfis(client, project_id);
        std::cout << "project " << project_id << ": " << rfis.size() << " RFIs\n";
        for (const auto& rfi : rfis) {
            if (rfi.status == "draft" && rfi.subject.rfind("[auto]", 0) == 0) {
                client.patch("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                                 std::to_string(rfi.id),
                             json{{"rfi", {{"status", "open"}}}});
            }
        }
        print_submittals(client, project_id);
        print_legacy_budget(client, project_id);
        std::cout << "  open in browser: https://app.procore.com/" << company_id << "/project/home?project_id="
                  << project_id << '\n';
    }
    std::cout << "cache hits " << client.hits() << ", misses " << client.misses() << '\n';
    return 0;
}
