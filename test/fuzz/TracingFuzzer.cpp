//===--- TracingFuzzer.cpp - string and request tracing on mutated code ---===//
//
// The input is a C++ file. Seeded with the fixtures and check tests, the
// mutations keep most of the URLs, requests and helpers the tracer follows
// while breaking the code in every way clang can still recover from.
//
//===----------------------------------------------------------------------===//

#include "InMemoryTidy.h"

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
  mpr::fuzz::requireFixesInBounds(mpr::fuzz::runChecksInMemory(Code, Options),
                                  Code.size());
  return 0;
}
