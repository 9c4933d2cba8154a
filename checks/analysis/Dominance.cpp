//===--- Dominance.cpp - Does one statement always run before another? ----===//

#include "analysis/Dominance.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"

namespace clang::tidy::procore {

struct Dominance::FunctionFlow {
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> Parents;
  std::unique_ptr<CFGStmtMap> Blocks;
  CFGDomTree Tree;
  // For a block, the blocks from which some path reaches it (its own
  // included), by block ID.
  llvm::DenseMap<const CFGBlock *, llvm::BitVector> ReachingBlocks;

  const llvm::BitVector &reaching(const CFGBlock *Target) {
    auto [Found, Inserted] = ReachingBlocks.try_emplace(Target);
    if (!Inserted)
      return Found->second;
    llvm::BitVector &Reaching = Found->second;
    Reaching.resize(Graph->getNumBlockIDs());
    llvm::SmallVector<const CFGBlock *, 32> Work{Target};
    while (!Work.empty()) {
      const CFGBlock *Block = Work.pop_back_val();
      if (Reaching.test(Block->getBlockID()))
        continue;
      Reaching.set(Block->getBlockID());
      for (const CFGBlock::AdjacentBlock &Previous : Block->preds())
        if (const CFGBlock *Reachable = Previous.getReachableBlock())
          Work.push_back(Reachable);
    }
    return Reaching;
  }
};

Dominance::Dominance(ASTContext &Context) : Context(Context) {}
Dominance::~Dominance() = default;

const FunctionDecl *Dominance::enclosingFunction(const Stmt *S) {
  DynTypedNodeList Parents = Context.getParents(*S);
  for (int Guard = 0; !Parents.empty() && Guard < 256; ++Guard) {
    if (const auto *Function = Parents[0].get<FunctionDecl>())
      return Function;
    if (const auto *Lambda = Parents[0].get<LambdaExpr>())
      return Lambda->getCallOperator();
    Parents = Context.getParents(Parents[0]);
  }
  return nullptr;
}

const FunctionDecl *Dominance::namedFunction(const Stmt *S) {
  for (int Guard = 0; Guard < 8; ++Guard) {
    const LambdaExpr *Lambda = enclosingLambda(S);
    if (!Lambda)
      return enclosingFunction(S);
    S = Lambda;
  }
  return nullptr;
}

const LambdaExpr *Dominance::enclosingLambda(const Stmt *S) {
  DynTypedNodeList Parents = Context.getParents(*S);
  for (int Guard = 0; !Parents.empty() && Guard < 256; ++Guard) {
    if (const auto *Lambda = Parents[0].get<LambdaExpr>())
      return Lambda;
    // The parent map may pass through the call operator of the closure.
    if (const auto *Function = Parents[0].get<FunctionDecl>()) {
      const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      if (!Method || !Method->getParent()->isLambda())
        return nullptr;
    }
    Parents = Context.getParents(Parents[0]);
  }
  return nullptr;
}

Dominance::FunctionFlow *Dominance::flowOf(const FunctionDecl *Function) {
  if (!Function || !Function->getBody())
    return nullptr;
  std::unique_ptr<FunctionFlow> &Flow = Flows[Function];
  if (Flow)
    return Flow->Graph ? Flow.get() : nullptr;
  Flow = std::make_unique<FunctionFlow>();
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Flow->Graph = CFG::buildCFG(Function, Function->getBody(), &Context, Options);
  if (!Flow->Graph)
    return nullptr;
  Flow->Parents = std::make_unique<ParentMap>(Function->getBody());
  Flow->Blocks.reset(CFGStmtMap::Build(Flow->Graph.get(), Flow->Parents.get()));
  Flow->Tree.buildDominatorTree(Flow->Graph.get());
  return Flow.get();
}

static bool contains(const Stmt *Outer, const Stmt *Inner, ParentMap &Parents) {
  for (const Stmt *S = Inner; S; S = Parents.getParent(S))
    if (S == Outer)
      return true;
  return false;
}

const Stmt *Dominance::liftOutOfLoops(const Stmt *S, const Stmt *Other) {
  FunctionFlow *Flow = flowOf(enclosingFunction(S));
  if (!Flow)
    return S;
  const Stmt *Lifted = S;
  for (const Stmt *Parent = Flow->Parents->getParent(S); Parent;
       Parent = Flow->Parents->getParent(Parent))
    if ((isa<ForStmt>(Parent) || isa<CXXForRangeStmt>(Parent) ||
         isa<WhileStmt>(Parent) || isa<DoStmt>(Parent)) &&
        !(Other && contains(Parent, Other, *Flow->Parents)))
      Lifted = Parent;
  return Lifted;
}

const Stmt *Dominance::commonLoop(const Stmt *S, const Stmt *Other) {
  const FunctionDecl *Function = enclosingFunction(S);
  FunctionFlow *Flow = Function && enclosingFunction(Other) == Function
                           ? flowOf(Function)
                           : nullptr;
  if (!Flow)
    return nullptr;
  for (const Stmt *Parent = Flow->Parents->getParent(S); Parent;
       Parent = Flow->Parents->getParent(Parent))
    if ((isa<ForStmt>(Parent) || isa<CXXForRangeStmt>(Parent) ||
         isa<WhileStmt>(Parent) || isa<DoStmt>(Parent)) &&
        contains(Parent, Other, *Flow->Parents))
      return Parent;
  return nullptr;
}

// A constructor's member initializers run before its body, outside the
// body's CFG.
bool Dominance::inInitializers(const FunctionDecl *Function, const Stmt *S) {
  const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function);
  const SourceManager &SM = Context.getSourceManager();
  return Constructor &&
         llvm::any_of(Constructor->inits(), [&](const CXXCtorInitializer *I) {
           return I->isWritten() && I->getInit() &&
                  SM.isPointWithin(S->getBeginLoc(),
                                   I->getInit()->getBeginLoc(),
                                   I->getInit()->getEndLoc());
         });
}

bool Dominance::dominates(const Stmt *Earlier, const Stmt *Later,
                          LoopBodies Loops) {
  const FunctionDecl *Function = enclosingFunction(Later);
  if (!Function || enclosingFunction(Earlier) != Function)
    return false;
  if (inInitializers(Function, Earlier) && !inInitializers(Function, Later))
    return true;
  FunctionFlow *Flow = flowOf(Function);
  if (!Flow)
    return false;
  if (Loops == RunOnce)
    Earlier = liftOutOfLoops(Earlier, Later);
  const CFGBlock *From = Flow->Blocks->getBlock(Earlier);
  const CFGBlock *To = Flow->Blocks->getBlock(Later);
  if (!From || !To)
    return false;
  // In one block, statements run in source order; an argument of a call
  // runs before the call.
  if (From == To)
    return Context.getSourceManager().isBeforeInTranslationUnit(
        Earlier->getBeginLoc(), Later->getEndLoc());
  return Flow->Tree.dominates(From, To);
}

bool Dominance::runsOnEveryPath(const Stmt *S, LoopBodies Loops) {
  FunctionFlow *Flow = flowOf(enclosingFunction(S));
  if (!Flow)
    return false;
  if (Loops == RunOnce)
    S = liftOutOfLoops(S, nullptr);
  const CFGBlock *Block = Flow->Blocks->getBlock(S);
  return Block && Flow->Tree.dominates(Block, &Flow->Graph->getExit());
}

// The blocks a switch may go on to: the case its value settles, else every
// case not settled against and the default (the last successor, a default
// label or the code after the switch).
static llvm::SmallVector<const CFGBlock *, 8>
switchTargets(const CFGBlock &Block, const SwitchStmt *Switch,
              Dominance::Decider Decide) {
  llvm::SmallVector<const CFGBlock *, 8> Open;
  const CFGBlock *Default = nullptr;
  size_t Index = 0, Last = Block.succ_size() - 1;
  for (const CFGBlock::AdjacentBlock &Next : Block.succs()) {
    const CFGBlock *Target = Next.getReachableBlock();
    if (Index++ == Last) {
      Default = Target;
      break;
    }
    const auto *Case =
        Target ? dyn_cast_or_null<CaseStmt>(Target->getLabel()) : nullptr;
    std::optional<bool> Taken;
    if (Case && !Case->getRHS())
      Taken = Decide(Switch->getCond(), Case->getLHS());
    if (Taken && *Taken)
      return {Target};
    if (Target && !(Taken && !*Taken))
      Open.push_back(Target);
  }
  if (Default)
    Open.push_back(Default);
  return Open;
}

bool Dominance::everyPathPasses(const FunctionDecl *Function,
                                llvm::ArrayRef<const Stmt *> Through,
                                const Stmt *To, LoopBodies Loops,
                                Decider Decide,
                                llvm::ArrayRef<const Stmt *> From,
                                bool FromEntry) {
  if (FromEntry && From.empty() && llvm::any_of(Through, [&](const Stmt *S) {
        return inInitializers(Function, S);
      }))
    return true;
  FunctionFlow *Flow = flowOf(Function);
  if (!Flow)
    return false;
  const CFGBlock *Target =
      To ? Flow->Blocks->getBlock(To) : &Flow->Graph->getExit();
  if (!Target)
    return false;
  const SourceManager &SM = Context.getSourceManager();
  // Within one block statements run in the order they end: an argument of
  // a call runs before the call. A statement runs no later than itself.
  auto NoLater = [&](const Stmt *A, const Stmt *B) {
    return A == B ||
           SM.isBeforeInTranslationUnit(A->getEndLoc(), B->getEndLoc());
  };
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<const Stmt *, 2>> Passes;
  for (const Stmt *S : Through) {
    if (Loops == RunOnce)
      S = liftOutOfLoops(S, To);
    if (const CFGBlock *Block = Flow->Blocks->getBlock(S))
      Passes[Block].push_back(S);
  }
  // Whether a path that runs block \p Block from just after \p After (from
  // its start when null) passes a statement of Through before it leaves
  // the block, or before \p To when \p To is in it.
  auto PassesIn = [&](const CFGBlock *Block, const Stmt *After) {
    auto Found = Passes.find(Block);
    if (Found == Passes.end())
      return false;
    return llvm::any_of(Found->second, [&](const Stmt *S) {
      return (!After || !NoLater(S, After)) &&
             (Block != Target || !To || NoLater(S, To));
    });
  };
  // Search for a path to the target that avoids them. Blocks from which no
  // path reaches the target are not entered, and their conditions are not
  // decided: deciding one can trace a whole program.
  const llvm::BitVector &Reaching = Flow->reaching(Target);
  auto MayReach = [&](const CFGBlock *Block) {
    return Block && Reaching.test(Block->getBlockID());
  };
  llvm::SmallVector<const CFGBlock *, 32> Work;
  llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
  // A path that throws or calls a function that never returns does not
  // return: it is no path to the exit.
  auto EndsAbruptly = [](const CFGBlock *Block) {
    if (Block->empty())
      return false;
    std::optional<CFGStmt> Last = Block->back().getAs<CFGStmt>();
    if (!Last)
      return false;
    if (isa<CXXThrowExpr>(Last->getStmt()))
      return true;
    const auto *Call = dyn_cast<CallExpr>(Last->getStmt());
    return Call && Call->getDirectCallee() &&
           Call->getDirectCallee()->isNoReturn();
  };
  auto Leave = [&](const CFGBlock *Block) {
    if ((!To && EndsAbruptly(Block)) ||
        llvm::none_of(Block->succs(), [&](const CFGBlock::AdjacentBlock &Next) {
          return MayReach(Next.getReachableBlock());
        }))
      return;
    if (const auto *Switch =
            dyn_cast_or_null<SwitchStmt>(Block->getTerminatorStmt())) {
      for (const CFGBlock *Next : switchTargets(*Block, Switch, Decide))
        if (MayReach(Next))
          Work.push_back(Next);
      return;
    }
    std::optional<bool> Settled;
    if (const Expr *Condition = dyn_cast_or_null<Expr>(
            Block->getTerminatorCondition(/*StripParens=*/true));
        Condition && Block->succ_size() == 2)
      Settled = Decide(Condition, nullptr);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Next : Block->succs()) {
      bool Taken = !Settled || (*Settled ? Index == 0 : Index == 1);
      ++Index;
      if (Taken && MayReach(Next.getReachableBlock()))
        Work.push_back(Next.getReachableBlock());
    }
  };
  for (const Stmt *S : From) {
    const CFGBlock *Block = Flow->Blocks->getBlock(S);
    if (!Block || PassesIn(Block, S))
      continue;
    // Reached the target in the block it starts in, or left the block.
    if (Block == Target && To && NoLater(S, To))
      return false;
    Leave(Block);
  }
  if (FromEntry)
    Work.push_back(&Flow->Graph->getEntry());
  while (!Work.empty()) {
    const CFGBlock *Block = Work.pop_back_val();
    if (!Block || !Seen.insert(Block).second)
      continue;
    if (PassesIn(Block, nullptr))
      continue;
    if (Block == Target)
      return false;
    Leave(Block);
  }
  return true;
}

} // namespace clang::tidy::procore
