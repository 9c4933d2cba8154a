// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A class that owns a libcurl handle and its header list: the constructor
// makes the handle with curl_easy_init (a new request, nothing on it yet),
// a method appends lines to the member list, another sends. Each object
// holds the lines appended through its own calls, read with their
// arguments; the lines appended to other objects are not on it.

#include <curl/curl.h>

#include <cstdint>
#include <string>

class Easy {
public:
  Easy() : Handle(curl_easy_init()) {}
  ~Easy() {
    curl_slist_free_all(Lines);
    curl_easy_cleanup(Handle);
  }
  Easy(const Easy &) = delete;
  Easy &operator=(const Easy &) = delete;

  void header(const std::string &Line) {
    Lines = curl_slist_append(Lines, Line.c_str());
  }
  long send(const std::string &Url) {
    curl_easy_setopt(Handle, CURLOPT_URL, Url.c_str());
    curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Lines);
    long Status = 0;
    if (curl_easy_perform(Handle) == CURLE_OK)
      curl_easy_getinfo(Handle, CURLINFO_RESPONSE_CODE, &Status);
    return Status;
  }

private:
  CURL *Handle;
  curl_slist *Lines = nullptr;
};

const std::string Api = "https://api.procore.com/rest/v1.0";

long listRfis(const std::string &Token, std::int64_t Company) {
  Easy E;
  E.header("Authorization: Bearer " + Token);
  E.header("Procore-Company-Id: " + std::to_string(Company));
  return E.send(Api + "/projects/7/rfis");
}

long listSubmittals(const std::string &Token, std::int64_t Company) {
  Easy E;
  E.header("Authorization: Bearer " + Token);
  E.header("X-Procore-Company-Id: " + std::to_string(Company));
  return E.send(Api + "/projects/7/submittals");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :31:9: note: sent here
  // CHECK-MESSAGES: :[[@LINE-4]]:12: note: did you mean 'Procore-Company-Id'?
}

long listVendors(const std::string &Token) {
  Easy E;
  E.header("Authorization: Bearer " + Token);
  return E.send(Api + "/vendors");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :31:9: note: sent here
}
