//===--- CompanyHeaderCheck.h - procore-company-header ----------*- C++ -*-===//

#ifndef MPR_LINT_CHECKS_COMPANYHEADERCHECK_H
#define MPR_LINT_CHECKS_COMPANYHEADERCHECK_H

#include "analysis/RequestAnalysis.h"
#include "common/ProcoreCheck.h"
#include "model/EndpointModel.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>

namespace clang::tidy::procore {

/// Finds HTTP requests to the Procore REST API that do not carry a
/// Procore-Company-Id header, across libcurl, cpp-httplib, Boost.Beast, Qt,
/// cpprestsdk, Poco, cpr, curlpp and the wrappers named in RequestFunctions.
///
/// For the user-facing documentation see:
/// docs/checks/procore-company-header.md
class CompanyHeaderCheck : public ProcoreCheck {
public:
  CompanyHeaderCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  struct ApiCall {
    std::string Path; ///< As the message shows it.
  };
  /// Whether a request breaks MPR, and why or why not.
  struct Verdict {
    llvm::StringRef Why;
    std::optional<ApiCall> Call; ///< Set when it breaks MPR.
  };

private:
  std::optional<std::string> restPath(const TracedString &Url) const;
  std::optional<ApiCall> procoreApiCall(const SentRequest &Request) const;
  Verdict judge(const SentRequest &Request) const;
  SourceLocation callGivingUrl(const SentRequest &Request,
                               const ApiCall &Call) const;
  /// Reports a request judged to break MPR, at its send or, when \p Caller
  /// is valid, at that call of the helper chain that sends it.
  void report(const SentRequest &Request, const ApiCall &Call,
              SourceLocation Caller);
  bool explains(SourceLocation Loc) const;
  std::string place(SourceLocation Loc) const;
  /// Prints why \p Request got \p Verdict when Explain names it.
  void explainRequest(const SentRequest &Request,
                      llvm::StringRef Verdict) const;
  void addFix(DiagnosticBuilder &Diag, const SentRequest &Request);

  const bool ServiceAccount;
  const bool ReportConditionalHeaders;
  /// "file:line" of the requests to explain on stderr.
  const std::string Explain;
  /// A string literal of the translation unit names a Procore host.
  bool MentionsProcoreHost = false;
  ASTContext *Context = nullptr;
  /// Where fixes were offered: a helper sending for several callers gets
  /// its header once.
  llvm::DenseSet<SourceLocation> FixedAt;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_COMPANYHEADERCHECK_H
