// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Header lists filled by standard algorithms through an output iterator:
// std::copy adds the range it copies, std::transform what its function
// returns for each element, read with the element as a range-for's
// variable.

#include <httplib.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

using RawHeaders = std::vector<std::pair<std::string, std::string>>;

httplib::Headers converted(const RawHeaders &Raw) {
  httplib::Headers Out;
  std::transform(Raw.begin(), Raw.end(), std::inserter(Out, Out.end()),
                 [](const auto &H) { return std::make_pair(H.first, H.second); });
  return Out;
}

RawHeaders copied(const RawHeaders &Extra) {
  RawHeaders Out{{"Authorization", "Bearer token"}};
  std::copy(Extra.begin(), Extra.end(), std::back_inserter(Out));
  return Out;
}

httplib::Headers fromPairs(const RawHeaders &Raw) {
  httplib::Headers Out;
  std::transform(Raw.begin(), Raw.end(), std::inserter(Out, Out.begin()),
                 [](const std::pair<std::string, std::string> &H) {
                   return httplib::Headers::value_type{H.first, H.second};
                 });
  return Out;
}

// What a function computes from each element the analysis cannot read
// may be any header.
std::string nameOf(int Index);
httplib::Headers computed(const std::vector<int> &Indexes) {
  httplib::Headers Out;
  std::transform(Indexes.begin(), Indexes.end(), std::inserter(Out, Out.end()),
                 [](int I) { return std::make_pair(nameOf(I), "1"); });
  return Out;
}

int main() {
  httplib::Client Client("https://api.procore.com");
  Client.Get("/rest/v1.0/projects/7/rfis",
             converted({{"Authorization", "Bearer token"}}));
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  Client.Get("/rest/v1.0/projects/7/submittals",
             converted({{"Authorization", "Bearer token"},
                        {"Procore-Company-Id", "42"}}));

  RawHeaders Plain = copied({{"Accept", "application/json"}});
  RawHeaders Scoped = copied({{"Procore-Company-Id", "42"}});
  Client.Get("/rest/v1.0/projects/7/drawings", fromPairs(Plain));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/drawings' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  Client.Get("/rest/v1.0/projects/7/vendors", fromPairs(Scoped));

  Client.Get("/rest/v1.0/projects/7/users", computed({1, 2}));
}
