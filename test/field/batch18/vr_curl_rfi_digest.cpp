// rfi_digest: nightly digest of open RFIs per project, posted to the team's Slack channel.
// Runs from cron on the build box:  rfi_digest <company_id> [--project <id>]
// Build: g++ -std=c++17 -O2 rfi_digest.cpp -lcurl
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace {

using json = nlohmann::json;
using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

struct Environment {
    std::string_view name;
    std::string_view login;
    std::string_view api;
};

constexpr std::array<Environment, 3> kEnvironments{{
    {/*name=*/"production", /*login=*/"https://login.procore.com", /*api=*/"https://api.procore.com"},
    {/*name=*/"sandbox", /*login=*/"https://login-sandbox.procore.com", /*api=*/"https://sandbox.procore.com"},
    {/*name=*/"monthly", /*login=*/"https://login-sandbox-monthly.procore.com", /*api=*/"https://api-monthly.procore.com"},
}};

constexpr std::string_view kSlackWebhook = "https://hooks.slack.com/services/T024F7Q/B07QX1/rfi-digest";
constexpr std::string_view kWebApp = "https://app.procore.com";
constexpr int kPerPage = 100;

// ---- requests / responses ---------------------------------------------------
struct RefreshToken { std::string client_id, client_secret, refresh_token; };
struct GetMe {};
struct ListProjects { std::int64_t company_id; };
struct ListRfis { std::int64_t company_id; std::int64_t project_id; int page; };
struct PostSlack { std::string text; };
using Request = std::variant<RefreshToken, GetMe, ListProjects, ListRfis, PostSlack>;

struct Ok { long status; std::string body; };
struct Failed { std::string reason; };
using Response = std::variant<Ok, Failed>;

struct Session { Environment env; std::string access_token; };
Session g_session{/*env=*/kEnvironments[0], /*access_token=*/{}};

template <class T> struct is_procore_rest : std::false_type {};
template <> struct is_procore_rest<GetMe> : std::true_type {};
template <> struct is_procore_rest<ListProjects> : std::true_type {};
template <> struct is_procore_rest<ListRfis> : std::true_type {};

Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
Headers company(std::int64_t id) { return {{"Procore-Company-Id", std::to_string(id)}}; }
Headers json_body() { return {{"Content-Type", "application/json"}}; }
Headers merge(Headers a, const Headers& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string url_for(const Request& r) {
    const std::string api{g_session.env.api};
    return std::visit(overloaded{
        [&](const RefreshToken&) { return std::string(g_session.env.login) + "/oauth/token"; },
        [&](const GetMe&) { return api + "/rest/v1.0/me"; },
        [&](const ListProjects& q) { return api + "/rest/v1.0/projects?company_id=" + std::to_string(q.company_id); },
        [&](const ListRfis& q) {
            return api + "/rest/v1.1/projects/" + std::to_string(q.project_id) +
                   "/rfis?filters[status]=open&page=" + std::to_string(q.page) +
                   "&per_page=" + std::to_string(kPerPage);
        },
        [&](const PostSlack&) { return std::string(kSlackWebhook); },
    }, r);
}

Headers headers_for(const Request& r) {
    return std::visit([](const auto& q) -> Headers {
        using T = std::decay_t<decltype(q)>;
        if constexpr (std::is_same_v<T, RefreshToken>) {
            return {{"Content-Type", "application/x-www-form-urlencoded"}};
        } else if constexpr (std::is_same_v<T, ListProjects>) {
            return merge(bearer(g_session.access_token), company(q.company_id));
        } else if constexpr (is_procore_rest<T>::value) {
            return bearer(g_session.access_token);
        } else {
            return json_body();
        }
    }, r);
}

std::optional<std::string> body_for(const Request& r) {
    return std::visit(overloaded{
        [](const RefreshToken& q) -> std::optional<std::string> {
            return "grant_type=refresh_token&client_id=" + q.client_id + "&client_secret=" +
                   q.client_secret + "&refresh_token=" + q.refresh_token;
        },
        [](const PostSlack& q) -> std::optional<std::string> { return json{{"text", q.text}}.dump(); },
        [](const auto&) -> std::optional<std::string> { return std::nullopt; },
    }, r);
}

size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

Response send(const Request& r) {
    CURL* curl = curl_easy_init();
    if (!curl) return Failed{"curl_easy_init"};
    const auto url = url_for(r);
    const auto body = body_for(r);
    curl_slist* list = nullptr;
    for (const auto& [name, value] : headers_for(r))
        list = curl_slist_append(list, (name + ": " + value).c_str());
    std::string buf;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    if (body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &buf);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return Failed{curl_easy_strerror(rc)};
    return Ok{status, std::move(buf)};
}

std::optional<json> json_of(const Response& res) {
    return std::visit(overloaded{
        [](const Ok& ok) -> std::optional<json> {
            if (ok.status / 100 != 2) return std::nullopt;
            return json::parse(ok.body, nullptr, /*allow_exceptions=*/false);
        },
        [](const Failed& f) -> std::optional<json> {
            std::cerr << "request failed: " << f.reason << '\n';
            return std::nullopt;
        },
    }, res);
}

struct Rfi { std::int64_t id; std::string number; std::string subject; std::int64_t assignee_id; };

std::vector<Rfi> parse_rfis(const json& page) {
    std::vector<Rfi> out;
    for (const auto& item : page) {
        out.push_back(Rfi{
            /*id=*/item.at("id").get<std::int64_t>(),
            /*number=*/item.value("number", ""),
            /*subject=*/item.value("subject", ""),
            /*assignee_id=*/item["assignee"].is_object() ? item["assignee"]["id"].get<int>() : 0,
        });
    }
    return out;
}

std::string env_or(const char* name, std::string_view fallback) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string(fallback);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: rfi_digest <company_id> [--project <id>]\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    std::optional<std::int64_t> only_project;
    if (argc >= 4 && std::strcmp(argv[2], "--project") == 0) only_project = std::atoi(argv[3]);

    const auto env_name = env_or("PROCORE_ENV", "production");
    for (const auto& e : kEnvironments)
        if (e.name == env_name) g_session.env = e;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto token = json_of(send(RefreshToken{
        /*client_id=*/env_or("PROCORE_CLIENT_ID", ""),
        /*client_secret=*/env_or("PROCORE_CLIENT_SECRET", ""),
        /*refresh_token=*/env_or("PROCORE_REFRESH_TOKEN", ""),
    }));
    if (!token) return 1;
    g_session.access_token = token->value("access_token", "");

    if (const auto me = json_of(send(GetMe{})))
        std::cerr << "digest runs as " << me->value("login", "?") << '\n';

    std::map<std::int64_t, std::string> projects;
    if (const auto list = json_of(send(ListProjects{company_id})))
        for (const auto& p : *list) projects.emplace(p.at("id").get<std::int64_t>(), p.value("name", ""));

    std::string text = "*Open RFIs*\n";
    int total_open = 0;
    for (const auto& [project_id, name] : projects) {
        if (only_project && *only_project != project_id) continue;
        std::vector<Rfi> open;
        for (int page = 1;; ++page) {
            const auto batch = json_of(send(ListRfis{company_id, project_id, page}));
            if (!batch || batch->empty()) break;
            auto rfis = parse_rfis(*batch);
            open.insert(open.end(), rfis.begin(), rfis.end());
            if (static_cast<int>(batch->size()) < kPerPage) break;
        }
        total_open += static_cast<int>(open.size());
        text += "\n*" + name + "* (" + std::to_string(open.size()) + ")\n";
        for (const auto& [id, number, subject, assignee_id] : open) {
            text += "• <" + std::string(kWebApp) + "/" + std::to_string(company_id) + "/project/rfi/show/" +
                    std::to_string(id) + "?project_id=" + std::to_string(project_id) + "|#" + number + "> " +
                    subject + (assignee_id ? "" : " _(unassigned)_") + "\n";
        }
    }

    if (total_open > 0) send(PostSlack{text});
    curl_global_cleanup();
    return 0;
}
