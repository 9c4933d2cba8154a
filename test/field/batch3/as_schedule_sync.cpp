// schedule_sync -- mirrors a Procore project schedule into the planning
// team's Smartsheet and posts a short digest to #site-planning in Slack.
//
//   build: g++ -std=c++17 as_schedule_sync.cpp -lcpprest -lssl -lcrypto -lpthread
//   usage: schedule_sync <project_id> <smartsheet_sheet_id>
//
// Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_REFRESH_TOKEN,
//      PROCORE_COMPANY_ID, SMARTSHEET_TOKEN, SLACK_WEBHOOK_URL
// Procore API reference: https://developers.procore.com/reference/rest/tasks

#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>
#include <pplx/pplxtasks.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace {

const utility::string_t kLoginBase = U("https://login.procore.com");
const utility::string_t kApiBase = U("https://api.procore.com");
const utility::string_t kSmartsheetBase = U("https://api.smartsheet.com/2.0");

struct SyncConfig {
    utility::string_t client_id;
    utility::string_t client_secret;
    utility::string_t refresh_token;
    int64_t company_id = 0;
    int64_t project_id = 0;
    int64_t sheet_id = 0;
    utility::string_t smartsheet_token;
    utility::string_t slack_webhook;
    int page_size = 200;
};

struct ScheduleTask {
    int64_t id = 0;
    int64_t parent_id = 0;
    utility::string_t name;
    utility::string_t start;
    utility::string_t finish;
    int percent_complete = 0;
};

utility::string_t env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) throw std::runtime_error(std::string("missing env ") + name);
    return v;
}

// Every request through the Procore client gets the bearer token and the
// company header.
class ProcoreAuthStage : public http_pipeline_stage {
public:
    ProcoreAuthStage(std::shared_ptr<utility::string_t> token, int64_t company_id)
        : token_(std::move(token)), company_id_(company_id) {}

    pplx::task<http_response> propagate(http_request request) override {
        request.headers().add(header_names::authorization, U("Bearer ") + *token_);
        // v2.0 routes carry the company in the path, no need to repeat it.
        if (request.request_uri().path().rfind(U("/rest/v1."), 0) == 0) {
            request.headers().add(U("Procore-Company-Id"), std::to_string(company_id_));
        }
        return next_stage()->propagate(request);
    }

private:
    std::shared_ptr<utility::string_t> token_;
    int64_t company_id_;
};

http_client_config procoreClientConfig() {
    http_client_config cfg;
    cfg.set_timeout(std::chrono::seconds(45));
    cfg.set_validate_certificates(true);
    return cfg;
}

pplx::task<utility::string_t> refreshAccessToken(const SyncConfig& cfg) {
    http_client login(kLoginBase, procoreClientConfig());
    json::value body = json::value::object();
    body[U("grant_type")] = json::value::string(U("refresh_token"));
    body[U("client_id")] = json::value::string(cfg.client_id);
    body[U("client_secret")] = json::value::string(cfg.client_secret);
    body[U("refresh_token")] = json::value::string(cfg.refresh_token);

    return login.request(methods::POST, U("/oauth/token"), body)
        .then([](http_response resp) {
            if (resp.status_code() != status_codes::OK)
                throw std::runtime_error("token refresh failed: " + std::to_string(resp.status_code()));
            return resp.extract_json();
        })
        .then([](json::value v) { return v.at(U("access_token")).as_string(); });
}

ScheduleTask parseTask(const json::value& item) {
    ScheduleTask t;
    t.id = item.at(U("id")).as_number().to_int64();
    if (item.has_field(U("parent_id")) && !item.at(U("parent_id")).is_null())
        t.parent_id = item.at(U("parent_id")).as_integer();
    t.name = item.at(U("name")).as_string();
    t.start = item.has_string_field(U("start_date")) ? item.at(U("start_date")).as_string() : U("");
    t.finish = item.has_string_field(U("finish_date")) ? item.at(U("finish_date")).as_string() : U("");
    if (item.has_number_field(U("percent_complete")))
        t.percent_complete = item.at(U("percent_complete")).as_integer();
    return t;
}

class ScheduleSync {
public:
    ScheduleSync(SyncConfig cfg, std::shared_ptr<utility::string_t> token)
        : cfg_(std::move(cfg)), token_(token), procore_(kApiBase, procoreClientConfig()),
          whoami_(kApiBase), sheet_(kSmartsheetBase) {
        procore_.add_handler(std::make_shared<ProcoreAuthStage>(token, cfg_.company_id));
    }

    pplx::task<void> logIdentity() {
        http_request req(methods::GET);
        req.set_request_uri(U("/rest/v1.0/me"));
        req.headers().add(header_names::authorization, U("Bearer ") + *token_);
        return whoami_.request(req)
            .then([](http_response r) { return r.extract_json(); })
            .then([](json::value me) {
                std::cout << "running as " << me.at(U("login")).as_string() << "\n";
            });
    }

    pplx::task<std::vector<ScheduleTask>> fetchTasks(int page, std::vector<ScheduleTask> acc) {
        uri_builder b(U("/rest/v1.0/tasks"));
        b.append_query(U("project_id"), cfg_.project_id);
        b.append_query(U("page"), page);
        b.append_query(U("per_page"), cfg_.page_size);
        return procore_.request(methods::GET, b.to_string())
            .then([](http_response r) {
                if (r.status_code() != status_codes::OK)
                    throw std::runtime_error("tasks: HTTP " + std::to_string(r.status_code()));
                return r.extract_json();
            })
            .then([this, page, acc](json::value v) mutable -> pplx::task<std::vector<ScheduleTask>> {
                const auto& arr = v.as_array();
                for (const auto& item : arr) acc.push_back(parseTask(item));
                if (static_cast<int>(arr.size()) < cfg_.page_size)
                    return pplx::task_from_result(acc);
                return fetchTasks(page + 1, std::move(acc));
            });
    }

    // Working-day calendar, used to flag tasks that finish on a non-working day.
    pplx::task<json::value> fetchCalendar() {
        utility::string_t path = U("/rest/v2.0/companies/") + std::to_string(cfg_.company_id) +
                                 U("/projects/") + std::to_string(cfg_.project_id) +
                                 U("/schedule/calendar");
        return procore_.request(methods::GET, path).then([](http_response r) {
            if (r.status_code() == status_codes::NotFound) return pplx::task_from_result(json::value::null());
            return r.extract_json();
        });
    }

    pplx::task<void> pushRows(const std::vector<ScheduleTask>& tasks) {
        json::value rows = json::value::array();
        size_t i = 0;
        for (const auto& t : tasks) {
            if (rowByTask_.count(t.id)) continue;   // already mirrored
            json::value row = json::value::object();
            row[U("toBottom")] = json::value::boolean(true);
            json::value cells = json::value::array();
            cells[0][U("columnId")] = json::value::number(int64_t{4583173393803140});
            cells[0][U("value")] = json::value::string(t.name);
            cells[1][U("columnId")] = json::value::number(int64_t{2331373580117892});
            cells[1][U("value")] = json::value::number(t.percent_complete);
            row[U("cells")] = cells;
            rows[i++] = row;
        }
        if (i == 0) return pplx::task_from_result();

        http_request req(methods::POST);
        req.set_request_uri(U("/sheets/") + std::to_string(cfg_.sheet_id) + U("/rows"));
        req.headers().add(header_names::authorization, U("Bearer ") + cfg_.smartsheet_token);
        req.set_body(rows);
        return sheet_.request(req).then([i](http_response r) {
            std::cout << "smartsheet: " << r.status_code() << " (" << i << " rows)\n";
        });
    }

    pplx::task<void> postDigest(size_t taskCount, size_t lateCount) {
        return whoami_
            .request(methods::GET, U("/rest/v1.0/projects/") + std::to_string(cfg_.project_id) +
                                       U("?company_id=") + std::to_string(cfg_.company_id))
            .then([](http_response r) { return r.extract_json(); })
            .then([this, taskCount, lateCount](json::value project) {
                utility::string_t link = U("https://app.procore.com/") + std::to_string(cfg_.project_id) +
                                         U("/project/schedule");
                json::value msg = json::value::object();
                msg[U("text")] = json::value::string(
                    U("Schedule sync for *") + project.at(U("name")).as_string() + U("*: ") +
                    std::to_string(taskCount) + U(" tasks, ") + std::to_string(lateCount) +
                    U(" finishing on non-working days. <") + link + U("|Open in Procore>"));
                http_client slack(cfg_.slack_webhook);
                return slack.request(methods::POST, U(""), msg).then([](http_response r) {
                    if (r.status_code() != 200) std::cerr << "slack returned " << r.status_code() << "\n";
                });
            });
    }

    pplx::task<void> run() {
        return logIdentity()
            .then([this] { return fetchTasks(1, {}); })
            .then([this](std::vector<ScheduleTask> tasks) {
                return fetchCalendar().then([this, tasks](json::value cal) {
                    size_t late = 0;
                    if (cal.is_object() && cal.has_array_field(U("non_working_days"))) {
                        for (const auto& t : tasks)
                            for (const auto& d : cal.at(U("non_working_days")).as_array())
                                if (d.as_string() == t.finish) ++late;
                    }
                    return pushRows(tasks).then([this, n = tasks.size(), late] { return postDigest(n, late); });
                });
            });
    }

private:
    SyncConfig cfg_;
    std::shared_ptr<utility::string_t> token_;
    http_client procore_;
    http_client whoami_;
    http_client sheet_;
    std::map<int, int64_t> rowByTask_;   // Procore task id -> Smartsheet row id
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: schedule_sync <project_id> <sheet_id>\n";
        return 2;
    }
    SyncConfig cfg;
    cfg.client_id = env("PROCORE_CLIENT_ID");
    cfg.client_secret = env("PROCORE_CLIENT_SECRET");
    cfg.refresh_token = env("PROCORE_REFRESH_TOKEN");
    cfg.company_id = std::stoll(env("PROCORE_COMPANY_ID"));
    cfg.project_id = std::stoll(argv[1]);
    cfg.sheet_id = std::stoll(argv[2]);
    cfg.smartsheet_token = env("SMARTSHEET_TOKEN");
    cfg.slack_webhook = env("SLACK_WEBHOOK_URL");

    try {
        auto token = std::make_shared<utility::string_t>(refreshAccessToken(cfg).get());
        ScheduleSync sync(cfg, token);
        sync.run().wait();
    } catch (const std::exception& e) {
        std::cerr << "schedule_sync failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
