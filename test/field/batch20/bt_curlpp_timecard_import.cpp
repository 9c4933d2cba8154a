// bt_timecard_import -- pushes the payroll system's daily timecard export
// into Procore timecard entries.  Run from cron after the payroll close:
//
//   30 23 * * 1-5  bt_timecard_import /var/bt/timecards.tsv /var/bt/reports
//
// Input (tab separated, first line is a header):
//   project_id  party_id  date  hours  cost_code_id  description
//
// Env: PROCORE_COMPANY_ID, PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET,
//      PROCORE_REFRESH_TOKEN
#include <curlpp/Easy.hpp>
#include <curlpp/Exception.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <list>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kLoginBase = "https://login.procore.com";
const std::string kApiBase = "https://api.procore.com/rest/v1.0";
const std::string kLegacyBase = "https://app.procore.com/vapid";

struct TimecardRow {
    int64_t projectId = 0;
    int partyId = 0;
    std::string date;
    double hours = 0.0;
    int64_t costCodeId = 0;
    std::string description;
};

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) out.push_back(col);
    return out;
}

std::string jsonField(const std::string& body, const std::string& key) {
    auto pos = body.find("\"" + key + "\":\"");
    if (pos == std::string::npos) return {};
    pos += key.size() + 4;
    return body.substr(pos, body.find('"', pos) - pos);
}

long perform(curlpp::Easy& req, std::ostringstream& sink) {
    req.setOpt(curlpp::options::WriteStream(&sink));
    req.perform();
    return curlpp::infos::ResponseCode::get(req);
}

std::string refreshAccessToken() {
    curlpp::Easy req;
    std::ostringstream sink;
    std::string form = "grant_type=refresh_token&client_id=" + env("PROCORE_CLIENT_ID") +
                       "&client_secret=" + env("PROCORE_CLIENT_SECRET") +
                       "&refresh_token=" + env("PROCORE_REFRESH_TOKEN");
    req.setOpt(curlpp::options::Url(kLoginBase + "/oauth/token"));
    req.setOpt(curlpp::options::PostFields(form));
    req.setOpt(curlpp::options::PostFieldSize(static_cast<long>(form.size())));
    if (perform(req, sink) != 200) throw std::runtime_error("token refresh failed");
    return jsonField(sink.str(), "access_token");
}

class Procore {
public:
    Procore(std::string token, int64_t companyId)
        : token_(std::move(token)), companyId_(companyId) {}

    std::string companyHeader() const {
        return "Procore-Company-Id: " + std::to_string(companyId_);
    }

    long getJson(const std::string& url, std::string& body,
                 const std::list<std::string>& extra = {}) {
        curlpp::Easy req;
        std::ostringstream sink;
        std::list<std::string> headers{"Authorization: Bearer " + token_,
                                       "Accept: application/json"};
        headers.insert(headers.end(), extra.begin(), extra.end());
        req.setOpt(curlpp::options::Url(url));
        req.setOpt(curlpp::options::HttpHeader(headers));
        req.setOpt(curlpp::options::WriteStream(&sink));
        req.perform();
        body = sink.str();
        return curlpp::infos::ResponseCode::get(req);
    }

    long postTimecard(const TimecardRow& row) {
        curlpp::Easy req;
        std::ostringstream sink, payload;
        payload << "{\"timecard_entry\":{\"party_id\":" << row.partyId
                << ",\"date\":\"" << row.date << "\",\"hours\":\"" << row.hours
                << "\",\"cost_code_id\":" << row.costCodeId
                << ",\"description\":\"" << row.description << "\"}}";
        std::string json = payload.str();
        req.setOpt(curlpp::options::Url(kApiBase + "/projects/" +
                                        std::to_string(row.projectId) +
                                        "/timecard_entries"));
        req.setOpt(curlpp::options::HttpHeader(
            {"Authorization: Bearer " + token_, companyHeader(),
             "Content-Type: application/json"}));
        req.setOpt(curlpp::options::PostFields(json));
        req.setOpt(curlpp::options::PostFieldSize(static_cast<long>(json.size())));
        return perform(req, sink);
    }

    int64_t companyId() const { return companyId_; }

private:
    std::string token_;
    int64_t companyId_;
};

bool parseRow(const std::string& line, TimecardRow& row, std::string& err) {
    auto cols = splitTabs(line);
    if (cols.size() < 6) {
        err = "expected 6 columns, got " + std::to_string(cols.size());
        return false;
    }
    const std::string& p = cols[0];
    if (std::from_chars(p.data(), p.data() + p.size(), row.projectId).ec != std::errc()) {
        err = "bad project_id '" + p + "'";
        return false;
    }
    const std::string& u = cols[1];
    if (std::from_chars(u.data(), u.data() + u.size(), row.partyId).ec != std::errc()) {
        err = "bad party_id '" + u + "'";
        return false;
    }
    row.date = cols[2];
    row.hours = std::strtod(cols[3].c_str(), nullptr);
    row.costCodeId = std::stoi(cols[4]);
    row.description = cols[5];
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " timecards.tsv report_dir\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    std::string reportPath = std::string(argv[2]) + "/timecards-" +
                             std::to_string(std::time(nullptr)) + ".txt";
    std::ofstream report(reportPath);
    if (!in || !report) {
        std::cerr << "cannot open input or report\n";
        return 1;
    }

    cURLpp::Cleanup curlCleanup;
    try {
        Procore api(refreshAccessToken(), std::stoll(env("PROCORE_COMPANY_ID")));

        std::string me;
        api.getJson(kApiBase + "/me", me);
        report << "running as " << jsonField(me, "login") << "\n";

        std::string line;
        int lineNo = 0, ok = 0, failed = 0;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            ++lineNo;
            if (line.empty()) continue;
            TimecardRow row;
            std::string err;
            if (!parseRow(line, row, err)) {
                report << "row " << lineNo << ": " << err << "\n";
                ++failed;
                continue;
            }

            std::string userBody;
            long st = api.getJson(kLegacyBase + "/companies/" +
                                      std::to_string(api.companyId()) + "/users/" +
                                      std::to_string(row.partyId),
                                  userBody, {api.companyHeader()});
            if (st != 200) {
                report << "row " << lineNo << ": party " << row.partyId
                       << " not in directory (" << st << ")\n";
                ++failed;
                continue;
            }

            std::string codes;
            api.getJson(kApiBase + "/cost_codes?project_id=" +
                            std::to_string(row.projectId),
                        codes);
            if (codes.find("\"id\":" + std::to_string(row.costCodeId)) == std::string::npos) {
                report << "row " << lineNo << ": cost code " << row.costCodeId
                       << " not on project " << row.projectId << "\n";
                ++failed;
                continue;
            }

            st = api.postTimecard(row);
            report << "row " << lineNo << ": project " << row.projectId << " party "
                   << row.partyId << " " << row.hours << "h -> " << st << "\n";
            (st == 201 ? ok : failed)++;
        }
        report << "summary: " << ok << " imported, " << failed << " failed\n";
    } catch (const std::exception& e) {
        report << "aborted: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
