//===--- Merge.cpp - `mpr-lint merge`: shard reports into one -------------===//

#include "report/Merge.h"
#include "driver/Messages.h"
#include "report/Report.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace json = llvm::json;

namespace mpr {
namespace {

enum class ReportKind { Sarif, Json };

constexpr llvm::StringLiteral Usage =
    "usage: mpr-lint merge <report.sarif|report.json...> [-o <file>]";

int fail(llvm::StringRef Where, const llvm::Twine &Why) {
  reportError(Where, Why);
  return 2;
}

/// Moves the elements of \p From's array \p Key to the end of \p To.
void appendArray(json::Object &From, llvm::StringRef Key, json::Array &To) {
  if (json::Array *Items = From.getArray(Key))
    for (json::Value &Item : *Items)
      To.push_back(std::move(Item));
}

json::Value mergeSarif(std::vector<json::Value> &Logs) {
  json::Object Template;
  json::Array Results, Rules, Notifications;
  bool Successful = true;
  for (json::Value &Log : Logs)
    for (json::Value &RunValue : *Log.getAsObject()->getArray("runs")) {
      json::Object *Run = RunValue.getAsObject();
      if (!Run)
        continue;
      appendArray(*Run, "results", Results);
      if (json::Object *Tool = Run->getObject("tool"))
        if (json::Object *Driver = Tool->getObject("driver"))
          appendArray(*Driver, "rules", Rules);
      if (json::Array *Invocations = Run->getArray("invocations"))
        for (json::Value &Invocation : *Invocations)
          if (json::Object *Object = Invocation.getAsObject()) {
            Successful &=
                Object->getBoolean("executionSuccessful").value_or(false);
            appendArray(*Object, "toolExecutionNotifications", Notifications);
          }
      if (Template.empty())
        Template = std::move(*Run);
    }
  sortSarifResults(Results);
  sortSarifRules(Rules);
  indexSarifRules(Results, Rules);
  sortByText(Notifications);

  json::Object Invocation{{"executionSuccessful", Successful}};
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notifications);
  Template["results"] = std::move(Results);
  Template["invocations"] = json::Array{std::move(Invocation)};
  if (json::Object *Tool = Template.getObject("tool"))
    if (json::Object *Driver = Tool->getObject("driver"))
      (*Driver)["rules"] = std::move(Rules);
  json::Object Merged = std::move(*Logs.front().getAsObject());
  Merged["runs"] = json::Array{std::move(Template)};
  return Merged;
}

json::Value mergeJson(std::vector<json::Value> &Reports) {
  json::Array Findings, Errors;
  int64_t Suppressed = 0, Baselined = 0;
  for (json::Value &Report : Reports) {
    json::Object &Object = *Report.getAsObject();
    appendArray(Object, "findings", Findings);
    appendArray(Object, "errors", Errors);
    if (json::Object *Summary = Object.getObject("summary")) {
      Suppressed += Summary->getInteger("suppressed").value_or(0);
      Baselined += Summary->getInteger("baselined").value_or(0);
    }
  }
  sortJsonFindings(Findings);
  sortJsonErrors(Errors);
  json::Object Merged = std::move(*Reports.front().getAsObject());
  Merged["summary"] = jsonSummary(Findings, Errors, Suppressed, Baselined);
  Merged["findings"] = std::move(Findings);
  Merged["errors"] = std::move(Errors);
  return Merged;
}

/// What kind of report \p Report is, if it is one mpr-lint writes.
std::optional<ReportKind> kindOf(const json::Value &Report) {
  const json::Object *Object = Report.getAsObject();
  if (!Object)
    return std::nullopt;
  if (Object->getString("version") == "2.1.0" && Object->getArray("runs"))
    return ReportKind::Sarif;
  if (Object->getString("format") == "mpr-lint" &&
      Object->getInteger("version") == 1 && Object->getArray("findings"))
    return ReportKind::Json;
  return std::nullopt;
}

} // namespace

int runMerge(int Argc, const char **Argv) {
  std::vector<std::string> Inputs;
  std::string Output = "-";
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg = Argv[I];
    if (Arg == "-o" || Arg == "--output") {
      if (++I == Argc)
        return fail("merge", "-o needs a file name");
      Output = Argv[I];
    } else if (Arg.consume_front("--output=") || Arg.consume_front("-o=")) {
      Output = Arg.str();
    } else if (Arg == "-h" || Arg == "--help") {
      llvm::outs() << Usage << "\n";
      return 0;
    } else if (Arg.starts_with("-") && Arg != "-") {
      return fail("merge",
                  "unknown option '" + Arg.str() + "'; " + Usage.str());
    } else {
      Inputs.push_back(Arg.str());
    }
  }
  if (Inputs.empty())
    return fail("merge", ("no reports given; " + Usage).str());

  std::vector<json::Value> Reports;
  std::optional<ReportKind> Kind;
  for (const std::string &Input : Inputs) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
        llvm::MemoryBuffer::getFileOrSTDIN(Input);
    if (!Text)
      return fail(Input, "cannot read: " + Text.getError().message());
    llvm::Expected<json::Value> Parsed = json::parse((*Text)->getBuffer());
    if (!Parsed)
      return fail(Input, "not valid JSON: " + toString(Parsed.takeError()));
    std::optional<ReportKind> ThisKind = kindOf(*Parsed);
    if (!ThisKind)
      return fail(Input, "neither a SARIF 2.1.0 log nor an mpr-lint JSON "
                         "report (version 1)");
    if (Kind && *Kind != *ThisKind)
      return fail(Input, "cannot merge SARIF and JSON reports together");
    Kind = ThisKind;
    Reports.push_back(std::move(*Parsed));
  }

  json::Value Merged =
      *Kind == ReportKind::Sarif ? mergeSarif(Reports) : mergeJson(Reports);
  if (llvm::Error E = llvm::writeToOutput(Output, [&](llvm::raw_ostream &OS) {
        OS << llvm::formatv("{0:2}", Merged) << "\n";
        return llvm::Error::success();
      }))
    return fail(Output, "cannot write: " + toString(std::move(E)));
  return 0;
}

} // namespace mpr
