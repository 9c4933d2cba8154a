// tm_drawing_sync.cpp -- mirror current drawing sets of one project to a local folder.
//
//   drawing-sync [--sandbox] <company_id> <project_id> <out_dir>
//   env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_REFRESH_TOKEN
//
// Boost.Beast over TLS, boost::property_tree for JSON. Header sets are declared
// per endpoint as type lists and expanded by the client.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace pt = boost::property_tree;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// ---- environments ----------------------------------------------------------
struct ProductionEnv {
    static constexpr const char* login_host = "login.procore.com";
    static constexpr const char* api_host = "api.procore.com";
};
struct SandboxEnv {
    static constexpr const char* login_host = "sandbox.procore.com";
    static constexpr const char* api_host = "sandbox.procore.com";
};

// ---- transport ---------------------------------------------------------------
class BeastTransport {
  public:
    BeastTransport() : ctx_(ssl::context::tls_client) {
        ctx_.set_default_verify_paths();
        ctx_.set_verify_mode(ssl::verify_peer);
    }

    Response send(const std::string& host, Request& req) {
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, host);
        req.set(http::field::user_agent, "drawing-sync/2.3");
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        Response res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);  // servers commonly drop the connection; not an error for us
        return res;
    }

  private:
    net::io_context ioc_;
    ssl::context ctx_;
};

// ---- header fields as types ----------------------------------------------------
struct Ctx {
    std::string token;
    std::int64_t company_id;
};
struct AuthField {
    static void apply(Request& r, const Ctx& c) { r.set(http::field::authorization, "Bearer " + c.token); }
};
struct AcceptJson {
    static void apply(Request& r, const Ctx&) { r.set(http::field::accept, "application/json"); }
};
struct CompanyField {
    static void apply(Request& r, const Ctx& c) { r.set("Procore-Company-Id", std::to_string(c.company_id)); }
};
template <class... Fields>
struct header_set {
    static void apply(Request& r, const Ctx& c) { (Fields::apply(r, c), ...); }
};
using rest_headers = header_set<AuthField, AcceptJson, CompanyField>;

// ---- endpoints -------------------------------------------------------------------
template <class Derived>
struct Endpoint {
    std::string target() const { return static_cast<const Derived*>(this)->path(); }
};

struct DrawingAreas : Endpoint<DrawingAreas> {
    using headers = rest_headers;
    std::int64_t project_id;
    std::string path() const { return "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas"; }
};
struct Drawings : Endpoint<Drawings> {
    using headers = rest_headers;
    std::int64_t project_id;
    std::int64_t area_id;
    std::string path() const {
        return "/rest/v1.1/drawing_areas/" + std::to_string(area_id) + "/drawings?project_id=" +
               std::to_string(project_id);
    }
};
struct DrawingRevisions : Endpoint<DrawingRevisions> {
    using headers = header_set<AuthField, AcceptJson>;  // project is already in the path
    std::int64_t project_id;
    std::int64_t drawing_id;
    std::string path() const {
        return "/rest/v1.0/projects/" + std::to_string(project_id) +
               "/drawing_revisions?filters[drawing_id]=" + std::to_string(drawing_id);
    }
};

// ---- auth policy -------------------------------------------------------------------
struct RefreshTokenGrant {
    std::string client_id, client_secret, refresh_token, access_token;

    template <class Env, class Transport>
    void refresh(Transport& t) {
        Request req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + client_secret +
                     "&refresh_token=" + refresh_token;
        Response res = t.send(Env::login_host, req);
        if (res.result() != http::status::ok) throw std::runtime_error("token refresh failed");
        std::istringstream in(res.body());
        pt::ptree tree;
        pt::read_json(in, tree);
        access_token = tree.get<std::string>("access_token");
        refresh_token = tree.get<std::string>("refresh_token", refresh_token);
    }
};

// ---- client --------------------------------------------------------------------------
template <class Env, class Transport, class AuthPolicy>
class Client {
  public:
    Client(AuthPolicy auth, std::int64_t company_id) : auth_(std::move(auth)), company_id_(company_id) {}

    void login() { auth_.template refresh<Env>(transport_); }

    template <class Ep>
    pt::ptree fetch(const Ep& ep) {
        Request req{http::verb::get, ep.target(), 11};
        Ep::headers::apply(req, Ctx{auth_.access_token, company_id_});
        Response res = transport_.send(Env::api_host, req);
        if (res.result_int() >= 300)
            throw std::runtime_error(ep.target() + " -> " + std::to_string(res.result_int()));
        std::istringstream in(res.body());
        pt::ptree tree;
        pt::read_json(in, tree);
        return tree;
    }

    // presigned storage URL: no Procore auth, no headers
    std::string download(const std::string& url) {
        const auto host_begin = url.find("://") + 3;
        const auto path_begin = url.find('/', host_begin);
        Request req{http::verb::get, url.substr(path_begin), 11};
        return transport_.send(url.substr(host_begin, path_begin - host_begin), req).body();
    }

  private:
    Transport transport_;
    AuthPolicy auth_;
    std::int64_t company_id_;
};

// ---- sync ------------------------------------------------------------------------------
template <class Env>
int run(std::int64_t company_id, std::int64_t project_id, const std::string& out_dir) {
    RefreshTokenGrant auth{std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                           std::getenv("PROCORE_REFRESH_TOKEN"), {}};
    Client<Env, BeastTransport, RefreshTokenGrant> client(auth, company_id);
    client.login();

    std::map<unsigned, std::string> synced;  // drawing id -> revision number on disk
    int downloaded = 0;

    const pt::ptree areas = client.fetch(DrawingAreas{{}, project_id});
    for (const auto& area : areas) {
        const auto area_id = area.second.get<std::int64_t>("id");
        const pt::ptree drawings = client.fetch(Drawings{{}, project_id, area_id});
        for (const auto& d : drawings) {
            const int drawing_id = d.second.get<int>("id");
            const std::string number = d.second.get<std::string>("number", "unnumbered");
            const pt::ptree revisions = client.fetch(DrawingRevisions{{}, project_id, drawing_id});
            for (const auto& rev : revisions) {
                const std::string rev_no = rev.second.get<std::string>("revision_number", "0");
                if (synced[drawing_id] == rev_no) continue;
                const std::string pdf = client.download(rev.second.get<std::string>("pdf_url"));
                std::ofstream(out_dir + "/" + number + "_rev" + rev_no + ".pdf", std::ios::binary) << pdf;
                synced[drawing_id] = rev_no;
                ++downloaded;
            }
        }
    }
    std::cout << "downloaded " << downloaded << " sheets; review at https://app.procore.com/"
              << project_id << "/project/drawing_areas\n";
    return 0;
}

int main(int argc, char** argv) try {
    int arg = 1;
    const bool sandbox = argc > 1 && std::string(argv[1]) == "--sandbox";
    if (sandbox) ++arg;
    if (argc - arg < 3) {
        std::cerr << "usage: drawing-sync [--sandbox] <company_id> <project_id> <out_dir>\n";
        return 64;
    }
    const std::int64_t company_id = std::stoll(argv[arg]);
    const std::int64_t project_id = std::stoll(argv[arg + 1]);
    return sandbox ? run<SandboxEnv>(company_id, project_id, argv[arg + 2])
                   : run<ProductionEnv>(company_id, project_id, argv[arg + 2]);
} catch (const std::exception& e) {
    std::cerr << "drawing-sync: " << e.what() << "\n";
    return 1;
}
