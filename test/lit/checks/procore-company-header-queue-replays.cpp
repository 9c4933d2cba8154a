// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

// Jobs a worker takes out of a queue, however the worker gets them: a job
// queued again for a retry is the job another put brought in, not a new
// request; a member of the job picks the call that sends it; a job handed
// out through a reference parameter, or assigned whole from the queue's
// front, carries the headers its producer gave it.

#include <cpr/cpr.h>

#include <deque>
#include <mutex>
#include <string>

enum class Verb { Get, Post };

struct Job {
  Verb Method = Verb::Post;
  std::string Url;
  cpr::Header Headers;
};

class JobQueue {
public:
  void put(Job J) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Pending.push_back(std::move(J));
  }
  Job take() {
    std::lock_guard<std::mutex> Lock(Mutex);
    Job J = Pending.front();
    Pending.pop_front();
    return J;
  }

private:
  std::deque<Job> Pending;
  std::mutex Mutex;
};

JobQueue Queue;

// The method member decides which call sends the job; a 429 puts the job
// back, which sends nothing new.
void retryingWorker() {
  for (;;) {
    Job Current = Queue.take();
    cpr::Header Headers = Current.Headers;
    Headers["Authorization"] = "Bearer token";
    cpr::Response Reply = Current.Method == Verb::Get
                              ? cpr::Get(cpr::Url{Current.Url}, Headers)
                              : cpr::Post(cpr::Url{Current.Url}, Headers);
    if (Reply.status_code == 429)
      Queue.put(std::move(Current));
  }
}

// GET /rest/v1.0/companies needs no header; the POST to the projects does.
void produceRetried() {
  Job Companies;
  Companies.Method = Verb::Get;
  Companies.Url = "https://api.procore.com/rest/v1.0/companies";
  Queue.put(Companies);
  Job Project;
  Project.Url = "https://api.procore.com/rest/v1.0/projects";
  Project.Headers = cpr::Header{{"Procore-Company-Id", "8"}};
  Queue.put(Project);
  Job Rfi;
  Rfi.Url = "https://api.procore.com/rest/v1.0/projects/5/rfis";
  Rfi.Headers = cpr::Header{{"Accept", "application/json"}};
  Queue.put(Rfi);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/5/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :52:33: note: sent here
}

std::deque<Job> Parked;
std::mutex ParkedMutex;

void park(Job J) {
  std::lock_guard<std::mutex> Lock(ParkedMutex);
  Parked.push_back(std::move(J));
}

bool unpark(Job &Out) {
  std::lock_guard<std::mutex> Lock(ParkedMutex);
  if (Parked.empty())
    return false;
  Out = Parked.front();
  Parked.pop_front();
  return true;
}

// The job comes out through the reference parameter.
void parkedWorker() {
  Job Current;
  while (unpark(Current))
    cpr::Get(cpr::Url{Current.Url}, Current.Headers);
}

// The job is assigned whole from the front of the queue.
void drainingWorker() {
  Job Current;
  for (;;) {
    {
      std::lock_guard<std::mutex> Lock(ParkedMutex);
      Current = Parked.front();
      Parked.pop_front();
    }
    cpr::Get(cpr::Url{Current.Url}, Current.Headers);
  }
}

void produceParked() {
  Job Vendors;
  Vendors.Url = "https://api.procore.com/rest/v1.0/vendors";
  Vendors.Headers = cpr::Header{{"Procore-Company-Id", "8"}};
  park(Vendors);
  Job Users;
  Users.Url = "https://api.procore.com/rest/v1.0/companies/8/users";
  park(Users);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies/8/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :97:5: note: sent here
}
