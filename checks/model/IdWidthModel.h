//===--- IdWidthModel.h - The APIs procore-id-width knows, as data -*- C++
//-*-===//
//
// Which types are too narrow for a Procore ID, and which library calls read,
// parse or print an integer in fewer than 64 bits, with their 64-bit
// replacements. Teaching the check a new JSON library or conversion is a
// row here plus a fixture.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_MODEL_IDWIDTHMODEL_H
#define MPR_LINT_CHECKS_MODEL_IDWIDTHMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang::tidy::procore {

/// Why a type cannot hold every Procore ID.
enum class Narrowness {
  None,          ///< Holds 64 bits, or is not an integer we judge.
  Bits8,         ///< char
  Bits16,        ///< short
  Bits32,        ///< int, unsigned, int32_t
  Bits32Windows, ///< long: 32 bits on Windows (LLP64)
  FloatMantissa, ///< float: exact integers only up to 2^24
  Floating,      ///< double: exact up to 2^53, printed as 5.98134e+14
};

/// How narrow \p Type is for an ID. Looks through references and the
/// user's typedefs; a 64-bit typedef (int64_t, qint64, Json::Int64) is wide
/// even where it is spelled 'long'; a system typedef for something else
/// (pid_t, uid_t, socklen_t) is not judged.
Narrowness narrownessOf(QualType Type, bool FlagLong);

/// "32 bits", "32 bits on Windows", ...
llvm::StringRef describeNarrowness(Narrowness N);

/// Whether \p Type is unsigned, so its replacement is too.
bool isUnsignedInteger(QualType Type);

/// A call that reads a JSON value, or converts text, into a narrow integer.
struct NarrowCallRule {
  llvm::StringRef Owner; ///< Class of a method; "" for other functions.
  llvm::StringRef Name;  ///< Method name, or the function's qualified name.
  llvm::StringRef Wide;  ///< Replaces the name token; "" for no fix.
  bool IsJson;           ///< Reads a JSON value (the key is the receiver's).
  bool OnlyWhenFlagLong; ///< Narrow only because 'long' is (atol, strtol).
  /// The wide twin takes a base the narrow one has not: strtod(s, end)
  /// becomes strtoll(s, end, 10).
  bool AddsBase = false;
};

/// The rule for a call of \p Name (a plain qualified name, as
/// plainQualifiedName gives) on an object of class \p Owner.
const NarrowCallRule *findNarrowCall(llvm::StringRef Owner,
                                     llvm::StringRef Name);

/// Whether a call of \p Name on an object of class \p Owner converts text
/// to a 64-bit integer: the wide twin of a narrow conversion (strtoll).
bool isWideTextConversion(llvm::StringRef Owner, llvm::StringRef Name);

/// Classes whose objects are JSON values; a call on one, or a template
/// argument of their get<T>(), reads a JSON field.
bool isJsonValueClass(llvm::StringRef QualifiedName);

/// printf and scanf and their relatives: which argument is the format.
struct FormatFunctionRule {
  llvm::StringRef Name;
  unsigned FormatArgument; ///< Past the last argument when FormatExpression.
  bool Scans;
  unsigned FirstValue; ///< The argument the first conversion takes.
  /// A variadic function of the program whose format is no parameter: the
  /// expression, read with a call's arguments bound, that it hands on.
  const clang::Expr *FormatExpression = nullptr;
};
/// The format rule of a call of \p Function, named \p Name: a library
/// printf or scanf relative, or a variadic function of the program that
/// hands a format and its arguments to a va_list relative, directly
/// (`void Format(const wchar_t *Fmt, ...)` calling `vswprintf(Buf, N,
/// Fmt, Args)`) or through functions of its own that take the va_list.
std::optional<FormatFunctionRule>
formatRuleOf(const clang::FunctionDecl *Function, llvm::StringRef Name);

/// Containers whose element (or key) type a declaration's ID name speaks
/// about: std::vector<int> project_ids, std::map<int, Project> projects_by_id.
struct ContainerRule {
  llvm::StringRef Template;
  unsigned ElementArgument;
  std::optional<unsigned> KeyArgument;
};
const ContainerRule *findContainer(llvm::StringRef QualifiedName);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_MODEL_IDWIDTHMODEL_H
