// sd_daily_log_multi_jobs.cpp
//
// End-of-day job against the monthly sandbox: for each project given on the
// command line, reads the day's manpower logs, rolls them up per vendor and
// writes the roll-up back as a notes log entry. One DailyLogJob per project,
// each a small state machine; all transfers share one curl multi handle.
//
//   daily-log-sync <company_id> <YYYY-MM-DD> <project_id>...
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using json = nlohmann::json;

static constexpr const char* kApi = "https://api-monthly.procore.com";
static constexpr int kMaxAttempts = 4;

static size_t collect(char* p, size_t size, size_t n, void* userdata) {
  static_cast<std::string*>(userdata)->append(p, size * n);
  return size * n;
}

// One request, kept alive (and reusable for retries) until its callback ran.
struct Transfer {
  CURL* easy = curl_easy_init();
  curl_slist* headers = nullptr;
  std::string url;
  std::string body;  // non-empty => POST
  std::string response;
  int attempt = 0;
  std::function<void(Transfer&, long)> on_done;

  void add_header(const std::string& h) { headers = curl_slist_append(headers, h.c_str()); }
  ~Transfer() {
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
  }
};
using TransferPtr = std::shared_ptr<Transfer>;

class Loop {
 public:
  using Clock = std::chrono::steady_clock;
  Loop() : multi_(curl_multi_init()) {}
  ~Loop() { curl_multi_cleanup(multi_); }

  void submit(TransferPtr t) {
    t->response.clear();
    curl_easy_setopt(t->easy, CURLOPT_URL, t->url.c_str());
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, &t->response);
    if (!t->body.empty()) curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->body.c_str());
    live_[t->easy] = t;
    curl_multi_add_handle(multi_, t->easy);
  }

  void after(std::chrono::milliseconds delay, std::function<void()> fn) {
    timers_.emplace(Clock::now() + delay, std::move(fn));
  }

  void run() {
    int running = 0;
    while (!live_.empty() || !timers_.empty()) {
      curl_multi_perform(multi_, &running);
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
        if (m->msg != CURLMSG_DONE) continue;
        CURL* easy = m->easy_handle;
        const CURLcode rc = m->data.result;
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        curl_multi_remove_handle(multi_, easy);
        TransferPtr t = live_[easy];
        live_.erase(easy);
        if ((rc != CURLE_OK || status == 429 || status >= 500) && t->attempt < kMaxAttempts) {
          ++t->attempt;
          after(std::chrono::seconds(1 << t->attempt), [this, t] { submit(t); });
          continue;
        }
        t->on_done(*t, status);
      }
      while (!timers_.empty() && timers_.begin()->first <= Clock::now()) {
        auto fn = std::move(timers_.begin()->second);
        timers_.erase(timers_.begin());
        fn();
      }
      curl_multi_poll(multi_, nullptr, 0, 200, nullptr);
    }
  }

 private:
  CURLM* multi_;
  std::map<CURL*, TransferPtr> live_;
  std::multimap<Clock::time_point, std::function<void()>> timers_;
};

struct Auth {
  std::string access_token;
  std::string refresh_token;
};

struct JobSpec {
  int64_t company_id = 0;
  int64_t project_id = 0;
  std::string log_date;
};

struct ManpowerEntry {
  unsigned vendor_id = 0;
  int workers = 0;
  double hours = 0;
};

class DailyLogJob : public std::enable_shared_from_this<DailyLogJob> {
 public:
  enum class State { FetchProject, FetchVendors, FetchManpower, PostNote, Done, Failed };

  DailyLogJob(Loop& loop, const Auth& auth, JobSpec spec)
      : loop_(loop), auth_(auth), spec_(std::move(spec)) {}

  void start() { step(); }

 private:
  void step() {
    auto t = std::make_shared<Transfer>();
    t->add_header("Authorization: Bearer " + auth_.access_token);
    t->add_header("Accept: application/json");
    const std::string company = std::to_string(spec_.company_id);
    const std::string project_path = std::string(kApi) + "/rest/v1.0/projects/" +
                                     std::to_string(spec_.project_id);
    switch (state_) {
      case State::FetchProject:
        t->url = project_path + "?company_id=" + company;
        t->add_header("Procore-Company-Id: " + company);
        return send(t);
      case State::FetchVendors:
        t->url = project_path + "/vendors";
        return send(t);
      case State::FetchManpower:
        t->url = project_path + "/manpower_logs?log_date=" + spec_.log_date;
        t->add_header("Procore-Company-Id: " + company);
        return send(t);
      case State::PostNote:
        t->url = project_path + "/notes_logs";
        t->add_header("Content-Type: application/json");
        t->add_header("Company-Id: " + company);
        t->body = json{{"notes_log", {{"comment", summary()}, {"date", spec_.log_date}}}}.dump();
        return send(t);
      case State::Done:
        std::cout << project_name_ << ": " << entries_.size() << " manpower rows rolled up\n";
        return;
      case State::Failed:
        std::cerr << "project " << spec_.project_id << ": job failed\n";
        return;
    }
  }

  void send(const TransferPtr& t) {
    auto self = shared_from_this();
    t->on_done = [self](Transfer& done, long status) { self->on_response(done, status); };
    loop_.submit(t);
  }

  void on_response(Transfer& t, long status) {
    if (status >= 400) {
      std::cerr << t.url << " -> HTTP " << status << "\n";
      state_ = State::Failed;
      return step();
    }
    json body = json::parse(t.response, nullptr, false);
    switch (state_) {
      case State::FetchProject:
        project_name_ = body.value("name", "project " + std::to_string(spec_.project_id));
        state_ = State::FetchVendors;
        break;
      case State::FetchVendors:
        for (const auto& v : body) vendor_names_[v.at("id").get<int64_t>()] = v.value("name", "");
        state_ = State::FetchManpower;
        break;
      case State::FetchManpower:
        for (const auto& m : body) {
          ManpowerEntry e;
          if (m.contains("vendor") && m["vendor"].is_object())
            e.vendor_id = m["vendor"].at("id").get<int64_t>();
          e.workers = m.value("num_workers", 0);
          e.hours = m.value("num_hours", 0.0);
          entries_.push_back(e);
        }
        state_ = entries_.empty() ? State::Done : State::PostNote;
        break;
      case State::PostNote:
        state_ = State::Done;
        break;
      default:
        return;
    }
    step();
  }

  std::string summary() const {
    std::map<std::string, int> workers;
    for (const auto& e : entries_) {
      auto it = vendor_names_.find(e.vendor_id);
      workers[it == vendor_names_.end() ? "Self-perform" : it->second] += e.workers;
    }
    std::ostringstream out;
    out << "Manpower " << spec_.log_date << ":";
    for (const auto& [name, count] : workers) out << " " << name << "=" << count << ";";
    return out.str();
  }

  Loop& loop_;
  const Auth& auth_;
  JobSpec spec_;
  State state_ = State::FetchProject;
  std::string project_name_;
  std::map<int64_t, std::string> vendor_names_;
  std::vector<ManpowerEntry> entries_;
};

static void start_session(Loop& loop, Auth& auth, const json& creds, std::vector<JobSpec> specs) {
  auto t = std::make_shared<Transfer>();
  t->url = "https://api-monthly.procore.com/oauth/token";
  t->add_header("Content-Type: application/json");
  t->body = creds.dump();
  t->on_done = [&loop, &auth, specs](Transfer& done, long status) {
    if (status != 200) {
      std::cerr << "token refresh failed: HTTP " << status << "\n";
      return;
    }
    const json tok = json::parse(done.response, nullptr, false);
    auth.access_token = tok.value("access_token", "");
    auth.refresh_token = tok.value("refresh_token", auth.refresh_token);

    auto me = std::make_shared<Transfer>();
    me->url = std::string(kApi) + "/rest/v1.0/me";
    me->add_header("Authorization: Bearer " + auth.access_token);
    me->on_done = [&loop, &auth, specs](Transfer& r, long st) {
      if (st == 200) std::cout << "as " << json::parse(r.response, nullptr, false).value("login", "?") << "\n";
      for (const auto& s : specs) std::make_shared<DailyLogJob>(loop, auth, s)->start();
    };
    loop.submit(me);
  };
  loop.submit(t);
}

static void revoke(const Auth& auth, const std::string& client_id, const std::string& secret) {
  CURL* easy = curl_easy_init();
  const std::string form = "client_id=" + client_id + "&client_secret=" + secret + "&token=" + auth.access_token;
  curl_easy_setopt(easy, CURLOPT_URL, "https://login-sandbox-monthly.procore.com/oauth/revoke");
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_perform(easy);
  curl_easy_cleanup(easy);
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: daily-log-sync <company_id> <YYYY-MM-DD> <project_id>...\n";
    return 2;
  }
  const std::string client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  const std::string secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
  Auth auth;
  auth.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";

  std::vector<JobSpec> specs;
  for (int i = 3; i < argc; ++i) {
    JobSpec spec;
    spec.company_id = std::stoll(argv[1]);
    spec.log_date = argv[2];
    spec.project_id = std::stoi(argv[i]);
    specs.push_back(spec);
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  Loop loop;
  start_session(loop, auth, json{{"grant_type", "refresh_token"}, {"client_id", client_id},
                                 {"client_secret", secret}, {"refresh_token", auth.refresh_token}},
                specs);
  loop.run();
  revoke(auth, client_id, secret);
  curl_global_cleanup();
  return 0;
}
