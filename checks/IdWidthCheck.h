//===--- IdWidthCheck.h - procore-id-width ---------------------*- C++ -*-===//

#ifndef MPR_LINT_CHECKS_IDWIDTHCHECK_H
#define MPR_LINT_CHECKS_IDWIDTHCHECK_H

#include "clang-tidy/utils/IncludeInserter.h"
#include "common/ProcoreCheck.h"
#include "model/EndpointModel.h"
#include "model/IdNames.h"
#include "model/RequestModel.h"
#include <memory>

namespace clang::tidy::procore {

namespace idwidth {
struct IdFacts;
struct IdWidthSettings;
} // namespace idwidth

/// Finds Procore resource IDs kept in fewer than 64 bits: variables,
/// parameters, fields, return types, aliases and container elements of a
/// narrow type, casts and implicit narrowing of IDs, and 32-bit conversions
/// (std::stoi, atoi, JSON GetInt/asInt/toInt/get<int>, printf %d). An
/// integer is an ID when its name says so and the code shows it is
/// Procore's: read from a JSON response, sent in a request, a member of a
/// type filled from one, or named after a Procore resource in a file that
/// calls the Procore API.
///
/// For the user-facing documentation see: docs/checks/procore-id-width.md
class IdWidthCheck : public ProcoreCheck {
public:
  IdWidthCheck(StringRef Name, ClangTidyContext *Context);
  ~IdWidthCheck() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  std::optional<TraversalKind> getCheckTraversalKind() const override;

private:
  const bool FlagLong;
  const std::string IdType;
  const std::string UnsignedIdType;
  const std::string ExtraResourceNames;
  const bool PrintfUsesLongLong;
  IdNameClassifier Classifier;
  utils::IncludeInserter Inserter;
  const std::unique_ptr<idwidth::IdWidthSettings> Settings;
  std::unique_ptr<idwidth::IdFacts> Seen;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_IDWIDTHCHECK_H
