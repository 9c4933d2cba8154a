// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %stub_flags

// URLs whose pieces come from lambdas the code calls where it writes them:
// a generic lambda called in place inside a fold over the path segments,
// and one called by name. Each is a helper like any function, read with
// the arguments of its call, so the path of each request is known.

#include <cpr/cpr.h>

#include <string>
#include <string_view>
#include <type_traits>

template <typename... Segments>
std::string url(std::string_view Base, const Segments &...Parts) {
  std::string Out(Base);
  ((Out += '/', Out += [](const auto &Part) {
      if constexpr (std::is_arithmetic_v<std::decay_t<decltype(Part)>>)
        return std::to_string(Part);
      else
        return std::string(Part);
    }(Parts)),
   ...);
  return Out;
}

long listUsers(long long Company) {
  return cpr::Get(cpr::Url{url("https://api.procore.com", "rest", "v1.0",
                               "companies", Company, "users")},
                  cpr::Bearer{"t"})
      .status_code;
  // CHECK-MESSAGES: :[[@LINE-4]]:10: warning: Procore API request to '/rest/v1.0/companies/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

long listProjects(long long Company) {
  return cpr::Get(cpr::Url{url("https://api.procore.com", "rest", "v1.0",
                               "projects")},
                  cpr::Bearer{"t"},
                  cpr::Header{{"Procore-Company-Id", std::to_string(Company)}})
      .status_code;
}

long me() {
  auto Path = [](const char *Resource) {
    return std::string("/rest/v1.0/") + Resource;
  };
  return cpr::Get(cpr::Url{"https://api.procore.com" + Path("me")},
                  cpr::Bearer{"t"})
      .status_code;
}

long vendors() {
  auto Path = [](const char *Resource) {
    return std::string("/rest/v1.0/") + Resource;
  };
  return cpr::Get(cpr::Url{"https://api.procore.com" + Path("vendors")},
                  cpr::Bearer{"t"})
      .status_code;
  // CHECK-MESSAGES: :[[@LINE-3]]:10: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}
