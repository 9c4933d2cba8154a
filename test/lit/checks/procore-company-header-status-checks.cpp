// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A request sent after an early return on a failed one is sent whenever
// the first succeeds. Nothing settles an HTTP status kept in a member
// (`Status.Http >= 200`): libcurl writes it through its address, and a
// constant compared with it is no array's capacity.

#include <curl/curl.h>

#include <string>
#include <vector>

struct Status {
  CURLcode Curl = CURLE_OK;
  long Http = 0;
  bool ok() const { return Curl == CURLE_OK && Http >= 200 && Http < 300; }
};

struct Reply {
  Status State;
  std::string Body;
};

static Reply perform(const std::string &Url,
                     const std::vector<std::string> &Headers) {
  Reply Result;
  CURL *Handle = curl_easy_init();
  if (Handle == nullptr) {
    Result.State.Curl = CURLE_FAILED_INIT;
    return Result;
  }
  curl_slist *List = nullptr;
  for (const std::string &Header : Headers)
    List = curl_slist_append(List, Header.c_str());
  curl_easy_setopt(Handle, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
  Result.State.Curl = curl_easy_perform(Handle);
  curl_easy_getinfo(Handle, CURLINFO_RESPONSE_CODE, &Result.State.Http);
  curl_slist_free_all(List);
  curl_easy_cleanup(Handle);
  return Result;
}

Status drawings() {
  Reply Areas = perform("https://api.procore.com/rest/v1.1/projects/7/drawing_areas",
                        {"Procore-Company-Id: 42"});
  if (!Areas.State.ok())
    return Areas.State;
  Reply Revisions =
      perform("https://api.procore.com/rest/v1.1/drawing_areas/9/drawing_revisions",
              {"Authorization: Bearer token"});
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: Procore API request to '/rest/v1.1/drawing_areas/9/drawing_revisions' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :37:23: note: sent here
  return Revisions.State;
}
