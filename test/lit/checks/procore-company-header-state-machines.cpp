// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

// Requests assembled across the steps of a state machine: the header is
// on the request in a state when every path through the state graph into
// that state adds it after the last reset.

#include <cpr/cpr.h>
#include <httplib.h>

#include <cstdint>
#include <string>

namespace step_function {
// The switch is over the function's state parameter; the loop feeds the
// returned state back in.
enum class Phase { Login, WhoAmI, Vendors, Projects, Done, Failed };

struct Context {
  std::string token;
  std::int64_t company = 0;
  int attempts = 0;
  httplib::Headers headers;
};

Phase retry(Context &ctx, Phase again) {
  return ++ctx.attempts > 3 ? Phase::Failed : again;
}

Phase step(Phase p, Context &ctx, httplib::Client &api) {
  switch (p) {
  case Phase::Login: {
    httplib::Client login("https://login.procore.com");
    auto res = login.Post("/oauth/token", "grant_type=refresh_token",
                          "application/x-www-form-urlencoded");
    if (!res)
      return retry(ctx, Phase::Login);
    ctx.headers = {{"Authorization", "Bearer " + res->body}};
    return Phase::WhoAmI;
  }
  case Phase::WhoAmI: {
    // Exempt: GET /me needs no company header.
    auto res = api.Get("/rest/v1.0/me", ctx.headers);
    if (!res)
      return retry(ctx, Phase::WhoAmI);
    ctx.headers.emplace("Procore-Company-Id", std::to_string(ctx.company));
    return Phase::Vendors;
  }
  case Phase::Vendors: {
    // Every way into Vendors passes WhoAmI's add after Login's reset.
    auto res = api.Get("/rest/v1.0/vendors", ctx.headers);
    if (!res)
      return retry(ctx, Phase::Vendors);
    return res->status == 401 ? Phase::Login : Phase::Projects;
  }
  case Phase::Projects: {
    auto res = api.Get("/rest/v1.0/projects", ctx.headers);
    return res ? Phase::Done : Phase::Login;
  }
  case Phase::Done:
  case Phase::Failed:
    break;
  }
  return p;
}

int run() {
  httplib::Client api("https://api.procore.com");
  Context ctx;
  Phase p = Phase::Login;
  while (p != Phase::Done && p != Phase::Failed)
    p = step(p, ctx, api);
  return p == Phase::Done ? 0 : 1;
}
} // namespace step_function

namespace skipped_step {
// The same machine, but a refresh that resets the headers leads straight
// to Projects, past the state that adds the company header.
enum class Phase { Login, WhoAmI, Refresh, Projects, Done };

struct Context {
  std::int64_t company = 0;
  httplib::Headers headers;
};

Phase step(Phase p, Context &ctx, httplib::Client &api) {
  switch (p) {
  case Phase::Login:
    ctx.headers = {{"Authorization", "Bearer t"}};
    return Phase::WhoAmI;
  case Phase::WhoAmI:
    ctx.headers.emplace("Procore-Company-Id", std::to_string(ctx.company));
    return Phase::Projects;
  case Phase::Refresh:
    ctx.headers = {{"Authorization", "Bearer refreshed"}};
    return Phase::Projects;
  case Phase::Projects: {
    auto res = api.Get("/rest/v1.0/projects", ctx.headers);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: Procore API request to '/rest/v1.0/projects' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-8]]:5: note: added here
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: the headers are replaced here on some paths to the send
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: state 'Projects' is entered here without it
    if (!res)
      return Phase::Done;
    return res->status == 401 ? Phase::Refresh : Phase::Done;
  }
  case Phase::Done:
    break;
  }
  return p;
}

int run() {
  httplib::Client api("https://api.procore.com");
  Context ctx;
  Phase p = Phase::Login;
  while (p != Phase::Done)
    p = step(p, ctx, api);
  return 0;
}
} // namespace skipped_step

namespace member_steps {
// The state is a member; each case stores what a step method returns.
// The request is assembled on a session over two steps and sent in a
// third.
class Uploader {
public:
  enum class Step { Prepare, Sign, Send, Done };

  explicit Uploader(std::int64_t company) : company_(company) {}

  void tick() {
    switch (step_) {
    case Step::Prepare:
      step_ = prepare();
      break;
    case Step::Sign:
      step_ = sign();
      break;
    case Step::Send:
      step_ = send();
      break;
    case Step::Done:
      break;
    }
  }

private:
  Step prepare() {
    session_.SetUrl(cpr::Url{"https://api.procore.com/rest/v1.0/projects/5/rfis"});
    return Step::Sign;
  }
  Step sign() {
    session_.SetHeader(cpr::Header{{"Authorization", "Bearer token"},
                                   {"Procore-Company-Id", std::to_string(company_)}});
    return Step::Send;
  }
  Step send() {
    // Send follows Sign only: the header is there.
    cpr::Response r = session_.Post();
    return r.status_code == 401 ? Step::Sign : Step::Done;
  }

  std::int64_t company_;
  Step step_ = Step::Prepare;
  cpr::Session session_;
};

int run() {
  Uploader up(42);
  for (int i = 0; i < 4; ++i)
    up.tick();
  return 0;
}
} // namespace member_steps

namespace member_steps_unsigned {
// Sign sets only the token: Send lacks the header on every path.
class Uploader {
public:
  enum class Step { Prepare, Sign, Send, Done };

  void tick() {
    switch (step_) {
    case Step::Prepare:
      step_ = prepare();
      break;
    case Step::Sign:
      step_ = sign();
      break;
    case Step::Send:
      step_ = send();
      break;
    case Step::Done:
      break;
    }
  }

private:
  Step prepare() {
    session_.SetUrl(cpr::Url{"https://api.procore.com/rest/v1.1/projects/5/submittals/9"});
    return Step::Sign;
  }
  Step sign() {
    session_.SetHeader(cpr::Header{{"Authorization", "Bearer token"}});
    return Step::Send;
  }
  Step send() {
    cpr::Response r = session_.Patch();
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: Procore API request to '/rest/v1.1/projects/5/submittals/9' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-10]]:5: note: URL set here
    return r.status_code == 401 ? Step::Sign : Step::Done;
  }

  Step step_ = Step::Prepare;
  cpr::Session session_;
};

int run() {
  Uploader up;
  for (int i = 0; i < 4; ++i)
    up.tick();
  return 0;
}
} // namespace member_steps_unsigned

namespace saved_state {
// A helper that checks each response moves the machine to Backoff or back
// to Login, saving the state it leaves; Backoff resumes the saved state.
// The resumed state gets what held on its own way in, so Projects (always
// entered after Scope added the header) sends it, and Me (entered before)
// does not, whichever detour through Backoff it takes.
class Sync {
public:
  enum class State { Login, Me, Scope, Projects, Backoff, Done, Failed };

  void step() {
    switch (state_) {
    case State::Login: {
      auto res = login_.Post("/oauth/token", "grant_type=refresh_token",
                             "application/x-www-form-urlencoded");
      if (!check(res))
        break;
      headers_.clear();
      headers_.emplace("Authorization", "Bearer token");
      state_ = State::Me;
      break;
    }
    case State::Me: {
      httplib::Request req;
      req.method = "GET";
      req.path = "/rest/v1.0/projects/7/rfis";
      req.headers = headers_;
      auto res = api_.send(req);
      // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: URL set here
      if (!check(res))
        break;
      state_ = State::Scope;
      break;
    }
    case State::Scope:
      headers_.emplace("Procore-Company-Id", "42");
      state_ = State::Projects;
      break;
    case State::Projects: {
      httplib::Request req;
      req.method = "GET";
      req.path = "/rest/v1.0/projects/7/submittals";
      req.headers = headers_;
      auto res = api_.send(req);
      if (!check(res))
        break;
      state_ = State::Done;
      break;
    }
    case State::Backoff:
      state_ = resume_;
      break;
    case State::Done:
    case State::Failed:
      break;
    }
  }

private:
  bool check(const httplib::Result &res) {
    if (res && res->status < 400)
      return true;
    if (res && res->status == 429) {
      resume_ = state_;
      state_ = State::Backoff;
    } else if (res && res->status == 401) {
      state_ = State::Login;
    } else {
      state_ = State::Failed;
    }
    return false;
  }

  State state_ = State::Login;
  State resume_ = State::Login;
  httplib::Client login_{"https://login.procore.com"};
  httplib::Client api_{"https://api.procore.com"};
  httplib::Headers headers_;
};

int run() {
  Sync sync;
  for (int i = 0; i < 20; ++i)
    sync.step();
  return 0;
}
} // namespace saved_state
