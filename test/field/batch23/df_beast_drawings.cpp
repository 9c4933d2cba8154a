// drawing_mirror - keeps the plan room tablets in sync with the current drawing set.
//
// Pulls the drawing areas / drawings of a project and downloads the PDF of
// every revision newer than what the tablets have. Synchronous Beast over TLS;
// this runs as a nightly cron job, latency does not matter.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace plans {

using DrawingId = int;

struct RequestSpec {
    http::verb method = http::verb::get;
    std::string host = "api.procore.com";
    std::string port = "443";
    std::string target;
    std::string body;
    std::string content_type = "application/json";
    std::int64_t company_id = 0;  // 0 -> no company header
    int version = 11;
};

inline http::response<http::string_body> send(net::io_context& ioc, ssl::context& ctx,
                                              const RequestSpec& spec, const std::string& token = {}) {
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), spec.host.c_str());
    beast::get_lowest_layer(stream).connect(resolver.resolve(spec.host, spec.port));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{spec.method, spec.target, spec.version};
    req.set(http::field::host, spec.host);
    req.set(http::field::user_agent, "drawing-mirror/2.3");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (spec.company_id != 0) req.set("Procore-Company-Id", std::to_string(spec.company_id));
    if (!spec.body.empty()) {
        req.set(http::field::content_type, spec.content_type);
        req.body() = spec.body;
        req.prepare_payload();
    }
    http::write(stream, req);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);  // servers often just drop the connection
    return res;
}

// Short form for the common case: GET on the API host.
inline json get_json(net::io_context& ioc, ssl::context& ctx, const std::string& target,
                     const std::string& token, std::int64_t company_id = 0) {
    RequestSpec spec;
    spec.target = target;
    spec.company_id = company_id;
    auto res = send(ioc, ctx, spec, token);
    if (res.result() != http::status::ok) {
        std::cerr << target << " -> " << res.result_int() << "\n";
        return json::array();
    }
    return json::parse(res.body(), nullptr, false);
}

// Revision PDFs live on the file store behind presigned URLs; no auth header,
// the signature is in the query string.
inline bool download_pdf(net::io_context& ioc, ssl::context& ctx, const std::string& url,
                         const std::string& out_path, const std::string& default_host = "storage.procore.com") {
    RequestSpec spec;
    spec.host = default_host;
    spec.target = url;
    const std::string scheme = "https://";
    if (url.compare(0, scheme.size(), scheme) == 0) {
        const auto slash = url.find('/', scheme.size());
        spec.host = url.substr(scheme.size(), slash - scheme.size());
        spec.target = slash == std::string::npos ? "/" : url.substr(slash);
    }
    auto res = send(ioc, ctx, spec);
    if (res.result() != http::status::ok) return false;
    std::ofstream(out_path, std::ios::binary) << res.body();
    return true;
}

inline std::string exchange_code(net::io_context& ioc, ssl::context& ctx, const std::string& refresh_token,
                                 const std::string& login_host = "login.procore.com") {
    RequestSpec spec;
    spec.method = http::verb::post;
    spec.host = login_host;
    spec.target = "/oauth/token";
    spec.content_type = "application/x-www-form-urlencoded";
    spec.body = "grant_type=refresh_token&refresh_token=" + refresh_token +
                "&client_id=" + std::string(std::getenv("PC_CLIENT_ID")) +
                "&client_secret=" + std::string(std::getenv("PC_CLIENT_SECRET"));
    auto res = send(ioc, ctx, spec);
    auto j = json::parse(res.body(), nullptr, false);
    return j.is_object() ? j.value("access_token", "") : "";
}

inline void revoke(net::io_context& ioc, ssl::context& ctx, const std::string& token,
                   const std::string& host = "app.procore.com") {
    RequestSpec spec;
    spec.method = http::verb::post;
    spec.host = host;
    spec.target = "/oauth/revoke";
    spec.content_type = "application/x-www-form-urlencoded";
    spec.body = "token=" + token + "&client_id=" + std::string(std::getenv("PC_CLIENT_ID")) +
                "&client_secret=" + std::string(std::getenv("PC_CLIENT_SECRET"));
    send(ioc, ctx, spec);
}

}  // namespace plans

struct TabletState {
    std::map<plans::DrawingId, std::int64_t> last_revision;  // drawing -> revision id

    void load(const std::string& path) {
        std::ifstream in(path);
        std::int64_t d = 0, r = 0;
        while (in >> d >> r) last_revision[static_cast<plans::DrawingId>(d)] = r;
    }
    void save(const std::string& path) const {
        std::ofstream out(path);
        for (const auto& [d, r] : last_revision) out << d << ' ' << r << '\n';
    }
};

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: drawing_mirror <company_id> <project_id> <out_dir>\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const int project_id = std::stoi(argv[2]);
    const std::string out_dir = argv[3];

    net::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    const char* refresh = std::getenv("PC_REFRESH_TOKEN");
    const std::string token = plans::exchange_code(ioc, ctx, refresh ? refresh : "");
    if (token.empty()) return 1;

    auto companies = plans::get_json(ioc, ctx, "/rest/v1.0/companies", token);
    std::cout << "token sees " << companies.size() << " companies\n";

    TabletState state;
    state.load(out_dir + "/.state");

    const std::string pid = std::to_string(project_id);
    auto areas = plans::get_json(ioc, ctx, "/rest/v1.1/projects/" + pid + "/drawing_areas", token);

    int downloaded = 0;
    for (const auto& area : areas) {
        const std::int64_t area_id = area.at("id").get<std::int64_t>();
        auto drawings = plans::get_json(
            ioc, ctx, "/rest/v1.1/drawing_areas/" + std::to_string(area_id) + "/drawings", token, company_id);
        for (const auto& d : drawings) {
            const plans::DrawingId drawing_id = d.at("id").get<plans::DrawingId>();
            if (!d.contains("current_revision_id")) continue;
            const std::int64_t rev_id = d.at("current_revision_id").get<std::int64_t>();
            if (state.last_revision[drawing_id] == rev_id) continue;

            auto rev = plans::get_json(ioc, ctx,
                                       "/rest/v1.0/projects/" + pid + "/drawing_revisions/" + std::to_string(rev_id),
                                       token, company_id);
            const std::string pdf = rev.value("pdf_url", "");
            if (pdf.empty()) continue;
            const std::string file = out_dir + "/" + d.value("number", "unnumbered") + ".pdf";
            if (plans::download_pdf(ioc, ctx, pdf, file)) {
                state.last_revision[drawing_id] = rev_id;
                ++downloaded;
            }
        }
    }
    state.save(out_dir + "/.state");
    plans::revoke(ioc, ctx, token);
    std::cout << downloaded << " sheets updated; browse: https://app.procore.com/" << pid
              << "/project/drawing_log\n";
    return 0;
}
