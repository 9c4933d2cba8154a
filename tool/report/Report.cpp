//===--- Report.cpp - mpr-lint findings as JSON, SARIF and GitHub commands ===//

#include "report/Report.h"
#include "common/CheckCatalog.h"
#include "driver/Paths.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using clang::tidy::ClangTidyError;
namespace json = llvm::json;

namespace mpr {
namespace {

constexpr llvm::StringLiteral JsonFormatName = "mpr-lint";
constexpr int64_t JsonFormatVersion = 1;
constexpr llvm::StringLiteral SrcRoot = "%SRCROOT%";
constexpr llvm::StringLiteral FingerprintKey = "mprLintFingerprint/v1";

llvm::StringRef levelName(ClangTidyError::Level Level) {
  switch (Level) {
  case ClangTidyError::Error:
    return "error";
  case ClangTidyError::Warning:
    return "warning";
  default:
    return "note";
  }
}

std::string absoluteFile(const ClangTidyError &Diagnostic) {
  return absolutePath(Diagnostic.Message.FilePath, Diagnostic.BuildDirectory);
}

/// The failed file as an absolute path; main names it as it was given.
std::string failureFile(const AnalysisFailure &Failure) {
  return absolutePath(Failure.File, "");
}

/// Where a diagnostic ends: at the end of its range, or else of the text its
/// fix-it replaces there (what clang underlines), or else where it starts.
unsigned endOffset(const clang::tooling::DiagnosticMessage &Message) {
  auto Covers = [&](unsigned Offset, unsigned Length) {
    return Offset <= Message.FileOffset &&
           Offset + Length >= Message.FileOffset;
  };
  for (const clang::tooling::FileByteRange &Range : Message.Ranges)
    if (Range.FilePath == Message.FilePath &&
        Covers(Range.FileOffset, Range.Length))
      return Range.FileOffset + Range.Length;
  for (const auto &FileFix : Message.Fix)
    for (const clang::tooling::Replacement &Replacement : FileFix.second)
      if (Replacement.getFilePath() == Message.FilePath &&
          Covers(Replacement.getOffset(), Replacement.getLength()))
        return Replacement.getOffset() + Replacement.getLength();
  return Message.FileOffset;
}

/// Replaces the characters \p Keep rejects by their %XX codes.
std::string percentEncode(llvm::StringRef Text,
                          llvm::function_ref<bool(char)> Keep) {
  std::string Result;
  for (char C : Text) {
    if (Keep(C))
      Result += C;
    else
      Result += "%" + llvm::utohexstr(static_cast<unsigned char>(C),
                                      /*LowerCase=*/false, /*Width=*/2);
  }
  return Result;
}

/// A path as a URI path: '/' and unreserved characters stay.
std::string uriPath(llvm::StringRef Path) {
  return percentEncode(Path, [](char C) {
    return llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C);
  });
}

/// A SARIF artifactLocation: relative to %SRCROOT% inside the root, an
/// absolute file URI outside it.
json::Object artifactLocation(llvm::StringRef AbsolutePath,
                              SourceFiles &Files) {
  std::string Relative = Files.relativePath(AbsolutePath);
  if (Relative == AbsolutePath)
    return json::Object{{"uri", "file://" + uriPath(AbsolutePath)}};
  return json::Object{{"uri", uriPath(Relative)}, {"uriBaseId", SrcRoot}};
}

json::Object sarifRegion(llvm::StringRef File, unsigned Begin, unsigned End,
                         SourceFiles &Files) {
  SourcePosition Start = Files.position(File, Begin);
  SourcePosition Stop = Files.position(File, End);
  return json::Object{{"startLine", Start.Line},
                      {"startColumn", Start.CodePointColumn},
                      {"endLine", Stop.Line},
                      {"endColumn", Stop.CodePointColumn}};
}

json::Object sarifLocation(const clang::tooling::DiagnosticMessage &Message,
                           llvm::StringRef BuildDirectory, SourceFiles &Files) {
  std::string File = absolutePath(Message.FilePath, BuildDirectory);
  return json::Object{
      {"physicalLocation",
       json::Object{{"artifactLocation", artifactLocation(File, Files)},
                    {"region", sarifRegion(File, Message.FileOffset,
                                           endOffset(Message), Files)}}}};
}

/// SARIF messages are sentences.
std::string sentence(llvm::StringRef Text) {
  if (Text.ends_with(".") || Text.ends_with("!") || Text.ends_with("?"))
    return Text.str();
  return Text.str() + ".";
}

/// The replacements of a fix-it, grouped by file, files in name order.
std::map<std::string, std::vector<const clang::tooling::Replacement *>>
replacementsByFile(const ClangTidyError &Diagnostic) {
  std::map<std::string, std::vector<const clang::tooling::Replacement *>>
      Result;
  for (const auto &FileFix : Diagnostic.Message.Fix)
    for (const clang::tooling::Replacement &Replacement : FileFix.second)
      Result[absolutePath(Replacement.getFilePath(), Diagnostic.BuildDirectory)]
          .push_back(&Replacement);
  return Result;
}

json::Array sarifFixes(const ClangTidyError &Diagnostic, SourceFiles &Files) {
  json::Array Changes;
  for (const auto &[File, Replacements] : replacementsByFile(Diagnostic)) {
    json::Array Edits;
    for (const clang::tooling::Replacement *Replacement : Replacements)
      Edits.push_back(json::Object{
          {"deletedRegion",
           sarifRegion(File, Replacement->getOffset(),
                       Replacement->getOffset() + Replacement->getLength(),
                       Files)},
          {"insertedContent",
           json::Object{{"text", Replacement->getReplacementText()}}}});
    Changes.push_back(
        json::Object{{"artifactLocation", artifactLocation(File, Files)},
                     {"replacements", std::move(Edits)}});
  }
  json::Array Fixes;
  if (!Changes.empty())
    Fixes.push_back(json::Object{
        {"description",
         json::Object{{"text", "Apply the fix-it of " +
                                   Diagnostic.DiagnosticName + "."}}},
        {"artifactChanges", std::move(Changes)}});
  return Fixes;
}

/// "procore-base-domain" -> "ProcoreBaseDomain", SARIF's readable name.
std::string ruleName(llvm::StringRef Id) {
  std::string Name;
  bool Upper = true;
  for (char C : Id) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Name += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Name;
}

json::Object sarifRule(llvm::StringRef Id) {
  bool IsCompilerDiagnostic = Id.starts_with("clang-diagnostic-");
  std::string Short, Full;
  const clang::tidy::procore::CheckInfo *Known =
      clang::tidy::procore::findCheckInfo(Id);
  if (Known) {
    Short = Known->Summary.str();
    Full = Known->Description.str();
  } else if (IsCompilerDiagnostic) {
    Short = Full = ("Compiler diagnostic " + Id + ".").str();
  } else {
    Short = Full = ("The clang-tidy check " + Id + ".").str();
  }
  json::Object Rule{
      {"id", Id.str()},
      {"name", ruleName(Id)},
      {"shortDescription", json::Object{{"text", Short}}},
      {"fullDescription", json::Object{{"text", Full}}},
      {"defaultConfiguration",
       json::Object{{"level", IsCompilerDiagnostic ? "error" : "warning"}}},
  };
  if (IsCompilerDiagnostic) {
    Rule["help"] = json::Object{
        {"text", "Fix the code or the compile command so that it compiles."},
        {"markdown",
         "Fix the code or the compile command so that it compiles."}};
    return Rule;
  }
  if (!Known)
    return Rule;
  std::string Page = Known->DocPage.str();
  std::string Doc = MPR_LINT_INFORMATION_URI "/blob/main/" + Page;
  Rule["helpUri"] = Doc;
  Rule["help"] =
      json::Object{{"text", Full + " See " + Page + "."},
                   {"markdown", Full + " See [" + Page + "](" + Doc + ")."}};
  return Rule;
}

json::Object sarifResult(const ClangTidyError &Diagnostic,
                         llvm::StringRef Fingerprint, SourceFiles &Files) {
  json::Object Result{
      {"ruleId", Diagnostic.DiagnosticName},
      {"level", levelName(Diagnostic.DiagLevel)},
      {"message", json::Object{{"text", sentence(Diagnostic.Message.Message)}}},
      {"locations", json::Array{sarifLocation(
                        Diagnostic.Message, Diagnostic.BuildDirectory, Files)}},
      {"partialFingerprints",
       json::Object{{FingerprintKey, Fingerprint.str()}}},
  };
  json::Array Related;
  for (const clang::tooling::DiagnosticMessage &Note : Diagnostic.Notes) {
    json::Object Location =
        sarifLocation(Note, Diagnostic.BuildDirectory, Files);
    Location["id"] = static_cast<int64_t>(Related.size());
    Location["message"] = json::Object{{"text", sentence(Note.Message)}};
    Related.push_back(std::move(Location));
  }
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);
  json::Array Fixes = sarifFixes(Diagnostic, Files);
  if (!Fixes.empty())
    Result["fixes"] = std::move(Fixes);
  return Result;
}

/// A JSON position object for \p Offset .. \p End of \p File.
json::Object jsonSpan(llvm::StringRef File, unsigned Offset, unsigned End,
                      SourceFiles &Files) {
  SourcePosition Start = Files.position(File, Offset);
  SourcePosition Stop = Files.position(File, End);
  return json::Object{{"file", Files.relativePath(File)},
                      {"line", Start.Line},
                      {"column", Start.Column},
                      {"end_line", Stop.Line},
                      {"end_column", Stop.Column}};
}

json::Object jsonFinding(const ClangTidyError &Diagnostic,
                         llvm::StringRef Fingerprint, SourceFiles &Files) {
  json::Object Finding =
      jsonSpan(absoluteFile(Diagnostic), Diagnostic.Message.FileOffset,
               endOffset(Diagnostic.Message), Files);
  Finding["check"] = Diagnostic.DiagnosticName;
  Finding["level"] = levelName(Diagnostic.DiagLevel);
  Finding["message"] = Diagnostic.Message.Message;
  Finding["fingerprint"] = Fingerprint.str();
  json::Array Notes;
  for (const clang::tooling::DiagnosticMessage &Note : Diagnostic.Notes) {
    json::Object Entry =
        jsonSpan(absolutePath(Note.FilePath, Diagnostic.BuildDirectory),
                 Note.FileOffset, endOffset(Note), Files);
    Entry["message"] = Note.Message;
    Notes.push_back(std::move(Entry));
  }
  Finding["notes"] = std::move(Notes);
  json::Array Fixes;
  for (const auto &[File, Replacements] : replacementsByFile(Diagnostic))
    for (const clang::tooling::Replacement *Replacement : Replacements) {
      json::Object Edit =
          jsonSpan(File, Replacement->getOffset(),
                   Replacement->getOffset() + Replacement->getLength(), Files);
      Edit["offset"] = Replacement->getOffset();
      Edit["length"] = Replacement->getLength();
      Edit["replacement"] = Replacement->getReplacementText();
      Fixes.push_back(std::move(Edit));
    }
  Finding["fixes"] = std::move(Fixes);
  return Finding;
}

/// The value at \p Path of nested object keys, or null when absent.
const json::Value *valueAt(const json::Value &Value,
                           std::initializer_list<llvm::StringRef> Path) {
  const json::Value *Current = &Value;
  for (llvm::StringRef Key : Path) {
    const json::Object *Object = Current->getAsObject();
    Current = Object ? Object->get(Key) : nullptr;
    if (!Current)
      return nullptr;
  }
  return Current;
}

llvm::StringRef stringAt(const json::Value &Value,
                         std::initializer_list<llvm::StringRef> Path) {
  const json::Value *Found = valueAt(Value, Path);
  return Found ? Found->getAsString().value_or("") : "";
}

int64_t integerAt(const json::Value &Value,
                  std::initializer_list<llvm::StringRef> Path) {
  const json::Value *Found = valueAt(Value, Path);
  return Found ? Found->getAsInteger().value_or(0) : 0;
}

std::string serialise(const json::Value &Value) {
  std::string Text;
  llvm::raw_string_ostream(Text) << Value;
  return Text;
}

/// Sorts \p Items by \p Key, then by their whole text, and drops repeats.
template <typename KeyFn> void sortUnique(json::Array &Items, KeyFn Key) {
  std::vector<std::pair<decltype(Key(Items[0])), std::string>> Keys;
  std::vector<size_t> Order(Items.size());
  for (size_t I = 0; I < Items.size(); ++I) {
    Keys.emplace_back(Key(Items[I]), serialise(Items[I]));
    Order[I] = I;
  }
  llvm::sort(Order, [&](size_t A, size_t B) { return Keys[A] < Keys[B]; });
  json::Array Sorted;
  for (size_t I = 0; I < Order.size(); ++I)
    if (I == 0 || Keys[Order[I]].second != Keys[Order[I - 1]].second)
      Sorted.push_back(std::move(Items[Order[I]]));
  Items = std::move(Sorted);
}

/// GitHub's escaping of a workflow command's message...
std::string escapeGithubData(llvm::StringRef Text) {
  return percentEncode(
      Text, [](char C) { return !llvm::StringRef("%\r\n").contains(C); });
}

/// ... and of its properties, where ':' and ',' separate fields.
std::string escapeGithubProperty(llvm::StringRef Text) {
  return percentEncode(
      Text, [](char C) { return !llvm::StringRef("%\r\n:,").contains(C); });
}

} // namespace

FindingCounts countFindings(const RunResult &Result, SourceFiles &Files) {
  FindingCounts Counts;
  std::set<std::string> FilesWithFindings;
  for (const ClangTidyError &Diagnostic : Result.Diagnostics) {
    if (Diagnostic.DiagLevel == ClangTidyError::Error)
      ++Counts.CompilerErrors;
    if (Diagnostic.DiagLevel != ClangTidyError::Warning)
      continue;
    ++Counts.Findings;
    FilesWithFindings.insert(absoluteFile(Diagnostic));
  }
  Counts.Files = FilesWithFindings.size();
  return Counts;
}

std::string summaryLine(unsigned Findings, unsigned Files, unsigned Suppressed,
                        unsigned Baselined) {
  // "reported" keeps the line readable by scripts that parsed the old one.
  return std::to_string(Findings) + (Findings == 1 ? " finding" : " findings") +
         " reported in " + std::to_string(Files) +
         (Files == 1 ? " file" : " files") + " (" + std::to_string(Suppressed) +
         " suppressed, " + std::to_string(Baselined) + " baselined)";
}

void sortJsonFindings(json::Array &Findings) {
  sortUnique(Findings, [](const json::Value &F) {
    return std::make_tuple(stringAt(F, {"file"}), integerAt(F, {"line"}),
                           integerAt(F, {"column"}), stringAt(F, {"check"}),
                           stringAt(F, {"message"}));
  });
}

void sortJsonErrors(json::Array &Errors) {
  sortUnique(Errors, [](const json::Value &E) {
    return std::make_tuple(stringAt(E, {"file"}), stringAt(E, {"reason"}));
  });
}

void sortSarifResults(json::Array &Results) {
  sortUnique(Results, [](const json::Value &R) {
    const json::Array *Locations =
        R.getAsObject() ? R.getAsObject()->getArray("locations") : nullptr;
    json::Value First = Locations && !Locations->empty() ? (*Locations)[0]
                                                         : json::Value(nullptr);
    return std::make_tuple(
        stringAt(First, {"physicalLocation", "artifactLocation", "uri"}).str(),
        integerAt(First, {"physicalLocation", "region", "startLine"}),
        integerAt(First, {"physicalLocation", "region", "startColumn"}),
        stringAt(R, {"ruleId"}).str(), stringAt(R, {"message", "text"}).str());
  });
}

void sortSarifRules(json::Array &Rules) {
  sortUnique(Rules, [](const json::Value &R) { return stringAt(R, {"id"}); });
}

void sortByText(json::Array &Items) {
  sortUnique(Items, [](const json::Value &) { return 0; });
}

void indexSarifRules(json::Array &Results, const json::Array &Rules) {
  std::map<std::string, int64_t> IndexOf;
  for (size_t I = 0; I < Rules.size(); ++I)
    IndexOf[stringAt(Rules[I], {"id"}).str()] = I;
  for (json::Value &Result : Results)
    if (json::Object *Object = Result.getAsObject())
      (*Object)["ruleIndex"] = IndexOf[stringAt(Result, {"ruleId"}).str()];
}

json::Object jsonSummary(const json::Array &Findings, const json::Array &Errors,
                         int64_t Suppressed, int64_t Baselined) {
  int64_t Warnings = 0, CompilerErrors = 0;
  std::set<std::string> FilesWithFindings;
  for (const json::Value &Finding : Findings) {
    if (stringAt(Finding, {"level"}) == "error") {
      ++CompilerErrors;
      continue;
    }
    ++Warnings;
    FilesWithFindings.insert(stringAt(Finding, {"file"}).str());
  }
  return json::Object{
      {"findings", Warnings},
      {"files", static_cast<int64_t>(FilesWithFindings.size())},
      {"compiler_errors", CompilerErrors},
      {"errors", static_cast<int64_t>(Errors.size())},
      {"suppressed", Suppressed},
      {"baselined", Baselined},
  };
}

json::Value jsonReport(const ReportData &Data, SourceFiles &Files) {
  json::Array Findings;
  for (size_t I = 0; I < Data.Result.Diagnostics.size(); ++I)
    Findings.push_back(
        jsonFinding(Data.Result.Diagnostics[I], Data.Fingerprints[I], Files));
  sortJsonFindings(Findings);
  json::Array Errors;
  for (const AnalysisFailure &Failure : Data.Result.Failures)
    Errors.push_back(
        json::Object{{"file", Files.relativePath(failureFile(Failure))},
                     {"reason", Failure.Reason}});
  sortJsonErrors(Errors);
  json::Object Summary = jsonSummary(
      Findings, Errors, Data.Result.SuppressedByNolint, Data.Baselined);
  return json::Object{
      {"format", JsonFormatName},
      {"version", JsonFormatVersion},
      {"tool",
       json::Object{{"name", "mpr-lint"}, {"version", MPR_LINT_VERSION}}},
      {"findings", std::move(Findings)},
      {"errors", std::move(Errors)},
      {"summary", std::move(Summary)},
  };
}

json::Value sarifReport(const ReportData &Data, SourceFiles &Files) {
  json::Array Results;
  std::set<std::string> RuleIds(Data.EnabledChecks.begin(),
                                Data.EnabledChecks.end());
  for (size_t I = 0; I < Data.Result.Diagnostics.size(); ++I) {
    const ClangTidyError &Diagnostic = Data.Result.Diagnostics[I];
    RuleIds.insert(Diagnostic.DiagnosticName);
    Results.push_back(sarifResult(Diagnostic, Data.Fingerprints[I], Files));
  }
  sortSarifResults(Results);
  json::Array Rules;
  for (const std::string &Id : RuleIds)
    Rules.push_back(sarifRule(Id));
  sortSarifRules(Rules);
  indexSarifRules(Results, Rules);

  json::Array Notifications;
  for (const AnalysisFailure &Failure : Data.Result.Failures) {
    json::Object Notification{
        {"level", "error"},
        {"message", json::Object{{"text", sentence(Failure.Reason)}}}};
    Notification["locations"] = json::Array{json::Object{
        {"physicalLocation",
         json::Object{{"artifactLocation",
                       artifactLocation(failureFile(Failure), Files)}}}}};
    Notifications.push_back(std::move(Notification));
  }
  sortByText(Notifications);
  json::Object Invocation{{"executionSuccessful", Notifications.empty()}};
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notifications);

  json::Object Driver{
      {"name", "mpr-lint"},
      {"version", MPR_LINT_VERSION},
      {"semanticVersion", MPR_LINT_VERSION},
      {"informationUri", MPR_LINT_INFORMATION_URI},
      {"rules", std::move(Rules)},
  };
  json::Object Run{
      {"tool", json::Object{{"driver", std::move(Driver)}}},
      {"originalUriBaseIds",
       json::Object{
           {SrcRoot,
            json::Object{{"uri", "file://" + uriPath(Files.root()) + "/"}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(Results)},
      {"invocations", json::Array{std::move(Invocation)}},
  };
  return json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::Array{std::move(Run)}},
  };
}

void writeGithubReport(const ReportData &Data, SourceFiles &Files,
                       llvm::raw_ostream &OS) {
  for (const ClangTidyError &Diagnostic : Data.Result.Diagnostics) {
    std::string File = absoluteFile(Diagnostic);
    SourcePosition Start = Files.position(File, Diagnostic.Message.FileOffset);
    SourcePosition End = Files.position(File, endOffset(Diagnostic.Message));
    std::string Message = Diagnostic.Message.Message;
    for (const clang::tooling::DiagnosticMessage &Note : Diagnostic.Notes) {
      std::string NoteFile =
          absolutePath(Note.FilePath, Diagnostic.BuildDirectory);
      SourcePosition At = Files.position(NoteFile, Note.FileOffset);
      Message += "\n" + Files.relativePath(NoteFile) + ":" +
                 std::to_string(At.Line) + ":" + std::to_string(At.Column) +
                 ": note: " + Note.Message;
    }
    OS << "::"
       << (Diagnostic.DiagLevel == ClangTidyError::Error ? "error" : "warning")
       << " file=" << escapeGithubProperty(Files.relativePath(File))
       << ",line=" << Start.Line << ",col=" << Start.Column
       << ",endLine=" << End.Line << ",endColumn=" << End.Column
       << ",title=" << escapeGithubProperty(Diagnostic.DiagnosticName)
       << "::" << escapeGithubData(Message) << "\n";
  }
  for (const AnalysisFailure &Failure : Data.Result.Failures)
    OS << "::error file="
       << escapeGithubProperty(Files.relativePath(failureFile(Failure)))
       << ",title=mpr-lint::" << escapeGithubData(Failure.Reason) << "\n";
}

} // namespace mpr
