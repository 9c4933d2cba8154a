// rfi_overdue_report.cpp
//
// Weekly report of overdue RFIs for a Procore project: writes a CSV for the
// project controls team and posts a short summary to the project's Slack
// channel. The access token is the one kept fresh by token_daemon.

#include <Poco/AutoPtr.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/SystemConfiguration.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

enum class Env { Production, Sandbox, Monthly };

const char* apiHost(Env e)
{
    switch (e) {
    case Env::Sandbox: return "sandbox.procore.com";
    case Env::Monthly: return "api-monthly.procore.com";
    case Env::Production:
    default:           return "api.procore.com";
    }
}

struct OverdueRfi {
    Poco::Int64 id = 0;
    std::string number;
    std::string subject;
    std::string dueDate;
    Poco::Int64 assigneeId = 0;
    int daysLate = 0;
};

std::string readToken(const std::string& path)
{
    Poco::FileInputStream in(path);
    Poco::JSON::Parser p;
    auto obj = p.parse(in).extract<Poco::JSON::Object::Ptr>();
    return obj->getValue<std::string>("access_token");
}

Poco::Net::HTTPRequest makeProcoreGet(const std::string& pathAndQuery, const std::string& token,
                                      Poco::Int64 companyId)
{
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, pathAndQuery,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + token);
    req.set("Procore-Company-Id", std::to_string(companyId));
    req.set("Accept", "application/json");
    return req;
}

std::vector<OverdueRfi> collectOverdue(Env env, const std::string& token, Poco::Int64 companyId,
                                       Poco::Int64 projectId)
{
    Poco::Net::HTTPSClientSession session(apiHost(env), 443);
    const Poco::DateTime now;
    std::vector<OverdueRfi> out;

    for (int page = 1; page < 50; ++page) {
        Poco::URI uri("/rest/v1.0/projects/" + std::to_string(projectId) + "/rfis");
        uri.addQueryParameter("filters[status]", "open");
        uri.addQueryParameter("page", std::to_string(page));
        uri.addQueryParameter("per_page", "100");

        Poco::Net::HTTPRequest req = makeProcoreGet(uri.getPathAndQuery(), token, companyId);
        session.sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::istream& is = session.receiveResponse(resp);
        std::string raw;
        Poco::StreamCopier::copyToString(is, raw);
        if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
            std::cerr << "rfis page " << page << ": HTTP " << static_cast<int>(resp.getStatus()) << "\n";
            break;
        }

        Poco::JSON::Parser parser;
        auto arr = parser.parse(raw).extract<Poco::JSON::Array::Ptr>();
        if (arr->size() == 0) break;
        for (unsigned int i = 0; i < arr->size(); ++i) {
            auto o = arr->getObject(i);
            if (o->isNull("due_date")) continue;
            int tz = 0;
            Poco::DateTime due = Poco::DateTimeParser::parse("%Y-%m-%d",
                                     o->getValue<std::string>("due_date"), tz);
            if (due >= now) continue;

            OverdueRfi r;
            r.id       = o->getValue<Poco::Int64>("id");
            r.number   = o->optValue<std::string>("number", "?");
            r.subject  = o->optValue<std::string>("subject", "");
            r.dueDate  = o->getValue<std::string>("due_date");
            auto assignee = o->getObject("assignee");
            r.assigneeId = assignee ? assignee->getValue<Poco::Int64>("id") : 0;
            r.daysLate = (now - due).days();
            out.push_back(r);
        }
    }
    return out;
}

void writeCsv(const std::string& path, Poco::Int64 projectId, const std::vector<OverdueRfi>& rfis)
{
    Poco::FileOutputStream csv(path);
    csv << "rfi_id,number,subject,due_date,days_late,assignee_id,link\n";
    for (const auto& r : rfis) {
        char line[128];
        std::snprintf(line, sizeof line, "%" PRId64 ",%s,", static_cast<int64_t>(r.id), r.number.c_str());
        csv << line << '"' << r.subject << "\"," << r.dueDate << ',' << r.daysLate << ','
            << r.assigneeId << ",https://app.procore.com/" << projectId
            << "/project/rfi/show/" << r.id << "\n";
    }
}

int postSlack(const std::string& webhookPath, const std::string& text)
{
    Poco::Net::HTTPSClientSession slack("hooks.slack.com", 443);
    Poco::JSON::Object msg;
    msg.set("text", text);
    std::ostringstream body;
    msg.stringify(body);

    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, webhookPath,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.str().size()));
    slack.sendRequest(req) << body.str();
    Poco::Net::HTTPResponse resp;
    slack.receiveResponse(resp).ignore(4096);
    return static_cast<int>(resp.getStatus());
}

} // namespace

int main(int argc, char** argv)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> defaults(new Poco::Util::MapConfiguration);
    defaults->setString("report.env", "production");
    defaults->setString("report.token_file", "/var/lib/procore/token.json");
    defaults->setString("report.csv", "overdue_rfis.csv");
    defaults->setString("report.slack_path", "");

    Poco::AutoPtr<Poco::Util::LayeredConfiguration> cfg(new Poco::Util::LayeredConfiguration);
    cfg->add(new Poco::Util::SystemConfiguration, 0);
    cfg->add(defaults, 10);

    if (argc < 3) {
        std::cerr << "usage: rfi_overdue_report <company_id> <project_id>\n"
                  << "see https://support.procore.com/products/online/user-guide/project-level/rfi\n";
        return 2;
    }
    const Poco::Int64 companyId = Poco::NumberParser::parse64(argv[1]);
    const Poco::Int64 projectId = Poco::NumberParser::parse64(argv[2]);

    const std::string envName = cfg->getString("report.env");
    const Env env = envName == "sandbox" ? Env::Sandbox
                  : envName == "monthly" ? Env::Monthly : Env::Production;

    auto rfis = collectOverdue(env, readToken(cfg->getString("report.token_file")), companyId, projectId);
    writeCsv(cfg->getString("report.csv"), projectId, rfis);

    int worst = 0;
    for (const auto& r : rfis) worst = std::max(worst, r.daysLate);
    std::printf("project %" PRId64 ": %zu overdue RFIs, oldest %d days late\n",
                static_cast<int64_t>(projectId), rfis.size(), worst);

    const std::string slackPath = cfg->getString("report.slack_path");
    if (!slackPath.empty() && !rfis.empty()) {
        std::ostringstream text;
        text << rfis.size() << " RFIs overdue (oldest " << worst << " days). "
             << "https://app.procore.com/" << projectId << "/project/rfi/list";
        int status = postSlack(slackPath, text.str());
        if (status != 200) std::cerr << "slack: HTTP " << status << "\n";
    }
    return 0;
}
