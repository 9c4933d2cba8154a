// submittal-digest: nightly job that pulls open submittals for every project
// in a company and posts a short digest to the team's Slack channel.
//
// Build: g++ -std=c++17 -DCPPHTTPLIB_OPENSSL_SUPPORT ad_httplib_submittal_digest.cpp -lssl -lcrypto
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace procore {
inline namespace v1 {

using CompanyKey = std::int64_t;
using ProjectKey = std::int64_t;
using SubmittalKey = int;

struct Hosts {
    static constexpr const char* kLogin = "https://login.procore.com";
    static constexpr const char* kApi = "https://api.procore.com";
    static constexpr const char* kRest = "/rest/v1.0";
    static constexpr const char* kWeb = "https://app.procore.com";
};

struct Project {
    ProjectKey id{};
    std::string name;
    bool active = true;
};

struct Submittal {
    SubmittalKey id{};
    std::string title;
    std::string status;
    std::int64_t created_by_id{};
    int revision = 0;
};

// Found by ADL from nlohmann::json::get<T>().
inline void from_json(const nlohmann::json& j, Project& p) {
    j.at("id").get_to(p.id);
    j.at("name").get_to(p.name);
    p.active = j.value("active", true);
}

inline void from_json(const nlohmann::json& j, Submittal& s) {
    j.at("id").get_to(s.id);
    s.title = j.value("title", "");
    s.status = j.contains("status") && j["status"].is_object()
                   ? j["status"].value("name", "")
                   : "";
    if (j.contains("created_by") && !j["created_by"].is_null())
        s.created_by_id = j["created_by"]["id"].get<int>();
    s.revision = j.value("revision", 0);
}

inline std::ostream& operator<<(std::ostream& os, const Submittal& s) {
    return os << "#" << s.id << " rev " << s.revision << " " << s.title
              << " [" << s.status << "]";
}

namespace detail {

struct Bearer {
    std::string token;
};

struct CompanyCtx {
    std::string token;
    CompanyKey company{};
};

// Customisation point: each context knows which headers it contributes.
inline void add_headers(httplib::Headers& h, const Bearer& b) {
    h.emplace("Authorization", "Bearer " + b.token);
}

inline void add_headers(httplib::Headers& h, const CompanyCtx& c) {
    h.emplace("Authorization", "Bearer " + c.token);
    h.emplace("Procore-Company-Id", std::to_string(c.company));
}

template <class Ctx>
httplib::Headers headers_for(const Ctx& ctx) {
    httplib::Headers h{{"Accept", "application/json"}};
    add_headers(h, ctx);  // ADL picks the overload for Ctx
    return h;
}

}  // namespace detail
}  // namespace v1
}  // namespace procore

namespace {

namespace pc = procore;
using nlohmann::json;
using pc::detail::headers_for;

struct Settings {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    std::string slack_webhook_path;
    pc::CompanyKey company{};
    int page_size = 100;
};

std::string env_or(const char* name, const char* fallback = "") {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

std::optional<std::string> refresh_access_token(const Settings& s) {
    httplib::Client login(pc::Hosts::kLogin);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", s.refresh_token},
                         {"client_id", s.client_id},
                         {"client_secret", s.client_secret}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return std::nullopt;
    return json::parse(res->body).at("access_token").get<std::string>();
}

std::string whoami(httplib::Client& api, const std::string& token) {
    auto res = api.Get(std::string(pc::Hosts::kRest) + "/me",
                       headers_for(pc::detail::Bearer{token}));
    if (!res || res->status != 200) return "unknown";
    return json::parse(res->body).value("login", "unknown");
}

std::vector<pc::Project> list_projects(httplib::Client& api, const std::string& token,
                                       pc::CompanyKey company, int per_page) {
    std::vector<pc::Project> out;
    for (int page = 1;; ++page) {
        std::ostringstream path;
        path << pc::Hosts::kRest << "/companies/" << company
             << "/projects?page=" << page << "&per_page=" << per_page;
        // company is in the path already, so only the bearer goes along
        auto res = api.Get(path.str(), headers_for(pc::detail::Bearer{token}));
        if (!res || res->status != 200) break;
        auto arr = json::parse(res->body);
        if (arr.empty()) break;
        for (const auto& p : arr) out.push_back(p.get<pc::Project>());
        if (static_cast<int>(arr.size()) < per_page) break;
    }
    return out;
}

std::vector<pc::Submittal> open_submittals(httplib::Client& api,
                                           const pc::detail::CompanyCtx& ctx,
                                           pc::ProjectKey project) {
    std::string path = std::string(pc::Hosts::kRest) + "/projects/" +
                       std::to_string(project) + "/submittals?filters[status_id]=1";
    auto res = api.Get(path, headers_for(ctx));
    std::vector<pc::Submittal> out;
    if (!res || res->status != 200) {
        std::cerr << "submittals " << project << ": "
                  << (res ? res->status : -1) << "\n";
        return out;
    }
    for (const auto& j : json::parse(res->body)) out.push_back(j.get<pc::Submittal>());
    return out;
}

std::string submittal_count_badge(httplib::Client& api, const std::string& token,
                                  pc::ProjectKey project) {
    auto path = std::string(pc::Hosts::kRest) + "/projects/" + std::to_string(project) +
                "/submittals/filter_options/status";
    auto res = api.Get(path, headers_for(pc::detail::Bearer{token}));
    if (!res || res->status != 200) return "?";
    return std::to_string(json::parse(res->body).size());
}

std::string project_link(pc::CompanyKey company, pc::ProjectKey project) {
    std::ostringstream url;
    url << pc::Hosts::kWeb << "/" << company << "/project/submittals/list?project_id="
        << project;
    return url.str();
}

bool post_to_slack(const Settings& s, const std::string& text) {
    httplib::Client slack("https://hooks.slack.com");
    json body = {{"text", text}};
    auto res = slack.Post(s.slack_webhook_path, body.dump(), "application/json");
    return res && res->status == 200;
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    s.client_id = env_or("PROCORE_CLIENT_ID");
    s.client_secret = env_or("PROCORE_CLIENT_SECRET");
    s.refresh_token = env_or("PROCORE_REFRESH_TOKEN");
    s.slack_webhook_path = env_or("SLACK_WEBHOOK_PATH");
    s.company = std::stoll(argc > 1 ? argv[1] : env_or("PROCORE_COMPANY_ID", "0"));
    if (argc > 2) s.page_size = std::stoi(argv[2]);

    auto token = refresh_access_token(s);
    if (!token) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    httplib::Client api(pc::Hosts::kApi);
    api.set_connection_timeout(10);
    std::cout << "running as " << whoami(api, *token) << "\n";

    pc::detail::CompanyCtx ctx{*token, s.company};
    std::ostringstream digest;
    int total = 0;
    for (const auto& project : list_projects(api, *token, s.company, s.page_size)) {
        if (!project.active) continue;
        auto subs = open_submittals(api, ctx, project.id);
        if (subs.empty()) continue;
        total += static_cast<int>(subs.size());
        digest << "*" << project.name << "* (" << subs.size() << " open, "
               << submittal_count_badge(api, *token, project.id) << " statuses) "
               << project_link(s.company, project.id) << "\n";
        for (const auto& sub : subs) digest << "  " << sub << "\n";
    }

    if (total == 0) return 0;
    if (!post_to_slack(s, digest.str())) {
        std::cerr << "slack post failed\n";
        return 2;
    }
    return 0;
}
