// kv_beast_commitment_export.cpp
//
// Nightly export of commitments (subcontracts / POs) into the finance
// warehouse.  Runs under a Developer Managed Service Account, so it gets its
// token with the client-credentials grant.  Everything is configured through
// environment variables that the scheduler injects; they are collected into a
// string map up front and looked up by key where needed.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

using Settings = std::unordered_map<std::string, std::string>;
using RequestSpec = std::map<std::string, std::string>;

static const std::unordered_map<std::string, Settings> kEnvironments = {
    {"production", {{"login_host", "login.procore.com"}, {"api_host", "api.procore.com"}}},
    {"sandbox", {{"login_host", "login-sandbox.procore.com"}, {"api_host", "sandbox.procore.com"}}},
    {"monthly", {{"login_host", "api-monthly.procore.com"}, {"api_host", "api-monthly.procore.com"}}},
};

static Settings settingsFromEnv()
{
    Settings s;
    for (const char *key : {"PROCORE_ENV", "PROCORE_CLIENT_ID", "PROCORE_CLIENT_SECRET",
                            "PROCORE_COMPANY_ID", "WAREHOUSE_HOST", "WAREHOUSE_PORT"}) {
        const char *v = std::getenv(key);
        if (v) s[key] = v;
    }
    if (!s.count("PROCORE_ENV")) s["PROCORE_ENV"] = "production";
    if (!s.count("WAREHOUSE_PORT")) s["WAREHOUSE_PORT"] = "8080";
    return s;
}

struct CommitmentRow {
    int64_t id = 0;
    int64_t project_id = 0;
    int vendor_id = 0;
    std::string number;
    std::string title;
    std::string status;
    double grand_total = 0.0;
};

static http::response<http::string_body>
httpsRequest(net::io_context &ioc, ssl::context &ctx, const std::string &host,
             http::request<http::string_body> req)
{
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
        throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                    net::error::get_ssl_category()));
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);

    req.set(http::field::host, host);
    req.set(http::field::user_agent, "commitment-export/2.3");
    req.prepare_payload();
    http::write(stream, req);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return res;
}

class Exporter {
public:
    explicit Exporter(Settings cfg)
        : cfg_(std::move(cfg)), env_(kEnvironments.at(cfg_.at("PROCORE_ENV"))),
          ctx_(ssl::context::tls_client)
    {
        ctx_.set_default_verify_paths();
        ctx_.set_verify_mode(ssl::verify_peer);
    }

    void authenticate()
    {
        http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=client_credentials&client_id=" + cfg_.at("PROCORE_CLIENT_ID") +
                     "&client_secret=" + cfg_.at("PROCORE_CLIENT_SECRET");
        auto res = httpsRequest(ioc_, ctx_, env_.at("login_host"), std::move(req));
        if (res.result() != http::status::ok)
            throw std::runtime_error("token request failed: " + std::to_string(res.result_int()));
        token_ = json::parse(res.body()).at("access_token").get<std::string>();
    }

    // spec keys: target (required), company ("1" to send Procore-Company-Id)
    json apiGet(const RequestSpec &spec)
    {
        http::request<http::string_body> req{http::verb::get, spec.at("target"), 11};
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::accept, "application/json");
        auto c = spec.find("company");
        if (c != spec.end() && c->second == "1")
            req.set("Procore-Company-Id", cfg_.at("PROCORE_COMPANY_ID"));
        auto res = httpsRequest(ioc_, ctx_, env_.at("api_host"), std::move(req));
        const int status = res.result_int();
        if (status >= 400)
            throw std::runtime_error(spec.at("target") + " -> HTTP " + std::to_string(status));
        return json::parse(res.body());
    }

    void checkIdentity()
    {
        json me = apiGet({{"target", "/rest/v1.0/me"}, {"company", "1"}});
        std::cerr << "running as service account " << me.value("login", "?") << "\n";

        json companies = apiGet({{"target", "/rest/v1.0/companies"}});
        const int64_t wanted = std::stoll(cfg_.at("PROCORE_COMPANY_ID"));
        bool found = false;
        for (const auto &c : companies)
            if (c.at("id").get<int64_t>() == wanted) found = true;
        if (!found)
            throw std::runtime_error("service account is not installed in company " +
                                     cfg_.at("PROCORE_COMPANY_ID"));
    }

    std::vector<int64_t> activeProjects()
    {
        std::vector<int64_t> ids;
        for (int page = 1;; ++page) {
            json arr = apiGet({{"target", "/rest/v1.0/projects?company_id=" +
                                              cfg_.at("PROCORE_COMPANY_ID") +
                                              "&per_page=300&page=" + std::to_string(page)},
                               {"company", "1"}});
            for (const auto &p : arr)
                if (p.value("active", false)) ids.push_back(p.at("id").get<int>());
            if (arr.size() < 300) break;
        }
        return ids;
    }

    void loadVendorNames()
    {
        json arr = apiGet({{"target", "/rest/v1.0/vendors?company_id=" +
                                          cfg_.at("PROCORE_COMPANY_ID")}});
        for (const auto &v : arr)
            vendorNames_[v.at("id").get<int64_t>()] = v.value("name", "");
    }

    std::vector<CommitmentRow> commitments(int64_t projectId)
    {
        std::vector<CommitmentRow> rows;
        json arr = apiGet({{"target", "/rest/v1.0/work_order_contracts?project_id=" +
                                          std::to_string(projectId)},
                           {"company", "1"}});
        for (const auto &c : arr) {
            CommitmentRow r;
            r.id = c.at("id").get<int64_t>();
            r.project_id = projectId;
            if (c.contains("vendor") && c["vendor"].is_object())
                r.vendor_id = c["vendor"].at("id").get<int>();
            r.number = c.value("number", "");
            r.title = c.value("title", "");
            r.status = c.value("status", "");
            r.grand_total = std::stod(c.value("grand_total", "0"));
            rows.push_back(r);
        }
        return rows;
    }

    // Plain HTTP inside the VPC; the warehouse ingest API is ours.
    void pushToWarehouse(const std::vector<CommitmentRow> &rows)
    {
        json batch = json::array();
        for (const auto &r : rows)
            batch.push_back({{"commitment_id", r.id}, {"project_id", r.project_id},
                             {"vendor_id", r.vendor_id}, {"vendor", vendorNames_[r.vendor_id]},
                             {"number", r.number}, {"title", r.title},
                             {"status", r.status}, {"grand_total", r.grand_total}});

        const std::string host = cfg_.at("WAREHOUSE_HOST");
        const int port = std::stoi(cfg_.at("WAREHOUSE_PORT"));
        tcp::resolver resolver(ioc_);
        beast::tcp_stream stream(ioc_);
        stream.connect(resolver.resolve(host, std::to_string(port)));
        http::request<http::string_body> req{http::verb::post, "/ingest/procore_commitments", 11};
        req.set(http::field::host, host);
        req.set(http::field::content_type, "application/json");
        req.body() = batch.dump();
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        std::cerr << "warehouse: " << res.result_int() << " for " << rows.size() << " rows\n";
    }

private:
    Settings cfg_;
    Settings env_;
    net::io_context ioc_;
    ssl::context ctx_;
    std::string token_;
    std::unordered_map<int64_t, std::string> vendorNames_;
};

int main()
{
    try {
        Exporter ex(settingsFromEnv());
        ex.authenticate();
        ex.checkIdentity();
        ex.loadVendorNames();
        std::vector<CommitmentRow> all;
        for (int64_t pid : ex.activeProjects()) {
            auto rows = ex.commitments(pid);
            all.insert(all.end(), rows.begin(), rows.end());
        }
        ex.pushToWarehouse(all);
    } catch (const std::exception &e) {
        std::cerr << "export failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
