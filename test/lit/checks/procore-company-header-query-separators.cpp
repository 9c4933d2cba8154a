// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A query appended in a loop picks its separator by pass: `?` on the
// first, `&` after. The text that follows the path is the first pass's, so
// `/rest/v1.0/companies` with a query is still the exempt list of
// companies, whichever way the first pass is told apart.

#include <httplib.h>

#include <string>
#include <utility>
#include <vector>

using Params = std::vector<std::pair<std::string, std::string>>;

static std::string withQuery(std::string Path, const Params &Query) {
  for (size_t I = 0; I < Query.size(); ++I)
    Path += (I == 0 ? "?" : "&") + Query[I].first + "=" + Query[I].second;
  return Path;
}

static std::string joined(const std::string &Path, const Params &Query) {
  std::string Url = Path;
  bool First = true;
  for (const auto &[Name, Value] : Query) {
    Url += First ? '?' : '&';
    First = false;
    Url += Name + "=" + Value;
  }
  return Url;
}

// A flag the loop sets before it reads it is no first-pass flag.
static std::string alwaysAmpersand(const std::string &Path,
                                   const Params &Query) {
  std::string Url = Path;
  bool Later = true;
  for (const auto &[Name, Value] : Query) {
    Later = true;
    Url += Later ? "&" : "?";
    Url += Name + "=" + Value;
  }
  return Url;
}

// A text made anew on each pass follows no earlier pass: its separator
// is the one the pass picks, `&` after the first.
static void eachAlone(httplib::Client &Api, const httplib::Headers &Plain,
                      const Params &Query) {
  for (size_t I = 0; I < Query.size(); ++I) {
    std::string Url = "/rest/v1.0/companies";
    Url += (I == 0 ? "?" : "&") + Query[I].first;
    Api.Get(Url, Plain);
  }
}

int main() {
  httplib::Client Api("https://api.procore.com");
  httplib::Headers Plain = {{"Authorization", "Bearer t"}};
  Params Paging = {{"page", "1"}, {"per_page", "100"}};

  Api.Get(withQuery("/rest/v1.0/companies", Paging), Plain);
  Api.Get(joined("/rest/v1.0/companies", Paging), Plain);
  Api.Get(withQuery("/rest/v1.0/projects", Paging), Plain);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  eachAlone(Api, Plain, Paging);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies&...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :53:5: note: sent here
  Api.Get(alwaysAmpersand("/rest/v1.0/companies", Paging), Plain);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/companies&page=1' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  return 0;
}
