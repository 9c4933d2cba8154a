// vendor-bridge: pushes supplier master data from the ERP into the Procore
// company directory. Authenticates as a Developer Managed Service Account
// (client_credentials) and runs every 15 minutes from cron.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

static const char* kLoginHost = "login.procore.com";
static const char* kApiHost = "api.procore.com";
static const char* kErpHost = "erp-gw.corp.local";
static const unsigned short kErpPort = 8080;

struct ErpSupplier {
    int supplier_no = 0;
    std::string name;
    std::string email;
    std::string phone;
};

class Transport {
public:
    explicit Transport(net::io_context& ioc) : ioc_(ioc) {}
    virtual ~Transport() = default;
    virtual Response roundtrip(Request& req) = 0;

protected:
    static Json::Value parse(const std::string& body) {
        Json::Value v;
        Json::CharReaderBuilder rb;
        std::string errs;
        std::istringstream in(body);
        Json::parseFromStream(rb, in, &v, &errs);
        return v;
    }
    net::io_context& ioc_;
};

class ErpApi : public Transport {
public:
    using Transport::Transport;

    Response roundtrip(Request& req) override {
        beast::tcp_stream stream(ioc_);
        tcp::resolver resolver(ioc_);
        stream.connect(resolver.resolve(kErpHost, std::to_string(kErpPort)));
        req.set(http::field::host, kErpHost);
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        Response res;
        http::read(stream, buf, res);
        stream.socket().shutdown(tcp::socket::shutdown_both);
        return res;
    }

    std::vector<ErpSupplier> changed_suppliers(const std::string& since) {
        Request req{http::verb::get, "/api/suppliers?changed_since=" + since, 11};
        Json::Value arr = parse(roundtrip(req).body());
        std::vector<ErpSupplier> out;
        for (const auto& s : arr) {
            out.push_back({s["supplier_no"].asInt(), s["name"].asString(),
                           s["email"].asString(), s["phone"].asString()});
        }
        return out;
    }
};

class ProcoreApi : public Transport {
public:
    ProcoreApi(net::io_context& ioc, ssl::context& ctx) : Transport(ioc), ctx_(ctx) {}

    Response roundtrip(Request& req) override {
        const std::string host = req.target().starts_with("/oauth/") ? kLoginHost : kApiHost;
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, host);
        if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
        for (const auto& kv : extra_headers_) req.set(kv.first, kv.second);
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        Response res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }

    bool fetch_token(const std::string& client_id, const std::string& secret) {
        Request req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=client_credentials&client_id=" + client_id +
                     "&client_secret=" + secret;
        Json::Value tok = parse(roundtrip(req).body());
        token_ = tok["access_token"].asString();
        return !token_.empty();
    }

    Json::Value companies() {
        Request req{http::verb::get, "/rest/v1.0/companies", 11};
        return parse(roundtrip(req).body());
    }

    void use_company(int64_t company_id) {
        company_id_ = company_id;
        extra_headers_["Procore-Company-Id"] = std::to_string(company_id);
    }

    std::unordered_map<std::string, int64_t> vendors_by_origin() {
        Request req{http::verb::get,
                    "/rest/v1.0/vendors?company_id=" + std::to_string(company_id_) + "&per_page=1000", 11};
        std::unordered_map<std::string, int64_t> out;
        for (const auto& v : parse(roundtrip(req).body()))
            if (!v["origin_id"].isNull()) out[v["origin_id"].asString()] = v["id"].asLargestInt();
        return out;
    }

    int upsert_vendor(const ErpSupplier& s, int64_t existing_id) {
        Json::Value vendor;
        vendor["name"] = s.name;
        vendor["email_address"] = s.email;
        vendor["business_phone"] = s.phone;
        vendor["origin_id"] = std::to_string(s.supplier_no);
        Json::Value body;
        body["company_id"] = Json::Int64(company_id_);
        body["vendor"] = vendor;
        Request req{existing_id ? http::verb::patch : http::verb::post,
                    existing_id ? "/rest/v1.0/vendors/" + std::to_string(existing_id) : "/rest/v1.0/vendors",
                    11};
        req.set(http::field::content_type, "application/json");
        req.body() = Json::writeString(Json::StreamWriterBuilder(), body);
        return roundtrip(req).result_int();
    }

private:
    ssl::context& ctx_;
    std::string token_;
    int64_t company_id_ = 0;
    std::map<std::string, std::string> extra_headers_;
};

int main(int argc, char** argv) {
    const char* since = argc > 1 ? argv[1] : "1970-01-01T00:00:00Z";
    net::io_context ioc;
    ssl::context ctx{ssl::context::tlsv12_client};
    ctx.set_default_verify_paths();

    ProcoreApi procore(ioc, ctx);
    ErpApi erp(ioc);
    const char* cid = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    if (!cid || !secret || !procore.fetch_token(cid, secret)) {
        std::fprintf(stderr, "vendor-bridge: cannot obtain service account token\n");
        return 1;
    }

    Json::Value companies = procore.companies();
    if (!companies.isArray() || companies.empty()) {
        std::fprintf(stderr, "vendor-bridge: service account sees no company\n");
        return 1;
    }
    int company = companies[0]["id"].asInt();
    procore.use_company(company);

    auto existing = procore.vendors_by_origin();
    int created = 0, updated = 0, errors = 0;
    for (const ErpSupplier& s : erp.changed_suppliers(since)) {
        auto it = existing.find(std::to_string(s.supplier_no));
        int64_t vendor_id = it == existing.end() ? 0 : it->second;
        int status = procore.upsert_vendor(s, vendor_id);
        if (status == 201) ++created;
        else if (status == 200) ++updated;
        else { ++errors; std::fprintf(stderr, "supplier %d: HTTP %d\n", s.supplier_no, status); }
    }
    std::printf("vendor-bridge: %d created, %d updated, %d errors (%zu known vendors)\n",
                created, updated, errors, existing.size());
    return errors ? 1 : 0;
}
