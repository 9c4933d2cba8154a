// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Paths joined by the program's own operators: a string literal operator
// starts them (`"/rest/v1.0"_path`), `operator/` adds a segment and
// returns a new object, and the overload for numbers calls the one for
// text. The same operator is read once per step of a chain, with that
// step's object. A return no path reaches under the step's text is not
// taken: the segment after a trailing '/' gets no second one. A text member
// a method changes in place (`Status.assign(Chars, Length)`, as rapidjson's
// reader has its handler do) is written: a test of it is not decided by its
// default. A chain of value operators five calls deep is followed to where
// it starts.

#include <httplib.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

struct Path {
  std::string Text;
  Path operator/(const std::string &Segment) const {
    if (!Text.empty() && Text.back() == '/')
      return Path{Text + Segment};
    return Path{Text + "/" + Segment};
  }
  Path operator/(const char *Segment) const {
    return *this / std::string(Segment);
  }
  Path operator/(std::int64_t Id) const { return *this / std::to_string(Id); }
  operator std::string() const { return Text; }
};

inline Path operator""_path(const char *Chars, std::size_t Length) {
  return Path{std::string(Chars, Length)};
}

httplib::Headers bearer() { return {{"Authorization", "Bearer token"}}; }

httplib::Headers scoped(std::int64_t CompanyId) {
  return {{"Authorization", "Bearer token"},
          {"Procore-Company-Id", std::to_string(CompanyId)}};
}

void drawings(std::int64_t ProjectId, std::int64_t AreaId) {
  httplib::Client Api("https://api.procore.com");
  const Path Drawings = "/rest/v1.0"_path / "projects" / ProjectId /
                        "drawing_areas" / AreaId / "drawings";
  Api.Get(Drawings, bearer());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// GET /rest/v1.0/me is exempt; the trailing '/' of the root is not doubled.
void me() {
  httplib::Client Api("https://api.procore.com");
  Api.Get("/rest/v1.0/"_path / "me", bearer());
}

// Counted text takes the characters it counts: this is "/rest", no REST
// call.
void prefix() {
  httplib::Client Api("https://api.procore.com");
  Api.Get(std::string("/rest/v1.0/projects", 5), bearer());
}

void vendors(std::int64_t CompanyId) {
  httplib::Client Api("https://api.procore.com");
  Api.Get("/rest/v1.0"_path / "vendors", scoped(CompanyId));
}

struct Submittal {
  std::int64_t Id = 0;
  std::string Status;
};

// A handler rapidjson's reader calls back, filling the caller's list.
struct SubmittalHandler
    : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SubmittalHandler> {
  explicit SubmittalHandler(std::vector<Submittal> &Out) : Out(Out) {}
  bool StartObject() {
    Current = Submittal{};
    return true;
  }
  bool String(const char *Chars, rapidjson::SizeType Length, bool) {
    Current.Status.assign(Chars, Length);
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    Out.push_back(Current);
    return true;
  }
  std::vector<Submittal> &Out;
  Submittal Current;
};

std::vector<Submittal> submittals(const std::string &Body) {
  std::vector<Submittal> All;
  SubmittalHandler Handler(All);
  rapidjson::Reader Reader;
  rapidjson::StringStream In(Body.c_str());
  Reader.Parse(In, Handler);
  return All;
}

void approve(httplib::Client &Api, std::int64_t SubmittalId) {
  Api.Post("/rest/v1.0/submittals/" + std::to_string(SubmittalId) + "/approve",
           bearer(), "", "application/json");
}

// The status is the reader's: the loop may reach the call.
void approveOpen(const std::string &Body) {
  httplib::Client Api("https://api.procore.com");
  for (const Submittal &Each : submittals(Body)) {
    if (Each.Status != "Open")
      continue;
    approve(Api, Each.Id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/submittals/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-12]]:3: note: sent here
  }
}

// A request built by a chain of value operators five calls deep, with the
// company header added to a copy nobody keeps: the chain is followed to
// where it starts, and the copy's header is not on the request sent.
struct Call {
  std::string Target;
  httplib::Headers Headers;
};

inline Call operator/(Call C, const std::string &Segment) {
  C.Target += "/" + Segment;
  return C;
}
inline Call operator/(Call C, std::int64_t Id) {
  return std::move(C) / std::to_string(Id);
}
inline Call withCompany(Call C, std::int64_t CompanyId) {
  C.Headers.emplace("Procore-Company-Id", std::to_string(CompanyId));
  return C;
}
inline Call restRoot() { return Call{"/rest/v1.0", bearer()}; }

void closeItem(std::int64_t CompanyId, std::int64_t ProjectId,
               std::int64_t ItemId) {
  httplib::Client Api("https://api.procore.com");
  Call Close = restRoot() / "projects" / ProjectId / "punch_items" / ItemId;
  withCompany(Close, CompanyId);
  Api.Patch(Close.Target, Close.Headers, "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

void closeItemScoped(std::int64_t CompanyId, std::int64_t ProjectId,
                     std::int64_t ItemId) {
  httplib::Client Api("https://api.procore.com");
  const Call Close = withCompany(
      restRoot() / "projects" / ProjectId / "punch_items" / ItemId, CompanyId);
  Api.Patch(Close.Target, Close.Headers, "{}", "application/json");
}

int main() {
  drawings(1, 2);
  me();
  prefix();
  vendors(3);
  approveOpen("[]");
  closeItem(1, 2, 3);
  closeItemScoped(1, 2, 3);
}
