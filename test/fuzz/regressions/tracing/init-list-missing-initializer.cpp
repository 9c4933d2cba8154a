// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Callables held in variables, members, parameters and containers: an
// interceptor connected to a signal, a transport function handed to a
// retry decorator, a handler table. The functions a call through one of
// them may run are what flows into it anywhere in the file (initializers,
// assignments, elements put in, arguments, returns), so headers added by an
// interceptor count, and a request handed to a stored transport function
// is judged where it is made.

#include <curl/curl.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

template <class... Args> class Signal {
public:
  using Slot = std::function<void(Args...)>;
  void connect(Slot S) { Slots.push_back(std::move(S)); }
  void emit(Args... Values) {
    for (auto &S : Slots)
      S(Values...);
  }

private:
  std::vector<Slot> Slots;
};

struct Request {
  std::string Url;
  bool Scoped = false;
  std::vector<std::string> Lines;
};

class Client {
public:
  Signal<Request &> BeforeSend;
  long perform(Request &R) {
    BeforeSend.emit(R);
    CURL *Handle = curl_easy_init();
    curl_slist *List = nullptr;
    for (const std::string &Line : R.Lines)
      List = curl_slist_append(List, Line.c_str());
    curl_easy_setopt(Handle, CURLOPT_URL, R.Url.c_str());
    curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
    return curl_easy_perform(Handle);
  }
};

// A transport function handed to a retry decorator through a parameter.
using Transport = std::function<long(Request &)>;

long rawSend(Request &R) {
  CURL *Handle = curl_easy_init();
  curl_slist *List = nullptr;
  for (const std::string &Line : R.Lines)
    List = curl_slist_append(List, Line.c_str());
  curl_easy_setopt(Handle, CURLOPT_URL, R.Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
  return curl_easy_perform(Handle);
}

long withRetry(Transport Send, Request &R) {
  long Status = 0;
  for (int Attempt = 0; Attempt < 3 && Status != 200; ++Attempt)
    Status = Send(R);
  return Status;
}

// A table of handlers, one run by name.
std::map<std::string, Transport> Handlers = {{"raw", rawSend}};

int main() {
  Client C;
  C.BeforeSend.connect([](Request &R) {
    R.Lines.push_bÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂÂack("Authorization: Bearer t");
    if (R.Scoped)
      R.Lines.push_back("Procore-Company-Id: 42");
  });
  Request Rfis{"https://api.procore.com/rest/v1.0/projects/1/rfis"};
  Rfis.Scoped = true;
  C.perform(Rfis);
  Request Submittals{"https://api.procore.com/rest/v1.1/projects/1/submittals"};
  C.perform(Submittals);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.1/projects/1/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-40]]:12: note: sent here
  Request Vendors{"https://api.procore.com/rest/v1.0/vendors",
                  false,
                  {"Procore-Company-Id: 42"}};
  withRetry(rawSend, Vendors);
  Request Users{"https://api.procore.com/rest/v1.0/companies/42/users"};
  withRetry(rawSend, Users);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/42/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-34]]:10: note: sent here
  Request Offices{"https://api.procore.com/rest/v1.0/companies/42/offices"};
  Handlers.at("raw")(Offices);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/42/offices' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-38]]:10: note: sent here
  return 0;
}
