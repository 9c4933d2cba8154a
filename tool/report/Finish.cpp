//===--- Finish.cpp - what mpr-lint reports, where, and how it exits ------===//

#include "report/Finish.h"
#include "driver/InputChecks.h"
#include "driver/Messages.h"
#include "driver/Paths.h"
#include "report/Baseline.h"
#include "report/Report.h"
#include "report/SourceFiles.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>
#include <unistd.h>

using clang::tidy::ClangTidyError;
namespace fs = llvm::sys::fs;

namespace mpr {
namespace {

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

/// Writes \p Report to \p OutputFile, or to stdout without one.
bool writeReport(llvm::StringRef Report, llvm::StringRef OutputFile) {
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

std::optional<ReportFilters>
readReportFilters(const RunOptions &Options,
                  std::vector<std::string> &SourcePaths,
                  bool &SourcesFromDiff) {
  SourcesFromDiff = false;
  ReportFilters Filters;
  if (!Options.SourceRoot.empty() && !fs::is_directory(Options.SourceRoot)) {
    reportError(Options.SourceRoot, "--source-root is not a folder");
    return std::nullopt;
  }
  if (!Options.BaselineFile.empty()) {
    llvm::Expected<std::set<std::string>> Read =
        readBaseline(Options.BaselineFile);
    if (!Read) {
      reportError(Options.BaselineFile, llvm::toString(Read.takeError()));
      return std::nullopt;
    }
    Filters.Baseline = std::move(*Read);
  }
  if (Options.DiffSource) {
    const std::string &DiffSource = *Options.DiffSource;
    bool FromStdin = DiffSource.empty() || DiffSource == "-";
    llvm::Expected<ChangedLines> Parsed =
        llvm::createStringError(llvm::inconvertibleErrorCode(), "no diff");
    if (FromStdin) {
      llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Diff =
          llvm::MemoryBuffer::getSTDIN();
      if (!Diff) {
        reportError("<stdin>",
                    "cannot read the diff: " + Diff.getError().message());
        return std::nullopt;
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
      return std::nullopt;
    }
    Filters.Changes = std::move(*Parsed);
    if (SourcePaths.empty()) {
      SourcePaths = Filters.Changes->sourceFiles();
      SourcesFromDiff = true;
    }
  }
  return Filters;
}

int finishRun(RunResult &Result, const RunOptions &Options,
              const ReportFilters &Filters,
              llvm::ArrayRef<std::string> EnabledChecks,
              TextPrinter PrintText) {
  const std::string &WriteBaselineFile = Options.WriteBaselineFile;
  const std::optional<ChangedLines> &Changes = Filters.Changes;
  const std::optional<std::set<std::string>> &Baseline = Filters.Baseline;
  llvm::SmallString<256> Root(Options.SourceRoot);
  if (Root.empty())
    fs::current_path(Root);
  SourceFiles Files{Root};
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
      std::string File =
          absolutePath(Diagnostic.Message.FilePath, Diagnostic.BuildDirectory);
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
  if (Options.Format == ReportFormat::Json)
    ReportStream << llvm::formatv("{0:2}", jsonReport(Data, Files)) << "\n";
  else if (Options.Format == ReportFormat::Sarif)
    ReportStream << llvm::formatv("{0:2}", sarifReport(Data, Files)) << "\n";
  else if (Options.Format == ReportFormat::Github)
    writeGithubReport(Data, Files, ReportStream);

  bool Written = true;
  if (Options.Format == ReportFormat::Text && Options.OutputFile.empty()) {
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
    } else if (Options.Format == ReportFormat::Text) {
      Report = std::move(*Text);
    }
    Written = writeReport(Report, Options.OutputFile);
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
  if (!Options.Quiet)
    llvm::errs() << summaryLine(Counts.Findings, Counts.Files,
                                Result.SuppressedByNolint, Baselined)
                 << "\n";
  if (!Result.Failures.empty() || Counts.CompilerErrors || WriteFailed ||
      !Written)
    return 2;
  return Counts.Findings && Options.FailOnLevel == FailOn::Warning ? 1 : 0;
}

} // namespace mpr
