// rfi_aging_report: nightly job (cron on reports-01) that writes an RFI aging
// CSV for every active project of the company. Authenticates as a Developer
// Managed Service Account (client_credentials). Components are resolved from a
// small string-keyed service locator so the job can be re-wired from tests.
#include <curl/curl.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace report {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string body;
};

struct HttpResponse {
    long status = 0;
    std::string body;
};

struct IHttpTransport {
    virtual ~IHttpTransport() = default;
    virtual HttpResponse send(HttpRequest& req) = 0;
};
struct IRequestDecorator {
    virtual ~IRequestDecorator() = default;
    virtual void decorate(HttpRequest& req) = 0;
};
struct ITokenProvider {
    virtual ~ITokenProvider() = default;
    virtual std::string accessToken() = 0;
};
struct IConfig {
    virtual ~IConfig() = default;
    virtual std::string loginBase() const = 0;
    virtual std::string apiBase() const = 0;
    virtual std::int64_t companyId() const = 0;
    virtual std::string clientId() const = 0;
    virtual std::string clientSecret() const = 0;
};

class JobConfig final : public IConfig {
public:
    std::string loginBase() const override { return "https://login.procore.com"; }
    std::string apiBase() const override { return "https://api.procore.com"; }
    std::int64_t companyId() const override { return std::strtoll(get("REPORT_COMPANY_ID"), nullptr, 10); }
    std::string clientId() const override { return get("REPORT_CLIENT_ID"); }
    std::string clientSecret() const override { return get("REPORT_CLIENT_SECRET"); }
private:
    static const char* get(const char* k) {
        const char* v = std::getenv(k);
        if (!v) throw std::runtime_error(std::string("missing env ") + k);
        return v;
    }
};

class ServiceLocator {
public:
    template <class T>
    void add(const std::string& key, std::function<std::shared_ptr<T>()> factory) {
        factories_[key] = [factory] { return std::static_pointer_cast<void>(factory()); };
    }
    template <class T>
    std::shared_ptr<T> get(const std::string& key) {
        auto& slot = instances_[key];
        if (!slot) slot = factories_.at(key)();
        return std::static_pointer_cast<T>(slot);
    }
private:
    std::map<std::string, std::function<std::shared_ptr<void>()>> factories_;
    std::map<std::string, std::shared_ptr<void>> instances_;
};

static size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

class CurlTransport final : public IHttpTransport {
public:
    HttpResponse send(HttpRequest& req) override {
        CURL* h = curl_easy_init();
        curl_slist* hdrs = nullptr;
        for (const auto& line : req.headers) hdrs = curl_slist_append(hdrs, line.c_str());
        HttpResponse out;
        curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        if (!req.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
        CURLcode rc = curl_easy_perform(h);
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return out;
    }
};

class DecoratedTransport final : public IHttpTransport {
public:
    DecoratedTransport(std::shared_ptr<IHttpTransport> inner, std::vector<std::shared_ptr<IRequestDecorator>> d)
        : inner_(std::move(inner)), chain_(std::move(d)) {}
    HttpResponse send(HttpRequest& req) override {
        for (auto& d : chain_) d->decorate(req);
        return inner_->send(req);
    }
private:
    std::shared_ptr<IHttpTransport> inner_;
    std::vector<std::shared_ptr<IRequestDecorator>> chain_;
};

class ClientCredentialsTokenProvider final : public ITokenProvider {
public:
    ClientCredentialsTokenProvider(std::shared_ptr<IHttpTransport> raw, std::shared_ptr<IConfig> cfg)
        : raw_(std::move(raw)), cfg_(std::move(cfg)) {}
    std::string accessToken() override {
        if (!token_.empty() && std::time(nullptr) < expiresAt_) return token_;
        HttpRequest req;
        req.method = "POST";
        req.url = cfg_->loginBase() + "/oauth/token";
        req.headers.push_back("Content-Type: application/x-www-form-urlencoded");
        req.body = "grant_type=client_credentials&client_id=" + cfg_->clientId() + "&client_secret=" + cfg_->clientSecret();
        HttpResponse r = raw_->send(req);
        Json::Value v;
        std::istringstream(r.body) >> v;
        token_ = v["access_token"].asString();
        expiresAt_ = std::time(nullptr) + v.get("expires_in", 3600).asInt() - 60;
        return token_;
    }
private:
    std::shared_ptr<IHttpTransport> raw_;
    std::shared_ptr<IConfig> cfg_;
    std::string token_;
    std::time_t expiresAt_ = 0;
};

class BearerDecorator final : public IRequestDecorator {
public:
    explicit BearerDecorator(std::shared_ptr<ITokenProvider> t) : tokens_(std::move(t)) {}
    void decorate(HttpRequest& req) override { req.headers.push_back("Authorization: Bearer " + tokens_->accessToken()); }
private:
    std::shared_ptr<ITokenProvider> tokens_;
};

class CompanyHeaderDecorator final : public IRequestDecorator {
public:
    explicit CompanyHeaderDecorator(std::shared_ptr<IConfig> cfg) : cfg_(std::move(cfg)) {}
    void decorate(HttpRequest& req) override {
        req.headers.push_back("Procore-Company-Id: " + std::to_string(cfg_->companyId()));
    }
private:
    std::shared_ptr<IConfig> cfg_;
};

Json::Value fetchJson(IHttpTransport& t, const std::string& url) {
    HttpRequest req;
    req.url = url;
    HttpResponse r = t.send(req);
    if (r.status >= 400) throw std::runtime_error(url + " -> " + std::to_string(r.status) + " " + r.body);
    Json::Value v;
    std::istringstream(r.body) >> v;
    return v;
}

struct ProjectRow {
    std::int64_t id = 0;
    std::string name;
};

class ReportJob {
public:
    ReportJob(std::shared_ptr<IConfig> cfg, std::shared_ptr<IHttpTransport> account, std::shared_ptr<IHttpTransport> scoped)
        : cfg_(std::move(cfg)), account_(std::move(account)), scoped_(std::move(scoped)) {}

    int run(std::FILE* out) {
        const Json::Value me = fetchJson(*account_, cfg_->apiBase() + "/rest/v1.0/me");
        std::cerr << "service account: " << me["login"].asString() << '\n';
        bool visible = false;
        for (const auto& c : fetchJson(*account_, cfg_->apiBase() + "/rest/v1.0/companies"))
            visible = visible || c["id"].asInt64() == cfg_->companyId();
        if (!visible) throw std::runtime_error("service account not installed in company");

        std::fprintf(out, "project_id,project,rfi_id,number,assignee_id,days_open\n");
        int rows = 0;
        for (const ProjectRow& p : projects()) {
            char path[160];
            std::snprintf(path, sizeof path, "/rest/v1.1/projects/%ld/rfis?filters[status]=open&per_page=200", p.id);
            for (const auto& rfi : fetchJson(*scoped_, cfg_->apiBase() + path)) {
                unsigned assigneeId = rfi["assignee"]["id"].asUInt();
                const int daysOpen = rfi.get("days_open", 0).asInt();
                std::fprintf(out, "%lld,\"%s\",%lld,%s,%u,%d\n", static_cast<long long>(p.id), p.name.c_str(),
                             static_cast<long long>(rfi["id"].asInt64()), rfi["number"].asCString(), assigneeId, daysOpen);
                ++rows;
            }
        }
        return rows;
    }
private:
    std::vector<ProjectRow> projects() {
        std::vector<ProjectRow> rows;
        const auto url = cfg_->apiBase() + "/rest/v1.0/projects?company_id=" + std::to_string(cfg_->companyId());
        for (const auto& p : fetchJson(*scoped_, url)) {
            if (!p["active"].asBool()) continue;
            ProjectRow row;
            row.id = p["id"].asInt();
            row.name = p["name"].asString();
            rows.push_back(row);
        }
        return rows;
    }
    std::shared_ptr<IConfig> cfg_;
    std::shared_ptr<IHttpTransport> account_;
    std::shared_ptr<IHttpTransport> scoped_;
};

}  // namespace report

int main(int argc, char** argv) {
    using namespace report;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    ServiceLocator sl;
    sl.add<IConfig>("config", [] { return std::make_shared<JobConfig>(); });
    sl.add<IHttpTransport>("http.raw", [] { return std::make_shared<CurlTransport>(); });
    sl.add<ITokenProvider>("auth.tokens", [&sl] {
        return std::make_shared<ClientCredentialsTokenProvider>(sl.get<IHttpTransport>("http.raw"), sl.get<IConfig>("config"));
    });
    // account-level endpoints (/me, /companies) don't take a company
    sl.add<IHttpTransport>("http.procore.account", [&sl] {
        std::vector<std::shared_ptr<IRequestDecorator>> chain{std::make_shared<BearerDecorator>(sl.get<ITokenProvider>("auth.tokens"))};
        return std::make_shared<DecoratedTransport>(sl.get<IHttpTransport>("http.raw"), chain);
    });
    sl.add<IHttpTransport>("http.procore.company", [&sl] {
        std::vector<std::shared_ptr<IRequestDecorator>> chain{
            std::make_shared<BearerDecorator>(sl.get<ITokenProvider>("auth.tokens")),
            std::make_shared<CompanyHeaderDecorator>(sl.get<IConfig>("config"))};
        return std::make_shared<DecoratedTransport>(sl.get<IHttpTransport>("http.raw"), chain);
    });

    ReportJob job(sl.get<IConfig>("config"), sl.get<IHttpTransport>("http.procore.account"),
                  sl.get<IHttpTransport>("http.procore.company"));
    std::FILE* out = argc > 1 ? std::fopen(argv[1], "w") : stdout;
    const int rows = job.run(out);
    std::cerr << rows << " open RFIs written\n";
    if (out != stdout) std::fclose(out);
    curl_global_cleanup();
    return 0;
}
