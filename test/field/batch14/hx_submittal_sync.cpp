// hx_submittal_sync.cpp - mirrors Procore submittals into the internal review tracker.
//
// Layout (ports & adapters): domain + use cases only see ports::HttpPort;
// libcurl lives in adapters::CurlHttp; auth / company scope / retry are
// decorators wired in compose().  Run: hx_submittal_sync <project_id> [--backfill]
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace domain {
struct Submittal {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string number;
  std::string title;
  std::string status;
  int revision = 0;              // revision counter shown in the log
  int spec_section_id = 0;
  std::int64_t received_from_id = 0;
};
struct TrackerRow {
  std::string key, summary, link;
};
}  // namespace domain

namespace ports {
struct Header { std::string name, value; };
struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<Header> headers;
  std::string body;
};
struct Response { long status = 0; std::string body; };

class HttpPort {
 public:
  virtual ~HttpPort() = default;
  virtual Response send(const Request& req) = 0;
};
}  // namespace ports

namespace adapters {
class CurlHttp final : public ports::HttpPort {
 public:
  ports::Response send(const ports::Request& req) override {
    ports::Response out;
    CURL* h = curl_easy_init();
    if (!h) return out;
    curl_slist* hdrs = nullptr;
    for (const auto& hd : req.headers)
      hdrs = curl_slist_append(hdrs, (hd.name + ": " + hd.value).c_str());
    curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    if (!req.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &CurlHttp::sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    if (curl_easy_perform(h) == CURLE_OK)
      curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return out;
  }

 private:
  static size_t sink(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
  }
};

// --- decorators: same port, one concern each -------------------------------
class BearerAuth final : public ports::HttpPort {
 public:
  BearerAuth(std::unique_ptr<ports::HttpPort> inner, std::string token)
      : inner_(std::move(inner)), token_(std::move(token)) {}
  ports::Response send(const ports::Request& req) override {
    ports::Request r = req;
    r.headers.push_back({"Authorization", "Bearer " + token_});
    return inner_->send(r);
  }
 private:
  std::unique_ptr<ports::HttpPort> inner_;
  std::string token_;
};

class CompanyScope final : public ports::HttpPort {
 public:
  CompanyScope(std::unique_ptr<ports::HttpPort> inner, std::int64_t company_id)
      : inner_(std::move(inner)), company_id_(company_id) {}
  ports::Response send(const ports::Request& req) override {
    ports::Request r = req;
    r.headers.push_back({"Procore-Company-Id", std::to_string(company_id_)});
    return inner_->send(r);
  }
 private:
  std::unique_ptr<ports::HttpPort> inner_;
  std::int64_t company_id_;
};

class Retry final : public ports::HttpPort {
 public:
  Retry(std::unique_ptr<ports::HttpPort> inner, int attempts)
      : inner_(std::move(inner)), attempts_(attempts) {}
  ports::Response send(const ports::Request& req) override {
    ports::Response res;
    for (int i = 0; i < attempts_; ++i) {
      res = inner_->send(req);
      if (res.status != 429 && res.status < 500) break;
      std::this_thread::sleep_for(std::chrono::seconds(1 << i));
    }
    return res;
  }
 private:
  std::unique_ptr<ports::HttpPort> inner_;
  int attempts_;
};
}  // namespace adapters

namespace app {
struct Environment { std::string login_base, api_base; };

Environment environment_from(const char* name) {
  const std::string env = name ? name : "production";
  if (env == "sandbox") return {"https://login-sandbox.procore.com", "https://sandbox.procore.com"};
  if (env == "monthly") return {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
  return {"https://login.procore.com", "https://api.procore.com"};
}

class SubmittalRepository {
 public:
  static domain::Submittal from_json(const nlohmann::json& j, std::int64_t project_id) {
    domain::Submittal s;
    s.id = j.at("id").get<std::int64_t>();
    s.project_id = project_id;
    s.number = j.value("number", "");
    s.title = j.value("title", "");
    s.status = j.contains("status") ? j["status"].value("name", "") : "";
    s.revision = j.value("revision", 0);
    if (j.contains("specification_section") && !j["specification_section"].is_null())
      s.spec_section_id = j["specification_section"]["id"].get<int>();
    if (j.contains("received_from") && !j["received_from"].is_null())
      s.received_from_id = j["received_from"]["id"].get<std::int64_t>();
    return s;
  }
};

class FetchSubmittals {
 public:
  FetchSubmittals(ports::HttpPort& port, std::string api) : port_(port), api_(std::move(api)) {}
  std::vector<domain::Submittal> run(std::int64_t project_id) {
    std::vector<domain::Submittal> all;
    for (int page = 1; page < 50; ++page) {
      ports::Request req;
      req.url = api_ + "/rest/v1.0/projects/" + std::to_string(project_id) +
                "/submittals?page=" + std::to_string(page) + "&per_page=100";
      ports::Response res = port_.send(req);
      if (res.status != 200) break;
      auto arr = nlohmann::json::parse(res.body, nullptr, false);
      if (!arr.is_array() || arr.empty()) break;
      for (const auto& j : arr) all.push_back(SubmittalRepository::from_json(j, project_id));
    }
    return all;
  }
 private:
  ports::HttpPort& port_;
  std::string api_;
};

// Backfill walks closed submittals once; runs from the nightly cron job.
class BackfillClosed {
 public:
  BackfillClosed(ports::HttpPort& port, std::string api) : port_(port), api_(std::move(api)) {}
  std::size_t run(std::int64_t project_id) {
    ports::Request req;
    req.url = api_ + "/rest/v1.0/projects/" + std::to_string(project_id) +
              "/submittals?filters[status_id]=closed&per_page=500";
    ports::Response res = port_.send(req);
    auto arr = nlohmann::json::parse(res.body, nullptr, false);
    return arr.is_array() ? arr.size() : 0;
  }
 private:
  ports::HttpPort& port_;
  std::string api_;
};

class PushToTracker {
 public:
  explicit PushToTracker(ports::HttpPort& port) : port_(port) {}
  void run(const domain::Submittal& s) {
    domain::TrackerRow row{"SUB-" + std::to_string(s.id), s.number + " " + s.title,
                           "https://app.procore.com/" + std::to_string(s.project_id) + "/project/submittal_logs/" +
                               std::to_string(s.id)};
    ports::Request req;
    req.method = "POST";
    req.url = "https://tracker.corp.example.com/api/v2/rows";
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = nlohmann::json{{"key", row.key}, {"summary", row.summary}, {"link", row.link}}.dump();
    port_.send(req);
  }
 private:
  ports::HttpPort& port_;
};
}  // namespace app

static std::unique_ptr<ports::HttpPort> compose(const std::string& token, std::int64_t company_id) {
  std::unique_ptr<ports::HttpPort> p = std::make_unique<adapters::CurlHttp>();
  p = std::make_unique<adapters::BearerAuth>(std::move(p), token);
  p = std::make_unique<adapters::CompanyScope>(std::move(p), company_id);
  return std::make_unique<adapters::Retry>(std::move(p), 4);
}

static std::unique_ptr<ports::HttpPort> compose_backfill(const std::string& token) {
  std::unique_ptr<ports::HttpPort> p = std::make_unique<adapters::CurlHttp>();
  p = std::make_unique<adapters::BearerAuth>(std::move(p), token);
  return std::make_unique<adapters::Retry>(std::move(p), 8);
}

int main(int argc, char** argv) {
  if (argc < 2) { std::cerr << "usage: hx_submittal_sync <project_id> [--backfill]\n"; return 2; }
  const char* tok = std::getenv("PROCORE_ACCESS_TOKEN");
  const char* cid = std::getenv("PROCORE_COMPANY_ID");
  if (!tok || !cid) { std::cerr << "PROCORE_ACCESS_TOKEN / PROCORE_COMPANY_ID not set\n"; return 2; }
  const std::int64_t company_id = std::strtoll(cid, nullptr, 10);
  const std::int64_t project_id = std::stoll(argv[1]);
  const app::Environment env = app::environment_from(std::getenv("PROCORE_ENV"));

  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (argc > 2 && std::string(argv[2]) == "--backfill") {
    auto port = compose_backfill(tok);
    app::BackfillClosed backfill(*port, env.api_base);
    std::cout << "closed submittals: " << backfill.run(project_id) << "\n";
    curl_global_cleanup();
    return 0;
  }

  auto procore = compose(tok, company_id);
  adapters::CurlHttp tracker_http;                 // tracker is not Procore: plain adapter
  app::FetchSubmittals fetch(*procore, env.api_base);
  app::PushToTracker push(tracker_http);
  int pushed = 0;
  for (const auto& s : fetch.run(project_id)) {
    push.run(s);
    ++pushed;
  }
  std::cout << "pushed " << pushed << " submittals to tracker\n";
  curl_global_cleanup();
  return 0;
}
