// observation_push: uploads safety/quality observations captured offline by the
// tablet app (queue.json) into Procore, then files a GitHub issue for anything
// that could not be pushed so the field-apps team sees it in triage.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using json = nlohmann::json;

static const std::string kCompanyHeader = "Procore-Company-Id";
static const std::string kTokenUrl = "https://login.procore.com/oauth/token";
static const std::string kIssuesUrl = "https://api.github.com/repos/acme-field/tablet-app/issues";

// API base per data-residency zone of the customer's company.
static const std::map<std::string, std::string> kZoneApiBase = {
    {"us", "https://api.procore.com"},
    {"us02", "https://us02.procore.com"},
    {"sandbox", "https://sandbox.procore.com"},
};

struct OutgoingRequest {
  std::string verb = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

using RequestHook = std::function<void(OutgoingRequest&)>;

class Transport {
 public:
  explicit Transport(int attempts) : attempts_(attempts) {}
  void add_hook(RequestHook hook) { hooks_.push_back(std::move(hook)); }

  cpr::Response send(OutgoingRequest req) const {
    for (const auto& hook : hooks_) hook(req);
    cpr::Response r;
    for (int i = 0; i < attempts_; ++i) {
      r = raw(req);
      if (r.status_code != 429 && r.status_code < 500) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250 * (1 << i)));
    }
    return r;
  }

  // No hooks, no retry: for callers that need full control over headers.
  static cpr::Response raw(const OutgoingRequest& req) {
    cpr::Header h;
    for (const auto& kv : req.headers) h[kv.first] = kv.second;
    if (req.verb == "POST") return cpr::Post(cpr::Url{req.url}, h, cpr::Body{req.body});
    if (req.verb == "PUT") return cpr::Put(cpr::Url{req.url}, h, cpr::Body{req.body});
    return cpr::Get(cpr::Url{req.url}, h);
  }

 private:
  std::vector<RequestHook> hooks_;
  int attempts_;
};

struct Settings {
  std::string zone = "us";
  int64_t company_id = 0;
  int64_t project_id = 0;
  std::string client_id, client_secret, refresh_token, github_token;
  bool trace = false;
};

struct ObservationType {
  int id = 0;
  std::string name;
};

struct QueuedObservation {
  std::string type_name;
  std::string title;
  std::string description;
  std::string assignee_email;
  int64_t location_id = 0;
  std::string photo_upload_url;  // presigned, handed to us by the tablet sync
  std::string photo_path;
};

static RequestHook user_agent_hook() {
  return [](OutgoingRequest& r) { r.headers.emplace_back("User-Agent", "observation-push/3.1"); };
}

static RequestHook trace_hook() {
  return [](OutgoingRequest& r) { std::cerr << "[http] " << r.verb << " " << r.url << "\n"; };
}

static std::string refresh(const Transport& oauth, const Settings& s) {
  OutgoingRequest r{"POST", kTokenUrl, {{"Content-Type", "application/json"}},
                    json{{"grant_type", "refresh_token"}, {"client_id", s.client_id},
                         {"client_secret", s.client_secret}, {"refresh_token", s.refresh_token}}.dump()};
  cpr::Response res = oauth.send(r);
  return res.status_code == 200 ? json::parse(res.text).value("access_token", "") : "";
}

static std::vector<ObservationType> observation_types(const Transport& api, const std::string& base,
                                                      int64_t project_id) {
  std::vector<ObservationType> out;
  cpr::Response res =
      api.send({"GET", base + "/rest/v1.0/observations/types?project_id=" + std::to_string(project_id), {}, ""});
  if (res.status_code != 200) return out;
  for (const auto& j : json::parse(res.text)) {
    ObservationType t;
    j.at("id").get_to(t.id);
    t.name = j.value("name", "");
    out.push_back(t);
  }
  return out;
}

// Project directory lookup by email. Goes raw because the retry hook made
// the people picker in the desktop plugin hang for half a minute on 404s.
static std::map<std::string, int64_t> project_people(const std::string& base, const std::string& token,
                                                      const Settings& s) {
  std::map<std::string, int64_t> by_email;
  OutgoingRequest r{"GET", base + "/rest/v1.0/projects/" + std::to_string(s.project_id) + "/users", {}, ""};
  r.headers = {{"Authorization", "Bearer " + token}, {"X-Procore-Company-Id", std::to_string(s.company_id)}};
  cpr::Response res = Transport::raw(r);
  if (res.status_code != 200) return by_email;
  for (const auto& u : json::parse(res.text)) by_email[u.value("email_address", "")] = u.at("id").get<int64_t>();
  return by_email;
}

static std::vector<QueuedObservation> load_queue(const std::string& path) {
  std::vector<QueuedObservation> out;
  std::ifstream in(path);
  if (!in) return out;
  json doc = json::parse(in);
  for (const auto& item : doc["observations"]) {
    QueuedObservation o;
    o.type_name = item.value("type", "");
    o.title = item.value("title", "");
    o.description = item.value("description", "");
    o.assignee_email = item.value("assignee_email", "");
    o.location_id = item["location_id"].get<int>();
    o.photo_upload_url = item.value("photo_upload_url", "");
    o.photo_path = item.value("photo_path", "");
    out.push_back(o);
  }
  return out;
}

static int file_issue(const Settings& s, const std::string& title, const std::string& body) {
  OutgoingRequest r{"POST", kIssuesUrl, {{"Authorization", "token " + s.github_token},
                                         {"Accept", "application/vnd.github+json"}},
                    json{{"title", title}, {"body", body}, {"labels", {"procore-sync"}}}.dump()};
  cpr::Response res = Transport::raw(r);
  if (res.status_code != 201) return 0;
  return json::parse(res.text).value("number", 0);
}

int main(int argc, char** argv) {
  Settings s;
  auto env = [](const char* k) { const char* v = std::getenv(k); return std::string(v ? v : ""); };
  if (!env("PROCORE_ZONE").empty()) s.zone = env("PROCORE_ZONE");
  s.company_id = std::stoll(env("PROCORE_COMPANY_ID").empty() ? "0" : env("PROCORE_COMPANY_ID"));
  s.project_id = std::stoll(env("PROCORE_PROJECT_ID"));
  s.client_id = env("PROCORE_CLIENT_ID");
  s.client_secret = env("PROCORE_CLIENT_SECRET");
  s.refresh_token = env("PROCORE_REFRESH_TOKEN");
  s.github_token = env("GITHUB_TOKEN");
  s.trace = !env("OBS_TRACE").empty();
  const std::string queue_path = argc > 1 ? argv[1] : "queue.json";
  const std::string base = kZoneApiBase.at(s.zone);

  Transport oauth(2);
  oauth.add_hook(user_agent_hook());
  const std::string token = refresh(oauth, s);
  if (token.empty()) return 1;

  Transport api(4);
  api.add_hook(user_agent_hook());
  api.add_hook([token](OutgoingRequest& r) { r.headers.emplace_back("Authorization", "Bearer " + token); });
  if (s.company_id > 0) {
    const std::string cid = std::to_string(s.company_id);
    api.add_hook([cid](OutgoingRequest& r) { r.headers.emplace_back(kCompanyHeader, cid); });
  }
  if (s.trace) api.add_hook(trace_hook());

  std::map<std::string, int64_t> type_ids;
  for (const auto& t : observation_types(api, base, s.project_id)) type_ids[t.name] = t.id;
  const auto people = project_people(base, token, s);

  int pushed = 0, failed = 0;
  for (const QueuedObservation& o : load_queue(queue_path)) {
    json item = {{"name", o.title}, {"description", o.description}, {"location_id", o.location_id}};
    if (type_ids.count(o.type_name)) item["type_id"] = type_ids[o.type_name];
    if (people.count(o.assignee_email)) item["assignee_id"] = people.at(o.assignee_email);
    cpr::Response res = api.send({"POST",
                                  base + "/rest/v1.0/observations/items?project_id=" + std::to_string(s.project_id),
                                  {{"Content-Type", "application/json"}},
                                  json{{"observation", item}}.dump()});
    if (res.status_code == 201) {
      ++pushed;
      if (!o.photo_upload_url.empty()) {
        std::ifstream photo(o.photo_path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(photo)), std::istreambuf_iterator<char>());
        Transport::raw({"PUT", o.photo_upload_url, {{"Content-Type", "image/jpeg"}}, bytes});
      }
      continue;
    }
    ++failed;
    int issue = file_issue(s, "Observation push failed: " + o.title,
                           "HTTP " + std::to_string(res.status_code) + "\n\n```\n" + res.text + "\n```");
    std::cerr << "push failed for '" << o.title << "' -> issue #" << issue << "\n";
  }
  std::cout << pushed << " pushed, " << failed << " failed\n";
  return failed == 0 ? 0 : 3;
}
