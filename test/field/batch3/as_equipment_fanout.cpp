// equipment_fanout -- nightly job: pulls yesterday's equipment usage from the
// Northwind ERP and fans it out as Procore equipment logs, one POST per
// machine/project, through a small pool of worker threads.
//
//   equipment_fanout <company_id> <yyyy-mm-dd> [workers]
//
// Env: PROCORE_ACCESS_TOKEN (minted by the token sidecar), ERP_API_KEY,
//      TEAMS_WEBHOOK_PATH
// Ops wiki: https://wiki.northwind-build.com/it/integrations/procore-equipment

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;
using HeaderList = std::vector<std::pair<std::string, std::string>>;
using Result = std::pair<int, std::string>;

namespace {

const std::string kApiHost = "us02.procore.com";   // our company lives in the US02 zone
const std::string kErpHost = "erp.northwind-build.com";
const std::string kTeamsHost = "northwindbuild.webhook.office.com";

struct Job {
    std::string host;
    std::string method;
    std::string path;
    HeaderList headers;
    std::string body;
    std::function<void(const Result&)> done;
};

struct ErpUsage {
    int erp_job_number = 0;          // ERP's own job-cost number
    std::string equipment_code;
    double hours = 0.0;
    std::string operator_name;
    long procore_project_id = 0;
    int64_t procore_vendor_id = 0;   // rental vendor in the Procore directory, 0 = owned
};

class JobQueue {
public:
    void push(Job job) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }
    bool pop(Job& out) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
        if (jobs_.empty()) return false;
        out = std::move(jobs_.front());
        jobs_.pop_front();
        return true;
    }
    void close() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            closed_ = true;
        }
        cv_.notify_all();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool closed_ = false;
};

template <typename Fn>
auto withRetry(Fn fn, int attempts) {
    return [fn, attempts](auto&... args) -> Result {
        for (int i = 1;; ++i) {
            try {
                Result r = fn(args...);
                if ((r.first < 500 && r.first != 429) || i >= attempts) return r;
            } catch (const Poco::Exception& e) {
                if (i >= attempts) throw;
                std::cerr << "retry " << i << ": " << e.displayText() << "\n";
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250 << i));
        }
    };
}

using SessionCache = std::map<std::string, std::unique_ptr<HTTPSClientSession>>;

Result perform(SessionCache& sessions, const Job& job) {
    static Poco::Net::Context::Ptr ctx =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
    auto& session = sessions[job.host];
    if (!session) {
        session.reset(new HTTPSClientSession(job.host, 443, ctx));
        session->setTimeout(Poco::Timespan(30, 0));
        session->setKeepAlive(true);
    }
    HTTPRequest req(job.method, job.path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& h : job.headers) req.set(h.first, h.second);
    if (!job.body.empty()) {
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(job.body.size()));
    }
    std::ostream& os = session->sendRequest(req);
    os << job.body;
    HTTPResponse res;
    std::istream& is = session->receiveResponse(res);
    std::string out;
    Poco::StreamCopier::copyToString(is, out);
    return {static_cast<int>(res.getStatus()), out};
}

void workerLoop(JobQueue& queue, std::atomic<int>& failed) {
    SessionCache sessions;
    auto send = withRetry(perform, 3);
    Job job;
    while (queue.pop(job)) {
        try {
            Result r = send(sessions, job);
            if (r.first >= 300) ++failed;
            if (job.done) job.done(r);
        } catch (const Poco::Exception& e) {
            ++failed;
            std::cerr << job.method << " " << job.host << job.path << ": " << e.displayText() << "\n";
            sessions.erase(job.host);
        }
    }
}

Job procoreJob(const std::string& method, const std::string& path, const std::string& token, int64_t companyId) {
    Job j;
    j.host = kApiHost;
    j.method = method;
    j.path = path;
    j.headers = {{"Authorization", "Bearer " + token},
                 {"Procore-Company-ID", std::to_string(companyId)},
                 {"Accept", "application/json"}};
    return j;
}

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: equipment_fanout <company_id> <date> [workers]\n";
        return 2;
    }
    const int64_t companyId = std::stoll(argv[1]);
    const std::string date = argv[2];
    const int workers = argc > 3 ? std::atoi(argv[3]) : 4;
    const std::string token = envOr("PROCORE_ACCESS_TOKEN", "");

    JobQueue queue;
    std::atomic<int> failed{0};
    std::vector<std::thread> pool;
    for (int i = 0; i < workers; ++i) pool.emplace_back(workerLoop, std::ref(queue), std::ref(failed));

    // 1. Active Procore projects, so we don't post logs to closed jobs.
    std::promise<std::set<int64_t>> activeP;
    Job projects;
    projects.host = kApiHost;
    projects.method = HTTPRequest::HTTP_GET;
    projects.path = "/rest/v1.0/projects?company_id=" + std::to_string(companyId) + "&filters[active]=true&per_page=300";
    projects.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
    projects.done = [&activeP](const Result& r) {
        std::set<int64_t> ids;
        if (r.first == 200) {
            Poco::JSON::Parser parser;
            auto arr = parser.parse(r.second).extract<Poco::JSON::Array::Ptr>();
            for (size_t i = 0; i < arr->size(); ++i) ids.insert(arr->getObject(i)->getValue<Poco::Int64>("id"));
        }
        activeP.set_value(ids);
    };
    queue.push(projects);

    // 2. Yesterday's usage from the ERP.
    std::promise<std::vector<ErpUsage>> usageP;
    Job erp;
    erp.host = kErpHost;
    erp.method = HTTPRequest::HTTP_GET;
    erp.path = "/api/v2/equipment/usage?date=" + date;
    erp.headers = {{"X-Api-Key", envOr("ERP_API_KEY", "")}, {"Accept", "application/json"}};
    erp.done = [&usageP](const Result& r) {
        std::vector<ErpUsage> rows;
        if (r.first == 200) {
            Poco::JSON::Parser parser;
            auto arr = parser.parse(r.second).extract<Poco::JSON::Array::Ptr>();
            for (size_t i = 0; i < arr->size(); ++i) {
                auto o = arr->getObject(i);
                ErpUsage u;
                u.erp_job_number = o->getValue<int>("job_number");
                u.equipment_code = o->getValue<std::string>("equipment_code");
                u.hours = o->getValue<double>("hours");
                u.operator_name = o->optValue<std::string>("operator", "");
                u.procore_project_id = o->getValue<Poco::Int64>("procore_project_id");
                if (o->has("procore_vendor_id") && !o->isNull("procore_vendor_id"))
                    u.procore_vendor_id = o->getValue<int>("procore_vendor_id");
                rows.push_back(u);
            }
        }
        usageP.set_value(rows);
    };
    queue.push(erp);

    const auto active = activeP.get_future().get();
    const auto usage = usageP.get_future().get();

    // 3. Fan out: one equipment log per usage row.
    std::atomic<int> posted{0};
    int skipped = 0;
    for (const auto& u : usage) {
        if (!active.count(u.procore_project_id)) {
            ++skipped;
            continue;
        }
        Poco::JSON::Object log, wrapper;
        log.set("date", date);
        log.set("hours_operating", u.hours);
        if (u.procore_vendor_id) log.set("vendor_id", u.procore_vendor_id);
        log.set("notes", "ERP job " + std::to_string(u.erp_job_number) + " / " + u.equipment_code +
                             (u.operator_name.empty() ? "" : " / " + u.operator_name));
        wrapper.set("equipment_log", log);
        std::ostringstream body;
        wrapper.stringify(body);

        Job j = procoreJob(HTTPRequest::HTTP_POST,
                           "/rest/v1.0/projects/" + std::to_string(u.procore_project_id) + "/equipment_logs", token,
                           companyId);
        j.body = body.str();
        j.done = [&posted](const Result& r) {
            if (r.first == 201) ++posted;
        };
        queue.push(std::move(j));
    }

    queue.close();
    for (auto& t : pool) t.join();

    // 4. Tell the equipment yard channel.
    SessionCache teams;
    Poco::JSON::Object card;
    card.set("text", "Equipment logs for " + date + ": " + std::to_string(posted.load()) + " posted, " +
                         std::to_string(skipped) + " skipped (inactive project), " +
                         std::to_string(failed.load()) + " failed. See https://app.procore.com/companies/" +
                         std::to_string(companyId) + "/tools/equipment");
    std::ostringstream cardBody;
    card.stringify(cardBody);
    Job notify{kTeamsHost, HTTPRequest::HTTP_POST, envOr("TEAMS_WEBHOOK_PATH", "/webhookb2/equipment"), {}, cardBody.str(), {}};
    try {
        Result r = perform(teams, notify);
        std::cout << "teams: " << r.first << "\n";
    } catch (const Poco::Exception& e) {
        std::cerr << "teams notify failed: " << e.displayText() << "\n";
    }
    return failed.load() == 0 ? 0 : 1;
}
