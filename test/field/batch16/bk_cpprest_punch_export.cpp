// bk_cpprest_punch_export.cpp - punch list exporter (monthly sandbox, QA stage).
//
// Usage: punch_export <project_id>   (company id and refresh token from env)
//
// Requests are described once (RequestDesc) and queued; a runner thread feeds
// them to cpprestsdk, retries 429/5xx with exponential backoff and posts each
// JSON result to the job's callback. Full pages queue the following page.
// Endpoint docs: https://developers.procore.com/reference/rest/punch-items

#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using web::http::http_request;
using web::http::http_response;
using web::http::method;
using web::http::methods;
using web::http::status_codes;
using web::http::client::http_client;
using web::json::value;

namespace {

const std::string kLoginBase = "https://login-sandbox-monthly.procore.com";
const std::string kApiBase = "https://api-monthly.procore.com";
const std::string kLegacyBase = "https://app.procore.com";
constexpr int kPerPage = 100;

struct RequestDesc {
    method verb = methods::GET;
    std::string base = kApiBase;
    std::string path;
    std::map<std::string, std::string> headers;
    value body;
    int attempt = 0;
};

struct Job {
    RequestDesc req;
    std::function<void(const value&)> on_result;
};

pplx::task<value> send_with_backoff(RequestDesc d) {
    http_client client(d.base);
    http_request req(d.verb);
    req.set_request_uri(d.path);
    for (const auto& h : d.headers) req.headers().add(h.first, h.second);
    if (!d.body.is_null()) req.set_body(d.body);
    return client.request(req).then([d](http_response resp) mutable -> pplx::task<value> {
        const auto code = resp.status_code();
        if ((code == status_codes::TooManyRequests || code >= 500) && d.attempt < 5) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300) * (1 << d.attempt));
            ++d.attempt;
            return send_with_backoff(d);
        }
        if (code != status_codes::OK) {
            std::cerr << "HTTP " << code << " for " << d.path << "\n";
            return pplx::task_from_result(value::null());
        }
        return resp.extract_json();
    });
}

class Runner {
  public:
    Runner() : loop_([this] { run(); }) {}
    ~Runner() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            done_ = true;
        }
        cv_.notify_all();
        loop_.join();
    }
    void post(Job job) {
        std::lock_guard<std::mutex> lk(mu_);
        ++in_flight_;
        queue_.push_back(std::move(job));
        cv_.notify_all();
    }
    void wait_idle() {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return in_flight_ == 0; });
    }

  private:
    void run() {
        for (;;) {
            Job job;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return done_ || !queue_.empty(); });
                if (done_ && queue_.empty()) return;
                job = std::move(queue_.front());
                queue_.pop_front();
            }
            auto cb = job.on_result;
            send_with_backoff(job.req).then([this, cb](pplx::task<value> t) {
                try {
                    const value v = t.get();
                    if (cb) cb(v);
                } catch (const std::exception& e) {
                    std::cerr << "request failed: " << e.what() << "\n";
                }
                std::lock_guard<std::mutex> lk(mu_);
                --in_flight_;
                cv_.notify_all();
            });
        }
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    int in_flight_ = 0;
    bool done_ = false;
    std::thread loop_;
};

struct PunchRow {
    int64_t id = 0;
    int64_t assignee_id = 0;
    std::string name;
    std::string status;
    std::string type;
};

struct Exporter {
    Runner& runner;
    std::string token;
    int64_t company_id;
    int64_t project_id;
    std::mutex mu;
    std::vector<PunchRow> rows;
    std::map<int64_t, std::string> type_names;

    std::map<std::string, std::string> auth() const {
        return {{"Authorization", "Bearer " + token}, {"Procore-Company-Id", std::to_string(company_id)}};
    }

    void queue_token(const std::string& client_id, const std::string& secret, const std::string& refresh) {
        Job job;
        job.req.verb = methods::POST;
        job.req.base = kLoginBase;
        job.req.path = "/oauth/token";
        job.req.body[U("grant_type")] = value::string(U("refresh_token"));
        job.req.body[U("client_id")] = value::string(client_id);
        job.req.body[U("client_secret")] = value::string(secret);
        job.req.body[U("refresh_token")] = value::string(refresh);
        job.on_result = [this](const value& v) {
            if (v.has_field(U("access_token"))) token = v.at(U("access_token")).as_string();
        };
        runner.post(std::move(job));
    }

    void queue_types() {
        Job job;
        job.req.base = kLegacyBase;
        job.req.path = "/vapid/projects/" + std::to_string(project_id) + "/punch_item_types";
        job.req.headers = auth();
        job.on_result = [this](const value& v) {
            if (!v.is_array()) return;
            std::lock_guard<std::mutex> lk(mu);
            for (const auto& t : v.as_array())
                type_names[t.at(U("id")).as_number().to_int64()] = t.at(U("name")).as_string();
        };
        runner.post(std::move(job));
    }

    void queue_detail(int64_t punch_id) {
        Job job;
        job.req.path = "/rest/v1.0/punch_items/" + std::to_string(punch_id) + "?project_id=" + std::to_string(project_id);
        job.req.headers["Authorization"] = "Bearer " + token;
        job.on_result = [this](const value& v) {
            if (!v.is_object() || !v.has_field(U("punch_item_type"))) return;
            std::lock_guard<std::mutex> lk(mu);
            rows.push_back({v.at(U("id")).as_number().to_int64(), 0, v.at(U("name")).as_string(),
                            v.at(U("status")).as_string(), v.at(U("punch_item_type")).at(U("name")).as_string()});
        };
        runner.post(std::move(job));
    }

    void queue_page(int page) {
        Job job;
        job.req.path = "/rest/v1.0/punch_items?project_id=" + std::to_string(project_id) + "&page=" + std::to_string(page) +
                       "&per_page=" + std::to_string(kPerPage);
        job.req.headers = auth();
        job.on_result = [this, page](const value& v) {
            if (!v.is_array()) return;
            for (const auto& item : v.as_array()) {
                const int punch_id = item.at(U("id")).as_integer();
                if (item.has_field(U("punch_item_type")) && !item.at(U("punch_item_type")).is_null()) {
                    queue_detail(punch_id);
                    continue;
                }
                PunchRow row{punch_id, 0, item.at(U("name")).as_string(), item.at(U("status")).as_string(), ""};
                if (item.has_field(U("assignee")) && !item.at(U("assignee")).is_null())
                    row.assignee_id = item.at(U("assignee")).at(U("id")).as_number().to_int64();
                std::lock_guard<std::mutex> lk(mu);
                rows.push_back(row);
            }
            if (static_cast<int>(v.size()) == kPerPage) queue_page(page + 1);
        };
        runner.post(std::move(job));
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::getenv("PROCORE_COMPANY_ID") || !std::getenv("PROCORE_REFRESH_TOKEN")) {
        std::cerr << "usage: punch_export <project_id>\n";
        return 2;
    }
    const int project_id = std::stoi(argv[1]);

    Runner runner;
    Exporter ex{runner, "", std::stoll(std::getenv("PROCORE_COMPANY_ID")), project_id, {}, {}, {}};
    ex.queue_token(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                   std::getenv("PROCORE_REFRESH_TOKEN"));
    runner.wait_idle();
    if (ex.token.empty()) return 1;

    ex.queue_types();
    ex.queue_page(1);
    runner.wait_idle();

    std::ofstream csv("punch_" + std::to_string(project_id) + ".csv");
    csv << "id,name,status,type,assignee_id\n";
    for (const auto& r : ex.rows) csv << r.id << ',' << r.name << ',' << r.status << ',' << r.type << ',' << r.assignee_id << '\n';
    std::cout << ex.rows.size() << " punch items, " << ex.type_names.size() << " types\n";
    return 0;
}
