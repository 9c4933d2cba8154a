// vd_poco_timecard_daemon.cpp
// Timecard bridge: pulls Procore timecard entries every 15 minutes and pushes
// them to the payroll service. Authenticates as a Developer Managed Service
// Account (client_credentials). Pointed at the monthly sandbox until go-live.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace bridge {

constexpr const char* kLoginHost = "login-sandbox-monthly.procore.com";
constexpr const char* kApiHost = "api-monthly.procore.com";
constexpr int kHttpsPort = 443;

struct TimecardRow {
    std::int64_t entryId = 0;
    long partyId = 0;
    double hours = 0.0;
    std::string date;
};

struct State {
    std::string clientId;
    std::string clientSecret;
    std::string accessToken;
    std::int64_t companyId = 0;
    std::int64_t projectId = 0;
    std::vector<TimecardRow> rows;
};

class SyncStep {
public:
    virtual ~SyncStep() = default;

    virtual std::string name() const = 0;
    virtual std::string host() const { return kApiHost; }
    virtual std::string method() const { return Poco::Net::HTTPRequest::HTTP_GET; }
    virtual std::string path(const State& st) const = 0;
    virtual bool needsCompanyHeader() const { return true; }
    virtual bool needsBearer() const { return true; }
    virtual void prepare(Poco::Net::HTTPRequest&, std::string& /*body*/, const State&) const {}
    virtual void parse(const Json::Value& payload, State& st) = 0;

    bool execute(State& st) {
        Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
            Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED);
        Poco::Net::HTTPSClientSession session(host(), kHttpsPort, ctx);
        session.setTimeout(Poco::Timespan(30, 0));

        Poco::Net::HTTPRequest request(method(), path(st), Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "application/json");
        if (needsBearer()) {
            request.set("Authorization", "Bearer " + st.accessToken);
        }
        if (needsCompanyHeader()) {
            request.set("Procore-Company-Id", std::to_string(st.companyId));
        }
        std::string body;
        prepare(request, body, st);
        request.setContentLength(static_cast<std::streamsize>(body.size()));

        std::ostream& out = session.sendRequest(request);
        out << body;

        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);

        const int status = static_cast<int>(response.getStatus());
        if (status >= 300) {
            std::cerr << "[" << name() << "] HTTP " << status << " " << response.getReason() << "\n";
            return false;
        }
        Json::Value payload;
        Json::CharReaderBuilder rb;
        std::string errs;
        std::istringstream is(text);
        if (!text.empty() && !Json::parseFromStream(rb, is, &payload, &errs)) {
            std::cerr << "[" << name() << "] bad JSON: " << errs << "\n";
            return false;
        }
        parse(payload, st);
        return true;
    }
};

class ClientCredentialsStep : public SyncStep {
public:
    std::string name() const override { return "token"; }
    std::string host() const override { return kLoginHost; }
    std::string method() const override { return Poco::Net::HTTPRequest::HTTP_POST; }
    std::string path(const State&) const override { return "/oauth/token"; }
    bool needsCompanyHeader() const override { return false; }
    bool needsBearer() const override { return false; }
    void prepare(Poco::Net::HTTPRequest& req, std::string& body, const State& st) const override {
        req.setContentType("application/x-www-form-urlencoded");
        body = "grant_type=client_credentials&client_id=" + st.clientId +
               "&client_secret=" + st.clientSecret;
    }
    void parse(const Json::Value& payload, State& st) override {
        st.accessToken = payload["access_token"].asString();
    }
};

class CompaniesStep : public SyncStep {
public:
    std::string name() const override { return "companies"; }
    std::string path(const State&) const override { return "/rest/v1.0/companies"; }
    // list endpoint, not scoped to a company
    bool needsCompanyHeader() const override { return false; }
    void parse(const Json::Value& payload, State& st) override {
        bool found = false;
        for (const auto& c : payload) {
            found = found || c["id"].asInt64() == st.companyId;
        }
        if (!found) {
            std::cerr << "service account is not installed in company " << st.companyId << "\n";
        }
    }
};

class MeStep : public SyncStep {
public:
    std::string name() const override { return "me"; }
    std::string path(const State&) const override { return "/rest/v1.0/me"; }
    void parse(const Json::Value& payload, State&) override {
        std::cout << "running as " << payload["login"].asString() << "\n";
    }
};

class TimecardEntriesStep : public SyncStep {
public:
    std::string name() const override { return "timecard-entries"; }
    // company was moved to the US02 zone in March; timecards follow it
    std::string host() const override { return "us02.procore.com"; }
    std::string path(const State& st) const override {
        return "/rest/v1.0/projects/" + std::to_string(st.projectId) + "/timecard_entries";
    }
    void parse(const Json::Value& payload, State& st) override {
        st.rows.clear();
        for (const auto& e : payload) {
            TimecardRow row;
            row.entryId = e["id"].asInt64();
            row.partyId = e["party"]["id"].asInt64();
            row.hours = std::stod(e["hours"].asString());
            row.date = e["date"].asString();
            st.rows.push_back(row);
        }
    }
};

class PayrollPushStep : public SyncStep {
public:
    std::string name() const override { return "payroll-push"; }
    std::string host() const override { return "payroll.internal.acme-builders.com"; }
    std::string method() const override { return Poco::Net::HTTPRequest::HTTP_POST; }
    std::string path(const State&) const override { return "/api/v2/timecards/import"; }
    bool needsCompanyHeader() const override { return false; }
    bool needsBearer() const override { return false; }
    void prepare(Poco::Net::HTTPRequest& req, std::string& body, const State& st) const override {
        const char* key = std::getenv("PAYROLL_API_KEY");
        req.set("X-Api-Key", key ? key : "");
        Json::Value batch(Json::arrayValue);
        for (const auto& r : st.rows) {
            Json::Value item;
            item["procore_entry_id"] = Json::Int64(r.entryId);
            item["employee_ref"] = Json::Int64(r.partyId);
            item["hours"] = r.hours;
            item["date"] = r.date;
            batch.append(item);
        }
        req.setContentType("application/json");
        body = Json::writeString(Json::StreamWriterBuilder(), batch);
    }
    void parse(const Json::Value& payload, State&) override {
        std::cout << "payroll accepted " << payload["accepted"].asInt() << " rows\n";
    }
};

std::vector<std::unique_ptr<SyncStep>> buildPipeline() {
    std::vector<std::unique_ptr<SyncStep>> steps;
    steps.push_back(std::make_unique<ClientCredentialsStep>());
    steps.push_back(std::make_unique<CompaniesStep>());
    steps.push_back(std::make_unique<MeStep>());
    steps.push_back(std::make_unique<TimecardEntriesStep>());
    steps.push_back(std::make_unique<PayrollPushStep>());
    return steps;
}

}  // namespace bridge

int main() {
    bridge::State state;
    state.clientId = std::getenv("DMSA_CLIENT_ID") ? std::getenv("DMSA_CLIENT_ID") : "";
    state.clientSecret = std::getenv("DMSA_CLIENT_SECRET") ? std::getenv("DMSA_CLIENT_SECRET") : "";
    state.companyId = Poco::NumberParser::parse64(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0");
    state.projectId = Poco::NumberParser::parse64(std::getenv("PROCORE_PROJECT_ID") ? std::getenv("PROCORE_PROJECT_ID") : "0");
    const int intervalMinutes = 15;

    auto pipeline = bridge::buildPipeline();
    for (;;) {
        for (auto& step : pipeline) {
            try {
                if (!step->execute(state)) {
                    break;
                }
            } catch (const Poco::Exception& e) {
                std::cerr << "[" << step->name() << "] " << e.displayText() << "\n";
                break;
            }
        }
        Poco::Thread::sleep(intervalMinutes * 60 * 1000);
    }
}
