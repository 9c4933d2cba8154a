// bk_poco_drawing_worker.cpp - drawing index builder (developer sandbox build).
//
// Runs against the Procore developer sandbox while the plan-room integration
// is being certified. A producer thread describes every request as a Job;
// worker threads execute them with Poco::Net and report back via callbacks.
// Listing endpoints are paged, and each full page schedules the next one.
//
// API reference: https://developers.procore.com/reference/rest/drawings

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const std::string kApiHost = "sandbox.procore.com";
constexpr int kPerPage = 200;

using Callback = std::function<void(int status, const std::string& body)>;

struct Job {
    std::string host = kApiHost;
    std::string method = Poco::Net::HTTPRequest::HTTP_GET;
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
    std::string content_type;
    int attempt = 0;
    int page = 1;
    long drawing_area_id = 0;
    Callback callback;
};

class WorkQueue {
  public:
    void push(Job job) {
        std::lock_guard<std::mutex> lk(mu_);
        ++outstanding_;
        jobs_.push_back(std::move(job));
        cv_.notify_one();
    }
    bool pop(Job& out) {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return shutdown_ || !jobs_.empty(); });
        if (jobs_.empty()) return false;
        out = std::move(jobs_.front());
        jobs_.pop_front();
        return true;
    }
    void finished() {
        std::lock_guard<std::mutex> lk(mu_);
        if (--outstanding_ == 0) idle_.notify_all();
    }
    void wait_idle() {
        std::unique_lock<std::mutex> lk(mu_);
        idle_.wait(lk, [this] { return outstanding_ == 0; });
    }
    void shutdown() {
        std::lock_guard<std::mutex> lk(mu_);
        shutdown_ = true;
        cv_.notify_all();
    }

  private:
    std::mutex mu_;
    std::condition_variable cv_, idle_;
    std::deque<Job> jobs_;
    int outstanding_ = 0;
    bool shutdown_ = false;
};

int execute(const Job& job, std::string& body) {
    Poco::Net::Context::Ptr tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "");
    Poco::Net::HTTPSClientSession session(job.host, 443, tls);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req(job.method, job.path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& h : job.headers) req.set(h.first, h.second);
    if (!job.body.empty()) {
        req.setContentType(job.content_type);
        req.setContentLength(static_cast<std::streamsize>(job.body.size()));
    }
    std::ostream& os = session.sendRequest(req);
    os << job.body;
    Poco::Net::HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    Poco::StreamCopier::copyToString(is, body);
    return static_cast<int>(resp.getStatus());
}

void worker_loop(WorkQueue& q) {
    Job job;
    while (q.pop(job)) {
        std::string body;
        int status = 0;
        try {
            status = execute(job, body);
        } catch (const Poco::Exception& e) {
            std::cerr << "net error on " << job.path << ": " << e.displayText() << "\n";
        }
        if ((status == 0 || status == 429 || status >= 500) && job.attempt < 4) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500) * (1 << job.attempt));
            ++job.attempt;
            q.push(job);
        } else if (job.callback) {
            job.callback(status, body);
        }
        q.finished();
    }
}

struct SyncState {
    WorkQueue* queue = nullptr;
    std::string token;
    Poco::Int64 company_id = 0;
    Poco::Int64 project_id = 0;
    std::mutex out_mu;
    std::vector<std::string> index_lines;
};

Poco::JSON::Array::Ptr as_array(const std::string& body) {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Array::Ptr>();
}

Job refresh_job(SyncState& st, const std::string& client_id, const std::string& secret, const std::string& refresh) {
    Job job;
    job.host = "sandbox.procore.com";
    job.method = Poco::Net::HTTPRequest::HTTP_POST;
    job.path = "/oauth/token";
    job.content_type = "application/x-www-form-urlencoded";
    job.body = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
               "&refresh_token=" + refresh;
    job.callback = [&st](int status, const std::string& body) {
        if (status != 200) return;
        Poco::JSON::Parser parser;
        auto obj = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        st.token = obj->getValue<std::string>("access_token");
    };
    return job;
}

Job drawings_job(SyncState& st, Poco::Int64 area_id, int page) {
    Job job;
    job.drawing_area_id = area_id;
    job.page = page;
    job.path = "/rest/v1.1/drawing_areas/" + std::to_string(area_id) + "/drawings?project_id=" +
               std::to_string(st.project_id) + "&page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
    job.headers["Authorization"] = "Bearer " + st.token;
    job.headers["X-Procore-Company-Id"] = std::to_string(st.company_id);
    job.callback = [&st, area_id, page](int status, const std::string& body) {
        if (status != 200) return;
        auto arr = as_array(body);
        for (size_t i = 0; i < arr->size(); ++i) {
            auto d = arr->getObject(static_cast<unsigned>(i));
            const int drawing_id = d->getValue<int>("id");
            std::lock_guard<std::mutex> lk(st.out_mu);
            st.index_lines.push_back(std::to_string(area_id) + "\t" + std::to_string(drawing_id) + "\t" +
                                     d->optValue<std::string>("number", "") + "\t" + d->optValue<std::string>("title", ""));
        }
        if (static_cast<int>(arr->size()) == kPerPage) st.queue->push(drawings_job(st, area_id, page + 1));
    };
    return job;
}

Job drawing_areas_job(SyncState& st, int page) {
    Job job;
    job.page = page;
    job.path = "/rest/v1.1/projects/" + std::to_string(st.project_id) + "/drawing_areas?page=" + std::to_string(page) +
               "&per_page=" + std::to_string(kPerPage);
    job.headers = {{"Authorization", "Bearer " + st.token}, {"Procore-Company-Id", std::to_string(st.company_id)}};
    job.callback = [&st, page](int status, const std::string& body) {
        if (status != 200) return;
        auto arr = as_array(body);
        for (size_t i = 0; i < arr->size(); ++i) {
            const Poco::Int64 area_id = arr->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id");
            st.queue->push(drawings_job(st, area_id, 1));
        }
        if (static_cast<int>(arr->size()) == kPerPage) st.queue->push(drawing_areas_job(st, page + 1));
    };
    return job;
}

Job companies_job(SyncState& st) {
    Job job;
    job.path = "/rest/v1.0/companies";
    job.headers["Authorization"] = "Bearer " + st.token;
    job.callback = [&st](int status, const std::string& body) {
        if (status != 200) return;
        auto arr = as_array(body);
        for (size_t i = 0; i < arr->size(); ++i)
            if (arr->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id") == st.company_id) return;
        std::cerr << "token has no access to company " << st.company_id << "\n";
    };
    return job;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " <company_id> <project_id>\n";
        return 2;
    }
    SyncState st;
    st.company_id = std::strtoll(argv[1], nullptr, 10);
    st.project_id = std::strtoll(argv[2], nullptr, 10);

    WorkQueue q;
    st.queue = &q;
    std::vector<std::thread> workers;
    for (int i = 0; i < 4; ++i) workers.emplace_back(worker_loop, std::ref(q));

    q.push(refresh_job(st, std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                       std::getenv("PROCORE_REFRESH_TOKEN")));
    q.wait_idle();

    q.push(companies_job(st));
    q.push(drawing_areas_job(st, 1));
    q.wait_idle();
    q.shutdown();
    for (auto& t : workers) t.join();

    for (const auto& line : st.index_lines) std::cout << line << "\n";
    return 0;
}
