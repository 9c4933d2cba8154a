//===--- TracingFuzzer.cpp - string and request tracing on mutated code ---===//
//
// The input is a C++ file. Seeded with the fixtures and check tests, the
// mutations keep most of the URLs, requests and helpers the tracer follows
// while breaking the code in every way clang can still recover from.
// Invariants: fixes stay inside the input; the same input gives the same
// findings twice; the fixes, applied as --fix would, do not conflict; and
// on code that compiles, the fixed code still compiles and a second round
// of fixes changes nothing.
//
//===----------------------------------------------------------------------===//

#include "InMemoryTidy.h"
#include "Invariant.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Code(reinterpret_cast<const char *>(Data), Size);
  // Both service-account settings and a wrapper, so every path is open.
  clang::tidy::ClangTidyOptions::OptionMap Options;
  Options["procore-company-header.ServiceAccount"] =
      clang::tidy::ClangTidyOptions::ClangTidyValue(Size % 2 ? "true"
                                                             : "false");
  Options["procore-company-header.RequestFunctions"] =
      clang::tidy::ClangTidyOptions::ClangTidyValue(
          "api::ProcoreClient::get(url=0, base=BaseUrl); "
          "ProcoreClient::post(url=0, headers=1, base=BaseUrl, method=POST)");
  using namespace mpr::fuzz;
  auto Errors = runChecksInMemory(Code, Options);
  requireFixesInBounds(Errors, Code.size());
  std::string Findings = describe(Errors);
  require(describe(runChecksInMemory(Code, Options)) == Findings,
          "the same input gave different findings");

  std::optional<std::string> Fixed = applyFixes(Code, Errors);
  require(Fixed.has_value(), "the fixes conflict");
  // The rest is a promise for code that compiles: in broken code, what
  // clang recovered is not what is written (a fix then lands beside an
  // invalid type), and the #include a fix adds can declare what the input
  // lacked and so reveal findings of its own.
  if (*Fixed == Code || compilerErrors(Errors) != 0)
    return 0;
  auto FixedErrors = runChecksInMemory(*Fixed, Options);
  require(compilerErrors(FixedErrors) == 0, "the fixes added a compiler error");
  std::optional<std::string> FixedAgain = applyFixes(*Fixed, FixedErrors);
  require(FixedAgain && *FixedAgain == *Fixed,
          "a second round of fixes changed the fixed code");
  return 0;
}
