// submittal_mirror - nightly job against the monthly sandbox that copies
// submittals into the document-control DB and files a GitHub issue when a
// submittal references a vendor we do not know about.
//
// Actors with their own mailbox + thread; std::variant messages; HttpActor does
// all Procore I/O and answers the sender.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

using SubmittalId = int32_t;

struct Actor;
struct RefreshToken { std::string refresh_token; };
struct TokenRefreshed { std::string token; };
struct CompanyChosen { int64_t company_id; };
struct FetchSubmittals { int64_t project_id; int page; Actor* reply_to; };
struct SubmittalsFetched { int64_t project_id; std::vector<SubmittalId> ids; std::vector<int64_t> vendor_ids; };
struct LookupVendor { int64_t vendor_id; Actor* reply_to; };
struct VendorMissing { int64_t vendor_id; };
struct FileIssue { std::string title; };
struct Quit {};

using Msg = std::variant<RefreshToken, TokenRefreshed, CompanyChosen, FetchSubmittals,
                         SubmittalsFetched, LookupVendor, VendorMissing, FileIssue, Quit>;

struct Actor {
  virtual ~Actor() = default;
  void tell(Msg m) {
    std::lock_guard<std::mutex> g(mu_);
    box_.push_back(std::move(m));
    cv_.notify_one();
  }
  void spawn() { th_ = std::thread([this] { loop(); }); }
  void join() { if (th_.joinable()) th_.join(); }
 protected:
  virtual bool on(Msg& m) = 0;
 private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> g(mu_);
      cv_.wait(g, [this] { return !box_.empty(); });
      Msg m = std::move(box_.front());
      box_.pop_front();
      g.unlock();
      if (!on(m)) return;
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Msg> box_;
  std::thread th_;
};

static Json::Value parse(const std::string& s) {
  Json::Value v;
  Json::CharReaderBuilder b;
  std::istringstream in(s);
  std::string err;
  Json::parseFromStream(b, in, &v, &err);
  return v;
}

class HttpActor : public Actor {
 public:
  HttpActor() : cli_("https://api-monthly.procore.com") { cli_.set_read_timeout(90); }
 protected:
  bool on(Msg& m) override {
    bool go = true;
    std::visit(overloaded{
        [&](RefreshToken& r) {
          httplib::Params form{{"grant_type", "refresh_token"}, {"refresh_token", r.refresh_token},
                               {"client_id", client_id_}, {"client_secret", client_secret_}};
          auto res = cli_.Post("/oauth/token", form);
          if (res && res->status == 200) token_ = parse(res->body)["access_token"].asString();
        },
        [&](TokenRefreshed& t) { token_ = t.token; },
        [&](CompanyChosen& c) { company_id_ = c.company_id; },
        [&](FetchSubmittals& f) {
          std::string path = "/rest/v1.1/projects/" + std::to_string(f.project_id) +
                             "/submittals?page=" + std::to_string(f.page) + "&per_page=200";
          auto res = cli_.Get(path.c_str(), headers());
          SubmittalsFetched out{f.project_id, {}, {}};
          if (res && res->status == 200) {
            for (const auto& s : parse(res->body)) {
              out.ids.push_back(s["id"].asInt());
              if (!s["responsible_contractor"].isNull())
                out.vendor_ids.push_back(s["responsible_contractor"]["id"].asUInt());
            }
          }
          f.reply_to->tell(std::move(out));
        },
        [&](LookupVendor& l) {
          httplib::Headers h{{"Authorization", "Bearer " + token_}};
          std::string path = "/rest/v1.0/vendors/" + std::to_string(l.vendor_id) +
                             "?company_id=" + std::to_string(company_id_);
          auto res = cli_.Get(path.c_str(), h);
          if (res && res->status == 404) l.reply_to->tell(VendorMissing{l.vendor_id});
        },
        [&](Quit&) { go = false; },
        [&](auto&) {},
    }, m);
    return go;
  }
 private:
  httplib::Headers headers() const {
    return {{"Authorization", "Bearer " + token_},
            {"Procore-Company-Id", std::to_string(company_id_)}};
  }
  httplib::Client cli_;
  std::string token_;
  std::string client_id_ = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  std::string client_secret_ = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
  int64_t company_id_ = 0;
};

class IssueActor : public Actor {
 protected:
  bool on(Msg& m) override {
    if (std::holds_alternative<Quit>(m)) return false;
    if (auto* fi = std::get_if<FileIssue>(&m)) {
      httplib::Client gh("https://api.github.com");
      httplib::Headers h{{"Authorization", std::string("token ") + (std::getenv("GITHUB_TOKEN") ?: "")},
                         {"Accept", "application/vnd.github+json"}};
      Json::Value body;
      body["title"] = fi->title;
      body["labels"].append("procore-sync");
      auto res = gh.Post("/repos/acme-build/doc-control/issues", h,
                         Json::writeString(Json::StreamWriterBuilder(), body), "application/json");
      if (res && res->status == 201) {
        int issue_number = parse(res->body)["number"].asInt();
        std::cout << "filed issue #" << issue_number << "\n";
      }
    }
    return true;
  }
};

class Supervisor : public Actor {
 public:
  Supervisor(HttpActor* http, IssueActor* issues) : http_(http), issues_(issues) {}
  std::vector<SubmittalId> mirrored;
 protected:
  bool on(Msg& m) override {
    bool go = true;
    std::visit(overloaded{
        [&](SubmittalsFetched& s) {
          mirrored.insert(mirrored.end(), s.ids.begin(), s.ids.end());
          for (int64_t v : s.vendor_ids) http_->tell(LookupVendor{v, this});
          std::cout << "project " << s.project_id << ": " << s.ids.size() << " submittals\n";
        },
        [&](VendorMissing& v) {
          issues_->tell(FileIssue{"Unknown responsible contractor " + std::to_string(v.vendor_id)});
        },
        [&](Quit&) { go = false; },
        [&](auto&) {},
    }, m);
    return go;
  }
 private:
  HttpActor* http_;
  IssueActor* issues_;
};

int main(int argc, char** argv) {
  std::ifstream cfg(argc > 1 ? argv[1] : "mirror.json");
  Json::Value conf;
  cfg >> conf;

  HttpActor http;
  IssueActor issues;
  Supervisor sup(&http, &issues);
  http.spawn();
  issues.spawn();
  sup.spawn();

  http.tell(RefreshToken{conf["refresh_token"].asString()});
  http.tell(CompanyChosen{conf["company_id"].asInt64()});
  for (const auto& p : conf["project_ids"])
    http.tell(FetchSubmittals{p.asInt64(), 1, &sup});

  std::this_thread::sleep_for(std::chrono::minutes(10));
  http.tell(Quit{});
  issues.tell(Quit{});
  sup.tell(Quit{});
  http.join();
  issues.join();
  sup.join();
  return 0;
}
