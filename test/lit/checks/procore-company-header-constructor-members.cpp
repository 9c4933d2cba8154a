// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Inside a constructor, a header list member of the object being made
// holds its initializer and what that constructor put in before the send:
// no other code has reached the object yet, so a header a method adds
// later is not on a request the constructor sends.

#include <curl/curl.h>
#include <httplib.h>

#include <string>

class Probe {
public:
  Probe() {
    Headers.emplace("Authorization", "Bearer t");
    Client.Get("/rest/v1.0/projects", Headers);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  }
  void scope(long long CompanyId) {
    Headers.emplace("Procore-Company-Id", std::to_string(CompanyId));
    Client.Get("/rest/v1.0/vendors", Headers);
  }

private:
  httplib::Client Client{"https://api.procore.com"};
  httplib::Headers Headers;
};

class Scoped {
public:
  explicit Scoped(long long CompanyId)
      : Headers{{"Procore-Company-Id", std::to_string(CompanyId)}} {
    Headers.emplace("Authorization", "Bearer t");
    Client.Get("/rest/v1.0/projects", Headers);
  }

private:
  httplib::Client Client{"https://api.procore.com"};
  httplib::Headers Headers;
};

// A list a constructor grows by appending to itself is read once.
class CurlProbe {
public:
  explicit CurlProbe(bool Scoped) {
    Lines = curl_slist_append(Lines, "Authorization: Bearer t");
    if (Scoped)
      Lines = curl_slist_append(Lines, "Procore-Company-Id: 1");
    Lines = curl_slist_append(Lines, "Accept: application/json");
    curl_easy_setopt(Handle, CURLOPT_URL,
                     "https://api.procore.com/rest/v1.0/projects");
    curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Lines);
    curl_easy_perform(Handle);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: URL set here
    // CHECK-MESSAGES: :[[@LINE-8]]:15: note: added here, but not on every path to the send
  }

private:
  CURL *Handle = curl_easy_init();
  curl_slist *Lines = nullptr;
};

int main() {
  Probe First;
  First.scope(1);
  Scoped Second(2);
  CurlProbe Third(false);
  return 0;
}
