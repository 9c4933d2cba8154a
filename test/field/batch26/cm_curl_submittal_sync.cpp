// submittal_sync: nightly job that mirrors Procore submittal status into the
// internal tracker. Runs from cron on the build box, one process per company.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr const char* kApiBase = "https://api.procore.com";
constexpr const char* kLoginBase = "https://login.procore.com";
constexpr const char* kTrackerUrl = "https://tracker.corp.internal/api/v2/submittals";

struct Request {
    std::string method;
    std::string url;
    std::vector<std::string> headers;
    std::string body;
};

// Thin RAII wrapper around one easy handle; reused for every call.
class CurlEasy {
public:
    CurlEasy() : h_(curl_easy_init()) {
        if (!h_) throw std::runtime_error("curl_easy_init failed");
    }
    ~CurlEasy() { curl_easy_cleanup(h_); }
    CurlEasy(const CurlEasy&) = delete;
    CurlEasy& operator=(const CurlEasy&) = delete;

    long perform(const Request& r, std::string& out) {
        curl_easy_reset(h_);
        curl_slist* list = nullptr;
        for (const auto& h : r.headers) list = curl_slist_append(list, h.c_str());
        curl_easy_setopt(h_, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(h_, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        curl_easy_setopt(h_, CURLOPT_HTTPHEADER, list);
        if (!r.body.empty()) curl_easy_setopt(h_, CURLOPT_POSTFIELDS, r.body.c_str());
        curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, &CurlEasy::onData);
        curl_easy_setopt(h_, CURLOPT_WRITEDATA, &out);
        curl_easy_setopt(h_, CURLOPT_TIMEOUT, 60L);
        CURLcode rc = curl_easy_perform(h_);
        long status = 0;
        curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(list);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return status;
    }

private:
    static size_t onData(char* p, size_t s, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(p, s * n);
        return s * n;
    }
    CURL* h_;
};

struct SubmittalRow {
    int64_t id = 0;
    int64_t specSectionId = 0;
    int ballInCourtId = 0;
    std::string status;
};

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual const char* method() const { return "GET"; }
    virtual std::string path() const = 0;
    virtual std::string body() const { return {}; }
    virtual bool needsCompany() const { return true; }
    virtual void prepare(Request& req) {
        if (needsCompany())
            req.headers.push_back("Procore-Company-Id: " + std::to_string(companyId_));
        if (!body().empty()) req.headers.push_back("Content-Type: application/json");
    }
    virtual void onResult(long status, const json& payload) = 0;
    void setCompany(int64_t id) { companyId_ = id; }

protected:
    int64_t companyId_ = 0;
};

class GetMe : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/me"; }
    bool needsCompany() const override { return false; }
    void onResult(long status, const json& p) override {
        if (status == 200) std::cerr << "sync running as " << p.value("login", "?") << "\n";
    }
};

class ListProjects : public ApiCommand {
public:
    explicit ListProjects(std::vector<int64_t>& out) : out_(out) {}
    std::string path() const override {
        return "/rest/v1.0/projects?company_id=" + std::to_string(companyId_);
    }
    void onResult(long status, const json& p) override {
        if (status != 200 || !p.is_array()) return;
        for (const auto& proj : p)
            if (proj.value("active", false)) out_.push_back(proj.at("id").get<int64_t>());
    }

private:
    std::vector<int64_t>& out_;
};

class ListSubmittals : public ApiCommand {
public:
    ListSubmittals(int64_t projectId, std::vector<SubmittalRow>& out)
        : projectId_(projectId), out_(out) {}
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/submittals";
    }
    void prepare(Request& req) override {
        // only open ones, the tracker already has the closed history
        req.url += "?per_page=100&filters[status]=open";
        req.headers.push_back("Accept-Encoding: gzip");
    }
    void onResult(long status, const json& p) override {
        if (status != 200) {
            std::cerr << "submittals for project " << projectId_ << ": HTTP " << status << "\n";
            return;
        }
        for (const auto& s : p) {
            SubmittalRow row;
            row.id = s.at("id").get<int64_t>();
            if (s.contains("specification_section") && !s["specification_section"].is_null())
                row.specSectionId = s["specification_section"]["id"].get<int>();
            if (s.contains("ball_in_court") && !s["ball_in_court"].empty())
                row.ballInCourtId = s["ball_in_court"][0].value("id", 0);
            row.status = s.value("status", json::object()).value("name", "");
            out_.push_back(row);
        }
    }

private:
    int64_t projectId_;
    std::vector<SubmittalRow>& out_;
};

class UpdateSubmittal : public ApiCommand {
public:
    UpdateSubmittal(int64_t projectId, int64_t submittalId, std::string note)
        : projectId_(projectId), submittalId_(submittalId), note_(std::move(note)) {}
    const char* method() const override { return "PATCH"; }
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/submittals/" +
               std::to_string(submittalId_);
    }
    std::string body() const override {
        return json{{"submittal", {{"private_notes", note_}}}}.dump();
    }
    void prepare(Request& req) override {
        ApiCommand::prepare(req);
        req.headers.push_back("X-Request-Source: submittal-sync");
    }
    void onResult(long status, const json&) override {
        if (status >= 300) std::cerr << "patch " << submittalId_ << " failed: " << status << "\n";
    }

private:
    int64_t projectId_;
    int64_t submittalId_;
    std::string note_;
};

class ListVendors : public ApiCommand {
public:
    explicit ListVendors(std::map<int64_t, std::string>& names) : names_(names) {}
    std::string path() const override {
        return "/rest/v1.0/vendors?company_id=" + std::to_string(companyId_);
    }
    // company_id is already in the query string, no need for the header here
    bool needsCompany() const override { return false; }
    void onResult(long status, const json& p) override {
        if (status != 200) return;
        for (const auto& v : p) names_[v.at("id").get<int64_t>()] = v.value("name", "");
    }

private:
    std::map<int64_t, std::string>& names_;
};

class Executor {
public:
    Executor(std::string base, std::string token, int64_t companyId)
        : base_(std::move(base)), token_(std::move(token)), companyId_(companyId) {}

    void enqueue(std::unique_ptr<ApiCommand> cmd) { queue_.push_back(std::move(cmd)); }

    void drain() {
        while (!queue_.empty()) {
            std::unique_ptr<ApiCommand> cmd = std::move(queue_.front());
            queue_.pop_front();
            Request req;
            req.method = cmd->method();
            req.url = base_ + cmd->path();
            req.body = cmd->body();
            req.headers.push_back("Authorization: Bearer " + token_);
            req.headers.push_back("Accept: application/json");
            cmd->setCompany(companyId_);
            cmd->prepare(req);
            std::string raw;
            long status = easy_.perform(req, raw);
            json payload = raw.empty() ? json() : json::parse(raw, nullptr, false);
            cmd->onResult(status, payload);
        }
    }

    CurlEasy& handle() { return easy_; }

private:
    std::string base_;
    std::string token_;
    int64_t companyId_;
    CurlEasy easy_;
    std::deque<std::unique_ptr<ApiCommand>> queue_;
};

std::string refreshAccessToken(CurlEasy& easy, const std::string& clientId,
                               const std::string& secret, const std::string& refresh) {
    Request r;
    r.method = "POST";
    r.url = std::string(kLoginBase) + "/oauth/token";
    r.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    r.body = "grant_type=refresh_token&client_id=" + clientId + "&client_secret=" + secret +
             "&refresh_token=" + refresh;
    std::string raw;
    long status = easy.perform(r, raw);
    if (status != 200) throw std::runtime_error("token refresh failed: HTTP " + std::to_string(status));
    return json::parse(raw).at("access_token").get<std::string>();
}

const char* env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) throw std::runtime_error(std::string("missing env ") + name);
    return v;
}

}  // namespace

int main() try {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int64_t companyId = std::strtoll(env("PROCORE_COMPANY_ID"), nullptr, 10);

    CurlEasy bootstrap;
    std::string token = refreshAccessToken(bootstrap, env("PROCORE_CLIENT_ID"),
                                           env("PROCORE_CLIENT_SECRET"), env("PROCORE_REFRESH_TOKEN"));
    Executor exec(kApiBase, token, companyId);

    std::vector<int64_t> projects;
    std::map<int64_t, std::string> vendorNames;
    exec.enqueue(std::make_unique<GetMe>());
    exec.enqueue(std::make_unique<ListProjects>(projects));
    exec.enqueue(std::make_unique<ListVendors>(vendorNames));
    exec.drain();

    int pushed = 0;
    for (int64_t projectId : projects) {
        std::vector<SubmittalRow> rows;
        exec.enqueue(std::make_unique<ListSubmittals>(projectId, rows));
        exec.drain();
        for (const auto& row : rows) {
            json doc{{"procore_id", row.id}, {"status", row.status},
                     {"link", "https://app.procore.com/" + std::to_string(companyId) + "/project/home"}};
            Request post{"POST", kTrackerUrl, {"Content-Type: application/json"}, doc.dump()};
            std::string ignored;
            if (exec.handle().perform(post, ignored) < 300) ++pushed;
            exec.enqueue(std::make_unique<UpdateSubmittal>(projectId, row.id, "mirrored to tracker"));
        }
        exec.drain();
    }
    std::cerr << "pushed " << pushed << " submittals, " << vendorNames.size() << " vendors cached\n";
    curl_global_cleanup();
    return 0;
} catch (const std::exception& e) {
    std::cerr << "submittal_sync: " << e.what() << "\n";
    return 1;
}
