// daily_log_poco_queue.cpp - pushes crew timesheets from the gate scanner into
// Procore manpower logs (developer sandbox while the pilot runs).
//
// The scanner export is turned into LogJob descriptors on a Poco
// NotificationQueue; a Poco::ThreadPool of LogWorker runnables drains it
// through sendJob(). Created log ids are cached per project for the report.
#include <Poco/AutoPtr.h>
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Mutex.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Notification.h>
#include <Poco/NotificationQueue.h>
#include <Poco/Runnable.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/Types.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

namespace {

const std::string kApiHost = "sandbox.procore.com";
const std::string kAuthHost = "sandbox.procore.com";
const Poco::UInt16 kHttpsPort = 443;
const int kWorkers = 3;

struct LogJob {
    std::string method = HTTPRequest::HTTP_POST;
    std::string path;
    std::vector<std::pair<std::string, std::string>> params;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string payload;
    Poco::Int64 projectId = 0;
    int attempts = 0;
};

struct CrewRow {
    Poco::Int64 projectId;
    unsigned vendorId;
    std::string date;
    int workers;
    double hours;
};

class JobNotification : public Poco::Notification {
public:
    explicit JobNotification(LogJob job) : job(std::move(job)) {}
    LogJob job;
};

Poco::NotificationQueue g_queue;
Poco::FastMutex g_tokenMutex, g_cacheMutex;
std::string g_token, g_refreshToken;
Poco::Int64 g_companyId = 0;
std::map<Poco::Int64, std::vector<Poco::Int64>> g_logsByProject;

std::string bearer() {
    Poco::FastMutex::ScopedLock lock(g_tokenMutex);
    return "Bearer " + g_token;
}

bool refreshToken() {
    HTTPSClientSession session(kAuthHost, kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "refresh_token");
    form.set("refresh_token", g_refreshToken);
    form.set("client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "");
    form.set("client_secret", std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "");
    form.prepareSubmit(req);
    form.write(session.sendRequest(req));
    HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    if (res.getStatus() != HTTPResponse::HTTP_OK) return false;
    auto obj = Poco::JSON::Parser().parse(in).extract<Poco::JSON::Object::Ptr>();
    Poco::FastMutex::ScopedLock lock(g_tokenMutex);
    g_token = obj->getValue<std::string>("access_token");
    g_refreshToken = obj->getValue<std::string>("refresh_token");
    return true;
}

int sendJob(const LogJob& job, std::string& body) {
    std::string uri = job.path;
    char sep = '?';
    for (const auto& p : job.params) {
        uri += sep + p.first + "=" + p.second;
        sep = '&';
    }
    HTTPSClientSession session(kApiHost, kHttpsPort);
    HTTPRequest req(job.method, uri, HTTPRequest::HTTP_1_1);
    for (const auto& h : job.headers) req.set(h.first, h.second);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(job.payload.size()));
    session.sendRequest(req) << job.payload;
    HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    std::ostringstream out;
    Poco::StreamCopier::copyStream(in, out);
    body = out.str();
    return static_cast<int>(res.getStatus());
}

class LogWorker : public Poco::Runnable {
public:
    void run() override {
        for (;;) {
            Poco::AutoPtr<Poco::Notification> n(g_queue.waitDequeueNotification(5000));
            auto* jn = dynamic_cast<JobNotification*>(n.get());
            if (!jn) break;
            LogJob job = jn->job;
            std::string body;
            const int status = sendJob(job, body);
            if (status == 201 || status == 200) {
                auto obj = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
                Poco::FastMutex::ScopedLock lock(g_cacheMutex);
                g_logsByProject[job.projectId].push_back(obj->getValue<int>("id"));
            } else if (status == 401 && job.attempts++ == 0 && refreshToken()) {
                for (auto& h : job.headers)
                    if (h.first == "Authorization") h.second = bearer();
                g_queue.enqueueNotification(new JobNotification(job));
            } else if (status >= 500 && ++job.attempts < 3) {
                g_queue.enqueueNotification(new JobNotification(job));
            } else {
                std::cerr << "manpower log rejected (" << status << "): " << body << "\n";
            }
        }
    }
};

LogJob makeManpowerJob(const CrewRow& row) {
    LogJob job;
    job.projectId = row.projectId;
    job.path = "/rest/v1.0/projects/" + std::to_string(row.projectId) + "/manpower_logs";
    job.headers = {{"Authorization", bearer()},
                   {"Procore-Company-Id", std::to_string(g_companyId)}};
    Poco::JSON::Object log, entry;
    entry.set("date", row.date);
    entry.set("num_workers", row.workers);
    entry.set("num_hours", row.hours);
    entry.set("vendor_id", row.vendorId);
    log.set("manpower_log", entry);
    std::ostringstream ss;
    log.stringify(ss);
    job.payload = ss.str();
    return job;
}

// Which projects can this user actually log to? Skip rows for the others.
std::vector<Poco::Int64> activeProjects() {
    HTTPSClientSession session(kApiHost, kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_GET,
                    "/rest/v1.0/projects?company_id=" + std::to_string(g_companyId),
                    HTTPRequest::HTTP_1_1);
    req.set("Authorization", bearer());
    session.sendRequest(req);
    HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    std::vector<Poco::Int64> ids;
    if (res.getStatus() != HTTPResponse::HTTP_OK) return ids;
    auto arr = Poco::JSON::Parser().parse(in).extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < arr->size(); ++i)
        ids.push_back(arr->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id"));
    return ids;
}

std::vector<CrewRow> readScannerExport(const std::string& file) {
    std::vector<CrewRow> rows;
    std::ifstream in(file);
    CrewRow r{};
    std::string projectId, vendorId;
    while (std::getline(in, projectId, ',') && std::getline(in, vendorId, ',') &&
           std::getline(in, r.date, ',') && (in >> r.workers).ignore() && (in >> r.hours).ignore()) {
        r.projectId = std::stoll(projectId);
        r.vendorId = std::stoul(vendorId);
        rows.push_back(r);
    }
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: daily_log_poco_queue <company_id> <scanner_export.csv>\n";
        return 2;
    }
    g_companyId = std::stoll(argv[1]);
    g_token = std::getenv("PROCORE_TOKEN") ? std::getenv("PROCORE_TOKEN") : "";
    g_refreshToken = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    if (g_token.empty() && !refreshToken()) return 1;

    const auto active = activeProjects();
    int queued = 0, skipped = 0;
    for (const auto& row : readScannerExport(argv[2])) {
        if (std::find(active.begin(), active.end(), row.projectId) == active.end()) {
            ++skipped;
            continue;
        }
        g_queue.enqueueNotification(new JobNotification(makeManpowerJob(row)));
        ++queued;
    }

    Poco::ThreadPool pool(kWorkers, kWorkers);
    std::vector<LogWorker> workers(kWorkers);
    for (auto& w : workers) pool.start(w);
    pool.joinAll();

    std::cout << queued << " queued, " << skipped << " skipped\n";
    for (const auto& [projectId, logs] : g_logsByProject)
        std::cout << "project " << projectId << ": " << logs.size()
                  << " manpower logs -> https://app.procore.com/" << projectId
                  << "/project/dailylog/list\n";
    return 0;
}
