// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A request reached through an aggregate that holds its address, or a
// reference to it, is changed by whatever writes through that member: a
// helper handed the aggregate (by reference, by value or as a temporary),
// a method run on it, or the slots of a signal emitted with it. A header
// written that way before the send is on the request; one written through
// another request's holder, or after the send, is not.
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <boost/signals2/signal.hpp>

#include <any>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPSClientSession;

struct Outgoing {
  HTTPRequest *Request;
  int64_t CompanyId;
};

struct Bound {
  HTTPRequest &Request;
  std::string CompanyId;
  void addCompany() const { Request.set("Procore-Company-Id", CompanyId); }
};

static void decorate(Outgoing &Out) {
  Out.Request->set("Procore-Company-Id", std::to_string(Out.CompanyId));
}

static void decorateCopy(Outgoing Out) { decorate(Out); }

static void decorateBound(const Bound &B) { B.addCompany(); }

static void logOnly(const Outgoing &Out) { (void)Out.Request->getURI(); }

void localHolder(int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  decorate(Out);
  Session.sendRequest(Request);
}

void copiedHolder(int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  decorateCopy(Out);
  Session.sendRequest(Request);
}

void temporaryHolder() {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  decorateBound(Bound{Request, "42"});
  Session.sendRequest(Request);
}

void methodOfHolder() {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Bound B{Request, "42"};
  B.addCompany();
  Session.sendRequest(Request);
}

void writtenInPlace(int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  Out.Request->set("Procore-Company-Id", std::to_string(Out.CompanyId));
  Session.sendRequest(Request);
}

// Defined in another file: it may write anything through the holder.
void decorateElsewhere(Outgoing &Out);

void unseenHelper(int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  decorateElsewhere(Out);
  Session.sendRequest(Request);
}

void holderThatOnlyLogs(int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  logOnly(Out);
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: URL set here
  // CHECK-FIXES: logOnly(Out);
  // CHECK-FIXES-NEXT: Request.set("Procore-Company-Id", std::to_string(CompanyId));
  // CHECK-FIXES-NEXT: Session.sendRequest(Request);
}

void otherRequestsHolder(int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  HTTPRequest Other(HTTPRequest::HTTP_GET, "/rest/v1.0/companies");
  Outgoing Out{&Other, CompanyId};
  decorate(Out);
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: URL set here
  // CHECK-FIXES: Request.set("Procore-Company-Id", std::to_string(CompanyId));
  // CHECK-FIXES-NEXT: Session.sendRequest(Request);
}

void decoratedAfterTheSend(int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: URL set here
  // CHECK-FIXES: Request.set("Procore-Company-Id", std::to_string(CompanyId));
  // CHECK-FIXES-NEXT: Session.sendRequest(Request);
  decorate(Out);
}

// An event hub: the slots connected to a signal run when it is emitted.
struct Hub {
  boost::signals2::signal<void(Outgoing &)> BeforeSend;
  boost::signals2::signal<void(Outgoing &)> BeforeUpload;
  std::function<void(Outgoing &)> OnRetry;
};

void wire(Hub &H) {
  H.BeforeSend.connect(&decorate);
  H.BeforeUpload.connect([](Outgoing &Out) { logOnly(Out); });
  H.OnRetry = [](Outgoing &Out) { decorate(Out); };
}

void emitted(Hub &H, int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  H.BeforeSend(Out);
  Session.sendRequest(Request);
}

void retried(Hub &H, int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Outgoing Out{&Request, CompanyId};
  H.OnRetry(Out);
  Session.sendRequest(Request);
}

void emittedWithoutDecorator(Hub &H, int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_POST, "/rest/v1.0/files");
  Outgoing Out{&Request, CompanyId};
  H.BeforeUpload(Out);
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/files' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: URL set here
  // CHECK-FIXES: H.BeforeUpload(Out);
  // CHECK-FIXES-NEXT: Request.set("Procore-Company-Id", std::to_string(CompanyId));
  // CHECK-FIXES-NEXT: Session.sendRequest(Request);
}

// A type-erased bus: each handler gets the event boxed in a std::any and
// runs the subscriber of the event's type.
class AnyBus {
public:
  template <typename E> void subscribe(std::function<void(const E &)> Fn) {
    Handlers.push_back([Fn](const std::any &Boxed) {
      if (const E *Event = std::any_cast<E>(&Boxed))
        Fn(*Event);
    });
  }
  template <typename E> void publish(const E &Event) {
    const std::any Boxed = Event;
    for (auto &Handler : Handlers)
      Handler(Boxed);
  }

private:
  std::vector<std::function<void(const std::any &)>> Handlers;
};

struct Prepared {
  HTTPRequest *Request;
  int64_t CompanyId;
};
struct Uploading {
  HTTPRequest *Request;
};

static void decoratePrepared(const Prepared &Event) {
  Event.Request->set("Procore-Company-Id", std::to_string(Event.CompanyId));
}
static void countUpload(const Uploading &Event) { (void)Event.Request; }

void subscribeAll(AnyBus &Bus) {
  Bus.subscribe<Prepared>(decoratePrepared);
  Bus.subscribe<Uploading>(countUpload);
}

void publishedBoxed(AnyBus &Bus, int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, "/rest/v1.0/projects");
  Bus.publish(Prepared{&Request, CompanyId});
  Session.sendRequest(Request);
}

void publishedWithoutDecorator(AnyBus &Bus, int64_t CompanyId) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_POST, "/rest/v1.0/files");
  Bus.publish(Uploading{&Request});
  Session.sendRequest(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/files' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: URL set here
  // CHECK-FIXES: Bus.publish(Uploading{&Request});
  // CHECK-FIXES-NEXT: Request.set("Procore-Company-Id", std::to_string(CompanyId));
  // CHECK-FIXES-NEXT: Session.sendRequest(Request);
}

// A request spec whose header list a decorator fills through a holder.
struct Spec {
  std::string Path;
  std::vector<std::pair<std::string, std::string>> Headers;
};
struct SpecContext {
  Spec *Request;
  int64_t CompanyId;
};

static void stampCompany(SpecContext Context) {
  Context.Request->Headers.emplace_back("Procore-Company-Id",
                                        std::to_string(Context.CompanyId));
}

static void exchange(const Spec &Sent) {
  HTTPSClientSession Session("api.procore.com");
  HTTPRequest Request(HTTPRequest::HTTP_GET, Sent.Path);
  for (const auto &[Name, Value] : Sent.Headers)
    Request.set(Name, Value);
  Session.sendRequest(Request);
}

void stampedSpec(int64_t CompanyId) {
  Spec Projects{"/rest/v1.0/projects", {{"Authorization", "Bearer t"}}};
  stampCompany({&Projects, CompanyId});
  exchange(Projects);
}

void specStampedInPlace(int64_t CompanyId) {
  Spec Projects{"/rest/v1.0/projects", {{"Authorization", "Bearer t"}}};
  SpecContext Context{&Projects, CompanyId};
  stampCompany(Context);
  exchange(Projects);
}

void unstampedSpec(int64_t CompanyId) {
  Spec Vendors{"/rest/v1.0/vendors", {{"Authorization", "Bearer t"}}};
  Spec Other{"/rest/v1.0/projects", {}};
  stampCompany({&Other, CompanyId});
  exchange(Vendors);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-22]]:3: note: sent here
}
