// submittal_nudger: finds submittals waiting on a reviewer for too long and
// posts a reminder to the project's Slack channel.
//
// procore_client.hpp was folded in here when we vendored the tool into the
// ops repo; keep the namespace so the other tools can still copy from it.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace procore {

using json = nlohmann::json;

inline constexpr const char* kApiHost = "api.procore.com";
inline constexpr const char* kLoginHost = "login.procore.com";
inline constexpr const char* kSandboxApiHost = "sandbox.procore.com";
inline constexpr const char* kSandboxLoginHost = "sandbox.procore.com";

struct ClientOptions {
    std::string api_host = kApiHost;
    std::string login_host = kLoginHost;
    int port = 443;
    std::int64_t company_id = 0;  // 0 = none
    std::string token;
    int timeout_sec = 20;
    int per_page = 50;
};

inline ClientOptions sandbox_options(std::int64_t company_id = 0) {
    ClientOptions o;
    o.api_host = kSandboxApiHost;
    o.login_host = kSandboxLoginHost;
    o.company_id = company_id;
    return o;
}

inline httplib::Headers make_headers(const std::string& token, std::int64_t company_id = 0,
                                     const std::string& accept = "application/json") {
    httplib::Headers h{{"Authorization", "Bearer " + token}, {"Accept", accept}};
    if (company_id != 0) h.emplace("Procore-Company-Id", std::to_string(company_id));
    return h;
}

inline std::unique_ptr<httplib::SSLClient> make_client(const std::string& host, int port = 443,
                                                       int timeout_sec = 20) {
    auto cli = std::make_unique<httplib::SSLClient>(host, port);
    cli->set_connection_timeout(timeout_sec, 0);
    cli->set_read_timeout(timeout_sec, 0);
    return cli;
}

inline std::unique_ptr<httplib::SSLClient> make_client(const ClientOptions& o) {
    return make_client(o.api_host, o.port, o.timeout_sec);
}

// GET overloads: explicit token/company, or everything from the options.
inline json get(httplib::SSLClient& cli, const std::string& path, const std::string& token,
                std::int64_t company_id = 0) {
    auto res = cli.Get(path, make_headers(token, company_id));
    if (!res || res->status != 200) return json::array();
    return json::parse(res->body, nullptr, false);
}

inline json get(httplib::SSLClient& cli, const std::string& path, const ClientOptions& o) {
    return get(cli, path, o.token, o.company_id);
}

inline std::string fetch_token(const ClientOptions& o, const std::string& refresh_token,
                               const std::string& grant = "refresh_token") {
    httplib::SSLClient auth(o.login_host, o.port);
    httplib::Params form{{"grant_type", grant},
                         {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                         {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                         {"refresh_token", refresh_token}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) return {};
    return json::parse(res->body).value("access_token", "");
}

}  // namespace procore

struct StaleSubmittal {
    int id = 0;
    std::int64_t project_id = 0;
    std::int64_t ball_in_court_id = 0;
    std::string number;
    std::string title;
    int days_waiting = 0;
};

static std::vector<StaleSubmittal> find_stale(httplib::SSLClient& cli, const procore::ClientOptions& opts,
                                              std::int64_t project_id, int max_days = 7) {
    std::vector<StaleSubmittal> out;
    for (int page = 1; page < 20; ++page) {
        auto list = procore::get(cli,
                                 "/rest/v1.1/projects/" + std::to_string(project_id) +
                                     "/submittals?filters[status_id]=2&page=" + std::to_string(page) +
                                     "&per_page=" + std::to_string(opts.per_page),
                                 opts);
        if (!list.is_array() || list.empty()) break;
        for (const auto& s : list) {
            int waited = s.value("days_in_review", 0);
            if (waited < max_days) continue;
            StaleSubmittal st;
            st.id = s.at("id").get<int>();
            st.project_id = project_id;
            if (s.contains("ball_in_court") && !s["ball_in_court"].empty())
                st.ball_in_court_id = s["ball_in_court"][0].at("id").get<std::int64_t>();
            st.number = s.value("number", "");
            st.title = s.value("title", "");
            st.days_waiting = waited;
            out.push_back(st);
        }
    }
    return out;
}

static std::string reviewer_name(httplib::SSLClient& cli, const procore::ClientOptions& opts,
                                 std::int64_t project_id, std::int64_t user_id) {
    auto u = procore::get(cli,
                          "/rest/v1.0/projects/" + std::to_string(project_id) + "/users/" +
                              std::to_string(user_id),
                          opts.token);
    return u.is_object() ? u.value("name", "reviewer") : "reviewer";
}

static void add_reminder_comment(httplib::SSLClient& cli, const procore::ClientOptions& opts,
                                 const StaleSubmittal& s) {
    procore::json body = {{"submittal", {{"message", "Automated reminder: waiting " +
                                                         std::to_string(s.days_waiting) + " days"}}}};
    auto res = cli.Patch("/rest/v1.1/projects/" + std::to_string(s.project_id) + "/submittals/" +
                             std::to_string(s.id),
                         procore::make_headers(opts.token, opts.company_id), body.dump(),
                         "application/json");
    if (!res || res->status >= 300)
        std::cerr << "comment on submittal " << s.id << " failed\n";
}

static void post_to_slack(const std::string& webhook_path, const std::string& text) {
    httplib::SSLClient slack("hooks.slack.com", 443);
    procore::json msg = {{"text", text}};
    slack.Post(webhook_path, msg.dump(), "application/json");
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittal_nudger <company_id> <project_id> [--sandbox]\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const std::int64_t project_id = std::stoll(argv[2]);
    const bool sandbox = argc > 3 && std::string(argv[3]) == "--sandbox";

    procore::ClientOptions opts = sandbox ? procore::sandbox_options(company_id) : procore::ClientOptions{};
    if (!sandbox) opts.company_id = company_id;

    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    opts.token = procore::fetch_token(opts, refresh ? refresh : "");
    if (opts.token.empty()) {
        std::cerr << "could not refresh token\n";
        return 1;
    }

    auto client = procore::make_client(opts);
    httplib::SSLClient& cli = *client;

    auto me = procore::get(cli, "/rest/v1.0/me", opts.token);
    std::cout << "running as " << me.value("login", "?") << "\n";

    auto project = procore::get(cli, "/rest/v1.0/projects/" + std::to_string(project_id), opts.token,
                                opts.company_id);
    const std::string project_name = project.is_object() ? project.value("name", "") : "";

    // package count for the summary line; quick one-off, hence no helper
    httplib::Headers pkg_headers{{"Authorization", "Bearer " + opts.token},
                                 {"Procore-CompanyId", std::to_string(company_id)}};
    auto pkgs = cli.Get("/rest/v1.0/projects/" + std::to_string(project_id) + "/submittal_packages",
                        pkg_headers);
    const int package_count =
        (pkgs && pkgs->status == 200) ? static_cast<int>(procore::json::parse(pkgs->body).size()) : 0;

    const char* hook = std::getenv("SLACK_WEBHOOK_PATH");
    auto stale = find_stale(cli, opts, project_id);
    for (const auto& s : stale) {
        const std::string who = reviewer_name(cli, opts, project_id, s.ball_in_court_id);
        add_reminder_comment(cli, opts, s);
        const std::string link = "https://app.procore.com/" + std::to_string(project_id) +
                                 "/project/submittal_logs/" + std::to_string(s.id);
        if (hook)
            post_to_slack(hook, project_name + ": submittal " + s.number + " (" + s.title + ") waiting on " +
                                    who + " for " + std::to_string(s.days_waiting) + " days. " + link);
    }
    std::cout << stale.size() << " stale submittals in " << package_count << " packages\n";
    return 0;
}
