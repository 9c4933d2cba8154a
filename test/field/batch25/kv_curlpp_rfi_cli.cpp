// kv_curlpp_rfi_cli.cpp -- `rfi` command-line helper for the field office.
//
//   rfi list   project=<id> [status=open]
//   rfi show   project=<id> rfi=<id>
//   rfi reply  project=<id> rfi=<id> body="..."
//   rfi open   project=<id>          (prints the browser link)
//
// Settings come from ~/.config/rfi-cli.conf (key=value lines) layered over
// the defaults below; the refresh token is written back after every run.
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <list>
#include <map>
#include <sstream>
#include <string>

using Config = std::map<std::string, std::string>;
using Args = std::map<std::string, std::string>;

static const Config kDefaults = {
    {"login_url", "https://login.procore.com"},
    {"api_url", "https://api.procore.com"},
    {"web_url", "https://app.procore.com"},
    {"sandbox.login_url", "https://sandbox.procore.com"},
    {"sandbox.api_url", "https://sandbox.procore.com"},
    {"per_page", "50"},
};

static std::string configPath()
{
    const char *home = std::getenv("HOME");
    return std::string(home ? home : ".") + "/.config/rfi-cli.conf";
}

static Config loadConfig()
{
    Config cfg = kDefaults;
    std::ifstream in(configPath());
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        cfg[line.substr(0, eq)] = line.substr(eq + 1);
    }
    if (cfg["env"] == "sandbox") {
        cfg["login_url"] = cfg["sandbox.login_url"];
        cfg["api_url"] = cfg["sandbox.api_url"];
    }
    return cfg;
}

static void saveConfig(const Config &cfg)
{
    std::ofstream out(configPath(), std::ios::trunc);
    for (const auto &kv : cfg)
        if (!kDefaults.count(kv.first) || kDefaults.at(kv.first) != kv.second)
            out << kv.first << '=' << kv.second << '\n';
}

// Poor man's JSON field grab; good enough for the token response.
static std::string jsonString(const std::string &body, const std::string &key)
{
    auto k = body.find("\"" + key + "\"");
    if (k == std::string::npos) return {};
    auto q1 = body.find('"', body.find(':', k) + 1);
    auto q2 = body.find('"', q1 + 1);
    return body.substr(q1 + 1, q2 - q1 - 1);
}

static std::string refreshAccessToken(Config &cfg)
{
    std::ostringstream resp;
    curlpp::Easy easy;
    const std::string form = "grant_type=refresh_token&refresh_token=" + cfg["refresh_token"] +
                             "&client_id=" + cfg["client_id"] +
                             "&client_secret=" + cfg["client_secret"];
    easy.setOpt(curlpp::options::Url(cfg["login_url"] + "/oauth/token"));
    easy.setOpt(curlpp::options::PostFields(form));
    easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(form.size())));
    easy.setOpt(curlpp::options::WriteStream(&resp));
    easy.perform();

    const std::string body = resp.str();
    const std::string rotated = jsonString(body, "refresh_token");
    if (!rotated.empty()) cfg["refresh_token"] = rotated;
    return jsonString(body, "access_token");
}

// req: method, path, body, company_id.  Returns the response body.
static std::string call(const Config &cfg, const std::string &token, const Args &req, long *status = nullptr)
{
    std::map<std::string, std::string> headers = {
        {"Authorization", "Bearer " + token},
        {"Accept", "application/json"},
    };
    auto cid = req.find("company_id");
    if (cid != req.end()) headers["Procore-Company-Id"] = cid->second;

    std::list<std::string> headerLines;
    for (const auto &h : headers) headerLines.push_back(h.first + ": " + h.second);

    std::ostringstream resp;
    curlpp::Easy easy;
    easy.setOpt(curlpp::options::Url(cfg.at("api_url") + req.at("path")));
    easy.setOpt(curlpp::options::WriteStream(&resp));
    auto m = req.find("method");
    if (m != req.end() && m->second != "GET") {
        headerLines.push_back("Content-Type: application/json");
        easy.setOpt(curlpp::options::CustomRequest(m->second));
        easy.setOpt(curlpp::options::PostFields(req.at("body")));
    }
    easy.setOpt(curlpp::options::HttpHeader(headerLines));
    easy.perform();
    if (status) *status = curlpp::infos::ResponseCode::get(easy);
    return resp.str();
}

static Args parseArgs(int argc, char **argv)
{
    Args a;
    for (int i = 2; i < argc; ++i) {
        std::string s = argv[i];
        auto eq = s.find('=');
        if (eq != std::string::npos) a[s.substr(0, eq)] = s.substr(eq + 1);
    }
    return a;
}

static int cmdList(const Config &cfg, const std::string &token, Args &args)
{
    const int64_t projectId = std::stoll(args.at("project"));
    std::string path = "/rest/v1.0/projects/" + std::to_string(projectId) +
                       "/rfis?per_page=" + cfg.at("per_page");
    if (args.count("status")) path += "&filters[status]=" + args["status"];
    Args req = {{"method", "GET"}, {"path", path}, {"company_id", cfg.at("company_id")}};
    std::cout << call(cfg, token, req) << '\n';
    return 0;
}

static int cmdShow(const Config &cfg, const std::string &token, Args &args)
{
    const int projectId = std::stoi(args.at("project"));
    const long rfiId = std::stol(args.at("rfi"));
    Args req = {{"method", "GET"},
                {"path", "/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis/" +
                             std::to_string(rfiId)},
                {"company_id", cfg.at("company_id")}};
    long status = 0;
    std::string body = call(cfg, token, req, &status);
    if (status == 404) {
        std::cerr << "no such RFI\n";
        return 1;
    }
    std::cout << body << '\n';
    return 0;
}

// Replies go through the older replies endpoint; posted with its own handle
// because it needs the multipart-free JSON body and a longer timeout.
static int cmdReply(const Config &cfg, const std::string &token, Args &args)
{
    const int64_t projectId = std::stoll(args.at("project"));
    const int64_t rfiId = std::stoll(args.at("rfi"));
    const std::string json = "{\"reply\":{\"body\":\"" + args["body"] + "\"}}";

    std::ostringstream resp;
    curlpp::Easy easy;
    easy.setOpt(curlpp::options::Url(cfg.at("api_url") + "/rest/v1.0/projects/" +
                                     std::to_string(projectId) + "/rfis/" +
                                     std::to_string(rfiId) + "/replies"));
    easy.setOpt(curlpp::options::HttpHeader(std::list<std::string>{
        "Authorization: Bearer " + token,
        "Content-Type: application/json",
        "Company-Id: " + cfg.at("company_id"),
    }));
    easy.setOpt(curlpp::options::PostFields(json));
    easy.setOpt(curlpp::options::Timeout(60));
    easy.setOpt(curlpp::options::WriteStream(&resp));
    easy.perform();
    std::cout << resp.str() << '\n';
    return 0;
}

static int cmdOpen(const Config &cfg, Args &args)
{
    std::cout << cfg.at("web_url") << "/" << args.at("project") << "/project/rfi/list\n";
    return 0;
}

static int cmdWhoami(const Config &cfg, const std::string &token)
{
    Args req = {{"method", "GET"}, {"path", "/rest/v1.0/me"}};
    std::cout << call(cfg, token, req) << '\n';
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::cerr << "usage: rfi list|show|reply|open|whoami key=value...\n";
        return 2;
    }
    curlpp::Cleanup cleanup;
    Config cfg = loadConfig();
    Args args = parseArgs(argc, argv);
    const std::string cmd = argv[1];

    if (cmd == "open") return cmdOpen(cfg, args);

    int rc = 0;
    try {
        const std::string token = refreshAccessToken(cfg);
        saveConfig(cfg);
        if (cmd == "list") rc = cmdList(cfg, token, args);
        else if (cmd == "show") rc = cmdShow(cfg, token, args);
        else if (cmd == "reply") rc = cmdReply(cfg, token, args);
        else if (cmd == "whoami") rc = cmdWhoami(cfg, token);
        else { std::cerr << "unknown command " << cmd << '\n'; rc = 2; }
    } catch (const curlpp::RuntimeError &e) {
        std::cerr << "request failed: " << e.what() << '\n';
        rc = 1;
    } catch (const std::out_of_range &) {
        std::cerr << "missing argument or config key\n";
        rc = 2;
    }
    return rc;
}
