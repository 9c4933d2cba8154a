// RUN: %check_mpr_lint %s procore-company-header %t -- --config="{CheckOptions: {procore-company-header.RequestFunctions: 'ProcoreClient::get(url=0, base=BaseUrl); ProcoreClient::post(url=0, headers=1, base=BaseUrl, method=POST)'}}" -- -std=c++17
// The same wrappers given once for all checks, as a global option:
// RUN: %check_mpr_lint %s procore-company-header %t-global -- --config="{CheckOptions: {RequestFunctions: 'ProcoreClient::get(url=0, base=BaseUrl); ProcoreClient::post(url=0, headers=1, base=BaseUrl, method=POST)'}}" -- -std=c++17

// User wrappers declared in RequestFunctions are judged at their calls: the
// URL is the BaseUrl member plus the url argument; the header is there when
// the headers argument carries it or the wrapper's body mentions it. The
// libcurl calls inside the wrappers are not reported themselves.

#include <curl/curl.h>

#include <string>
#include <vector>

namespace api {
// A client that never sends the company header.
class ProcoreClient {
public:
  explicit ProcoreClient(long long CompanyId) : company_id(CompanyId) {}

  long get(const std::string &Path) const {
    CURL *Curl = curl_easy_init();
    curl_easy_setopt(Curl, CURLOPT_URL, (BaseUrl + Path).c_str());
    CURLcode Result = curl_easy_perform(Curl);
    curl_easy_cleanup(Curl);
    return Result;
  }

  long post(const std::string &Path, const std::vector<std::string> &Headers) const {
    CURL *Curl = curl_easy_init();
    curl_slist *List = nullptr;
    for (const std::string &Line : Headers)
      List = curl_slist_append(List, Line.c_str());
    curl_easy_setopt(Curl, CURLOPT_URL, (BaseUrl + Path).c_str());
    curl_easy_setopt(Curl, CURLOPT_POSTFIELDS, "{}");
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
    CURLcode Result = curl_easy_perform(Curl);
    curl_slist_free_all(List);
    curl_easy_cleanup(Curl);
    return Result;
  }

private:
  std::string BaseUrl = "https://api.procore.com";
  long long company_id;
};
} // namespace api

namespace sandbox {
// The base is set in the constructor.
class ProcoreClient {
public:
  ProcoreClient() : BaseUrl("https://sandbox.procore.com") {}
  long get(const std::string &Path) const {
    CURL *Curl = curl_easy_init();
    curl_easy_setopt(Curl, CURLOPT_URL, (BaseUrl + Path).c_str());
    return curl_easy_perform(Curl);
  }

private:
  std::string BaseUrl;
};
} // namespace sandbox

namespace compliant {
// A client that adds the header itself.
class ProcoreClient {
public:
  long get(const std::string &Path) const {
    CURL *Curl = curl_easy_init();
    std::string Line = "Procore-Company-Id: " + CompanyId;
    curl_slist *List = curl_slist_append(nullptr, Line.c_str());
    curl_easy_setopt(Curl, CURLOPT_URL, (BaseUrl + Path).c_str());
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
    return curl_easy_perform(Curl);
  }
  std::string CompanyId = "42";
  static constexpr const char *BaseUrl = "https://api.procore.com";
};
} // namespace compliant

namespace configured {
// The base comes from whoever builds the client.
class ProcoreClient {
public:
  explicit ProcoreClient(std::string Base) : BaseUrl(std::move(Base)) {}
  long get(const std::string &Path) const {
    CURL *Curl = curl_easy_init();
    curl_easy_setopt(Curl, CURLOPT_URL, (BaseUrl + Path).c_str());
    return curl_easy_perform(Curl);
  }
  std::string BaseUrl;
};
} // namespace configured

namespace github {
// Not Procore.
struct ProcoreClient {
  long get(const std::string &Path) const {
    CURL *Curl = curl_easy_init();
    curl_easy_setopt(Curl, CURLOPT_URL, (BaseUrl + Path).c_str());
    return curl_easy_perform(Curl);
  }
  std::string BaseUrl = "https://api.github.com";
};
} // namespace github

static const std::string kProjects = "/rest/v1.0/projects";

// --- Positives ----------------------------------------------------------------
// Wrappers have no fix-it row, so none of these expects a CHECK-FIXES.

void positives(const api::ProcoreClient &Client, const sandbox::ProcoreClient &Sandbox) {
  Client.get("/rest/v1.0/projects");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]

  Client.get(kProjects + "/7/rfis");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]

  Client.get(
      "/rest/v1.1/projects/7/submittals");
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.1/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: URL set here

  Sandbox.get("/vapid/projects/7/drawings");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/vapid/projects/7/drawings' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]

  // method=POST: /companies is not exempt.
  std::vector<std::string> Json;
  Json.push_back("Content-Type: application/json");
  Client.post("/rest/v1.0/companies", Json);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]

  // The header is there with an empty value.
  std::vector<std::string> Empty;
  Empty.push_back("Procore-Company-Id:");
  Client.post("/rest/v1.0/projects/7/rfis", Empty);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: header set here
}

// --- Negatives ----------------------------------------------------------------

void negatives(const api::ProcoreClient &Client, const compliant::ProcoreClient &Good,
               const configured::ProcoreClient &Configured,
               const github::ProcoreClient &GitHub, const std::string &AnyPath) {
  // The wrapper's body sets the header.
  Good.get("/rest/v1.0/projects");

  // The headers argument carries it, in any case.
  std::vector<std::string> Headers;
  Headers.push_back("procore-company-id: 42");
  Client.post("/rest/v1.0/projects/7/rfis", Headers);
  Client.post("/rest/v1.0/projects/7/rfis", {"Accept: application/json", "Procore-Company-Id: 42"});

  // Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
  Client.get("/rest/v1.0/me");
  Client.get("/rest/v1.0/companies");

  // OAuth never needs it.
  Client.get("/oauth/token/info");

  // Other hosts.
  GitHub.get("/rest/v1.0/projects");

  // A base the analysis cannot see, with a Procore REST path, in a file that
  // names a Procore host: judged as a Procore request.
  Configured.get("/rest/v1.0/projects");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // A path the analysis cannot see.
  Client.get(AnyPath);
}
