// dz_rfi_digest.cpp
// Morning digest of overdue RFIs per project, posted to the PM Slack channel.
// Usage: rfi_digest <company_id> [project_id ...]
// Token: PROCORE_REFRESH_TOKEN from the "digest-bot" user (authorization code flow).
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr std::string_view kTokenUrl = "https://login.procore.com/oauth/token";
constexpr std::string_view kRestBase = "https://app.procore.com/rest/v1.0";
constexpr std::string_view kSlackHook = "https://hooks.slack.com/services/T000/B000/XXXX";

struct RequestSpec {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct HttpReply {
    long status = 0;
    std::string body;
};

struct RequestContext {
    RequestSpec* request;
    std::int64_t company_id;
};

struct Rfi {
    std::int64_t id;
    std::string number;
    std::string subject;
    int days_overdue;
};

template <typename T>
concept Transport = requires(T t, const RequestSpec& r) {
    { t.perform(r) } -> std::convertible_to<HttpReply>;
};

size_t collect(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

class CurlTransport {
public:
    CurlTransport() : curl_(curl_easy_init()) {}
    ~CurlTransport() { curl_easy_cleanup(curl_); }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpReply perform(const RequestSpec& r) {
        HttpReply reply;
        curl_slist* hdrs = nullptr;
        for (const auto& [name, value] : r.headers)
            hdrs = curl_slist_append(hdrs, (name + ": " + value).c_str());
        curl_easy_reset(curl_);
        curl_easy_setopt(curl_, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, hdrs);
        if (!r.body.empty()) curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, r.body.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &reply.body);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 30L);
        if (curl_easy_perform(curl_) == CURLE_OK)
            curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
        curl_slist_free_all(hdrs);
        return reply;
    }

private:
    CURL* curl_;
};

void add_company_header(RequestContext ctx) {
    ctx.request->headers.emplace_back("Procore-Company-Id", std::to_string(ctx.company_id));
}

template <Transport T>
std::string refresh_access_token(T& http, std::string_view client_id, std::string_view secret,
                                 std::string_view refresh_token) {
    RequestSpec req{.method = "POST",
                    .url = std::string(kTokenUrl),
                    .headers = {{"Content-Type", "application/json"}},
                    .body = json{{"grant_type", "refresh_token"},
                                 {"client_id", client_id},
                                 {"client_secret", secret},
                                 {"refresh_token", refresh_token}}
                                .dump()};
    auto [status, body] = http.perform(req);
    if (status != 200) return {};
    return json::parse(body).value("access_token", "");
}

RequestSpec api_get(std::string_view token, std::string path) {
    return {.method = "GET",
            .url = std::string(kRestBase) + path,
            .headers = {{"Authorization", "Bearer " + std::string(token)},
                        {"Accept", "application/json"}}};
}

template <Transport T>
std::vector<std::int64_t> active_projects(T& http, std::string_view token, std::int64_t company_id) {
    auto req = api_get(token, "/projects?company_id=" + std::to_string(company_id) +
                                  "&filters[active]=true&per_page=300");
    HttpReply reply = http.perform(req);
    std::vector<std::int64_t> ids;
    if (reply.status != 200) return ids;
    for (const auto& p : json::parse(reply.body)) ids.push_back(p.at("id").get<std::int64_t>());
    return ids;
}

template <Transport T>
std::vector<Rfi> overdue_rfis(T& http, std::string_view token, std::int64_t company_id,
                              std::int64_t project_id) {
    auto req = api_get(token, "/projects/" + std::to_string(project_id) +
                                  "/rfis?filters[status]=open&filters[overdue]=true");
    add_company_header({.request = &req, .company_id = company_id});
    HttpReply reply = http.perform(req);
    std::vector<Rfi> out;
    if (reply.status != 200) return out;
    for (const auto& r : json::parse(reply.body)) {
        out.push_back({.id = r.at("id").get<std::int64_t>(),
                       .number = r.value("number", "?"),
                       .subject = r.value("subject", ""),
                       .days_overdue = r.value("days_overdue", 0)});
    }
    return out;
}

std::string rfi_link(std::int64_t project_id, const Rfi& rfi) {
    return "https://app.procore.com/" + std::to_string(project_id) + "/project/rfi/show/" +
           std::to_string(rfi.id);
}

template <Transport T>
void post_to_slack(T& http, std::string_view text) {
    RequestSpec req{.method = "POST",
                    .url = std::string(kSlackHook),
                    .headers = {{"Content-Type", "application/json"}},
                    .body = json{{"text", text}}.dump()};
    if (auto reply = http.perform(req); reply.status != 200)
        std::fprintf(stderr, "slack returned %ld\n", reply.status);
}

std::string format_digest(std::int64_t project_id, std::span<const Rfi> rfis) {
    std::string text = "*Project " + std::to_string(project_id) + "*: " +
                       std::to_string(rfis.size()) + " overdue RFIs\n";
    for (const auto& rfi : rfis) {
        char line[512];
        std::snprintf(line, sizeof line, "  • RFI #%s (id %ld) %s, %d days late <%s|open>\n",
                      rfi.number.c_str(), rfi.id, rfi.subject.c_str(), rfi.days_overdue,
                      rfi_link(project_id, rfi).c_str());
        text += line;
    }
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <company_id> [project_id ...]\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::int64_t company_id = std::strtoll(argv[1], nullptr, 10);

    const char* client_id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!client_id || !secret || !refresh) {
        std::fprintf(stderr, "PROCORE_CLIENT_ID / _SECRET / _REFRESH_TOKEN required\n");
        return 2;
    }

    CurlTransport http;
    const auto token = refresh_access_token(http, client_id, secret, refresh);
    if (token.empty()) {
        std::fprintf(stderr, "could not refresh token\n");
        return 1;
    }

    std::vector<std::int64_t> projects;
    for (int i = 2; i < argc; ++i) {
        long project_id = std::strtol(argv[i], nullptr, 10);
        projects.push_back(project_id);
    }
    if (projects.empty()) projects = active_projects(http, token, company_id);

    int total = 0;
    for (const auto project_id : projects) {
        auto rfis = overdue_rfis(http, token, company_id, project_id);
        if (rfis.empty()) continue;
        total += static_cast<int>(rfis.size());
        post_to_slack(http, format_digest(project_id, rfis));
    }
    std::printf("posted digest for %zu projects, %d overdue RFIs\n", projects.size(), total);
    curl_global_cleanup();
    return 0;
}
