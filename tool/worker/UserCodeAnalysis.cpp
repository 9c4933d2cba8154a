//===--- UserCodeAnalysis.cpp - the checks, on the user's code only -------===//

#include "worker/UserCodeAnalysis.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"

using namespace clang;

namespace mpr {
namespace {

/// Runs first: the matchers that follow walk only what it leaves in scope,
/// and the parser skips the function bodies it declines.
class UserCodeScope : public ASTConsumer {
public:
  void Initialize(ASTContext &Context) override {
    SM = &Context.getSourceManager();
  }

  bool shouldSkipFunctionBody(Decl *D) override {
    const FunctionDecl *Function = D->getAsFunction();
    return Function && !Function->isTemplated() &&
           SM->isInSystemHeader(SM->getExpansionLoc(D->getLocation()));
  }

  void HandleTranslationUnit(ASTContext &Context) override {
    std::vector<Decl *> UserDecls;
    for (Decl *D : Context.getTranslationUnitDecl()->decls())
      if (!SM->isInSystemHeader(SM->getExpansionLoc(D->getLocation())))
        UserDecls.push_back(D);
    Context.setTraversalScope(UserDecls);
  }

private:
  const SourceManager *SM = nullptr;
};

class ScopedTidyAction : public ASTFrontendAction {
public:
  explicit ScopedTidyAction(tidy::ClangTidyASTConsumerFactory &Checks)
      : Checks(Checks) {}

  std::unique_ptr<ASTConsumer>
  CreateASTConsumer(CompilerInstance &Compiler, llvm::StringRef File) override {
    // The parser asks the consumers body by body; the checks' consumers
    // agree to any skip, so UserCodeScope decides.
    Compiler.getFrontendOpts().SkipFunctionBodies = true;
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(std::make_unique<UserCodeScope>());
    Consumers.push_back(Checks.createASTConsumer(Compiler, File));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  tidy::ClangTidyASTConsumerFactory &Checks;
};

class ScopedTidyFactory : public tooling::FrontendActionFactory {
public:
  ScopedTidyFactory(tidy::ClangTidyContext &Context,
                    llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS)
      : Checks(Context, std::move(FS)) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<ScopedTidyAction>(Checks);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *Diagnostics) override {
    // clang-tidy parses with __clang_analyzer__ defined; so does mpr-lint, so
    // that both front ends see the same code.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    return FrontendActionFactory::runInvocation(
        std::move(Invocation), Files, std::move(PCHContainerOps), Diagnostics);
  }

private:
  tidy::ClangTidyASTConsumerFactory Checks;
};

/// ExtraArgs and ExtraArgsBefore of the .clang-tidy that covers the file.
tooling::ArgumentsAdjuster
configuredArguments(tidy::ClangTidyContext &Context) {
  return [&Context](const tooling::CommandLineArguments &Args,
                    llvm::StringRef File) {
    tidy::ClangTidyOptions Options = Context.getOptionsForFile(File);
    tooling::CommandLineArguments Adjusted = Args;
    if (Options.ExtraArgsBefore) {
      // After the compiler's name, when the command starts with one.
      auto At = Adjusted.begin();
      if (At != Adjusted.end() && !llvm::StringRef(*At).starts_with("-"))
        ++At;
      Adjusted.insert(At, Options.ExtraArgsBefore->begin(),
                      Options.ExtraArgsBefore->end());
    }
    if (Options.ExtraArgs)
      Adjusted.insert(Adjusted.end(), Options.ExtraArgs->begin(),
                      Options.ExtraArgs->end());
    return Adjusted;
  };
}

} // namespace

std::vector<tidy::ClangTidyError>
analyseUserCode(tidy::ClangTidyContext &Context,
                const tooling::CompilationDatabase &Compilations,
                llvm::StringRef File,
                llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS,
                bool ApplyAnyFix) {
  tooling::ClangTool Tool(Compilations, {File.str()},
                          std::make_shared<PCHContainerOperations>(), BaseFS);
  Tool.appendArgumentsAdjuster(configuredArguments(Context));
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());

  tidy::ClangTidyDiagnosticConsumer Diagnostics(
      Context, /*ExternalDiagEngine=*/nullptr,
      /*RemoveIncompatibleErrors=*/true, /*GetFixesFromNotes=*/ApplyAnyFix);
  DiagnosticsEngine Engine(new DiagnosticIDs(), new DiagnosticOptions(),
                           &Diagnostics, /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&Engine);
  Tool.setDiagnosticConsumer(&Diagnostics);

  ScopedTidyFactory Factory(Context, std::move(BaseFS));
  Tool.run(&Factory);
  return Diagnostics.take();
}

} // namespace mpr
