//===--- WriteIndex.h - Where the TU writes lasting values ------*- C++ -*-===//
//
// One pass over the translation unit that records every write to storage
// that outlives a call: members and globals (assignments, aggregate
// initializers, C string copies into their buffers) and the entries of
// containers (maps, hashes, vectors of pairs or strings). A reader of a
// member, a global, or an element of a container (`it->first`, `kv.second`,
// `auto &[Name, Value]`, `it.key()`) asks here what may have been written.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_WRITEINDEX_H
#define MPR_LINT_CHECKS_WRITEINDEX_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <vector>

namespace clang::tidy::procore {

/// How a C library call (strcpy, strcat, snprintf and their twins) writes
/// the buffer its first argument points to.
struct BufferWrite {
  enum Kind { Copy, Append, Format } Action;
  const Expr *Source; ///< The text copied or appended, or the format.
  std::vector<const Expr *> FormatArguments;
};
std::optional<BufferWrite> bufferWrite(const CallExpr *Call);

/// \p E without what only points at an object: value wrappers, `&`, `*`
/// and a smart pointer's `->` and `*`.
const Expr *stripIndirection(const Expr *E);

class WriteIndex {
public:
  /// One element put into a container: a key and value pair, or (Second
  /// null) a single element.
  struct Entry {
    const Expr *First;
    const Expr *Second;
    const Stmt *Site; ///< The statement that puts it in.
  };

  explicit WriteIndex(ASTContext &Context) : Context(Context) {}

  /// Values written to a member or a global outside its constructors and
  /// its own initializer. A C string copy (`strcpy(cfg.host, "...")`,
  /// `snprintf(g_url, ...)`) is recorded as the call.
  llvm::ArrayRef<const Expr *> writesOf(const ValueDecl *D);

  /// Elements put into container \p D anywhere in the translation unit:
  /// its initializer list, `D[key] = value`, insert, emplace, push_back...
  llvm::ArrayRef<Entry> entriesOf(const ValueDecl *D);

  /// The variable or member an expression names (see stripIndirection).
  static const ValueDecl *storageOf(const Expr *E);

private:
  void build();

  ASTContext &Context;
  bool Built = false;
  llvm::DenseMap<const ValueDecl *, std::vector<const Expr *>> Writes;
  llvm::DenseMap<const ValueDecl *, std::vector<Entry>> Entries;
  friend class WriteCollector;
};

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_WRITEINDEX_H
