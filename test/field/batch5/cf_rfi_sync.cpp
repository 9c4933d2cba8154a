// cf_rfi_sync.cpp - mirrors the RFIs of one Procore project into our tracker
// and writes the tracker key back into the RFI "reference" field.
//
//   cf_rfi_sync --env=sandbox --project=562949953421312 [--links=rfi_links.txt]
//
// Credentials and the company come from the environment (see load_config).
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

enum class Env { Production, Sandbox, Monthly };

struct Hosts {
    std::string login;
    std::string api;
};

Env parse_env(const std::string& s) {
    if (s == "sandbox") return Env::Sandbox;
    if (s == "monthly") return Env::Monthly;
    return Env::Production;
}

Hosts hosts_for(Env env) {
    switch (env) {
    case Env::Production:
        return {"https://login.procore.com", "https://api.procore.com"};
    case Env::Sandbox:
        return {"https://sandbox.procore.com", "https://sandbox.procore.com"};
    case Env::Monthly:
        return {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
    }
    return {};
}

struct Route {
    const char* name;
    const char* method;
    const char* path;
    bool company_scoped;  // company-level routes carry company_id in the query
};

const Route kRoutes[] = {
    {"projects", "GET", "/rest/v1.0/projects?company_id={company_id}", false},
    {"rfis", "GET", "/rest/v1.0/projects/{project_id}/rfis?page={page}&per_page=100", true},
    {"rfi", "GET", "/rest/v1.0/projects/{project_id}/rfis/{rfi_id}", true},
    {"rfi_update", "PATCH", "/rest/v1.0/projects/{project_id}/rfis/{rfi_id}", true},
};

const Route* find_route(const std::string& name) {
    for (const auto& r : kRoutes)
        if (name == r.name) return &r;
    return nullptr;
}

std::string expand(std::string tpl, const std::map<std::string, std::string>& vars) {
    for (const auto& [k, v] : vars) {
        const std::string key = "{" + k + "}";
        for (auto pos = tpl.find(key); pos != std::string::npos; pos = tpl.find(key, pos + v.size()))
            tpl.replace(pos, key.size(), v);
    }
    return tpl;
}

struct Config {
    Env env = Env::Production;
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    std::string links_file = "rfi_links.txt";
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    int max_pages = 50;
    std::map<std::string, std::string> headers;
};

std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return (v && *v) ? v : fallback;
}

Config load_config(int argc, char** argv) {
    Config c;
    c.client_id = env_or("PROCORE_CLIENT_ID", "");
    c.client_secret = env_or("PROCORE_CLIENT_SECRET", "");
    c.refresh_token = env_or("PROCORE_REFRESH_TOKEN", "");
    c.company_id = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));
    c.project_id = std::stoll(env_or("PROCORE_PROJECT_ID", "0"));
    c.max_pages = std::atoi(env_or("RFI_SYNC_MAX_PAGES", "50").c_str());
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.rfind("--env=", 0) == 0) c.env = parse_env(a.substr(6));
        else if (a.rfind("--project=", 0) == 0) c.project_id = std::stoi(a.substr(10));
        else if (a.rfind("--links=", 0) == 0) c.links_file = a.substr(8);
    }
    c.headers = {
        {"Accept", "application/json"},
        {"User-Agent", "rfi-sync/2.3"},
        {"Procore-Company-Id", std::to_string(c.company_id)},
    };
    return c;
}

struct Rfi {
    std::int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    long assignee_id = 0;
};

Rfi parse_rfi(const json& j) {
    Rfi r;
    r.id = j.at("id").get<int>();
    r.number = j.value("number", "");
    r.subject = j.value("subject", "");
    r.status = j.value("status", "");
    if (j.contains("assignee") && j["assignee"].is_object())
        r.assignee_id = j["assignee"].value("id", std::int64_t{0});
    return r;
}

class ProcoreClient {
public:
    explicit ProcoreClient(const Config& cfg)
        : cfg_(cfg), hosts_(hosts_for(cfg.env)), login_(hosts_.login), api_(hosts_.api) {
        api_.set_connection_timeout(10);
        api_.set_read_timeout(60);
    }

    bool authenticate() {
        const httplib::Params form = {
            {"grant_type", "refresh_token"},
            {"client_id", cfg_.client_id},
            {"client_secret", cfg_.client_secret},
            {"refresh_token", cfg_.refresh_token},
        };
        auto res = login_.Post("/oauth/token", form);
        if (!res || res->status != 200) return false;
        token_ = json::parse(res->body).value("access_token", "");
        return !token_.empty();
    }

    httplib::Result call(const std::string& op, const std::map<std::string, std::string>& vars,
                         const std::string& body = {}) {
        const Route* r = find_route(op);
        httplib::Headers h;
        for (const auto& [k, v] : cfg_.headers) {
            if (!r->company_scoped && k == "Procore-Company-Id") continue;
            h.emplace(k, v);
        }
        h.emplace("Authorization", "Bearer " + token_);
        const std::string path = expand(r->path, vars);
        if (std::string(r->method) == "PATCH")
            return api_.Patch(path, h, body, "application/json");
        return api_.Get(path, h);
    }

private:
    Config cfg_;
    Hosts hosts_;
    httplib::Client login_;
    httplib::Client api_;
    std::string token_;
};

std::map<std::int64_t, std::string> read_links(const std::string& file) {
    std::map<std::int64_t, std::string> links;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::int64_t rfi_id = 0;
        std::string key;
        if (ss >> rfi_id >> key) links[rfi_id] = key;
    }
    return links;
}

}  // namespace

int main(int argc, char** argv) {
    const Config cfg = load_config(argc, argv);
    ProcoreClient client(cfg);
    if (!client.authenticate()) {
        std::cerr << "OAuth failed; see https://developers.procore.com/documentation/oauth-introduction\n";
        return 1;
    }

    const std::string company = std::to_string(cfg.company_id);
    const std::string project = std::to_string(cfg.project_id);
    auto projects = client.call("projects", {{"company_id", company}});
    if (!projects || projects->status != 200) {
        std::cerr << "cannot list projects for company " << company << "\n";
        return 1;
    }

    std::vector<Rfi> rfis;
    for (int page = 1; page <= cfg.max_pages; ++page) {
        auto res = client.call("rfis", {{"project_id", project}, {"page", std::to_string(page)}});
        if (!res || res->status != 200) break;
        const json arr = json::parse(res->body);
        if (arr.empty()) break;
        for (const auto& j : arr) rfis.push_back(parse_rfi(j));
    }

    const auto links = read_links(cfg.links_file);
    int updated = 0;
    for (const auto& r : rfis) {
        auto it = links.find(r.id);
        if (it == links.end() || r.status == "closed") continue;
        const json patch = {{"rfi", {{"reference", it->second}}}};
        auto res = client.call("rfi_update",
                               {{"project_id", project}, {"rfi_id", std::to_string(r.id)}},
                               patch.dump());
        if (res && res->status == 200) ++updated;
        else std::cerr << "RFI #" << r.number << " not updated (HTTP " << (res ? res->status : 0) << ")\n";
    }
    std::cout << rfis.size() << " RFIs seen, " << updated << " linked\n";
    return 0;
}
