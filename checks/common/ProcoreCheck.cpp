//===--- ProcoreCheck.cpp - what every procore-* check shares -------------===//

#include "common/ProcoreCheck.h"

namespace clang::tidy::procore {

ProcoreCheck::ProcoreCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ExtraLegacyHosts(Options.getLocalOrGlobal("ExtraLegacyHosts", "")),
      ExtraApiHosts(Options.getLocalOrGlobal("ExtraApiHosts", "")),
      RequestFunctions(Options.getLocalOrGlobal("RequestFunctions", "")) {
  Hosts.addExtraHosts(ExtraLegacyHosts, ExtraApiHosts);
  std::string Error;
  if (!parseWrapperRules(RequestFunctions, Wrappers, Error))
    configurationDiag("%0") << Error;
}

void ProcoreCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraLegacyHosts", ExtraLegacyHosts);
  Options.store(Opts, "ExtraApiHosts", ExtraApiHosts);
  Options.store(Opts, "RequestFunctions", RequestFunctions);
}

bool ProcoreCheck::boolOption(StringRef Name, bool Default) const {
  std::string Text = Options.get(Name, Default ? "true" : "false").str();
  if (StringRef(Text).equals_insensitive("true") || Text == "1")
    return true;
  if (StringRef(Text).equals_insensitive("false") || Text == "0")
    return false;
  return Default;
}

void ProcoreCheck::beginUnit(ASTContext &Context) {
  if (Tracer)
    return;
  Tracer = std::make_unique<StringTracer>(Context);
  Requests = std::make_unique<RequestAnalysis>(Context, *Tracer, Wrappers);
}

void ProcoreCheck::endUnit() {
  Requests.reset();
  Tracer.reset();
}

} // namespace clang::tidy::procore
