// daily_log_service: service-account daemon that mirrors manpower logs into
// SQLite for the payroll export and pushes crew counts entered on site back
// to Procore. Authenticates with a Developer Managed Service Account
// (client_credentials); environment and company come from the settings table.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <sqlite3.h>

#include <chrono>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

struct Environment {
    std::string loginHost;
    std::string apiHost;
};

static const std::map<std::string, Environment> kEnvironments = {
    {"production", {"login.procore.com", "api.procore.com"}},
    {"sandbox", {"login-sandbox.procore.com", "sandbox.procore.com"}},
    {"monthly", {"login-sandbox-monthly.procore.com", "sandbox-monthly.procore.com"}},
};

class DailyLogService {
public:
    explicit DailyLogService(const std::string& dbPath) {
        sqlite3_open(dbPath.c_str(), &db_);
        sqlite3_exec(db_,
                     "CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value);"
                     "CREATE TABLE IF NOT EXISTS manpower_logs(id INTEGER PRIMARY KEY, local_key TEXT UNIQUE,"
                     " project_id INTEGER, date TEXT, num_workers INTEGER, num_hours REAL,"
                     " dirty INTEGER DEFAULT 0, attempts INTEGER DEFAULT 0);"
                     "CREATE TABLE IF NOT EXISTS watermarks(project_id INTEGER PRIMARY KEY, last_date TEXT);",
                     nullptr, nullptr, nullptr);
        env_ = kEnvironments.at(setting("environment", "sandbox"));
        companyId_ = std::stoll(setting("company_id", "0"));
    }
    ~DailyLogService() { sqlite3_close(db_); }

    void authenticate() {
        HTTPSClientSession session(env_.loginHost, 443);
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.set("grant_type", "client_credentials");
        form.set("client_id", setting("client_id", ""));
        form.set("client_secret", setting("client_secret", ""));
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));
        HTTPResponse resp;
        auto obj = parse(session.receiveResponse(resp)).extract<Poco::JSON::Object::Ptr>();
        token_ = obj->getValue<std::string>("access_token");
    }

    void verifyCompanyAccess() {
        HTTPSClientSession session(env_.apiHost, 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        session.sendRequest(req);
        HTTPResponse resp;
        auto companies = parse(session.receiveResponse(resp)).extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < companies->size(); ++i) {
            int id = companies->getObject(static_cast<unsigned>(i))->getValue<int>("id");
            if (id == companyId_) return;
        }
        throw std::runtime_error("service account is not installed in the configured company");
    }

    void logServiceUser() {
        HTTPSClientSession session(env_.apiHost, 443);
        HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/me", HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Procore-Company-Id", std::to_string(companyId_));
        session.sendRequest(req);
        HTTPResponse resp;
        auto me = parse(session.receiveResponse(resp)).extract<Poco::JSON::Object::Ptr>();
        std::cout << "running as " << me->getValue<std::string>("login") << " (user "
                  << me->getValue<Poco::Int64>("id") << ")\n";
    }

    int pullProject(Poco::Int64 projectId, const std::string& since) {
        HTTPSClientSession session(env_.apiHost, 443);
        std::string path = "/rest/v1.0/projects/" + std::to_string(projectId) +
                           "/manpower_logs?filters[start_date]=" + since;
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Procore-Company-Id", std::to_string(companyId_));
        session.sendRequest(req);
        HTTPResponse resp;
        auto logs = parse(session.receiveResponse(resp)).extract<Poco::JSON::Array::Ptr>();

        sqlite3_stmt* up = nullptr;
        sqlite3_prepare_v2(db_,
            "INSERT INTO manpower_logs(id, project_id, date, num_workers, num_hours) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT(id) DO UPDATE SET num_workers = excluded.num_workers, num_hours = excluded.num_hours "
            "WHERE manpower_logs.dirty = 0", -1, &up, nullptr);
        int rows = 0;
        for (std::size_t i = 0; i < logs->size(); ++i) {
            auto log = logs->getObject(static_cast<unsigned>(i));
            sqlite3_bind_int64(up, 1, log->getValue<Poco::Int64>("id"));
            sqlite3_bind_int64(up, 2, projectId);
            sqlite3_bind_text(up, 3, log->getValue<std::string>("date").c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(up, 4, log->getValue<int>("num_workers"));
            sqlite3_bind_double(up, 5, log->getValue<double>("num_hours"));
            sqlite3_step(up);
            sqlite3_reset(up);
            ++rows;
        }
        sqlite3_finalize(up);
        return rows;
    }

    void pushDirty() {
        sqlite3_stmt* q = nullptr;
        sqlite3_stmt* mark = nullptr;
        sqlite3_prepare_v2(db_, "SELECT local_key, project_id, date, num_workers, num_hours, attempts "
                                "FROM manpower_logs WHERE dirty = 1 AND id IS NULL AND attempts < 5",
                           -1, &q, nullptr);
        sqlite3_prepare_v2(db_, "UPDATE manpower_logs SET dirty = 0, id = ?2 WHERE local_key = ?1", -1, &mark,
                           nullptr);
        while (sqlite3_step(q) == SQLITE_ROW) {
            std::string localKey = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
            Poco::Int64 projectId = sqlite3_column_int64(q, 1);
            Poco::JSON::Object log, body;
            log.set("date", std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 2))));
            log.set("num_workers", sqlite3_column_int(q, 3));
            log.set("num_hours", sqlite3_column_double(q, 4));
            body.set("manpower_log", log);
            std::ostringstream json;
            body.stringify(json);

            HTTPSClientSession session(env_.apiHost, 443);
            HTTPRequest req(HTTPRequest::HTTP_POST,
                            "/rest/v1.0/projects/" + std::to_string(projectId) + "/manpower_logs",
                            HTTPRequest::HTTP_1_1);
            req.set("Authorization", "Bearer " + token_);
            req.set("Procore-Company-Id", std::to_string(companyId_));
            req.setContentType("application/json");
            req.setContentLength(static_cast<std::streamsize>(json.str().size()));
            session.sendRequest(req) << json.str();
            HTTPResponse resp;
            std::istream& rs = session.receiveResponse(resp);
            if (resp.getStatus() == HTTPResponse::HTTP_CREATED) {
                auto created = parse(rs).extract<Poco::JSON::Object::Ptr>();
                sqlite3_bind_text(mark, 1, localKey.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(mark, 2, created->getValue<int>("id"));
                sqlite3_step(mark);
                sqlite3_reset(mark);
            } else {
                int attempts = sqlite3_column_int(q, 5) + 1;
                std::cerr << "push " << localKey << " failed: HTTP " << resp.getStatus() << " (attempt "
                          << attempts << ")\n";
                sqlite3_exec(db_, ("UPDATE manpower_logs SET attempts = attempts + 1 WHERE local_key = '" +
                                   localKey + "'").c_str(), nullptr, nullptr, nullptr);
            }
        }
        sqlite3_finalize(q);
        sqlite3_finalize(mark);
    }

    void runOnce() {
        pushDirty();
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_, "SELECT project_id, COALESCE(last_date, '2024-01-01') FROM watermarks", -1, &st,
                           nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            Poco::Int64 projectId = sqlite3_column_int64(st, 0);
            int n = pullProject(projectId, reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
            std::cout << "project " << projectId << ": " << n << " manpower rows\n";
        }
        sqlite3_finalize(st);
    }

private:
    std::string setting(const std::string& key, const std::string& fallback) {
        sqlite3_stmt* st = nullptr;
        std::string out = fallback;
        sqlite3_prepare_v2(db_, "SELECT value FROM settings WHERE key = ?1", -1, &st, nullptr);
        sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        return out;
    }

    static Poco::Dynamic::Var parse(std::istream& in) {
        Poco::JSON::Parser parser;
        return parser.parse(in);
    }

    sqlite3* db_ = nullptr;
    Environment env_;
    Poco::Int64 companyId_ = 0;
    std::string token_;
};

int main(int argc, char** argv) {
    DailyLogService svc(argc > 1 ? argv[1] : "/var/lib/daily-log/daily_log.db");
    svc.authenticate();
    svc.verifyCompanyAccess();
    svc.logServiceUser();
    for (;;) {
        svc.runOnce();
        std::this_thread::sleep_for(std::chrono::minutes(15));
    }
}
