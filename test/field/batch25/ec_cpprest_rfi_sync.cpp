// rfi_sync: pulls open RFIs for one project into the design-review queue and
// posts a "received" reply on each new one. Runs from cron every 15 minutes.
// Tokens come from the desktop plugin's authorization-code login; we only
// ever refresh them here.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

enum class SyncError { Network, Unauthorized, NotFound, BadPayload, Config };

static const char* describe(SyncError e) {
    switch (e) {
    case SyncError::Network: return "network";
    case SyncError::Unauthorized: return "unauthorized";
    case SyncError::NotFound: return "not found";
    case SyncError::BadPayload: return "bad payload";
    case SyncError::Config: return "config";
    }
    return "unknown";
}

struct Failure {
    SyncError code;
    std::string detail;
};

// Small expected-like wrapper; we can't use std::expected on this toolchain.
template <typename T>
class Result {
public:
    static Result ok(T v) { return Result(std::move(v)); }
    static Result fail(SyncError code, std::string detail = {}) {
        return Result(Failure{code, std::move(detail)});
    }

    bool is_ok() const { return std::holds_alternative<T>(state_); }
    const T& value() const { return std::get<T>(state_); }
    const Failure& failure() const { return std::get<Failure>(state_); }

    template <typename F>
    auto and_then(F&& f) const -> decltype(f(std::declval<const T&>())) {
        using R = decltype(f(std::declval<const T&>()));
        if (!is_ok()) return R::fail(failure().code, failure().detail);
        return f(value());
    }

    template <typename F>
    auto map(F&& f) const -> Result<decltype(f(std::declval<const T&>()))> {
        using U = decltype(f(std::declval<const T&>()));
        if (!is_ok()) return Result<U>::fail(failure().code, failure().detail);
        return Result<U>::ok(f(value()));
    }

private:
    explicit Result(T v) : state_(std::move(v)) {}
    explicit Result(Failure f) : state_(std::move(f)) {}
    std::variant<T, Failure> state_;
};

namespace cfg {
const utility::string_t kApiBase = U("https://api.procore.com");
const utility::string_t kTokenUrl = U("https://api.procore.com/oauth/token");
const utility::string_t kWebBase = U("https://app.procore.com");
} // namespace cfg

struct Session {
    utility::string_t access_token;
    utility::string_t refresh_token;
    int64_t company_id = 0;
    int64_t project_id = 0;
};

struct Rfi {
    int64_t id = 0;
    utility::string_t number;
    utility::string_t subject;
    int32_t assignee_id = 0;
    bool has_replies = false;
};

static Result<SyncError> classify(status_code sc) {
    if (sc == status_codes::Unauthorized) return Result<SyncError>::ok(SyncError::Unauthorized);
    if (sc == status_codes::NotFound) return Result<SyncError>::ok(SyncError::NotFound);
    return Result<SyncError>::ok(SyncError::Network);
}

static Result<json::value> send(http_client& client, http_request req) {
    try {
        http_response resp = client.request(req).get();
        const int status = resp.status_code();
        if (status >= 200 && status < 300) return Result<json::value>::ok(resp.extract_json().get());
        return Result<json::value>::fail(classify(resp.status_code()).value(),
                                         "HTTP " + std::to_string(status));
    } catch (const http_exception& ex) {
        return Result<json::value>::fail(SyncError::Network, ex.what());
    }
}

static Result<Session> refresh(Session s, const utility::string_t& client_id,
                               const utility::string_t& client_secret) {
    http_client oauth(cfg::kTokenUrl);
    json::value body;
    body[U("grant_type")] = json::value::string(U("refresh_token"));
    body[U("refresh_token")] = json::value::string(s.refresh_token);
    body[U("client_id")] = json::value::string(client_id);
    body[U("client_secret")] = json::value::string(client_secret);
    http_request req(methods::POST);
    req.set_body(body);
    return send(oauth, req).map([s](const json::value& tok) {
        Session next = s;
        next.access_token = tok.at(U("access_token")).as_string();
        next.refresh_token = tok.at(U("refresh_token")).as_string();
        return next;
    });
}

static http_request authed(const Session& s, method m, const utility::string_t& path) {
    http_request req(m);
    req.set_request_uri(path);
    req.headers().add(header_names::authorization, U("Bearer ") + s.access_token);
    return req;
}

static Result<utility::string_t> whoami(const Session& s) {
    http_client api(cfg::kApiBase);
    return send(api, authed(s, methods::GET, U("/rest/v1.0/me")))
        .map([](const json::value& me) { return me.at(U("login")).as_string(); });
}

static Result<std::vector<Rfi>> open_rfis(const Session& s) {
    http_client api(cfg::kApiBase);
    uri_builder path(U("/rest/v1.0/projects/" + std::to_string(s.project_id) + "/rfis"));
    path.append_query(U("filters[status]"), U("open"));
    path.append_query(U("per_page"), 100);
    http_request req = authed(s, methods::GET, path.to_string());
    req.headers().add(U("Procore-Company-Id"), std::to_string(s.company_id));
    return send(api, req).and_then([](const json::value& arr) {
        if (!arr.is_array()) return Result<std::vector<Rfi>>::fail(SyncError::BadPayload, "rfis");
        std::vector<Rfi> out;
        for (const auto& item : arr.as_array()) {
            Rfi r;
            r.id = item.at(U("id")).as_number().to_int64();
            r.number = item.at(U("number")).as_string();
            r.subject = item.at(U("subject")).as_string();
            if (item.has_field(U("assignee_id")) && !item.at(U("assignee_id")).is_null())
                r.assignee_id = item.at(U("assignee_id")).as_integer();
            r.has_replies = item.has_field(U("replies")) && item.at(U("replies")).size() > 0;
            out.push_back(r);
        }
        return Result<std::vector<Rfi>>::ok(out);
    });
}

static Result<json::value> post_received_reply(const Session& s, const Rfi& rfi) {
    http_client api(cfg::kApiBase);
    const auto path = U("/rest/v1.0/projects/" + std::to_string(s.project_id) + "/rfis/" +
                        std::to_string(rfi.id) + "/replies");
    http_request req = authed(s, methods::POST, path);
    json::value reply;
    reply[U("rfi_reply")][U("body")] =
        json::value::string(U("Received by design review; response to follow."));
    req.set_body(reply);
    http_response resp = api.request(req).get();
    if (resp.status_code() != status_codes::Created)
        return Result<json::value>::fail(SyncError::Network, "reply not created");
    return Result<json::value>::ok(resp.extract_json().get());
}

static utility::string_t web_link(const Session& s, const Rfi& rfi) {
    return cfg::kWebBase + U("/") + std::to_string(s.project_id) + U("/project/rfi/show/") +
           std::to_string(rfi.id);
}

static Result<int64_t> env_id(const char* name) {
    const char* raw = std::getenv(name);
    if (raw == nullptr || *raw == '\0') return Result<int64_t>::fail(SyncError::Config, name);
    try {
        return Result<int64_t>::ok(std::stoll(raw));
    } catch (const std::exception&) {
        return Result<int64_t>::fail(SyncError::Config, name);
    }
}

int main() {
    Session s;
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    if (rt == nullptr) {
        std::cerr << "PROCORE_REFRESH_TOKEN not set\n";
        return 2;
    }
    s.refresh_token = rt;
    auto company = env_id("PROCORE_COMPANY_ID");
    auto project = env_id("PROCORE_PROJECT_ID");
    if (!company.is_ok() || !project.is_ok()) {
        std::cerr << "config: company/project id missing\n";
        return 2;
    }
    s.company_id = company.value();
    s.project_id = project.value();

    auto session = refresh(s, U("rfi-sync"), std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "");
    if (!session.is_ok()) {
        std::cerr << "refresh failed: " << describe(session.failure().code) << " "
                  << session.failure().detail << "\n";
        return 1;
    }
    auto who = whoami(session.value());
    if (who.is_ok()) std::cout << "syncing as " << who.value() << "\n";

    auto rfis = open_rfis(session.value());
    if (!rfis.is_ok()) {
        std::cerr << "rfis: " << describe(rfis.failure().code) << "\n";
        return 1;
    }
    int posted = 0;
    for (const Rfi& r : rfis.value()) {
        if (r.has_replies) continue;
        auto reply = post_received_reply(session.value(), r);
        if (reply.is_ok()) {
            ++posted;
            std::cout << "ack RFI #" << r.number << " " << web_link(session.value(), r) << "\n";
        } else {
            std::cerr << "RFI " << r.id << ": " << reply.failure().detail << "\n";
        }
    }
    std::cout << posted << " replies posted\n";
    return 0;
}
