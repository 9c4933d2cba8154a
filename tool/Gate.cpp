//===--- Gate.cpp - what mpr-lint reports, where, and how it exits --------===//

#include "Gate.h"
#include "InputChecks.h"
#include <map>
#include "Baseline.h"
#include "ChangedLines.h"
#include "MprLintOptions.h"
#include "PluginPath.h"
#include "Report.h"
#include "SourceFiles.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <set>
#include <unistd.h>

using clang::tidy::ClangTidyError;
namespace cl = llvm::cl;
namespace fs = llvm::sys::fs;

namespace mpr {
namespace {

enum class Format { Text, Json, Sarif, Github };
enum class FailOn { None, Warning };

cl::opt<Format> OutputFormat(
    "format", cl::desc("Report format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text", "clang-tidy's text (default)"),
               clEnumValN(Format::Json, "json",
                          "JSON, see docs/json-format.md"),
               clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(Format::Github, "github",
                          "GitHub Actions workflow commands")),
    cl::cat(MprLintCategory));
cl::opt<std::string>
    OutputFile("output",
               cl::desc("Write the report to this file instead of stdout"),
               cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<FailOn> FailOnLevel(
    "fail-on", cl::desc("Which findings make the exit status 1"),
    cl::init(FailOn::Warning),
    cl::values(clEnumValN(FailOn::None, "none", "none: exit 0 with findings"),
               clEnumValN(FailOn::Warning, "warning", "any finding (default)")),
    cl::cat(MprLintCategory));
cl::opt<std::string> BaselineFile(
    "baseline",
    cl::desc("Do not report or fail on the findings recorded in this file"),
    cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<std::string> WriteBaselineFile(
    "write-baseline",
    cl::desc("Record the current findings in this file and accept them"),
    cl::value_desc("file"), cl::cat(MprLintCategory));
cl::opt<std::string> DiffSource(
    "diff",
    cl::desc("Report only findings on lines changed since this git "
             "revision; without a value or with '-', read a unified diff "
             "from stdin"),
    cl::value_desc("git-rev"), cl::ValueOptional, cl::cat(MprLintCategory));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Folder that reports and baselines name files relative to "
             "(default: the current folder)"),
    cl::value_desc("dir"), cl::cat(MprLintCategory));
cl::opt<bool> PrintPluginPath(
    "print-plugin-path",
    cl::desc("Print the path of the clang-tidy plugin and exit"),
    cl::cat(MprLintCategory));

/// What prepareGate read for finishRun.
std::optional<std::set<std::string>> Baseline;
std::optional<ChangedLines> Changes;

void reportError(llvm::StringRef Where, llvm::StringRef Why) {
  llvm::errs() << "error: " << Where << ": " << Why << "\n";
}

/// Runs \p Print with stdout sent to a temporary file and returns what it
/// printed: clang-tidy's printer writes to stdout and nowhere else.
llvm::Expected<std::string> captureStdout(llvm::function_ref<void()> Print) {
  int TempFD;
  llvm::SmallString<128> TempPath;
  if (std::error_code EC =
          fs::createTemporaryFile("mpr-lint-text", "txt", TempFD, TempPath))
    return llvm::errorCodeToError(EC);
  llvm::FileRemover RemoveTemp(TempPath);
  llvm::outs().flush();
  int SavedStdout = ::dup(STDOUT_FILENO);
  ::dup2(TempFD, STDOUT_FILENO);
  Print();
  llvm::outs().flush();
  ::dup2(SavedStdout, STDOUT_FILENO);
  ::close(SavedStdout);
  ::close(TempFD);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
      llvm::MemoryBuffer::getFile(TempPath);
  if (!Text)
    return llvm::errorCodeToError(Text.getError());
  return (*Text)->getBuffer().str();
}

/// Writes \p Report to --output, or to stdout without it.
bool writeReport(llvm::StringRef Report) {
  llvm::StringRef Target =
      OutputFile.empty() ? llvm::StringRef("-") : llvm::StringRef(OutputFile);
  if (llvm::Error E = llvm::writeToOutput(Target, [&](llvm::raw_ostream &OS) {
        OS << Report;
        return llvm::Error::success();
      })) {
    reportError(OutputFile,
                "cannot write the report: " + llvm::toString(std::move(E)));
    return false;
  }
  return true;
}

} // namespace

std::optional<int> prepareGate(const char *Argv0,
                               std::vector<std::string> &SourcePaths,
                               bool &SourcesFromDiff) {
  SourcesFromDiff = false;
  if (PrintPluginPath) {
    std::string Plugin = findPluginPath(Argv0);
    if (Plugin.empty()) {
      reportError("mpr-lint", "the clang-tidy plugin is neither in "
                              "../lib/mpr-lint/ nor beside the executable");
      return 2;
    }
    llvm::outs() << Plugin << "\n";
    return 0;
  }
  if (!SourceRoot.empty() && !fs::is_directory(SourceRoot)) {
    reportError(SourceRoot, "--source-root is not a folder");
    return 2;
  }
  if (!BaselineFile.empty()) {
    llvm::Expected<std::set<std::string>> Read = readBaseline(BaselineFile);
    if (!Read) {
      reportError(BaselineFile, llvm::toString(Read.takeError()));
      return 2;
    }
    Baseline = std::move(*Read);
  }
  if (DiffSource.getNumOccurrences()) {
    bool FromStdin = DiffSource.empty() || DiffSource == "-";
    llvm::Expected<ChangedLines> Parsed =
        llvm::createStringError(llvm::inconvertibleErrorCode(), "no diff");
    if (FromStdin) {
      llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Diff =
          llvm::MemoryBuffer::getSTDIN();
      if (!Diff) {
        reportError("<stdin>",
                    "cannot read the diff: " + Diff.getError().message());
        return 2;
      }
      llvm::SmallString<256> Here;
      fs::current_path(Here);
      Parsed = ChangedLines::parse((*Diff)->getBuffer(), Here);
    } else {
      Parsed = ChangedLines::fromGit(DiffSource);
    }
    if (!Parsed) {
      reportError(FromStdin ? "<stdin>" : "--diff=" + DiffSource,
                  llvm::toString(Parsed.takeError()));
      return 2;
    }
    Changes = std::move(*Parsed);
    if (SourcePaths.empty()) {
      SourcePaths = Changes->sourceFiles();
      SourcesFromDiff = true;
    }
  }
  return std::nullopt;
}

int finishRun(RunResult &Result, llvm::ArrayRef<std::string> EnabledChecks,
              TextPrinter PrintText, bool Quiet) {
  llvm::SmallString<256> Root(SourceRoot);
  if (Root.empty())
    fs::current_path(Root);
  SourceFiles Files{std::string(Root)};
  std::vector<std::string> Fingerprints =
      fingerprintDiagnostics(Result.Diagnostics, Files);
  bool WriteFailed = false;
  if (!WriteBaselineFile.empty()) {
    if (llvm::Error E = writeBaseline(WriteBaselineFile, Result.Diagnostics,
                                      Fingerprints, Files)) {
      reportError(WriteBaselineFile,
                  "cannot write the baseline: " + llvm::toString(std::move(E)));
      WriteFailed = true;
    }
  }

  // Compiler errors are never filtered: they mean the analysis is partial.
  unsigned Baselined = 0;
  std::vector<ClangTidyError> Kept;
  std::vector<std::string> KeptFingerprints;
  for (size_t I = 0; I < Result.Diagnostics.size(); ++I) {
    ClangTidyError &Diagnostic = Result.Diagnostics[I];
    if (Diagnostic.DiagLevel == ClangTidyError::Warning) {
      std::string File = SourceFiles::absolutePath(Diagnostic.Message.FilePath,
                                                   Diagnostic.BuildDirectory);
      if (Changes &&
          !Changes->contains(
              File, Files.position(File, Diagnostic.Message.FileOffset).Line))
        continue;
      if (!WriteBaselineFile.empty() ||
          (Baseline && Baseline->count(Fingerprints[I]))) {
        ++Baselined;
        continue;
      }
    }
    Kept.push_back(std::move(Diagnostic));
    KeptFingerprints.push_back(Fingerprints[I]);
  }
  Result.Diagnostics = std::move(Kept);

  // Machine formats are rendered before --fix edits the files they quote.
  ReportData Data{Result, KeptFingerprints, EnabledChecks, Baselined};
  std::string Report;
  llvm::raw_string_ostream ReportStream(Report);
  if (OutputFormat == Format::Json)
    ReportStream << llvm::formatv("{0:2}", jsonReport(Data, Files)) << "\n";
  else if (OutputFormat == Format::Sarif)
    ReportStream << llvm::formatv("{0:2}", sarifReport(Data, Files)) << "\n";
  else if (OutputFormat == Format::Github)
    writeGithubReport(Data, Files, ReportStream);

  bool Written = true;
  if (OutputFormat == Format::Text && OutputFile.empty()) {
    PrintText(Result.Diagnostics);
  } else {
    // The text printer also applies --fix; its text goes to the file or
    // nowhere.
    llvm::Expected<std::string> Text =
        captureStdout([&] { PrintText(Result.Diagnostics); });
    if (!Text) {
      reportError("mpr-lint", "cannot capture the text report: " +
                                  llvm::toString(Text.takeError()));
      WriteFailed = true;
    } else if (OutputFormat == Format::Text) {
      Report = std::move(*Text);
    }
    Written = writeReport(Report);
  }

  FindingCounts Counts = countFindings(Result, Files);
  // One line per file with compiler errors, naming it.
  if (Counts.CompilerErrors) {
    std::map<std::string, std::vector<ClangTidyError>> ErrorsByFile;
    for (const ClangTidyError &Diagnostic : Result.Diagnostics)
      if (Diagnostic.DiagLevel == ClangTidyError::Error)
        ErrorsByFile[Diagnostic.Message.FilePath].push_back(Diagnostic);
    for (const auto &[File, Errors] : ErrorsByFile)
      reportCompilerErrors(File, Errors);
  }
  if (!Quiet)
    llvm::errs() << summaryLine(Counts.Findings, Counts.Files,
                                Result.SuppressedByNolint, Baselined)
                 << "\n";
  if (!Result.Failures.empty() || Counts.CompilerErrors || WriteFailed ||
      !Written)
    return 2;
  return Counts.Findings && FailOnLevel == FailOn::Warning ? 1 : 0;
}

} // namespace mpr
