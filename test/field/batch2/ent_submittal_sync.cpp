// submittal_sync: mirrors open Procore submittals into the ERP document register.
//
// Layers: SyncService -> ProcoreGateway -> IHttpClient (CurlHttpClient in prod,
// FakeHttpClient in unit tests). Requests are decorated by a middleware chain
// before they reach the transport.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace sync {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::map<std::string, std::string> headers;
    std::string body;
};

struct HttpResponse {
    long status = 0;
    std::string body;
};

class IHttpClient {
public:
    virtual ~IHttpClient() = default;
    virtual HttpResponse Send(const HttpRequest& req) = 0;
};

class CurlHttpClient final : public IHttpClient {
public:
    CurlHttpClient() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlHttpClient() override { curl_global_cleanup(); }

    HttpResponse Send(const HttpRequest& req) override {
        HttpResponse resp;
        CURL* h = curl_easy_init();
        if (!h) return resp;
        curl_slist* hdrs = nullptr;
        for (const auto& [k, v] : req.headers)
            hdrs = curl_slist_append(hdrs, (k + ": " + v).c_str());
        curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        if (!req.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &CurlHttpClient::OnData);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
        if (curl_easy_perform(h) == CURLE_OK)
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        return resp;
    }

private:
    static size_t OnData(char* p, size_t sz, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(p, sz * n);
        return sz * n;
    }
};

// Used by the unit tests; records every request and replays canned bodies.
class FakeHttpClient final : public IHttpClient {
public:
    std::vector<HttpRequest> sent;
    std::map<std::string, std::string> canned;
    HttpResponse Send(const HttpRequest& req) override {
        sent.push_back(req);
        auto it = canned.find(req.url);
        return it == canned.end() ? HttpResponse{404, "{}"} : HttpResponse{200, it->second};
    }
};

struct SyncConfig {
    std::string apiBase;
    std::string loginBase;
    std::string erpBase;
    std::string clientId;
    std::string clientSecret;
    int pageSize = 100;
    int maxRetries = 3;

    static SyncConfig Load(const std::string& path) {
        json defaults = {
            {"api_base", "https://app.procore.com"},
            {"login_base", "https://login.procore.com"},
            {"erp_base", "https://erp.internal.example.com/api"},
            {"page_size", 100},
            {"max_retries", 3},
        };
        std::ifstream in(path);
        if (in) defaults.merge_patch(json::parse(in));
        SyncConfig c;
        c.apiBase = defaults["api_base"].get<std::string>();
        c.loginBase = defaults["login_base"].get<std::string>();
        c.erpBase = defaults["erp_base"].get<std::string>();
        c.clientId = defaults.value("client_id", "");
        c.clientSecret = defaults.value("client_secret", "");
        c.pageSize = defaults["page_size"].get<int>();
        c.maxRetries = defaults["max_retries"].get<int>();
        return c;
    }
};

struct RequestContext {
    std::string baseUrl;
    std::string token;
    int64_t companyId = 0;
};

using Middleware = std::function<void(HttpRequest&, const RequestContext&)>;

struct Submittal {
    int64_t id = 0;
    int64_t projectId = 0;
    int specSectionId = 0;
    std::string title;
    std::string status;
    std::vector<std::string> attachmentUrls;
};

class ProcoreGateway {
public:
    ProcoreGateway(std::shared_ptr<IHttpClient> http, std::vector<Middleware> chain)
        : http_(std::move(http)), chain_(std::move(chain)) {}

    std::string FetchToken(const SyncConfig& cfg) {
        HttpRequest req{"POST", cfg.loginBase + "/oauth/token", {{"Content-Type", "application/json"}}};
        req.body = json{{"grant_type", "refresh_token"},
                        {"client_id", cfg.clientId},
                        {"client_secret", cfg.clientSecret},
                        {"refresh_token", std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : ""}}
                       .dump();
        auto resp = http_->Send(req);
        return json::parse(resp.body).value("access_token", "");
    }

    std::vector<Submittal> ListSubmittals(const RequestContext& ctx, int64_t projectId, int page) {
        HttpRequest req;
        req.url = ctx.baseUrl + "/rest/v1.1/projects/" + std::to_string(projectId) +
                  "/submittals?page=" + std::to_string(page);
        Decorate(req, ctx);
        auto resp = http_->Send(req);
        std::vector<Submittal> out;
        if (resp.status != 200) return out;
        for (const auto& item : json::parse(resp.body)) {
            Submittal s;
            s.id = item.at("id").get<int>();
            s.projectId = projectId;
            s.specSectionId = item.value("specification_section_id", 0);
            s.title = item.value("title", "");
            s.status = item["status"].value("name", "");
            out.push_back(std::move(s));
        }
        return out;
    }

    // Attachment metadata lives on the show endpoint only.
    void LoadAttachments(const RequestContext& ctx, Submittal& s) {
        HttpRequest req;
        req.url = ctx.baseUrl + "/rest/v1.1/projects/" + std::to_string(s.projectId) +
                  "/submittals/" + std::to_string(s.id);
        req.headers["Authorization"] = "Bearer " + ctx.token;
        auto resp = http_->Send(req);
        if (resp.status != 200) return;
        for (const auto& a : json::parse(resp.body).value("attachments", json::array()))
            s.attachmentUrls.push_back(a.value("url", ""));
    }

private:
    void Decorate(HttpRequest& req, const RequestContext& ctx) {
        for (auto& mw : chain_) mw(req, ctx);
    }
    std::shared_ptr<IHttpClient> http_;
    std::vector<Middleware> chain_;
};

std::vector<Middleware> DefaultChain() {
    return {
        [](HttpRequest& r, const RequestContext& c) { r.headers["Authorization"] = "Bearer " + c.token; },
        [](HttpRequest& r, const RequestContext& c) { r.headers["Procore-Company-Id"] = std::to_string(c.companyId); },
        [](HttpRequest& r, const RequestContext&) { r.headers["Accept"] = "application/json"; },
    };
}

void PushToErp(IHttpClient& http, const SyncConfig& cfg, const Submittal& s) {
    HttpRequest req{"PUT", cfg.erpBase + "/documents/submittal-" + std::to_string(s.id),
                    {{"Content-Type", "application/json"}, {"X-Api-Key", std::getenv("ERP_KEY") ? std::getenv("ERP_KEY") : ""}}};
    req.body = json{{"title", s.title}, {"status", s.status}, {"attachments", s.attachmentUrls}}.dump();
    for (int attempt = 0; attempt < cfg.maxRetries; ++attempt)
        if (http.Send(req).status < 500) break;
}

}  // namespace sync

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittal_sync <company_id> <project_id> [config.json]\n";
        return 2;
    }
    auto cfg = sync::SyncConfig::Load(argc > 3 ? argv[3] : "/etc/submittal_sync.json");
    auto http = std::make_shared<sync::CurlHttpClient>();
    sync::ProcoreGateway gw(http, sync::DefaultChain());

    sync::RequestContext ctx{cfg.apiBase, gw.FetchToken(cfg), std::stoll(argv[1])};
    const int64_t projectId = std::stoll(argv[2]);

    int pushed = 0;
    for (int page = 1;; ++page) {
        auto batch = gw.ListSubmittals(ctx, projectId, page);
        if (batch.empty()) break;
        for (auto& s : batch) {
            gw.LoadAttachments(ctx, s);
            sync::PushToErp(*http, cfg, s);
            ++pushed;
        }
        if (static_cast<int>(batch.size()) < cfg.pageSize) break;
    }
    std::cout << "pushed " << pushed << " submittals to ERP\n";
    return 0;
}
