// vendor_directory_sync - headless job run by the ERP bridge. Authenticates as a
// Developer Managed Service Account (client_credentials grant) and copies the
// company vendor list and company users into the ERP staging tables.
//
// Actor layout: Supervisor owns TokenActor and HttpActor. Messages are plain
// structs in a std::variant, each actor drains its own mailbox on its own thread.
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Exception.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <list>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

using nlohmann::json;

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

namespace cfg {
const std::string kLogin = "https://login.procore.com";
const std::string kApi = "https://api.procore.com";
const std::string kDocs = "https://developers.procore.com/documentation/developer-managed-service-accounts";
}  // namespace cfg

// ---- messages ----
struct TokenIssued { std::string access_token; int expires_in; };
struct SetCompany { int64_t company_id; };
struct ListCompanies {};
struct FetchMe {};
struct FetchVendors { int64_t company_id; int page; };
struct FetchCompanyUsers { int64_t company_id; };
struct VendorsPage { std::vector<int64_t> vendor_ids; int page; bool last; };
struct UsersLoaded { std::vector<uint64_t> user_ids; };
struct RevokeToken {};
struct Failed { std::string op; long status; };
struct Shutdown {};

using Message = std::variant<TokenIssued, SetCompany, ListCompanies, FetchMe,
                             FetchVendors, FetchCompanyUsers, VendorsPage,
                             UsersLoaded, RevokeToken, Failed, Shutdown>;

class Mailbox {
 public:
  void push(Message m) {
    std::lock_guard<std::mutex> lk(mu_);
    q_.push_back(std::move(m));
    cv_.notify_one();
  }
  Message pop() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return !q_.empty(); });
    Message m = std::move(q_.front());
    q_.pop_front();
    return m;
  }
 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Message> q_;
};

struct Reply { long status = 0; std::string body; };

static Reply http(const std::string& method, const std::string& url,
                  std::list<std::string> headers, const std::string& body = {}) {
  Reply r;
  std::ostringstream out;
  curlpp::Easy req;
  req.setOpt(curlpp::options::Url(url));
  req.setOpt(curlpp::options::CustomRequest(method));
  req.setOpt(curlpp::options::HttpHeader(headers));
  req.setOpt(curlpp::options::WriteStream(&out));
  if (!body.empty()) req.setOpt(curlpp::options::PostFields(body));
  req.perform();
  r.status = curlpp::infos::ResponseCode::get(req);
  r.body = out.str();
  return r;
}

class HttpActor {
 public:
  explicit HttpActor(Mailbox* parent) : parent_(parent), th_([this] { run(); }) {}
  ~HttpActor() { th_.join(); }
  Mailbox& box() { return box_; }

 private:
  std::list<std::string> base() const { return {"Authorization: Bearer " + token_, "Accept: application/json"}; }

  void run() {
    bool alive = true;
    while (alive) {
      Message m = box_.pop();
      std::visit(overloaded{
          [&](TokenIssued& t) { token_ = t.access_token; },
          [&](SetCompany& s) { company_id_ = s.company_id; },
          [&](ListCompanies&) {
            Reply r = http("GET", cfg::kApi + "/rest/v1.0/companies", base());
            if (r.status != 200) { parent_->push(Failed{"companies", r.status}); return; }
            for (auto& c : json::parse(r.body))
              std::clog << "visible company " << c.at("id").get<int64_t>() << "\n";
          },
          [&](FetchMe&) {
            auto h = base();
            h.push_back("Procore-Company-Id: " + std::to_string(company_id_));
            Reply r = http("GET", cfg::kApi + "/rest/v1.0/me", h);
            if (r.status == 200)
              std::clog << "service account user " << json::parse(r.body).at("id").get<int64_t>() << "\n";
          },
          [&](FetchVendors& f) {
            auto h = base();
            h.push_back("Procore-Company-Id: " + std::to_string(f.company_id));
            std::string url = cfg::kApi + "/rest/v1.0/vendors?company_id=" + std::to_string(f.company_id) +
                              "&page=" + std::to_string(f.page) + "&per_page=500";
            Reply r = http("GET", url, h);
            if (r.status != 200) { parent_->push(Failed{"vendors", r.status}); return; }
            VendorsPage vp{{}, f.page, false};
            for (auto& v : json::parse(r.body)) vp.vendor_ids.push_back(v.at("id").get<int64_t>());
            vp.last = vp.vendor_ids.size() < 500;
            parent_->push(std::move(vp));
          },
          [&](FetchCompanyUsers& f) {
            auto h = base();
            h.push_back("X-Procore-Company-Id: " + std::to_string(f.company_id));
            Reply r = http("GET", cfg::kApi + "/rest/v1.0/companies/" + std::to_string(f.company_id) + "/users", h);
            if (r.status != 200) { parent_->push(Failed{"users", r.status}); return; }
            UsersLoaded ul;
            for (auto& u : json::parse(r.body)) ul.user_ids.push_back(u.at("id").get<uint64_t>());
            parent_->push(std::move(ul));
          },
          [&](RevokeToken&) {
            std::string form = "token=" + token_ + "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
                               "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
            http("POST", cfg::kApi + "/oauth/revoke", {"Content-Type: application/x-www-form-urlencoded"}, form);
          },
          [&](Shutdown&) { alive = false; },
          [&](auto&) {},
      }, m);
    }
  }

  Mailbox box_;
  Mailbox* parent_;
  std::string token_;
  int64_t company_id_ = 0;
  std::thread th_;
};

class TokenActor {
 public:
  explicit TokenActor(Mailbox* http) : http_(http) {}
  int fetch() {
    std::string form = std::string("grant_type=client_credentials") +
                       "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
                       "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
    Reply r = http("POST", cfg::kLogin + "/oauth/token",
                   {"Content-Type: application/x-www-form-urlencoded"}, form);
    if (r.status != 200) {
      std::cerr << "client_credentials grant failed (" << r.status << "), see " << cfg::kDocs << "\n";
      return -1;
    }
    auto j = json::parse(r.body);
    int ttl = j.value("expires_in", 5400);
    http_->push(TokenIssued{j.at("access_token").get<std::string>(), ttl});
    return ttl;
  }
 private:
  Mailbox* http_;
};

int main() {
  curlpp::Cleanup cleanup;
  const char* env_company = std::getenv("PROCORE_COMPANY_ID");
  if (!env_company || !std::getenv("PROCORE_CLIENT_ID") || !std::getenv("PROCORE_CLIENT_SECRET")) {
    std::cerr << "PROCORE_COMPANY_ID, PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET are required\n";
    return 2;
  }
  int company_id = std::stoi(env_company);

  Mailbox supervisor;
  HttpActor http(&supervisor);
  TokenActor tokens(&http.box());
  if (tokens.fetch() < 0) { http.box().push(Shutdown{}); return 1; }

  http.box().push(SetCompany{company_id});
  http.box().push(ListCompanies{});
  http.box().push(FetchMe{});
  http.box().push(FetchVendors{company_id, 1});
  http.box().push(FetchCompanyUsers{company_id});

  size_t vendors = 0, users = 0;
  int outstanding = 2, failures = 0;
  while (outstanding > 0) {
    Message m = supervisor.pop();
    std::visit(overloaded{
        [&](VendorsPage& p) {
          vendors += p.vendor_ids.size();
          if (p.last) --outstanding;
          else http.box().push(FetchVendors{company_id, p.page + 1});
        },
        [&](UsersLoaded& u) { users = u.user_ids.size(); --outstanding; },
        [&](Failed& f) { std::cerr << f.op << ": HTTP " << f.status << "\n"; ++failures; --outstanding; },
        [&](auto&) {},
    }, m);
  }
  std::cout << "staged " << vendors << " vendors, " << users << " users, " << failures << " failures\n";
  http.box().push(RevokeToken{});
  http.box().push(Shutdown{});
  return failures ? 1 : 0;
}
