// timecard_export: nightly payroll feed. Authenticates as a Developer Managed
// Service Account (client credentials), pulls yesterday's timecard entries for
// every active project of one company and writes a CSV for the payroll import.
//
// Runs against the monthly sandbox until payroll signs off on the format.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using nlohmann::json;

namespace payroll {

const std::string kLoginBase = "https://login-sandbox-monthly.procore.com";
const std::string kApiBase = "https://api-monthly.procore.com";

struct Prepared {
  cpr::Url url;
  cpr::Header header;
  cpr::Parameters params;
};

// Builder by value: withX() returns a modified copy so the base can be reused.
class Call {
 public:
  static Call get(const std::string& path) { return Call(path); }

  Call withParam(const std::string& k, const std::string& v) const {
    Call c = *this;
    c.params_.emplace_back(k, v);
    return c;
  }
  Call withHeader(const std::string& k, const std::string& v) const {
    Call c = *this;
    c.headers_[k] = v;
    return c;
  }
  Call withToken(const std::string& token) const { return withHeader("Authorization", "Bearer " + token); }
  Call withCompany(std::int64_t companyId) const {
    return withHeader("Procore-Company-Id", std::to_string(companyId));
  }
  Call withPath(const std::string& more) const {
    Call c = *this;
    c.path_ += more;
    return c;
  }

  Prepared build() const {
    Prepared p;
    p.url = cpr::Url{kApiBase + path_};
    p.header = headers_;
    for (const auto& kv : params_) p.params.Add(cpr::Parameter{kv.first, kv.second});
    return p;
  }

 private:
  explicit Call(std::string path) : path_(std::move(path)) {}
  std::string path_;
  cpr::Header headers_;
  std::vector<std::pair<std::string, std::string>> params_;
};

json send(const Call& call) {
  Prepared p = call.build();
  cpr::Response r = cpr::Get(p.url, p.header, p.params);
  if (r.status_code != 200)
    throw std::runtime_error(std::string(p.url) + " -> HTTP " + std::to_string(r.status_code));
  return json::parse(r.text);
}

std::string clientCredentialsToken(const std::string& id, const std::string& secret) {
  cpr::Response r = cpr::Post(cpr::Url{kLoginBase + "/oauth/token"},
                              cpr::Payload{{"grant_type", "client_credentials"},
                                           {"client_id", id},
                                           {"client_secret", secret}});
  if (r.status_code != 200) throw std::runtime_error("client_credentials grant failed: " + r.text);
  return json::parse(r.text).at("access_token").get<std::string>();
}

void logTokenExpiry(const std::string& token) {
  cpr::Response r = cpr::Get(cpr::Url{"https://api-monthly.procore.com/oauth/token/info"}, cpr::Bearer{token});
  if (r.status_code == 200)
    std::cerr << "token expires in " << json::parse(r.text).value("expires_in_seconds", 0) << "s\n";
}

struct TimecardRow {
  std::int64_t id = 0;
  long partyId = 0;
  std::int64_t projectId = 0;
  std::string date;
  double hours = 0.0;
  std::string costCode;
};

}  // namespace payroll

static std::string env(const char* k) {
  const char* v = std::getenv(k);
  if (!v) throw std::runtime_error(std::string("missing env ") + k);
  return v;
}

int main(int argc, char** argv) {
  using namespace payroll;
  try {
    const std::int64_t companyId = std::strtoll(env("PROCORE_COMPANY_ID").c_str(), nullptr, 10);
    const std::string date = argc > 1 ? argv[1] : "yesterday";
    const std::string token = clientCredentialsToken(env("DMSA_CLIENT_ID"), env("DMSA_CLIENT_SECRET"));
    logTokenExpiry(token);

    const Call authed = Call::get("/rest/v1.0").withToken(token);

    // Sanity check: is the service account actually installed in this company?
    bool installed = false;
    for (const auto& c : send(authed.withPath("/companies")))
      installed = installed || c.at("id").get<std::int64_t>() == companyId;
    if (!installed) {
      std::cerr << "DMSA not installed in company " << companyId << "\n";
      return 3;
    }
    json me = send(authed.withPath("/me").withCompany(companyId));
    std::cerr << "running as " << me.value("name", "service account") << "\n";

    std::map<std::int64_t, std::string> people;
    Call directory = authed.withPath("/companies/" + std::to_string(companyId) + "/users");
    directory = directory.withParam("per_page", "1000");
    for (const auto& u : send(directory)) people[u.at("id").get<std::int64_t>()] = u.value("name", "");

    // Everything below is company-scoped.
    const Call scoped = authed.withCompany(companyId);
    json projects = send(scoped.withPath("/projects")
                             .withParam("company_id", std::to_string(companyId))
                             .withParam("filters[active]", "true"));

    std::vector<TimecardRow> rows;
    int skipped = 0;
    for (const auto& p : projects) {
      const std::int64_t projectId = p.at("id").get<std::int64_t>();
      Call entries = scoped.withPath("/projects/" + std::to_string(projectId) + "/timecard_entries")
                         .withParam("filters[date]", date);
      for (const auto& e : send(entries)) {
        if (!e.contains("party") || e["party"].is_null()) {
          ++skipped;
          continue;
        }
        TimecardRow row;
        row.id = e.at("id").get<std::int64_t>();
        row.partyId = e["party"].at("id").get<std::int64_t>();
        row.projectId = projectId;
        row.date = e.value("date", date);
        row.hours = std::stod(e.value("hours", std::string("0")));
        if (e.contains("cost_code") && !e["cost_code"].is_null()) {
          const auto costCodeId = static_cast<int>(e["cost_code"].at("id").get<std::int64_t>());
          row.costCode = e["cost_code"].value("full_code", std::to_string(costCodeId));
        }
        rows.push_back(row);
      }
    }

    std::FILE* out = std::fopen(("timecards_" + date + ".csv").c_str(), "w");
    if (!out) return 4;
    std::fprintf(out, "entry_id,project_id,person_id,person,date,hours,cost_code\n");
    for (const auto& r : rows) {
      std::fprintf(out, "%lld,%lld,%lld,\"%s\",%s,%.2f,%s\n", static_cast<long long>(r.id),
                   static_cast<long long>(r.projectId), static_cast<long long>(r.partyId),
                   people[r.partyId].c_str(), r.date.c_str(), r.hours, r.costCode.c_str());
    }
    std::fclose(out);
    std::cerr << rows.size() << " entries exported, " << skipped << " without a person\n";
  } catch (const std::exception& ex) {
    std::cerr << "timecard_export: " << ex.what() << "\n";
    return 1;
  }
  return 0;
}
