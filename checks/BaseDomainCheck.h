//===--- BaseDomainCheck.h - procore-base-domain ----------------*- C++ -*-===//

#ifndef MPR_LINT_CHECKS_BASEDOMAINCHECK_H
#define MPR_LINT_CHECKS_BASEDOMAINCHECK_H

#include "analysis/RequestAnalysis.h"
#include "analysis/StringTracer.h"
#include "common/ProcoreCheck.h"
#include "model/EndpointModel.h"
#include "llvm/ADT/MapVector.h"
#include <memory>

namespace clang::tidy::procore {

/// Finds OAuth and REST API URLs spelled with a host that Multiple Procore
/// Regions no longer allow for that endpoint (app.procore.com, OAuth on the
/// API host, ...) and rewrites just the host characters of the literal.
///
/// For the user-facing documentation see:
/// docs/checks/procore-base-domain.md
class BaseDomainCheck : public ProcoreCheck {
public:
  BaseDomainCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// One host spelled in one literal, and what the code uses it for.
  struct HostSite {
    const StringLiteral *Literal = nullptr;
    size_t FirstUnit = 0; ///< The host's code units in Literal.
    std::string SpelledHost;
    const KnownHost *Host = nullptr;
    SourceLocation Location;
    bool SpelledWithPath = false; ///< The host's token also spells a path.
    std::vector<std::pair<EndpointKind, SourceLocation>> Uses;
    /// The uses its function makes of it under any arguments: judged when
    /// no call of the program as it stands uses the host (a branch its
    /// callers' flags skip today).
    std::vector<std::pair<EndpointKind, SourceLocation>> FallbackUses;
  };

  void recordHosts(const TracedString &Text, SourceLocation Use,
                   bool FromLiteralAlone, bool Fallback = false);
  void recordFormatted(const CallExpr *Call);
  static bool writesToConsole(const Expr *Compose);
  void recordComposed(const Expr *Compose,
                      llvm::SmallVectorImpl<const CallExpr *> &Calls);
  void reportSite(const HostSite &Site);
  void addHostFix(DiagnosticBuilder &Diag, const HostSite &Site,
                  StringRef Required);

  const SourceManager *SM = nullptr;
  const LangOptions *LangOpts = nullptr;
  llvm::MapVector<SourceLocation, HostSite> Sites;
  /// Where text is joined (`Base + Path`), read once every call is known.
  std::vector<const Expr *> Composed;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_BASEDOMAINCHECK_H
