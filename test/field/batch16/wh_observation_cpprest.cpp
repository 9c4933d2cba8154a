// obs-relay: listens for Procore "Observations" webhooks and opens a Jira
// issue for every new safety observation. Authenticates as a Developer
// Managed Service Account (client_credentials) against the developer sandbox.

#include <cpprest/http_client.h>
#include <cpprest/http_listener.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

using namespace web;
using namespace web::http;
using namespace web::http::client;
using namespace web::http::experimental::listener;

namespace {

const utility::string_t kLoginBase = U("https://login-sandbox.procore.com");
const utility::string_t kApiBase = U("https://sandbox.procore.com");
const utility::string_t kJiraBase = U("https://hartwell.atlassian.net");

std::mutex g_token_mu;
utility::string_t g_token;
std::atomic<int> g_opened{0};

utility::string_t env(const char* name) {
    const char* v = std::getenv(name);
    return v ? utility::conversions::to_string_t(v) : utility::string_t{};
}

bool fetch_service_token() {
    http_client login(kLoginBase);
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    json::value body;
    body[U("grant_type")] = json::value::string(U("client_credentials"));
    body[U("client_id")] = json::value::string(env("PROCORE_CLIENT_ID"));
    body[U("client_secret")] = json::value::string(env("PROCORE_CLIENT_SECRET"));
    req.set_body(body);
    http_response res = login.request(req).get();
    if (res.status_code() != status_codes::OK) return false;
    json::value tok = res.extract_json().get();
    std::lock_guard<std::mutex> lk(g_token_mu);
    g_token = tok.at(U("access_token")).as_string();
    return true;
}

utility::string_t bearer() {
    std::lock_guard<std::mutex> lk(g_token_mu);
    return U("Bearer ") + g_token;
}

json::value api_get(const utility::string_t& path_and_query, int64_t company_id) {
    http_client api(kApiBase);
    http_request req(methods::GET);
    req.set_request_uri(path_and_query);
    req.headers().add(U("Authorization"), bearer());
    req.headers().add(U("Procore-Company-Id"), company_id);
    http_response res = api.request(req).get();
    if (res.status_code() != status_codes::OK) return json::value::null();
    return res.extract_json().get();
}

// Is our service account still installed in the company? (startup + /status)
bool company_visible(int64_t company_id) {
    http_client api(kApiBase);
    http_request req(methods::GET);
    req.set_request_uri(U("/rest/v1.0/companies"));
    req.headers().add(U("Authorization"), bearer());
    http_response res = api.request(req).get();
    if (res.status_code() != status_codes::OK) return false;
    for (const auto& c : res.extract_json().get().as_array())
        if (c.at(U("id")).as_number().to_int64() == company_id) return true;
    return false;
}

utility::string_t assignee_name(int64_t company_id, int64_t project_id, int user_id) {
    http_client api(kApiBase);
    uri_builder path(U("/rest/v1.0/projects"));
    path.append_path(utility::conversions::to_string_t(std::to_string(project_id)));
    path.append_path(U("users"));
    path.append_path(utility::conversions::to_string_t(std::to_string(user_id)));
    http_request req(methods::GET);
    req.set_request_uri(path.to_uri());
    req.headers().add(U("Authorization"), bearer());
    req.headers().add(U("Procore-CompanyId"), company_id);
    http_response res = api.request(req).get();
    if (res.status_code() != status_codes::OK) return U("unassigned");
    return res.extract_json().get().at(U("name")).as_string();
}

void open_jira_issue(const utility::string_t& summary, const utility::string_t& description) {
    http_client jira(kJiraBase);
    json::value fields;
    fields[U("project")][U("key")] = json::value::string(U("SAFE"));
    fields[U("issuetype")][U("name")] = json::value::string(U("Task"));
    fields[U("summary")] = json::value::string(summary);
    fields[U("description")] = json::value::string(description);
    json::value issue;
    issue[U("fields")] = fields;
    http_request req(methods::POST);
    req.set_request_uri(U("/rest/api/2/issue"));
    req.headers().add(U("Authorization"), U("Basic ") + env("JIRA_BASIC_AUTH"));
    req.set_body(issue);
    http_response res = jira.request(req).get();
    if (res.status_code() == status_codes::Created) ++g_opened;
}

void handle_observation(const json::value& ev) {
    int64_t company_id = ev.at(U("company_id")).as_number().to_int64();
    int64_t project_id = ev.at(U("project_id")).as_number().to_int64();
    int64_t item_id = ev.at(U("resource_id")).as_number().to_int64();

    utility::string_t path = U("/rest/v1.0/observations/items/") +
                             utility::conversions::to_string_t(std::to_string(item_id)) +
                             U("?project_id=") +
                             utility::conversions::to_string_t(std::to_string(project_id));
    json::value item = api_get(path, company_id);
    if (item.is_null()) {
        std::cerr << "observation " << item_id << " not readable" << std::endl;
        return;
    }
    utility::string_t who = U("unassigned");
    if (item.has_field(U("assignee")) && item.at(U("assignee")).is_object()) {
        int assignee_id = item.at(U("assignee")).at(U("id")).as_integer();
        who = assignee_name(company_id, project_id, assignee_id);
    }
    utility::string_t link = U("https://app.procore.com/") +
                             utility::conversions::to_string_t(std::to_string(project_id)) +
                             U("/project/observations/items/") +
                             utility::conversions::to_string_t(std::to_string(item_id));
    open_jira_issue(U("[Procore] ") + item.at(U("name")).as_string(),
                    U("Assignee: ") + who + U("\nOpen in Procore: ") + link);
}

void on_post(http_request request) {
    auto path = uri::split_path(uri::decode(request.relative_uri().path()));
    // POST /procore/observations
    if (path.size() != 1 || path[0] != U("observations")) {
        request.reply(status_codes::NotFound);
        return;
    }
    if (request.headers().has(U("Authorization")) == false ||
        request.headers()[U("Authorization")] != env("HOOK_SHARED_SECRET")) {
        request.reply(status_codes::Unauthorized);
        return;
    }
    request.extract_json().then([request](pplx::task<json::value> t) {
        http_response res(status_codes::OK);
        res.headers().add(U("X-Relay"), U("obs-relay"));
        try {
            json::value ev = t.get();
            if (ev.at(U("resource_name")).as_string() == U("Observations") &&
                ev.at(U("event_type")).as_string() == U("create"))
                handle_observation(ev);
            res.set_body(U("{\"ok\":true}"), U("application/json"));
        } catch (const std::exception& e) {
            res.set_status_code(status_codes::BadRequest);
            res.set_body(utility::conversions::to_string_t(e.what()));
        }
        request.reply(res);
    });
}

void on_get(http_request request) {
    // GET /procore/companies/<id>/status  -> is the service account installed?
    auto path = uri::split_path(request.relative_uri().path());
    if (path.size() == 3 && path[0] == U("companies") && path[2] == U("status")) {
        int64_t company_id = std::stoll(utility::conversions::to_utf8string(path[1]));
        json::value out;
        out[U("company_id")] = json::value::number(company_id);
        out[U("visible")] = json::value::boolean(company_visible(company_id));
        out[U("issues_opened")] = json::value::number(g_opened.load());
        request.reply(status_codes::OK, out);
        return;
    }
    request.reply(status_codes::NotFound);
}

}  // namespace

int main() {
    if (!fetch_service_token()) {
        std::cerr << "client_credentials grant failed" << std::endl;
        return 1;
    }
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    int64_t home_company = cid ? std::stoll(cid) : 0;
    json::value me = api_get(U("/rest/v1.0/me"), home_company);
    if (me.is_null() || !company_visible(home_company)) {
        std::cerr << "service account not installed in company " << home_company << std::endl;
        return 1;
    }

    http_listener listener(U("http://0.0.0.0:8090/procore"));
    listener.support(methods::POST, on_post);
    listener.support(methods::GET, on_get);
    listener.open().wait();
    std::cout << "obs-relay listening on 8090" << std::endl;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::minutes(50));
        fetch_service_token();  // tokens live ~1.5h
    }
}
