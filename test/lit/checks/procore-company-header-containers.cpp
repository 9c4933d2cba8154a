// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Header names read from containers: a loop over a map, a vector of pairs
// or a structured binding carries every entry the translation unit puts
// into the container, wherever it is filled; an entry guarded by a flag is
// there only when the caller's argument lets it be; a send inside a lambda
// sees the entries put in before the lambda.

#include <httplib.h>

#include <map>
#include <string>
#include <vector>

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

static httplib::Client Api("https://api.procore.com");

// Fills a header map in a function that is not the sender.
static std::map<std::string, std::string> GlobalHeaders;
static void loadConfig(const std::string &Token) {
  GlobalHeaders["Authorization"] = "Bearer " + Token;
  GlobalHeaders["Accept"] = "application/json";
}

static void applyGlobal(httplib::Headers &Into) {
  for (std::map<std::string, std::string>::iterator It = GlobalHeaders.begin();
       It != GlobalHeaders.end(); ++It)
    Into.emplace(It->first, It->second);
}

static httplib::Headers toHeaders(const HeaderPairs &Pairs) {
  httplib::Headers Out;
  for (const auto &[Name, Value] : Pairs)
    Out.emplace(Name, Value);
  return Out;
}

static std::map<std::string, std::string> buildHeaders(bool WithCompany) {
  std::map<std::string, std::string> Fields;
  Fields["Authorization"] = "Bearer t";
  if (WithCompany)
    Fields["Procore-Company-Id"] = "42";
  return Fields;
}

static httplib::Headers fromMap(const std::map<std::string, std::string> &Map) {
  httplib::Headers Out;
  for (const auto &Entry : Map)
    Out.emplace(Entry.first, Entry.second);
  return Out;
}

// --- Positives ----------------------------------------------------------------

void globalMapOnly() {
  httplib::Headers Headers;
  applyGlobal(Headers);
  Api.Get("/rest/v1.0/projects", Headers);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

void misnamedPair() {
  const HeaderPairs Pairs{{"Authorization", "Bearer t"},
                          {"X-Procore-Company-Id", "42"}};
  Api.Get("/rest/v1.0/vendors", toHeaders(Pairs));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: did you mean 'Procore-Company-Id'?
}

// The caller turns the company entry off.
void flagOff() {
  Api.Get("/rest/v1.0/offices", fromMap(buildHeaders(false)));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/offices' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// --- Negatives ----------------------------------------------------------------

void pairsWithCompany() {
  const HeaderPairs Pairs{{"Authorization", "Bearer t"},
                          {"Procore-Company-Id", "42"}};
  Api.Get("/rest/v1.0/vendors", toHeaders(Pairs));
}

void flagOn() {
  Api.Get("/rest/v1.0/offices", fromMap(buildHeaders(true)));
}

// Entries put in before a lambda that sends.
template <class Fn> auto retry(Fn &&Send) { return Send(); }
int sendInLambda(int Status) {
  if (Status != 0)
    return 1; // An early return before the entries are put in.
  const HeaderPairs Pairs{{"Procore-Company-Id", "42"}};
  auto Result = retry([&] { return Api.Get("/rest/v1.0/projects", toHeaders(Pairs)); });
  return Result ? 0 : 1;
}

// A copy of a map keeps the entries of the original.
void copiedMap() {
  std::map<std::string, std::string> Base{{"Procore-Company-Id", "42"}};
  std::map<std::string, std::string> Copy = Base;
  Api.Get("/rest/v1.0/projects", fromMap(Copy));
}

// A copy loop that skips entries: the skip is decided per entry. Skipping
// the company entry under a flag the analysis cannot settle leaves it on
// some paths only; skipping another entry leaves it on every path.
struct Route {
  const char *Path;
  bool CompanyScoped;
};
const Route *findRoute(const std::string &Name);
httplib::Headers filtered(const std::map<std::string, std::string> &Config,
                          const Route *R) {
  httplib::Headers Out;
  for (const auto &[Key, Value] : Config) {
    if (!R->CompanyScoped && Key == "Procore-Company-Id")
      continue;
    Out.emplace(Key, Value);
  }
  return Out;
}
httplib::Headers withoutDebug(const std::map<std::string, std::string> &Config) {
  httplib::Headers Out;
  for (const auto &[Key, Value] : Config) {
    if (Key == "X-Debug")
      continue;
    Out.emplace(Key, Value);
  }
  return Out;
}
void skippedEntries(const std::string &Name) {
  std::map<std::string, std::string> Config{{"Procore-Company-Id", "42"},
                                            {"X-Debug", "1"}};
  Api.Get("/rest/v1.0/projects", filtered(Config, findRoute(Name)));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' sends the 'Procore-Company-Id' header on some paths only; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:38: note: added here, but not on every path to the send
  Api.Get("/rest/v1.0/vendors", withoutDebug(Config));
}
