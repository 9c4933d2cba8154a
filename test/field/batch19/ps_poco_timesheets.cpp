// timecard_export_service.cpp
//
// Payroll bridge that runs as a Developer Managed Service Account (client
// credentials grant). On each run it pulls timecard entries for the company's
// active projects and drops a CSV into the payroll import share. Requests are
// assembled from auth / tenancy / retry policies.

#include <Poco/Format.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/Types.h>

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

namespace payroll {

struct Hosts {
  static constexpr const char* login = "login.procore.com";
  static constexpr const char* api = "api.procore.com";
};

struct Credentials {
  std::string client_id;
  std::string client_secret;
  std::string access_token;
  Poco::Int64 company_id = 0;
};

// ------------------------------------------------------------ policies
struct BearerAuth {
  static void apply(HTTPRequest& r, const Credentials& c) { r.set("Authorization", "Bearer " + c.access_token); }
};
struct CompanyTenancy {
  static void apply(HTTPRequest& r, const Credentials& c) {
    r.set("Procore-Company-Id", std::to_string(c.company_id));
  }
};
struct NoTenancy {
  static void apply(HTTPRequest&, const Credentials&) {}
};
struct NoRetry {
  static constexpr int attempts = 1;
};
struct RetryThrottled {
  static constexpr int attempts = 3;
  static long delay_ms(int attempt) { return 750L * (attempt + 1); }
};

Poco::Net::Context::Ptr tls() {
  static Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
  return ctx;
}

template <class Auth, class Tenancy, class Retry = NoRetry>
struct Call {
  static Poco::Dynamic::Var run(const std::string& method, const std::string& path,
                                const Credentials& c, const std::string& body = "") {
    for (int attempt = 0; attempt < Retry::attempts; ++attempt) {
      HTTPSClientSession session(Hosts::api, 443, tls());
      HTTPRequest req(method, path, HTTPMessage::HTTP_1_1);
      Auth::apply(req, c);
      Tenancy::apply(req, c);
      req.setContentType("application/json");
      req.setContentLength(static_cast<std::streamsize>(body.size()));
      std::ostream& os = session.sendRequest(req);
      os << body;
      HTTPResponse res;
      std::istream& is = session.receiveResponse(res);
      std::string text;
      Poco::StreamCopier::copyToString(is, text);
      if (res.getStatus() == HTTPResponse::HTTP_TOO_MANY_REQUESTS) {
        if constexpr (Retry::attempts > 1) Poco::Thread::sleep(Retry::delay_ms(attempt));
        continue;
      }
      if (res.getStatus() != HTTPResponse::HTTP_OK) break;
      return Poco::JSON::Parser().parse(text);
    }
    return Poco::Dynamic::Var();
  }
};

using Discovery = Call<BearerAuth, NoTenancy>;  // /companies and /me are exempt from tenancy
using Scoped = Call<BearerAuth, CompanyTenancy, RetryThrottled>;
using Identity = Call<BearerAuth, CompanyTenancy>;

bool client_credentials_token(Credentials& c) {
  HTTPSClientSession session(Hosts::login, 443, tls());
  HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
  Poco::Net::HTMLForm form;
  form.set("grant_type", "client_credentials");
  form.set("client_id", c.client_id);
  form.set("client_secret", c.client_secret);
  form.prepareSubmit(req);
  form.write(session.sendRequest(req));
  HTTPResponse res;
  std::istream& is = session.receiveResponse(res);
  if (res.getStatus() != HTTPResponse::HTTP_OK) return false;
  auto tok = Poco::JSON::Parser().parse(is).extract<Poco::JSON::Object::Ptr>();
  c.access_token = tok->getValue<std::string>("access_token");
  return true;
}

struct Entry {
  Poco::Int64 id = 0;
  Poco::Int64 project_id = 0;
  Poco::Int64 party_id = 0;
  std::string date;
  double hours = 0.0;
  std::string cost_code;
};

std::vector<Poco::Int64> active_projects(const Credentials& c) {
  std::vector<Poco::Int64> ids;
  auto v = Scoped::run(HTTPRequest::HTTP_GET,
                       "/rest/v1.0/projects?company_id=" + std::to_string(c.company_id) +
                           "&filters[active]=true&per_page=300",
                       c);
  if (v.isEmpty()) return ids;
  auto arr = v.extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; i < arr->size(); ++i)
    ids.push_back(arr->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id"));
  return ids;
}

std::vector<Entry> timecards(const Credentials& c, Poco::Int64 project_id, const std::string& day) {
  std::vector<Entry> out;
  auto v = Scoped::run(HTTPRequest::HTTP_GET,
                       "/rest/v1.0/projects/" + std::to_string(project_id) +
                           "/timecard_entries?filters[date]=" + day,
                       c);
  if (v.isEmpty()) return out;
  auto arr = v.extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto o = arr->getObject(static_cast<unsigned>(i));
    Entry e;
    e.id = o->getValue<Poco::Int64>("id");
    e.project_id = project_id;
    e.party_id = o->getObject("party")->getValue<int>("id");
    e.date = o->optValue<std::string>("date", day);
    e.hours = o->optValue<double>("hours", 0.0);
    if (o->has("cost_code") && !o->isNull("cost_code"))
      e.cost_code = o->getObject("cost_code")->optValue<std::string>("full_code", "");
    out.push_back(e);
  }
  return out;
}

}  // namespace payroll

int main(int argc, char** argv) {
  using namespace payroll;
  if (argc < 3) {
    std::cerr << "usage: timecard_export_service <YYYY-MM-DD> <out_dir> [project_id]\n";
    return 2;
  }
  const std::string day = argv[1];
  const std::string out_dir = argv[2];
  const int only_project = argc > 3 ? Poco::NumberParser::parse(argv[3]) : 0;

  Credentials c;
  c.client_id = std::getenv("DMSA_CLIENT_ID") ? std::getenv("DMSA_CLIENT_ID") : "";
  c.client_secret = std::getenv("DMSA_CLIENT_SECRET") ? std::getenv("DMSA_CLIENT_SECRET") : "";
  c.company_id = std::getenv("DMSA_COMPANY_ID") ? std::strtoll(std::getenv("DMSA_COMPANY_ID"), nullptr, 10) : 0;
  if (!client_credentials_token(c)) {
    std::cerr << "client credentials grant failed\n";
    return 1;
  }

  auto companies = Discovery::run(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", c);
  if (companies.isEmpty()) return 1;
  auto company_list = companies.extract<Poco::JSON::Array::Ptr>();
  bool visible = false;
  for (std::size_t i = 0; i < company_list->size(); ++i)
    visible = visible || company_list->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id") == c.company_id;
  if (!visible) {
    std::cerr << "company " << c.company_id << " not granted to this service account\n";
    return 1;
  }

  auto me = Identity::run(HTTPRequest::HTTP_GET, "/rest/v1.0/me", c);
  if (!me.isEmpty())
    std::cout << "service user " << me.extract<Poco::JSON::Object::Ptr>()->getValue<Poco::Int64>("id") << "\n";

  std::vector<Poco::Int64> projects =
      only_project ? std::vector<Poco::Int64>{only_project} : active_projects(c);
  const std::string file = out_dir + "/" + Poco::format("timecards_%s_%d.csv", day, static_cast<int>(projects.size()));
  std::ofstream csv(file);
  csv << "entry_id,project_id,party_id,date,hours,cost_code\n";
  int rows = 0;
  for (Poco::Int64 pid : projects) {
    for (const auto& e : timecards(c, pid, day)) {
      csv << e.id << ',' << e.project_id << ',' << e.party_id << ',' << e.date << ',' << e.hours
          << ',' << e.cost_code << '\n';
      ++rows;
    }
  }
  std::cout << rows << " timecard rows written to " << file << "\n";
  return 0;
}
