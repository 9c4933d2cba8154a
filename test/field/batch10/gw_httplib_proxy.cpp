// gw_httplib_proxy.cpp - field tablet -> Procore proxy
//
// The field tablet app only knows our job numbers. It talks to this proxy on
// :8088 and we forward to Procore with the integration user's token, so no
// Procore credentials ever live on a tablet.
//
//   GET  /jobs/:job/rfis         -> GET  /rest/v1.0/projects/{pid}/rfis
//   GET  /jobs/:job/submittals   -> GET  /rest/v1.1/projects/{pid}/submittals
//   POST /jobs/:job/notes        -> POST /rest/v1.0/projects/{pid}/notes_logs
//   GET  /jobs/:job/drawings     -> GET  /vapid/projects/{pid}/drawing_log
//   GET  /whoami                 -> GET  /rest/v1.0/me
//   POST /hooks/procore          <- Procore webhook, appended to hooks.csv
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

using json = nlohmann::json;

namespace {

const char* kApiHost = "api.procore.com";
const char* kLoginHost = "login.procore.com";
const char* kLegacyHost = "app.procore.com";  // drawing log still on vapid

struct Config {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    int64_t company_id = 0;
    std::string company_slug;
    int port = 8088;
};

std::string env_or(const char* k, const char* dflt) {
    const char* v = std::getenv(k);
    return v ? v : dflt;
}

class TokenCache {
public:
    explicit TokenCache(Config& cfg) : cfg_(cfg) {}

    std::string get() {
        std::lock_guard<std::mutex> lk(mu_);
        auto now = std::chrono::steady_clock::now();
        if (!token_.empty() && now < expires_) return token_;

        httplib::SSLClient login(kLoginHost, 443);
        httplib::Params form{{"grant_type", "refresh_token"},
                             {"client_id", cfg_.client_id},
                             {"client_secret", cfg_.client_secret},
                             {"refresh_token", cfg_.refresh_token}};
        auto res = login.Post("/oauth/token", form);
        if (!res || res->status != 200) {
            std::cerr << "token refresh failed: " << (res ? res->status : -1) << "\n";
            return {};
        }
        auto j = json::parse(res->body);
        token_ = j.value("access_token", "");
        cfg_.refresh_token = j.value("refresh_token", cfg_.refresh_token);
        int ttl = j.value("expires_in", 7200);
        expires_ = now + std::chrono::seconds(ttl - 120);
        return token_;
    }

private:
    Config& cfg_;
    std::mutex mu_;
    std::string token_;
    std::chrono::steady_clock::time_point expires_{};
};

// job number (tablet / ERP key) -> Procore project id
std::map<int, int64_t> load_job_map(const std::string& path) {
    std::map<int, int64_t> m;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        auto comma = line.find(',');
        if (comma == std::string::npos || line[0] == '#') continue;
        m[std::stoi(line.substr(0, comma))] = std::stoll(line.substr(comma + 1));
    }
    return m;
}

// Copy the few tablet headers Procore cares about, then add ours.
httplib::Headers forward_headers(const httplib::Request& in, const std::string& token,
                                 int64_t company_id) {
    httplib::Headers out;
    for (const char* name : {"Accept", "Accept-Language", "If-None-Match", "X-Request-Id"}) {
        if (in.has_header(name)) out.emplace(name, in.get_header_value(name));
    }
    out.emplace("Authorization", "Bearer " + token);
    out.emplace("Procore-Company-Id", std::to_string(company_id));
    return out;
}

void relay(const httplib::Result& up, httplib::Response& res) {
    if (!up) {
        res.status = 502;
        res.set_content(R"({"error":"procore unreachable"})", "application/json");
        return;
    }
    res.status = up->status;
    if (up->has_header("Total")) res.set_header("X-Total", up->get_header_value("Total"));
    res.set_content(up->body, up->get_header_value("Content-Type"));
}

}  // namespace

int main(int argc, char** argv) {
    Config cfg;
    cfg.client_id = env_or("PROCORE_CLIENT_ID", "");
    cfg.client_secret = env_or("PROCORE_CLIENT_SECRET", "");
    cfg.refresh_token = env_or("PROCORE_REFRESH_TOKEN", "");
    cfg.company_id = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));
    cfg.company_slug = env_or("PROCORE_COMPANY_SLUG", "");
    cfg.port = std::atoi(env_or("PROXY_PORT", "8088").c_str());

    auto jobs = load_job_map(argc > 1 ? argv[1] : "jobs.csv");
    TokenCache tokens(cfg);
    httplib::Server srv;

    auto project_for = [&](const httplib::Request& req, int64_t& pid) {
        auto it = jobs.find(std::stoi(req.matches[1]));
        if (it == jobs.end()) return false;
        pid = it->second;
        return true;
    };

    srv.Get(R"(/jobs/(\d+)/rfis)", [&](const httplib::Request& req, httplib::Response& res) {
        int64_t pid = 0;
        if (!project_for(req, pid)) { res.status = 404; return; }
        httplib::SSLClient api(kApiHost, 443);
        auto h = forward_headers(req, tokens.get(), cfg.company_id);
        std::string page = req.has_param("page") ? req.get_param_value("page") : "1";
        relay(api.Get("/rest/v1.0/projects/" + std::to_string(pid) + "/rfis?page=" + page, h), res);
    });

    srv.Get(R"(/jobs/(\d+)/submittals)", [&](const httplib::Request& req, httplib::Response& res) {
        int64_t pid = 0;
        if (!project_for(req, pid)) { res.status = 404; return; }
        httplib::SSLClient api(kApiHost, 443);
        httplib::Headers h{{"Authorization", "Bearer " + tokens.get()},
                           {"Accept", "application/json"}};
        // tablets on build >= 4.2 send the company explicitly, pass it through
        h.emplace("X-Procore-Company-Id",
                  req.get_header_value("X-Procore-Company-Id", 0).empty()
                      ? std::to_string(cfg.company_id)
                      : req.get_header_value("X-Procore-Company-Id"));
        relay(api.Get("/rest/v1.1/projects/" + std::to_string(pid) + "/submittals", h), res);
    });

    srv.Post(R"(/jobs/(\d+)/notes)", [&](const httplib::Request& req, httplib::Response& res) {
        int64_t pid = 0;
        if (!project_for(req, pid)) { res.status = 404; return; }
        auto in = json::parse(req.body, nullptr, false);
        if (in.is_discarded()) { res.status = 400; return; }
        json out = {{"project_id", pid},
                    {"notes_log", {{"comment", in.value("text", "")},
                                   {"date", in.value("date", "")}}}};
        httplib::SSLClient api(kApiHost, 443);
        httplib::Headers h{{"Authorization", "Bearer " + tokens.get()}};
        if (req.has_header("X-Request-Id")) h.emplace("X-Request-Id", req.get_header_value("X-Request-Id"));
        relay(api.Post("/rest/v1.0/projects/" + std::to_string(pid) + "/notes_logs", h,
                       out.dump(), "application/json"), res);
    });

    srv.Get(R"(/jobs/(\d+)/drawings)", [&](const httplib::Request& req, httplib::Response& res) {
        int64_t pid = 0;
        if (!project_for(req, pid)) { res.status = 404; return; }
        httplib::SSLClient legacy(kLegacyHost, 443);
        auto h = forward_headers(req, tokens.get(), cfg.company_id);
        relay(legacy.Get("/vapid/projects/" + std::to_string(pid) + "/drawing_log", h), res);
    });

    srv.Get("/whoami", [&](const httplib::Request& req, httplib::Response& res) {
        httplib::SSLClient api(kApiHost, 443);
        httplib::Headers h{{"Authorization", "Bearer " + tokens.get()}};
        relay(api.Get("/rest/v1.0/me", h), res);
    });

    // Procore webhook: {"resource_name":"RFIs","resource_id":..,"project_id":..,"event_type":..}
    srv.Post("/hooks/procore", [&](const httplib::Request& req, httplib::Response& res) {
        auto ev = json::parse(req.body, nullptr, false);
        if (ev.is_discarded()) { res.status = 400; return; }
        int64_t project_id = ev.value("project_id", int64_t{0});
        int resource_id = ev["resource_id"].get<int>();
        std::string kind = ev.value("resource_name", "");
        std::string event = ev.value("event_type", "");

        std::string subject;
        if (kind == "RFIs" && event != "delete") {
            httplib::SSLClient api(kApiHost, 443);
            httplib::Headers h{{"Authorization", "Bearer " + tokens.get()},
                               {"Procore-Company-Id", std::to_string(cfg.company_id)}};
            auto r = api.Get("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                             std::to_string(resource_id), h);
            if (r && r->status == 200) subject = json::parse(r->body).value("subject", "");
        }

        std::ostringstream link;
        link << "https://app.procore.com/" << cfg.company_id << "/project/rfi/show/" << resource_id;
        std::ofstream csv("hooks.csv", std::ios::app);
        csv << project_id << ',' << kind << ',' << resource_id << ',' << event << ",\""
            << subject << "\"," << link.str() << "\n";
        res.status = 204;
    });

    std::cout << "gw proxy on :" << cfg.port << std::endl;
    srv.listen("0.0.0.0", cfg.port);
    return 0;
}
