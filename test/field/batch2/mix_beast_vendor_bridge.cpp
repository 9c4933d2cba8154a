// vendor_bridge: pushes the vendor master from the ERP export (CSV) into the
// Procore company directory and writes the Procore ids back for the next
// import run.
//
//   vendor_bridge [--sandbox|--monthly] vendors.csv
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

struct ErpVendor {
    std::string erp_code;
    std::string name;
    std::string city;
    long procore_vendor_id = 0;
};

struct Settings {
    std::string host = "api.procore.com";
    std::string token;
    std::int64_t company_id = 0;
};

class ProcoreSession {
public:
    ProcoreSession(net::io_context& ioc, ssl::context& ctx, const Settings& s)
        : resolver_(ioc), stream_(ioc, ctx), host_(s.host)
    {
        req_.version(11);
        req_.set(http::field::host, host_);
        req_.set(http::field::user_agent, "erp-vendor-bridge/3.1");
        req_.set(http::field::accept, "application/json");
        req_.set(http::field::authorization, "Bearer " + s.token);
        req_.set("X-Procore-Company-Id", std::to_string(s.company_id));
    }

    void prepare(http::verb verb, const std::string& target, const json& body = nullptr)
    {
        req_.method(verb);
        req_.target(target);
        if (body.is_null()) {
            req_.body().clear();
        } else {
            req_.set(http::field::content_type, "application/json");
            req_.body() = body.dump();
        }
        req_.prepare_payload();
    }

    http::response<http::string_body> run()
    {
        if (!SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str()))
            throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                        net::error::get_ssl_category()));
        auto const results = resolver_.resolve(host_, "443");
        beast::get_lowest_layer(stream_).connect(results);
        stream_.handshake(ssl::stream_base::client);
        http::write(stream_, req_);

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream_, buffer, res);
        beast::error_code ec;
        stream_.shutdown(ec);
        return res;
    }

private:
    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    std::string host_;
    http::request<http::string_body> req_;
};

static Settings settingsFromArgs(int argc, char** argv)
{
    Settings s;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--sandbox")
            s.host = "sandbox.procore.com";
        else if (a == "--monthly")
            s.host = "api-monthly.procore.com";
    }
    const char* tok = std::getenv("PROCORE_TOKEN");
    s.token = tok ? tok : "";
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    s.company_id = company ? std::stoll(company) : 0;
    return s;
}

static std::vector<ErpVendor> readExport(const std::string& path)
{
    std::vector<ErpVendor> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line); // header row
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::vector<std::string> cols;
        std::string col;
        while (std::getline(ss, col, ';'))
            cols.push_back(col);
        if (cols.size() < 4)
            continue;
        ErpVendor v{cols[0], cols[1], cols[2]};
        if (!cols[3].empty())
            v.procore_vendor_id = std::stoi(cols[3]);
        out.push_back(v);
    }
    return out;
}

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: vendor_bridge [--sandbox|--monthly] vendors.csv\n";
        return 64;
    }
    const Settings settings = settingsFromArgs(argc, argv);
    std::vector<ErpVendor> vendors = readExport(argv[argc - 1]);

    net::io_context ioc;
    ssl::context ctx(ssl::context::tlsv12_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    const std::string companyQuery = "?company_id=" + std::to_string(settings.company_id);
    int created = 0, updated = 0, failed = 0;

    for (ErpVendor& v : vendors) {
        json payload = {{"vendor", {{"name", v.name}, {"city", v.city},
                                    {"origin_id", v.erp_code}}}};
        ProcoreSession session(ioc, ctx, settings);
        if (v.procore_vendor_id == 0) {
            session.prepare(http::verb::post, "/rest/v1.0/vendors" + companyQuery, payload);
        } else {
            session.prepare(http::verb::patch,
                            "/rest/v1.0/vendors/" + std::to_string(v.procore_vendor_id) +
                                companyQuery,
                            payload);
        }

        http::response<http::string_body> res;
        try {
            res = session.run();
        } catch (const std::exception& e) {
            std::cerr << v.erp_code << ": " << e.what() << "\n";
            ++failed;
            continue;
        }

        const int status = res.result_int();
        if (status == 201) {
            json body = json::parse(res.body());
            v.procore_vendor_id = body["id"].get<std::int64_t>();
            ++created;
        } else if (status == 200) {
            ++updated;
        } else {
            std::fprintf(stderr, "%s: HTTP %d %s\n", v.erp_code.c_str(), status,
                         res.body().c_str());
            ++failed;
        }
    }

    std::ofstream back(std::string(argv[argc - 1]) + ".procore");
    back << "erp_code;procore_vendor_id;directory_link\n";
    for (const ErpVendor& v : vendors) {
        back << v.erp_code << ';' << v.procore_vendor_id << ';'
             << "https://app.procore.com/" << settings.company_id
             << "/company/vendors/" << v.procore_vendor_id << "\n";
    }

    std::printf("created %d, updated %d, failed %d\n", created, updated, failed);
    return failed ? 1 : 0;
}
