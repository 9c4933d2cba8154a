//===--- WorkerPool.cpp - analyse translation units in worker processes ---===//

#include "worker/WorkerPool.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <csignal>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

namespace fs = llvm::sys::fs;
using clang::tidy::ClangTidyError;
using Clock = std::chrono::steady_clock;

namespace mpr {
namespace {

/// A worker process that has been started and not yet reaped.
struct RunningWorker {
  size_t Job;
  llvm::sys::ProcessInfo Process;
  Clock::time_point Started;
};

/// What became of one job.
struct JobOutcome {
  std::optional<TranslationUnitReport> Report;
  std::string Failure;
};

/// \p File relative to the working directory when it lies below it.
std::string displayPath(llvm::StringRef File) {
  llvm::SmallString<256> Here;
  if (!fs::current_path(Here)) {
    llvm::StringRef Rest = File;
    if (Rest.consume_front(Here) && Rest.consume_front("/"))
      return Rest.str();
  }
  return File.str();
}

/// Copies a finished worker's stderr (compiler notes, its own errors).
void forwardStderr(llvm::StringRef Path) {
  if (auto Text = llvm::MemoryBuffer::getFile(Path))
    llvm::errs() << (*Text)->getBuffer();
}

/// The (file, offset, check, message) order clang-tidy sorts by, so one
/// unit's findings print as clang-tidy prints them.
bool lessDiagnostic(const ClangTidyError &A, const ClangTidyError &B) {
  return std::tie(A.Message.FilePath, A.Message.FileOffset, A.DiagnosticName,
                  A.Message.Message) <
         std::tie(B.Message.FilePath, B.Message.FileOffset, B.DiagnosticName,
                  B.Message.Message);
}

/// Merges the outcomes in job order, so a header finding seen from several
/// units keeps the notes of the first unit whatever -j is.
RunResult mergeOutcomes(llvm::ArrayRef<WorkerJob> Jobs,
                        std::vector<JobOutcome> &Outcomes,
                        FileDigests &Digests) {
  RunResult Result;
  std::set<std::tuple<std::string, std::string, std::string, unsigned>> Seen;
  for (size_t I = 0; I < Jobs.size(); ++I) {
    JobOutcome &Outcome = Outcomes[I];
    if (!Outcome.Report) {
      Result.Failures.push_back({Jobs[I].File, Outcome.Failure});
      continue;
    }
    Result.AnalysedFiles.push_back(Jobs[I].File);
    Result.SuppressedByNolint += Outcome.Report->SuppressedByNolint;
    Digests.insert(Outcome.Report->Digests.begin(),
                   Outcome.Report->Digests.end());
    for (ClangTidyError &Error : Outcome.Report->Diagnostics)
      if (Seen.emplace(Error.DiagnosticName, Error.Message.Message,
                       Error.Message.FilePath, Error.Message.FileOffset)
              .second)
        Result.Diagnostics.push_back(std::move(Error));
  }
  std::stable_sort(Result.Diagnostics.begin(), Result.Diagnostics.end(),
                   lessDiagnostic);
  return Result;
}

} // namespace

RunResult runWorkers(llvm::ArrayRef<WorkerJob> Jobs,
                     const PoolSettings &Settings, FileDigests &Digests) {
  std::vector<JobOutcome> Outcomes(Jobs.size());
  llvm::SmallString<128> Scratch;
  if (std::error_code EC = fs::createUniqueDirectory("mpr-lint", Scratch)) {
    for (JobOutcome &Outcome : Outcomes)
      Outcome.Failure = "cannot create a temporary folder: " + EC.message();
    return mergeOutcomes(Jobs, Outcomes, Digests);
  }
  auto ScratchFile = [&](size_t Job, llvm::StringRef Suffix) {
    return (Scratch + "/" + std::to_string(Job) + Suffix).str();
  };

  std::vector<RunningWorker> Running;
  size_t Next = 0;
  auto Finish = [&](const RunningWorker &Worker, int ReturnCode,
                    llvm::StringRef Message) {
    if (Settings.ShowProgress)
      llvm::errs() << "\r\x1b[K";
    forwardStderr(ScratchFile(Worker.Job, ".err"));
    JobOutcome &Outcome = Outcomes[Worker.Job];
    if (ReturnCode == 0) {
      llvm::Expected<TranslationUnitReport> Report =
          readReport(ScratchFile(Worker.Job, ".yaml"));
      if (Report)
        Outcome.Report = std::move(*Report);
      else
        Outcome.Failure = "the analysis left no readable result: " +
                          llvm::toString(Report.takeError());
    } else if (ReturnCode == -2) {
      Outcome.Failure =
          "the analysis crashed" +
          (Message.empty() ? std::string() : " (" + Message.str() + ")");
    } else {
      Outcome.Failure =
          "the analysis failed with exit status " + std::to_string(ReturnCode);
    }
  };

  while (Next < Jobs.size() || !Running.empty()) {
    while (Next < Jobs.size() &&
           Running.size() < std::max(1u, Settings.Parallel)) {
      const WorkerJob &Job = Jobs[Next];
      std::string Output = ScratchFile(Next, ".yaml");
      std::string ErrorLog = ScratchFile(Next, ".err");
      // First, so that no "--" in the job's arguments can hide it: a
      // worker that took itself for a parent would start workers too.
      std::string OutputArg = "--worker-output=" + Output;
      std::vector<llvm::StringRef> Args = {Settings.Program, OutputArg};
      Args.insert(Args.end(), Job.Args.begin(), Job.Args.end());
      std::optional<llvm::StringRef> Redirects[] = {std::nullopt, std::nullopt,
                                                    llvm::StringRef(ErrorLog)};
      if (Settings.ShowProgress)
        llvm::errs() << "\r\x1b[K[" << Next + 1 << "/" << Jobs.size() << "] "
                     << displayPath(Job.File);
      std::string Error;
      bool ExecutionFailed = false;
      llvm::sys::ProcessInfo Process =
          llvm::sys::ExecuteNoWait(Settings.Program, Args, std::nullopt,
                                   Redirects, 0, &Error, &ExecutionFailed);
      if (ExecutionFailed) {
        Outcomes[Next].Failure = "cannot start a worker: " + Error;
      } else {
        Running.push_back({Next, Process, Clock::now()});
      }
      ++Next;
    }

    bool AnyFinished = false;
    for (size_t I = 0; I < Running.size();) {
      RunningWorker &Worker = Running[I];
      std::string Message;
      llvm::sys::ProcessInfo Done =
          llvm::sys::Wait(Worker.Process, /*SecondsToWait=*/0, &Message);
      if (Done.Pid == 0) {
        if (Settings.TimeoutSeconds == 0 ||
            Clock::now() - Worker.Started <
                std::chrono::seconds(Settings.TimeoutSeconds)) {
          ++I;
          continue;
        }
        // Past the limit: stop it and reap it.
        ::kill(Worker.Process.Pid, SIGKILL);
        llvm::sys::Wait(Worker.Process, std::nullopt);
        if (Settings.ShowProgress)
          llvm::errs() << "\r\x1b[K";
        forwardStderr(ScratchFile(Worker.Job, ".err"));
        Outcomes[Worker.Job].Failure = "analysis timed out after " +
                                       std::to_string(Settings.TimeoutSeconds) +
                                       " s";
      } else {
        Finish(Worker, Done.ReturnCode, Message);
      }
      Running.erase(Running.begin() + I);
      AnyFinished = true;
    }
    if (!AnyFinished && !Running.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (Settings.ShowProgress)
    llvm::errs() << "\r\x1b[K";
  fs::remove_directories(Scratch);
  return mergeOutcomes(Jobs, Outcomes, Digests);
}

} // namespace mpr
