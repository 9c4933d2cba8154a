// rfi_export: dump every RFI of a Procore project into a CSV file.
//
// Pages are pulled lazily: RfiPages::begin() fetches page 1 and each
// iterator increment follows the rel="next" URL from the Link header, so
// a 20k-RFI project never sits in memory at once.
//
// usage: rfi_export <company_id> <project_id> <out.csv>
//        PROCORE_TOKEN must hold a valid access token.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const char* kApiBase = "https://api.procore.com";
const char* kWebBase = "https://app.procore.com";

struct HttpReply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

size_t on_body(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* out = static_cast<std::string*>(userdata);
  out->append(data, size * nmemb);
  return size * nmemb;
}

size_t on_header(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* out = static_cast<std::map<std::string, std::string>*>(userdata);
  std::string line(data, size * nmemb);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    (*out)[name] = value;
  }
  return size * nmemb;
}

// Link: <https://api.procore.com/rest/v1.0/projects/1/rfis?page=2>; rel="next", <...>; rel="last"
std::string next_link(const std::string& link) {
  size_t pos = 0;
  while ((pos = link.find('<', pos)) != std::string::npos) {
    size_t close = link.find('>', pos);
    if (close == std::string::npos) break;
    size_t rel = link.find("rel=\"next\"", close);
    size_t comma = link.find(',', close);
    if (rel != std::string::npos && (comma == std::string::npos || rel < comma))
      return link.substr(pos + 1, close - pos - 1);
    pos = close;
  }
  return {};
}

struct Rfi {
  int64_t id = 0;
  std::string number;
  std::string subject;
  std::string status;
  long assignee_id = 0;
};

class RfiPages {
 public:
  RfiPages(std::string token, int64_t company_id, int64_t project_id, int per_page)
      : token_(std::move(token)), company_id_(company_id), project_id_(project_id),
        per_page_(per_page) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = std::vector<Rfi>;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type*;
    using reference = const value_type&;

    iterator() = default;
    explicit iterator(RfiPages* owner) : owner_(owner) { load(owner_->first_url()); }

    reference operator*() const { return page_; }
    pointer operator->() const { return &page_; }
    iterator& operator++() {
      if (next_url_.empty()) {
        owner_ = nullptr;
      } else {
        load(next_url_);
      }
      return *this;
    }
    bool operator!=(const iterator& other) const { return owner_ != other.owner_; }
    int page_number() const { return page_number_; }

   private:
    void load(const std::string& url) {
      HttpReply reply = owner_->get(url);
      if (reply.status != 200)
        throw std::runtime_error("RFI list failed with HTTP " + std::to_string(reply.status));
      auto doc = nlohmann::json::parse(reply.body);
      page_.clear();
      for (const auto& j : doc) {
        Rfi r;
        r.id = j.at("id").get<int64_t>();
        r.number = j.value("number", "");
        r.subject = j.value("subject", "");
        r.status = j.value("status", "");
        if (j.contains("assignee") && j["assignee"].is_object())
          r.assignee_id = j["assignee"]["id"].get<long>();
        page_.push_back(std::move(r));
      }
      ++page_number_;
      next_url_ = next_link(reply.headers["link"]);
      if (page_.empty()) owner_ = nullptr;
    }

    RfiPages* owner_ = nullptr;
    std::vector<Rfi> page_;
    std::string next_url_;
    int page_number_ = 0;
  };

  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

 private:
  std::string first_url() const {
    return std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id_) +
           "/rfis?page=1&per_page=" + std::to_string(per_page_);
  }

  HttpReply get(const std::string& url) {
    HttpReply reply;
    CURL* curl = curl_easy_init();
    struct curl_slist* hdrs = nullptr;
    hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + token_).c_str());
    hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(company_id_)).c_str());
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
    CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return reply;
  }

  std::string token_;
  int64_t company_id_;
  int64_t project_id_;
  int per_page_;
};

// Question text is only in the detail payload, not in the list.
std::string fetch_question(const std::string& token, int64_t project_id, int64_t rfi_id) {
  std::string body;
  CURL* curl = curl_easy_init();
  struct curl_slist* hdrs = nullptr;
  hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + token).c_str());
  std::string url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) +
                    "/rfis/" + std::to_string(rfi_id);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return {};
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.contains("questions") || doc["questions"].empty()) return {};
  return doc["questions"][0].value("plain_text_body", "");
}

// Sanity check of the token before a long export.
std::string whoami(const std::string& token) {
  std::string body;
  CURL* curl = curl_easy_init();
  struct curl_slist* hdrs = nullptr;
  hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + token).c_str());
  std::string url = std::string(kApiBase) + "/rest/v1.0/me";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_perform(curl);
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(curl);
  auto doc = nlohmann::json::parse(body, nullptr, false);
  return doc.is_discarded() ? std::string() : doc.value("login", "");
}

std::string csv_escape(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: rfi_export <company_id> <project_id> <out.csv>\n";
    return 2;
  }
  const char* token = std::getenv("PROCORE_TOKEN");
  if (!token) {
    std::cerr << "PROCORE_TOKEN not set\n";
    return 2;
  }
  int64_t company_id = std::stoll(argv[1]);
  int64_t project_id = std::atoi(argv[2]);

  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::cerr << "exporting as " << whoami(token) << "\n";

  std::ofstream csv(argv[3]);
  csv << "id,number,subject,status,assignee_id,question,link\n";
  int exported = 0;
  RfiPages pages(token, company_id, project_id, 100);
  for (auto it = pages.begin(); it != pages.end(); ++it) {
    for (const Rfi& rfi : *it) {
      std::string link = std::string(kWebBase) + "/" + std::to_string(company_id) + "/project/rfi/show/" +
                         std::to_string(rfi.id);
      csv << rfi.id << ',' << csv_escape(rfi.number) << ',' << csv_escape(rfi.subject) << ','
          << rfi.status << ',' << rfi.assignee_id << ','
          << csv_escape(fetch_question(token, project_id, rfi.id)) << ',' << link << '\n';
      ++exported;
    }
    std::fprintf(stderr, "page %d done, %d RFIs so far\n", it.page_number(), exported);
  }
  curl_global_cleanup();
  std::cerr << "wrote " << exported << " RFIs to " << argv[3] << "\n";
  return 0;
}
