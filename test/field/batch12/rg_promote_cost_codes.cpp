// rg_promote_cost_codes: promotes a cost-code tree that was tried out in a
// sandbox company into a production company.
//
//   promote --from sandbox --to production --source-company 5813 \
//           --target-company 9912 --source-project 77012 --target-project 80110 [--prune]
//
// Refresh tokens come from PROMOTE_<ENV>_REFRESH_TOKEN; hosts can be overridden
// with PROMOTE_<ENV>_LOGIN_HOST / PROMOTE_<ENV>_API_HOST (used by the QA rig).
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <list>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

using json = nlohmann::json;

struct EnvHosts {
    std::string login;
    std::string api;
};

static std::map<std::string, EnvHosts> g_env_hosts = {
    {"production", {"login.procore.com", "api.procore.com"}},
    {"sandbox", {"login-sandbox.procore.com", "sandbox.procore.com"}},
    {"monthly", {"api-monthly.procore.com", "api-monthly.procore.com"}},
};

struct TenantCtx {
    std::string env;
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    EnvHosts hosts;
};

static std::map<std::string, std::string> g_token_cache;  // env name -> access token

static std::string env_var(const std::string& env, const char* suffix) {
    std::string name = "PROMOTE_" + env + "_" + suffix;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    const char* v = std::getenv(name.c_str());
    return v ? v : "";
}

static EnvHosts resolve_hosts(const std::string& env) {
    auto it = g_env_hosts.find(env);
    if (it == g_env_hosts.end()) throw std::runtime_error("unknown environment: " + env);
    EnvHosts h = it->second;
    if (auto o = env_var(env, "LOGIN_HOST"); !o.empty()) h.login = o;
    if (auto o = env_var(env, "API_HOST"); !o.empty()) h.api = o;
    return h;
}

static std::string perform(const std::string& url, const std::list<std::string>& headers,
                           const std::string* body = nullptr, const char* method = nullptr) {
    curlpp::Easy easy;
    std::ostringstream out;
    easy.setOpt(curlpp::options::Url(url));
    easy.setOpt(curlpp::options::HttpHeader(headers));
    easy.setOpt(curlpp::options::WriteStream(&out));
    if (body) {
        easy.setOpt(curlpp::options::PostFields(*body));
        easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(body->size())));
    }
    if (method) easy.setOpt(curlpp::options::CustomRequest(method));
    easy.perform();
    const long code = curlpp::infos::ResponseCode::get(easy);
    if (code >= 400) throw std::runtime_error(url + " -> HTTP " + std::to_string(code) + ": " + out.str());
    return out.str();
}

static const std::string& access_token(const TenantCtx& t) {
    auto cached = g_token_cache.find(t.env);
    if (cached != g_token_cache.end()) return cached->second;
    const std::string body = "grant_type=refresh_token&client_id=" + env_var(t.env, "CLIENT_ID") +
                             "&client_secret=" + env_var(t.env, "CLIENT_SECRET") +
                             "&refresh_token=" + env_var(t.env, "REFRESH_TOKEN");
    json tok = json::parse(perform("https://" + t.hosts.login + "/oauth/token",
                                   {"Content-Type: application/x-www-form-urlencoded"}, &body));
    return g_token_cache[t.env] = tok.at("access_token").get<std::string>();
}

// Header set for calls made on behalf of one company.
static std::list<std::string> tenant_headers(const TenantCtx& t) {
    return {"Authorization: Bearer " + access_token(t),
            "Procore-Company-Id: " + std::to_string(t.company_id),
            "Content-Type: application/json", "Accept: application/json"};
}

static std::string api_url(const TenantCtx& t, const std::string& path) {
    return "https://" + t.hosts.api + path;
}

static bool company_visible(const TenantCtx& t) {
    json companies = json::parse(perform(api_url(t, "/rest/v1.0/companies"),
                                         {"Authorization: Bearer " + access_token(t)}));
    for (const auto& c : companies)
        if (c.at("id").get<std::int64_t>() == t.company_id) return true;
    return false;
}

static json list_cost_codes(const TenantCtx& t) {
    return json::parse(perform(api_url(t, "/rest/v1.0/cost_codes?project_id=" + std::to_string(t.project_id)),
                               tenant_headers(t)));
}

static void create_cost_code(const TenantCtx& t, const json& src) {
    json body = {{"project_id", t.project_id},
                 {"cost_code", {{"code", src.at("code")}, {"name", src.at("name")}}}};
    const std::string payload = body.dump();
    perform(api_url(t, "/rest/v1.0/cost_codes"), tenant_headers(t), &payload);
}

static void delete_cost_code(const TenantCtx& t, std::int64_t cost_code_id) {
    perform(api_url(t, "/rest/v1.0/cost_codes/" + std::to_string(cost_code_id) +
                           "?project_id=" + std::to_string(t.project_id)),
            {"Authorization: Bearer " + access_token(t)}, nullptr, "DELETE");
}

int main(int argc, char** argv) {
    std::map<std::string, std::string> flags;
    bool prune = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--prune") prune = true;
        else if (a == "--help") {
            std::cout << "see https://developers.procore.com/reference/rest/cost-codes\n";
            return 0;
        } else if (a.rfind("--", 0) == 0 && i + 1 < argc) flags[a.substr(2)] = argv[++i];
    }
    for (const char* req : {"from", "to", "source-company", "target-company", "source-project", "target-project"})
        if (!flags.count(req)) {
            std::cerr << "missing --" << req << "\n";
            return 2;
        }

    curlpp::Cleanup cleanup;
    try {
        std::map<std::int64_t, TenantCtx> tenants;
        TenantCtx src{flags["from"], std::stoll(flags["source-company"]), std::stoll(flags["source-project"]),
                      resolve_hosts(flags["from"])};
        TenantCtx dst{flags["to"], std::stoll(flags["target-company"]), 0, resolve_hosts(flags["to"])};
        const int target_project = std::stoi(flags["target-project"]);
        dst.project_id = target_project;
        tenants[src.company_id] = src;
        tenants[dst.company_id] = dst;

        if (!company_visible(dst)) {
            std::cerr << "target company " << dst.company_id << " not visible to this user\n";
            return 1;
        }

        std::map<std::string, int> target_ids_by_code;
        for (const auto& cc : list_cost_codes(dst))
            target_ids_by_code[cc.at("code").get<std::string>()] = cc.at("id").get<std::int64_t>();

        int created = 0, removed = 0;
        std::map<std::string, bool> seen;
        for (const auto& cc : list_cost_codes(src)) {
            const std::string code = cc.at("code").get<std::string>();
            seen[code] = true;
            if (target_ids_by_code.count(code)) continue;
            create_cost_code(dst, cc);
            ++created;
        }
        if (prune) {
            for (const auto& [code, id] : target_ids_by_code)
                if (!seen.count(code)) {
                    delete_cost_code(dst, id);
                    ++removed;
                }
        }
        std::cout << "created " << created << ", removed " << removed << " cost codes in company "
                  << dst.company_id << "\n";
        std::cout << "review: https://app.procore.com/" << dst.company_id << "/project/" << dst.project_id
                  << "/admin\n";
    } catch (const std::exception& ex) {
        std::cerr << "promotion failed: " << ex.what() << "\n";
        return 1;
    }
    return 0;
}
