//===--- IdNamesTest.cpp - which names denote Procore resource IDs --------===//

#include "model/IdNames.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace clang::tidy::procore;

namespace {

using Words = std::vector<std::string>;

const IdNameClassifier &defaultClassifier() {
  static const IdNameClassifier Classifier;
  return Classifier;
}

/// classify(Name) is an ID of \p Shape naming \p Resource ("" for none).
testing::AssertionResult isId(const IdNameClassifier &Classifier,
                              llvm::StringRef Name, IdName::Kind Shape,
                              llvm::StringRef Resource) {
  std::optional<IdName> Id = Classifier.classify(Name);
  if (!Id)
    return testing::AssertionFailure() << "'" << Name.str() << "' is no ID";
  if (Id->Shape != Shape)
    return testing::AssertionFailure()
           << "'" << Name.str() << "' has shape " << Id->Shape << ", not "
           << Shape;
  if (Id->Resource != Resource)
    return testing::AssertionFailure()
           << "'" << Name.str() << "' names resource '" << Id->Resource
           << "', not '" << Resource.str() << "'";
  return testing::AssertionSuccess();
}

testing::AssertionResult isId(llvm::StringRef Name, IdName::Kind Shape,
                              llvm::StringRef Resource) {
  return isId(defaultClassifier(), Name, Shape, Resource);
}

testing::AssertionResult isNotId(llvm::StringRef Name,
                                 const IdNameClassifier &Classifier =
                                     defaultClassifier()) {
  std::optional<IdName> Id = Classifier.classify(Name);
  if (!Id)
    return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << "'" << Name.str() << "' is an ID of shape " << Id->Shape
         << " naming '" << Id->Resource << "'";
}

// identifierWords

TEST(IdentifierWords, SnakeCase) {
  EXPECT_EQ(identifierWords("project_id"), (Words{"project", "id"}));
  EXPECT_EQ(identifierWords("change_order_id"),
            (Words{"change", "order", "id"}));
  EXPECT_EQ(identifierWords("__project__id__"), (Words{"project", "id"}));
  EXPECT_EQ(identifierWords("PROJECT_ID"), (Words{"project", "id"}));
}

TEST(IdentifierWords, CamelAndPascalCase) {
  EXPECT_EQ(identifierWords("projectId"), (Words{"project", "id"}));
  EXPECT_EQ(identifierWords("ProjectId"), (Words{"project", "id"}));
  EXPECT_EQ(identifierWords("changeOrderId"), (Words{"change", "order", "id"}));
  EXPECT_EQ(identifierWords("nameByProjectId"),
            (Words{"name", "by", "project", "id"}));
}

TEST(IdentifierWords, Acronyms) {
  EXPECT_EQ(identifierWords("ProjectID"), (Words{"project", "id"}));
  EXPECT_EQ(identifierWords("ID"), (Words{"id"}));
  EXPECT_EQ(identifierWords("HTTPServer"), (Words{"http", "server"}));
  EXPECT_EQ(identifierWords("getHTTPResponseCode"),
            (Words{"get", "http", "response", "code"}));
  EXPECT_EQ(identifierWords("RFIId"), (Words{"rfi", "id"}));
}

TEST(IdentifierWords, PrefixesAndDigits) {
  EXPECT_EQ(identifierWords("m_projectId"), (Words{"m", "project", "id"}));
  EXPECT_EQ(identifierWords("m_projectID2"), (Words{"m", "project", "id"}));
  EXPECT_EQ(identifierWords("kProjectId"), (Words{"k", "project", "id"}));
  EXPECT_EQ(identifierWords("project2_id"), (Words{"project", "id"}));
  EXPECT_EQ(identifierWords("v1.0/projects"), (Words{"v", "projects"}));
}

TEST(IdentifierWords, RunTogetherAndEmpty) {
  EXPECT_EQ(identifierWords("projectid"), (Words{"projectid"}));
  EXPECT_EQ(identifierWords(""), Words{});
  EXPECT_EQ(identifierWords("_"), Words{});
  EXPECT_EQ(identifierWords("42"), Words{});
}

// A plural acronym keeps its 's', unlike the 'S' that starts "Server" in
// "HTTPServer".
TEST(IdentifierWords, PluralAcronym) {
  EXPECT_EQ(identifierWords("IDs"), (Words{"ids"}));
  EXPECT_EQ(identifierWords("projectIDs"), (Words{"project", "ids"}));
}

// classify: the shapes

TEST(Classify, BareIdHasNoResource) {
  EXPECT_TRUE(isId("id", IdName::Single, ""));
  EXPECT_TRUE(isId("ID", IdName::Single, ""));
  EXPECT_TRUE(isId("Id", IdName::Single, ""));
  EXPECT_TRUE(isId("m_id", IdName::Single, ""));
  EXPECT_TRUE(isId("ids", IdName::Plural, ""));
  EXPECT_TRUE(isId("IDS", IdName::Plural, ""));
}

TEST(Classify, SingleInEveryCase) {
  for (const char *Name : {"project_id", "projectId", "ProjectId", "ProjectID",
                           "PROJECT_ID", "m_projectId", "m_projectID2",
                           "kProjectId", "project_id_", "parent_project_id"})
    EXPECT_TRUE(isId(Name, IdName::Single, "project"));
}

TEST(Classify, RunTogether) {
  EXPECT_TRUE(isId("projectid", IdName::Single, "project"));
  EXPECT_TRUE(isId("userid", IdName::Single, "user"));
  EXPECT_TRUE(isId("m_companyid", IdName::Single, "company"));
  EXPECT_TRUE(isId("projectids", IdName::Plural, "project"));
  EXPECT_TRUE(isId("companyids", IdName::Plural, "company"));
}

TEST(Classify, LoginInformation) {
  // A user's login information: `login_information_id` in the company
  // users payload, often kept as `login_id`.
  EXPECT_TRUE(
      isId("login_information_id", IdName::Single, "login information"));
  EXPECT_TRUE(isId("login_id", IdName::Single, "login"));
  EXPECT_TRUE(isId("loginId", IdName::Single, "login"));
}

TEST(Classify, Plural) {
  EXPECT_TRUE(isId("project_ids", IdName::Plural, "project"));
  EXPECT_TRUE(isId("projectIds", IdName::Plural, "project"));
  EXPECT_TRUE(isId("ProjectIds", IdName::Plural, "project"));
  EXPECT_TRUE(isId("change_order_ids", IdName::Plural, "change order"));
  EXPECT_TRUE(isId("selected_rfi_ids", IdName::Plural, "rfi"));
}

// A plural acronym keeps its 's'.
TEST(Classify, PluralAcronym) {
  EXPECT_TRUE(isId("IDs", IdName::Plural, ""));
  EXPECT_TRUE(isId("projectIDs", IdName::Plural, "project"));
  EXPECT_TRUE(isId("CompanyIDs", IdName::Plural, "company"));
}

TEST(Classify, KeyedBy) {
  EXPECT_TRUE(isId("rfis_by_id", IdName::KeyedBy, "rfi"));
  EXPECT_TRUE(isId("projects_by_id", IdName::KeyedBy, "project"));
  EXPECT_TRUE(isId("projectsById", IdName::KeyedBy, "project"));
  EXPECT_TRUE(isId("companies_by_id", IdName::KeyedBy, "company"));
  // The resource between "by" and "id" wins over the values' name.
  EXPECT_TRUE(isId("nameByProjectId", IdName::KeyedBy, "project"));
  EXPECT_TRUE(isId("names_by_vendor_id", IdName::KeyedBy, "vendor"));
  // Keys of something that is no resource: still an ID map.
  EXPECT_TRUE(isId("subjects_by_id", IdName::KeyedBy, ""));
}

TEST(Classify, ParticipleByIsOneId) {
  // "created_by_id" is the ID of the user who created it, not a map.
  EXPECT_TRUE(isId("created_by_id", IdName::Single, ""));
  EXPECT_TRUE(isId("createdById", IdName::Single, ""));
  EXPECT_TRUE(isId("updated_by_id", IdName::Single, ""));
  EXPECT_TRUE(isId("assigned_by_id", IdName::Single, ""));
}

// classify and resourceIn: the resources

TEST(Classify, MultiWordResources) {
  EXPECT_TRUE(isId("change_order_id", IdName::Single, "change order"));
  EXPECT_TRUE(isId("changeOrderId", IdName::Single, "change order"));
  EXPECT_TRUE(isId("ChangeOrderID", IdName::Single, "change order"));
  EXPECT_TRUE(isId("punch_item_id", IdName::Single, "punch item"));
  EXPECT_TRUE(isId("cost_code_id", IdName::Single, "cost code"));
  EXPECT_TRUE(isId("prime_contract_id", IdName::Single, "prime contract"));
  EXPECT_TRUE(isId("bid_package_id", IdName::Single, "bid package"));
  // A word of a phrase alone is not the phrase.
  EXPECT_TRUE(isId("order_id", IdName::Single, ""));
  EXPECT_TRUE(isId("code_id", IdName::Single, ""));
}

TEST(Classify, LongerPhraseWins) {
  EXPECT_TRUE(isId("punch_item_id", IdName::Single, "punch item"));
  EXPECT_TRUE(isId("punch_id", IdName::Single, "punch"));
  EXPECT_TRUE(isId("company_user_id", IdName::Single, "company user"));
  EXPECT_TRUE(isId("bid_id", IdName::Single, "bid"));
}

TEST(ResourceIn, SingularAndPlural) {
  const IdNameClassifier &C = defaultClassifier();
  EXPECT_EQ(C.resourceIn("project"), "project");
  EXPECT_EQ(C.resourceIn("projects"), "project");
  EXPECT_EQ(C.resourceIn("companies"), "company");
  EXPECT_EQ(C.resourceIn("Companies"), "company");
  EXPECT_EQ(C.resourceIn("rfis"), "rfi");
  EXPECT_EQ(C.resourceIn("change_orders"), "change order");
  EXPECT_EQ(C.resourceIn("changeOrders"), "change order");
  EXPECT_EQ(C.resourceIn("punch_items"), "punch item");
  EXPECT_EQ(C.resourceIn("meetings"), "meeting");
}

TEST(ResourceIn, UrlPathSegments) {
  const IdNameClassifier &C = defaultClassifier();
  EXPECT_EQ(C.resourceIn("/rest/v1.0/projects"), "project");
  EXPECT_EQ(C.resourceIn("/rest/v1.0/companies/"), "company");
}

TEST(ResourceIn, NoResource) {
  const IdNameClassifier &C = defaultClassifier();
  EXPECT_EQ(C.resourceIn(""), "");
  EXPECT_EQ(C.resourceIn("threads"), "");
  EXPECT_EQ(C.resourceIn("sessions"), "");
  EXPECT_EQ(C.resourceIn("properties"), ""); // "property" is no resource
  EXPECT_EQ(C.resourceIn("projectss"), "");
  EXPECT_EQ(C.resourceIn("order"), "");      // half of "change order"
}

TEST(RecordResource, RecordsNamedAfterResources) {
  const IdNameClassifier &C = defaultClassifier();
  EXPECT_EQ(C.recordResource("rfi_rec"), "rfi");
  EXPECT_EQ(C.recordResource("ProjectRow"), "project");
  EXPECT_EQ(C.recordResource("PunchItem"), "punch item");
  EXPECT_EQ(C.recordResource("TimecardEntry"), "timecard");
}

TEST(RecordResource, OtherServicesAndOtherRecords) {
  const IdNameClassifier &C = defaultClassifier();
  EXPECT_EQ(C.recordResource("GithubIssue"), "");
  EXPECT_EQ(C.recordResource("erp_vendor"), "");
  EXPECT_EQ(C.recordResource("SlackMessage"), "");
  EXPECT_EQ(C.recordResource("Config"), "");
  EXPECT_EQ(C.recordResource(""), "");
}

// classify: not IDs

TEST(Classify, ForeignQualifiersAreNotIds) {
  for (const char *Name :
       {"thread_id", "threadId", "ThreadID", "session_id", "sessionId",
        "client_id", "clientId", "process_id", "request_id", "correlation_id",
        "socket_id", "window_id", "event_id", "job_id", "type_id", "node_id",
        "message_id", "transaction_id", "thread_ids", "session_ids"})
    EXPECT_TRUE(isNotId(Name));
}

TEST(Classify, ResourceBeatsForeignQualifier) {
  // A Procore resource elsewhere in the name wins.
  EXPECT_TRUE(isId("project_client_id", IdName::Single, "project"));
  EXPECT_TRUE(isId("change_event_id", IdName::Single, "change event"));
  EXPECT_TRUE(isId("action_plan_id", IdName::Single, "action plan"));
}

TEST(Classify, WordsEndingInIdAreNotIds) {
  for (const char *Name : {"pid", "uid", "gid", "guid", "void", "android",
                           "valid", "grid", "paid", "rapid", "fluid", "hybrid",
                           "Android", "isValid", "m_pid", "bid"})
    EXPECT_TRUE(isNotId(Name));
}

TEST(Classify, OtherNamesAreNotIds) {
  for (const char *Name :
       {"", "_", "count", "project", "projects", "project_count",
        "project_id_count", "idx", "identity", "identifier", "idle", "period",
        "page", "per_page", "status_code", "retries", "fd", "index"})
    EXPECT_TRUE(isNotId(Name));
}

// ExtraResources

TEST(ExtraResources, AddNouns) {
  std::vector<std::string> Extra = {"gizmo", "timecard entry", "bid_package",
                                    "SafetyWalk"};
  IdNameClassifier C(Extra);
  EXPECT_TRUE(isId(C, "gizmo_id", IdName::Single, "gizmo"));
  EXPECT_TRUE(isId(C, "gizmoIds", IdName::Plural, "gizmo"));
  EXPECT_TRUE(isId(C, "gizmos_by_id", IdName::KeyedBy, "gizmo"));
  EXPECT_TRUE(isId(C, "gizmoid", IdName::Single, "gizmo"));
  EXPECT_EQ(C.resourceIn("gizmos"), "gizmo");
  // Multi-word entries, in any spelling, and their plurals.
  EXPECT_TRUE(isId(C, "timecard_entry_id", IdName::Single, "timecard entry"));
  EXPECT_EQ(C.resourceIn("timecard_entries"), "timecard entry");
  EXPECT_TRUE(isId(C, "safety_walk_id", IdName::Single, "safety walk"));
  EXPECT_TRUE(isId(C, "safetyWalkId", IdName::Single, "safety walk"));
  // The built-in nouns stay.
  EXPECT_TRUE(isId(C, "project_id", IdName::Single, "project"));
  EXPECT_TRUE(isId(C, "bid_package_id", IdName::Single, "bid package"));
  // Without the option the words are no resource.
  EXPECT_TRUE(isId("gizmo_id", IdName::Single, ""));
  EXPECT_EQ(defaultClassifier().resourceIn("gizmos"), "");
  EXPECT_TRUE(isId("timecard_entry_id", IdName::Single, "timecard"));
}

TEST(ExtraResources, NounOverridesForeignQualifier) {
  std::vector<std::string> Extra = {"widget"};
  IdNameClassifier C(Extra);
  EXPECT_TRUE(isNotId("widget_id"));
  EXPECT_TRUE(isId(C, "widget_id", IdName::Single, "widget"));
  EXPECT_TRUE(isId(C, "widgetid", IdName::Single, "widget"));
}

TEST(ExtraResources, EmptyEntriesAreIgnored) {
  std::vector<std::string> Extra = {"", "_", "42"};
  IdNameClassifier C(Extra);
  EXPECT_TRUE(isId(C, "project_id", IdName::Single, "project"));
  EXPECT_TRUE(isId(C, "id", IdName::Single, ""));
  EXPECT_TRUE(isNotId("thread_id", C));
}

} // namespace
