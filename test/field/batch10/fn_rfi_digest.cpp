// rfi_digest — nightly job: gathers the open RFIs of every active project in
// the company and posts a digest to the #field-ops Slack channel.
//
// Everything is a value: a Request goes in, a Response comes out, and the
// auth / company scoping / retry behaviour is layered on as middlewares.
//
// Build: clang++ -std=c++17 -O2 fn_rfi_digest.cpp -lcurl
#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace digest {

using json = nlohmann::json;

constexpr auto kLogin = "https://login.procore.com";
constexpr auto kApi = "https://api.procore.com";
constexpr auto kWeb = "https://app.procore.com";  // deep links for humans only

struct Header {
    std::string name;
    std::string value;
};

struct Request {
    std::string method;
    std::string url;
    std::vector<Header> headers;
    std::string body;
};

struct Response {
    long status = 0;
    std::string body;
};

using Send = std::function<Response(const Request&)>;
using Middleware = std::function<Send(Send)>;

Request make(std::string method, std::string url) {
    return Request{std::move(method), std::move(url), {}, {}};
}

Request with_header(Request req, std::string name, std::string value) {
    req.headers.push_back({std::move(name), std::move(value)});
    return req;
}

Request with_body(Request req, std::string body) {
    req.body = std::move(body);
    return with_header(std::move(req), "Content-Type", "application/json");
}

Middleware compose(Middleware f, Middleware g) {
    return [f = std::move(f), g = std::move(g)](Send next) { return f(g(std::move(next))); };
}

Middleware bearer(std::string token) {
    return [token = std::move(token)](Send next) -> Send {
        return [token, next](const Request& r) {
            return next(with_header(r, "Authorization", "Bearer " + token));
        };
    };
}

Middleware company_scope(std::int64_t company_id) {
    return [company_id](Send next) -> Send {
        return [company_id, next](const Request& r) {
            return next(with_header(r, "Procore-Company-Id", std::to_string(company_id)));
        };
    };
}

Send retry(Send fn, int attempts) {
    return [fn = std::move(fn), attempts](const Request& r) {
        Response last;
        for (int i = 0; i < attempts; ++i) {
            last = fn(r);
            if (last.status != 429 && last.status < 500) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(250 << i));
        }
        return last;
    };
}

std::size_t sink(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

Response curl_send(const Request& req) {
    CURL* h = curl_easy_init();
    if (!h) return {};
    curl_slist* list = std::accumulate(
        req.headers.begin(), req.headers.end(), static_cast<curl_slist*>(nullptr),
        [](curl_slist* acc, const Header& hd) {
            return curl_slist_append(acc, (hd.name + ": " + hd.value).c_str());
        });
    Response res;
    curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &res.body);
    if (!req.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res.status);
    curl_slist_free_all(list);
    curl_easy_cleanup(h);
    return res;
}

std::optional<json> parse(const Response& r) {
    if (r.status < 200 || r.status >= 300) return std::nullopt;
    auto j = json::parse(r.body, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

struct Rfi {
    std::int64_t id;
    std::int64_t project_id;
    std::int64_t assignee_id;
    std::string subject;
    int days_open;
};

std::optional<std::string> refresh_access_token(const std::string& client_id,
                                                const std::string& secret,
                                                const std::string& refresh_token) {
    const json body = {{"grant_type", "refresh_token"},
                       {"client_id", client_id},
                       {"client_secret", secret},
                       {"refresh_token", refresh_token}};
    const auto req = with_body(make("POST", std::string(kLogin) + "/oauth/token"), body.dump());
    const auto j = parse(retry(curl_send, 3)(req));
    if (!j || !j->contains("access_token")) return std::nullopt;
    return j->at("access_token").get<std::string>();
}

std::vector<Rfi> to_rfis(const json& arr, std::int64_t project_id) {
    std::vector<Rfi> out;
    std::transform(arr.begin(), arr.end(), std::back_inserter(out), [project_id](const json& x) {
        return Rfi{x.at("id").get<std::int64_t>(), project_id,
                   x.value("assignee_id", std::int64_t{0}), x.value("subject", std::string{}),
                   x.value("days_open", 0)};
    });
    return out;
}

std::string slack_line(const Rfi& r) {
    return "\u2022 <" + std::string(kWeb) + "/" + std::to_string(r.project_id) +
           "/project/rfi/show/" + std::to_string(r.id) + "|" + r.subject + "> (" +
           std::to_string(r.days_open) + "d)";
}

}  // namespace digest

int main() {
    using namespace digest;
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    const char* reviewer_env = std::getenv("DIGEST_REVIEWER_ID");
    const char* slack_hook = std::getenv("SLACK_WEBHOOK_URL");
    if (!company_env || !slack_hook) {
        std::cerr << "PROCORE_COMPANY_ID and SLACK_WEBHOOK_URL are required\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(company_env);
    const int reviewer_id = reviewer_env ? std::atoi(reviewer_env) : 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto token = refresh_access_token(std::getenv("PROCORE_CLIENT_ID"),
                                            std::getenv("PROCORE_CLIENT_SECRET"),
                                            std::getenv("PROCORE_REFRESH_TOKEN"));
    if (!token) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    const Send base = retry(curl_send, 4);
    const Send authed = bearer(*token)(base);
    const Send scoped = compose(bearer(*token), company_scope(company_id))(base);

    const auto me = parse(authed(make("GET", std::string(kApi) + "/rest/v1.0/me")));
    const std::string requester = me ? me->value("login", std::string{"rfi-digest"}) : "rfi-digest";

    const auto projects = parse(scoped(make(
        "GET", std::string(kApi) + "/rest/v1.0/projects?company_id=" + std::to_string(company_id))));
    if (!projects) return 1;

    std::vector<std::int64_t> project_ids;
    std::transform(projects->begin(), projects->end(), std::back_inserter(project_ids),
                   [](const json& p) { return p.at("id").get<std::int64_t>(); });

    auto open_rfis = [&authed](std::int64_t pid) -> std::vector<Rfi> {
        const auto url = std::string(kApi) + "/rest/v1.1/projects/" + std::to_string(pid) + "/rfis";
        const auto body = parse(authed(make("GET", url + "?filters[status]=open")));
        return body ? to_rfis(*body, pid) : std::vector<Rfi>{};
    };

    const auto all = std::accumulate(project_ids.begin(), project_ids.end(), std::vector<Rfi>{},
                                     [&](std::vector<Rfi> acc, std::int64_t pid) {
                                         auto more = open_rfis(pid);
                                         acc.insert(acc.end(), more.begin(), more.end());
                                         return acc;
                                     });

    std::vector<Rfi> mine;
    std::copy_if(all.begin(), all.end(), std::back_inserter(mine), [reviewer_id](const Rfi& r) {
        return reviewer_id == 0 || r.assignee_id == reviewer_id;
    });

    const std::string text = std::accumulate(
        mine.begin(), mine.end(), "*Open RFIs* (" + std::to_string(mine.size()) + ")",
        [](std::string acc, const Rfi& r) { return std::move(acc) + "\n" + slack_line(r); });

    const json payload = {{"text", text + "\n_sent by " + requester + "_"}};
    const auto posted = base(with_body(make("POST", slack_hook), payload.dump()));
    std::cout << "slack: " << posted.status << ", " << mine.size() << " rfis\n";

    curl_global_cleanup();
    return posted.status == 200 ? 0 : 1;
}
