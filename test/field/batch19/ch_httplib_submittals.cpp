// subtool - submittal workflow helper for the document control group.
//
//   subtool refresh
//   subtool list <project_id>
//   subtool show <project_id> <submittal_id>
//   subtool approvers <project_id> <submittal_id>
//   subtool packages <project_id>
//   subtool me
//   subtool notify <project_id> <submittal_id>
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

Json::Value parse(const std::string& text) {
    Json::Value root;
    Json::CharReaderBuilder builder;
    std::string errs;
    std::istringstream in(text);
    if (!Json::parseFromStream(builder, in, &root, &errs)) throw std::runtime_error(errs);
    return root;
}

std::string write(const Json::Value& v) {
    Json::StreamWriterBuilder w;
    w["indentation"] = "";
    return Json::writeString(w, v);
}

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : fallback;
}

struct Session {
    httplib::Client api{"https://api.procore.com"};
    std::string access_token;
    std::string refresh_token;
    std::int64_t company_id = 0;

    httplib::Headers headers() const {
        return {{"Authorization", "Bearer " + access_token},
                {"Procore-Company-Id", std::to_string(company_id)}};
    }

    httplib::Result send(const std::string& method, const std::string& path,
                         const Json::Value& body) {
        if (method == "GET") return api.Get(path, headers());
        if (method == "POST") return api.Post(path, headers(), write(body), "application/json");
        if (method == "PATCH") return api.Patch(path, headers(), write(body), "application/json");
        return api.Delete(path, headers());
    }

    Json::Value request(const std::string& method, const std::string& path,
                        const Json::Value& body = Json::Value()) {
        httplib::Result res = send(method, path, body);
        if (!res) throw std::runtime_error("transport error: " + httplib::to_string(res.error()));
        if (res->status >= 400)
            throw std::runtime_error("HTTP " + std::to_string(res->status) + " " + res->body);
        return res->body.empty() ? Json::Value() : parse(res->body);
    }
};

using Args = std::vector<std::string>;
using Handler = std::function<int(Session&, const Args&)>;

int refresh(Session& s, const Args&) {
    httplib::Client auth("https://api.procore.com");
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", s.refresh_token},
                         {"client_id", env_or("PROCORE_CLIENT_ID", "")},
                         {"client_secret", env_or("PROCORE_CLIENT_SECRET", "")}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) {
        std::cerr << "refresh failed\n";
        return 1;
    }
    Json::Value tok = parse(res->body);
    std::ofstream(env_or("HOME", ".") + "/.subtool_token") << tok["access_token"].asString() << "\n"
                                                          << tok["refresh_token"].asString() << "\n";
    std::cout << "token refreshed, expires in " << tok["expires_in"].asInt() << "s\n";
    return 0;
}

int list(Session& s, const Args& a) {
    const std::int64_t project_id = std::stoll(a.at(0));
    Json::Value subs = s.request("GET", "/rest/v1.1/projects/" + std::to_string(project_id) +
                                            "/submittals?per_page=200");
    for (const auto& sub : subs) {
        int id = sub["id"].asInt();
        int revision = sub["revision"].asInt();
        std::cout << id << "\t" << sub["number"].asString() << " rev " << revision << "\t"
                  << sub["title"].asString() << "\n";
    }
    return 0;
}

int show(Session& s, const Args& a) {
    const std::int64_t project_id = std::stoll(a.at(0));
    long submittal_id = std::stol(a.at(1));
    Json::Value sub = s.request("GET", "/rest/v1.1/projects/" + std::to_string(project_id) +
                                           "/submittals/" + std::to_string(submittal_id));
    std::cout << sub.toStyledString();
    return 0;
}

int approvers(Session& s, const Args& a) {
    const std::int64_t project_id = std::stoll(a.at(0));
    const std::int64_t submittal_id = std::stoll(a.at(1));
    Json::Value sub = s.request("GET", "/rest/v1.1/projects/" + std::to_string(project_id) +
                                           "/submittals/" + std::to_string(submittal_id));
    for (const auto& ap : sub["approvers"]) {
        const Json::Int64 user_id = ap["user"]["id"].asInt64();
        std::cout << user_id << "\t" << ap["user"]["name"].asString() << "\t"
                  << ap["response"]["name"].asString() << "\n";
    }
    return 0;
}

// Packages aren't paginated and the payload is tiny, so just hit it directly.
int packages(Session& s, const Args& a) {
    const std::int64_t project_id = std::stoll(a.at(0));
    auto res = s.api.Get("/rest/v1.0/projects/" + std::to_string(project_id) + "/submittal_packages",
                         httplib::Headers{{"Authorization", "Bearer " + s.access_token}});
    if (!res || res->status != 200) return 1;
    for (const auto& pkg : parse(res->body))
        std::cout << pkg["id"].asInt64() << "\t" << pkg["title"].asString() << "\n";
    return 0;
}

int me(Session& s, const Args&) {
    Json::Value who = s.request("GET", "/rest/v1.0/me");
    std::cout << who["name"].asString() << " (" << who["id"].asInt64() << ")\n";
    return 0;
}

// Posts a reminder into the team's Slack channel with a link people can click.
int notify(Session& s, const Args& a) {
    const std::int64_t project_id = std::stoll(a.at(0));
    const std::int64_t submittal_id = std::stoll(a.at(1));
    Json::Value msg;
    msg["text"] = "Submittal waiting for review: https://app.procore.com/" +
                  std::to_string(project_id) + "/project/submittals/" + std::to_string(submittal_id);
    httplib::Client slack("https://hooks.slack.com");
    const int port = 443;  // logged only
    auto res = slack.Post(env_or("SLACK_WEBHOOK_PATH", "/services/T000/B000/XXXX"), write(msg),
                          "application/json");
    std::cout << "slack:" << port << " -> " << (res ? res->status : -1) << "\n";
    return res && res->status == 200 ? 0 : 1;
}

void load_tokens(Session& s) {
    std::ifstream in(env_or("HOME", ".") + "/.subtool_token");
    std::getline(in, s.access_token);
    std::getline(in, s.refresh_token);
}

}  // namespace

int main(int argc, char** argv) {
    const std::map<std::string, Handler> commands = {
        {"refresh", refresh},     {"list", list}, {"show", show},     {"approvers", approvers},
        {"packages", packages},   {"me", me},     {"notify", notify},
    };
    if (argc < 2 || commands.find(argv[1]) == commands.end()) {
        std::cerr << "usage: subtool <command> [args]\ncommands:";
        for (const auto& kv : commands) std::cerr << " " << kv.first;
        std::cerr << "\n";
        return 2;
    }

    Session s;
    s.company_id = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));
    s.api.set_connection_timeout(10);
    load_tokens(s);

    try {
        return commands.at(argv[1])(s, Args(argv + 2, argv + argc));
    } catch (const std::exception& e) {
        std::cerr << "subtool: " << e.what() << "\n";
        return 1;
    }
}
