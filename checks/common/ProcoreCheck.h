//===--- ProcoreCheck.h - what every procore-* check shares -----*- C++ -*-===//
//
// The options every procore-* check reads the same way (hosts, request
// wrappers, true/false values) and the per-unit analysis they build on:
// the string tracer and the requests of the translation unit, made at the
// unit's first match and dropped at its end.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_COMMON_PROCORECHECK_H
#define MPR_LINT_CHECKS_COMMON_PROCORECHECK_H

#include "analysis/RequestAnalysis.h"
#include "analysis/StringTracer.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "model/EndpointModel.h"
#include "model/RequestModel.h"
#include <memory>

namespace clang::tidy::procore {

/// A clang-tidy check of the procore module. The shared options are read
/// from the check's own key first, then from the global key, so a team
/// sets `ExtraApiHosts` or `RequestFunctions` once for all checks.
class ProcoreCheck : public ClangTidyCheck {
public:
  ProcoreCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  /// "true"/"1" or "false"/"0", in any case; anything else is \p Default.
  /// Read as text: clang-tidy's bool specialisation does not link from code
  /// built by another compiler than clang-tidy's own.
  bool boolOption(StringRef Name, bool Default) const;

  /// The hosts mpr-lint knows, with ExtraLegacyHosts and ExtraApiHosts.
  const HostTable &hosts() const { return Hosts; }
  /// The user's request wrappers (RequestFunctions).
  const std::vector<WrapperRule> &wrappers() const { return Wrappers; }

  /// Makes the analysis of the unit \p Context, once per unit: call it at
  /// each match.
  void beginUnit(ASTContext &Context);
  /// The analysis of the unit being checked; null before its first match.
  StringTracer *tracer() const { return Tracer.get(); }
  RequestAnalysis *requests() const { return Requests.get(); }
  /// Drops the analysis at the end of a translation unit.
  void endUnit();

private:
  const std::string ExtraLegacyHosts;
  const std::string ExtraApiHosts;
  const std::string RequestFunctions;
  HostTable Hosts;
  std::vector<WrapperRule> Wrappers;
  std::unique_ptr<StringTracer> Tracer;
  std::unique_ptr<RequestAnalysis> Requests;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_COMMON_PROCORECHECK_H
