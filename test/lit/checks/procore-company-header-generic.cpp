// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

// Generic code: paths joined by fold expressions, headers passed as pairs
// through a parameter pack, members set by constructors, braced header
// lists handed to a helper, a CRTP client whose members live in a class
// template, and header functors kept in a tuple and applied by a fold over
// std::apply (the call in the template's pattern names nothing; each
// instantiation calls the functors it holds).

#include <cpr/cpr.h>
#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

// A fold over the pack appends '/' and each part, part by part.
template <class... Parts>
std::string joinPath(const std::string &Base, const Parts &...Part) {
  std::string Out(Base);
  ((Out += '/', Out += std::string(Part)), ...);
  return Out;
}

// Each pair's key and value come from its constructor's arguments.
template <class... Pairs>
cpr::Header withHeaders(cpr::Header Base, Pairs &&...Pair) {
  (Base.insert_or_assign(std::string(Pair.first), std::string(Pair.second)),
   ...);
  return Base;
}

void foldsAndPairs(const std::string &Token, std::int64_t Company) {
  const cpr::Header Auth{{"Authorization", "Bearer " + Token}};
  cpr::Get(cpr::Url{joinPath("https://api.procore.com", "rest", "v1.0",
                             "projects")},
           Auth);
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  cpr::Get(cpr::Url{joinPath("https://api.procore.com", "rest", "v1.0",
                             "projects")},
           withHeaders(Auth, std::pair{"Procore-CompanyId",
                                       std::to_string(Company)}));
  // CHECK-MESSAGES: :[[@LINE-4]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; it sends 'Procore-CompanyId', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:40: note: did you mean 'Procore-Company-Id'?
  // The right name through the same pack: no finding.
  cpr::Get(cpr::Url{joinPath("https://api.procore.com", "rest", "v1.0",
                             "projects")},
           withHeaders(Auth, std::pair{"Procore-Company-Id",
                                       std::to_string(Company)}));
}

// A member its constructor initializes from an argument.
struct Route {
  std::string Path;
  bool Scoped;
  Route(std::string P, bool S) : Path(std::move(P)), Scoped(S) {}
};

void constructedRoutes(const std::string &Token) {
  const cpr::Header Auth{{"Authorization", "Bearer " + Token}};
  const cpr::Header Scoped{{"Authorization", "Bearer " + Token},
                           {"Procore-Company-Id", "42"}};
  Route Vendors("/rest/v1.0/vendors", false);
  cpr::Get(cpr::Url{"https://api.procore.com" + Vendors.Path}, Auth);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  Route Projects("/rest/v1.0/projects", true);
  cpr::Get(cpr::Url{"https://api.procore.com" + Projects.Path}, Scoped);
}

// Header lines handed over as a braced list or a local vector.
static long transport(const std::string &Url,
                      const std::vector<std::string> &Lines) {
  CURL *Curl = curl_easy_init();
  curl_slist *List = nullptr;
  for (const auto &Line : Lines)
    List = curl_slist_append(List, Line.c_str());
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
  return curl_easy_perform(Curl);
}

void bracedLists(const std::string &Token) {
  transport("https://api.procore.com/rest/v1.0/projects",
            {"Accept: application/json", "Authorization: Bearer " + Token});
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:10: note: sent here
  transport("https://api.procore.com/rest/v1.0/projects",
            {"Authorization: Bearer " + Token, "Procore-Company-Id: 42"});
  // An empty list sends no header, so no company header.
  transport("https://api.procore.com/rest/v1.0/rfis", {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-13]]:10: note: sent here
}

// CRTP: the headers are a local of a class template's member function.
template <class Derived> struct ApiClient {
  long send(const std::string &Url, const std::vector<std::string> &Lines) {
    return static_cast<Derived *>(this)->perform(Url, Lines);
  }
  long getUnscoped(const std::string &Path) {
    std::vector<std::string> Lines{"Accept: application/json",
                                   "Authorization: Bearer " + Token};
    return send("https://api.procore.com" + Path, Lines);
  }
  long getScoped(const std::string &Path) {
    std::vector<std::string> Lines{"Authorization: Bearer " + Token,
                                   "Procore-Company-Id: 42"};
    return send("https://api.procore.com" + Path, Lines);
  }
  std::string Token;
};

struct CurlClient : ApiClient<CurlClient> {
  long perform(const std::string &Url, const std::vector<std::string> &Lines) {
    return transport(Url, Lines);
  }
};

void crtp(CurlClient &Client) {
  Client.getUnscoped("/rest/v1.0/projects/7/submittals");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-43]]:10: note: sent here
  Client.getScoped("/rest/v1.0/projects/7/submittals");
}

struct Bearer {
  std::string Token;
  void operator()(cpr::Header &H) const { H["Authorization"] = "Bearer " + Token; }
};
struct LegacyCompany {
  std::int64_t Id;
  void operator()(cpr::Header &H) const {
    H["X-Procore-Company-Id"] = std::to_string(Id);
  }
};
struct Company {
  std::int64_t Id;
  void operator()(cpr::Header &H) const {
    H["Procore-Company-Id"] = std::to_string(Id);
  }
};

template <class... Parts> cpr::Header flatten(const std::tuple<Parts...> &Parts_) {
  cpr::Header H;
  std::apply([&H](const auto &...Part) { (Part(H), ...); }, Parts_);
  return H;
}

template <class Tuple> long getWith(const std::string &Url, const Tuple &Parts) {
  return cpr::Get(cpr::Url{Url}, flatten(Parts)).status_code;
}

void tuples(const std::string &Token) {
  getWith("https://api.procore.com/rest/v1.0/projects/7/rfis",
          std::make_tuple(Bearer{Token}, Company{42}));
  getWith("https://api.procore.com/rest/v1.0/projects/7/submittals",
          std::make_tuple(Bearer{Token}, LegacyCompany{42}));
  // CHECK-MESSAGES: :152:10: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: request built here
  // CHECK-MESSAGES: :135:7: note: did you mean 'Procore-Company-Id'?
}
