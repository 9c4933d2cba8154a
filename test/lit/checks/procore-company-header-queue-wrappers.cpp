// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

#include <httplib.h>

#include <functional>
#include <queue>
#include <string>
#include <vector>

// A work queue of the program's own: push() routes the call and puts it in
// a std::queue, pop() hands the next one out through its parameter, and a
// list of interceptors decorates each call before the one send. Each call
// pushed is judged on its own, reported where it is pushed.

enum class Kind { Token, Projects, Vendors };

struct Call {
  Kind kind;
  std::string path;
  httplib::Headers headers;
};

static std::string route(const Call &C) {
  switch (C.kind) {
  case Kind::Token:
    return "/oauth/token";
  case Kind::Projects:
    return "/rest/v1.0/projects";
  case Kind::Vendors:
    return "/rest/v1.0/vendors";
  }
  return "/";
}

class CallQueue {
public:
  void push(Call C) {
    C.path = route(C);
    Pending.push(std::move(C));
  }
  bool pop(Call &Out) {
    if (Pending.empty())
      return false;
    Out = Pending.front();
    Pending.pop();
    return true;
  }

private:
  std::queue<Call> Pending;
};

static std::vector<std::function<void(Call &)>> Interceptors;

static void send(Call &C) {
  httplib::Client Client(C.kind == Kind::Token ? "https://login.procore.com"
                                               : "https://api.procore.com");
  Client.Get(C.path, C.headers);
}

int main() {
  // The company id goes on project calls only: not on the OAuth call, and
  // by mistake not on the vendor call.
  Interceptors.push_back([](Call &C) {
    if (C.kind == Kind::Projects)
      C.headers.emplace("Procore-Company-Id", "42");
  });
  CallQueue Queue;
  Queue.push(Call{Kind::Token});
  Queue.push(Call{Kind::Projects});
  Queue.push(Call{Kind::Vendors});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :58:3: note: sent here
  Call Next;
  while (Queue.pop(Next)) {
    for (auto &Decorate : Interceptors)
      Decorate(Next);
    send(Next);
  }
}
