//===--- IdProof.h - which declarations hold Procore IDs
//-------------------===//
//
// procore-id-width's second stage: from the facts of a translation unit,
// the declarations that hold Procore IDs and the evidence for each. Seeds
// come from JSON fields, values sent to Procore, big literals and resource
// names in files that call the API; they spread along the flows of values
// both ways.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_IDPROOF_H
#define MPR_LINT_CHECKS_IDPROOF_H

#include "IdFacts.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::procore::idwidth {

/// Which declarations hold Procore IDs, and why.
class IdProof {
public:
  explicit IdProof(IdFacts &F)
      : F(F), Classifier(F.Settings.Classifier), Hosts(F.Settings.Hosts) {}

  bool talksToProcore() const { return F.ProcoreLiteral != nullptr; }

  /// Whether a JSON read reads a field named like an ID, in a file that
  /// talks to Procore; its key goes to \p Key.
  bool readsIdField(const Expr *Read, std::string *Key = nullptr);

  bool isId(Holder H) const { return Ids.count(H); }
  /// The IDs in the order they were proven.
  const llvm::MapVector<Holder, Evidence> &ids() const { return Ids; }

  bool isIdSource(const ValueSource &Source);

  /// Whether a 32-bit conversion reads the value of an ID's key from JSON
  /// text searched by hand (`atoi(p + 5)` after `strstr(body, "\"id\":")`).
  bool readsSearchedIdKey(const Expr *Conversion, std::string &Key,
                          bool *OfMap = nullptr);
  /// Whether a 32-bit conversion converts a JSON number read from a field
  /// named like an ID (`Obj.value("id").toVariant().toUInt()`).
  bool convertsIdField(const Expr *Conversion, std::string &Key);
  /// Whether a call of a helper of the program returns the value of an
  /// ID's key from JSON text it searches (`json_int(Obj, "vendor_id")`).
  bool readsSearchedIdKeyOfResult(const Expr *Call, std::string &Key);

  /// The strongest evidence first: it is the one the note shows.
  void prove();

private:
  void add(Holder H, Evidence E) { Ids.insert({H, std::move(E)}); }

  void seedFromNames();

  void seedFromUses();

  void seedFromFlows();

  /// Values move both ways: an ID stored somewhere makes that an ID; a
  /// value stored in an ID makes its ID-named source one. The flows are
  /// swept in order until none proves a new ID; a flow is looked at again
  /// only when one of its ends has become an ID since, so each link of a
  /// chain written backwards costs the flows it touches, not all of them.
  void propagate();

  /// The ID class whose name names \p D, when its own name does not.
  const CXXRecordDecl *wrapperNaming(const Decl *D);
  std::pair<const NamedDecl *, std::string>
  recordNamingResource(const Decl *D) const;
  /// A declaration not named like an ID becomes one by receiving an ID
  /// only in the file being analysed: a header's generic 'int value' is
  /// shared by code that never sees an ID.
  bool mayBecomeId(const Decl *D);

  /// `project_id = parse(text)`: a function of this file whose result is
  /// stored in an ID returns one, whatever its name (a lambda's call
  /// operator too: `[](auto &s) { return std::stoi(s); }`).
  bool returnsInto(const Decl *D);
  bool isLocalOfThisFile(const Decl *D);
  bool returnedLocal(const Flow &Flow);
  /// `for (auto ProjectId : Projects)`, `auto Id = It->second`: a variable
  /// whose type is deduced from the value it receives has that value's
  /// width, so an ID it holds is an ID where that value is declared.
  bool typeDeducedFrom(const Flow &Flow);

  /// int clamp(int v) { return v; }: the return of a function that passes
  /// a parameter through is not an ID for every caller because one passes
  /// an ID.
  static bool returnsOwnParameter(const Flow &Flow);

  IdFacts &F;
  const IdNameClassifier &Classifier;
  const HostTable &Hosts;
  llvm::MapVector<Holder, Evidence> Ids;
  /// Functions that return an ID because a caller stores their result in
  /// one (`int json_int(js, key)`): what they give other callers (an
  /// attempt count) is not an ID for that.
  llvm::DenseSet<Holder> ReturnsForCallers;
};

} // namespace clang::tidy::procore::idwidth

#endif // MPR_LINT_CHECKS_IDPROOF_H
