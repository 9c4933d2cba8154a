// procore-cli -- small command-line client for the Procore REST API.
//
//   procore-cli [--sandbox] <command> [args...]
//
// Commands register themselves with the registry below; `procore-cli help`
// lists them. Auth comes from the environment:
//   PROCORE_TOKEN       access token obtained through the web OAuth flow
//   PROCORE_COMPANY_ID  company to operate on
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace procli {

struct Context {
    std::string api_base = "https://api.procore.com";
    std::string login_base = "https://login.procore.com";
    std::string token;
    std::int64_t company_id = 0;
    httplib::Headers default_headers;
    std::vector<std::string> args;
};

class Command {
public:
    virtual ~Command() = default;
    virtual const char* summary() const = 0;
    virtual int run(Context& ctx) = 0;
};

using Factory = std::function<std::unique_ptr<Command>()>;

std::map<std::string, Factory>& registry() {
    static std::map<std::string, Factory> commands;
    return commands;
}

template <class T>
struct Registrar {
    explicit Registrar(const char* name) {
        registry()[name] = [] { return std::unique_ptr<Command>(new T()); };
    }
};

httplib::Headers company_headers(const Context& ctx) {
    httplib::Headers h = ctx.default_headers;
    h.emplace("Procore-Company-Id", std::to_string(ctx.company_id));
    return h;
}

bool check(const httplib::Result& res, const char* what) {
    if (!res) {
        std::cerr << what << ": " << httplib::to_string(res.error()) << "\n";
        return false;
    }
    if (res->status != 200) {
        std::cerr << what << ": HTTP " << res->status << "\n" << res->body << "\n";
        return false;
    }
    return true;
}

}  // namespace procli

namespace {
using namespace procli;

// ---- me -----------------------------------------------------------------
class MeCommand : public Command {
public:
    const char* summary() const override { return "show the current user and the companies they can see"; }
    int run(Context& ctx) override {
        httplib::Client api(ctx.api_base);
        auto res = api.Get("/rest/v1.0/me", ctx.default_headers);
        if (!check(res, "me")) return 1;
        json me = json::parse(res->body);
        std::int64_t user_id = me.at("id").get<std::int64_t>();
        std::cout << me.value("name", "") << " <" << me.value("login", "") << ">  id=" << user_id << "\n";

        auto companies = api.Get("/rest/v1.0/companies", ctx.default_headers);
        if (!check(companies, "companies")) return 1;
        for (const auto& c : json::parse(companies->body)) {
            std::cout << "  company " << c.at("id").get<std::int64_t>() << "  " << c.value("name", "") << "\n";
        }
        return 0;
    }
};
Registrar<MeCommand> reg_me("me");

// ---- projects -----------------------------------------------------------
class ProjectsCommand : public Command {
public:
    const char* summary() const override { return "list the company's projects"; }
    int run(Context& ctx) override {
        httplib::Client api(ctx.api_base);
        const auto headers = company_headers(ctx);
        const int per_page = 100;
        for (int page = 1;; ++page) {
            std::string path = "/rest/v1.0/projects?company_id=" + std::to_string(ctx.company_id) +
                               "&page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page);
            auto res = api.Get(path, headers);
            if (!check(res, "projects")) return 1;
            json batch = json::parse(res->body);
            for (const auto& p : batch) {
                std::int64_t id = p.at("id").get<std::int64_t>();
                std::cout << id << "\t" << p.value("name", "") << "\n"
                          << "\thttps://app.procore.com/" << id << "/project/home\n";
            }
            if (batch.size() < static_cast<std::size_t>(per_page)) break;
        }
        return 0;
    }
};
Registrar<ProjectsCommand> reg_projects("projects");

// ---- rfis ---------------------------------------------------------------
class RfisCommand : public Command {
public:
    const char* summary() const override { return "rfis <project_id> [open|closed]: list RFIs"; }
    int run(Context& ctx) override {
        if (ctx.args.empty()) {
            std::cerr << "usage: procore-cli rfis <project_id> [open|closed]\n";
            return 2;
        }
        int project_id = std::stoi(ctx.args[0]);
        std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis";
        if (ctx.args.size() > 1) path += "?filters[status]=" + ctx.args[1];

        httplib::Client api(ctx.api_base);
        auto res = api.Get(path, ctx.default_headers);
        if (!check(res, "rfis")) return 1;
        for (const auto& r : json::parse(res->body)) {
            std::cout << "#" << r.value("number", "") << "  " << r.value("subject", "") << "  ["
                      << r.value("status", "") << "]  id=" << r.at("id").get<std::int64_t>() << "\n";
        }
        return 0;
    }
};
Registrar<RfisCommand> reg_rfis("rfis");

// ---- vendors ------------------------------------------------------------
struct Vendor {
    int id = 0;
    std::string name;
    std::string trade;
    bool active = false;
};

class VendorsCommand : public Command {
public:
    const char* summary() const override { return "list vendors in the company directory"; }
    int run(Context& ctx) override {
        httplib::Client api(ctx.api_base);
        auto res = api.Get("/rest/v1.0/vendors?company_id=" + std::to_string(ctx.company_id),
                           company_headers(ctx));
        if (!check(res, "vendors")) return 1;
        std::vector<Vendor> vendors;
        for (const auto& item : json::parse(res->body)) {
            Vendor v;
            v.id = item.at("id");
            v.name = item.value("name", "");
            if (item.contains("trade_name") && item["trade_name"].is_string()) v.trade = item["trade_name"];
            v.active = item.value("is_active", false);
            vendors.push_back(v);
        }
        for (const auto& v : vendors) {
            std::cout << (v.active ? "  " : "x ") << v.id << "\t" << v.name << "\t" << v.trade << "\n";
        }
        std::cout << vendors.size() << " vendors; directory: https://app.procore.com/" << ctx.company_id
                  << "/company/directory/vendors\n";
        return 0;
    }
};
Registrar<VendorsCommand> reg_vendors("vendors");

// ---- users --------------------------------------------------------------
class UsersCommand : public Command {
public:
    const char* summary() const override { return "list company users"; }
    int run(Context& ctx) override {
        httplib::Client api(ctx.api_base);
        httplib::Headers headers = ctx.default_headers;
        headers.emplace("procore-company-id", std::to_string(ctx.company_id));
        auto res = api.Get("/rest/v1.0/companies/" + std::to_string(ctx.company_id) + "/users", headers);
        if (!check(res, "users")) return 1;
        for (const auto& u : json::parse(res->body)) {
            std::cout << u.at("id").get<std::int64_t>() << "\t" << u.value("name", "") << "\t"
                      << u.value("email_address", "") << "\n";
        }
        return 0;
    }
};
Registrar<UsersCommand> reg_users("users");

// ---- token --------------------------------------------------------------
class TokenCommand : public Command {
public:
    const char* summary() const override { return "show scopes and expiry of the current token"; }
    int run(Context& ctx) override {
        httplib::Client login(ctx.login_base);
        httplib::Headers headers{{"Authorization", "Bearer " + ctx.token}};
        auto res = login.Get("/oauth/token/info", headers);
        if (!check(res, "token info")) return 1;
        json info = json::parse(res->body);
        std::cout << "resource owner: " << info.value("resource_owner_id", std::int64_t{0}) << "\n"
                  << "expires in:     " << info.value("expires_in_seconds", 0) << "s\n";
        return 0;
    }
};
Registrar<TokenCommand> reg_token("token");

}  // namespace

int main(int argc, char** argv) {
    Context ctx;
    int i = 1;
    if (i < argc && std::strcmp(argv[i], "--sandbox") == 0) {
        ctx.api_base = "https://sandbox.procore.com";
        ctx.login_base = "https://sandbox.procore.com";
        ++i;
    }
    if (i >= argc || std::strcmp(argv[i], "help") == 0) {
        std::cout << "usage: procore-cli [--sandbox] <command> [args]\n";
        for (const auto& entry : registry()) {
            std::cout << "  " << entry.first << "\t" << entry.second()->summary() << "\n";
        }
        std::cout << "docs: https://developers.procore.com/reference/rest\n";
        return 0;
    }

    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!token) {
        std::cerr << "PROCORE_TOKEN is not set\n";
        return 2;
    }
    ctx.token = token;
    ctx.company_id = company ? std::strtoll(company, nullptr, 10) : 0;
    ctx.default_headers = {
        {"Authorization", "Bearer " + ctx.token},
        {"Accept", "application/json"},
        {"User-Agent", "procore-cli/0.4"},
    };

    auto it = registry().find(argv[i]);
    if (it == registry().end()) {
        std::cerr << "unknown command '" << argv[i] << "' (try help)\n";
        return 2;
    }
    ctx.args.assign(argv + i + 1, argv + argc);
    return it->second()->run(ctx);
}
