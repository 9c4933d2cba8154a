// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Actors that pass requests through mailboxes, one object of the mailbox
// class per actor: a request put into the company actor's mailbox gets the
// header there before the transport's mailbox takes it. Matching the
// transport's take with every put into any mailbox would skip that actor:
// the element taken from a queue member of a class with several objects is
// not judged from the puts.

#include <httplib.h>

#include <deque>
#include <string>
#include <utility>

struct Job {
  std::string Path;
  httplib::Headers Headers;
};

class Mailbox {
public:
  void put(Job J) { Queue.push_back(std::move(J)); }
  Job take() {
    Job J = std::move(Queue.front());
    Queue.pop_front();
    return J;
  }
  bool empty() const { return Queue.empty(); }

private:
  std::deque<Job> Queue;
};

void transportActor(Mailbox &Inbox) {
  httplib::Client Client("https://api.procore.com");
  while (!Inbox.empty()) {
    Job J = Inbox.take();
    Client.Get(J.Path, J.Headers);
  }
}

void companyActor(Mailbox &Inbox, Mailbox &Out, long long Company) {
  while (!Inbox.empty()) {
    Job J = Inbox.take();
    J.Headers.emplace("Procore-Company-Id", std::to_string(Company));
    Out.put(std::move(J));
  }
}

int main() {
  Mailbox Scoped, Transport;
  Scoped.put(Job{"/rest/v1.0/projects/7/rfis", httplib::Headers{}});
  companyActor(Scoped, Transport, 42);
  transportActor(Transport);
}
