//===--- Baseline.cpp - findings accepted when a codebase adopts mpr-lint -===//

#include "report/Baseline.h"
#include "driver/Paths.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

using clang::tidy::ClangTidyError;
namespace json = llvm::json;

namespace mpr {
namespace {

constexpr llvm::StringLiteral BaselineFormat = "mpr-lint-baseline";
constexpr int64_t BaselineVersion = 1;

/// The line without any whitespace, so re-indenting does not count as a
/// change.
std::string normalise(llvm::StringRef Line) {
  std::string Result;
  for (char C : Line)
    if (!llvm::isSpace(C))
      Result += C;
  return Result;
}

/// The nearest non-blank line from \p Line in steps of \p Step, normalised.
std::string nearestNonBlank(SourceFiles &Files, llvm::StringRef File, int Line,
                            int Step) {
  int Count = Files.lineCount(File);
  for (int L = Line + Step; L >= 1 && L <= Count; L += Step) {
    std::string Text = normalise(Files.lineText(File, L));
    if (!Text.empty())
      return Text;
  }
  return "";
}

} // namespace

std::vector<std::string>
fingerprintDiagnostics(llvm::ArrayRef<ClangTidyError> Diagnostics,
                       SourceFiles &Files) {
  std::vector<std::string> Result;
  llvm::StringMap<unsigned> Occurrences;
  for (const ClangTidyError &Diagnostic : Diagnostics) {
    std::string File =
        absolutePath(Diagnostic.Message.FilePath, Diagnostic.BuildDirectory);
    int Line = Files.position(File, Diagnostic.Message.FileOffset).Line;
    std::string Key;
    llvm::raw_string_ostream(Key)
        << Diagnostic.DiagnosticName << '\0' << Files.relativePath(File) << '\0'
        << nearestNonBlank(Files, File, Line, -1) << '\n'
        << normalise(Files.lineText(File, Line)) << '\n'
        << nearestNonBlank(Files, File, Line, +1);
    unsigned Occurrence = Occurrences[Key]++;
    Key += '\0' + std::to_string(Occurrence);
    Result.push_back(
        llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(Key)),
                    /*LowerCase=*/true)
            .substr(0, 32));
  }
  return Result;
}

llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef File) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
      llvm::MemoryBuffer::getFile(File);
  if (!Text)
    return llvm::createStringError(
        Text.getError(), "cannot read baseline: " + Text.getError().message());
  llvm::Expected<json::Value> Parsed = json::parse((*Text)->getBuffer());
  if (!Parsed)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "baseline is not valid JSON: " +
                                       llvm::toString(Parsed.takeError()));
  const json::Object *Root = Parsed->getAsObject();
  if (!Root || Root->getString("format") != BaselineFormat)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "not an mpr-lint baseline (no \"format\": "
                                   "\"mpr-lint-baseline\")");
  if (Root->getInteger("version") != BaselineVersion)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unsupported baseline version (expected 1)");
  const json::Array *Findings = Root->getArray("findings");
  if (!Findings)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "baseline has no \"findings\" array");
  std::set<std::string> Fingerprints;
  for (const json::Value &Finding : *Findings) {
    const json::Object *Entry = Finding.getAsObject();
    std::optional<llvm::StringRef> Fingerprint =
        Entry ? Entry->getString("fingerprint") : std::nullopt;
    if (!Fingerprint)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "baseline finding without a \"fingerprint\" string");
    Fingerprints.insert(Fingerprint->str());
  }
  return Fingerprints;
}

llvm::Error writeBaseline(llvm::StringRef File,
                          llvm::ArrayRef<ClangTidyError> Diagnostics,
                          llvm::ArrayRef<std::string> Fingerprints,
                          SourceFiles &Files) {
  json::Array Findings;
  for (size_t I = 0; I < Diagnostics.size(); ++I) {
    const ClangTidyError &Diagnostic = Diagnostics[I];
    if (Diagnostic.DiagLevel != ClangTidyError::Warning)
      continue;
    // Check, file and message are for people reading the file; matching
    // uses the fingerprint alone.
    Findings.push_back(json::Object{
        {"check", Diagnostic.DiagnosticName},
        {"file", Files.relativePath(absolutePath(Diagnostic.Message.FilePath,
                                                 Diagnostic.BuildDirectory))},
        {"message", Diagnostic.Message.Message},
        {"fingerprint", Fingerprints[I]},
    });
  }
  json::Value Baseline = json::Object{{"format", BaselineFormat},
                                      {"version", BaselineVersion},
                                      {"findings", std::move(Findings)}};
  return llvm::writeToOutput(File, [&](llvm::raw_ostream &OS) {
    OS << llvm::formatv("{0:2}", Baseline) << "\n";
    return llvm::Error::success();
  });
}

} // namespace mpr
