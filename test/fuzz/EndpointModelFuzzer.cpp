//===--- EndpointModelFuzzer.cpp - the URL and endpoint model -------------===//
//
// Feeds any byte string to the endpoint model and traps where a result
// breaks what its callers rely on: offsets inside the text, hosts where the
// table has them.
//
//===----------------------------------------------------------------------===//

#include "Invariant.h"
#include "model/EndpointModel.h"
#include "llvm/ADT/StringExtras.h"
#include <fuzzer/FuzzedDataProvider.h>

using namespace clang::tidy::procore;
using mpr::fuzz::require;

namespace {

void checkUrls(llvm::StringRef Text, const HostTable &Hosts) {
  size_t Previous = 0;
  for (const UrlOccurrence &Url : findProcoreUrls(Text, Hosts)) {
    require(Url.Host, "an occurrence has a host");
    require(Url.HostBegin <= Url.HostEnd && Url.HostEnd <= Text.size(),
            "host offsets lie inside the text");
    require(Url.HostBegin >= Previous, "occurrences come in text order");
    Previous = Url.HostBegin;
    require(Text.slice(Url.HostBegin, Url.HostEnd)
                .equals_insensitive(Url.Host->Name),
            "the host's characters spell the table's host");
    bool Listed = Url.Host->Role != HostRole::Zone &&
                  Url.Host->Role != HostRole::Unlisted;
    require(Listed ? Hosts.lookup(Url.Host->Name) == Url.Host
                   : !Hosts.lookup(Url.Host->Name),
            "a listed host is the table's own entry, any other is not in it");
    if (Url.Follower != HostFollower::Path)
      require(Url.Kind == EndpointKind::None, "only a path has an endpoint");
    else
      require(Url.Kind == classifyPath(Url.Path),
              "the endpoint is the path's class");
    if (!Url.Path.empty())
      require(Text.substr(Url.HostEnd).contains(Url.Path),
              "the path is text after the host");
  }
}

void checkOptionList(llvm::StringRef Value) {
  for (const std::string &Item : splitOptionList(Value)) {
    llvm::StringRef Text(Item);
    require(!Text.empty(), "no empty items");
    require(Text == Text.trim(), "items are trimmed");
    require(Text.find_first_of(",;") == llvm::StringRef::npos,
            "items hold no separator");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  FuzzedDataProvider Provider(Data, Size);
  std::string LegacyHosts = Provider.ConsumeRandomLengthString(64);
  std::string ApiHosts = Provider.ConsumeRandomLengthString(64);
  std::string Other = Provider.ConsumeRandomLengthString(256);
  std::string Text = Provider.ConsumeRemainingBytesAsString();

  HostTable Hosts;
  Hosts.addExtraHosts(LegacyHosts, ApiHosts);
  for (const KnownHost &Host : Hosts.hosts())
    require(!Host.Name.empty() &&
                Host.Name == llvm::StringRef(Host.Name).lower(),
            "table hosts are non-empty and lower case");

  checkUrls(Text, Hosts);
  checkUrls(Text, HostTable());
  checkOptionList(Text);
  checkOptionList(LegacyHosts);

  EndpointKind Kind = classifyPath(Text);
  require(requiredHost(Environment::Production, Kind).empty() ==
              (Kind == EndpointKind::None || Kind == EndpointKind::Web),
          "OAuth and REST endpoints have a required host");
  if (isCompanyHeaderName(Text))
    require(llvm::StringRef(Text).trim().size() == 18,
            "a company header name is Procore-Company-Id");
  if (isCompanyHeaderExempt(Other, Text, /*ServiceAccount=*/false))
    require(classifyPath(Text) == EndpointKind::RestApi,
            "exempt requests are REST API calls");
  require(!isCompanyHeaderExempt(Other, Text, /*ServiceAccount=*/true),
          "service accounts are never exempt");
  return 0;
}
