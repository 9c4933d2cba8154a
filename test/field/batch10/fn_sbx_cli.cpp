// sbx — the integrations team's pocket tool for poking the developer sandbox.
//
//   sbx login <auth-code>          exchange an authorization code for a token
//   sbx me | companies             who am I / which companies can I see
//   sbx submittals <project>       list submittal ids + titles
//   sbx submittal <project> <id>   show one submittal
//   sbx vendors                    company directory vendors
//   sbx users <project>            project directory users
//
// Token, company and client credentials come from SBX_* environment variables.
#include <cpr/cpr.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace sbx {

const std::string kLoginBase = "https://sandbox.procore.com";
const std::string kApiBase = "https://sandbox.procore.com";
const std::string kDocs = "https://developers.procore.com/reference/rest/submittals";

struct Call {
    std::string path;
    cpr::Header headers;
    cpr::Parameters params;
};

using Decorator = std::function<Call(Call)>;
using Args = std::vector<std::string>;

struct Ctx {
    std::string token;
    std::int64_t company_id;
};

using Command = std::function<int(const Ctx&, const Args&)>;

Call with_header(Call c, const std::string& k, const std::string& v) {
    c.headers[k] = v;
    return c;
}

Call with_param(Call c, const std::string& k, const std::string& v) {
    c.params.Add({k, v});
    return c;
}

Decorator compose(Decorator f, Decorator g) {
    return [f, g](Call c) { return g(f(std::move(c))); };
}

Decorator auth(const std::string& token) {
    return [token](Call c) { return with_header(std::move(c), "Authorization", "Bearer " + token); };
}

Decorator company(std::int64_t id) {
    return [id](Call c) { return with_header(std::move(c), "Procore-Company-Id", std::to_string(id)); };
}

// the vendors endpoint was first wired up against an old gateway build
Decorator legacy_company(std::int64_t id) {
    return [id](Call c) { return with_header(std::move(c), "X-Procore-Company-Id", std::to_string(id)); };
}

Decorator scoped(const Ctx& ctx) { return compose(auth(ctx.token), company(ctx.company_id)); }

std::optional<rapidjson::Document> fetch(const Call& c) {
    const auto r = cpr::Get(cpr::Url{kApiBase + c.path}, c.headers, c.params);
    if (r.status_code != 200) {
        std::cerr << "HTTP " << r.status_code << " for " << c.path << "\n";
        return std::nullopt;
    }
    rapidjson::Document d;
    d.Parse(r.text.c_str());
    if (d.HasParseError()) return std::nullopt;
    return std::optional<rapidjson::Document>{std::move(d)};
}

template <typename F>
int each_item(const std::optional<rapidjson::Document>& doc, F&& f) {
    if (!doc || !doc->IsArray()) return 1;
    for (const auto& item : doc->GetArray()) f(item);
    return 0;
}

std::string str(const rapidjson::Value& v, const char* key) {
    return v.HasMember(key) && v[key].IsString() ? v[key].GetString() : std::string{};
}

const std::map<std::string, Command> commands = {
    {"login",
     [](const Ctx&, const Args& a) {
         if (a.empty()) return 2;
         const auto r = cpr::Post(cpr::Url{kLoginBase + "/oauth/token"},
                                  cpr::Payload{{"grant_type", "authorization_code"},
                                               {"code", a[0]},
                                               {"client_id", std::getenv("SBX_CLIENT_ID")},
                                               {"client_secret", std::getenv("SBX_CLIENT_SECRET")},
                                               {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}});
         std::cout << r.text << "\n";
         return r.status_code == 200 ? 0 : 1;
     }},
    {"me",
     [](const Ctx& ctx, const Args&) {
         const auto doc = fetch(auth(ctx.token)(Call{"/rest/v1.0/me", {}, {}}));
         if (!doc) return 1;
         std::cout << (*doc)["id"].GetInt64() << " " << str(*doc, "login") << "\n";
         return 0;
     }},
    {"companies",
     [](const Ctx& ctx, const Args&) {
         return each_item(fetch(auth(ctx.token)(Call{"/rest/v1.0/companies", {}, {}})),
                          [](const rapidjson::Value& c) {
                              std::cout << c["id"].GetInt64() << "\t" << str(c, "name") << "\n";
                          });
     }},
    {"submittals",
     [](const Ctx& ctx, const Args& a) {
         if (a.empty()) return 2;
         const std::int64_t project_id = std::stoll(a[0]);
         const auto call = with_param(Call{"/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals", {}, {}},
                                      "per_page", "100");
         return each_item(fetch(scoped(ctx)(call)), [](const rapidjson::Value& s) {
             std::cout << s["id"].GetInt64() << "\t" << str(s, "title") << "\n";
         });
     }},
    {"submittal",
     [](const Ctx& ctx, const Args& a) {
         if (a.size() < 2) return 2;
         const std::int64_t project_id = std::stoll(a[0]);
         const int submittal_id = std::stoi(a[1]);
         const auto doc = fetch(scoped(ctx)(Call{"/rest/v1.1/projects/" + std::to_string(project_id) +
                                                     "/submittals/" + std::to_string(submittal_id),
                                                 {}, {}}));
         if (!doc) return 1;
         std::cout << str(*doc, "title") << "\n" << str(*doc, "status") << "\n"
                   << "docs: " << kDocs << "\n";
         return 0;
     }},
    {"vendors",
     [](const Ctx& ctx, const Args&) {
         const auto call = compose(auth(ctx.token), legacy_company(ctx.company_id))(
             Call{"/rest/v1.0/companies/" + std::to_string(ctx.company_id) + "/vendors", {}, {}});
         return each_item(fetch(call), [](const rapidjson::Value& v) {
             std::cout << v["id"].GetInt64() << "\t" << str(v, "name") << "\n";
         });
     }},
    {"users",
     [](const Ctx& ctx, const Args& a) {
         if (a.empty()) return 2;
         int page = 1;
         const auto base = Call{"/rest/v1.0/projects/" + a[0] + "/users", {}, {}};
         return each_item(fetch(scoped(ctx)(with_param(base, "page", std::to_string(page)))),
                          [](const rapidjson::Value& u) {
                              const int user_id = u["id"].GetInt();
                              std::cout << user_id << "\t" << str(u, "name") << "\n";
                          });
     }},
};

std::optional<Ctx> context_from_env() {
    const char* token = std::getenv("SBX_TOKEN");
    const char* company = std::getenv("SBX_COMPANY_ID");
    if (!token || !company) return std::nullopt;
    return Ctx{token, std::strtoll(company, nullptr, 10)};
}

}  // namespace sbx

int main(int argc, char** argv) {
    if (argc < 2) {
        const auto names = std::accumulate(sbx::commands.begin(), sbx::commands.end(), std::string{},
                                           [](std::string acc, const auto& kv) { return acc + " " + kv.first; });
        std::cerr << "usage: sbx <command> [args]\ncommands:" << names << "\n";
        return 2;
    }
    const auto it = sbx::commands.find(argv[1]);
    if (it == sbx::commands.end()) {
        std::cerr << "unknown command " << argv[1] << "\n";
        return 2;
    }
    const sbx::Args args(argv + 2, argv + argc);
    const auto ctx = sbx::context_from_env().value_or(sbx::Ctx{"", 0});
    if (ctx.token.empty() && std::string(argv[1]) != "login") {
        std::cerr << "set SBX_TOKEN and SBX_COMPANY_ID (or run `sbx login <code>`)\n";
        return 2;
    }
    return it->second(ctx, args);
}
