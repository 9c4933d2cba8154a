//===--- InputChecks.cpp - what mpr-lint refuses to analyse, and why ------===//

#include "driver/InputChecks.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModule.h"
#include "driver/Messages.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::tidy;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace mpr {

namespace {

/// How much of a source file is searched for NUL bytes: what text editors and
/// git look at to call a file binary.
constexpr size_t BinaryProbeSize = 64 * 1024;

constexpr llvm::StringLiteral CheckPrefix = "procore-";

llvm::StringRef describeFileType(fs::file_type Type) {
  switch (Type) {
  case fs::file_type::fifo_file:
    return "a FIFO";
  case fs::file_type::character_file:
  case fs::file_type::block_file:
    return "a device";
  case fs::file_type::socket_file:
    return "a socket";
  default:
    return "not a regular file";
  }
}

/// The offset of the first NUL byte in the head of the open file, if any.
std::optional<size_t> findNulByte(fs::file_t Handle) {
  std::vector<char> Head(BinaryProbeSize);
  llvm::Expected<size_t> Read = fs::readNativeFile(Handle, Head);
  if (!Read) {
    llvm::consumeError(Read.takeError());
    return std::nullopt;
  }
  llvm::StringRef Text(Head.data(), *Read);
  size_t Nul = Text.find('\0');
  if (Nul == llvm::StringRef::npos)
    return std::nullopt;
  return Nul;
}

bool isBoolText(llvm::StringRef Value) {
  return llvm::is_contained({"true", "false", "1", "0"}, Value.lower());
}

/// Instantiates the procore-* checks with \p CheckOptions; returns the options
/// they have (with their values) and fills \p Complaints with what their
/// constructors said about the values.
ClangTidyOptions::OptionMap
instantiateChecks(const ClangTidyOptions::OptionMap &CheckOptions,
                  std::vector<std::string> &Complaints) {
  ClangTidyOptions Options = ClangTidyOptions::getDefaults();
  Options.Checks = (CheckPrefix + "*").str();
  Options.CheckOptions = CheckOptions;
  ClangTidyContext Context(std::make_unique<DefaultOptionsProvider>(
      ClangTidyGlobalOptions(), Options));
  ClangTidyDiagnosticConsumer Consumer(Context);
  clang::DiagnosticsEngine Engine(new clang::DiagnosticIDs(),
                                  new clang::DiagnosticOptions(), &Consumer,
                                  /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&Engine);
  ClangTidyOptions::OptionMap Known =
      ClangTidyASTConsumerFactory(Context).getCheckOptions();
  for (const ClangTidyError &Complaint : Consumer.take())
    Complaints.push_back(Complaint.Message.Message);
  return Known;
}

/// "; did you mean '<name>'?" when a known option is a typo away from
/// \p Name.
std::string suggestOption(llvm::StringRef Name,
                          const ClangTidyOptions::OptionMap &Known) {
  constexpr unsigned MaxTypos = 3;
  llvm::StringRef Best;
  unsigned BestDistance = MaxTypos + 1;
  for (const auto &Option : Known) {
    unsigned Distance =
        Name.edit_distance(Option.getKey(),
                           /*AllowReplacements=*/true, MaxTypos);
    if (Distance < BestDistance) {
      Best = Option.getKey();
      BestDistance = Distance;
    }
  }
  return Best.empty() ? "" : "; did you mean '" + Best.str() + "'?";
}

/// The first problem with the procore-* options of \p Options, or "".
std::string findOptionProblem(const ClangTidyOptions &Options) {
  ClangTidyOptions::OptionMap Ours;
  for (const auto &Entry : Options.CheckOptions)
    if (Entry.getKey().starts_with(CheckPrefix))
      Ours.insert({Entry.getKey(), Entry.getValue()});
  if (Ours.empty())
    return "";

  std::vector<std::string> Complaints;
  ClangTidyOptions::OptionMap Defaults =
      instantiateChecks(ClangTidyOptions::OptionMap(), Complaints);
  for (const auto &Entry : Ours) {
    llvm::StringRef Name = Entry.getKey();
    auto Known = Defaults.find(Name);
    if (Known == Defaults.end()) {
      llvm::StringRef Check = Name.split('.').first;
      bool CheckExists = llvm::any_of(Defaults, [&](const auto &Default) {
        return Default.getKey().split('.').first == Check;
      });
      if (!CheckExists)
        return "unknown check '" + Check.str() + "' in option '" + Name.str() +
               "'";
      return "unknown option '" + Name.str() + "'" +
             suggestOption(Name, Defaults);
    }
    if (isBoolText(Known->getValue().Value) &&
        !isBoolText(Entry.getValue().Value))
      return "option '" + Name.str() + "' is true or false, not '" +
             Entry.getValue().Value + "'";
  }
  instantiateChecks(Ours, Complaints);
  return Complaints.empty() ? "" : Complaints.front();
}

} // namespace

bool checkSourceFile(llvm::StringRef File) {
  fs::file_status Status;
  if (std::error_code EC = fs::status(File, Status)) {
    fs::file_status LinkStatus;
    if (!fs::status(File, LinkStatus, /*Follow=*/false) &&
        LinkStatus.type() == fs::file_type::symlink_file)
      reportError(File, "symbolic link to a file that does not exist");
    else if (EC == std::errc::no_such_file_or_directory)
      reportError(File, "no such file");
    else
      reportError(File, "cannot read: " + EC.message());
    return false;
  }
  if (fs::is_directory(Status)) {
    reportError(File, "is a directory, not a source file");
    return false;
  }
  // Clang would wait forever for a FIFO to end.
  if (!fs::is_regular_file(Status)) {
    reportError(File, "is " + describeFileType(Status.type()) +
                          ", not a source file");
    return false;
  }
  llvm::Expected<fs::file_t> Handle = fs::openNativeFileForRead(File);
  if (!Handle) {
    reportError(File, "cannot read: " + llvm::toString(Handle.takeError()));
    return false;
  }
  std::optional<size_t> Nul = findNulByte(*Handle);
  fs::closeFile(*Handle);
  if (Nul) {
    reportError(File, "binary file (a NUL byte at offset " + llvm::Twine(*Nul) +
                          "), not source code");
    return false;
  }
  if (Status.getSize() == 0)
    reportWarning(File, "empty file; nothing to analyse");
  return true;
}

std::optional<ClangTidyOptions>
parseCheckedConfiguration(llvm::MemoryBufferRef Text, llvm::StringRef Source) {
  std::string FirstComplaint;
  llvm::ErrorOr<ClangTidyOptions> Parsed =
      parseConfigurationWithDiags(Text, [&](const llvm::SMDiagnostic &Diag) {
        if (FirstComplaint.empty())
          FirstComplaint =
              (llvm::Twine(Diag.getLineNo()) + ":" +
               llvm::Twine(Diag.getColumnNo() + 1) + ": " + Diag.getMessage())
                  .str();
      });
  if (!Parsed) {
    reportError(Source,
                "invalid configuration: " + (FirstComplaint.empty()
                                                 ? Parsed.getError().message()
                                                 : FirstComplaint));
    return std::nullopt;
  }
  std::string Problem = findOptionProblem(*Parsed);
  if (!Problem.empty()) {
    reportError(Source, "invalid configuration: " + Problem);
    return std::nullopt;
  }
  return std::move(*Parsed);
}

bool checkConfigFiles(llvm::StringRef File) {
  // Each configuration file is read and reported once, however many source
  // files it configures.
  static llvm::StringMap<bool> Verdicts;
  llvm::SmallString<256> Dir(File);
  fs::make_absolute(Dir);
  path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Config(Dir);
    path::append(Config, ".clang-tidy");
    if (fs::is_regular_file(Config)) {
      auto Known = Verdicts.find(Config);
      if (Known != Verdicts.end())
        return Known->getValue();
      std::optional<ClangTidyOptions> Parsed;
      if (auto Text = llvm::MemoryBuffer::getFile(Config))
        Parsed = parseCheckedConfiguration((*Text)->getMemBufferRef(), Config);
      else
        reportError(Config, "cannot read: " + Text.getError().message());
      Verdicts[Config] = Parsed.has_value();
      if (!Parsed)
        return false;
      // Like clang-tidy, stop at the nearest file unless it inherits.
      if (!Parsed->InheritParentConfig.value_or(false))
        return true;
    }
    llvm::StringRef Parent = path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return true;
}

void warnAboutCompileCommand(llvm::StringRef File,
                             const clang::tooling::CompileCommand &Command) {
  const std::vector<std::string> &Args = Command.CommandLine;
  if (Args.empty())
    return;
  llvm::StringRef Compiler = Args.front();
  bool CompilerFound = Compiler.contains('/')
                           ? fs::exists(Compiler)
                           : bool(llvm::sys::findProgramByName(Compiler));
  if (!CompilerFound)
    reportWarning(File, "the compiler '" + Compiler +
                            "' of its compile command does not exist; "
                            "analysing with clang's own defaults");
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    llvm::StringRef Folder;
    for (llvm::StringRef Flag : {"-isystem", "-iquote", "-idirafter", "-I"})
      if (Arg.consume_front(Flag)) {
        Folder = Arg.empty() && I + 1 < Args.size() ? llvm::StringRef(Args[++I])
                                                    : Arg;
        break;
      }
    if (Folder.empty())
      continue;
    llvm::SmallString<256> Absolute(Folder);
    fs::make_absolute(Command.Directory, Absolute);
    if (!fs::is_directory(Absolute))
      reportWarning(File, "include folder '" + Folder +
                              "' of its compile command does not exist");
  }
}

bool reportCompilerErrors(llvm::StringRef File,
                          llvm::ArrayRef<ClangTidyError> Errors) {
  size_t Count = llvm::count_if(Errors, [](const ClangTidyError &Error) {
    return Error.DiagLevel == ClangTidyError::Error;
  });
  if (Count == 0)
    return false;
  reportError(File, llvm::Twine(Count) +
                        (Count == 1 ? " compiler error" : " compiler errors") +
                        "; only the code clang could recover was analysed");
  return true;
}

} // namespace mpr
