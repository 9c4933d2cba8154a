// timecard_push: uploads the gate kiosk's clock punches to Procore timecards.
// The kiosk drops a CSV (badge,project_id,date,hours,crew_id) every evening;
// this tool matches badges to company directory users and creates the entries.
//   timecard_push <company_id> <punches.csv>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kLoginHost = "login.procore.com";
constexpr std::string_view kApiHost = "api.procore.com";
constexpr std::string_view kWebHost = "https://us02.procore.com";
constexpr std::string_view kHttpsPort = "443";
constexpr int kPerPage = 200;

struct RefreshToken { std::string client_id, client_secret, refresh_token; };
struct GetMe {};
struct ListCompanyUsers { std::int64_t company_id; int page; };
struct CreateTimecardEntry { std::int64_t company_id; std::int64_t project_id; json entry; };
using Request = std::variant<RefreshToken, GetMe, ListCompanyUsers, CreateTimecardEntry>;

struct Reply { unsigned status; std::string body; };
struct TransportError { std::string what; };
using Response = std::variant<Reply, TransportError>;

enum class Scope { OAuth, Unscoped, Company };
template <class T> constexpr Scope scope_v = Scope::Company;
template <> constexpr Scope scope_v<RefreshToken> = Scope::OAuth;
template <> constexpr Scope scope_v<GetMe> = Scope::Unscoped;
template <> constexpr Scope scope_v<ListCompanyUsers> = Scope::Unscoped;  // company id is already in the path

struct Punch { std::string badge; std::int64_t project_id; std::string date; double hours; long crew_id; };

std::string g_token;

Headers common() { return {{"Accept", "application/json"}, {"User-Agent", "timecard-push/1.4"}}; }
Headers with(Headers a, Headers b) {
    a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
    return a;
}

std::pair<std::string, std::string> endpoint(const Request& r) {
    return std::visit(overloaded{
        [](const RefreshToken&) { return std::pair{std::string{kLoginHost}, std::string{"/oauth/token"}}; },
        [](const GetMe&) { return std::pair{std::string{kApiHost}, std::string{"/rest/v1.0/me"}}; },
        [](const ListCompanyUsers& q) {
            return std::pair{std::string{kApiHost}, "/rest/v1.0/companies/" + std::to_string(q.company_id) +
                                                        "/users?page=" + std::to_string(q.page) + "&per_page=" + std::to_string(kPerPage)};
        },
        [](const CreateTimecardEntry& q) {
            return std::pair{std::string{kApiHost}, "/rest/v1.0/projects/" + std::to_string(q.project_id) + "/timecard_entries"};
        },
    }, r);
}

Headers headers_for(const Request& r) {
    return std::visit([](const auto& q) -> Headers {
        using T = std::decay_t<decltype(q)>;
        if constexpr (scope_v<T> == Scope::OAuth) return with(common(), {{"Content-Type", "application/json"}});
        else if constexpr (scope_v<T> == Scope::Unscoped) return with(common(), {{"Authorization", "Bearer " + g_token}});
        else
            return with(common(), {{"Authorization", "Bearer " + g_token},
                                   {"Procore-Company-Id", std::to_string(q.company_id)},
                                   {"Content-Type", "application/json"}});
    }, r);
}

std::optional<std::string> body_for(const Request& r) {
    return std::visit(overloaded{
        [](const RefreshToken& q) -> std::optional<std::string> {
            return json{{"grant_type", "refresh_token"}, {"client_id", q.client_id},
                        {"client_secret", q.client_secret}, {"refresh_token", q.refresh_token}}.dump();
        },
        [](const CreateTimecardEntry& q) -> std::optional<std::string> { return json{{"timecard_entry", q.entry}}.dump(); },
        [](const auto&) -> std::optional<std::string> { return std::nullopt; },
    }, r);
}

Response send(const Request& r) {
    try {
        const auto [host, target] = endpoint(r);
        const auto body = body_for(r);
        net::io_context ioc;
        ssl::context ctx{ssl::context::tlsv12_client};
        ctx.set_default_verify_paths();
        beast::ssl_stream<beast::tcp_stream> stream{ioc, ctx};
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        tcp::resolver resolver{ioc};
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, kHttpsPort));
        stream.handshake(ssl::stream_base::client);

        http::request<http::string_body> req{body ? http::verb::post : http::verb::get, target, 11};
        req.set(http::field::host, host);
        for (const auto& [name, value] : headers_for(r)) req.set(name, value);
        if (body) {
            req.body() = *body;
            req.prepare_payload();
        }
        http::write(stream, req);

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return Reply{res.result_int(), std::move(res.body())};
    } catch (const std::exception& e) {
        return TransportError{e.what()};
    }
}

std::optional<json> ok_json(const Response& res) {
    if (const auto* r = std::get_if<Reply>(&res); r && r->status / 100 == 2)
        return json::parse(r->body, nullptr, false);
    return std::nullopt;
}

std::vector<Punch> read_punches(const std::string& path) {
    std::vector<Punch> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header row
    while (std::getline(in, line)) {
        std::istringstream row(line);
        std::array<std::string, 5> f;
        for (auto& cell : f) std::getline(row, cell, ',');
        out.push_back(Punch{/*badge=*/f[0], /*project_id=*/std::stoll(f[1]), /*date=*/f[2],
                            /*hours=*/std::stod(f[3]), /*crew_id=*/std::stoll(f[4])});
    }
    return out;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: timecard_push <company_id> <punches.csv>\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const auto punches = read_punches(argv[2]);

    const auto token = ok_json(send(RefreshToken{env("PROCORE_CLIENT_ID"), env("PROCORE_CLIENT_SECRET"), env("PROCORE_REFRESH_TOKEN")}));
    if (!token) return 1;
    g_token = token->value("access_token", "");

    if (const auto me = ok_json(send(GetMe{}))) std::clog << "pushing as " << me->value("login", "") << '\n';

    std::unordered_map<std::string, std::int64_t> badge_to_party;
    for (int page = 1;; ++page) {
        const auto users = ok_json(send(ListCompanyUsers{company_id, page}));
        if (!users || users->empty()) break;
        for (const auto& u : *users)
            if (u.contains("employee_id") && u["employee_id"].is_string())
                badge_to_party.emplace(u["employee_id"].get<std::string>(), u["id"].get<std::int64_t>());
        if (static_cast<int>(users->size()) < kPerPage) break;
    }

    int created = 0, unmatched = 0;
    for (const auto& [badge, project_id, date, hours, crew_id] : punches) {
        const auto party = badge_to_party.find(badge);
        if (party == badge_to_party.end()) { ++unmatched; continue; }
        const json entry{{"party_id", party->second}, {"date", date}, {"hours", hours}, {"crew_id", crew_id}};
        const auto res = ok_json(send(CreateTimecardEntry{company_id, project_id, entry}));
        if (!res) {
            std::cerr << "failed for badge " << badge << " on " << date << '\n';
            continue;
        }
        const auto entry_id = (*res)["id"].get<int>();
        std::clog << "created " << kWebHost << "/" << project_id << "/project/timesheets/entries/" << entry_id << '\n';
        ++created;
    }
    std::cout << created << " entries created, " << unmatched << " unmatched badges\n";
    return 0;
}
