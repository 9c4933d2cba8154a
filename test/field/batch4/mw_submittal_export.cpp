// submittal_export -- dumps a submittal package (log + attachments) to disk
// for the closeout binder. Usage:
//   submittal_export <project_id> [--package <id>] [--out dir]
// Environment: PROCORE_ENV=production|sandbox, PROCORE_TOKEN, PROCORE_COMPANY_ID
#include <curl/curl.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace net {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpResponse {
  long code = 0;
  std::string body;
};

using Next = std::function<HttpResponse(HttpRequest&)>;
using Interceptor = std::function<HttpResponse(HttpRequest&, const Next&)>;

inline std::string procore_header(const std::string& suffix) { return "Procore-" + suffix; }

static size_t sink(char* p, size_t sz, size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, sz * n);
  return sz * n;
}

inline HttpResponse curl_send(HttpRequest& req) {
  HttpResponse out;
  CURL* c = curl_easy_init();
  struct curl_slist* hl = nullptr;
  for (const auto& h : req.headers) hl = curl_slist_append(hl, (h.first + ": " + h.second).c_str());
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
  if (req.method == "POST") curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out.body);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.code);
  curl_slist_free_all(hl);
  curl_easy_cleanup(c);
  return out;
}

class Client {
 public:
  explicit Client(Next terminal) : terminal_(std::move(terminal)) {}
  void add(Interceptor i) { chain_.push_back(std::move(i)); }
  HttpResponse execute(HttpRequest req) { return run(0, req); }

 private:
  HttpResponse run(size_t i, HttpRequest& req) {
    if (i == chain_.size()) return terminal_(req);
    return chain_[i](req, [this, i](HttpRequest& r) { return run(i + 1, r); });
  }
  std::vector<Interceptor> chain_;
  Next terminal_;
};

// --- interceptors --------------------------------------------------------

inline Interceptor bearer(std::string token) {
  return [token](HttpRequest& r, const Next& next) {
    r.headers["Authorization"] = "Bearer " + token;
    return next(r);
  };
}

inline Interceptor user_agent(const std::string& ua) {
  return [ua](HttpRequest& r, const Next& next) {
    r.headers["User-Agent"] = ua;
    return next(r);
  };
}

inline Interceptor company(int64_t company_id) {
  return [company_id](HttpRequest& r, const Next& next) {
    if (r.url.find("/rest/") != std::string::npos)
      r.headers[procore_header("Company-Id")] = std::to_string(company_id);
    return next(r);
  };
}

inline Interceptor backoff(int max_tries) {
  return [max_tries](HttpRequest& r, const Next& next) {
    HttpResponse res;
    for (int t = 0; t < max_tries; ++t) {
      res = next(r);
      if (res.code != 429 && res.code != 503) break;
      std::this_thread::sleep_for(std::chrono::seconds(1 << t));
    }
    return res;
  };
}

}  // namespace net

struct Hosts {
  std::string login;
  std::string api;
};

static Hosts hosts_for(const std::string& env) {
  Hosts h;
  if (env == "sandbox") {
    h.login = "https://sandbox.procore.com";
    h.api = "https://sandbox.procore.com";
  } else {
    h.login = "https://login.procore.com";
    h.api = "https://api.procore.com";
  }
  return h;
}

struct Submittal {
  int64_t id = 0;
  std::string number;
  std::string title;
  std::string status;
  int64_t received_from_id = 0;
  std::vector<std::string> attachment_urls;
};

static std::string env_or(const char* key, const char* dflt) {
  const char* v = std::getenv(key);
  return v ? v : dflt;
}

// Bypasses the interceptor chain entirely -- used for big binary downloads
// and for the approvers call, which the backoff interceptor made painfully slow.
static net::HttpResponse raw_get(const std::string& url, const std::string& token) {
  net::HttpRequest req;
  req.url = url;
  req.headers["Authorization"] = "Bearer " + token;
  return net::curl_send(req);
}

static Json::Value parse(const std::string& body) {
  Json::Value root;
  Json::CharReaderBuilder b;
  std::string errs;
  std::istringstream in(body);
  Json::parseFromStream(b, in, &root, &errs);
  return root;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <project_id> [--package <id>] [--out dir]\n", argv[0]);
    return 2;
  }
  const int64_t project_id = std::stoll(argv[1]);
  std::string package_arg;
  std::string out_dir = ".";
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string opt = argv[i];
    if (opt == "--package") package_arg = argv[i + 1];
    if (opt == "--out") out_dir = argv[i + 1];
  }
  const int package_id = package_arg.empty() ? 0 : std::stoi(package_arg);

  const Hosts hosts = hosts_for(env_or("PROCORE_ENV", "production"));
  const std::string token = env_or("PROCORE_TOKEN", "");
  const int64_t company_id = std::strtoll(env_or("PROCORE_COMPANY_ID", "0").c_str(), nullptr, 10);
  curl_global_init(CURL_GLOBAL_ALL);

  // OAuth client: no bearer, no company scope.
  net::Client oauth(net::curl_send);
  oauth.add(net::user_agent("submittal-export/1.4"));
  net::HttpRequest info;
  info.url = hosts.login + "/oauth/token/info";
  info.headers["Authorization"] = "Bearer " + token;
  if (oauth.execute(info).code != 200) {
    std::cerr << "token is not valid for " << hosts.login << "\n";
    return 1;
  }

  // REST client.
  net::Client api(net::curl_send);
  api.add(net::user_agent("submittal-export/1.4"));
  api.add(net::bearer(token));
  if (company_id != 0) api.add(net::company(company_id));
  if (std::getenv("EXPORT_NO_RETRY") == nullptr) api.add(net::backoff(5));

  std::vector<Submittal> subs;
  for (int page = 1; page < 50; ++page) {
    net::HttpRequest req;
    req.url = hosts.api + "/rest/v1.1/projects/" + std::to_string(project_id) +
              "/submittals?per_page=100&page=" + std::to_string(page);
    if (package_id) req.url += "&filters[submittal_package_id]=" + std::to_string(package_id);
    Json::Value arr = parse(api.execute(req).body);
    if (!arr.isArray() || arr.empty()) break;
    for (const auto& v : arr) {
      Submittal s;
      s.id = v["id"].asInt64();
      s.number = v["number"].asString();
      s.title = v["title"].asString();
      s.status = v["status"]["name"].asString();
      s.received_from_id = v["received_from"]["id"].asInt();
      for (const auto& a : v["attachments"]) s.attachment_urls.push_back(a["url"].asString());
      subs.push_back(s);
    }
  }

  std::ofstream log(out_dir + "/submittal_log.csv");
  log << "number,title,status,approvers\n";
  for (const Submittal& s : subs) {
    std::string approvers_url = hosts.api + "/rest/v1.0/projects/" + std::to_string(project_id) +
                                "/submittals/" + std::to_string(s.id) + "/approvers";
    Json::Value approvers = parse(raw_get(approvers_url, token).body);
    log << s.number << ",\"" << s.title << "\"," << s.status << "," << approvers.size() << "\n";

    int n = 0;
    for (const std::string& url : s.attachment_urls) {
      net::HttpResponse file = raw_get(url, token);
      if (file.code != 200) continue;
      std::ofstream(out_dir + "/" + s.number + "_" + std::to_string(++n) + ".pdf", std::ios::binary)
          << file.body;
    }
  }
  std::cerr << subs.size() << " submittals exported\n";
  curl_global_cleanup();
  return 0;
}
