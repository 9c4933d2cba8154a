// cf_submittal_cli.cpp - small command-line tool the PMs use to look at
// submittals without opening the browser.
//
//   cf_submittal_cli [-c ~/.procore.ini] [-e production|sandbox|monthly] OP ARGS
//     whoami
//     projects
//     list     PROJECT_ID
//     show     PROJECT_ID SUBMITTAL_ID
//     workflow PROJECT_ID SUBMITTAL_ID
//
// The access token comes from PROCORE_TOKEN (the desktop login helper
// writes it there).
#include <cpr/cpr.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using ProjectId = long;  // 64-bit on the build servers
using SubmittalId = std::int64_t;
using Section = std::map<std::string, std::string>;
using Ini = std::map<std::string, Section>;

struct IniDefault {
    const char* section;
    const char* key;
    const char* value;
};

const IniDefault kDefaults[] = {
    {"production", "login_host", "login.procore.com"},
    {"production", "api_host", "api.procore.com"},
    {"sandbox", "login_host", "login-sandbox.procore.com"},
    {"sandbox", "api_host", "sandbox.procore.com"},
    {"monthly", "login_host", "login-sandbox-monthly.procore.com"},
    {"monthly", "api_host", "login-sandbox-monthly.procore.com"},
    {"headers.v1", "Accept", "application/json"},
    {"headers.v1", "Procore-Company-Id", "${company_id}"},
    {"headers.v2", "Accept", "application/json"},
    {"headers.v2", "Company-Id", "${company_id}"},
};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

Ini load_ini(const std::string& path) {
    Ini ini;
    for (const auto& d : kDefaults) ini[d.section][d.key] = d.value;
    std::ifstream in(path);
    std::string line, section = "general";
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[' && line.back() == ']') {
            section = trim(line.substr(1, line.size() - 2));
            continue;
        }
        const auto eq = line.find('=');
        if (eq != std::string::npos) ini[section][trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
    return ini;
}

struct RouteDef {
    const char* op;
    const char* method;
    const char* path;
    const char* header_set;
};

const RouteDef kRoutes[] = {
    {"projects", "GET", "/rest/v1.0/companies/:company_id/projects", "headers.v1"},
    {"list", "GET", "/rest/v1.1/projects/:project_id/submittals", "headers.v1"},
    {"show", "GET", "/rest/v1.1/projects/:project_id/submittals/:submittal_id", "headers.v1"},
    {"workflow", "GET",
     "/rest/v2.0/companies/:company_id/projects/:project_id/submittals/:submittal_id/workflow_data",
     "headers.v2"},
};

void substitute(std::string& s, const std::string& token, const std::string& value) {
    for (auto pos = s.find(token); pos != std::string::npos; pos = s.find(token, pos + value.size()))
        s.replace(pos, token.size(), value);
}

struct Cli {
    Ini ini;
    std::string env = "production";
    std::string token;
    std::string company_id;

    const std::string& host(const char* which) { return ini[env][which]; }

    cpr::Response call(const std::string& op, ProjectId project, SubmittalId submittal, int page = 0) {
        const RouteDef* r = nullptr;
        for (const auto& d : kRoutes)
            if (op == d.op) r = &d;
        if (!r) throw std::runtime_error("no route for " + op);

        std::string path = r->path;
        substitute(path, ":company_id", company_id);
        substitute(path, ":project_id", std::to_string(project));
        substitute(path, ":submittal_id", std::to_string(submittal));

        cpr::Header header;
        for (const auto& [name, raw] : ini[r->header_set]) {
            std::string value = raw;
            substitute(value, "${company_id}", company_id);
            header[name] = value;
        }
        cpr::Parameters params;
        if (page > 0) params.Add({"page", std::to_string(page)});
        return cpr::Get(cpr::Url{"https://" + host("api_host") + path}, cpr::Bearer{token}, header, params);
    }
};

Json::Value parse(const std::string& text) {
    Json::Value v;
    Json::CharReaderBuilder b;
    std::istringstream in(text);
    std::string errs;
    Json::parseFromStream(b, in, &v, &errs);
    return v;
}

int usage() {
    std::cerr << "usage: cf_submittal_cli [-c ini] [-e env] whoami|projects|list|show|workflow ...\n"
                 "docs: https://support.procore.com/products/online/user-guide/project-level/submittals\n";
    return 64;
}

}  // namespace

int main(int argc, char** argv) {
    Cli cli;
    std::string ini_path = std::string(std::getenv("HOME") ? std::getenv("HOME") : ".") + "/.procore.ini";
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-c" && i + 1 < argc) ini_path = argv[++i];
        else if (a == "-e" && i + 1 < argc) cli.env = argv[++i];
        else args.push_back(a);
    }
    if (args.empty()) return usage();

    cli.ini = load_ini(ini_path);
    const char* tok = std::getenv("PROCORE_TOKEN");
    cli.token = tok ? tok : cli.ini["auth"]["token"];
    cli.company_id = cli.ini["company"]["id"];
    const std::string& op = args[0];

    if (op == "whoami") {
        auto r = cpr::Get(cpr::Url{"https://" + cli.host("login_host") + "/oauth/token/info"},
                          cpr::Bearer{cli.token});
        std::cout << r.text << "\n";
        return r.status_code == 200 ? 0 : 1;
    }
    if (op == "projects") {
        auto r = cli.call("projects", 0, 0);
        for (const auto& p : parse(r.text))
            std::cout << p["id"].asInt64() << "\t" << p["name"].asString() << "\n";
        return 0;
    }
    if (args.size() < 2) return usage();
    const ProjectId project = std::strtoll(args[1].c_str(), nullptr, 10);

    if (op == "list") {
        for (int page = 1;; ++page) {
            auto r = cli.call("list", project, 0, page);
            const Json::Value arr = parse(r.text);
            if (r.status_code != 200 || arr.empty()) break;
            for (const auto& s : arr)
                std::cout << s["id"].asInt64() << "\t" << s["number"].asString() << "\t"
                          << s["status"]["name"].asString() << "\t" << s["title"].asString() << "\n";
        }
        return 0;
    }
    if (args.size() < 3) return usage();
    const SubmittalId submittal = std::strtoll(args[2].c_str(), nullptr, 10);

    if (op == "show") {
        const Json::Value s = parse(cli.call("show", project, submittal).text);
        std::cout << s["number"].asString() << " " << s["title"].asString() << "\n"
                  << "due " << s["due_date"].asString() << ", ball in court: "
                  << s["ball_in_court"][0]["name"].asString() << "\n"
                  << "https://app.procore.com/" << project << "/project/submittal_logs/" << submittal << "\n";
        return 0;
    }
    if (op == "workflow") {
        const Json::Value wf = parse(cli.call("workflow", project, submittal).text);
        for (const auto& step : wf["data"]["approvers"]) {
            const int approver_id = step["user"]["id"].asInt();
            std::cout << approver_id << "\t" << step["user"]["name"].asString() << "\t"
                      << step["response"]["name"].asString() << "\n";
        }
        return 0;
    }
    return usage();
}
