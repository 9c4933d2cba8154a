//===--- IdProof.cpp - which declarations hold Procore IDs
//-----------------===//

#include "IdProof.h"
#include "clang/Basic/SourceManager.h"
#include <set>

namespace clang::tidy::procore::idwidth {
namespace {

/// The declaration that names a record: the record, or for an unnamed C
/// struct its typedef.
const NamedDecl *recordNameDecl(const RecordDecl *Record) {
  if (Record->getIdentifier())
    return Record;
  return Record->getTypedefNameForAnonDecl();
}

/// The text of the key a JSON read reads, when the code spells it.
std::optional<std::string> jsonKeyOf(const CallExpr *Read,
                                     StringTracer &Tracer) {
  const Expr *Key = nullptr;
  const Expr *Receiver = jsonReceiver(Read);
  // v.at("id").as_number().to_int32(): the key is further in.
  while (Receiver && !keyArgument(Receiver)) {
    const auto *Inner =
        dyn_cast<CXXMemberCallExpr>(stripValueWrappers(Receiver));
    if (!Inner || Inner->getNumArgs() != 0 || !isJsonValueCall(Inner))
      break;
    Receiver = Inner->getImplicitObjectArgument();
  }
  if (Receiver)
    Key = keyArgument(Receiver);
  // obj.value("id", 0) and obj.value("id").toInt()
  if (!Key && isJsonValueCall(Read))
    Key = keyArgument(Read);
  if (!Key)
    return std::nullopt;
  TracedString Text = Tracer.trace(Key);
  if (!Text.hasKnownText() ||
      Text.text().find(UnknownText) != std::string::npos)
    return std::nullopt;
  return Text.text();
}

// The JSON key a scanf format spells right before a conversion: `id` in
// `{"id":%d` (\p Before ends where the conversion's `%` was).
std::optional<std::string> scannedJsonKey(llvm::StringRef Before) {
  Before = Before.rtrim();
  if (!Before.consume_back(":"))
    return std::nullopt;
  Before = Before.rtrim();
  if (!Before.consume_back("\""))
    return std::nullopt;
  auto [Rest, Key] = Before.rsplit('"');
  if (Rest.size() == Before.size() || Key.empty())
    return std::nullopt;
  return Key.str();
}

} // namespace

bool IdProof::readsIdField(const Expr *Read, std::string *Key) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Read);
  if (!Call || !talksToProcore())
    return false;
  std::optional<std::string> Text = jsonKeyOf(Call, F.Tracer);
  if (!Text || !Classifier.classify(*Text))
    return false;
  if (Key)
    *Key = *Text;
  return true;
}

bool IdProof::readsSearchedIdKey(const Expr *Conversion, std::string &Key,
                                 bool *OfMap) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Conversion);
  std::optional<IdFacts::ReadKey> Read =
      Call ? F.searchedJsonKey(Call) : std::nullopt;
  if (!Read || !Classifier.classify(Read->Name))
    return false;
  Key = Read->Name;
  if (OfMap)
    *OfMap = Read->OfMap;
  return true;
}

bool IdProof::convertsIdField(const Expr *Conversion, std::string &Key) {
  // IDs are JSON numbers: `toString().toInt()` parses a text field.
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Conversion);
  QualType Object =
      Member ? Member->getImplicitObjectArgument()->getType() : QualType();
  return !Object.isNull() && Object->getAsCXXRecordDecl() &&
         !isTextClass(Object) && readsIdField(Conversion, &Key);
}

bool IdProof::readsSearchedIdKeyOfResult(const Expr *Call, std::string &Key) {
  std::optional<IdFacts::ReadKey> Read = F.searchedKeyOf(Call, /*Calls=*/0);
  if (!Read || Read->OfMap || !Classifier.classify(Read->Name))
    return false;
  Key = Read->Name;
  return true;
}

bool IdProof::isIdSource(const ValueSource &Source) {
  if (Source.K == ValueSource::Declaration)
    return isId(Source.holder());
  if (Source.K == ValueSource::JsonRead)
    return readsIdField(Source.E);
  // `static_cast<uint32_t>(std::stoul(Event.at("resource_id")))`.
  std::string Key;
  if (Source.K == ValueSource::Conversion)
    return talksToProcore() && (readsSearchedIdKey(Source.E, Key) ||
                                convertsIdField(Source.E, Key));
  return false;
}

void IdProof::prove() {
  seedFromFlows();
  seedFromUses();
  seedFromNames();
  propagate();
}

void IdProof::seedFromNames() {
  if (!talksToProcore())
    return;
  for (const auto &[D, Name] : F.IdNamed) {
    if (!Name.Resource.empty())
      add({D, Name.Shape == IdName::KeyedBy},
          {Evidence::ResourceName, nullptr, wrapperNaming(D), Name.Resource});
    else if (Name.Shape == IdName::Single)
      if (auto [Record, Resource] = recordNamingResource(D); Record)
        add({D}, {Evidence::RecordName, nullptr, Record, Resource});
  }
}

// What names the record whose member \p D is, with the Procore resource
// that name names; a null name when it names none.
std::pair<const NamedDecl *, std::string>
IdProof::recordNamingResource(const Decl *D) const {
  const auto *Field = dyn_cast<FieldDecl>(D);
  const NamedDecl *Name = Field ? recordNameDecl(Field->getParent()) : nullptr;
  std::string Resource = Name ? Classifier.recordResource(Name->getName()) : "";
  return {Resource.empty() ? nullptr : Name, Resource};
}

void IdProof::seedFromUses() {
  auto NamesResourcePath = [&](llvm::StringRef Text) {
    llvm::SmallVector<llvm::StringRef, 8> Segments;
    Text.split(Segments, '/');
    return Segments.size() > 1 &&
           llvm::any_of(Segments, [&](llvm::StringRef Segment) {
             return !Classifier.resourceIn(Segment).empty();
           });
  };
  for (const IdFacts::RequestUse &Use : F.RequestUses) {
    for (const std::string &Text : *Use.Texts) {
      bool Api = isProcoreApiText(Text, Hosts);
      bool InProcoreFile =
          talksToProcore() &&
          (NamesResourcePath(Text) ||
           // body["project_id"] = id
           (Classifier.classify(Text) && !llvm::StringRef(Text).contains(' ')));
      if (Api || InProcoreFile) {
        add({Use.D}, {Evidence::SentToProcore, Use.Site, nullptr, Text});
        break;
      }
    }
  }
  for (const Expr *Argument : F.WrapperArguments)
    if (const Decl *D = referencedDecl(stripCarriers(Argument)))
      if (F.idName(D))
        add({D}, {Evidence::SentToProcore, Argument, nullptr, ""});
  // The value that follows a resource's segment in a REST path is that
  // resource's ID, whatever its name: `/projects/%" PRId64` with
  // g_project, `"/projects/" + std::to_string(project)`.
  auto InRestPath = [&](const Expr *Value, llvm::StringRef Before) {
    if (!Before.contains("/rest/v") && !Before.contains("/vapid/"))
      return;
    if (!Before.consume_back("/"))
      return;
    llvm::StringRef Segment = Before.rsplit('/').second;
    if (Classifier.resourceIn(Segment).empty())
      return;
    if (std::optional<Holder> H = readHolder(Value);
        H && isFlowTarget(H->D) && mayBecomeId(H->D))
      add(*H, {Evidence::SentToProcore, Value, nullptr, ""});
  };
  for (const FormatUse &Use : F.FormatUses) {
    std::string Text = literalText(Use.Format);
    llvm::StringRef Before =
        llvm::StringRef(Text).take_front(Use.ConversionBegin);
    Before = Before.rtrim("-+ #0123456789.*");
    if (!Before.consume_back("%"))
      continue;
    if (!Use.Scans) {
      InRestPath(Use.Argument, Before);
      continue;
    }
    // sscanf(Body, "{\"id\":%d", &Id): the conversion right after a JSON
    // key reads that field of the response.
    std::optional<std::string> Key = scannedJsonKey(Before);
    if (Key && talksToProcore() && Classifier.classify(*Key))
      if (std::optional<Holder> H = readHolder(Use.Argument);
          H && mayBecomeId(H->D))
        add(*H, {Evidence::JsonField, Use.Argument, nullptr, *Key});
  }
  for (const auto &[Value, Before] : F.PathValues)
    InRestPath(Value, Before);
}

void IdProof::seedFromFlows() {
  for (const Flow &Flow : F.Flows) {
    std::string Key;
    if (Flow.From.K == ValueSource::JsonRead &&
        readsIdField(Flow.From.E, &Key) && mayBecomeId(Flow.To.D))
      add(Flow.To, {Evidence::JsonField, Flow.Site, nullptr, Key});
    else if (bool OfMap = false;
             Flow.From.K == ValueSource::Conversion && talksToProcore() &&
             (readsSearchedIdKey(Flow.From.E, Key, &OfMap) ||
              convertsIdField(Flow.From.E, Key)) &&
             mayBecomeId(Flow.To.D))
      add(Flow.To, {OfMap ? Evidence::MapKey : Evidence::JsonField, Flow.Site,
                    nullptr, Key});
    else if (Flow.From.K == ValueSource::Declaration &&
             isa<FunctionDecl>(Flow.From.D) && talksToProcore() &&
             mayBecomeId(Flow.To.D) &&
             readsSearchedIdKeyOfResult(Flow.Site, Key))
      add(Flow.To, {Evidence::JsonField, Flow.Site, nullptr, Key});
    else if (Flow.From.K == ValueSource::BigLiteral && F.idName(Flow.To.D))
      add(Flow.To, {Evidence::BigLiteral, Flow.From.E, nullptr, ""});
    // A member read from JSON makes its record one filled from JSON.
    if (Flow.From.K == ValueSource::JsonRead && !Flow.To.Keys)
      if (const auto *Field = dyn_cast<FieldDecl>(Flow.To.D))
        F.JsonRecords.insert({Field->getParent(), Flow.Site});
  }
  // Members of records filled from JSON, found after the names were seen.
  if (talksToProcore())
    for (const auto &[D, Name] : F.IdNamed)
      if (const auto *Field = dyn_cast<FieldDecl>(D)) {
        auto Record = F.JsonRecords.find(Field->getParent());
        if (Record != F.JsonRecords.end())
          add({D}, {Evidence::ProcoreRecord, Record->second, Field->getParent(),
                    ""});
      }
}

void IdProof::propagate() {
  llvm::DenseMap<Holder, llvm::SmallVector<size_t, 2>> Touching;
  std::set<size_t> ThisSweep, NextSweep;
  for (size_t I = 0; I < F.Flows.size(); ++I) {
    const Flow &Flow = F.Flows[I];
    if (Flow.From.K != ValueSource::Declaration)
      continue;
    Touching[Flow.From.holder()].push_back(I);
    Touching[Flow.To].push_back(I);
    ThisSweep.insert(I);
  }
  // Where each declaration's value is stored (comparisons store nothing).
  llvm::DenseMap<Holder, llvm::SmallVector<size_t, 2>> StoredFrom;
  for (size_t I = 0; I < F.Flows.size(); ++I)
    if (F.Flows[I].From.K == ValueSource::Declaration && !F.Flows[I].Compared)
      StoredFrom[F.Flows[I].From.holder()].push_back(I);
  // `const int project = std::stoi(argv[2]); run(project);`: a local or
  // parameter of this file whose value is stored only in IDs holds one,
  // whatever its name, when those IDs are IDs for what is done with them.
  // One that is an ID only because some value stored in it is (a generic
  // helper's `int64_t value`) says nothing of its other values.
  auto HoldsOnlyIds = [&](Holder H) {
    if (!isLocalOfThisFile(H.D))
      return false;
    return llvm::all_of(StoredFrom[H], [&](size_t Into) {
      auto Id = Ids.find(F.Flows[Into].To);
      return Id != Ids.end() && Id->second.K != Evidence::FromId &&
             Id->second.K != Evidence::ComparedWithId;
    });
  };
  auto Proven = [&](Holder H, Evidence E, size_t At) {
    add(H, std::move(E));
    for (size_t Other : Touching[H])
      (Other > At ? ThisSweep : NextSweep).insert(Other);
  };
  while (!ThisSweep.empty()) {
    while (!ThisSweep.empty()) {
      size_t At = *ThisSweep.begin();
      ThisSweep.erase(ThisSweep.begin());
      const Flow &Flow = F.Flows[At];
      Holder From = Flow.From.holder();
      if (isId(From) && !isId(Flow.To) && !returnsOwnParameter(Flow) &&
          !ReturnsForCallers.contains(From) && mayBecomeId(Flow.To.D))
        Proven(Flow.To,
               {Flow.Compared ? Evidence::ComparedWithId : Evidence::FromId,
                Flow.Site, From.D, ""},
               At);
      else if (!Flow.Compared && isId(Flow.To) && !isId(From) &&
               (F.idName(From.D) || returnsInto(From.D) ||
                returnedLocal(Flow) || HoldsOnlyIds(From) ||
                typeDeducedFrom(Flow))) {
        if (!F.idName(From.D) && isa<FunctionDecl>(From.D))
          ReturnsForCallers.insert(From);
        Proven(From, {Evidence::IntoId, Flow.Site, Flow.To.D, ""}, At);
      }
    }
    std::swap(ThisSweep, NextSweep);
  }
}

const CXXRecordDecl *IdProof::wrapperNaming(const Decl *D) {
  const auto *Named = dyn_cast<NamedDecl>(D);
  if (!Named || !Named->getIdentifier() ||
      Classifier.classify(Named->getName()))
    return nullptr; // Named by its own name.
  return idWrapperOf(D);
}

bool IdProof::mayBecomeId(const Decl *D) {
  // What main returns is an exit status, whatever the code hands it.
  if (const auto *Function = dyn_cast<FunctionDecl>(D);
      Function && Function->isMain())
    return false;
  return F.idName(D) ||
         F.Context.getSourceManager().isInMainFile(D->getLocation());
}

// `int64_t Uid = ...; return Uid;` in a function that returns an ID: the
// local is the ID it returns, whatever its name.
bool IdProof::returnedLocal(const Flow &Flow) {
  const auto *Local = dyn_cast<VarDecl>(Flow.From.D);
  return Local && !isa<ParmVarDecl>(Local) && Local->hasLocalStorage() &&
         Local->getParentFunctionOrMethod() == dyn_cast<DeclContext>(Flow.To.D);
}

bool IdProof::typeDeducedFrom(const Flow &Flow) {
  const auto *Var = dyn_cast<VarDecl>(Flow.To.D);
  if (!Var || isa<ParmVarDecl>(Var) ||
      !Var->getType()->getContainedAutoType() || !mayBecomeId(Flow.From.D))
    return false;
  const Expr *Init =
      Var->isCXXForRangeDecl() ? walkedRange(Var) : Var->getInit();
  return Init &&
         Init->getSourceRange().fullyContains(Flow.Site->getSourceRange());
}

// A local or parameter written in this file, not a header's.
bool IdProof::isLocalOfThisFile(const Decl *D) {
  const auto *Local = dyn_cast<VarDecl>(D);
  return Local && Local->hasLocalStorage() && mayBecomeId(Local);
}

bool IdProof::returnsInto(const Decl *D) {
  return isa<FunctionDecl>(D) && mayBecomeId(D);
}

bool IdProof::returnsOwnParameter(const Flow &Flow) {
  const auto *Param = dyn_cast<ParmVarDecl>(Flow.From.D);
  const FunctionDecl *Owner = Param ? ownerOf(Param) : nullptr;
  return Owner && Flow.To == Holder{nodeOf(Owner)};
}

} // namespace clang::tidy::procore::idwidth
