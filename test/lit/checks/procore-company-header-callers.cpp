// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <curl/curl.h>
#include <httplib.h>
#include <string>
#include <utility>
#include <vector>

// Where a finding goes: a helper that decides the headers itself is
// reported once, at its send; a helper whose callers decide them is
// reported at each call that makes a faulty request.

struct Request {
  std::string Path;
  std::vector<std::pair<std::string, std::string>> Headers;
};

// The caller's client: this send cannot see the base, the path still says
// where the request goes.
static int send(httplib::Client &Api, const Request &R) {
  httplib::Headers Sent;
  for (const auto &[Name, Value] : R.Headers)
    Sent.emplace(Name, Value);
  return Api.Get(R.Path, Sent)->status;
}

// The helper never adds the header, whoever calls it: one finding, here.
static int fetch(const std::string &Path) {
  httplib::Client Own("https://api.procore.com");
  return Own.Get(Path, {{"Accept", "application/json"}})->status;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/1/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE+62]]:13: note: request built here
  // CHECK-MESSAGES: :[[@LINE-3]]:10: warning: Procore API request to '/rest/v1.0/projects/1/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE+61]]:13: note: request built here
}

// The caller's client may carry default headers: its calls decide.
static int fetchWith(httplib::Client &Api, const std::string &Path) {
  return Api.Get(Path, {{"Accept", "application/json"}})->status;
}

// A flag with a default the caller does not override.
static int scoped(httplib::Client &Api, const std::string &Path,
                  bool Company = true) {
  httplib::Headers Sent{{"Accept", "application/json"}};
  if (Company)
    Sent.emplace("Procore-Company-Id", "42");
  return Api.Get(Path, Sent)->status;
}

// A curl handle set up by the caller: its options reach the send through a
// parameter, so the chain is followed out to main, but the request is made
// (URL and headers) by the call in listCompanies.
static long perform(CURL *Curl, const char *Url, curl_slist *Headers) {
  curl_easy_setopt(Curl, CURLOPT_URL, Url);
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

static long listCompanies(CURL *Curl) {
  curl_slist *Headers = curl_slist_append(nullptr, "Accept: application/json");
  return perform(Curl, "https://api.procore.com/rest/v1.0/projects", Headers);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:10: note: sent here
}

// A header list kept in a member and grown from itself.
struct Transfer {
  CURL *Curl = nullptr;
  curl_slist *Headers = nullptr;
  void prepare() {
    Headers = curl_slist_append(Headers, "Accept: application/json");
    Headers = curl_slist_append(Headers, "Procore-Company-Id: 42");
    curl_easy_setopt(Curl, CURLOPT_URL, "https://api.procore.com/rest/v1.0/vendors");
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  }
  CURLcode run() { return curl_easy_perform(Curl); }
};

int main() {
  httplib::Client Api("https://api.procore.com");
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_TIMEOUT, 30L);

  // Built in place with the header: nothing to report.
  Request Braced{"/rest/v1.0/projects", {{"Procore-Company-Id", "42"}}};
  int Status = send(Api, Braced);

  Request Bare{"/rest/v1.0/vendors", {{"Accept", "application/json"}}};
  Status += send(Api, Bare);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-68]]:10: note: sent here

  Status += fetch("/rest/v1.0/projects/1/rfis");
  Status += fetch("/rest/v1.0/projects/1/submittals");
  Status += fetchWith(Api, "/rest/v1.0/me");
  Status += fetchWith(Api, "/rest/v1.0/offices");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.0/offices' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-60]]:10: note: sent here
  Status += scoped(Api, "/rest/v1.0/projects/1/tasks");
  Status += static_cast<int>(listCompanies(Curl));

  Transfer T;
  T.prepare();
  T.run();
  return Status;
}

// An optional extra header passed as a pointer: the caller's nullptr or
// text settles `if (Extra)`.
static long sendLine(const std::string &Url, const char *Extra) {
  CURL *Curl = curl_easy_init();
  curl_slist *Lines = curl_slist_append(nullptr, "Authorization: Bearer t");
  if (Extra)
    Lines = curl_slist_append(Lines, Extra);
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Lines);
  return curl_easy_perform(Curl);
}

long optionalLines(const std::string &Company) {
  std::string Line = "Procore-Company-Id: " + Company;
  long Status =
      sendLine("https://api.procore.com/rest/v1.0/projects", Line.c_str());
  Status += sendLine("https://api.procore.com/rest/v1.0/vendors", nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: sent here
  return Status;
}
