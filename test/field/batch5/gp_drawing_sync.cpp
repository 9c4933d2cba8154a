// gp_drawing_sync.cpp
//
// Pulls the current drawing set of a project (areas, drawings, revisions) so
// the plan-room kiosks can prefetch PDFs overnight. Clients are assembled from
// a transport policy (Boost.Beast over TLS, one per host) and an auth policy.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace dsync {

struct Production {
    static constexpr std::string_view login_host = "login.procore.com";
    static constexpr std::string_view api_host = "api.procore.com";
};
struct DeveloperSandbox {
    static constexpr std::string_view login_host = "sandbox.procore.com";
    static constexpr std::string_view api_host = "sandbox.procore.com";
};
struct MonthlySandbox {
    static constexpr std::string_view login_host = "login-sandbox-monthly.procore.com";
    static constexpr std::string_view api_host = "api-monthly.procore.com";
};
struct PresignedStorage {
    static constexpr std::string_view login_host = "";
    static constexpr std::string_view api_host = "storage.procore.com";
};

using Response = http::response<http::string_body>;
using Request = http::request<http::string_body>;

template <class Env, bool Login = false>
struct TlsTransport {
    static constexpr std::string_view host() {
        if constexpr (Login)
            return Env::login_host;
        else
            return Env::api_host;
    }

    Response roundtrip(Request& req) {
        net::io_context ioc;
        ssl::context ctx{ssl::context::tls_client};
        ctx.set_default_verify_paths();
        beast::ssl_stream<beast::tcp_stream> stream{ioc, ctx};
        const std::string h{host()};
        SSL_set_tlsext_host_name(stream.native_handle(), h.c_str());
        tcp::resolver resolver{ioc};
        beast::get_lowest_layer(stream).connect(resolver.resolve(h, "443"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, h);
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        Response res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }
};

struct NoAuth {
    void decorate(Request&) const {}
};
struct BearerAuth {
    std::string token;
    void decorate(Request& req) const { req.set(http::field::authorization, "Bearer " + token); }
};
struct CompanyBearerAuth : BearerAuth {
    std::int64_t company_id = 0;
    void decorate(Request& req) const {
        BearerAuth::decorate(req);
        req.set("Procore-Company-Id", std::to_string(company_id));
    }
};

template <class TransportPolicy, class AuthPolicy>
class Client : private TransportPolicy {
  public:
    explicit Client(AuthPolicy auth = {}) : auth_(std::move(auth)) {}

    Response get(const std::string& target) {
        Request req{http::verb::get, target, 11};
        req.set(http::field::accept, "application/json");
        auth_.decorate(req);
        return this->roundtrip(req);
    }

    Response post_form(const std::string& target, const std::string& form) {
        Request req{http::verb::post, target, 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = form;
        auth_.decorate(req);
        return this->roundtrip(req);
    }

  private:
    AuthPolicy auth_;
};

template <class Env>
using LoginClient = Client<TlsTransport<Env, true>, NoAuth>;
template <class Env>
using UserClient = Client<TlsTransport<Env>, BearerAuth>;
template <class Env>
using CompanyClient = Client<TlsTransport<Env>, CompanyBearerAuth>;
using StorageClient = Client<TlsTransport<PresignedStorage>, NoAuth>;

struct Drawing {
    std::int64_t id = 0;
    std::int64_t area_id = 0;
    std::string number;
    std::string title;
};

template <class Env>
int run(const std::string& client_id, const std::string& secret, const std::string& refresh,
        std::int64_t company_id, std::int64_t project_id) {
    rapidjson::Document doc;

    LoginClient<Env> login;
    auto tok = login.post_form("/oauth/token", "grant_type=refresh_token&client_id=" + client_id +
                                                   "&client_secret=" + secret +
                                                   "&refresh_token=" + refresh);
    if (tok.result_int() != 200 || doc.Parse(tok.body().c_str()).HasParseError()) return 1;
    const std::string token = doc["access_token"].GetString();

    UserClient<Env> user{BearerAuth{token}};
    CompanyClient<Env> company{CompanyBearerAuth{{token}, company_id}};

    doc.Parse(user.get("/rest/v1.0/me").body().c_str());
    std::cout << "syncing drawings as " << doc["login"].GetString() << "\n";

    const std::string pid = std::to_string(project_id);
    std::vector<Drawing> drawings;
    doc.Parse(company.get("/rest/v1.1/projects/" + pid + "/drawing_areas").body().c_str());
    for (const auto& area : doc.GetArray()) {
        const std::int64_t area_id = area["id"].GetInt64();
        rapidjson::Document ddoc;
        ddoc.Parse(company.get("/rest/v1.1/drawing_areas/" + std::to_string(area_id) +
                               "/drawings?project_id=" + pid)
                       .body()
                       .c_str());
        for (const auto& d : ddoc.GetArray()) {
            Drawing dr;
            dr.id = d["id"].GetInt();
            dr.area_id = area_id;
            dr.number = d["number"].GetString();
            dr.title = d.HasMember("title") && d["title"].IsString() ? d["title"].GetString() : "";
            drawings.push_back(std::move(dr));
        }
    }

    std::vector<unsigned> revision_ids;
    std::vector<std::string> pdf_urls;
    for (int page = 1;; ++page) {
        auto res = user.get("/rest/v1.0/projects/" + pid + "/drawing_revisions?page=" +
                            std::to_string(page) + "&per_page=200");
        if (res.result_int() != 200) break;
        rapidjson::Document rdoc;
        rdoc.Parse(res.body().c_str());
        if (!rdoc.IsArray() || rdoc.Empty()) break;
        for (const auto& rev : rdoc.GetArray()) {
            revision_ids.push_back(rev["id"].GetUint());
            if (rev.HasMember("pdf_url") && rev["pdf_url"].IsString())
                pdf_urls.emplace_back(rev["pdf_url"].GetString());
        }
        const int total = res.count("Total") ? std::stoi(std::string(res["Total"])) : 0;
        if (page * 200 >= total) break;
    }

    StorageClient storage;
    int fetched = 0;
    for (const auto& url : pdf_urls) {
        const auto path_pos = url.find('/', std::string_view("https://").size());
        if (url.rfind("https://storage.procore.com/", 0) != 0 || path_pos == std::string::npos)
            continue;
        if (storage.get(url.substr(path_pos)).result_int() == 200) ++fetched;
    }

    std::cout << drawings.size() << " drawings, " << revision_ids.size() << " revisions, "
              << fetched << " PDFs prefetched\n";
    return 0;
}

}  // namespace dsync

int main(int argc, char** argv) {
    if (argc < 7) {
        std::cerr << "usage: gp_drawing_sync ENV CLIENT_ID SECRET REFRESH COMPANY_ID PROJECT_ID\n";
        return 2;
    }
    const std::string env = argv[1];
    const std::int64_t company_id = std::stoll(argv[5]);
    const std::int64_t project_id = std::stoll(argv[6]);
    if (env == "sandbox")
        return dsync::run<dsync::DeveloperSandbox>(argv[2], argv[3], argv[4], company_id, project_id);
    if (env == "monthly")
        return dsync::run<dsync::MonthlySandbox>(argv[2], argv[3], argv[4], company_id, project_id);
    return dsync::run<dsync::Production>(argv[2], argv[3], argv[4], company_id, project_id);
}
