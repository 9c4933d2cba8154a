// procore-browse: tiny CLI to browse companies and projects visible to a user token.
//
//   PROCORE_TOKEN=... procore-browse [--env prod|sandbox|monthly] companies
//   PROCORE_TOKEN=... procore-browse --company 1234 projects [--page N]
//   PROCORE_TOKEN=... procore-browse --company 1234 offices
//
// Built on our header-only "pcx" SDK style: transport is a template parameter,
// hosts are policy classes, resources are CRTP.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pcx {

using json = nlohmann::json;

// ---- host policies --------------------------------------------------------
struct ProductionHosts {
    static constexpr const char* login = "https://login.procore.com";
    static constexpr const char* api = "https://api.procore.com";
    static constexpr const char* web = "https://app.procore.com";
};
struct SandboxHosts {
    static constexpr const char* login = "https://login-sandbox.procore.com";
    static constexpr const char* api = "https://sandbox.procore.com";
    static constexpr const char* web = "https://sandbox.procore.com";
};
struct MonthlyHosts {
    static constexpr const char* login = "https://login-sandbox-monthly.procore.com";
    static constexpr const char* api = "https://sandbox-monthly.procore.com";
    static constexpr const char* web = "https://sandbox-monthly.procore.com";
};

using Environment = std::variant<ProductionHosts, SandboxHosts, MonthlyHosts>;

inline Environment parse_env(std::string_view s) {
    if (s == "sandbox") return SandboxHosts{};
    if (s == "monthly") return MonthlyHosts{};
    return ProductionHosts{};
}

// ---- path building --------------------------------------------------------
inline void append_seg(std::ostringstream& os, const std::string& s) { os << '/' << s; }
inline void append_seg(std::ostringstream& os, const char* s) { os << '/' << s; }
template <class N, class = std::enable_if_t<std::is_integral_v<N>>>
inline void append_seg(std::ostringstream& os, N n) { os << '/' << n; }

template <class... Segs>
std::string path(Segs&&... segs) {
    std::ostringstream os;
    os << "/rest/v1.0";
    (append_seg(os, std::forward<Segs>(segs)), ...);
    return os.str();
}

template <class T>
T field(const json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return T{};
    return j.at(key).get<T>();
}

// ---- transport ------------------------------------------------------------
struct HttplibTransport {
    explicit HttplibTransport(const std::string& base) : cli(base) {
        cli.set_connection_timeout(10);
        cli.set_read_timeout(30);
    }
    httplib::Client cli;
};

template <class Transport>
class ProcoreClient {
public:
    ProcoreClient(std::string api_base, std::string token)
        : t_(api_base), token_(std::move(token)) {}

    void set_company(int64_t id) { company_id_ = id; }

    json get(const std::string& p) {
        httplib::Headers h{{"Authorization", "Bearer " + token_},
                           {"Procore-Company-Id", std::to_string(company_id_)}};
        auto res = t_.cli.Get(p.c_str(), h);
        return decode(res, p);
    }

    // For endpoints that don't need a company context.
    json get_global(const std::string& p) {
        httplib::Headers h{{"Authorization", "Bearer " + token_}};
        auto res = t_.cli.Get(p.c_str(), h);
        return decode(res, p);
    }

    int64_t company() const { return company_id_; }

private:
    static json decode(const httplib::Result& res, const std::string& p) {
        if (!res) throw std::runtime_error("transport error on " + p);
        int status = res->status;
        if (status == 429) throw std::runtime_error("rate limited, retry later");
        if (status < 200 || status >= 300)
            throw std::runtime_error(p + " -> HTTP " + std::to_string(status));
        return json::parse(res->body);
    }
    Transport t_;
    std::string token_;
    int64_t company_id_ = 0;
};

template <class Derived>
struct Resource {
    template <class Client, class... Extra>
    static json list(Client& c, Extra&&... extra) {
        return c.get(path(Derived::path, std::forward<Extra>(extra)...));
    }
};

struct Projects : Resource<Projects> { static constexpr auto path = "projects"; };
struct Companies : Resource<Companies> { static constexpr auto path = "companies"; };

struct ProjectRow {
    int id;
    std::string name;
    std::string number;
    bool active;
};

}  // namespace pcx

using pcx::json;
using Client = pcx::ProcoreClient<pcx::HttplibTransport>;

static void check_for_update() {
    httplib::Client gh("https://api.github.com");
    gh.set_read_timeout(5);
    auto r = gh.Get("/repos/acme-builders/procore-browse/releases/latest",
                    {{"Accept", "application/vnd.github+json"}, {"User-Agent", "procore-browse"}});
    if (r && r->status == 200) {
        auto tag = json::parse(r->body).value("tag_name", "");
        if (!tag.empty() && tag != "v0.7.2")
            std::cerr << "note: procore-browse " << tag << " is available\n";
    }
}

static void cmd_companies(Client& c) {
    json companies = pcx::Companies::list(c);
    for (const auto& co : companies) {
        auto id = pcx::field<int64_t>(co, "id");
        std::cout << id << "\t" << pcx::field<std::string>(co, "name") << "\n";
    }
}

static void cmd_offices(Client& c) {
    json offices = c.get_global(pcx::path("companies", c.company(), "offices"));
    for (const auto& o : offices)
        std::cout << pcx::field<int64_t>(o, "id") << "\t" << pcx::field<std::string>(o, "name") << "\n";
}

static void cmd_projects(Client& c, const char* web_base, int page) {
    json projects = c.get(pcx::path("projects") + "?company_id=" + std::to_string(c.company()) +
                          "&page=" + std::to_string(page) + "&per_page=100");
    std::vector<pcx::ProjectRow> rows;
    for (const auto& p : projects) {
        rows.push_back({pcx::field<int>(p, "id"), pcx::field<std::string>(p, "name"),
                        pcx::field<std::string>(p, "project_number"), pcx::field<bool>(p, "active")});
    }
    int shown = 0;
    for (const auto& r : rows) {
        if (!r.active) continue;
        ++shown;
        std::cout << r.id << "\t" << r.number << "\t" << r.name << "\n"
                  << "\t" << web_base << "/" << c.company() << "/project/home?project_id=" << r.id << "\n";
    }
    std::cerr << shown << " active of " << rows.size() << " on page " << page << "\n";
}

int main(int argc, char** argv) {
    const char* tok = std::getenv("PROCORE_TOKEN");
    if (!tok) {
        std::cerr << "set PROCORE_TOKEN (see https://developers.procore.com/documentation/oauth-introduction)\n";
        return 2;
    }
    pcx::Environment env = pcx::ProductionHosts{};
    int64_t company = 0;
    int page = 1;
    std::string cmd;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--env" && i + 1 < argc) env = pcx::parse_env(argv[++i]);
        else if (a == "--company" && i + 1 < argc) company = std::stoll(argv[++i]);
        else if (a == "--page" && i + 1 < argc) page = std::atoi(argv[++i]);
        else cmd = a;
    }
    check_for_update();

    return std::visit([&](auto hosts) -> int {
        using H = decltype(hosts);
        Client c(H::api, tok);
        c.set_company(company);
        try {
            json me = c.get_global(pcx::path("me"));
            std::cerr << "signed in as " << pcx::field<std::string>(me, "login") << "\n";
            if (cmd == "companies") cmd_companies(c);
            else if (cmd == "offices") cmd_offices(c);
            else if (cmd == "projects") cmd_projects(c, H::web, page);
            else { std::cerr << "unknown command '" << cmd << "'\n"; return 2; }
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << "\n";
            return 1;
        }
        return 0;
    }, env);
}
