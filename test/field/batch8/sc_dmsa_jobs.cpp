// dmsa-jobs: nightly export runner for the "Data Exporter" Developer Managed
// Service Account. Jobs are JSON files listing request specs:
//   { "environment": "production",
//     "vars": { "project_id": "562949953421312" },
//     "requests": [ { "name": "rfis", "method": "GET",
//                     "path": "/rest/v1.0/projects/{project_id}/rfis",
//                     "headers": { "Accept": "application/json" } } ] }
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

struct Environment {
    std::string login_base;
    std::string api_base;
};

static const std::map<std::string, Environment> kEnvironments = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

struct ServiceAccount {
    std::string client_id;
    std::string client_secret;
    Json::Int64 company_id = 0;
    Environment env;
    std::string token;
};

struct RequestSpec {
    std::string name;
    std::string method = "GET";
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
};

struct Args {
    ServiceAccount account;
    std::vector<std::string> params;
};

struct SubmittalRow {
    Json::Int64 id = 0;
    std::string title;
    int received_from_id = 0;
};

static Json::Value parse_json(const std::string& text) {
    Json::CharReaderBuilder b;
    Json::Value v;
    std::string errs;
    std::istringstream in(text);
    if (!Json::parseFromStream(b, in, &v, &errs)) throw std::runtime_error("bad json: " + errs);
    return v;
}

static std::string substitute(std::string tmpl, const std::map<std::string, std::string>& vars) {
    for (const auto& [k, v] : vars) {
        const std::string ph = "{" + k + "}";
        std::string::size_type pos;
        while ((pos = tmpl.find(ph)) != std::string::npos) tmpl.replace(pos, ph.size(), v);
    }
    return tmpl;
}

static void fetch_token(ServiceAccount& acct) {
    httplib::Client auth(acct.env.login_base);
    httplib::Params form{{"grant_type", "client_credentials"},
                         {"client_id", acct.client_id},
                         {"client_secret", acct.client_secret}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) throw std::runtime_error("token request failed");
    acct.token = parse_json(res->body)["access_token"].asString();
}

static bool token_still_valid(const ServiceAccount& acct) {
    httplib::Client info("https://api.procore.com");
    auto res = info.Get("/oauth/token/info", {{"Authorization", "Bearer " + acct.token}});
    return res && res->status == 200 && parse_json(res->body)["expires_in_seconds"].asInt() > 300;
}

static httplib::Headers default_headers(const ServiceAccount& acct) {
    return {{"Authorization", "Bearer " + acct.token},
            {"Accept", "application/json"},
            {"Procore-Company-Id", std::to_string(acct.company_id)}};
}

static httplib::Result execute(const RequestSpec& spec, const ServiceAccount& acct) {
    httplib::Client cli(acct.env.api_base);
    cli.set_read_timeout(60, 0);
    httplib::Headers headers = default_headers(acct);
    for (const auto& [k, v] : spec.headers) headers.emplace(k, v);
    if (spec.method == "GET") return cli.Get(spec.path, headers);
    if (spec.method == "POST") return cli.Post(spec.path, headers, spec.body, "application/json");
    if (spec.method == "PATCH") return cli.Patch(spec.path, headers, spec.body, "application/json");
    if (spec.method == "DELETE") return cli.Delete(spec.path, headers);
    throw std::runtime_error("unsupported method " + spec.method);
}

static std::vector<RequestSpec> load_job(const std::string& file, ServiceAccount& acct) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    Json::Value root = parse_json(ss.str());
    acct.env = kEnvironments.at(root.get("environment", "production").asString());

    std::map<std::string, std::string> vars{{"company_id", std::to_string(acct.company_id)}};
    for (const auto& key : root["vars"].getMemberNames()) {
        const Json::Value& v = root["vars"][key];
        vars[key] = v.isString() ? v.asString() : std::to_string(v.asInt());
    }
    std::vector<RequestSpec> specs;
    for (const auto& r : root["requests"]) {
        RequestSpec s;
        s.name = r["name"].asString();
        s.method = r.get("method", "GET").asString();
        s.path = substitute(r["path"].asString(), vars);
        for (const auto& h : r["headers"].getMemberNames()) s.headers[h] = r["headers"][h].asString();
        if (r.isMember("body")) s.body = Json::writeString(Json::StreamWriterBuilder(), r["body"]);
        specs.push_back(std::move(s));
    }
    return specs;
}

static int cmd_whoami(Args& a) {
    auto res = execute({"me", "GET", "/rest/v1.0/me", {}, ""}, a.account);
    if (!res) return 1;
    std::cout << res->body << "\n";
    return res->status == 200 ? 0 : 1;
}

static int cmd_companies(Args& a) {
    httplib::Client cli(a.account.env.api_base);
    auto res = cli.Get("/rest/v1.0/companies", {{"Authorization", "Bearer " + a.account.token}});
    if (!res || res->status != 200) return 1;
    for (const auto& c : parse_json(res->body))
        std::cout << c["id"].asInt64() << "  " << c["name"].asString() << "\n";
    return 0;
}

static int cmd_submittals(Args& a) {
    if (a.params.empty()) return 2;
    const long project_id = std::atol(a.params[0].c_str());
    RequestSpec s{"submittals", "GET", substitute("/rest/v1.0/projects/{project_id}/submittals",
                                                  {{"project_id", std::to_string(project_id)}}),
                  {}, ""};
    auto res = execute(s, a.account);
    if (!res || res->status != 200) return 1;
    std::vector<SubmittalRow> rows;
    for (const auto& j : parse_json(res->body)) {
        SubmittalRow row;
        row.id = j["id"].asInt64();
        row.title = j["title"].asString();
        row.received_from_id = j["received_from"].get("id", 0).asLargestInt();
        rows.push_back(row);
    }
    std::cout << rows.size() << " submittals\n";
    return 0;
}

static void notify_slack(const std::string& text) {
    const char* hook = std::getenv("SLACK_WEBHOOK_PATH");  // e.g. /services/T000/B000/XXXX
    if (!hook) return;
    httplib::Client slack("https://hooks.slack.com");
    Json::Value msg;
    msg["text"] = text;
    slack.Post(hook, Json::writeString(Json::StreamWriterBuilder(), msg), "application/json");
}

static int cmd_run(Args& a) {
    if (a.params.empty()) return 2;
    auto specs = load_job(a.params[0], a.account);
    if (!token_still_valid(a.account)) fetch_token(a.account);
    int failures = 0;
    for (const auto& spec : specs) {
        auto res = execute(spec, a.account);
        if (!res || res->status >= 300) {
            ++failures;
            continue;
        }
        std::ofstream("export_" + spec.name + ".json") << res->body;
    }
    notify_slack("dmsa-jobs: " + std::to_string(specs.size() - failures) + "/" + std::to_string(specs.size()) +
                 " requests exported");
    return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
    std::unordered_map<std::string, std::function<int(Args&)>> commands{
        {"whoami", cmd_whoami}, {"companies", cmd_companies}, {"submittals", cmd_submittals}, {"run", cmd_run}};
    if (argc < 2 || commands.find(argv[1]) == commands.end()) {
        std::cerr << "usage: dmsa-jobs whoami|companies|submittals PROJECT|run JOB.json\n";
        return 2;
    }
    Args args;
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!id || !secret || !company) {
        std::cerr << "PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET and PROCORE_COMPANY_ID must be set\n";
        return 2;
    }
    args.account.client_id = id;
    args.account.client_secret = secret;
    args.account.company_id = std::strtoll(company, nullptr, 10);
    args.account.env = kEnvironments.at("production");
    args.params.assign(argv + 2, argv + argc);
    try {
        if (std::string(argv[1]) != "run") fetch_token(args.account);
        return commands[argv[1]](args);
    } catch (const std::exception& e) {
        std::cerr << "dmsa-jobs: " << e.what() << "\n";
        return 1;
    }
}
