//===--- CheckCatalog.h - the procore-* checks, in one list -----*- C++ -*-===//
//
// Each check's name, one-line summary, longer description and doc page,
// written once: the module registers the checks under these names, and the
// SARIF report describes its rules with this text.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_COMMON_CHECKCATALOG_H
#define MPR_LINT_CHECKS_COMMON_CHECKCATALOG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::procore {

/// What a user reads about one check.
struct CheckInfo {
  llvm::StringLiteral Name;
  /// One line: what a finding of the check means.
  llvm::StringLiteral Summary;
  /// A paragraph: what the check finds and how it fixes it.
  llvm::StringLiteral Description;
  /// The doc page, relative to the repository root.
  llvm::StringLiteral DocPage;
};

inline constexpr CheckInfo BaseDomainInfo{
    "procore-base-domain",
    "Procore OAuth or REST API URL on a host MPR no longer allows.",
    "Finds Procore OAuth and REST API URLs on a host that Multiple Procore "
    "Regions no longer allows for that endpoint (app.procore.com, OAuth on "
    "api.procore.com, ...), also when the URL is built from macros, "
    "constants and appended paths, and rewrites the host in the literal.",
    "docs/checks/procore-base-domain.md"};

inline constexpr CheckInfo CompanyHeaderInfo{
    "procore-company-header",
    "Procore REST API request without a Procore-Company-Id header.",
    "Finds HTTP requests to the Procore REST API that do not send the "
    "Procore-Company-Id header, which Multiple Procore Regions requires on "
    "every call, and adds it in the HTTP library's idiom when a company id "
    "is in scope.",
    "docs/checks/procore-company-header.md"};

inline constexpr CheckInfo IdWidthInfo{
    "procore-id-width",
    "Procore resource ID kept or converted in fewer than 64 bits.",
    "Finds Procore resource IDs (company, project, user, RFI, ...) held in "
    "types narrower than 64 bits (int, int32_t, unsigned, long on Windows, "
    "float), narrowed by casts, or read and printed through 32-bit "
    "conversions (std::stoi, atoi, JSON getters such as get<int>() and "
    "GetInt(), %d), and widens them to 64-bit types and calls.",
    "docs/checks/procore-id-width.md"};

/// Every check of the procore module, in name order.
inline constexpr CheckInfo AllChecks[] = {BaseDomainInfo, CompanyHeaderInfo,
                                          IdWidthInfo};

/// The catalog entry of check \p Name, or null.
inline const CheckInfo *findCheckInfo(llvm::StringRef Name) {
  for (const CheckInfo &Info : AllChecks)
    if (Info.Name == Name)
      return &Info;
  return nullptr;
}

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_COMMON_CHECKCATALOG_H
