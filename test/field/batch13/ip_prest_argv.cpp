// prest - runs Procore commands given on the command line, for the nightly jobs.
//
//   prest "use sandbox" login "get projects 598134325779301" \
//         'post rfi project=562949953421312 subject="Roof drain detail"'
//
// Uses the company's Developer Managed Service Account (client_credentials).
// Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID, GITHUB_TOKEN.
#include <cpprest/http_client.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace {

struct EnvRow {
    const char* name;
    const char* token_url;
    const char* api_base;
};

const EnvRow kEnvRows[] = {
    {"production",
     "https://api.procore.com/oauth/token",
     "https://api.procore.com"},
    {"sandbox",
     "https://login-sandbox.procore.com/oauth/token",
     "https://sandbox.procore.com"},
    {"monthly",
     "https://login-sandbox-monthly.procore.com/oauth/token",
     "https://api-monthly.procore.com"},
};

struct Context {
    const EnvRow* env = &kEnvRows[0];
    std::string token;
    int64_t company_id = 0;
};

Context ctx;
using Args = std::vector<std::string>;
using Handler = std::function<bool(const Args&)>;

std::string getenv_str(const char* k) {
    const char* v = std::getenv(k);
    return v ? v : "";
}

Json::Value parse_json(const std::string& text) {
    Json::Value root;
    Json::CharReaderBuilder b;
    std::string errs;
    std::unique_ptr<Json::CharReader> reader(b.newCharReader());
    reader->parse(text.data(), text.data() + text.size(), &root, &errs);
    return root;
}

// Single dispatch for REST calls.
Json::Value call(const method& m, const std::string& path, const Json::Value* body,
                 bool company) {
    http_client client(utility::conversions::to_string_t(ctx.env->api_base));
    http_request req(m);
    req.set_request_uri(utility::conversions::to_string_t(path));
    req.headers().add(U("Authorization"), U("Bearer ") + ctx.token);
    if (company)
        req.headers().add(U("Procore-Company-Id"), std::to_string(ctx.company_id));
    if (body)
        req.set_body(Json::writeString(Json::StreamWriterBuilder(), *body), "application/json");
    http_response res = client.request(req).get();
    if (res.status_code() >= 300) {
        std::cerr << path << " -> HTTP " << res.status_code() << "\n";
        return Json::Value();
    }
    return parse_json(res.extract_string().get());
}

bool cmd_use(const Args& a) {
    for (const auto& row : kEnvRows)
        if (!a.empty() && a[0] == row.name) {
            ctx.env = &row;
            return true;
        }
    return false;
}

bool cmd_login(const Args&) {
    http_client client(utility::conversions::to_string_t(ctx.env->token_url));
    uri_builder form;
    form.append_query(U("grant_type"), U("client_credentials"));
    form.append_query(U("client_id"), getenv_str("PROCORE_CLIENT_ID"));
    form.append_query(U("client_secret"), getenv_str("PROCORE_CLIENT_SECRET"));
    http_request req(methods::POST);
    req.set_body(form.query(), U("application/x-www-form-urlencoded"));
    http_response res = client.request(req).get();
    Json::Value tok = parse_json(res.extract_string().get());
    ctx.token = tok["access_token"].asString();
    if (ctx.company_id == 0 && !getenv_str("PROCORE_COMPANY_ID").empty())
        ctx.company_id = std::stoll(getenv_str("PROCORE_COMPANY_ID"));
    return !ctx.token.empty();
}

bool cmd_me(const Args&) {
    Json::Value me = call(methods::GET, "/rest/v1.0/me", nullptr, false);
    std::cout << me["login"].asString() << " (" << me["id"].asInt64() << ")\n";
    return !me.isNull();
}

bool cmd_companies(const Args&) {
    Json::Value list = call(methods::GET, "/rest/v1.0/companies", nullptr, true);
    for (const auto& c : list)
        std::cout << c["id"].asInt64() << "  " << c["name"].asString() << "\n";
    return list.isArray();
}

bool cmd_projects(const Args& a) {
    if (!a.empty())
        ctx.company_id = std::stoll(a[0]);
    Json::Value list = call(methods::GET,
                            "/rest/v1.0/projects?company_id=" + std::to_string(ctx.company_id),
                            nullptr, true);
    for (const auto& p : list) {
        const int id = p["id"].asInt();
        std::cout << id << "  " << p["name"].asString() << "\n";
    }
    return list.isArray();
}

bool cmd_vendors(const Args&) {
    http_client client(utility::conversions::to_string_t(ctx.env->api_base));
    http_request req(methods::GET);
    req.set_request_uri(U("/rest/v1.0/vendors?company_id=") + std::to_string(ctx.company_id));
    req.headers().add(U("Authorization"), U("Bearer ") + ctx.token);
    req.headers().add(U("X-Procore-Company-Id"), std::to_string(ctx.company_id));
    http_response res = client.request(req).get();
    Json::Value list = parse_json(res.extract_string().get());
    for (const auto& v : list)
        std::cout << v["id"].asLargestInt() << "  " << v["name"].asString() << "\n";
    return list.isArray();
}

bool cmd_user(const Args& a) {
    if (a.empty())
        return false;
    int user_id = 0;
    if (std::sscanf(a[0].c_str(), "%d", &user_id) != 1)
        return false;
    Json::Value u = call(methods::GET,
                         "/rest/v1.0/companies/" + std::to_string(ctx.company_id) + "/users/" +
                             std::to_string(user_id),
                         nullptr, true);
    std::cout << u["name"].asString() << " <" << u["email_address"].asString() << ">\n";
    return !u.isNull();
}

bool cmd_post_rfi(const Args& a) {
    int64_t project_id = 0;
    Json::Value body;
    for (const auto& kv : a) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string key = kv.substr(0, eq), val = kv.substr(eq + 1);
        if (key == "project")
            project_id = std::stoll(val);
        else
            body["rfi"][key] = val;
    }
    Json::Value created = call(methods::POST,
                               "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis",
                               &body, true);
    std::cout << "RFI " << created["id"].asInt64() << " created\n";
    return !created.isNull();
}

// Not Procore: leave a note on the tracking issue in our GitHub repo.
bool cmd_issue(const Args& a) {
    if (a.size() < 2)
        return false;
    const int issue_number = std::stoi(a[0]);
    http_client gh(U("https://api.github.com"));
    http_request req(methods::POST);
    req.set_request_uri(U("/repos/acme-build/procore-nightly/issues/") +
                        std::to_string(issue_number) + U("/comments"));
    req.headers().add(U("Authorization"), U("token ") + getenv_str("GITHUB_TOKEN"));
    req.headers().add(U("User-Agent"), U("prest"));
    Json::Value body;
    body["body"] = a[1];
    req.set_body(Json::writeString(Json::StreamWriterBuilder(), body), "application/json");
    return gh.request(req).get().status_code() == status_codes::Created;
}

const std::map<std::string, Handler> kTable = {
    {"use", cmd_use},           {"login", cmd_login},         {"get me", cmd_me},
    {"get companies", cmd_companies}, {"get projects", cmd_projects},
    {"get vendors", cmd_vendors}, {"get user", cmd_user},     {"post rfi", cmd_post_rfi},
    {"issue", cmd_issue},
};

// word, key="quoted value" or "quoted value"
Args tokenize(const std::string& line) {
    static const std::regex re(R"re((\w+)="([^"]*)"|"([^"]*)"|(\S+))re");
    Args out;
    for (std::sregex_iterator it(line.begin(), line.end(), re), end; it != end; ++it) {
        const std::smatch& m = *it;
        if (m[1].matched)
            out.push_back(m[1].str() + "=" + m[2].str());
        else if (m[3].matched)
            out.push_back(m[3].str());
        else
            out.push_back(m[4].str());
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int rc = 0;
    for (int i = 1; i < argc; ++i) {
        Args tok = tokenize(argv[i]);
        if (tok.empty())
            continue;
        auto it = tok.size() > 1 ? kTable.find(tok[0] + " " + tok[1]) : kTable.end();
        std::size_t used = 2;
        if (it == kTable.end()) {
            it = kTable.find(tok[0]);
            used = 1;
        }
        if (it == kTable.end() || !it->second(Args(tok.begin() + used, tok.end()))) {
            std::cerr << "prest: '" << argv[i] << "' failed\n";
            rc = 1;
        }
    }
    return rc;
}
