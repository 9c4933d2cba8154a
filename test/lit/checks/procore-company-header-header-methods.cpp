// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Header lists handed out by the user's own methods: a session's headers()
// returns a new list by value, an RAII wrapper keeps a curl_slist that its
// add() grows and its get() hands out, a value-semantics builder returns
// its member by reference. What those methods return is read in their
// bodies, with the object they run on; the names headers() and get() do not
// make them a library's accessor of the request's own list.

#include <curl/curl.h>
#include <httplib.h>

#include <string>

struct Session {
  std::string Token;
  long long CompanyId = 0;
  httplib::Headers headers() const {
    return {{"Authorization", "Bearer " + Token},
            {"Procore-Company-Id", std::to_string(CompanyId)}};
  }
  httplib::Headers bearerOnly() const {
    return {{"Authorization", "Bearer " + Token}};
  }
};

void listCostCodes(httplib::Client &Client, const Session &S) {
  auto Result = Client.Get("/rest/v1.0/cost_codes?project_id=7", S.headers());
}

void listVendors(httplib::Client &Client, const Session &S) {
  auto Result = Client.Get("/rest/v1.0/vendors", S.bearerOnly());
}

class HeaderList {
public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(List); }
  HeaderList(const HeaderList &) = delete;
  HeaderList &operator=(const HeaderList &) = delete;
  void add(const std::string &Line) {
    List = curl_slist_append(List, Line.c_str());
  }
  curl_slist *get() const { return List; }

private:
  curl_slist *List = nullptr;
};

long perform(const std::string &Url, const HeaderList &Headers) {
  CURL *Handle = curl_easy_init();
  curl_easy_setopt(Handle, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Headers.get());
  curl_easy_perform(Handle);
  long Status = 0;
  curl_easy_getinfo(Handle, CURLINFO_RESPONSE_CODE, &Status);
  curl_easy_cleanup(Handle);
  return Status;
}

long send(const std::string &Path, bool Scoped) {
  HeaderList Headers;
  Headers.add("Authorization: Bearer t");
  if (Scoped)
    Headers.add("Procore-Company-Id: 42");
  return perform("https://api.procore.com" + Path, Headers);
}

int main() {
  httplib::Client Client("https://api.procore.com");
  Session S;
  S.Token = "t";
  S.CompanyId = 42;
  listCostCodes(Client, S);
  listVendors(Client, S);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :32:17: note: sent here
  send("/rest/v1.0/projects/7/submittals", true);
  send("/rest/v1.0/projects/7/rfis", false);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :54:3: note: sent here
}

// A value-semantics builder: each withX() returns a changed copy, and
// headers() hands out the member by reference. The list sent is the one of
// the copy the chain built.
class ApiCall {
public:
  explicit ApiCall(std::string Path) : Path(std::move(Path)) {}
  ApiCall withHeader(const std::string &Key, const std::string &Value) const {
    ApiCall Copy = *this;
    Copy.Headers.emplace(Key, Value);
    return Copy;
  }
  ApiCall withCompany(long long Company) const {
    return withHeader("Procore-Company-Id", std::to_string(Company));
  }
  ApiCall withPath(const std::string &More) const {
    ApiCall Copy = *this;
    Copy.Path += More;
    return Copy;
  }
  const std::string &target() const { return Path; }
  const httplib::Headers &headers() const { return Headers; }

private:
  std::string Path;
  httplib::Headers Headers;
};

void showVendor(long long Vendor) {
  httplib::Client Client("https://api.procore.com");
  ApiCall Base = ApiCall("/rest/v1.0").withHeader("Authorization", "Bearer t");
  ApiCall Scoped = Base.withPath("/vendors").withCompany(42);
  auto Listed = Client.Get(Scoped.target(), Scoped.headers());
  ApiCall One = Base.withPath("/vendors/" + std::to_string(Vendor));
  auto Shown = Client.Get(One.target(), One.headers());
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: Procore API request to '/rest/v1.0/vendors/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}
