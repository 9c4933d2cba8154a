// timesheet_sync.cpp - pulls Procore timesheets / timecard entries into the
// payroll staging DB. Policy-based client so the same code runs against
// production and the developer sandbox.
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/StreamCopier.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace payroll {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

// ---------------------------------------------------------------- endpoints
struct TimesheetsEndpoint {
    static constexpr const char* path = "/rest/v1.0/projects/{project}/timesheets";
    using id_type = std::int64_t;
    static constexpr bool paginated = true;
};

struct TimecardEntriesEndpoint {
    static constexpr const char* path = "/rest/v1.0/projects/{project}/timecard_entries";
    using id_type = int;
    static constexpr bool paginated = true;
};

struct MeEndpoint {
    static constexpr const char* path = "/rest/v1.0/me";
    using id_type = std::int64_t;
    static constexpr bool paginated = false;
};

// ---------------------------------------------------------------- policies
struct BearerAuth {
    std::string access_token;
    void apply(HTTPRequest& req) const {
        req.set("Authorization", "Bearer " + access_token);
    }
};

struct CompanyScope {
    static constexpr bool enabled = true;
    std::int64_t company_id = 0;
    void apply(HTTPRequest& req) const {
        req.set("Procore-Company-Id", std::to_string(company_id));
    }
};

struct NoCompanyScope {
    static constexpr bool enabled = false;
    void apply(HTTPRequest&) const {}
};

// ---------------------------------------------------------------- CRTP base
template <typename Derived, typename Auth, typename Scope>
class ClientBase : protected Auth, protected Scope {
public:
    std::string get(const std::string& path, const std::string& query = {}) {
        HTTPSClientSession session(self().apiHost(), 443);
        std::string uri = path;
        if (!query.empty()) uri += "?" + query;
        HTTPRequest req(HTTPRequest::HTTP_GET, uri, HTTPRequest::HTTP_1_1);
        Auth::apply(req);
        if constexpr (Scope::enabled) {
            Scope::apply(req);
        }
        self().decorate(req);
        session.sendRequest(req);
        HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        std::ostringstream body;
        Poco::StreamCopier::copyStream(in, body);
        lastStatus_ = static_cast<int>(resp.getStatus());
        return body.str();
    }

    template <typename Endpoint>
    std::string list(std::int64_t projectId, int page) {
        std::string p = Endpoint::path;
        auto pos = p.find("{project}");
        if (pos != std::string::npos) p.replace(pos, 9, std::to_string(projectId));
        if constexpr (Endpoint::paginated) {
            return get(p, "page=" + std::to_string(page) + "&per_page=100");
        } else {
            return get(p);
        }
    }

    int lastStatus() const { return lastStatus_; }

    void setToken(const std::string& t) { Auth::access_token = t; }

protected:
    Derived& self() { return static_cast<Derived&>(*this); }
    int lastStatus_ = 0;
};

// ---------------------------------------------------------------- environments
class ProductionClient
    : public ClientBase<ProductionClient, BearerAuth, CompanyScope> {
public:
    explicit ProductionClient(std::int64_t companyId) { CompanyScope::company_id = companyId; }
    std::string apiHost() const { return "api.procore.com"; }
    std::string loginHost() const { return "login.procore.com"; }
    void decorate(HTTPRequest& req) const { req.add("User-Agent", "payroll-sync/2.3"); }
};

// Used for the "who am I" probe at start-up; no company yet.
class ProfileClient
    : public ClientBase<ProfileClient, BearerAuth, NoCompanyScope> {
public:
    std::string apiHost() const { return "api.procore.com"; }
    void decorate(HTTPRequest& req) const { req.add("User-Agent", "payroll-sync/2.3"); }
};

class SandboxClient
    : public ClientBase<SandboxClient, BearerAuth, NoCompanyScope> {
public:
    std::string apiHost() const { return "sandbox.procore.com"; }
    std::string loginHost() const { return "sandbox.procore.com"; }
    void decorate(HTTPRequest& req) const { req.add("X-Env", "sandbox"); }
};

// ---------------------------------------------------------------- oauth
template <typename Env>
std::string refreshToken(const Env& env, const std::string& clientId,
                         const std::string& secret, const std::string& refresh) {
    HTTPSClientSession session(env.loginHost(), 443);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "refresh_token");
    form.set("client_id", clientId);
    form.set("client_secret", secret);
    form.set("refresh_token", refresh);
    form.prepareSubmit(req);
    form.write(session.sendRequest(req));
    HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    std::ostringstream out;
    Poco::StreamCopier::copyStream(in, out);
    rapidjson::Document doc;
    doc.Parse(out.str().c_str());
    if (doc.HasParseError() || !doc.HasMember("access_token")) return {};
    return doc["access_token"].GetString();
}

// ---------------------------------------------------------------- records
struct TimesheetRow {
    TimesheetsEndpoint::id_type id = 0;
    std::int64_t createdById = 0;
    std::string date;
    std::string status;
};

struct TimecardRow {
    TimecardEntriesEndpoint::id_type id = 0;
    int workerId = 0;
    double hours = 0.0;
    std::int64_t costCodeId = 0;
};

std::vector<TimesheetRow> parseTimesheets(const std::string& json) {
    std::vector<TimesheetRow> rows;
    rapidjson::Document doc;
    doc.Parse(json.c_str());
    if (!doc.IsArray()) return rows;
    for (auto& v : doc.GetArray()) {
        TimesheetRow r;
        r.id = v["id"].GetInt64();
        if (v.HasMember("created_by") && v["created_by"].IsObject())
            r.createdById = v["created_by"]["id"].GetInt64();
        r.date = v["date"].GetString();
        r.status = v.HasMember("status") ? v["status"].GetString() : "";
        rows.push_back(r);
    }
    return rows;
}

std::vector<TimecardRow> parseTimecards(const std::string& json) {
    std::vector<TimecardRow> rows;
    rapidjson::Document doc;
    doc.Parse(json.c_str());
    if (!doc.IsArray()) return rows;
    for (auto& v : doc.GetArray()) {
        TimecardRow r;
        r.id = v["id"].GetInt64();
        r.workerId = v["party"]["id"].GetInt();
        r.hours = v["hours"].GetDouble();
        if (v.HasMember("cost_code") && v["cost_code"].IsObject())
            r.costCodeId = v["cost_code"]["id"].GetInt64();
        rows.push_back(r);
    }
    return rows;
}

} // namespace payroll

int main(int argc, char** argv) {
    using namespace payroll;
    if (argc < 4) {
        std::cerr << "usage: timesheet_sync <company_id> <project_id> <token> [--sandbox]\n";
        return 2;
    }
    const std::int64_t companyId = std::stoll(argv[1]);
    const std::int64_t projectId = std::stoll(argv[2]);
    const std::string token = argv[3];
    const bool sandbox = argc > 4 && std::string(argv[4]) == "--sandbox";

    ProfileClient profile;
    profile.setToken(token);
    std::string me = profile.list<MeEndpoint>(0, 1);
    std::cout << "authenticated as: " << me.substr(0, 80) << "\n";

    if (sandbox) {
        SandboxClient sb;
        sb.setToken(refreshToken(sb, "payroll-sync", "env:SECRET", token));
        auto sheets = parseTimesheets(sb.list<TimesheetsEndpoint>(projectId, 1));
        std::cout << "sandbox timesheets: " << sheets.size() << "\n";
        return 0;
    }

    ProductionClient prod(companyId);
    prod.setToken(token);
    int total = 0;
    for (int page = 1; page < 50; ++page) {
        auto sheets = parseTimesheets(prod.list<TimesheetsEndpoint>(projectId, page));
        if (sheets.empty()) break;
        total += static_cast<int>(sheets.size());
    }
    auto cards = parseTimecards(prod.list<TimecardEntriesEndpoint>(projectId, 1));
    std::cout << "timesheets: " << total << ", timecard entries: " << cards.size()
              << " (status " << prod.lastStatus() << ")\n";
    std::cout << "review: https://app.procore.com/" << companyId
              << "/project/timesheets?project_id=" << projectId << "\n";
    return 0;
}
