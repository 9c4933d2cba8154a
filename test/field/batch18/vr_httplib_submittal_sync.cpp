// submittal_sync: helper process for the estimating desktop plugin.
// Pulls a project's submittals from Procore, hands them to the plugin's local
// cache service, and pushes status changes made in the plugin back to Procore.
//   submittal_sync <project_id> [<submittal_id> <status_id>]
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace {

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

using HeaderList = std::vector<std::pair<std::string, std::string>>;
using SubmittalId = int;

constexpr std::string_view kLoginBase = "https://login.procore.com";
constexpr std::string_view kApiBase = "https://app.procore.com";
constexpr std::string_view kWebBase = "https://app.procore.com";
constexpr std::string_view kHelpLink =
    "https://support.procore.com/products/online/user-guide/project-level/submittals";
constexpr int kCachePort = 47315;

// Route table, indexed like the Request variant below.
constexpr std::array<std::string_view, 6> kRoutes{{
    /*RefreshToken*/ "/oauth/token",
    /*RevokeToken*/ "/oauth/revoke",
    /*ListCompanies*/ "/rest/v1.0/companies",
    /*ListSubmittals*/ "/rest/v1.1/projects/{project}/submittals",
    /*UpdateSubmittal*/ "/rest/v1.1/projects/{project}/submittals/{id}",
    /*PushToCache*/ "/cache/submittals",
}};

struct RefreshToken { std::string client_id, refresh_token; };
struct RevokeToken { std::string client_id, token; };
struct ListCompanies {};
struct ListSubmittals { std::int64_t company_id; std::int64_t project_id; int page; };
struct UpdateSubmittal { std::int64_t company_id; std::int64_t project_id; SubmittalId id; std::int64_t status_id; };
struct PushToCache { std::string payload; };
using Request = std::variant<RefreshToken, RevokeToken, ListCompanies, ListSubmittals, UpdateSubmittal, PushToCache>;

struct Reply { int status; std::string body; std::optional<std::string> total; };
struct NoReply { httplib::Error error; };
using Response = std::variant<Reply, NoReply>;

std::string g_access_token;

template <class T> constexpr bool is_oauth_v = std::is_same_v<T, RefreshToken> || std::is_same_v<T, RevokeToken>;
template <class T> constexpr bool is_local_v = std::is_same_v<T, PushToCache>;
template <class T> constexpr bool needs_company_v = std::is_same_v<T, ListSubmittals> || std::is_same_v<T, UpdateSubmittal>;

std::string fill(std::string_view route, std::int64_t project, std::int64_t id = 0) {
    std::string out{route};
    if (auto p = out.find("{project}"); p != std::string::npos) out.replace(p, 9, std::to_string(project));
    if (auto p = out.find("{id}"); p != std::string::npos) out.replace(p, 4, std::to_string(id));
    return out;
}

std::pair<std::string, std::string> target(const Request& r) {
    const auto route = kRoutes[r.index()];
    return std::visit([&](const auto& q) -> std::pair<std::string, std::string> {
        using T = std::decay_t<decltype(q)>;
        if constexpr (is_oauth_v<T>) return {std::string{kLoginBase}, std::string{route}};
        else if constexpr (is_local_v<T>) return {"http://127.0.0.1:" + std::to_string(kCachePort), std::string{route}};
        else if constexpr (std::is_same_v<T, ListSubmittals>)
            return {std::string{kApiBase}, fill(route, q.project_id) + "?page=" + std::to_string(q.page) + "&per_page=50"};
        else if constexpr (std::is_same_v<T, UpdateSubmittal>) return {std::string{kApiBase}, fill(route, q.project_id, q.id)};
        else return {std::string{kApiBase}, std::string{route}};
    }, r);
}

HeaderList headers_for(const Request& r) {
    return std::visit([](const auto& q) {
        using T = std::decay_t<decltype(q)>;
        HeaderList h{{"Accept", "application/json"}};
        if constexpr (!is_oauth_v<T> && !is_local_v<T>) h.emplace_back("Authorization", "Bearer " + g_access_token);
        if constexpr (needs_company_v<T>) h.emplace_back("Procore-Company-Id", std::to_string(q.company_id));
        return h;
    }, r);
}

std::optional<std::pair<std::string, std::string>> body_for(const Request& r) {
    using Body = std::optional<std::pair<std::string, std::string>>;
    return std::visit(overloaded{
        [](const RefreshToken& q) -> Body {
            return std::pair{"grant_type=refresh_token&client_id=" + q.client_id + "&refresh_token=" + q.refresh_token,
                             std::string{"application/x-www-form-urlencoded"}};
        },
        [](const RevokeToken& q) -> Body {
            return std::pair{"client_id=" + q.client_id + "&token=" + q.token, std::string{"application/x-www-form-urlencoded"}};
        },
        [](const UpdateSubmittal& q) -> Body {
            return std::pair{R"({"submittal":{"status_id":)" + std::to_string(q.status_id) + "}}", std::string{"application/json"}};
        },
        [](const PushToCache& q) -> Body { return std::pair{q.payload, std::string{"application/json"}}; },
        [](const auto&) -> Body { return std::nullopt; },
    }, r);
}

Response send(const Request& r) {
    const auto where = target(r);
    const std::string& path = where.second;
    httplib::Client cli(where.first);
    cli.set_connection_timeout(10);
    httplib::Headers headers;
    for (const auto& [k, v] : headers_for(r)) headers.emplace(k, v);
    const auto body = body_for(r);
    auto res = [&] {
        if (std::holds_alternative<UpdateSubmittal>(r)) return cli.Patch(path.c_str(), headers, body->first, body->second.c_str());
        if (body) return cli.Post(path.c_str(), headers, body->first, body->second.c_str());
        return cli.Get(path.c_str(), headers);
    }();
    if (!res) return NoReply{res.error()};
    std::optional<std::string> total;
    if (res->has_header("Total")) total = res->get_header_value("Total");
    return Reply{res->status, res->body, total};
}

struct Submittal { SubmittalId id; std::string title; std::string status; std::int64_t received_from_id; };

std::vector<Submittal> parse_page(const std::string& body) {
    rapidjson::Document doc;
    std::vector<Submittal> out;
    if (doc.Parse(body.c_str()).HasParseError() || !doc.IsArray()) return out;
    for (const auto& s : doc.GetArray()) {
        const bool has_from = s.HasMember("received_from") && s["received_from"].IsObject();
        out.push_back({
            /*id=*/s["id"].GetInt(),
            /*title=*/s["title"].IsString() ? s["title"].GetString() : "",
            /*status=*/s["status"].IsObject() ? s["status"]["name"].GetString() : "",
            /*received_from_id=*/has_from ? s["received_from"]["id"].GetInt() : 0,
        });
    }
    return out;
}

std::string to_cache_payload(std::int64_t project_id, const std::vector<Submittal>& items) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("project_id"); w.Int64(project_id);
    w.Key("help"); w.String(kHelpLink.data(), static_cast<rapidjson::SizeType>(kHelpLink.size()));
    w.Key("submittals"); w.StartArray();
    for (const auto& [id, title, status, from] : items) {
        const auto link = std::string{kWebBase} + "/projects/" + std::to_string(project_id) + "/tools/submittals/" + std::to_string(id);
        w.StartObject();
        w.Key("id"); w.Int(id);
        w.Key("title"); w.String(title.c_str());
        w.Key("status"); w.String(status.c_str());
        w.Key("received_from_id"); w.Int64(from);
        w.Key("link"); w.String(link.c_str());
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return sb.GetString();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) { std::cerr << "usage: submittal_sync <project_id> [<submittal_id> <status_id>]\n"; return 2; }
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    const char* client_id = std::getenv("PROCORE_CLIENT_ID");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!company_env || !client_id || !refresh) { std::cerr << "missing PROCORE_* environment\n"; return 2; }
    const std::int64_t company_id = std::strtoll(company_env, nullptr, 10);
    const std::int64_t project_id = std::stoll(argv[1]);

    const auto token = send(RefreshToken{/*client_id=*/client_id, /*refresh_token=*/refresh});
    if (const auto* ok = std::get_if<Reply>(&token); ok && ok->status == 200) {
        rapidjson::Document d;
        d.Parse(ok->body.c_str());
        g_access_token = d["access_token"].GetString();
    } else {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    const auto companies = send(ListCompanies{});
    if (const auto* c = std::get_if<Reply>(&companies); c && c->status == 403)
        std::cerr << "warning: token cannot list companies\n";

    std::vector<Submittal> all;
    for (int page = 1, pages = 1; page <= pages; ++page) {
        const auto res = send(ListSubmittals{company_id, project_id, page});
        const auto* ok = std::get_if<Reply>(&res);
        if (!ok || ok->status != 200) break;
        if (ok->total) pages = (std::stoi(*ok->total) + 49) / 50;
        auto batch = parse_page(ok->body);
        all.insert(all.end(), batch.begin(), batch.end());
    }
    send(PushToCache{to_cache_payload(project_id, all)});
    std::cout << all.size() << " submittals cached\n";

    if (argc >= 4) {
        const UpdateSubmittal change{
            /*company_id=*/company_id, /*project_id=*/project_id,
            /*id=*/std::stoi(argv[2]), /*status_id=*/std::stoll(argv[3])};
        std::visit(overloaded{
            [](const Reply& r) { std::cout << "update: HTTP " << r.status << '\n'; },
            [](const NoReply& n) { std::cerr << "update failed: " << httplib::to_string(n.error) << '\n'; },
        }, send(change));
    }
    send(RevokeToken{/*client_id=*/client_id, /*token=*/g_access_token});
    return 0;
}
