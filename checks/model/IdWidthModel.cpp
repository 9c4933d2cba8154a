//===--- IdWidthModel.cpp - The APIs procore-id-width knows, as data ------===//

#include "model/IdWidthModel.h"
#include "model/FormatFunctions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::procore {

namespace {

/// Typedefs that are 64 bits on every platform, or pointer-sized; an ID in
/// one of them is fine.
constexpr llvm::StringLiteral WideTypedefs[] = {
    "int64_t",      "uint64_t",      "int_least64_t", "uint_least64_t",
    "int_fast64_t", "uint_fast64_t", "intmax_t",      "uintmax_t",
    "__int64_t",    "__uint64_t",    "__intmax_t",    "__uintmax_t",
    "qint64",       "quint64",       "qlonglong",     "qulonglong",
    "Int64",        "UInt64",        "LargestInt",    "LargestUInt",
    "size64_t",     "gint64",        "guint64",       "size_t",
    "ssize_t",      "ptrdiff_t",     "intptr_t",      "uintptr_t",
    "qsizetype",    "qintptr",       "quintptr",      "off_t",
};

/// System typedefs that are narrow integers whatever they are used for.
constexpr llvm::StringLiteral NarrowTypedefs[] = {
    "int8_t",        "uint8_t",        "int16_t",      "uint16_t",
    "int32_t",       "uint32_t",       "__int8_t",     "__uint8_t",
    "__int16_t",     "__uint16_t",     "__int32_t",    "__uint32_t",
    "int_least32_t", "uint_least32_t", "int_fast16_t", "qint8",
    "quint8",        "qint16",         "quint16",      "qint32",
    "quint32",       "uint",           "ushort",       "ulong",
    "Int8",          "UInt8",          "Int16",        "UInt16",
    "Int32",         "UInt32",         "Int",          "UInt",
    "gint",          "guint",          "gint32",       "guint32",
    "glong",         "gulong",
};

constexpr NarrowCallRule NarrowCalls[] = {
    // JSON readers.
    {"rapidjson::GenericValue", "GetInt", "GetInt64", true, false},
    {"rapidjson::GenericValue", "GetUint", "GetUint64", true, false},
    {"rapidjson::GenericValue", "IsInt", "IsInt64", true, false},
    {"rapidjson::GenericValue", "IsUint", "IsUint64", true, false},
    {"Json::Value", "asInt", "asInt64", true, false},
    {"Json::Value", "asUInt", "asUInt64", true, false},
    {"Json::Value", "isInt", "isInt64", true, false},
    {"Json::Value", "isUInt", "isUInt64", true, false},
    // Qt 5's QJsonValue has no 64-bit getter; its QVariant has.
    {"QJsonValue", "toInt", "toVariant().toLongLong", true, false},
    {"QJsonValueRef", "toInt", "toVariant().toLongLong", true, false},
    {"QJsonValueConstRef", "toInt", "toVariant().toLongLong", true, false},
    {"web::json::value", "as_integer", "as_number().to_int64", true, false},
    {"web::json::number", "to_int32", "to_int64", true, false},
    {"web::json::number", "to_uint32", "to_uint64", true, false},
    {"web::json::number", "is_int32", "is_int64", true, false},
    // Floating point readers: an ID prints as 5.98134e+14.
    {"rapidjson::GenericValue", "GetDouble", "GetInt64", true, false},
    {"rapidjson::GenericValue", "GetFloat", "GetInt64", true, false},
    {"Json::Value", "asDouble", "asInt64", true, false},
    {"Json::Value", "asFloat", "asInt64", true, false},
    {"QJsonValue", "toDouble", "toVariant().toLongLong", true, false},
    {"QJsonValueRef", "toDouble", "toVariant().toLongLong", true, false},
    {"QJsonValueConstRef", "toDouble", "toVariant().toLongLong", true, false},
    {"web::json::value", "as_double", "as_number().to_int64", true, false},
    {"", "std::stod", "stoll", false, false},
    {"", "std::stof", "stoll", false, false},
    {"", "atof", "atoll", false, false},
    {"", "strtod", "strtoll", false, false, /*AddsBase=*/true},
    {"QString", "toDouble", "toLongLong", false, false},
    {"QByteArray", "toDouble", "toLongLong", false, false},
    {"QVariant", "toDouble", "toLongLong", false, false},
    // Text to integer.
    {"", "std::stoi", "stoll", false, false},
    {"", "std::stol", "stoll", false, true},
    {"", "std::stoul", "stoull", false, true},
    {"", "atoi", "atoll", false, false},
    {"", "atol", "atoll", false, true},
    {"", "strtol", "strtoll", false, true},
    {"", "strtoul", "strtoull", false, true},
    // Their wide-character forms.
    {"", "wcstol", "wcstoll", false, true},
    {"", "wcstoul", "wcstoull", false, true},
    {"", "wcstod", "wcstoll", false, false, /*AddsBase=*/true},
    {"", "wcstof", "wcstoll", false, false, /*AddsBase=*/true},
    {"QString", "toInt", "toLongLong", false, false},
    {"QString", "toUInt", "toULongLong", false, false},
    {"QString", "toLong", "toLongLong", false, true},
    {"QString", "toULong", "toULongLong", false, true},
    {"QStringRef", "toInt", "toLongLong", false, false},
    {"QStringView", "toInt", "toLongLong", false, false},
    {"QByteArray", "toInt", "toLongLong", false, false},
    {"QByteArray", "toUInt", "toULongLong", false, false},
    {"QVariant", "toInt", "toLongLong", false, false},
    {"QVariant", "toUInt", "toULongLong", false, false},
    {"", "Poco::NumberParser::parse", "parse64", false, false},
    {"", "Poco::NumberParser::parseUnsigned", "parseUnsigned64", false, false},
};

constexpr llvm::StringLiteral JsonValueClasses[] = {
    "nlohmann::basic_json",
    "rapidjson::GenericValue",
    "rapidjson::GenericDocument",
    "Json::Value",
    "QJsonValue",
    "QJsonValueRef",
    "QJsonObject",
    "web::json::value",
    "Poco::JSON::Object",
    "Poco::Dynamic::Var",
    // Boost's property tree, often read from JSON: get<int>("vendor.id").
    "boost::property_tree::basic_ptree",
};

constexpr ContainerRule Containers[] = {
    {"std::vector", 0, std::nullopt},
    {"std::list", 0, std::nullopt},
    {"std::deque", 0, std::nullopt},
    {"std::set", 0, std::nullopt},
    {"std::multiset", 0, std::nullopt},
    {"std::unordered_set", 0, std::nullopt},
    {"std::optional", 0, std::nullopt},
    {"std::array", 0, std::nullopt},
    {"QList", 0, std::nullopt},
    {"QVector", 0, std::nullopt},
    {"QSet", 0, std::nullopt},
    {"QQueue", 0, std::nullopt},
    {"std::map", 1, 0u},
    {"std::multimap", 1, 0u},
    {"std::unordered_map", 1, 0u},
    {"QMap", 1, 0u},
    {"QHash", 1, 0u},
    {"QMultiMap", 1, 0u},
    {"QMultiHash", 1, 0u},
};

Narrowness builtinNarrowness(const BuiltinType *Builtin, bool FlagLong) {
  switch (Builtin->getKind()) {
  case BuiltinType::Char_S:
  case BuiltinType::Char_U:
  case BuiltinType::SChar:
  case BuiltinType::UChar:
    return Narrowness::Bits8;
  case BuiltinType::Short:
  case BuiltinType::UShort:
    return Narrowness::Bits16;
  case BuiltinType::Int:
  case BuiltinType::UInt:
    return Narrowness::Bits32;
  case BuiltinType::Long:
  case BuiltinType::ULong:
    return FlagLong ? Narrowness::Bits32Windows : Narrowness::None;
  case BuiltinType::Float:
  case BuiltinType::Half:
  case BuiltinType::Float16:
    return Narrowness::FloatMantissa;
  case BuiltinType::Double:
  case BuiltinType::LongDouble:
    return Narrowness::Floating;
  default:
    return Narrowness::None;
  }
}

} // namespace

Narrowness narrownessOf(QualType Type, bool FlagLong) {
  Type = Type.getNonReferenceType();
  // `Id id` in Record<CompanyId>: the instance's argument is canonical, the
  // alias the code named it with (int64_t, 'long' on Linux) is lost, so
  // only a width that is narrow everywhere is judged.
  if (const auto *Subst = Type->getAs<SubstTemplateTypeParmType>()) {
    QualType Replacement = Subst->getReplacementType();
    Narrowness Narrow = narrownessOf(Replacement, FlagLong);
    return Narrow == Narrowness::Bits32Windows &&
                   !Replacement->getAs<TypedefType>()
               ? Narrowness::None
               : Narrow;
  }
  // Walk the sugar the code wrote: typedefs decide before the builtin does.
  for (QualType Step = Type;;) {
    const auto *Typedef = Step->getAs<TypedefType>();
    if (!Typedef)
      break;
    const TypedefNameDecl *Decl = Typedef->getDecl();
    llvm::StringRef Name = Decl->getName();
    if (llvm::is_contained(WideTypedefs, Name))
      return Narrowness::None;
    if (llvm::is_contained(NarrowTypedefs, Name))
      break;
    const SourceManager &SM = Decl->getASTContext().getSourceManager();
    if (SM.isInSystemHeader(Decl->getLocation()))
      return Narrowness::None; // pid_t, uid_t, GLuint: not a Procore ID.
    Step = Decl->getUnderlyingType();
  }
  if (const auto *Builtin = Type->getAs<BuiltinType>())
    return builtinNarrowness(Builtin, FlagLong);
  return Narrowness::None;
}

llvm::StringRef describeNarrowness(Narrowness N) {
  switch (N) {
  case Narrowness::Bits8:
    return "8 bits";
  case Narrowness::Bits16:
    return "16 bits";
  case Narrowness::Bits32:
    return "32 bits";
  case Narrowness::Bits32Windows:
    return "32 bits on Windows";
  case Narrowness::FloatMantissa:
    return "exact only up to 2^24";
  case Narrowness::Floating:
    return "floating point: exact only up to 2^53, printed as 5.98134e+14";
  case Narrowness::None:
    break;
  }
  return "64 bits";
}

bool isUnsignedInteger(QualType Type) {
  Type = Type.getNonReferenceType();
  return Type->isUnsignedIntegerType() && !Type->isBooleanType();
}

const NarrowCallRule *findNarrowCall(llvm::StringRef Owner,
                                     llvm::StringRef Name) {
  for (const NarrowCallRule &Rule : NarrowCalls)
    if (Rule.Owner == Owner && Rule.Name == Name)
      return &Rule;
  return nullptr;
}

bool isWideTextConversion(llvm::StringRef Owner, llvm::StringRef Name) {
  // The wide twins the rules name: strtoll, std::stoll, QString::toLongLong.
  llvm::StringRef Unqualified = Name.rsplit("::").second;
  if (Unqualified.empty())
    Unqualified = Name;
  return llvm::any_of(NarrowCalls, [&](const NarrowCallRule &Rule) {
    return !Rule.IsJson && Rule.Owner == Owner && Rule.Wide == Unqualified;
  });
}

bool isJsonValueClass(llvm::StringRef QualifiedName) {
  return llvm::is_contained(JsonValueClasses, QualifiedName);
}

namespace {
// A format and a va_list handed to a printf or scanf relative.
struct VaListHandOver {
  const clang::Expr *Format;
  bool Scans;
};
} // namespace

static std::optional<VaListHandOver> findHandOver(const clang::Stmt *S,
                                                  unsigned Depth);

// The parameter of \p Function that \p E names, if it names one.
static const clang::ParmVarDecl *
ownParameter(const clang::Expr *E, const clang::FunctionDecl *Function) {
  const auto *Ref =
      llvm::dyn_cast<clang::DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Param =
      Ref ? llvm::dyn_cast<clang::ParmVarDecl>(Ref->getDecl()) : nullptr;
  return Param && Param->getDeclContext() == Function ? Param : nullptr;
}

// The parameter of \p Function, which takes a va_list, that it hands on as
// the format: `req_set_url(R, Fmt, Args)` calling `vsnprintf(R->Url, N,
// Fmt, Args)`.
static std::optional<std::pair<unsigned, bool>>
vaListFormatParameter(const clang::FunctionDecl *Function, unsigned Depth) {
  std::optional<VaListHandOver> Found =
      findHandOver(Function->getBody(), Depth);
  const clang::ParmVarDecl *Param =
      Found ? ownParameter(Found->Format, Function) : nullptr;
  if (!Param)
    return std::nullopt;
  return std::make_pair(Param->getFunctionScopeIndex(), Found->Scans);
}

// Whether \p Call hands a format and a va_list on: to a library va_list
// relative of printf or scanf, or to a function of the program that takes a
// va_list and hands them on in turn.
static std::optional<VaListHandOver> handOver(const clang::CallExpr *Call,
                                              unsigned Depth) {
  const clang::FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return std::nullopt;
  if (const FormatFunction *Rule = findFormatFunction(Callee->getName())) {
    if (Rule->TakesVaList && Rule->FormatArgument < Call->getNumArgs())
      return VaListHandOver{Call->getArg(Rule->FormatArgument), Rule->Scans};
    return std::nullopt;
  }
  const clang::FunctionDecl *Definition = Callee->getDefinition();
  constexpr unsigned MaxDepth = 3;
  if (!Definition || Definition->isVariadic() || Depth >= MaxDepth ||
      llvm::none_of(Definition->parameters(), [](const clang::ParmVarDecl *P) {
        return llvm::StringRef(P->getOriginalType().getAsString())
            .contains("va_list");
      }))
    return std::nullopt;
  if (auto Forwarded = vaListFormatParameter(Definition, Depth + 1);
      Forwarded && Forwarded->first < Call->getNumArgs())
    return VaListHandOver{Call->getArg(Forwarded->first), Forwarded->second};
  return std::nullopt;
}

static std::optional<VaListHandOver> findHandOver(const clang::Stmt *S,
                                                  unsigned Depth) {
  if (!S)
    return std::nullopt;
  if (const auto *Call = llvm::dyn_cast<clang::CallExpr>(S))
    if (auto Found = handOver(Call, Depth))
      return Found;
  for (const clang::Stmt *Child : S->children())
    if (auto Found = findHandOver(Child, Depth))
      return Found;
  return std::nullopt;
}

// The format a variadic function of the program hands, with its own
// arguments, to a va_list relative of printf or scanf: a parameter of its
// (`log_error(Fmt, ...)`), or an expression the call's arguments settle
// (`ENDPOINTS[Which].path_fmt` in `call_endpoint(Which, ...)`).
static std::optional<FormatFunctionRule>
forwardedFormat(const clang::FunctionDecl *Function) {
  std::optional<VaListHandOver> Found = findHandOver(Function->getBody(), 0);
  if (!Found)
    return std::nullopt;
  if (const clang::ParmVarDecl *Param = ownParameter(Found->Format, Function))
    return FormatFunctionRule{Function->getName(),
                              Param->getFunctionScopeIndex(), Found->Scans,
                              Param->getFunctionScopeIndex() + 1};
  return FormatFunctionRule{Function->getName(), Function->getNumParams(),
                            Found->Scans, Function->getNumParams(),
                            Found->Format};
}

std::optional<FormatFunctionRule>
formatRuleOf(const clang::FunctionDecl *Function, llvm::StringRef Name) {
  if (const FormatFunction *Library = findFormatFunction(Name);
      Library && !Library->TakesVaList)
    return FormatFunctionRule{Library->Name, Library->FormatArgument,
                              Library->Scans, Library->FormatArgument + 1};
  const clang::FunctionDecl *Definition =
      Function ? Function->getDefinition() : nullptr;
  if (!Definition || !Definition->isVariadic() || !Definition->getIdentifier())
    return std::nullopt;
  return forwardedFormat(Definition);
}

const ContainerRule *findContainer(llvm::StringRef QualifiedName) {
  for (const ContainerRule &Rule : Containers)
    if (Rule.Template == QualifiedName)
      return &Rule;
  return nullptr;
}

} // namespace clang::tidy::procore
