//===--- TranslationUnitReport.cpp - one translation unit's result --------===//

#include "worker/TranslationUnitReport.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

namespace {

/// One file's content digest; a sequence entry, since paths are awkward
/// YAML keys.
struct DigestEntry {
  std::string Path;
  std::string Digest;
};

/// The YAML form: clang-tidy's TranslationUnitDiagnostics, so the
/// diagnostics keep their messages, notes, ranges, replacements and levels.
struct SerializedReport {
  clang::tooling::TranslationUnitDiagnostics Unit;
  unsigned SuppressedByNolint = 0;
  std::vector<DigestEntry> Digests;
};

} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(DigestEntry)

namespace llvm::yaml {
template <> struct MappingTraits<DigestEntry> {
  static void mapping(IO &Io, DigestEntry &Entry) {
    Io.mapRequired("Path", Entry.Path);
    Io.mapRequired("Digest", Entry.Digest);
  }
};
template <> struct MappingTraits<SerializedReport> {
  static void mapping(IO &Io, SerializedReport &Report) {
    Io.mapRequired("TranslationUnit", Report.Unit);
    Io.mapRequired("SuppressedByNolint", Report.SuppressedByNolint);
    Io.mapOptional("Digests", Report.Digests);
  }
};
} // namespace llvm::yaml

namespace mpr {

std::string contentDigest(llvm::StringRef Content) {
  return llvm::toHex(llvm::BLAKE3::hash(llvm::arrayRefFromStringRef(Content)),
                     /*LowerCase=*/true);
}

llvm::Error writeReport(const TranslationUnitReport &Report,
                        llvm::StringRef Path) {
  SerializedReport Serialized;
  Serialized.Unit.MainSourceFile = Report.MainFile;
  Serialized.Unit.Diagnostics.assign(Report.Diagnostics.begin(),
                                     Report.Diagnostics.end());
  Serialized.SuppressedByNolint = Report.SuppressedByNolint;
  for (const auto &[File, Digest] : Report.Digests)
    Serialized.Digests.push_back({File, Digest});
  return llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    llvm::yaml::Output Yaml(OS);
    Yaml << Serialized;
    return llvm::Error::success();
  });
}

llvm::Expected<TranslationUnitReport> readReport(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
      llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return llvm::createStringError(Text.getError(),
                                   "cannot read " + Path + ": " +
                                       Text.getError().message());
  SerializedReport Serialized;
  // The error comes back to the caller; YAML's own message would only
  // repeat it on stderr.
  llvm::yaml::Input Yaml((*Text)->getBuffer(), nullptr,
                         [](const llvm::SMDiagnostic &, void *) {});
  Yaml >> Serialized;
  if (Yaml.error())
    return llvm::createStringError(Yaml.error(), "malformed result " + Path);

  TranslationUnitReport Report;
  Report.MainFile = Serialized.Unit.MainSourceFile;
  Report.SuppressedByNolint = Serialized.SuppressedByNolint;
  for (DigestEntry &Entry : Serialized.Digests)
    Report.Digests[Entry.Path] = Entry.Digest;
  for (clang::tooling::Diagnostic &Diagnostic : Serialized.Unit.Diagnostics) {
    clang::tidy::ClangTidyError Error(Diagnostic.DiagnosticName,
                                      Diagnostic.DiagLevel,
                                      Diagnostic.BuildDirectory,
                                      /*IsWarningAsError=*/false);
    Error.Message = std::move(Diagnostic.Message);
    Error.Notes = std::move(Diagnostic.Notes);
    Report.Diagnostics.push_back(std::move(Error));
  }
  return Report;
}

} // namespace mpr
