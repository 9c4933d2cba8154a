// fieldscript - runs the superintendents' Procore scripts (one command a line).
//
//   login sandbox
//   company 598134325779301
//   get projects
//   get project 562949953421312
//   get submittal 562949953421312 1099511628211
//   get inspections 562949953421312
//   get vendor 4398046511104
//   download 562949953421312 70368744177664 plan.pdf
//   notify "Inspections synced"
//
// Auth: refresh-token grant with the user's PROCORE_REFRESH_TOKEN.
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <list>
#include <sstream>
#include <string>
#include <vector>

// Inspections still come from the legacy endpoint.
#define PROCORE_VAPID_BASE "https://app.procore.com/vapid"

struct Host {
    const char* env;
    const char* login;
    const char* api;
};

static const Host kHosts[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

struct Command {
    const char* name;
    const char* method;
    const char* path;  // printf format; ids are long long
    int ids;
    bool legacy;
};

static const Command kCommands[] = {
    {"get companies", "GET", "/rest/v1.0/companies", 0, false},
    {"get project", "GET", "/rest/v1.0/projects/%lld", 1, false},
    {"get submittal", "GET", "/rest/v1.1/projects/%lld/submittals/%lld", 2, false},
    {"get inspections", "GET", "/projects/%lld/checklist/lists", 1, true},
};

struct Session {
    const Host* host = &kHosts[0];
    std::string token;
    long long company_id = 0;
};

static Session s;

static long http(const std::string& method, const std::string& url,
                 const std::list<std::string>& headers, const std::string& body,
                 std::string& out) {
    curlpp::Easy easy;
    std::ostringstream os;
    easy.setOpt(curlpp::options::Url(url));
    easy.setOpt(curlpp::options::CustomRequest(method));
    easy.setOpt(curlpp::options::HttpHeader(headers));
    easy.setOpt(curlpp::options::WriteStream(&os));
    if (!body.empty()) {
        easy.setOpt(curlpp::options::PostFields(body));
        easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(body.size())));
    }
    easy.perform();
    out = os.str();
    return curlpp::infos::ResponseCode::get(easy);
}

// Procore REST dispatch: every call carries the token and the company.
static bool procore(const std::string& method, const std::string& url, rapidjson::Document& doc) {
    std::list<std::string> headers = {
        "Authorization: Bearer " + s.token,
        "Procore-Company-Id: " + std::to_string(s.company_id),
        "Accept: application/json",
    };
    std::string out;
    const long status = http(method, url, headers, "", out);
    if (status < 200 || status >= 300) {
        std::cerr << method << " " << url << " -> " << status << "\n";
        return false;
    }
    doc.Parse(out.c_str());
    return !doc.HasParseError();
}

static bool do_login(const std::string& env) {
    for (const auto& h : kHosts)
        if (env == h.env)
            s.host = &h;
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* client_id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!refresh || !client_id || !secret)
        return false;
    const std::string body = std::string("grant_type=refresh_token&refresh_token=") + refresh +
                             "&client_id=" + client_id + "&client_secret=" + secret;
    std::string out;
    const long status = http("POST", std::string(s.host->login) + "/oauth/token",
                             {"Content-Type: application/x-www-form-urlencoded"}, body, out);
    rapidjson::Document doc;
    doc.Parse(out.c_str());
    if (status != 200 || !doc.IsObject() || !doc.HasMember("access_token"))
        return false;
    s.token = doc["access_token"].GetString();
    std::cout << "logged in to " << s.host->env << ", token valid "
              << doc["expires_in"].GetInt() << "s\n";
    return true;
}

static bool run_table(const Command& c, const std::vector<std::string>& args) {
    if (static_cast<int>(args.size()) < c.ids)
        return false;
    long long id[2] = {0, 0};
    for (int i = 0; i < c.ids; ++i)
        id[i] = std::stoll(args[i]);
    char path[256];
    std::snprintf(path, sizeof path, c.path, id[0], id[1]);
    const std::string base = c.legacy ? PROCORE_VAPID_BASE : s.host->api;
    rapidjson::Document doc;
    if (!procore(c.method, base + path, doc))
        return false;
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    doc.Accept(w);
    std::cout << sb.GetString() << "\n";
    return true;
}

static bool list_projects() {
    rapidjson::Document doc;
    const std::string url = std::string(s.host->api) +
                            "/rest/v1.0/projects?company_id=" + std::to_string(s.company_id);
    if (!procore("GET", url, doc) || !doc.IsArray())
        return false;
    for (const auto& p : doc.GetArray())
        std::printf("%d\t%s\n", p["id"].GetInt(), p["name"].GetString());
    return true;
}

static bool get_vendor(const std::string& arg) {
    long vendor_id = std::strtol(arg.c_str(), nullptr, 10);
    rapidjson::Document doc;
    const std::string url = std::string(s.host->api) + "/rest/v1.0/vendors/" +
                            std::to_string(vendor_id) + "?company_id=" +
                            std::to_string(s.company_id);
    if (!procore("GET", url, doc))
        return false;
    std::cout << doc["name"].GetString() << "\n";
    return true;
}

static bool download(const std::vector<std::string>& a) {
    if (a.size() < 3)
        return false;
    const long long project_id = std::stoll(a[0]);
    const long long file_id = std::stoll(a[1]);
    std::string out;
    const long status = http("GET",
                             std::string(s.host->api) + "/rest/v1.0/files/" +
                                 std::to_string(file_id) + "?project_id=" + std::to_string(project_id),
                             {"Authorization: Bearer " + s.token}, "", out);
    if (status != 200)
        return false;
    rapidjson::Document doc;
    doc.Parse(out.c_str());
    const auto& versions = doc["file_versions"];
    if (!versions.IsArray() || versions.Empty())
        return false;
    // the prostore_file url is a presigned storage link: plain GET, no Procore headers
    const std::string link = versions[0]["prostore_file"]["url"].GetString();
    std::string data;
    if (http("GET", link, {}, "", data) != 200)
        return false;
    std::ofstream(a[2], std::ios::binary) << data;
    return true;
}

static bool notify(const std::string& text) {
    const char* hook = std::getenv("SLACK_WEBHOOK_URL");
    if (!hook)
        return true;
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("text");
    w.String(text.c_str());
    w.EndObject();
    std::string out;
    return http("POST", hook, {"Content-Type: application/json"}, sb.GetString(), out) == 200;
}

static bool execute(std::vector<std::string> tok, const std::string& line) {
    if (tok[0] == "login" && tok.size() > 1)
        return do_login(tok[1]);
    if (tok[0] == "company" && tok.size() > 1)
        return (s.company_id = std::stoll(tok[1])) > 0;
    if (tok[0] == "notify")
        return notify(line.substr(line.find(' ') + 1));
    if (tok[0] == "download")
        return download({tok.begin() + 1, tok.end()});
    if (tok.size() > 1 && tok[0] == "get" && tok[1] == "projects")
        return list_projects();
    if (tok.size() > 2 && tok[0] == "get" && tok[1] == "vendor")
        return get_vendor(tok[2]);
    for (const auto& c : kCommands) {
        const size_t n = std::strlen(c.name);
        if (line.compare(0, n, c.name) == 0 && (line.size() == n || line[n] == ' ')) {
            std::istringstream rest(line.substr(n));
            std::vector<std::string> args;
            for (std::string w; rest >> w;)
                args.push_back(w);
            return run_table(c, args);
        }
    }
    std::cerr << "unknown: " << line << "\n";
    return false;
}

int main(int argc, char** argv) {
    curlpp::Cleanup cleanup;
    std::ifstream file;
    if (argc > 1)
        file.open(argv[1]);
    std::istream& in = argc > 1 ? static_cast<std::istream&>(file) : std::cin;
    std::string line;
    int failed = 0;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::vector<std::string> tok;
        for (std::string w; ss >> w;)
            tok.push_back(w);
        if (tok.empty() || tok[0][0] == '#')
            continue;
        try {
            if (!execute(tok, line))
                ++failed;
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << "\n";
            ++failed;
        }
    }
    return failed ? 1 : 0;
}
