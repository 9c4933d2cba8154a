// gw_dmsa_gateway.cpp - helpdesk/BI gateway in front of Procore (DMSA)
//
// Runs as a Developer Managed Service Account (client_credentials), so no
// user ever logs in. The helpdesk and the BI refresher call us:
//   GET  /procore/me                    -> GET  /rest/v1.0/me
//   GET  /procore/companies             -> GET  /rest/v1.0/companies
//   GET  /procore/projects/:id/users    -> GET  /rest/v1.0/projects/{id}/users
//   POST /tickets/:no/escalate          -> POST /rest/v1.0/observations/items
//   GET  /procore/token-info            -> GET  /oauth/token/info
// Callers pick the company with an "X-Company" header; we rewrite it to
// Procore-Company-Id. Escalations are logged as SQL to escalations.sql.
//
// PROCORE_ENV=production|monthly (monthly = the monthly sandbox for UAT)
#include <curl/curl.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

using json = nlohmann::json;

struct Endpoints {
    std::string token_url;
    std::string api_base;
};

static Endpoints endpoints_for(const std::string& env) {
    if (env == "monthly")
        return {"https://api-monthly.procore.com/oauth/token", "https://api-monthly.procore.com"};
    return {"https://login.procore.com/oauth/token", "https://api.procore.com"};
}

struct HttpResult {
    long status = 0;
    std::string body;
};

static size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

static HttpResult curl_call(const std::string& method, const std::string& url,
                            const std::vector<std::string>& headers, const std::string& body = "") {
    HttpResult r;
    CURL* c = curl_easy_init();
    curl_slist* hl = nullptr;
    for (const auto& h : headers) hl = curl_slist_append(hl, h.c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    if (!body.empty()) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    return r;
}

class TokenCache {
public:
    explicit TokenCache(Endpoints ep) : ep_(std::move(ep)) {}

    std::string bearer() {
        std::lock_guard<std::mutex> lk(mu_);
        auto now = std::chrono::system_clock::now();
        if (token_.empty() || now >= expiry_) {
            std::string form = std::string("grant_type=client_credentials&client_id=") +
                               getenv_or("PROCORE_CLIENT_ID") + "&client_secret=" +
                               getenv_or("PROCORE_CLIENT_SECRET");
            auto r = curl_call("POST", ep_.token_url,
                               {"Content-Type: application/x-www-form-urlencoded"}, form);
            if (r.status != 200) return {};
            auto j = json::parse(r.body);
            token_ = j.at("access_token").get<std::string>();
            expiry_ = now + std::chrono::seconds(j.value("expires_in", 5400) - 120);
        }
        return "Authorization: Bearer " + token_;
    }

    static std::string getenv_or(const char* k, const char* d = "") {
        const char* v = std::getenv(k);
        return v ? v : d;
    }

private:
    Endpoints ep_;
    std::mutex mu_;
    std::string token_;
    std::chrono::system_clock::time_point expiry_{};
};

// X-Company from the caller wins, else the gateway default.
static std::string company_header(const httplib::Request& req, int64_t fallback) {
    int64_t id = fallback;
    if (req.has_header("X-Company")) id = std::stoll(req.get_header_value("X-Company"));
    return "Procore-Company-Id: " + std::to_string(id);
}

static void reply(httplib::Response& res, const HttpResult& up) {
    res.status = up.status ? static_cast<int>(up.status) : 502;
    res.set_content(up.body, "application/json");
}

int main() {
    const Endpoints ep = endpoints_for(TokenCache::getenv_or("PROCORE_ENV", "production"));
    const int64_t default_company = std::stoll(TokenCache::getenv_or("PROCORE_COMPANY_ID", "0"));
    const std::string helpdesk = TokenCache::getenv_or("HELPDESK_API", "https://helpdesk.corp.local/api/v2");
    const int port = std::stoi(TokenCache::getenv_or("GATEWAY_PORT", "8070"));

    curl_global_init(CURL_GLOBAL_DEFAULT);
    TokenCache tokens(ep);
    httplib::Server srv;

    srv.Get("/procore/me", [&](const httplib::Request&, httplib::Response& res) {
        reply(res, curl_call("GET", ep.api_base + "/rest/v1.0/me", {tokens.bearer()}));
    });

    srv.Get("/procore/companies", [&](const httplib::Request& req, httplib::Response& res) {
        reply(res, curl_call("GET", ep.api_base + "/rest/v1.0/companies",
                             {tokens.bearer(), company_header(req, default_company)}));
    });

    srv.Get("/procore/token-info", [&](const httplib::Request&, httplib::Response& res) {
        std::string info_url = ep.token_url + "/info";
        reply(res, curl_call("GET", info_url, {tokens.bearer()}));
    });

    srv.Get(R"(/procore/projects/(\d+)/users)", [&](const httplib::Request& req, httplib::Response& res) {
        long project_id = std::stol(req.matches[1]);
        int per_page = req.has_param("per_page") ? std::stoi(req.get_param_value("per_page")) : 100;
        std::string url = ep.api_base + "/rest/v1.0/projects/" + std::to_string(project_id) +
                          "/users?per_page=" + std::to_string(per_page);
        reply(res, curl_call("GET", url, {tokens.bearer(), company_header(req, default_company)}));
    });

    // Helpdesk ticket -> Procore observation on the ticket's project.
    srv.Post(R"(/tickets/(\d+)/escalate)", [&](const httplib::Request& req, httplib::Response& res) {
        const int ticket_no = std::stoi(req.matches[1]);
        auto in = json::parse(req.body, nullptr, false);
        if (in.is_discarded() || !in.contains("project_id")) { res.status = 400; return; }
        const int64_t project_id = in["project_id"].get<int64_t>();

        json obs = {{"project_id", project_id},
                    {"observation", {{"name", "Helpdesk #" + std::to_string(ticket_no)},
                                     {"description", in.value("summary", "")},
                                     {"status", "initiated"}}}};
        auto up = curl_call("POST",
                            ep.api_base + "/rest/v1.0/observations/items?project_id=" + std::to_string(project_id),
                            {tokens.bearer(), company_header(req, default_company),
                             "Content-Type: application/json"},
                            obs.dump());
        if (up.status == 201) {
            auto created = json::parse(up.body);
            int observation_id = created.value("id", 0);
            char sql[256];
            std::snprintf(sql, sizeof sql,
                          "INSERT INTO escalations(ticket_no, project_id, observation_id) VALUES (%d, %lld, %d);",
                          ticket_no, static_cast<long long>(project_id), observation_id);
            std::ofstream("escalations.sql", std::ios::app) << sql << "\n";

            json note = {{"body", "Escalated to Procore: https://app.procore.com/projects/" +
                                      std::to_string(project_id) + "/observations/items/" +
                                      std::to_string(observation_id)}};
            curl_call("POST", helpdesk + "/tickets/" + std::to_string(ticket_no) + "/comments",
                      {"Content-Type: application/json"}, note.dump());
        }
        reply(res, up);
    });

    std::printf("dmsa gateway listening on %d\n", port);
    srv.listen("127.0.0.1", port);
    curl_global_cleanup();
    return 0;
}
