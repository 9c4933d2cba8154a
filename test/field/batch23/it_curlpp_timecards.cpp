// timecard-bridge: weekly push of approved Procore timecard entries into the
// payroll system.
//
// Paged<T> is a generic lazy range over a Procore list endpoint. The iterator
// keeps the request state (next URL from the Link header, token, company id)
// and only performs the next request when the buffered page runs out.

#include <curlpp/Easy.hpp>
#include <curlpp/Exception.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <list>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using json = nlohmann::json;

static const std::string kProcoreApi = "https://api.procore.com";
static const std::string kPayrollApi = "https://payroll.internal.example.com/api/v3";

struct Response {
  long status = 0;
  std::string body;
  std::string next_url;
};

static std::string parse_next(const std::string& header_line) {
  // link: <https://api.procore.com/rest/v1.0/...?page=2&per_page=100>; rel="next", ...
  auto rel = header_line.find("rel=\"next\"");
  if (rel == std::string::npos) return {};
  auto lt = header_line.rfind('<', rel);
  auto gt = header_line.find('>', lt);
  return header_line.substr(lt + 1, gt - lt - 1);
}

static Response fetch_json(const std::string& url, const std::string& token,
                           std::optional<int64_t> company_id = std::nullopt) {
  Response r;
  std::ostringstream body;
  std::list<std::string> headers{"Authorization: Bearer " + token, "Accept: application/json"};
  if (company_id) headers.push_back("Procore-Company-Id: " + std::to_string(*company_id));

  curlpp::Easy easy;
  easy.setOpt(curlpp::options::Url(url));
  easy.setOpt(curlpp::options::HttpHeader(headers));
  easy.setOpt(curlpp::options::WriteStream(&body));
  easy.setOpt(curlpp::options::HeaderFunction([&r](char* data, size_t size, size_t n) {
    std::string line(data, size * n);
    if (line.size() > 5 && (line.compare(0, 5, "Link:") == 0 || line.compare(0, 5, "link:") == 0))
      r.next_url = parse_next(line);
    return size * n;
  }));
  easy.perform();
  r.status = curlpp::infos::ResponseCode::get(easy);
  r.body = body.str();
  return r;
}

template <class T>
class Paged {
 public:
  using Parser = std::function<T(const json&)>;

  Paged(std::string first_url, std::string token, int64_t company_id, Parser parse)
      : first_url_(std::move(first_url)), token_(std::move(token)), company_id_(company_id),
        parse_(std::move(parse)) {}

  class iterator {
   public:
    iterator() = default;
    iterator(const Paged* owner, std::string url) : owner_(owner), next_url_(std::move(url)) { pull(); }

    const T& operator*() const { return items_[idx_]; }
    iterator& operator++() {
      if (++idx_ >= items_.size()) pull();
      return *this;
    }
    bool operator!=(const iterator& other) const { return owner_ != other.owner_; }

   private:
    void pull() {
      items_.clear();
      idx_ = 0;
      if (next_url_.empty()) {
        owner_ = nullptr;
        return;
      }
      Response r = fetch_json(next_url_, owner_->token_, owner_->company_id_);
      if (r.status != 200) {
        std::cerr << "GET " << next_url_ << " -> " << r.status << "\n";
        owner_ = nullptr;
        return;
      }
      for (const auto& j : json::parse(r.body)) items_.push_back(owner_->parse_(j));
      next_url_ = r.next_url;
      if (items_.empty()) owner_ = nullptr;
    }

    const Paged* owner_ = nullptr;
    std::string next_url_;
    std::vector<T> items_;
    size_t idx_ = 0;
  };

  iterator begin() const { return iterator(this, first_url_); }
  iterator end() const { return iterator(); }

 private:
  std::string first_url_;
  std::string token_;
  int64_t company_id_;
  Parser parse_;
};

struct TimecardEntry {
  int64_t id = 0;
  int64_t party_id = 0;
  uint32_t cost_code_id = 0;
  std::string date;
  double hours = 0.0;
  std::string status;
};

static TimecardEntry parse_entry(const json& j) {
  TimecardEntry e;
  e.id = j.at("id").get<int64_t>();
  if (j.contains("party") && j["party"].is_object()) e.party_id = j["party"]["id"].get<int64_t>();
  if (j.contains("cost_code") && j["cost_code"].is_object())
    e.cost_code_id = j["cost_code"]["id"].get<uint32_t>();
  e.date = j.value("date", "");
  e.hours = std::stod(j.value("hours", std::string("0")));
  e.status = j.value("status", "");
  return e;
}

static bool push_to_payroll(const std::string& payroll_key, const json& batch) {
  std::ostringstream sink;
  std::string payload = batch.dump();
  curlpp::Easy easy;
  easy.setOpt(curlpp::options::Url(kPayrollApi + "/timecards/import"));
  easy.setOpt(curlpp::options::HttpHeader(
      {"Content-Type: application/json", "X-Api-Key: " + payroll_key}));
  easy.setOpt(curlpp::options::PostFields(payload));
  easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(payload.size())));
  easy.setOpt(curlpp::options::WriteStream(&sink));
  easy.perform();
  return curlpp::infos::ResponseCode::get(easy) < 300;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: timecard-bridge <company_id> <project_id> <week_start YYYY-MM-DD>\n";
    return 2;
  }
  const char* token = std::getenv("PROCORE_TOKEN");
  const char* payroll_key = std::getenv("PAYROLL_API_KEY");
  if (!token || !payroll_key) return 2;
  const int64_t company_id = std::strtoll(argv[1], nullptr, 10);
  const int64_t project_id = std::strtoll(argv[2], nullptr, 10);
  const std::string week_start = argv[3];

  curlpp::Cleanup cleanup;
  try {
    Response me = fetch_json(kProcoreApi + "/rest/v1.0/me", token);
    if (me.status != 200) {
      std::cerr << "token rejected (" << me.status << ")\n";
      return 1;
    }

    Response project = fetch_json(kProcoreApi + "/rest/v1.0/projects/" + std::to_string(project_id) +
                                      "?company_id=" + std::to_string(company_id),
                                  token);
    std::string project_name = json::parse(project.body).value("name", "?");

    const std::string first = kProcoreApi + "/rest/v1.0/projects/" + std::to_string(project_id) +
                              "/timecard_entries?filters[date]=" + week_start + "&per_page=100&page=1";
    Paged<TimecardEntry> entries(first, token, company_id, parse_entry);

    json batch = json::array();
    int count = 0;
    for (auto it = entries.begin(); it != entries.end(); ++it) {
      const TimecardEntry& e = *it;
      if (e.status != "approved") continue;
      batch.push_back({{"external_id", e.id},
                       {"worker_id", e.party_id},
                       {"cost_code", e.cost_code_id},
                       {"date", e.date},
                       {"hours", e.hours}});
      ++count;
    }

    std::printf("project %ld (%s): %d approved entries\n", project_id, project_name.c_str(), count);
    if (count > 0 && !push_to_payroll(payroll_key, batch)) {
      std::cerr << "payroll import failed\n";
      return 1;
    }
  } catch (const curlpp::RuntimeError& e) {
    std::cerr << "network error: " << e.what() << "\n";
    return 1;
  } catch (const curlpp::LogicError& e) {
    std::cerr << "curlpp misuse: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
