// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Requests put into a queue and sent by the worker that takes them out:
// each element put in is its own request, judged where it is put in.

#include <curl/curl.h>
#include <deque>
#include <map>
#include <string>
#include <vector>

struct Job {
  std::string url;
  std::vector<std::string> headers;
};

class Pool {
public:
  void submit(Job J) { Pending.push_back(std::move(J)); }
  void runOne() {
    Job J = std::move(Pending.front());
    Pending.pop_front();
    send(J);
  }

private:
  static void send(const Job &J) {
    CURL *Handle = curl_easy_init();
    curl_slist *List = nullptr;
    for (const std::string &Line : J.headers)
      List = curl_slist_append(List, Line.c_str());
    curl_easy_setopt(Handle, CURLOPT_URL, J.url.c_str());
    curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
    curl_easy_perform(Handle);
    curl_slist_free_all(List);
    curl_easy_cleanup(Handle);
  }
  std::deque<Job> Pending;
};

Job scoped(const std::string &Path, long long company_id) {
  return Job{"https://api.procore.com" + Path,
             {"Procore-Company-Id: " + std::to_string(company_id)}};
}

void produce(Pool &Workers, long long company_id) {
  Workers.submit(scoped("/rest/v1.0/projects", company_id));
  Workers.submit(Job{"https://api.procore.com/rest/v1.0/vendors",
                     {"Accept: application/json"}});
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
// CHECK-MESSAGES: :[[@LINE-17]]:5: note: sent here
  Workers.submit(Job{"https://api.procore.com/rest/v1.0/me", {}});
}

// Every job scoped: nothing to report.
struct Scoped {
  void submit(long long company_id) {
    Queue.push_back(scoped("/rest/v1.0/projects", company_id));
    Queue.push_back(scoped("/rest/v2.0/companies/1/projects", company_id));
  }
  void drain() {
    while (!Queue.empty()) {
      const Job &Next = Queue.back();
      CURL *Handle = curl_easy_init();
      curl_slist *List = nullptr;
      for (const std::string &Line : Next.headers)
        List = curl_slist_append(List, Line.c_str());
      curl_easy_setopt(Handle, CURLOPT_URL, Next.url.c_str());
      curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
      curl_easy_perform(Handle);
      curl_slist_free_all(List);
      curl_easy_cleanup(Handle);
      Queue.pop_back();
    }
  }
  std::vector<Job> Queue;
};

// A job whose request is a member of it: filled through the job
// (`Job.Req.Headers[...] = ...`) or given whole (`Job.Req = Built`).
struct Request {
  std::string Url;
  std::map<std::string, std::string> Headers;
};
struct Nested {
  Request Req;
  int Attempt = 0;
};
std::deque<Nested> Pending;

void sendRequest(const Request &R) {
  CURL *Handle = curl_easy_init();
  curl_slist *List = nullptr;
  for (const auto &Header : R.Headers)
    List = curl_slist_append(List, (Header.first + ": " + Header.second).c_str());
  curl_easy_setopt(Handle, CURLOPT_URL, R.Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, List);
  curl_easy_perform(Handle);
}

void nestedWorker() {
  Nested Next = std::move(Pending.front());
  Pending.pop_front();
  sendRequest(Next.Req);
}

Request bearerOnly(const std::string &Path) {
  Request R;
  R.Url = "https://api.procore.com" + Path;
  R.Headers["Authorization"] = "Bearer t";
  return R;
}

void nestedProduce(long long company_id) {
  Nested Scoped;
  Scoped.Req.Url = "https://api.procore.com/rest/v1.0/projects";
  Scoped.Req.Headers["Procore-Company-Id"] = std::to_string(company_id);
  Pending.push_back(Scoped);
  Nested Bare;
  Bare.Req.Url = "https://api.procore.com/rest/v1.0/vendors";
  Bare.Req.Headers["Accept"] = "application/json";
  Pending.push_back(Bare);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-26]]:3: note: sent here
  Nested Given;
  Given.Req = bearerOnly("/rest/v1.0/projects/7/rfis");
  Pending.push_back(std::move(Given));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-31]]:3: note: sent here
  // A request given whole, then scoped through the job.
  Nested GivenScoped;
  GivenScoped.Req = bearerOnly("/rest/v1.0/projects/7/submittals");
  GivenScoped.Req.Headers["Procore-Company-Id"] = std::to_string(company_id);
  Pending.push_back(std::move(GivenScoped));
}

// A request parked by one call and replayed by a later call of the same
// caller: the way out from the put starts again at the function that puts
// it in, so `main` is followed as park's caller too.
struct ParkedJob {
  std::string Method;
  std::string Path;
};

class Outbox {
public:
  void park(const std::string &Path) { Parked.push_back({"PATCH", Path}); }
  void replay() {
    while (!Parked.empty()) {
      ParkedJob Next = Parked.front();
      Parked.pop_front();
      CURL *Curl = curl_easy_init();
      std::string Url = "https://api.procore.com" + Next.Path;
      curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
      curl_easy_setopt(Curl, CURLOPT_CUSTOMREQUEST, Next.Method.c_str());
      curl_easy_perform(Curl);
      curl_easy_cleanup(Curl);
    }
  }

private:
  std::deque<ParkedJob> Parked;
};

int main() {
  Outbox Box;
  Box.park("/rest/v1.0/projects/5/rfis/9");
  // CHECK-MESSAGES: :156:7: warning: Procore API request to '/rest/v1.0/projects/5/rfis/9' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: request built here
  // CHECK-MESSAGES: :154:7: note: URL set here
  Box.replay();
  return 0;
}

