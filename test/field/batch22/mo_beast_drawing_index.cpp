// drawing-index: dumps a project's drawing index (area, number, title, current
// revision) to CSV for the document control team. Synchronous Beast over TLS.
//
//   drawing-index [--sandbox] <company_id> <project_id> > index.csv
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using namespace std::literals;

namespace {

struct Hosts {
    std::string_view login;
    std::string_view api;
};

constexpr Hosts kProduction{"login.procore.com", "api.procore.com"};
constexpr Hosts kSandbox{"sandbox.procore.com", "sandbox.procore.com"};

namespace paths {
constexpr auto kToken = "/oauth/token"sv;
constexpr auto kCompanies = "/rest/v1.0/companies"sv;
constexpr auto kDrawingAreas = "/rest/v1.0/projects/{}/drawing_areas"sv;
constexpr auto kDrawings = "/rest/v1.0/projects/{}/drawing_areas/{}/drawings"sv;
constexpr auto kRevisions = "/rest/v1.0/projects/{}/drawing_revisions?filters[drawing_id]={}"sv;
} // namespace paths

// expand("/projects/{}/x/{}", 1, 2) -> "/projects/1/x/2"
template <typename... Args>
std::string expand(std::string_view tmpl, const Args&... args) {
    std::string out;
    auto put = [&](const auto& arg) {
        const auto pos = tmpl.find("{}");
        out.append(tmpl.substr(0, pos));
        if constexpr (std::is_integral_v<std::decay_t<decltype(arg)>>)
            out += std::to_string(arg);
        else
            out.append(arg);
        tmpl.remove_prefix(pos + 2);
    };
    (put(args), ...);
    out.append(tmpl);
    return out;
}

using HeaderField = std::pair<std::string_view, std::string>;

auto bearer(const std::string& token) { return HeaderField{"Authorization", "Bearer " + token}; }
auto company(std::int64_t id) { return HeaderField{"Procore-Company-Id", std::to_string(id)}; }

struct DrawingArea {
    std::uint32_t id;
    std::string name;
};

struct Drawing {
    std::int64_t id;
    std::string number;
    std::string title;
    std::string discipline;
};

class TlsClient {
public:
    TlsClient(net::io_context& ioc, ssl::context& ctx) : ioc_(ioc), ctx_(ctx) {}

    template <typename... Fields>
    http::response<http::string_body> request(std::string_view host, http::verb verb, std::string_view target,
                                              std::string body, const Fields&... fields) {
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        const std::string host_str(host);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), host_str.c_str()))
            throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                        net::error::get_ssl_category()));
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(host_str, "443"));
        stream.handshake(ssl::stream_base::client);

        http::request<http::string_body> req{verb, beast::string_view(target.data(), target.size()), 11};
        req.set(http::field::host, host_str);
        req.set(http::field::user_agent, "drawing-index/2.3");
        (req.set(beast::string_view(fields.first.data(), fields.first.size()), fields.second), ...);
        if (!body.empty()) {
            req.set(http::field::content_type, "application/x-www-form-urlencoded");
            req.body() = std::move(body);
        }
        req.prepare_payload();
        http::write(stream, req);

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec); // servers often skip close_notify
        return res;
    }

private:
    net::io_context& ioc_;
    ssl::context& ctx_;
};

std::optional<std::string> fetch_token(TlsClient& tls, const Hosts& hosts) {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!id || !secret || !refresh) return std::nullopt;
    std::string form = "grant_type=refresh_token&client_id="s + id + "&client_secret=" + secret +
                       "&refresh_token=" + refresh;
    auto res = tls.request(hosts.login, http::verb::post, paths::kToken, std::move(form));
    if (res.result() != http::status::ok) return std::nullopt;
    return json::parse(res.body()).at("access_token").get<std::string>();
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    const bool sandbox = !args.empty() && args.front() == "--sandbox";
    if (sandbox) args.erase(args.begin());
    if (args.size() != 2) {
        std::cerr << "usage: drawing-index [--sandbox] <company_id> <project_id>\n";
        return 2;
    }
    const auto& hosts = sandbox ? kSandbox : kProduction;
    const std::int64_t company_id = std::stoll(std::string(args[0]));
    const std::int64_t project_id = std::stoll(std::string(args[1]));

    try {
        net::io_context ioc;
        ssl::context ctx{ssl::context::tlsv12_client};
        ctx.set_default_verify_paths();
        ctx.set_verify_mode(ssl::verify_peer);
        TlsClient tls(ioc, ctx);

        const auto token = fetch_token(tls, hosts);
        if (!token) {
            std::cerr << "could not refresh token\n";
            return 1;
        }

        // make sure the user can see the company before walking the project
        auto companies = tls.request(hosts.api, http::verb::get, paths::kCompanies, {}, bearer(*token));
        if (companies.result() != http::status::ok) {
            std::cerr << "GET companies: " << companies.result_int() << '\n';
            return 1;
        }

        auto areas_res = tls.request(hosts.api, http::verb::get, expand(paths::kDrawingAreas, project_id), {},
                                     bearer(*token), company(company_id));
        std::vector<DrawingArea> areas;
        for (const auto& a : json::parse(areas_res.body()))
            areas.push_back({a.at("id").get<std::uint32_t>(), a.at("name").get<std::string>()});

        std::cout << "area,number,title,discipline,revision\n";
        int total = 0;
        for (const auto& [area_id, area_name] : areas) {
            auto drawings_res = tls.request(hosts.api, http::verb::get,
                                            expand(paths::kDrawings, project_id, area_id), {}, bearer(*token));
            for (const auto& d : json::parse(drawings_res.body())) {
                Drawing dr{d.at("id").get<std::int64_t>(), d.value("number", ""), d.value("title", ""),
                           d.contains("discipline") ? d["discipline"].value("name", "") : ""};

                auto rev_res = tls.request(hosts.api, http::verb::get,
                                           expand(paths::kRevisions, project_id, dr.id), {}, bearer(*token),
                                           company(company_id));
                std::string rev = "-";
                if (auto revs = json::parse(rev_res.body()); revs.is_array() && !revs.empty())
                    rev = revs.back().value("revision_number", "-");

                std::cout << area_name << ',' << dr.number << ",\"" << dr.title << "\"," << dr.discipline << ','
                          << rev << '\n';
                ++total;
            }
        }
        std::cerr << total << " drawings; open https://app.procore.com/" << project_id
                  << "/project/drawing_areas to review\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
