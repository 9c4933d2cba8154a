// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A batch sent in a range-for: the loop variable is each element put in,
// judged where it is put in, as for a queue a worker takes jobs from.

#include <curl/curl.h>
#include <map>
#include <string>
#include <vector>

struct Request {
  std::string Url;
  std::map<std::string, std::string> Headers;
};

void send(const Request &R) {
  CURL *Handle = curl_easy_init();
  curl_slist *List = nullptr;
  for (const auto &Header : R.Headers)
    List = curl_slist_append(List, (Header.first + ": " + Header.second).c_str());
  curl_easy_setopt(Handle, CURLOPT_URL, R.Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
  curl_easy_perform(Handle);
}

void sendAll(long long company_id) {
  std::vector<Request> Batch;
  Batch.push_back(Request{"https://api.procore.com/rest/v1.0/projects",
                          {{"Procore-Company-Id", std::to_string(company_id)}}});
  Batch.push_back(Request{"https://api.procore.com/rest/v1.1/projects/2/rfis", {}});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.1/projects/2/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :23:3: note: sent here
  for (const Request &Each : Batch)
    send(Each);
}
