// fu_rfi_overdue_sync: service-account job (DMSA, client credentials) that
// walks every project, finds overdue RFIs, tags them and posts a summary to
// the PM channel. pplx continuations all the way down; only main() blocks.
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace {

const utility::string_t kLoginHost = U("https://login.procore.com");
const utility::string_t kApiHost = U("https://api.procore.com");
const utility::string_t kRfiApi = U("https://app.procore.com/rest/v1.1");
const utility::string_t kWebLink = U("https://app.procore.com");
const utility::string_t kTeamsHook = U("https://example.webhook.office.com/webhookb2/pm-rfi");

struct Rfi {
    int64_t project_id;
    int64_t id;
    int64_t assignee_id;
    utility::string_t subject;
    utility::string_t due_date;
    int days_overdue;
};

pplx::cancellation_token_source g_cancel;
std::atomic<int> g_http_errors{0};

void on_sigint(int) { g_cancel.cancel(); }

// Retries a blocking call on 429/5xx with exponential backoff.
http_response with_backoff(const std::function<http_response()>& call, int max_tries = 5) {
    int wait_ms = 300;
    for (int attempt = 1;; ++attempt) {
        http_response r = call();
        auto code = r.status_code();
        if ((code != 429 && code < 500) || attempt == max_tries) return r;
        ++g_http_errors;
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        wait_ms *= 2;
    }
}

pplx::task<utility::string_t> fetch_service_token(const utility::string_t& client_id,
                                                  const utility::string_t& secret) {
    http_client login(kLoginHost);
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body(U("grant_type=client_credentials&client_id=") + client_id +
                     U("&client_secret=") + secret,
                 U("application/x-www-form-urlencoded"));
    return login.request(req, g_cancel.get_token())
        .then([](http_response r) { return r.extract_json(); })
        .then([](json::value v) { return v.at(U("access_token")).as_string(); });
}

struct Ctx {
    utility::string_t token;
    int64_t company_id;
};

http_request authed(const method& m, const utility::string_t& uri, const Ctx& ctx) {
    http_request req(m);
    req.set_request_uri(uri);
    req.headers().add(U("Authorization"), U("Bearer ") + ctx.token);
    req.headers().add(U("Procore-Company-Id"), std::to_string(ctx.company_id));
    return req;
}

pplx::task<bool> check_company_access(const Ctx& ctx) {
    http_client api(kApiHost);
    http_request req(methods::GET);
    req.set_request_uri(U("/rest/v1.0/companies"));
    req.headers().add(U("Authorization"), U("Bearer ") + ctx.token);
    return api.request(req, g_cancel.get_token())
        .then([](http_response r) { return r.extract_json(); })
        .then([ctx](json::value companies) {
            for (auto& c : companies.as_array())
                if (c.at(U("id")).as_number().to_int64() == ctx.company_id) return true;
            return false;
        });
}

pplx::task<std::vector<int64_t>> list_project_ids(const Ctx& ctx) {
    http_client api(kApiHost);
    auto uri = U("/rest/v1.0/projects?company_id=") + std::to_string(ctx.company_id);
    return api.request(authed(methods::GET, uri, ctx), g_cancel.get_token())
        .then([](http_response r) { return r.extract_json(); })
        .then([](json::value arr) {
            std::vector<int64_t> ids;
            for (auto& p : arr.as_array()) ids.push_back(p.at(U("id")).as_number().to_int64());
            return ids;
        });
}

std::vector<Rfi> fetch_overdue_rfis(Ctx ctx, int64_t project_id) {
    auto resp = with_backoff([ctx, project_id]() {
        http_client api(kApiHost);
        auto uri = U("/rest/v1.1/projects/") + std::to_string(project_id) +
                   U("/rfis?filters[overdue]=true&per_page=200");
        return api.request(authed(methods::GET, uri, ctx), g_cancel.get_token()).get();
    });
    std::vector<Rfi> out;
    if (resp.status_code() != status_codes::OK) return out;
    auto body = resp.extract_json().get();
    for (auto& v : body.as_array()) {
        Rfi r;
        r.project_id = project_id;
        r.id = v.at(U("id")).as_integer();
        r.assignee_id = v.has_field(U("assignee_id")) && !v.at(U("assignee_id")).is_null()
                            ? v.at(U("assignee_id")).as_number().to_int64()
                            : 0;
        r.subject = v.at(U("subject")).as_string();
        r.due_date = v.has_field(U("due_date")) ? v.at(U("due_date")).as_string() : U("");
        r.days_overdue = v.has_field(U("days_overdue")) ? v.at(U("days_overdue")).as_integer() : 0;
        out.push_back(r);
    }
    return out;
}

pplx::task<void> tag_overdue(const Ctx& ctx, const Rfi& rfi) {
    http_client rfis(kRfiApi);
    auto uri = U("/projects/") + std::to_string(rfi.project_id) + U("/rfis/") +
               std::to_string(rfi.id);
    auto req = authed(methods::PATCH, uri, ctx);
    json::value patch;
    patch[U("rfi")][U("private")] = json::value::boolean(false);
    patch[U("rfi")][U("reference")] = json::value::string(U("OVERDUE-AUTO"));
    req.set_body(patch);
    return rfis.request(req, g_cancel.get_token()).then([](http_response r) {
        if (r.status_code() >= 400) ++g_http_errors;
    });
}

void post_summary(const std::vector<Rfi>& all, int64_t company_id) {
    utility::string_t text = std::to_string(all.size()) + U(" overdue RFIs\n");
    for (const auto& r : all)
        text += U("- ") + r.subject + U(" (") + std::to_string(r.days_overdue) + U("d) ") +
                kWebLink + U("/") + std::to_string(r.project_id) + U("/project/rfi/show/") +
                std::to_string(r.id) + U("\n");
    json::value card;
    card[U("text")] = json::value::string(text);
    card[U("company")] = json::value::number(company_id);
    http_client teams(kTeamsHook);
    teams.request(methods::POST, U(""), card).wait();
}

}  // namespace

int main() {
    std::signal(SIGINT, on_sigint);
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!id || !secret || !company) {
        std::cerr << "missing PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_COMPANY_ID\n";
        return 2;
    }
    Ctx ctx{U(""), std::stoll(company)};
    try {
        ctx.token = fetch_service_token(id, secret).get();
        if (!check_company_access(ctx).get()) {
            std::cerr << "service account not installed in company " << ctx.company_id << "\n";
            return 1;
        }
        auto project_ids = list_project_ids(ctx).get();

        std::vector<pplx::task<std::vector<Rfi>>> fan_out;
        for (int64_t pid : project_ids)
            fan_out.push_back(pplx::create_task([ctx, pid] { return fetch_overdue_rfis(ctx, pid); },
                                                g_cancel.get_token()));

        std::vector<Rfi> all;
        pplx::when_all(fan_out.begin(), fan_out.end())
            .then([&all](std::vector<Rfi> merged) { all = std::move(merged); })
            .wait();

        std::vector<pplx::task<void>> tags;
        for (const auto& r : all) tags.push_back(tag_overdue(ctx, r));
        pplx::when_all(tags.begin(), tags.end()).wait();

        post_summary(all, ctx.company_id);
    } catch (const pplx::task_canceled&) {
        std::cerr << "cancelled\n";
        return 130;
    } catch (const std::exception& e) {
        std::cerr << "sync failed: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "done, " << g_http_errors.load() << " http errors\n";
    return 0;
}
