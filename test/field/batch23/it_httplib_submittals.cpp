// submittal-watch: nightly job that walks all open submittals of a project,
// flags the ones past their due date and posts a digest to a Teams channel.
//
// SubmittalRange hides paging: the iterator holds the client, headers and
// ids, and pulls page N+1 (page/per_page query) only when the current page
// is used up, so `for (auto& s : range)` reads like a plain container loop.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

using json = nlohmann::json;

namespace watch {

constexpr const char* kApiHost = "https://api.procore.com";
constexpr const char* kAuthHost = "https://app.procore.com";
constexpr const char* kTeamsHook = "https://contoso.webhook.office.com";

struct Submittal {
  int64_t id = 0;
  std::string number;
  std::string title;
  std::string due_date;  // YYYY-MM-DD
  std::vector<int64_t> approver_ids;
};

class SubmittalRange {
 public:
  SubmittalRange(httplib::Client& cli, std::string token, int64_t company_id, int64_t project_id)
      : cli_(cli), project_id_(project_id) {
    headers_ = {{"Authorization", "Bearer " + token},
                {"Procore-Company-Id", std::to_string(company_id)}};
  }

  class iterator {
   public:
    iterator() = default;
    explicit iterator(const SubmittalRange* r) : range_(r) { fetch(); }

    const Submittal& operator*() const { return buffer_[pos_]; }
    const Submittal* operator->() const { return &buffer_[pos_]; }

    iterator& operator++() {
      if (++pos_ >= buffer_.size()) {
        if (buffer_.size() < static_cast<size_t>(kPerPage)) {
          range_ = nullptr;  // short page: that was the last one
        } else {
          ++page_;
          fetch();
        }
      }
      return *this;
    }
    bool operator==(const iterator& o) const { return range_ == o.range_; }
    bool operator!=(const iterator& o) const { return !(*this == o); }

   private:
    static constexpr int kPerPage = 200;

    void fetch() {
      std::string path = "/rest/v1.0/projects/" + std::to_string(range_->project_id_) +
                         "/submittals?filters[status_id]=open&page=" + std::to_string(page_) +
                         "&per_page=" + std::to_string(kPerPage);
      auto res = range_->cli_.Get(path.c_str(), range_->headers_);
      buffer_.clear();
      pos_ = 0;
      if (!res || res->status != 200) {
        std::cerr << "page " << page_ << " failed: "
                  << (res ? std::to_string(res->status) : httplib::to_string(res.error())) << "\n";
        range_ = nullptr;
        return;
      }
      for (const auto& j : json::parse(res->body)) {
        Submittal s;
        s.id = j["id"].get<int64_t>();
        s.number = j.value("number", "");
        s.title = j.value("title", "");
        s.due_date = j["due_date"].is_string() ? j["due_date"].get<std::string>() : "";
        for (const auto& a : j.value("approvers", json::array()))
          if (a.contains("user") && a["user"].is_object())
            s.approver_ids.push_back(a["user"]["id"].get<int64_t>());
        buffer_.push_back(std::move(s));
      }
      if (buffer_.empty()) range_ = nullptr;
    }

    const SubmittalRange* range_ = nullptr;
    std::vector<Submittal> buffer_;
    size_t pos_ = 0;
    int page_ = 1;
  };

  iterator begin() const { return iterator(this); }
  iterator end() const { return iterator(); }

 private:
  httplib::Client& cli_;
  httplib::Headers headers_;
  int64_t project_id_;
};

std::string refresh_access_token(const std::string& client_id, const std::string& secret,
                                 const std::string& refresh_token) {
  httplib::Client auth(kAuthHost);
  httplib::Params form{{"grant_type", "refresh_token"},
                       {"client_id", client_id},
                       {"client_secret", secret},
                       {"refresh_token", refresh_token}};
  auto res = auth.Post("/oauth/token", form);
  if (!res || res->status != 200) return {};
  return json::parse(res->body).value("access_token", "");
}

// Approver names are cached; most submittals share the same two reviewers.
std::unordered_map<int, std::string> approver_cache;

std::string approver_name(httplib::Client& cli, const std::string& token, int64_t company_id,
                          int64_t user_id) {
  auto hit = approver_cache.find(user_id);
  if (hit != approver_cache.end()) return hit->second;
  httplib::Headers h{{"Authorization", "Bearer " + token}};
  std::string path = "/rest/v1.0/companies/" + std::to_string(company_id) + "/users/" +
                     std::to_string(user_id);
  auto res = cli.Get(path.c_str(), h);
  std::string name = (res && res->status == 200) ? json::parse(res->body).value("name", "?") : "?";
  approver_cache[user_id] = name;
  return name;
}

bool company_visible(httplib::Client& cli, const std::string& token, int64_t company_id) {
  httplib::Headers h{{"Authorization", "Bearer " + token}};
  auto res = cli.Get("/rest/v1.0/companies", h);
  if (!res || res->status != 200) return false;
  for (const auto& c : json::parse(res->body))
    if (c["id"].get<int64_t>() == company_id) return true;
  return false;
}

std::string today() {
  char buf[16];
  std::time_t now = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

}  // namespace watch

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: submittal-watch <company_id> <project_id>\n";
    return 2;
  }
  const char* cid = std::getenv("PROCORE_CLIENT_ID");
  const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
  const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
  if (!cid || !secret || !refresh) {
    std::cerr << "missing PROCORE_* environment\n";
    return 2;
  }
  int64_t company_id = std::stoll(argv[1]);
  int project_id = std::stoi(argv[2]);

  std::string token = watch::refresh_access_token(cid, secret, refresh);
  if (token.empty()) {
    std::cerr << "token refresh failed\n";
    return 1;
  }

  httplib::Client api(watch::kApiHost);
  api.set_read_timeout(30, 0);
  if (!watch::company_visible(api, token, company_id)) {
    std::cerr << "company " << company_id << " not visible to this token\n";
    return 1;
  }

  const std::string now = watch::today();
  std::string digest;
  int overdue = 0;
  for (const auto& s : watch::SubmittalRange(api, token, company_id, project_id)) {
    if (s.due_date.empty() || s.due_date >= now) continue;
    ++overdue;
    digest += "- #" + s.number + " " + s.title + " (due " + s.due_date + ")";
    for (int64_t uid : s.approver_ids) digest += " @" + watch::approver_name(api, token, company_id, uid);
    digest += "\n";
  }

  if (overdue > 0) {
    httplib::Client teams(watch::kTeamsHook);
    json card{{"text", std::to_string(overdue) + " overdue submittals\n" + digest}};
    auto res = teams.Post("/webhookb2/submittal-watch", card.dump(), "application/json");
    if (!res || res->status >= 300) std::cerr << "Teams post failed\n";
  }
  std::cout << overdue << " overdue submittals\n";
  return 0;
}
