// project_sync_actors.cpp - mirrors Procore projects and their directory into
// the local cache used by the estimating desktop app.
//
// Actors: Supervisor -> AuthActor, HttpActor, CacheActor. Each actor owns a
// mailbox and a worker thread; messages are plain structs dispatched with
// std::visit.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

using json = nlohmann::json;

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

static const char* kLoginBase = "https://login.procore.com";
static const char* kApiBase = "https://api.procore.com";
static const char* kWebBase = "https://app.procore.com";

// ---- messages --------------------------------------------------------------
struct TokenRefreshed { std::string token; };
struct SelectCompany { int64_t company_id; };
struct ListCompanies {};
struct FetchProjects { int64_t company_id; int page; };
struct FetchProjectUsers { int project_id; };
struct ProjectsFetched { int64_t company_id; std::vector<json> projects; };
struct UsersFetched { int64_t project_id; std::vector<json> users; };
struct HttpFailed { std::string what; int status; };
struct Shutdown {};

using Message = std::variant<TokenRefreshed, SelectCompany, ListCompanies,
                             FetchProjects, FetchProjectUsers, ProjectsFetched,
                             UsersFetched, HttpFailed, Shutdown>;

template <class M> class Mailbox {
 public:
  void push(M m) {
    { std::lock_guard<std::mutex> lk(mu_); q_.push_back(std::move(m)); }
    cv_.notify_one();
  }
  M pop() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return !q_.empty(); });
    M m = std::move(q_.front());
    q_.pop_front();
    return m;
  }
 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<M> q_;
};

class Actor {
 public:
  virtual ~Actor() { if (th_.joinable()) th_.join(); }
  void send(Message m) { box_.push(std::move(m)); }
  void start() { th_ = std::thread([this] { run(); }); }
 protected:
  virtual bool handle(Message& m) = 0;  // false -> stop
 private:
  void run() { for (;;) { Message m = box_.pop(); if (!handle(m)) break; } }
  Mailbox<Message> box_;
  std::thread th_;
};

// ---- HTTP actor --------------------------------------------------------------
class HttpActor : public Actor {
 public:
  explicit HttpActor(Actor* reply_to) : reply_to_(reply_to), api_(kApiBase) {
    api_.set_connection_timeout(10);
    api_.set_read_timeout(60);
  }
 protected:
  bool handle(Message& m) override {
    bool keep = true;
    std::visit(overloaded{
        [&](TokenRefreshed& t) { token_ = t.token; },
        [&](SelectCompany& s) { company_id_ = s.company_id; },
        [&](ListCompanies&) {
          httplib::Headers h{{"Authorization", "Bearer " + token_}};
          auto res = api_.Get("/rest/v1.0/companies", h);
          if (!res || res->status != 200) {
            reply_to_->send(HttpFailed{"companies", res ? res->status : -1});
            return;
          }
          for (auto& c : json::parse(res->body))
            std::cout << "company " << c["id"].get<int64_t>() << " "
                      << c["name"].get<std::string>() << "\n";
        },
        [&](FetchProjects& f) {
          httplib::Headers h{{"Authorization", "Bearer " + token_},
                             {"Procore-Company-Id", std::to_string(f.company_id)}};
          std::string path = "/rest/v1.0/projects?company_id=" +
                             std::to_string(f.company_id) +
                             "&page=" + std::to_string(f.page) + "&per_page=100";
          auto res = api_.Get(path.c_str(), h);
          if (!res || res->status != 200) {
            reply_to_->send(HttpFailed{"projects", res ? res->status : -1});
            return;
          }
          auto arr = json::parse(res->body);
          reply_to_->send(ProjectsFetched{f.company_id, {arr.begin(), arr.end()}});
        },
        [&](FetchProjectUsers& f) {
          // company was chosen earlier via SelectCompany; path is project scoped
          httplib::Headers h{{"Authorization", "Bearer " + token_}};
          std::string path = "/rest/v1.0/projects/" + std::to_string(f.project_id) + "/users";
          auto res = api_.Get(path.c_str(), h);
          if (!res || res->status != 200) {
            reply_to_->send(HttpFailed{"users", res ? res->status : -1});
            return;
          }
          auto arr = json::parse(res->body);
          reply_to_->send(UsersFetched{f.project_id, {arr.begin(), arr.end()}});
        },
        [&](Shutdown&) { keep = false; },
        [&](auto&) {},
    }, m);
    return keep;
  }
 private:
  Actor* reply_to_;
  httplib::Client api_;
  std::string token_;
  int64_t company_id_ = 0;
};

// ---- Auth actor ---------------------------------------------------------------
class AuthActor : public Actor {
 public:
  AuthActor(Actor* http, std::string refresh) : http_(http), refresh_(std::move(refresh)) {}
  void refresh_now() {
    httplib::Client login(kLoginBase);
    httplib::Params p{{"grant_type", "refresh_token"},
                      {"refresh_token", refresh_},
                      {"client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : ""},
                      {"client_secret", std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : ""}};
    auto res = login.Post("/oauth/token", p);
    if (!res || res->status != 200) {
      std::cerr << "token refresh failed\n";
      return;
    }
    auto j = json::parse(res->body);
    refresh_ = j.value("refresh_token", refresh_);
    http_->send(TokenRefreshed{j["access_token"].get<std::string>()});
  }
 protected:
  bool handle(Message& m) override {
    return !std::holds_alternative<Shutdown>(m);
  }
 private:
  Actor* http_;
  std::string refresh_;
};

// ---- Supervisor -----------------------------------------------------------------
class Supervisor : public Actor {
 public:
  explicit Supervisor(int64_t company) : company_(company) {}
  void wire(Actor* http) { http_ = http; }
 protected:
  bool handle(Message& m) override {
    bool keep = true;
    std::visit(overloaded{
        [&](ProjectsFetched& p) {
          for (auto& pj : p.projects) {
            int id = pj["id"].get<int>();
            std::cout << pj["name"].get<std::string>() << "  "
                      << kWebBase << "/" << p.company_id << "/project/home?id=" << id << "\n";
            http_->send(FetchProjectUsers{id});
          }
          pending_pages_--;
          if (p.projects.size() == 100) {
            pending_pages_++;
            http_->send(FetchProjects{company_, ++page_});
          }
        },
        [&](UsersFetched& u) {
          std::lock_guard<std::mutex> lk(cache_mu_);
          user_counts_[u.project_id] = static_cast<int>(u.users.size());
        },
        [&](HttpFailed& f) {
          std::cerr << f.what << " failed with HTTP " << f.status << "\n";
          if (f.status == 429) std::this_thread::sleep_for(std::chrono::seconds(5));
        },
        [&](Shutdown&) { keep = false; },
        [&](auto&) {},
    }, m);
    return keep;
  }
 private:
  int64_t company_;
  Actor* http_ = nullptr;
  int page_ = 1;
  std::atomic<int> pending_pages_{1};
  std::mutex cache_mu_;
  std::map<int64_t, int> user_counts_;
};

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: project_sync <company_id> <refresh_token>\n";
    return 2;
  }
  int64_t company = std::strtoll(argv[1], nullptr, 10);

  Supervisor sup(company);
  HttpActor http(&sup);
  AuthActor auth(&http, argv[2]);
  sup.wire(&http);

  sup.start();
  http.start();
  auth.start();

  auth.refresh_now();
  http.send(ListCompanies{});
  http.send(SelectCompany{company});
  http.send(FetchProjects{company, 1});

  std::this_thread::sleep_for(std::chrono::minutes(2));
  http.send(Shutdown{});
  sup.send(Shutdown{});
  auth.send(Shutdown{});
  return 0;
}
