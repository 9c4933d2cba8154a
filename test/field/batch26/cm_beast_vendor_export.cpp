// vendor_export: dumps the company directory (vendors, users, insurance
// certificates) to CSV for the finance team's month-end review.
//
//   vendor_export <out-dir> [report...]     reports: me vendors users insurance
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using HttpRequest = http::request<http::string_body>;

namespace vexport {

constexpr const char* kApiHost = "app.procore.com";
constexpr const char* kLoginHost = "login.procore.com";
constexpr const char* kPort = "443";
constexpr int kPerPage = 100;

struct VendorRow {
    int64_t id = 0;
    std::string name;
    int64_t primaryContactId = 0;
    int insuranceCount = 0;
};

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual http::verb method() const { return http::verb::get; }
    virtual std::string path() const = 0;
    virtual std::string body() const { return {}; }
    virtual bool needsCompany() const { return true; }
    virtual void prepare(HttpRequest& req) {
        if (needsCompany()) req.set("Procore-Company-Id", std::to_string(companyId_));
    }
    virtual void onResult(unsigned status, const Json::Value& v) = 0;
    void setCompany(int64_t id) { companyId_ = id; }

protected:
    int64_t companyId_ = 0;
};

class GetMe : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/me"; }
    bool needsCompany() const override { return false; }
    void onResult(unsigned status, const Json::Value& v) override {
        if (status == 200) std::cout << "exporting as " << v["login"].asString() << "\n";
    }
};

class ListVendors : public ApiCommand {
public:
    ListVendors(std::vector<VendorRow>& rows, int page) : rows_(rows), page_(page) {}
    std::string path() const override {
        return "/rest/v1.0/vendors?company_id=" + std::to_string(companyId_) + "&page=" +
               std::to_string(page_) + "&per_page=" + std::to_string(kPerPage);
    }
    void onResult(unsigned status, const Json::Value& v) override {
        if (status != 200 || !v.isArray()) return;
        for (const auto& item : v) {
            VendorRow row;
            row.id = item["id"].asInt64();
            row.name = item["name"].asString();
            if (item["primary_contact"].isObject())
                row.primaryContactId = item["primary_contact"]["id"].asInt();
            rows_.push_back(row);
        }
        lastPageSize = static_cast<int>(v.size());
    }
    int lastPageSize = 0;

private:
    std::vector<VendorRow>& rows_;
    int page_;
};

class ListCompanyUsers : public ApiCommand {
public:
    ListCompanyUsers(int64_t companyId, std::ostream& out) : company_(companyId), out_(out) {}
    std::string path() const override {
        return "/rest/v1.0/companies/" + std::to_string(company_) + "/users?per_page=" + std::to_string(kPerPage);
    }
    // the company id is right there in the path
    bool needsCompany() const override { return false; }
    void onResult(unsigned status, const Json::Value& v) override {
        if (status != 200) return;
        for (const auto& u : v)
            out_ << u["id"].asInt64() << ',' << u["name"].asString() << ',' << u["email_address"].asString() << '\n';
    }

private:
    int64_t company_;
    std::ostream& out_;
};

class ListInsurances : public ApiCommand {
public:
    ListInsurances(int vendorId, VendorRow& row, std::ostream& out) : vendorId_(vendorId), row_(row), out_(out) {}
    std::string path() const override {
        return "/rest/v1.0/vendors/" + std::to_string(vendorId_) + "/insurances?company_id=" +
               std::to_string(companyId_);
    }
    void prepare(HttpRequest& req) override {
        ApiCommand::prepare(req);
        req.set(http::field::cache_control, "no-cache");
    }
    void onResult(unsigned status, const Json::Value& v) override {
        if (status != 200) return;
        row_.insuranceCount = static_cast<int>(v.size());
        for (const auto& ins : v)
            out_ << vendorId_ << ',' << ins["insurance_type"].asString() << ',' << ins["expiration_date"].asString() << '\n';
    }

private:
    int64_t vendorId_;
    VendorRow& row_;
    std::ostream& out_;
};

Json::Value parseJson(const std::string& text) {
    Json::Value v;
    Json::CharReaderBuilder builder;
    std::string errs;
    std::istringstream in(text);
    Json::parseFromStream(builder, in, &v, &errs);
    return v;
}

// One TLS connection per request; the export is small and runs once a month.
http::response<http::string_body> roundTrip(net::io_context& ioc, ssl::context& ctx,
                                            const std::string& host, HttpRequest& req) {
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    tcp::resolver resolver(ioc);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, kPort));
    stream.handshake(ssl::stream_base::client);
    req.set(http::field::host, host);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return res;
}

class Executor {
public:
    Executor(std::string host, std::string token, int64_t companyId)
        : host_(std::move(host)), token_(std::move(token)), companyId_(companyId) {}

    unsigned run(ApiCommand& cmd) {
        HttpRequest req{cmd.method(), cmd.path(), 11};
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::accept, "application/json");
        req.set(http::field::user_agent, "vendor-export/1.4");
        req.body() = cmd.body();
        cmd.setCompany(companyId_);
        cmd.prepare(req);
        auto res = roundTrip(ioc_, ctx_, host_, req);
        cmd.onResult(res.result_int(), parseJson(res.body()));
        return res.result_int();
    }

    net::io_context& ioc() { return ioc_; }
    ssl::context& ctx() { return ctx_; }

private:
    net::io_context ioc_;
    ssl::context ctx_{ssl::context::tlsv12_client};
    std::string host_;
    std::string token_;
    int64_t companyId_;
};

std::string refreshToken(Executor& exec, const std::string& refresh) {
    HttpRequest req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "grant_type=refresh_token&refresh_token=" + refresh + "&client_id=" +
                 std::getenv("VEXPORT_CLIENT_ID") + "&client_secret=" + std::getenv("VEXPORT_CLIENT_SECRET");
    auto res = roundTrip(exec.ioc(), exec.ctx(), kLoginHost, req);
    if (res.result_int() != 200) throw std::runtime_error("refresh failed, re-run vendor_export --login");
    return parseJson(res.body())["access_token"].asString();
}

}  // namespace vexport

int main(int argc, char** argv) try {
    using namespace vexport;
    if (argc < 2) { std::cerr << "usage: vendor_export <out-dir> [report...]\n"; return 64; }
    const std::string outDir = argv[1];
    const int64_t companyId = std::stoll(std::getenv("PROCORE_COMPANY_ID"));

    Executor bootstrap(kApiHost, "", companyId);
    const std::string token = refreshToken(bootstrap, std::getenv("VEXPORT_REFRESH_TOKEN"));
    Executor exec(kApiHost, token, companyId);

    std::vector<VendorRow> vendors;
    std::ofstream usersCsv(outDir + "/users.csv");
    std::ofstream insCsv(outDir + "/insurance.csv");
    insCsv << "# review in Procore: https://app.procore.com/" << companyId << "/company/vendors\n";

    using Factory = std::map<std::string, std::function<std::unique_ptr<ApiCommand>()>>;
    Factory reports{
        {"me", [] { return std::make_unique<GetMe>(); }},
        {"users", [&] { return std::make_unique<ListCompanyUsers>(companyId, usersCsv); }},
    };

    for (int page = 1;; ++page) {
        ListVendors cmd(vendors, page);
        if (exec.run(cmd) != 200 || cmd.lastPageSize < kPerPage) break;
    }
    for (int i = 2; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "vendors") continue;  // always exported
        if (name == "insurance") {
            for (VendorRow& row : vendors) {
                ListInsurances cmd(row.id, row, insCsv);
                exec.run(cmd);
            }
            continue;
        }
        auto it = reports.find(name);
        if (it == reports.end()) { std::cerr << "unknown report " << name << "\n"; continue; }
        exec.run(*it->second());
    }

    std::ofstream vendorCsv(outDir + "/vendors.csv");
    vendorCsv << "id,name,primary_contact_id,insurance_certificates\n";
    for (const VendorRow& row : vendors)
        vendorCsv << row.id << ',' << row.name << ',' << row.primaryContactId << ',' << row.insuranceCount << '\n';
    std::cout << vendors.size() << " vendors exported to " << outDir << "\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "vendor_export: " << e.what() << "\n";
    return 1;
}
