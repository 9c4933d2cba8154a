// tm_multi_env_cli.cpp -- `pcx`, the integrations team's Procore CLI.
//
//   pcx [--env prod|sandbox|monthly] whoami
//   pcx [--env ...] companies
//   pcx [--env ...] projects <company_id>
//   pcx [--env ...] company-users <company_id>
//   pcx [--env ...] project-users <company_id> <project_id>
//
// Tokens come from ~/.config/pcx/<env>.json ({"refresh_token": ..., "client_id": ..., "client_secret": ...}).

#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

using json = nlohmann::json;

namespace pcx {

// ---- environments --------------------------------------------------------------
struct Prod {
    static constexpr std::string_view name = "prod";
    static constexpr const char* login = "https://login.procore.com";
    static constexpr const char* api = "https://api.procore.com";
};
struct DevSandbox {
    static constexpr std::string_view name = "sandbox";
    static constexpr const char* login = "https://login-sandbox.procore.com";
    static constexpr const char* api = "https://sandbox.procore.com";
};
struct MonthlySandbox {
    static constexpr std::string_view name = "monthly";
    static constexpr const char* api = "https://api-monthly.procore.com";
};

// Environments without a dedicated login host authenticate against their API host.
template <class Env, class = void>
struct login_base { static constexpr const char* value = Env::api; };
template <class Env>
struct login_base<Env, std::void_t<decltype(Env::login)>> { static constexpr const char* value = Env::login; };

// ---- endpoint descriptions -------------------------------------------------------
constexpr std::string_view kAccountPrefix = "/rest/v1.0/companies";

template <class Derived>
struct Endpoint {
    std::string path() const { return static_cast<const Derived*>(this)->build(); }
};

struct Me : Endpoint<Me> {
    static constexpr std::string_view route = "/rest/v1.0/me";
    std::string build() const { return std::string(route); }
};
struct Companies : Endpoint<Companies> {
    static constexpr std::string_view route = "/rest/v1.0/companies";
    std::string build() const { return std::string(route); }
};
struct Projects : Endpoint<Projects> {
    static constexpr std::string_view route = "/rest/v1.0/projects";
    std::int64_t company_id;
    std::string build() const { return std::string(route) + "?company_id=" + std::to_string(company_id); }
};
struct CompanyUsers : Endpoint<CompanyUsers> {
    static constexpr std::string_view route = "/rest/v1.0/companies/";
    std::int64_t company_id;
    std::string build() const { return std::string(route) + std::to_string(company_id) + "/users"; }
};
struct ProjectUsers : Endpoint<ProjectUsers> {
    static constexpr std::string_view route = "/rest/v1.0/projects/";
    std::int64_t project_id;
    std::string build() const { return std::string(route) + std::to_string(project_id) + "/users"; }
};

// /me and the account-level company list are not company scoped.
template <class Ep>
constexpr bool account_level_v =
    Ep::route == Me::route || Ep::route.substr(0, kAccountPrefix.size()) == kAccountPrefix;

// ---- session ---------------------------------------------------------------------
template <class Env>
class Session {
  public:
    explicit Session(const json& creds) : creds_(creds) {}

    void refresh() {
        cpr::Response r = cpr::Post(cpr::Url{std::string(login_base<Env>::value) + "/oauth/token"},
                                    cpr::Payload{{"grant_type", "refresh_token"},
                                                 {"client_id", creds_.at("client_id").get<std::string>()},
                                                 {"client_secret", creds_.at("client_secret").get<std::string>()},
                                                 {"refresh_token", creds_.at("refresh_token").get<std::string>()}});
        if (r.status_code != 200) throw std::runtime_error("refresh failed: HTTP " + std::to_string(r.status_code));
        token_ = json::parse(r.text).at("access_token").get<std::string>();
    }

    template <class Ep>
    json get(const Ep& ep, std::int64_t company_id = 0) {
        cpr::Header headers{{"Accept", "application/json"}};
        if constexpr (!account_level_v<Ep>) headers["Procore-Company-Id"] = std::to_string(company_id);
        cpr::Response r = cpr::Get(cpr::Url{std::string(Env::api) + ep.path()}, cpr::Bearer{token_}, headers);
        if (r.status_code == 401) throw std::runtime_error("unauthorized; run `pcx login` again");
        if (r.status_code >= 300) throw std::runtime_error(ep.path() + ": HTTP " + std::to_string(r.status_code));
        return json::parse(r.text);
    }

  private:
    json creds_;
    std::string token_;
};

// ---- variadic output helper ---------------------------------------------------------
template <class... Keys>
void print_rows(const json& rows, const Keys&... keys) {
    for (const auto& row : rows) {
        ((std::cout << row.value(keys, json()).dump() << '\t'), ...);
        std::cout << '\n';
    }
}

inline json load_creds(std::string_view env) {
    const char* home = std::getenv("HOME");
    std::ifstream in(std::string(home ? home : ".") + "/.config/pcx/" + std::string(env) + ".json");
    if (!in) throw std::runtime_error("no credentials for env " + std::string(env));
    return json::parse(in);
}

template <class Env>
int run(int argc, char** argv, int first) {
    Session<Env> s(load_creds(Env::name));
    s.refresh();
    const std::string cmd = argv[first];
    auto need = [&](int n) {
        if (argc - first - 1 < n) throw std::runtime_error(cmd + ": missing arguments");
    };

    if (cmd == "whoami") {
        const json me = s.get(Me{});
        std::cout << me.value("login", "") << " (" << me.value("id", 0LL) << ") on " << Env::name << "\n";
    } else if (cmd == "companies") {
        print_rows(s.get(Companies{}), "id", "name");
    } else if (cmd == "projects") {
        need(1);
        const std::int64_t company_id = std::stoll(argv[first + 1]);
        print_rows(s.get(Projects{{}, company_id}, company_id), "id", "name", "project_number");
    } else if (cmd == "company-users") {
        need(1);
        const long company_id = std::stol(argv[first + 1]);
        const json users = s.get(CompanyUsers{{}, company_id}, company_id);
        for (const auto& u : users)
            std::cout << u.at("id").get<int>() << '\t' << u.value("email_address", "") << '\n';
    } else if (cmd == "project-users") {
        need(2);
        const std::int64_t company_id = std::stoll(argv[first + 1]);
        const std::int64_t project_id = std::stoll(argv[first + 2]);
        print_rows(s.get(ProjectUsers{{}, project_id}, company_id), "id", "name", "email_address");
        std::cout << "web: https://app.procore.com/" << project_id << "/project/directory\n";
    } else {
        std::cerr << "unknown command " << cmd << " (see https://developers.procore.com/reference)\n";
        return 64;
    }
    return 0;
}

template <class... Envs, class F>
bool with_env(std::string_view name, F&& f) {
    return ((name == Envs::name ? (f(Envs{}), true) : false) || ...);
}

}  // namespace pcx

int main(int argc, char** argv) try {
    std::string_view env = "prod";
    int first = 1;
    if (argc > 2 && std::string_view(argv[1]) == "--env") {
        env = argv[2];
        first = 3;
    }
    if (argc <= first) {
        std::cerr << "usage: pcx [--env prod|sandbox|monthly] <command> [args]\n";
        return 64;
    }
    int rc = 0;
    const bool known = pcx::with_env<pcx::Prod, pcx::DevSandbox, pcx::MonthlySandbox>(env, [&](auto e) {
        rc = pcx::run<decltype(e)>(argc, argv, first);
    });
    if (!known) {
        std::cerr << "unknown env " << env << "\n";
        return 64;
    }
    return rc;
} catch (const std::exception& e) {
    std::cerr << "pcx: " << e.what() << "\n";
    return 1;
}
