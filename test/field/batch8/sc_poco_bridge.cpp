// procore-bridge: line-oriented bridge so the estimating team's Python/Excel
// macros can call Procore without handling OAuth themselves. Each stdin line is
//   COMMAND key=value key=value ...
// and the bridge answers with one JSON document per line on stdout.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

struct Hosts {
    std::string login;
    std::string api;
};

static const std::unordered_map<std::string, Hosts> kProfileHosts = {
    {"prod", {"login.procore.com", "api.procore.com"}},
    {"legacy", {"login.procore.com", "app.procore.com"}},
    {"dev", {"login-sandbox.procore.com", "sandbox.procore.com"}},
};

struct Profile {
    Hosts hosts;
    std::string token;
    std::string refresh_token;
    std::string client_id;
    std::string client_secret;
    std::int64_t company_id = 0;
};

struct RequestSpec {
    std::string method = HTTPRequest::HTTP_GET;
    std::string host;
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
};

using Args = std::map<std::string, std::string>;

static Profile g_profile;

static Poco::Net::Context::Ptr tls() {
    static Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
    return ctx;
}

static std::string fill(std::string tmpl, const Args& vars) {
    for (const auto& [k, v] : vars) {
        const std::string ph = "{" + k + "}";
        for (std::size_t pos; (pos = tmpl.find(ph)) != std::string::npos;) tmpl.replace(pos, ph.size(), v);
    }
    return tmpl;
}

static std::string read_body(HTTPSClientSession& s, HTTPResponse& res) {
    std::istream& rs = s.receiveResponse(res);
    std::string out;
    Poco::StreamCopier::copyToString(rs, out);
    return out;
}

static std::string execute(const RequestSpec& spec, const Profile& p) {
    HTTPSClientSession session(spec.host.empty() ? p.hosts.api : spec.host, 443, tls());
    HTTPRequest req(spec.method, spec.path, HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + p.token);
    req.set("Accept", "application/json");
    req.set("Procore-Company-Id", std::to_string(p.company_id));
    for (const auto& [k, v] : spec.headers) req.set(k, v);
    req.setContentLength(static_cast<std::streamsize>(spec.body.size()));
    session.sendRequest(req) << spec.body;
    HTTPResponse res;
    std::string body = read_body(session, res);
    if (res.getStatus() >= 300) throw std::runtime_error(std::to_string(res.getStatus()) + " " + body);
    return body;
}

// YAML-ish job file:   method: POST / path: /rest/... / header: Name: value / body: {...}
static RequestSpec load_job(const std::string& file, const Args& vars) {
    std::ifstream in(file);
    RequestSpec spec;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        auto colon = line.find(": ");
        if (colon == std::string::npos) continue;
        std::string key = line.substr(0, colon), value = fill(line.substr(colon + 2), vars);
        if (key == "method") spec.method = value;
        else if (key == "path") spec.path = value;
        else if (key == "body") spec.body = value;
        else if (key == "header") {
            auto c2 = value.find(": ");
            spec.headers[value.substr(0, c2)] = value.substr(c2 + 2);
        }
    }
    return spec;
}

static int reply(const std::string& json) {
    std::cout << json << std::endl;
    return 0;
}

static int cmd_projects(Args& a) {
    RequestSpec s;
    s.path = fill("/rest/v1.0/projects?company_id={company_id}", {{"company_id", std::to_string(g_profile.company_id)}});
    rapidjson::Document doc;
    doc.Parse(execute(s, g_profile).c_str());
    std::ostringstream out;
    out << "[";
    for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
        const std::int64_t id = doc[i]["id"].GetInt64();
        out << (i ? "," : "") << "{\"id\":" << id << ",\"name\":\"" << doc[i]["name"].GetString() << "\"}";
    }
    out << "]";
    return reply(out.str());
}

static int cmd_drawing_areas(Args& a) {
    unsigned project_id = static_cast<unsigned>(std::stoul(a.at("project_id")));
    HTTPSClientSession session(g_profile.hosts.api, 443, tls());
    HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas",
                    HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_profile.token);
    req.set("procore-company-id", std::to_string(g_profile.company_id));
    session.sendRequest(req);
    HTTPResponse res;
    rapidjson::Document doc;
    doc.Parse(read_body(session, res).c_str());
    std::ostringstream out;
    out << "[";
    for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
        int area_id = doc[i]["id"].GetInt();
        out << (i ? "," : "") << area_id;
    }
    out << "]";
    return reply(out.str());
}

static int cmd_vendors(Args& a) {
    HTTPSClientSession session(g_profile.hosts.api, 443, tls());
    const std::string path = "/rest/v1.0/vendors?company_id=" + std::to_string(g_profile.company_id);
    HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_profile.token);
    session.sendRequest(req);
    HTTPResponse res;
    return reply(read_body(session, res));
}

static int cmd_forms(Args& a) {
    RequestSpec s;
    s.path = fill("/vapid/projects/{project_id}/forms", a);
    return reply(execute(s, g_profile));
}

static int cmd_job(Args& a) {
    Args vars = a;
    vars["company_id"] = std::to_string(g_profile.company_id);
    return reply(execute(load_job(a.at("file"), vars), g_profile));
}

static int cmd_refresh(Args&) {
    HTTPSClientSession session(g_profile.hosts.login, 443, tls());
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
    const std::string form = "grant_type=refresh_token&refresh_token=" + g_profile.refresh_token +
                             "&client_id=" + g_profile.client_id + "&client_secret=" + g_profile.client_secret;
    req.setContentType("application/x-www-form-urlencoded");
    req.setContentLength(static_cast<std::streamsize>(form.size()));
    session.sendRequest(req) << form;
    HTTPResponse res;
    rapidjson::Document doc;
    doc.Parse(read_body(session, res).c_str());
    if (!doc.HasMember("access_token")) return reply("{\"error\":\"refresh failed\"}");
    g_profile.token = doc["access_token"].GetString();
    g_profile.refresh_token = doc["refresh_token"].GetString();
    return reply("{\"ok\":true}");
}

static int cmd_link(Args& a) {
    return reply("{\"url\":\"https://app.procore.com/" + std::to_string(g_profile.company_id) + "/project/home?id=" +
                 a.at("project_id") + "\"}");
}

int main(int argc, char** argv) {
    std::unordered_map<std::string, std::function<int(Args&)>> commands = {
        {"projects", cmd_projects}, {"drawing_areas", cmd_drawing_areas}, {"vendors", cmd_vendors},
        {"forms", cmd_forms},       {"job", cmd_job},                     {"refresh", cmd_refresh},
        {"link", cmd_link},
    };
    const std::string profile = argc > 1 ? argv[1] : "prod";
    g_profile.hosts = kProfileHosts.at(profile);
    if (const char* t = std::getenv("PROCORE_TOKEN")) g_profile.token = t;
    if (const char* r = std::getenv("PROCORE_REFRESH_TOKEN")) g_profile.refresh_token = r;
    if (const char* c = std::getenv("PROCORE_CLIENT_ID")) g_profile.client_id = c;
    if (const char* s = std::getenv("PROCORE_CLIENT_SECRET")) g_profile.client_secret = s;
    if (const char* co = std::getenv("PROCORE_COMPANY_ID")) g_profile.company_id = std::stoll(co);

    for (std::string line; std::getline(std::cin, line);) {
        std::istringstream words(line);
        std::string name, kv;
        words >> name;
        Args args;
        while (words >> kv) {
            auto eq = kv.find('=');
            if (eq != std::string::npos) args[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        auto it = commands.find(name);
        if (it == commands.end()) {
            reply("{\"error\":\"unknown command\"}");
            continue;
        }
        try {
            it->second(args);
        } catch (const std::exception& e) {
            reply(std::string("{\"error\":\"") + e.what() + "\"}");
        }
    }
    return 0;
}
