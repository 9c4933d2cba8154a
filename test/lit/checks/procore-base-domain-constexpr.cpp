// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17 %stub_flags

// Hosts joined at compile time: a constexpr helper concatenates literal
// pieces into a std::array<char, N>. The compiler's evaluation of the
// constant gives its text, and the literal arguments that spell it in order
// give where each host is written, so the wrong one is fixed in place.

#include <cpr/cpr.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

template <std::size_t... Ns>
constexpr auto cat(const char (&...Parts)[Ns]) {
  std::array<char, (Ns + ... + 0) - sizeof...(Ns) + 1> Out{};
  std::size_t Pos = 0;
  auto Put = [&](const char *S, std::size_t N) {
    for (std::size_t I = 0; I + 1 < N; ++I)
      Out[Pos++] = S[I];
  };
  (Put(Parts, Ns), ...);
  Out[Pos] = '\0';
  return Out;
}

constexpr auto kApi = cat("https://", "api.procore.com");
constexpr auto kTokenInfo = cat("https://", "api.procore.com", "/oauth/token/info");
// CHECK-MESSAGES: :[[@LINE-1]]:46: warning: base URL for OAuth endpoints on API host 'api.procore.com'; MPR requires 'login.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :35:10: note: used for an OAuth endpoint here
// CHECK-FIXES: {{^}}constexpr auto kTokenInfo = cat("https://", "login.procore.com", "/oauth/token/info");{{$}}

long tokenInfo(const std::string &Token) {
  return cpr::Get(cpr::Url{kTokenInfo.data()}, cpr::Bearer{Token}).status_code;
}

long projects(const std::string &Token) {
  std::string Url = std::string(kApi.data()) + "/rest/v1.0/projects";
  return cpr::Get(cpr::Url{Url}, cpr::Bearer{Token},
                  cpr::Header{{"Procore-Company-Id", "42"}})
      .status_code;
}

// The standard literal operators make a view or a string of the literal.
using namespace std::literals;
constexpr auto kLegacyApi = "https://app.procore.com"sv;
// CHECK-MESSAGES: :[[@LINE-1]]:38: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
// CHECK-MESSAGES: :54:28: note: used for a REST API endpoint here
// CHECK-MESSAGES: :54:10: note: used for a REST API endpoint here
// CHECK-FIXES: {{^}}constexpr auto kLegacyApi = "https://api.procore.com"sv;{{$}}

long vendors() {
  return cpr::Get(cpr::Url{std::string(kLegacyApi) + "/rest/v1.0/vendors"s},
                  cpr::Header{{"Procore-Company-Id", "42"}})
      .status_code;
}
