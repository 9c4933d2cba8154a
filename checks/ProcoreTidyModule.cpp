//===--- ProcoreTidyModule.cpp - the procore-* checks ---------------------===//

#include "BaseDomainCheck.h"
#include "CompanyHeaderCheck.h"
#include "IdWidthCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "common/CheckCatalog.h"

namespace clang::tidy::procore {

class ProcoreModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<BaseDomainCheck>(BaseDomainInfo.Name);
    CheckFactories.registerCheck<CompanyHeaderCheck>(CompanyHeaderInfo.Name);
    CheckFactories.registerCheck<IdWidthCheck>(IdWidthInfo.Name);
  }
};

} // namespace clang::tidy::procore

namespace clang::tidy {

static ClangTidyModuleRegistry::Add<procore::ProcoreModule>
    ProcoreModuleRegistration("procore-module",
                              "Checks for Procore MPR compliance.");

// Referenced by the CLI so the linker keeps this file and its registration.
volatile int ProcoreModuleAnchorSource = 0;

} // namespace clang::tidy
