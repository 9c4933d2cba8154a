// daily_log_archiver: pulls one day's manpower, notes and weather logs for a
// project and writes them into the records archive as a single JSON file.
// Runs from cron on the records server, one invocation per project.
//
//   pg_daily_log_archiver <company_id> <project_id> <YYYY-MM-DD> <archive_dir> [--monthly]

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPMessage;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

namespace {

struct Hosts {
    std::string login;
    std::string api;
};

Hosts hosts_for(bool monthly) {
    if (monthly) return {"login-sandbox-monthly.procore.com", "sandbox-monthly.procore.com"};
    return {"login.procore.com", "api.procore.com"};
}

Poco::Net::Context::Ptr tls_context() {
    return new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, "", "", "",
                                  Poco::Net::Context::VERIFY_RELAXED);
}

Json::Value parse_json(std::istream& in) {
    Json::CharReaderBuilder builder;
    Json::Value root;
    std::string errs;
    if (!Json::parseFromStream(builder, in, &root, &errs))
        throw std::runtime_error("bad JSON: " + errs);
    return root;
}

std::string refresh_access_token(const Hosts& h) {
    HTTPSClientSession login(h.login, 443, tls_context());
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!rt || !id || !secret) throw std::runtime_error("Procore credentials not set");
    std::string body = std::string("grant_type=refresh_token&refresh_token=") + rt +
                       "&client_id=" + id + "&client_secret=" + secret;
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
    req.setContentType("application/x-www-form-urlencoded");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    login.sendRequest(req) << body;
    HTTPResponse resp;
    std::istream& rs = login.receiveResponse(resp);
    Json::Value tok = parse_json(rs);
    if (resp.getStatus() != HTTPResponse::HTTP_OK) throw std::runtime_error("token refresh failed");
    return tok["access_token"].asString();
}

class ProcoreSession {
public:
    ProcoreSession(const Hosts& h, std::string token, int64_t company_id)
        : session_(h.api, 443, tls_context()), token_(std::move(token)), company_id_(company_id) {
        session_.setKeepAlive(true);
    }

    Json::Value get(const std::string& path) {
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Procore-Company-Id", std::to_string(company_id_));
        session_.sendRequest(req);
        return read(path);
    }

    // Project header info for the archive cover sheet.
    Json::Value project(int64_t project_id) {
        std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                           "?company_id=" + std::to_string(company_id_);
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("X-Procore-Company-Id", std::to_string(company_id_));
        session_.sendRequest(req);
        return read(path);
    }

private:
    Json::Value read(const std::string& path) {
        HTTPResponse resp;
        std::istream& rs = session_.receiveResponse(resp);
        if (resp.getStatus() != HTTPResponse::HTTP_OK) {
            std::string drain;
            Poco::StreamCopier::copyToString(rs, drain);
            throw std::runtime_error(path + " -> HTTP " + std::to_string(resp.getStatus()));
        }
        return parse_json(rs);
    }

    HTTPSClientSession session_;
    std::string token_;
    int64_t company_id_;
};

struct Cursor {
    int page = 1;
    int per_page = 100;
};

struct LogEntry {
    int64_t id = 0;
    int64_t created_by_id = 0;
    unsigned vendor_id = 0;
    std::string kind;
    Json::Value raw;
};

// Lazily loaded list: nothing is fetched until the first items()/size()/
// begin() call, then every page is read until an empty one comes back.
class Collection {
public:
    Collection(ProcoreSession& s, std::string kind, std::string path)
        : s_(s), kind_(std::move(kind)), path_(std::move(path)) {}

    const std::vector<LogEntry>& items() {
        if (!loaded_) load();
        return items_;
    }
    size_t size() { return items().size(); }
    std::vector<LogEntry>::const_iterator begin() { return items().begin(); }
    std::vector<LogEntry>::const_iterator end() { return items().end(); }

private:
    void load() {
        Cursor cur;
        for (;; ++cur.page) {
            Json::Value page = s_.get(path_ + "&page=" + std::to_string(cur.page) +
                                      "&per_page=" + std::to_string(cur.per_page));
            if (!page.isArray() || page.empty()) break;
            for (const auto& v : page) {
                LogEntry e;
                e.id = v["id"].asInt();
                if (v["created_by"].isObject()) e.created_by_id = v["created_by"]["id"].asInt64();
                if (v["vendor"].isObject()) e.vendor_id = v["vendor"]["id"].asUInt64();
                e.kind = kind_;
                e.raw = v;
                items_.push_back(std::move(e));
            }
            if (page.size() < static_cast<Json::ArrayIndex>(cur.per_page)) break;
        }
        loaded_ = true;
    }

    ProcoreSession& s_;
    std::string kind_;
    std::string path_;
    bool loaded_ = false;
    std::vector<LogEntry> items_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: " << argv[0]
                  << " <company_id> <project_id> <YYYY-MM-DD> <archive_dir> [--monthly]\n";
        return 2;
    }
    const int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    const int64_t project_id = std::strtoll(argv[2], nullptr, 10);
    const std::string date = argv[3];
    const std::string dir = argv[4];
    const Hosts hosts = hosts_for(argc > 5 && std::string(argv[5]) == "--monthly");

    try {
        ProcoreSession api(hosts, refresh_access_token(hosts), company_id);
        const std::string base = "/rest/v1.0/projects/" + std::to_string(project_id);
        const std::string filter = "?filters[start_date]=" + date + "&filters[end_date]=" + date;

        std::vector<Collection> logs;
        logs.emplace_back(api, "manpower", base + "/manpower_logs" + filter);
        logs.emplace_back(api, "notes", base + "/notes_logs" + filter);
        logs.emplace_back(api, "weather", base + "/weather_logs" + filter);

        Json::Value archive;
        Json::Value project = api.project(project_id);
        archive["project"]["id"] = Json::Int64(project_id);
        archive["project"]["name"] = project.get("name", "").asString();
        archive["project"]["web"] = "https://app.procore.com/" + std::to_string(project_id) +
                                    "/project/daily_log/list?date=" + date;
        archive["date"] = date;

        int total = 0;
        for (Collection& c : logs) {
            for (const LogEntry& e : c) {
                Json::Value item = e.raw;
                item["_kind"] = e.kind;
                item["_id"] = Json::Int64(e.id);
                archive["entries"].append(item);
                ++total;
            }
        }

        char name[256];
        std::snprintf(name, sizeof name, "%s/daily_%ld_%s.json", dir.c_str(), project_id,
                      date.c_str());
        std::ofstream out(name);
        Json::StreamWriterBuilder wb;
        wb["indentation"] = "  ";
        out << Json::writeString(wb, archive) << '\n';
        std::cout << "archived " << total << " log entries to " << name << "\n";
    } catch (const std::exception& e) {
        std::cerr << "daily_log_archiver: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
