//===--- IdReporter.h - the findings of procore-id-width ------------------===//
//
// procore-id-width's last stage: a warning for each narrow place an ID is
// kept (declarations, aliases, casts, conversions, format strings, library
// parameters), a note with the evidence, and the fix-its that widen it.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_IDREPORTER_H
#define MPR_LINT_CHECKS_IDREPORTER_H

#include "IdProof.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::procore::idwidth {

struct IdPart;

/// The 64-bit types and formats fixes write in one translation unit.
struct WideTypes {
  std::string Signed;
  std::string Unsigned;
  bool PrintfLongLong; ///< %lld rather than PRId64.
};

/// Whether \p Text has a line `#include <Header>` (\p Header with its
/// brackets or quotes).
bool writesInclude(llvm::StringRef Text, llvm::StringRef Header);

/// Writes the findings of one translation unit: the message, the note with
/// the evidence, and the fix-its.
class IdReporter {
public:
  IdReporter(ClangTidyCheck &Check, utils::IncludeInserter &Inserter,
             IdFacts &F, IdProof &Proof, WideTypes Wide)
      : Check(Check), Inserter(Inserter), F(F), Proof(Proof),
        Classifier(F.Settings.Classifier), Wide(std::move(Wide)),
        FlagLong(F.Settings.FlagLong), Context(F.Context),
        SM(Context.getSourceManager()), LangOpts(Context.getLangOpts()) {}

  void reportDeclaration(Holder H, const Evidence &Why);
  /// \p WithFix is false for a cast that a format conversion reads which
  /// cannot be rewritten with it: a wider argument would not match it.
  void reportCast(const ExplicitCastExpr *Cast, bool WithFix);
  void reportNarrowCall(const CallExpr *Call, bool IntoId);
  void reportFormat(const FormatUse &Use);
  /// Where the conversion of \p Use is spelled, when a fix can rewrite it.
  std::optional<CharSourceRange> formatFixRange(const FormatUse &Use) const;
  void reportLibrarySink(const LibrarySink &Sink);

private:
  bool wouldNarrowInBraces(const Expr *Call);
  DiagnosticBuilder diag(SourceLocation Loc, llvm::StringRef Message,
                         DiagnosticIDs::Level Level = DiagnosticIDs::Warning) {
    return Check.diag(Loc, Message, Level);
  }
  const std::string &wideType(QualType Narrow) const {
    return isUnsignedInteger(Narrow) ? Wide.Unsigned : Wide.Signed;
  }
  bool fixable(SourceRange Range) const {
    return Range.isValid() && Range.getBegin().isFileID() &&
           Range.getEnd().isFileID() && !SM.isInSystemHeader(Range.getBegin());
  }
  void addInclude(DiagnosticBuilder &Diag, SourceLocation At,
                  llvm::StringRef Header) {
    FileID File = SM.getFileID(At);
    // The inserter looks for the header only up to where it would sort in,
    // so an unsorted list that has it further down would get it twice.
    if (writesInclude(SM.getBufferData(File), Header))
      return;
    if (std::optional<FixItHint> Include =
            Inserter.createIncludeInsertion(File, Header))
      Diag << *Include;
  }
  /// Replaces a type as written with \p Type, and includes its header.
  void replaceType(DiagnosticBuilder &Diag, SourceRange Written,
                   llvm::StringRef Type) {
    Diag << FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Written), Type);
    if (Type.starts_with("std::") || Type == "int64_t" || Type == "uint64_t")
      addInclude(Diag, Written.getBegin(),
                 LangOpts.CPlusPlus ? "<cstdint>" : "<stdint.h>");
  }
  static std::string nameOf(const Decl *D) {
    const auto *Named = dyn_cast<NamedDecl>(D);
    return Named ? Named->getNameAsString() : "";
  }
  std::string spell(QualType Type) const {
    return Type.getAsString(Context.getPrintingPolicy());
  }
  void explain(const Decl *D, const Evidence &Why);
  std::optional<std::vector<SourceRange>>
  fixRanges(const Decl *D, llvm::ArrayRef<TypeLoc> Locs, const IdPart &Part,
            QualType Container);
  /// Whether code that works with \p D spells its container type
  /// \p Container too: another declaration in \p D's scope (as its type or
  /// as the scope of a nested type, `std::map<int, T>::iterator`), or a
  /// parameter \p D is passed to.
  bool containerSpelledBeside(const Decl *D, QualType Container);
  /// The code that works with \p D: its function (a function's own body,
  /// for what it returns), its class, or the unit.
  const Decl *scopeOf(const Decl *D);
  /// `&D` handed on as a pointer to a narrow integer (`int *`) that would
  /// not take the widened type: no fix for \p D then.
  const Expr *narrowAddressOf(const Decl *D, QualType &Target);
  void reportAlias(const TypedefNameDecl *Alias, QualType IdType,
                   const IdPart &Part, const Decl *User, const Evidence &Why);

  ClangTidyCheck &Check;
  utils::IncludeInserter &Inserter;
  IdFacts &F;
  IdProof &Proof;
  const IdNameClassifier &Classifier;
  const WideTypes Wide;
  const bool FlagLong;
  ASTContext &Context;
  const SourceManager &SM;
  const LangOptions &LangOpts;
  /// An alias is reported once, with the evidence of its first ID.
  llvm::SmallPtrSet<const TypedefNameDecl *, 4> ReportedAliases;
};

} // namespace clang::tidy::procore::idwidth

#endif // MPR_LINT_CHECKS_IDREPORTER_H
