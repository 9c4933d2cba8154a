// timesheet_exporter.cpp
//
// Nightly export of Procore timecard entries to the payroll bridge.
// This build targets the monthly sandbox while payroll signs off the mapping.
//
//   timesheet-exporter --project=12345 --project=67890 --config=exporter.properties

#include <Poco/Util/Application.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/Timer.h>
#include <Poco/Util/TimerTaskAdapter.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/OAuth20Credentials.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Array.h>
#include <Poco/Event.h>
#include <Poco/Format.h>
#include <Poco/URI.h>
#include <Poco/NumberParser.h>
#include <Poco/NumberFormatter.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>

#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPMessage;

namespace {

const char* const kLegacyTimesheets = "https://app.procore.com/vapid/projects/%Ld/timesheets?date=%s";

struct TimeEntry {
    Poco::Int64 id = 0;
    unsigned userId = 0;
    Poco::UInt64 costCodeId = 0;
    double hours = 0.0;
    std::string date;
};

// Applies the pieces every Procore REST request needs.
class ProcoreRequestPolicy {
public:
    ProcoreRequestPolicy(std::string token, Poco::Int64 companyId)
        : token_(std::move(token)), company_(Poco::NumberFormatter::format(companyId)) {}

    void operator()(HTTPRequest& req) const {
        Poco::Net::OAuth20Credentials(token_).authenticate(req);
        req.set("Procore-Company-Id", company_);
        req.set("Accept", "application/json");
    }

private:
    std::string token_;
    std::string company_;
};

Poco::Dynamic::Var readJson(Poco::Net::HTTPClientSession& session, HTTPResponse& resp) {
    std::istream& rs = session.receiveResponse(resp);
    Poco::JSON::Parser parser;
    return parser.parse(rs);
}

} // namespace

class TimesheetExporter : public Poco::Util::Application {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        Application::defineOptions(options);
        options.addOption(Poco::Util::Option("project", "p", "Procore project id to export")
                              .required(true).repeatable(true).argument("id")
                              .callback(Poco::Util::OptionCallback<TimesheetExporter>(this, &TimesheetExporter::onProject)));
        options.addOption(Poco::Util::Option("config", "c", "properties file")
                              .argument("file")
                              .callback(Poco::Util::OptionCallback<TimesheetExporter>(this, &TimesheetExporter::onConfig)));
    }

    void onProject(const std::string&, const std::string& value) {
        projects_.push_back(Poco::NumberParser::parseUnsigned(value));
    }

    void onConfig(const std::string&, const std::string& value) { loadConfiguration(value); }

    int main(const ArgVec&) override {
        apiBase_ = Poco::URI(config().getString("procore.base_url", "https://api-monthly.procore.com"));
        loginBase_ = Poco::URI(config().getString("procore.login_url", "https://login-sandbox-monthly.procore.com"));
        companyId_ = config().getInt64("procore.company_id");
        refreshAccessToken();

        Poco::Util::Timer timer;
        timer.scheduleAtFixedRate(new Poco::Util::TimerTaskAdapter<TimesheetExporter>(*this, &TimesheetExporter::onTick),
                                  0, config().getInt("export.interval_ms", 24 * 3600 * 1000));
        done_.wait();
        timer.cancel(true);
        return EXIT_OK;
    }

private:
    void refreshAccessToken() {
        Poco::Net::HTTPSClientSession session(loginBase_.getHost(), loginBase_.getPort());
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", config().getString("procore.refresh_token"));
        form.add("client_id", config().getString("procore.client_id"));
        form.add("client_secret", config().getString("procore.client_secret"));
        form.prepareSubmit(req);
        form.write(session.sendRequest(req));
        HTTPResponse resp;
        auto obj = readJson(session, resp).extract<Poco::JSON::Object::Ptr>();
        token_ = obj->getValue<std::string>("access_token");

        HTTPRequest info(HTTPRequest::HTTP_GET, "/oauth/token/info", HTTPMessage::HTTP_1_1);
        info.setCredentials("Bearer", token_);
        session.sendRequest(info);
        auto tokenInfo = readJson(session, resp).extract<Poco::JSON::Object::Ptr>();
        logger().information("token valid for %d more seconds", tokenInfo->optValue<int>("expires_in_seconds", 0));
    }

    void onTick(Poco::Util::TimerTask&) {
        std::string day = Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%d");
        ProcoreRequestPolicy policy(token_, companyId_);
        Poco::Net::HTTPSClientSession api(apiBase_.getHost(), apiBase_.getPort());

        HTTPRequest companies(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", HTTPMessage::HTTP_1_1);
        companies.setCredentials("Bearer", token_);
        api.sendRequest(companies);
        HTTPResponse resp;
        auto list = readJson(api, resp).extract<Poco::JSON::Array::Ptr>();
        logger().information("token sees %z companies", list->size());

        HTTPRequest staff(HTTPRequest::HTTP_GET,
                          Poco::format("/rest/v1.0/companies/%Ld/users?filters[employee]=true&per_page=500", companyId_),
                          HTTPMessage::HTTP_1_1);
        staff.setCredentials("Bearer", token_);
        api.sendRequest(staff);
        HTTPResponse staffResp;
        auto employees = readJson(api, staffResp).extract<Poco::JSON::Array::Ptr>();
        int employeeCount = static_cast<int>(employees->size());

        for (auto projectId : projects_) {
            std::vector<TimeEntry> entries;
            HTTPRequest req(HTTPRequest::HTTP_GET,
                            Poco::format("/rest/v1.0/projects/%u/timecard_entries?filters[date]=%s", projectId, day),
                            HTTPMessage::HTTP_1_1);
            policy(req);
            api.sendRequest(req);
            auto arr = readJson(api, resp).extract<Poco::JSON::Array::Ptr>();
            for (std::size_t i = 0; i < arr->size(); ++i) {
                auto o = arr->getObject(static_cast<unsigned>(i));
                TimeEntry e;
                e.id = o->getValue<Poco::Int64>("id");
                e.hours = o->optValue<double>("hours", 0.0);
                e.date = day;
                if (auto party = o->getObject("party"))
                    e.userId = party->getValue<Poco::Int64>("id");
                if (auto cc = o->getObject("cost_code"))
                    e.costCodeId = cc->getValue<Poco::UInt64>("id");
                entries.push_back(e);
            }

            // Crews still on the old timesheet tool only show up in the legacy endpoint.
            Poco::URI legacy(Poco::format(kLegacyTimesheets, static_cast<Poco::Int64>(projectId), day));
            Poco::Net::HTTPSClientSession legacySession(legacy.getHost(), legacy.getPort());
            HTTPRequest legacyReq(HTTPRequest::HTTP_GET, legacy.getPathAndQuery(), HTTPMessage::HTTP_1_1);
            policy(legacyReq);
            legacySession.sendRequest(legacyReq);
            HTTPResponse legacyResp;
            auto legacyJson = readJson(legacySession, legacyResp);
            if (legacyResp.getStatus() == HTTPResponse::HTTP_OK)
                logger().information("legacy timesheets: %s", legacyJson.toString().substr(0, 200));

            if (static_cast<int>(entries.size()) > employeeCount)
                logger().warning("project %Ld: more entries than employees, check crew mapping",
                                 static_cast<Poco::Int64>(projectId));
            sendToPayroll(projectId, entries);
        }
    }

    void sendToPayroll(Poco::Int64 projectId, const std::vector<TimeEntry>& entries) {
        std::ostringstream csv;
        csv << "entry_id,project_id,user_id,cost_code_id,hours,date\n";
        for (const auto& e : entries)
            csv << e.id << ',' << projectId << ',' << e.userId << ',' << e.costCodeId << ','
                << e.hours << ',' << e.date << '\n';
        std::string body = csv.str();
        Poco::Net::HTTPClientSession payroll(config().getString("payroll.host", "payroll-bridge.internal"),
                                             static_cast<Poco::UInt16>(config().getInt("payroll.port", 9090)));
        HTTPRequest req(HTTPRequest::HTTP_POST, "/import/procore-timecards", HTTPMessage::HTTP_1_1);
        req.setContentType("text/csv");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        payroll.sendRequest(req) << body;
        HTTPResponse resp;
        payroll.receiveResponse(resp);
        logger().information("payroll import for project %Ld: HTTP %d", projectId, static_cast<int>(resp.getStatus()));
    }

    std::vector<unsigned> projects_;
    Poco::URI apiBase_, loginBase_;
    Poco::Int64 companyId_ = 0;
    std::string token_;
    Poco::Event done_;
};

POCO_APP_MAIN(TimesheetExporter)
