// pq_vendor_dmsa_sync.cpp
// ERP -> Procore vendor directory sync, running as a Developer Managed Service
// Account against the monthly sandbox. The ERP export thread produces VendorJob
// structs; two worker threads pop them, attach the service token and send with
// Poco::Net. Token fetches go through the same queue at top priority.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <queue>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace {

const std::string kLoginHost = "login-sandbox-monthly.procore.com";
const std::string kApiHost = "api-monthly.procore.com";
const Poco::UInt16 kHttpsPort = 443;

enum class JobKind { FetchToken, CheckCompanies, WhoAmI, ListVendors, CreateVendor, UpdateVendor };

struct VendorJob {
    JobKind kind;
    int priority = 5;  // 0 = token fetch, served before anything else
    std::string host = kApiHost;
    std::string method = HTTPRequest::HTTP_GET;
    std::string path;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    Poco::Int64 companyId = 0;
    Poco::Int64 vendorId = 0;
    std::string erpCode;
    int attempt = 0;
};

struct ByPriority {
    bool operator()(const VendorJob& a, const VendorJob& b) const { return a.priority > b.priority; }
};

std::priority_queue<VendorJob, std::vector<VendorJob>, ByPriority> jobs;
std::mutex jobsMutex;
std::condition_variable jobsReady;
bool shuttingDown = false;

std::mutex tokenMutex;
std::string serviceToken;
bool tokenRequested = false;

std::mutex vendorMapMutex;
std::map<std::string, int> vendorIdByErpCode;

void submit(VendorJob job) {
    {
        std::lock_guard<std::mutex> lock(jobsMutex);
        jobs.push(std::move(job));
    }
    jobsReady.notify_one();
}

void submitTokenFetch() {
    std::lock_guard<std::mutex> lock(tokenMutex);
    if (tokenRequested) return;
    tokenRequested = true;
    VendorJob job{JobKind::FetchToken};
    job.priority = 0;
    job.host = kLoginHost;
    job.method = HTTPRequest::HTTP_POST;
    job.path = "/oauth/token";
    job.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    job.body = std::string("grant_type=client_credentials&client_id=") + std::getenv("DMSA_CLIENT_ID") +
               "&client_secret=" + std::getenv("DMSA_CLIENT_SECRET");
    submit(std::move(job));
}

VendorJob apiJob(JobKind kind, Poco::Int64 companyId, const std::string& method, const std::string& path) {
    VendorJob job{kind};
    job.method = method;
    job.path = path;
    job.companyId = companyId;
    job.headers.emplace_back("Procore-Company-Id", std::to_string(companyId));
    return job;
}

std::string vendorBody(const std::string& erpCode, const std::string& name, Poco::Int64 companyId) {
    Poco::JSON::Object vendor, root;
    vendor.set("name", name);
    vendor.set("abbreviated_name", erpCode);
    vendor.set("is_active", true);
    root.set("company_id", companyId);
    root.set("vendor", vendor);
    std::ostringstream out;
    root.stringify(out);
    return out.str();
}

// Producer: one line per ERP supplier, "code;name;procore_vendor_id;status" (id empty when new).
void produceFromErpExport(const std::string& file, Poco::Int64 companyId) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string code, name, id, status;
        std::getline(fields, code, ';');
        std::getline(fields, name, ';');
        std::getline(fields, id, ';');
        std::getline(fields, status, ';');
        if (code.empty()) continue;
        if (status == "blocked" && !id.empty()) {
            VendorJob job{JobKind::UpdateVendor};
            job.method = HTTPRequest::HTTP_PATCH;
            job.path = "/rest/v1.0/vendors/" + id + "?company_id=" + std::to_string(companyId);
            job.vendorId = std::stoll(id);
            job.erpCode = code;
            job.body = R"({"vendor":{"is_active":false}})";
            submit(std::move(job));
        } else if (id.empty()) {
            VendorJob job = apiJob(JobKind::CreateVendor, companyId, HTTPRequest::HTTP_POST, "/rest/v1.0/vendors");
            job.erpCode = code;
            job.body = vendorBody(code, name, companyId);
            submit(std::move(job));
        } else {
            VendorJob job = apiJob(JobKind::UpdateVendor, companyId, HTTPRequest::HTTP_PATCH,
                                   "/rest/v1.0/vendors/" + id + "?company_id=" + std::to_string(companyId));
            job.vendorId = std::stoll(id);
            job.erpCode = code;
            job.body = vendorBody(code, name, companyId);
            submit(std::move(job));
        }
    }
}

void handleResult(const VendorJob& job, const std::string& body) {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var parsed = parser.parse(body);
    switch (job.kind) {
    case JobKind::FetchToken: {
        std::lock_guard<std::mutex> lock(tokenMutex);
        serviceToken = parsed.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("access_token");
        tokenRequested = false;
        break;
    }
    case JobKind::CheckCompanies: {
        auto companies = parsed.extract<Poco::JSON::Array::Ptr>();
        std::cerr << "service account sees " << companies->size() << " companies\n";
        break;
    }
    case JobKind::WhoAmI:
        std::cerr << "acting as " << parsed.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("name") << "\n";
        break;
    case JobKind::ListVendors: {
        auto vendors = parsed.extract<Poco::JSON::Array::Ptr>();
        std::lock_guard<std::mutex> lock(vendorMapMutex);
        for (std::size_t i = 0; i < vendors->size(); ++i) {
            auto v = vendors->getObject(static_cast<unsigned>(i));
            if (v->has("abbreviated_name") && !v->isNull("abbreviated_name"))
                vendorIdByErpCode[v->getValue<std::string>("abbreviated_name")] = v->getValue<Poco::Int64>("id");
        }
        break;
    }
    case JobKind::CreateVendor:
    case JobKind::UpdateVendor: {
        auto v = parsed.extract<Poco::JSON::Object::Ptr>();
        std::lock_guard<std::mutex> lock(vendorMapMutex);
        vendorIdByErpCode[job.erpCode] = v->getValue<Poco::Int64>("id");
        break;
    }
    }
}

void workerLoop() {
    for (;;) {
        VendorJob job{JobKind::WhoAmI};
        {
            std::unique_lock<std::mutex> lock(jobsMutex);
            jobsReady.wait(lock, [] { return shuttingDown || !jobs.empty(); });
            if (jobs.empty()) return;
            job = jobs.top();
            jobs.pop();
        }
        try {
            Poco::Net::HTTPSClientSession session(job.host, kHttpsPort);
            HTTPRequest req(job.method, job.path, HTTPRequest::HTTP_1_1);
            for (const auto& h : job.headers) req.set(h.first, h.second);
            if (job.kind != JobKind::FetchToken) {
                std::lock_guard<std::mutex> lock(tokenMutex);
                req.set("Authorization", "Bearer " + serviceToken);
            }
            if (!job.body.empty() && job.kind != JobKind::FetchToken) req.setContentType("application/json");
            req.setContentLength(static_cast<std::streamsize>(job.body.size()));
            session.sendRequest(req) << job.body;
            HTTPResponse resp;
            std::istream& rs = session.receiveResponse(resp);
            std::string body;
            Poco::StreamCopier::copyToString(rs, body);
            const int status = resp.getStatus();
            if (status == HTTPResponse::HTTP_UNAUTHORIZED && job.kind != JobKind::FetchToken) {
                submitTokenFetch();
                submit(job);
            } else if ((status == 429 || status >= 500) && ++job.attempt < 4) {
                std::this_thread::sleep_for(std::chrono::seconds(5 * job.attempt));
                submit(job);
            } else if (status >= 200 && status < 300) {
                handleResult(job, body);
            } else {
                std::cerr << job.method << " " << job.path << ": " << status << " " << body << "\n";
            }
        } catch (const Poco::Exception& e) {
            std::cerr << "transport error on " << job.path << ": " << e.displayText() << "\n";
            if (++job.attempt < 4) submit(job);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Poco::Int64 companyId = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    submitTokenFetch();

    VendorJob companies{JobKind::CheckCompanies};
    companies.path = "/rest/v1.0/companies";
    submit(std::move(companies));
    submit(apiJob(JobKind::WhoAmI, companyId, HTTPRequest::HTTP_GET, "/rest/v1.0/me"));
    submit(apiJob(JobKind::ListVendors, companyId, HTTPRequest::HTTP_GET,
                  "/rest/v1.0/vendors?company_id=" + std::to_string(companyId)));

    std::vector<std::thread> workers;
    for (int i = 0; i < 2; ++i) workers.emplace_back(workerLoop);
    produceFromErpExport(argc > 1 ? argv[1] : "/var/spool/erp/suppliers.csv", companyId);

    std::this_thread::sleep_for(std::chrono::minutes(5));
    {
        std::lock_guard<std::mutex> lock(jobsMutex);
        shuttingDown = true;
    }
    jobsReady.notify_all();
    for (auto& t : workers) t.join();
    std::cerr << "done; setup notes: https://developers.procore.com/documentation/developer-managed-service-accounts\n";
    return 0;
}
