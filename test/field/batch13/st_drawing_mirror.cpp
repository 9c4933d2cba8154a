// st_drawing_mirror.cpp
//
// Mirrors the current drawing revisions of one project into the plan-room
// kiosk cache. Piloted against the monthly sandbox. The job is a table of
// {state, event, next, action}: the action runs when the transition is taken
// and returns the event that picks the next row.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace kiosk {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

const std::string kLoginHost = "login-sandbox-monthly.procore.com";
const std::string kApiHost = "api-monthly.procore.com";
const std::string kKioskHost = "127.0.0.1";
const int kKioskPort = 7070;

enum class St { Start, Authorized, Areas, Drawings, Revisions, Persisted, Done, Error };
enum class Ev { Go, Ok, Unauthorized, Failed };

class DrawingMirror;
using Action = Ev (DrawingMirror::*)();

struct Row {
  St state;
  Ev event;
  St next;
  Action action;
};

class DrawingMirror {
 public:
  DrawingMirror(int64_t company_id, int64_t project_id, std::string refresh)
      : company_id_(company_id), project_id_(project_id), refresh_token_(std::move(refresh)) {}

  bool run();

 private:
  Ev authorize();
  Ev listAreas();
  Ev listDrawings();
  Ev listRevisions();
  Ev persist();
  Ev finish();

  static const Row kTable[];

  void decorate(HTTPRequest& req) const {
    req.set("Authorization", "Bearer " + access_token_);
    req.set("Procore-Company-Id", std::to_string(company_id_));
    req.set("Accept", "application/json");
  }

  Json::Value exchange(HTTPSClientSession& session, HTTPRequest& req, int& status,
                       const std::string& body = "") {
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
    HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    status = resp.getStatus();
    Json::Value root;
    Json::CharReaderBuilder rb;
    std::string errs;
    Json::parseFromStream(rb, in, &root, &errs);
    return root;
  }

  Poco::Net::Context::Ptr tls_ = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED);
  int64_t company_id_;
  int64_t project_id_;
  std::string refresh_token_;
  std::string access_token_;
  std::vector<int64_t> area_ids_;
  std::map<int, std::string> pdf_by_drawing_;
  std::vector<int64_t> drawing_ids_;
  int status_ = 0;
};

const Row DrawingMirror::kTable[] = {
    {St::Start, Ev::Go, St::Authorized, &DrawingMirror::authorize},
    {St::Authorized, Ev::Ok, St::Areas, &DrawingMirror::listAreas},
    {St::Areas, Ev::Ok, St::Drawings, &DrawingMirror::listDrawings},
    {St::Areas, Ev::Unauthorized, St::Authorized, &DrawingMirror::authorize},
    {St::Drawings, Ev::Ok, St::Revisions, &DrawingMirror::listRevisions},
    {St::Drawings, Ev::Unauthorized, St::Authorized, &DrawingMirror::authorize},
    {St::Revisions, Ev::Ok, St::Persisted, &DrawingMirror::persist},
    {St::Revisions, Ev::Unauthorized, St::Authorized, &DrawingMirror::authorize},
    {St::Persisted, Ev::Ok, St::Done, &DrawingMirror::finish},
};

bool DrawingMirror::run() {
  St state = St::Start;
  Ev ev = Ev::Go;
  int hops = 0;
  while (state != St::Done && state != St::Error && ++hops < 64) {
    const Row* row = nullptr;
    for (const auto& r : kTable)
      if (r.state == state && r.event == ev) row = &r;
    if (!row) {
      std::cerr << "no transition, status " << status_ << "\n";
      state = St::Error;
      break;
    }
    state = row->next;
    ev = (this->*row->action)();
  }
  return state == St::Done;
}

Ev DrawingMirror::authorize() {
  HTTPSClientSession login(kLoginHost, 443, tls_);
  HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
  Poco::Net::HTMLForm form;
  form.set("grant_type", "refresh_token");
  form.set("refresh_token", refresh_token_);
  form.set("client_id", std::getenv("KIOSK_CLIENT_ID"));
  form.set("client_secret", std::getenv("KIOSK_CLIENT_SECRET"));
  form.prepareSubmit(req);
  form.write(login.sendRequest(req));
  HTTPResponse resp;
  Json::Value tok;
  Json::CharReaderBuilder rb;
  std::string errs;
  Json::parseFromStream(rb, login.receiveResponse(resp), &tok, &errs);
  if (resp.getStatus() != HTTPResponse::HTTP_OK) return Ev::Failed;
  access_token_ = tok["access_token"].asString();
  refresh_token_ = tok["refresh_token"].asString();
  return Ev::Ok;
}

Ev DrawingMirror::listAreas() {
  // v1.1 drawing_areas was flaky in monthly; the web app host answers it
  HTTPSClientSession web("app.procore.com", 443, tls_);
  HTTPRequest req(HTTPRequest::HTTP_GET,
                  "/rest/v1.1/projects/" + std::to_string(project_id_) + "/drawing_areas",
                  HTTPRequest::HTTP_1_1);
  decorate(req);
  Json::Value areas = exchange(web, req, status_);
  if (status_ == 401) return Ev::Unauthorized;
  if (status_ != 200) return Ev::Failed;
  area_ids_.clear();
  for (const auto& a : areas) area_ids_.push_back(a["id"].asInt());
  return Ev::Ok;
}

Ev DrawingMirror::listDrawings() {
  HTTPSClientSession api(kApiHost, 443, tls_);
  drawing_ids_.clear();
  for (int64_t area : area_ids_) {
    HTTPRequest req(HTTPRequest::HTTP_GET,
                    "/rest/v1.0/drawing_areas/" + std::to_string(area) +
                        "/drawings?project_id=" + std::to_string(project_id_),
                    HTTPRequest::HTTP_1_1);
    decorate(req);
    Json::Value drawings = exchange(api, req, status_);
    if (status_ == 401) return Ev::Unauthorized;
    if (status_ != 200) return Ev::Failed;
    for (const auto& d : drawings) drawing_ids_.push_back(d["id"].asInt64());
  }
  return Ev::Ok;
}

Ev DrawingMirror::listRevisions() {
  HTTPSClientSession api(kApiHost, 443, tls_);
  for (int64_t drawing_id : drawing_ids_) {
    HTTPRequest req(HTTPRequest::HTTP_GET,
                    "/rest/v1.0/projects/" + std::to_string(project_id_) +
                        "/drawing_revisions?filters[drawing_id]=" + std::to_string(drawing_id),
                    HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + access_token_);
    req.set("X-Procore-Company-Id", std::to_string(company_id_));
    Json::Value revs = exchange(api, req, status_);
    if (status_ == 401) return Ev::Unauthorized;
    if (status_ != 200 || revs.empty()) continue;
    const Json::Value& current = revs[revs.size() - 1];
    pdf_by_drawing_[drawing_id] = current["pdf_url"].asString();
  }
  return Ev::Ok;
}

Ev DrawingMirror::persist() {
  std::ostringstream manifest;
  for (const auto& [drawing, url] : pdf_by_drawing_) manifest << drawing << '\t' << url << '\n';
  std::ofstream("/var/cache/kiosk/drawings.tsv") << manifest.str();

  Poco::Net::HTTPClientSession kiosk(kKioskHost, kKioskPort);
  HTTPRequest req(HTTPRequest::HTTP_POST, "/reload", HTTPRequest::HTTP_1_1);
  req.setContentLength(0);
  kiosk.sendRequest(req);
  HTTPResponse resp;
  kiosk.receiveResponse(resp);
  std::cout << "kiosk reloaded; full set at https://app.procore.com/" << project_id_
            << "/project/drawing_areas\n";
  return Ev::Ok;
}

Ev DrawingMirror::finish() {
  HTTPSClientSession login(kLoginHost, 443, tls_);
  HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/revoke", HTTPRequest::HTTP_1_1);
  Poco::Net::HTMLForm form;
  form.set("token", access_token_);
  form.set("client_id", std::getenv("KIOSK_CLIENT_ID"));
  form.set("client_secret", std::getenv("KIOSK_CLIENT_SECRET"));
  form.prepareSubmit(req);
  form.write(login.sendRequest(req));
  HTTPResponse resp;
  login.receiveResponse(resp);
  return Ev::Ok;
}

}  // namespace kiosk

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: drawing_mirror <company_id> <project_id> <refresh_token>\n";
    return 64;
  }
  kiosk::DrawingMirror mirror(std::strtoll(argv[1], nullptr, 10),
                              std::strtoll(argv[2], nullptr, 10), argv[3]);
  return mirror.run() ? 0 : 1;
}
