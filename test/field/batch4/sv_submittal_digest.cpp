// sv_submittal_digest.cpp
//
// Morning digest for project managers: overdue submittals and open RFIs per
// project, grouped by whoever holds the ball, posted to the team's Slack
// channel. Runs against the developer sandbox until the integration is
// approved for production.

#include <curl/curl.h>
#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fs = std::filesystem;

constexpr std::string_view kLoginHost = "https://login-sandbox.procore.com";
constexpr std::string_view kApiHost = "https://sandbox.procore.com";
constexpr std::string_view kLegacyBase = "https://app.procore.com/vapid";
constexpr std::string_view kHelpLink =
    "https://support.procore.com/products/online/user-guide/project-level/submittals";

struct Header { std::string name; std::string value; };

struct Request {
    std::string method;
    std::string url;
    std::vector<Header> headers;
    std::string body;
};

Request get(std::string url) { return {"GET", std::move(url), {}, {}}; }

Request postJson(std::string url, std::string body) {
    return {"POST", std::move(url), {{"Content-Type", "application/json"}}, std::move(body)};
}

Request withHeader(Request req, std::string name, std::string value) {
    req.headers.push_back({std::move(name), std::move(value)});
    return req;
}

Request withCompany(Request req, int64_t companyId) {
    return withHeader(std::move(req), "Procore-Company-Id", std::to_string(companyId));
}

struct Response { long status = 0; std::string body; };

static size_t collect(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

Response perform(const Request& req) {
    Response resp;
    CURL* curl = curl_easy_init();
    curl_slist* list = nullptr;
    for (const auto& [name, value] : req.headers)
        list = curl_slist_append(list, (name + ": " + value).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    if (req.method == "POST") curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp.body);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp.status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    return resp;
}

// --- commands ---------------------------------------------------------------

struct GetProjects { int64_t companyId; };
struct ListSubmittals { int64_t companyId; int64_t projectId; };
struct ListRfis { int64_t companyId; int64_t projectId; };
using Command = std::variant<GetProjects, ListSubmittals, ListRfis>;

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

Request build(const Command& cmd, const Request& authed) {
    auto at = [&](std::string url) { auto r = authed; r.url = std::move(url); return r; };
    return std::visit(
        overloaded{
            [&](const GetProjects& c) {
                return withCompany(at(fmt::format("{}/rest/v1.0/companies/{}/projects", kApiHost,
                                                  c.companyId)),
                                   c.companyId);
            },
            [&](const ListSubmittals& c) {
                return withCompany(at(fmt::format("{}/rest/v1.1/projects/{}/submittals"
                                                  "?filters[overdue]=true", kApiHost, c.projectId)),
                                   c.companyId);
            },
            [&](const ListRfis& c) {
                std::ostringstream url;
                url << kApiHost << "/rest/v1.0/projects/" << c.projectId
                    << "/rfis?filters[status]=open";
                return withHeader(at(url.str()), "Procore-CompanyId", std::to_string(c.companyId));
            }},
        cmd);
}

struct Item {
    int64_t id = 0;
    std::string title;
    int daysOverdue = 0;
};

using UserId = int;  // ball-in-court / assignee user
using ByUser = std::map<UserId, std::vector<Item>>;

std::string slackPayload(std::string_view project, const ByUser& byUser,
                         const std::map<UserId, std::string>& names) {
    std::string text = fmt::format("*{}*\n", project);
    for (const auto& [userId, items] : byUser) {
        auto it = names.find(userId);
        text += fmt::format("{}: {} item(s)\n", it != names.end() ? it->second : "unassigned",
                            items.size());
        for (const auto& item : items) text.append("  - ").append(item.title).append("\n");
    }
    text += fmt::format("<{}|What is ball in court?>", kHelpLink);
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("text");
    w.String(text.c_str());
    w.EndObject();
    return buf.GetString();
}

int main() {
    const char* home = std::getenv("HOME");
    const fs::path cfgFile = fs::path(home ? home : ".") / ".submittal-digest.json";
    std::ifstream in(cfgFile);
    std::stringstream raw;
    raw << in.rdbuf();
    rapidjson::Document cfg;
    cfg.Parse(raw.str().c_str());
    if (!cfg.IsObject()) return std::fprintf(stderr, "bad %s\n", cfgFile.c_str()), 1;

    std::optional<int> companyOverride;
    if (const char* env = std::getenv("DIGEST_COMPANY_ID")) companyOverride = std::stoi(env);
    const int64_t companyId = companyOverride.value_or(cfg["company_id"].GetInt64());

    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::string form =
        fmt::format(R"({{"grant_type":"refresh_token","client_id":"{}",)"
                    R"("client_secret":"{}","refresh_token":"{}"}})",
                    cfg["client_id"].GetString(), cfg["client_secret"].GetString(),
                    cfg["refresh_token"].GetString());
    const auto tokenResp = perform(postJson(std::string{kLoginHost} + "/oauth/token", form));
    rapidjson::Document tok;
    tok.Parse(tokenResp.body.c_str());
    if (tokenResp.status != 200 || !tok.HasMember("access_token")) return 1;

    const Request authed = withHeader(get(""), "Authorization",
                                      std::string{"Bearer "} + tok["access_token"].GetString());
    auto scoped = authed;
    auto fetch = [scoped](std::string url) {
        auto r = scoped;
        r.url = std::move(url);
        return perform(r);
    };
    scoped = withCompany(scoped, companyId);

    rapidjson::Document projects;
    projects.Parse(perform(build(GetProjects{companyId}, authed)).body.c_str());
    if (!projects.IsArray()) return 1;

    for (const auto& p : projects.GetArray()) {
        const int64_t projectId = p["id"].GetInt64();
        ByUser byUser;
        std::map<UserId, std::string> names;

        rapidjson::Document users;
        const auto usersResp = fetch(fmt::format("{}/rest/v1.0/projects/{}/users", kApiHost,
                                                 projectId));
        users.Parse(usersResp.body.c_str());
        if (users.IsArray())
            for (const auto& u : users.GetArray())
                names[u["id"].GetInt64()] = u["name"].GetString();

        rapidjson::Document subs;
        subs.Parse(perform(build(ListSubmittals{companyId, projectId}, authed)).body.c_str());
        if (subs.IsArray()) {
            for (const auto& s : subs.GetArray()) {
                Item item{s["id"].GetInt64(), s["title"].GetString(), s["days_overdue"].GetInt()};
                const auto& bic = s["ball_in_court_id"];
                std::fprintf(stderr, "submittal %ld overdue %d days\n", item.id, item.daysOverdue);
                byUser[bic.IsNull() ? 0 : bic.GetInt64()].push_back(std::move(item));
            }
        }

        rapidjson::Document rfis;
        rfis.Parse(perform(build(ListRfis{companyId, projectId}, authed)).body.c_str());
        if (rfis.IsArray())
            for (const auto& r : rfis.GetArray())
                byUser[r["assignee_id"].GetInt64()].push_back(
                    {r["id"].GetInt64(), r["subject"].GetString(), 0});

        // Submittal packages are only exposed through the legacy endpoint.
        auto pkgReq = scoped;
        pkgReq.url = fmt::format("{}/projects/{}/submittal_packages", kLegacyBase, projectId);
        rapidjson::Document pkgs;
        pkgs.Parse(perform(pkgReq).body.c_str());
        const int packageCount = pkgs.IsArray() ? static_cast<int>(pkgs.Size()) : 0;

        if (byUser.empty()) continue;
        const auto slack = perform(postJson(cfg["slack_webhook"].GetString(),
                                            slackPayload(p["name"].GetString(), byUser, names)));
        std::printf("%s: %d packages, slack %ld\n", p["name"].GetString(), packageCount,
                    slack.status);
    }
    curl_global_cleanup();
    return 0;
}
