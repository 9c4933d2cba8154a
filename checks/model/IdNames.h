//===--- IdNames.h - Which names denote Procore resource IDs ----*- C++ -*-===//
//
// procore-id-width only looks at integers whose name says "identifier". This
// file decides that from the name alone: the words of the identifier, the
// Procore resource it names if any, and names that are IDs of something else
// (threads, sessions, sockets) and never Procore's.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_MODEL_IDNAMES_H
#define MPR_LINT_CHECKS_MODEL_IDNAMES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::procore {

/// The lower-case words of an identifier: snake_case, camelCase, PascalCase
/// and ALLCAPS runs are split, digits dropped ("m_projectID2" -> m project id).
std::vector<std::string> identifierWords(llvm::StringRef Name);

/// What a name says about the value it holds.
struct IdName {
  enum Kind {
    Single,  ///< project_id, id, companyId: one ID.
    Plural,  ///< project_ids, ids: a collection of IDs.
    KeyedBy, ///< projects_by_id, nameById: a map whose keys are IDs.
  } Shape = Single;
  /// The Procore resource the name mentions ("project", "change order"), or
  /// empty for a bare "id".
  std::string Resource;
};

class IdNameClassifier {
public:
  /// \p ExtraResources adds resource nouns, each one or more words
  /// ("timecard entry", "bid_package").
  explicit IdNameClassifier(llvm::ArrayRef<std::string> ExtraResources = {});

  /// The ID \p Name denotes, or nothing when it is not an ID name or names
  /// the ID of something that is not a Procore resource (thread_id).
  std::optional<IdName> classify(llvm::StringRef Name) const;

  /// The Procore resource a name or URL path segment mentions ("projects"
  /// -> "project"), or empty.
  std::string resourceIn(llvm::StringRef Name) const {
    return findResource(identifierWords(Name));
  }

  /// The Procore resource a record's name says its objects are
  /// (`rfi_rec`, `ProjectRow`), or empty, also for the records of other
  /// services (`GithubIssue`).
  std::string recordResource(llvm::StringRef RecordName) const;

private:
  /// The first resource noun found in \p Words, or empty.
  std::string findResource(llvm::ArrayRef<std::string> Words) const;

  std::vector<std::vector<std::string>> Resources;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_MODEL_IDNAMES_H
