// rfi_export.cpp - exports open RFIs of all projects to CSV for the weekly
// coordination meeting. Runs against the monthly sandbox while we validate
// the report layout. Fixed-size std::thread pool, jobs answered via promises.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

namespace {

const std::string kLoginHost = "login-sandbox-monthly.procore.com";
const std::string kApiHost = "api-monthly.procore.com";

struct HttpJob {
    std::string method;
    std::string path;
    std::string body;
    bool companyScoped = true;
    int attempts = 0;
    std::promise<std::string> result;
};

struct RfiRow {
    Poco::Int64 projectId;
    Poco::Int64 rfiId;
    std::string number;
    std::string subject;
    int assigneeId;
    int daysOpen;
};

class JobQueue {
public:
    void push(std::shared_ptr<HttpJob> job) {
        {
            std::lock_guard<std::mutex> lk(mu_);
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }
    std::shared_ptr<HttpJob> pop() {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return closed_ || !jobs_.empty(); });
        if (jobs_.empty()) return nullptr;
        auto job = jobs_.front();
        jobs_.pop_front();
        return job;
    }
    void close() {
        std::lock_guard<std::mutex> lk(mu_);
        closed_ = true;
        cv_.notify_all();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::shared_ptr<HttpJob>> jobs_;
    bool closed_ = false;
};

class RfiExporter {
public:
    RfiExporter(std::string token, Poco::Int64 companyId, unsigned workers)
        : token_(std::move(token)), companyId_(companyId) {
        for (unsigned i = 0; i < workers; ++i)
            pool_.emplace_back([this] { run(); });
    }
    ~RfiExporter() {
        queue_.close();
        for (auto& t : pool_) t.join();
    }

    std::future<std::string> submit(std::string method, std::string path, bool companyScoped = true) {
        auto job = std::make_shared<HttpJob>();
        job->method = std::move(method);
        job->path = std::move(path);
        job->companyScoped = companyScoped;
        auto fut = job->result.get_future();
        queue_.push(job);
        return fut;
    }

    bool tokenStillValid() {
        HTTPSClientSession s("api-monthly.procore.com", 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, "/oauth/token/info", HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        s.sendRequest(req);
        HTTPResponse resp;
        s.receiveResponse(resp);
        return resp.getStatus() == HTTPResponse::HTTP_OK;
    }

    std::string fetchReplies(Poco::Int64 projectId, Poco::Int64 rfiId) {
        HTTPSClientSession s(kApiHost, 443);
        std::ostringstream path;
        path << "/rest/v1.0/projects/" << projectId << "/rfis/" << rfiId << "/replies";
        HTTPRequest req(HTTPRequest::HTTP_GET, path.str(), HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("X-Procore-Company-Id", std::to_string(companyId_));
        s.sendRequest(req);
        HTTPResponse resp;
        std::string out;
        Poco::StreamCopier::copyToString(s.receiveResponse(resp), out);
        return out;
    }

private:
    void run() {
        HTTPSClientSession session(kApiHost, 443);
        session.setKeepAlive(true);
        while (auto job = queue_.pop()) {
            try {
                HTTPRequest req(job->method, job->path, HTTPRequest::HTTP_1_1);
                req.set("Authorization", "Bearer " + token_);
                req.set("Accept", "application/json");
                if (job->companyScoped)
                    req.set("Procore-Company-Id", std::to_string(companyId_));
                req.setContentLength(job->body.size());
                session.sendRequest(req) << job->body;
                HTTPResponse resp;
                std::string out;
                Poco::StreamCopier::copyToString(session.receiveResponse(resp), out);
                if (resp.getStatus() == HTTPResponse::HTTP_TOO_MANY_REQUESTS && ++job->attempts < 4) {
                    std::this_thread::sleep_for(std::chrono::seconds(2 * job->attempts));
                    queue_.push(job);
                    continue;
                }
                job->result.set_value(out);
            } catch (...) {
                job->result.set_exception(std::current_exception());
            }
        }
    }

    std::string token_;
    Poco::Int64 companyId_;
    JobQueue queue_;
    std::vector<std::thread> pool_;
};

Poco::JSON::Array::Ptr parseArray(const std::string& body) {
    Poco::JSON::Parser p;
    return p.parse(body).extract<Poco::JSON::Array::Ptr>();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: rfi_export COMPANY_ID OUT.csv\n";
        return 2;
    }
    const char* token = std::getenv("PROCORE_TOKEN");
    if (!token) {
        std::cerr << "PROCORE_TOKEN not set (see https://developers.procore.com/documentation/oauth-introduction)\n";
        return 2;
    }
    const Poco::Int64 companyId = std::stoll(argv[1]);
    RfiExporter exporter(token, companyId, std::thread::hardware_concurrency());

    if (!exporter.tokenStillValid()) {
        std::cerr << "token expired, log in again at https://" << kLoginHost << "/oauth/authorize\n";
        return 1;
    }

    auto me = Poco::JSON::Parser().parse(exporter.submit("GET", "/rest/v1.0/me", false).get())
                  .extract<Poco::JSON::Object::Ptr>();
    std::cerr << "exporting as " << me->getValue<std::string>("login") << "\n";

    auto projects = parseArray(
        exporter.submit("GET", "/rest/v1.0/projects?company_id=" + std::to_string(companyId)).get());

    // fan-out: one RFI listing per project, all in flight at once
    std::vector<std::pair<Poco::Int64, std::future<std::string>>> listings;
    for (size_t i = 0; i < projects->size(); ++i) {
        Poco::Int64 pid = projects->getObject(i)->getValue<Poco::Int64>("id");
        listings.emplace_back(pid, exporter.submit("GET", "/rest/v1.0/projects/" + std::to_string(pid) +
                                                              "/rfis?filters[status]=open&per_page=100"));
    }

    std::vector<RfiRow> rows;
    for (auto& [pid, fut] : listings) {
        auto rfis = parseArray(fut.get());
        for (size_t i = 0; i < rfis->size(); ++i) {
            auto o = rfis->getObject(i);
            RfiRow r{};
            r.projectId = pid;
            r.rfiId = o->getValue<Poco::Int64>("id");
            r.number = o->optValue<std::string>("number", "");
            r.subject = o->optValue<std::string>("subject", "");
            if (auto who = o->getObject("assignee"))
                r.assigneeId = who->getValue<int>("id");
            r.daysOpen = o->optValue<int>("days_open", 0);
            rows.push_back(r);
        }
    }

    std::ofstream csv(argv[2]);
    csv << "project_id,rfi_id,number,subject,assignee_id,days_open,replies,link\n";
    for (const auto& r : rows) {
        auto replies = parseArray(exporter.fetchReplies(r.projectId, r.rfiId));
        csv << r.projectId << ',' << r.rfiId << ',' << r.number << ",\"" << r.subject << "\","
            << r.assigneeId << ',' << r.daysOpen << ',' << replies->size() << ','
            << "https://app.procore.com/" << r.projectId << "/project/rfi/show/" << r.rfiId << '\n';
    }
    std::cerr << rows.size() << " RFIs written\n";
    return 0;
}
