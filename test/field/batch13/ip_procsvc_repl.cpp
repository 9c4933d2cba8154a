// procsvc - interactive console for the integrations team's service account.
//
// Authenticates with the Developer Managed Service Account (client credentials)
// and reads commands from stdin:
//
//   use sandbox
//   login
//   get companies
//   get projects 598134325779301
//   get project 562949953421312
//   get users 562949953421312
//   post rfi project=562949953421312 subject=Curtain wall anchors
//
// Credentials come from PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using json = nlohmann::json;
using Args = std::vector<std::string>;

namespace {

struct Env {
    std::string login;
    std::string api;
};

const std::map<std::string, Env> kEnvs = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
    // EU customers are pinned to the us02 zone
    {"us02", {"https://login.procore.com", "https://us02.procore.com"}},
};

struct Session {
    Env env = kEnvs.at("production");
    std::string token;
    int64_t company_id = 0;
    int timeout_s = 30;
};

Session g;

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

httplib::Headers base_headers() {
    return {{"Authorization", "Bearer " + g.token}, {"Accept", "application/json"}};
}

httplib::Result api_get(const std::string& path, bool with_company) {
    httplib::Client cli(g.env.api);
    cli.set_read_timeout(g.timeout_s, 0);
    auto headers = base_headers();
    if (with_company)
        headers.emplace("Procore-Company-Id", std::to_string(g.company_id));
    return cli.Get(path.c_str(), headers);
}

json body_or_null(const httplib::Result& res) {
    if (!res) {
        std::cerr << "request failed: " << httplib::to_string(res.error()) << "\n";
        return nullptr;
    }
    if (res->status >= 300) {
        std::cerr << "HTTP " << res->status << ": " << res->body << "\n";
        return nullptr;
    }
    return json::parse(res->body, nullptr, false);
}

int cmd_use(const Args& a) {
    auto it = kEnvs.find(a.at(0));
    if (it == kEnvs.end()) {
        std::cerr << "unknown environment " << a[0] << "\n";
        return 1;
    }
    g.env = it->second;
    g.token.clear();
    return 0;
}

int cmd_login(const Args&) {
    httplib::Client cli(g.env.login);
    httplib::Params form = {
        {"grant_type", "client_credentials"},
        {"client_id", env_or("PROCORE_CLIENT_ID", "")},
        {"client_secret", env_or("PROCORE_CLIENT_SECRET", "")},
    };
    auto res = cli.Post("/oauth/token", form);
    json j = body_or_null(res);
    if (!j.is_object() || !j.contains("access_token"))
        return 1;
    g.token = j["access_token"].get<std::string>();
    std::cout << "token expires in " << j.value("expires_in", 0) << "s\n";
    return 0;
}

int cmd_companies(const Args&) {
    json j = body_or_null(api_get("/rest/v1.0/companies", false));
    if (!j.is_array())
        return 1;
    for (const auto& c : j) {
        int64_t id = c["id"].get<int64_t>();
        std::cout << id << "  " << c.value("name", "") << "\n";
        if (g.company_id == 0)
            g.company_id = id;
    }
    return 0;
}

int cmd_me(const Args&) {
    json j = body_or_null(api_get("/rest/v1.0/me", true));
    if (j.is_null())
        return 1;
    std::cout << j.dump(2) << "\n";
    return 0;
}

int cmd_projects(const Args& a) {
    if (!a.empty())
        g.company_id = std::stoll(a[0]);
    int page = 1;
    for (;;) {
        std::string path = "/rest/v1.0/projects?company_id=" + std::to_string(g.company_id) +
                           "&page=" + std::to_string(page) + "&per_page=100";
        json j = body_or_null(api_get(path, true));
        if (!j.is_array() || j.empty())
            break;
        for (const auto& p : j)
            std::cout << p["id"].get<int64_t>() << "  " << p.value("name", "") << "\n";
        ++page;
    }
    return 0;
}

int cmd_project(const Args& a) {
    int project_id = std::stoi(a.at(0));
    json j = body_or_null(api_get("/rest/v1.0/projects/" + std::to_string(project_id) +
                                      "?company_id=" + std::to_string(g.company_id),
                                  true));
    if (j.is_null())
        return 1;
    std::cout << j.value("name", "") << " (" << j.value("project_number", "") << ")\n";
    return 0;
}

int cmd_users(const Args& a) {
    const int64_t project_id = std::stoll(a.at(0));
    json j = body_or_null(
        api_get("/rest/v1.0/projects/" + std::to_string(project_id) + "/users", true));
    if (!j.is_array())
        return 1;
    std::map<int, std::string> by_id;
    for (const auto& u : j)
        by_id[u["id"].get<int>()] = u.value("name", "");
    for (const auto& [id, name] : by_id)
        std::cout << id << "  " << name << "\n";
    return 0;
}

int cmd_drawing_areas(const Args& a) {
    const int64_t project_id = std::stoll(a.at(0));
    httplib::Client cli(g.env.api);
    auto res = cli.Get(("/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas").c_str(),
                       base_headers());
    json j = body_or_null(res);
    if (!j.is_array())
        return 1;
    for (const auto& d : j)
        std::cout << d["id"].get<int64_t>() << "  " << d.value("name", "") << "\n";
    return 0;
}

int cmd_post_rfi(const Args& a) {
    int64_t project_id = 0;
    std::string subject;
    for (const auto& tok : a) {
        auto eq = tok.find('=');
        if (eq != std::string::npos && tok.compare(0, eq, "project") == 0)
            project_id = std::stoll(tok.substr(eq + 1));
        else if (eq != std::string::npos && tok.compare(0, eq, "subject") == 0)
            subject = tok.substr(eq + 1);
        else if (!subject.empty())
            subject += " " + tok;  // unquoted multi-word subject
    }
    json body = {{"rfi", {{"subject", subject}}}};
    httplib::Client cli(g.env.api);
    auto headers = base_headers();
    headers.emplace("Procore-Company-Id", std::to_string(g.company_id));
    auto res = cli.Post(("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis").c_str(),
                        headers, body.dump(), "application/json");
    json j = body_or_null(res);
    if (j.is_null())
        return 1;
    std::cout << "created RFI " << j["id"].get<int64_t>() << "\n";
    return 0;
}

int cmd_help(const Args&) {
    std::cout << "commands: use login get post help quit\n"
                 "API reference: https://developers.procore.com/reference/rest\n";
    return 0;
}

using Handler = std::function<int(const Args&)>;

const std::map<std::string, Handler> kCommands = {
    {"use", cmd_use},
    {"login", cmd_login},
    {"get companies", cmd_companies},
    {"get me", cmd_me},
    {"get projects", cmd_projects},
    {"get project", cmd_project},
    {"get users", cmd_users},
    {"get drawings", cmd_drawing_areas},
    {"post rfi", cmd_post_rfi},
    {"help", cmd_help},
};

}  // namespace

int main() {
    std::string line;
    int errors = 0;
    while (std::cout << "procsvc> " << std::flush, std::getline(std::cin, line)) {
        std::istringstream ss(line);
        Args tok;
        for (std::string w; ss >> w;)
            tok.push_back(w);
        if (tok.empty())
            continue;
        if (tok[0] == "quit")
            break;
        // two-word commands first ("get project"), then one-word ("use")
        auto it = tok.size() > 1 ? kCommands.find(tok[0] + " " + tok[1]) : kCommands.end();
        std::size_t skip = 2;
        if (it == kCommands.end()) {
            it = kCommands.find(tok[0]);
            skip = 1;
        }
        if (it == kCommands.end()) {
            std::cerr << "unknown command: " << line << "\n";
            ++errors;
            continue;
        }
        try {
            errors += it->second(Args(tok.begin() + skip, tok.end()));
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << "\n";
            ++errors;
        }
    }
    return errors ? 1 : 0;
}
