//===--- IdNames.cpp - Which names denote Procore resource IDs ------------===//

#include "model/IdNames.h"
#include "model/EndpointModel.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::procore {

namespace {

/// Procore's resources, from the REST API's reference (one entry, one noun
/// phrase; plural forms are matched too).
constexpr const char *ResourceNouns[] = {
    "company",      "project",
    "user",         "vendor",
    "rfi",          "submittal",
    "drawing",      "document",
    "folder",       "file",
    "observation",  "punch item",
    "punch",        "commitment",
    "change order", "change event",
    "contract",     "prime contract",
    "subcontract",  "purchase order",
    "budget",       "meeting",
    "photo",        "image",
    "album",        "location",
    "cost code",    "line item",
    "inspection",   "incident",
    "checklist",    "schedule",
    "timecard",     "timesheet",
    "equipment",    "invoice",
    "requisition",  "bid",
    "bid package",  "specification",
    "spec section", "correspondence",
    "transmittal",  "daily log",
    "person",       "contact",
    "attachment",   "upload",
    "office",       "department",
    "program",      "trade",
    "task",         "form",
    "action plan",  "directory",
    "company user", "project user",
    "assignee",     "creator",
    "owner",        "responsible",
    "origin",       "distribution",
    "division",     "region",
    "workflow",     "revision",
    "sheet",        "markup",
    "annotation",   "issue",
    "permission",   "template",
    "wbs",          "sub job",
    "party",        "crew",
    "login information", "login",
};

/// Words that, right before "id", name the ID of something that is never a
/// Procore resource. A Procore resource noun elsewhere in the name wins.
constexpr const char *ForeignIdQualifiers[] = {
    "thread",       "process", "proc",     "session",     "request",
    "req",          "trace",   "span",     "correlation", "transaction",
    "txn",          "message", "msg",      "socket",      "sock",
    "timer",        "signal",  "slot",     "window",      "widget",
    "device",       "event",   "job",      "worker",      "connection",
    "conn",         "channel", "stream",   "callback",    "handler",
    "subscription", "type",    "kind",     "column",      "col",
    "row",          "index",   "node",     "locale",      "language",
    "lang",         "font",    "color",    "shader",      "texture",
    "buffer",       "frame",   "tab",      "menu",        "action",
    "client",       "key",     "sequence", "seq",         "query",
    "hash",         "object",  "group",    "fd",          "cpu",
    "core",         "gpu",     "product",  "usb",         "pci",
    "bus",          "port",    "pipe",     "queue",       "mutex",
    "lock",         "element", "entry",    "record",      "instance",
    "build",        "commit",  "git",      "test",        "case",
    "step",         "state",   "status",   "error",       "err",
    "op",           "opcode",  "command",  "cmd",         "packet",
};

/// Services other than Procore that client code keeps records of too: a
/// GithubIssue or an ErpVendor is not Procore's issue or vendor.
constexpr const char *OtherServices[] = {
    "github", "gitlab",   "bitbucket",  "jira",       "slack",
    "teams",  "erp",      "sap",        "quickbooks", "qb",
    "sage",   "netsuite", "salesforce", "hubspot",    "zendesk",
    "asana",  "trello",   "docusign",   "dropbox",    "sharepoint",
    "google", "outlook",  "s3",         "azure",      "aws",
};

bool isUpper(char C) { return C >= 'A' && C <= 'Z'; }
bool isLower(char C) { return C >= 'a' && C <= 'z'; }

} // namespace

std::vector<std::string> identifierWords(llvm::StringRef Name) {
  std::vector<std::string> Words;
  std::string Current;
  auto Flush = [&] {
    if (!Current.empty())
      Words.push_back(llvm::StringRef(Current).lower());
    Current.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!isUpper(C) && !isLower(C)) {
      Flush(); // '_', digits and anything else separate words.
      continue;
    }
    if (isUpper(C) && !Current.empty()) {
      bool AfterLower = isLower(Current.back());
      // "HTTPServer": the S of Server starts a word, the TTP do not.
      // "projectIDs": a plural 's' stays with its acronym.
      bool PluralAcronym = I + 1 < Name.size() && Name[I + 1] == 's' &&
                           (I + 2 == Name.size() || !isLower(Name[I + 2]));
      bool EndsAcronym = isUpper(Current.back()) && I + 1 < Name.size() &&
                         isLower(Name[I + 1]) && !PluralAcronym;
      if (AfterLower || EndsAcronym)
        Flush();
    }
    Current.push_back(C);
  }
  Flush();
  return Words;
}

IdNameClassifier::IdNameClassifier(llvm::ArrayRef<std::string> ExtraResources) {
  auto Add = [&](llvm::StringRef Phrase) {
    std::vector<std::string> Words = identifierWords(Phrase);
    if (!Words.empty())
      Resources.push_back(std::move(Words));
  };
  for (const char *Noun : ResourceNouns)
    Add(Noun);
  for (const std::string &Noun : ExtraResources)
    Add(Noun);
  // Longer phrases first, so "punch item" is named rather than "punch".
  llvm::stable_sort(Resources, [](const auto &A, const auto &B) {
    return A.size() > B.size();
  });
}

std::string
IdNameClassifier::findResource(llvm::ArrayRef<std::string> Words) const {
  auto Matches = [](llvm::StringRef Word, llvm::StringRef Noun) {
    if (Word == Noun)
      return true;
    // Plurals: projects, companies, rfis, drawing_sets are not matched.
    if (Word.consume_back("ies"))
      return Noun.ends_with("y") && Word == Noun.drop_back();
    return Word.consume_back("s") && Word == Noun;
  };
  for (const std::vector<std::string> &Phrase : Resources) {
    if (Phrase.size() > Words.size())
      continue;
    for (size_t Start = 0; Start + Phrase.size() <= Words.size(); ++Start) {
      bool All = true;
      for (size_t I = 0; I < Phrase.size() && All; ++I)
        All = Matches(Words[Start + I], Phrase[I]);
      if (All)
        return llvm::join(Phrase, " ");
    }
  }
  return "";
}

std::string IdNameClassifier::recordResource(llvm::StringRef RecordName) const {
  std::vector<std::string> Words = identifierWords(RecordName);
  if (llvm::any_of(Words, [](const std::string &Word) {
        return llvm::is_contained(OtherServices, Word);
      }))
    return "";
  return findResource(Words);
}

std::optional<IdName> IdNameClassifier::classify(llvm::StringRef Name) const {
  std::vector<std::string> Words = identifierWords(Name);
  if (Words.empty())
    return std::nullopt;

  IdName Result;
  llvm::ArrayRef<std::string> Qualifiers(Words);
  llvm::StringRef Last = Words.back();
  // "projects_by_id", "nameByProjectId": keys are IDs.
  auto By = llvm::find(Words, "by");
  // "created_by_id" is a user's ID, "projects_by_id" a map.
  bool KeyedBy = By != Words.end() && By != Words.begin() &&
                 By + 1 != Words.end() && Last == "id" &&
                 !llvm::StringRef(*(By - 1)).ends_with("ed");
  if (KeyedBy) {
    Result.Shape = IdName::KeyedBy;
    size_t ByIndex = By - Words.begin();
    Qualifiers = Qualifiers.slice(ByIndex + 1).drop_back();
    if (Qualifiers.empty())
      Qualifiers = llvm::ArrayRef(Words).take_front(ByIndex);
  } else if (Last == "id" || Last == "ids") {
    Result.Shape = Last == "id" ? IdName::Single : IdName::Plural;
    Qualifiers = Qualifiers.drop_back();
  } else {
    // Run together: "projectid", "companyids".
    llvm::StringRef Word = Last;
    bool Plural = Word.consume_back("ids");
    if (!Plural && !Word.consume_back("id"))
      return std::nullopt;
    std::vector<std::string> Stem(Words.begin(), Words.end() - 1);
    Stem.push_back(Word.str());
    std::string Resource = findResource(llvm::ArrayRef(Stem).take_back(1));
    if (Resource.empty())
      return std::nullopt; // pid, uid, void, android
    Result.Shape = Plural ? IdName::Plural : IdName::Single;
    Result.Resource = findResource(Stem);
    return Result;
  }

  Result.Resource = findResource(Qualifiers);
  if (Result.Resource.empty() && !Qualifiers.empty() &&
      llvm::is_contained(ForeignIdQualifiers, Qualifiers.back()))
    return std::nullopt;
  return Result;
}

} // namespace clang::tidy::procore
