//===--- CheckOptionsFuzzer.cpp - every CheckOption of both checks --------===//
//
// The input is the options, one per line:
//   ServiceAccount
//   ExtraLegacyHosts
//   ExtraApiHosts
//   RequestFunctions (the rest of the input)
// They go to the parsers directly, then to both checks, which run on a small
// program that calls wrappers of every arity and spells the extra hosts.
//
//===----------------------------------------------------------------------===//

#include "model/EndpointModel.h"
#include "InMemoryTidy.h"
#include "Invariant.h"
#include "model/RequestModel.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::tidy;
using namespace clang::tidy::procore;
using mpr::fuzz::require;

namespace {

/// \p Text as the body of a C++ string literal, every byte octal-escaped so
/// no input can end the literal or form a trigraph.
std::string escapedLiteral(llvm::StringRef Text) {
  std::string Literal;
  llvm::raw_string_ostream OS(Literal);
  for (unsigned char C : Text)
    OS << '\\' << llvm::format("%03o", C);
  return Literal;
}

/// A program that calls wrappers with zero to three arguments, through a
/// member, a free function and a template, and sends to the extra hosts.
std::string programFor(llvm::StringRef LegacyHosts, llvm::StringRef ApiHosts) {
  std::string Code = R"cpp(
#include <curl/curl.h>
#include <string>
#include <vector>
namespace api {
struct ProcoreClient {
  std::string BaseUrl = "https://api.procore.com";
  long get(const std::string &Path) const;
  long post(const std::string &Path, const std::vector<std::string> &Headers) const;
  long send(const char *Method, const std::string &Path, std::vector<std::string> Headers, int Retries) const;
  static long ping();
};
}
long fetch(const char *Url);
template <class T> long typed(T Url, const char *Header);
long use(api::ProcoreClient &Client, long long company_id) {
  std::vector<std::string> Headers;
  Headers.push_back("Procore-Company-Id: " + std::to_string(company_id));
  long Sum = Client.get("/rest/v1.0/projects");
  Sum += Client.post("/rest/v1.0/rfis", Headers);
  Sum += Client.send("PATCH", Client.BaseUrl + "/rest/v1.0/me", {}, 3);
  Sum += api::ProcoreClient::ping();
  Sum += fetch("https://app.procore.com/rest/v1.0/companies");
  Sum += typed("https://api.procore.com/oauth/token", "Accept: */*");
  CURL *Curl = curl_easy_init();
)cpp";
  for (const std::string &Host :
       splitOptionList(LegacyHosts.str() + ";" + ApiHosts.str())) {
    Code += "  curl_easy_setopt(Curl, CURLOPT_URL, \"https://" +
            escapedLiteral(Host) + "/rest/v1.0/projects\");\n";
    Code += "  Sum += fetch(\"https://" + escapedLiteral(Host) +
            "/oauth/token\");\n";
  }
  Code += "  return Sum + curl_easy_perform(Curl);\n}\n";
  return Code;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Input(reinterpret_cast<const char *>(Data), Size);
  auto [ServiceAccount, AfterFirst] = Input.split('\n');
  auto [LegacyHosts, AfterSecond] = AfterFirst.split('\n');
  auto [ApiHosts, RequestFunctions] = AfterSecond.split('\n');

  std::vector<WrapperRule> Rules;
  std::string Error;
  if (parseWrapperRules(RequestFunctions, Rules, Error)) {
    for (const WrapperRule &Rule : Rules) {
      require(!Rule.Callee.empty(), "a wrapper names a function");
      require(Rule.UrlArgument >= 0, "a wrapper's URL is an argument");
      require(Rule.HeadersArgument >= 0 || Rule.HeadersArgument == NoArgument,
              "a wrapper's headers are an argument or absent");
    }
  } else {
    require(!Error.empty() &&
                llvm::StringRef(Error).starts_with("RequestFunctions: "),
            "a rejected declaration says why, naming the option");
  }

  ClangTidyOptions::OptionMap Options;
  auto Set = [&](llvm::StringRef Check, llvm::StringRef Name,
                 llvm::StringRef Value) {
    Options[(Check + "." + Name).str()] =
        ClangTidyOptions::ClangTidyValue(Value);
  };
  for (llvm::StringRef Check :
       {"procore-base-domain", "procore-company-header"}) {
    Set(Check, "ExtraLegacyHosts", LegacyHosts);
    Set(Check, "ExtraApiHosts", ApiHosts);
  }
  Set("procore-company-header", "ServiceAccount", ServiceAccount);
  Set("procore-company-header", "RequestFunctions", RequestFunctions);

  std::string Code = programFor(LegacyHosts, ApiHosts);
  mpr::fuzz::requireFixesInBounds(mpr::fuzz::runChecksInMemory(Code, Options),
                                  Code.size());
  return 0;
}
