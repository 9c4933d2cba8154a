// rfi-export: pull every RFI on a Procore project, write it out as CSV, park the
// file in S3 through a presigned PUT URL and post a short summary to Slack.
//
//   PROCORE_ENV=production rfi-export --company 4012 --project 228811 --out rfis.csv
//
// Needs PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_REFRESH_TOKEN and,
// optionally, RFI_EXPORT_S3_URL and SLACK_WEBHOOK_URL.
// Build: c++ -std=c++17 -O2 fl_rfi_export.cpp -lcurl

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

using nlohmann::json;

namespace http {

struct Response {
    long status = 0;
    std::string body;
};

struct EasyDeleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

class CurlGlobal {
public:
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
};

inline std::size_t appendBody(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

class Request {
public:
    Request(std::string method, std::string url) : method_(std::move(method)), url_(std::move(url)) {}

    Request& header(std::string_view name, std::string_view value) {
        headers_.push_back(std::string(name) + ": " + std::string(value));
        return *this;
    }
    Request& bearer(std::string_view token) { return header("Authorization", "Bearer " + std::string(token)); }
    Request& json(const nlohmann::json& body) {
        body_ = body.dump();
        return header("Content-Type", "application/json");
    }
    Request& raw(std::string body, std::string_view contentType) {
        body_ = std::move(body);
        return header("Content-Type", contentType);
    }
    Request& query(std::string_view key, std::string_view value) {
        url_ += url_.find('?') == std::string::npos ? '?' : '&';
        url_.append(key).append("=").append(value);
        return *this;
    }

    Response send() const {
        EasyHandle h{curl_easy_init()};
        HeaderList list;
        for (const auto& line : headers_) list.reset(curl_slist_append(list.release(), line.c_str()));

        Response out;
        curl_easy_setopt(h.get(), CURLOPT_URL, url_.c_str());
        curl_easy_setopt(h.get(), CURLOPT_CUSTOMREQUEST, method_.c_str());
        curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, list.get());
        curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, appendBody);
        curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &out.body);
        if (!body_.empty()) curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body_.c_str());
        if (const CURLcode rc = curl_easy_perform(h.get()); rc != CURLE_OK) {
            std::cerr << "curl: " << curl_easy_strerror(rc) << " (" << url_ << ")\n";
            return out;
        }
        curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &out.status);
        return out;
    }

private:
    std::string method_;
    std::string url_;
    std::string body_;
    std::vector<std::string> headers_;
};

struct Http {
    static Request get(std::string url) { return {"GET", std::move(url)}; }
    static Request post(std::string url) { return {"POST", std::move(url)}; }
    static Request put(std::string url) { return {"PUT", std::move(url)}; }
};

// Retries 429s with a short backoff; the copy keeps every header of the original.
inline Response sendWithRetry(const Request& req, int attempts = 3) {
    auto resp = req.send();
    for (int i = 1; i < attempts && resp.status == 429; ++i) {
        std::this_thread::sleep_for(std::chrono::seconds(2 * i));
        auto retry = req;
        retry.header("X-Attempt", std::to_string(i + 1));
        resp = retry.send();
    }
    return resp;
}

} // namespace http

using http::Http;

struct Region {
    std::string_view login;
    std::string_view api;
};

constexpr Region kProduction{"https://app.procore.com", "https://api.procore.com"};
constexpr Region kSandbox{"https://login-sandbox.procore.com", "https://sandbox.procore.com"};

constexpr std::pair<std::string_view, Region> kRegions[] = {
    {"production", kProduction},
    {"sandbox", kSandbox},
};

Region regionFromEnv() {
    const char* name = std::getenv("PROCORE_ENV");
    for (const auto& [key, region] : kRegions)
        if (name && key == name) return region;
    return kProduction;
}

// Takes the request by value so a shared base request stays company-agnostic.
http::Request withCompany(http::Request req, std::int64_t companyId) {
    req.header("Procore-Company-Id", std::to_string(companyId));
    return req;
}

std::string env(const char* key) {
    const char* v = std::getenv(key);
    return v ? v : "";
}

struct Rfi {
    std::int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    std::optional<std::string> dueDate;
    long ballInCourtId = 0;
};

void from_json(const json& j, Rfi& r) {
    j.at("id").get_to(r.id);
    r.number = j.value("number", "");
    r.subject = j.value("subject", "");
    r.status = j.value("status", "open");
    if (j.contains("due_date") && j["due_date"].is_string()) r.dueDate = j["due_date"].get<std::string>();
    if (auto bic = j.find("ball_in_court"); bic != j.end() && bic->is_object())
        bic->at("id").get_to(r.ballInCourtId);
}

std::optional<std::string> refreshAccessToken(const Region& region) {
    const auto [status, body] = Http::post(std::string(region.login) + "/oauth/token")
                                    .header("Accept", "application/json")
                                    .json({{"grant_type", "refresh_token"},
                                           {"client_id", env("PROCORE_CLIENT_ID")},
                                           {"client_secret", env("PROCORE_CLIENT_SECRET")},
                                           {"refresh_token", env("PROCORE_REFRESH_TOKEN")}})
                                    .send();
    if (status != 200) return std::nullopt;
    return json::parse(body).at("access_token").get<std::string>();
}

std::string csvEscape(std::string_view s) {
    std::string out = "\"";
    for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

int main(int argc, char** argv) {
    http::CurlGlobal curlGlobal;
    std::int64_t companyId = 0, projectId = 0;
    std::string outPath = "rfis.csv";
    int perPage = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--company") companyId = std::stoll(argv[i + 1]);
        else if (flag == "--project") projectId = std::stoll(argv[i + 1]);
        else if (flag == "--out") outPath = argv[i + 1];
        else if (flag == "--per-page") perPage = std::stoi(argv[i + 1]);
    }
    if (!companyId || !projectId) {
        std::cerr << "usage: rfi-export --company ID --project ID [--out FILE]\n";
        return 2;
    }

    const Region region = regionFromEnv();
    const std::string api{region.api};
    const auto token = refreshAccessToken(region);
    if (!token) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    if (const auto me = Http::get(api + "/rest/v1.0/me").bearer(*token).send(); me.status == 200)
        std::cerr << "exporting as " << json::parse(me.body).value("login", "?") << "\n";

    std::unordered_map<int, std::string> userNames;
    const auto users = http::sendWithRetry(
        withCompany(Http::get(api + "/rest/v1.0/companies/" + std::to_string(companyId) + "/users").bearer(*token),
                    companyId));
    if (users.status == 200)
        for (const auto& u : json::parse(users.body))
            userNames[u.at("id").get<std::int64_t>()] = u.value("name", "");

    auto listReq = Http::get(api + "/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis")
                       .bearer(*token)
                       .header("Accept", "application/json");
    withCompany(listReq, companyId);

    std::vector<Rfi> rfis;
    for (int page = 1;; ++page) {
        auto pageReq = listReq;
        pageReq.query("page", std::to_string(page)).query("per_page", std::to_string(perPage));
        const auto [status, body] = http::sendWithRetry(pageReq);
        if (status != 200) {
            std::cerr << "RFI list page " << page << " failed with HTTP " << status << "\n";
            return 1;
        }
        const auto batch = json::parse(body).get<std::vector<Rfi>>();
        rfis.insert(rfis.end(), batch.begin(), batch.end());
        if (static_cast<int>(batch.size()) < perPage) break;
    }

    std::ofstream csv(outPath);
    csv << "number,subject,status,due_date,ball_in_court\n";
    int open = 0;
    for (const auto& r : rfis) {
        if (r.status == "open") ++open;
        const auto who = userNames.find(r.ballInCourtId);
        csv << csvEscape(r.number) << ',' << csvEscape(r.subject) << ',' << r.status << ','
            << r.dueDate.value_or("") << ',' << csvEscape(who != userNames.end() ? who->second : "") << '\n';
    }
    csv.close();
    std::cerr << "wrote " << rfis.size() << " RFIs (" << open << " open) to " << outPath << "\n";

    if (const auto s3Url = env("RFI_EXPORT_S3_URL"); !s3Url.empty()) {
        std::ifstream in(outPath);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto put = Http::put(s3Url).raw(std::move(data), "text/csv").send();
        if (put.status != 200) std::cerr << "S3 upload failed: HTTP " << put.status << "\n";
    }

    if (const auto hook = env("SLACK_WEBHOOK_URL"); !hook.empty()) {
        const std::string link = "https://app.procore.com/" + std::to_string(projectId) + "/project/rfi/list";
        const auto text = "RFI export: " + std::to_string(rfis.size()) + " RFIs, " + std::to_string(open) +
                          " open. <" + link + "|Open in Procore>";
        Http::post(hook).json({{"text", text}}).send();
    }
    return 0;
}
