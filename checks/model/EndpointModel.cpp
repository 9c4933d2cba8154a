//===--- EndpointModel.cpp - Procore hosts, URLs and endpoints ------------===//

#include "model/EndpointModel.h"
#include "llvm/ADT/StringExtras.h"
#include <cctype>

namespace clang::tidy::procore {

namespace {

// The host table. Sources (Procore developer documentation):
//  - "Handling Procore Regions": OAuth moves to login.procore.com, the REST
//    API to api.procore.com; app.procore.com keeps only the web UI.
//  - "Development Environments": the developer sandbox logs in at
//    login-sandbox.procore.com and serves its API (and web UI) at
//    sandbox.procore.com; the monthly sandbox logs in at
//    login-sandbox-monthly.procore.com, serves its API at
//    api-monthly.procore.com and its web UI at
//    api-sandbox-monthly.procore.com.
//  - "Federal Zone Overview": Procore for Government.
struct HostEntry {
  const char *Name;
  Environment Env;
  HostRole Role;
};
constexpr HostEntry BuiltinHosts[] = {
    {"app.procore.com", Environment::Production, HostRole::Legacy},
    {"login.procore.com", Environment::Production, HostRole::Login},
    {"api.procore.com", Environment::Production, HostRole::Api},
    {"sandbox.procore.com", Environment::DeveloperSandbox, HostRole::Api},
    {"login-sandbox.procore.com", Environment::DeveloperSandbox,
     HostRole::Login},
    {"api-sandbox-monthly.procore.com", Environment::MonthlySandbox,
     HostRole::Legacy},
    {"login-sandbox-monthly.procore.com", Environment::MonthlySandbox,
     HostRole::Login},
    {"api-monthly.procore.com", Environment::MonthlySandbox, HostRole::Api},
    {"login.procoregov.com", Environment::Government, HostRole::Login},
    {"api.procoregov.com", Environment::Government, HostRole::Api},
};

struct EnvironmentHosts {
  Environment Env;
  const char *Login;
  const char *Api;
};
constexpr EnvironmentHosts RequiredHosts[] = {
    {Environment::Production, "login.procore.com", "api.procore.com"},
    {Environment::DeveloperSandbox, "login-sandbox.procore.com",
     "sandbox.procore.com"},
    {Environment::MonthlySandbox, "login-sandbox-monthly.procore.com",
     "api-monthly.procore.com"},
    {Environment::Government, "login.procoregov.com", "api.procoregov.com"},
};

// Hosts of Procore's domain that never serve the API (documentation,
// support, presigned uploads): a REST path there is a link, not a call.
constexpr llvm::StringLiteral NonApiHosts[] = {
    "developers.procore.com", "support.procore.com", "storage.procore.com",
    "www.procore.com"};

// Characters that may continue a host name; a known host next to one of
// these is part of a different name (myapp.procore.com, app.procore.community).
bool isHostChar(char C) {
  return llvm::isAlnum(C) || C == '.' || C == '-' || C == '_';
}

bool startsWithSegment(llvm::StringRef Path, llvm::StringRef Segment) {
  if (!Path.starts_with(Segment))
    return false;
  llvm::StringRef Rest = Path.drop_front(Segment.size());
  return Rest.empty() || Rest.front() == '/' || Rest.front() == '?' ||
         Rest.front() == '#';
}

// True when the host at Begin is where a URL's host stands: at the start of
// the text, after "//", or after userinfo that itself follows "//".
bool hostStartsUrl(llvm::StringRef Text, size_t Begin) {
  if (Begin == 0)
    return true;
  char Before = Text[Begin - 1];
  if (Before == UnknownText || isHostChar(Before))
    return false;
  if (Before != '@')
    return true;
  size_t Authority = Text.take_front(Begin).rfind("//");
  if (Authority == llvm::StringRef::npos)
    return false;
  llvm::StringRef UserInfo = Text.slice(Authority + 2, Begin - 1);
  return UserInfo.find_first_of("/?# \t") == llvm::StringRef::npos;
}

} // namespace

HostTable::HostTable() {
  for (const HostEntry &Entry : BuiltinHosts)
    addHost(Entry.Name, Entry.Env, Entry.Role);
}

void HostTable::addHost(llvm::StringRef Name, Environment Env, HostRole Role) {
  std::string Lower = Name.trim().lower();
  if (Lower.empty())
    return;
  for (KnownHost &Host : Hosts)
    if (Host.Name == Lower) {
      Host.Env = Env;
      Host.Role = Role;
      return;
    }
  Hosts.push_back({std::move(Lower), Env, Role});
}

void HostTable::addExtraHosts(llvm::StringRef LegacyHosts,
                              llvm::StringRef ApiHosts) {
  for (const std::string &Host : splitOptionList(LegacyHosts))
    addHost(Host, Environment::Production, HostRole::Legacy);
  for (const std::string &Host : splitOptionList(ApiHosts))
    addHost(Host, Environment::Production, HostRole::Api);
}

// A zone is two letters and two digits (us02.procore.com); any other host
// names its environment by the words in it.
const KnownHost *HostTable::otherHost(llvm::StringRef Name) const {
  for (const KnownHost &Host : Others)
    if (Host.Name == Name)
      return &Host;
  llvm::StringRef Label = Name.take_until([](char C) { return C == '.'; });
  if (Label.size() == 4 && llvm::isAlpha(Label[0]) && llvm::isAlpha(Label[1]) &&
      llvm::isDigit(Label[2]) && llvm::isDigit(Label[3]) &&
      Name.ends_with(".procore.com"))
    return &Others.emplace_back(
        KnownHost{Name.lower(), Environment::Production, HostRole::Zone});
  Environment Env = Name.ends_with(".procoregov.com") ? Environment::Government
                    : Name.contains("monthly") ? Environment::MonthlySandbox
                    : Name.contains("sandbox") ? Environment::DeveloperSandbox
                                               : Environment::Production;
  return &Others.emplace_back(KnownHost{Name.lower(), Env, HostRole::Unlisted});
}

const KnownHost *HostTable::lookup(llvm::StringRef Name) const {
  for (const KnownHost &Host : Hosts)
    if (Name.equals_insensitive(Host.Name))
      return &Host;
  return nullptr;
}

llvm::StringRef requiredHost(Environment Env, EndpointKind Kind) {
  for (const EnvironmentHosts &Entry : RequiredHosts)
    if (Entry.Env == Env) {
      if (Kind == EndpointKind::OAuth)
        return Entry.Login;
      if (Kind == EndpointKind::RestApi)
        return Entry.Api;
    }
  return "";
}

llvm::StringRef describeRole(HostRole Role) {
  switch (Role) {
  case HostRole::Login:
    return "login host";
  case HostRole::Api:
    return "API host";
  case HostRole::Legacy:
    return "legacy host";
  case HostRole::Zone:
    return "zone web host";
  case HostRole::Unlisted:
    return "unknown Procore host";
  }
  return "host";
}

llvm::StringRef describeEndpoint(EndpointKind Kind) {
  switch (Kind) {
  case EndpointKind::OAuth:
    return "OAuth endpoint";
  case EndpointKind::RestApi:
    return "REST API endpoint";
  case EndpointKind::Web:
    return "web page";
  case EndpointKind::None:
    break;
  }
  return "base URL";
}

EndpointKind classifyPath(llvm::StringRef Path) {
  Path = Path.take_until([](char C) { return C == '?' || C == '#'; });
  if (Path.empty() || Path == "/")
    return EndpointKind::None;
  if (startsWithSegment(Path, "/oauth"))
    return EndpointKind::OAuth;
  if (startsWithSegment(Path, "/rest") || startsWithSegment(Path, "/vapid"))
    return EndpointKind::RestApi;
  return EndpointKind::Web;
}

std::vector<UrlOccurrence> findProcoreUrls(llvm::StringRef Text,
                                           const HostTable &Hosts) {
  std::vector<UrlOccurrence> Found;
  std::string Lower = Text.lower();
  auto Occurs = [&](size_t Begin, size_t End, const KnownHost *Host) {
    if (!hostStartsUrl(Text, Begin))
      return;
    if (End < Text.size() && isHostChar(Text[End]))
      return;
    UrlOccurrence Url;
    Url.HostBegin = Begin;
    Url.HostEnd = End;
    Url.Host = Host;
    size_t Cursor = End;
    if (Cursor < Text.size() && Text[Cursor] == ':') {
      ++Cursor;
      while (Cursor < Text.size() && llvm::isDigit(Text[Cursor]))
        ++Cursor;
    }
    llvm::StringRef Rest = Text.drop_front(Cursor);
    if (Rest.empty()) {
      Url.Follower = HostFollower::End;
    } else if (Rest.front() == UnknownText) {
      Url.Follower = HostFollower::Unknown;
    } else if (Rest.front() == '/' || Rest.front() == '?' ||
               Rest.front() == '#') {
      llvm::StringRef Path = Rest.take_until([](char C) {
        return C == UnknownText || C == ' ' || C == '"' || C == '\'' ||
               C == '\n' || C == '\t' || C == '\r';
      });
      bool PathIsComplete =
          Path.size() == Rest.size() || Rest[Path.size()] != UnknownText;
      Url.Path = Path.str();
      Url.Kind = classifyPath(Path);
      // A base ending in "/" that text we cannot see extends is unknown.
      if (Url.Kind == EndpointKind::None && !PathIsComplete)
        Url.Follower = HostFollower::Unknown;
      else if (Url.Kind == EndpointKind::None && Path.size() == Rest.size())
        Url.Follower = HostFollower::End;
      else
        Url.Follower = HostFollower::Path;
    } else {
      // "app.procore.com, ..." or "Host: app.procore.com\r\n": a host name
      // with no path of its own.
      Url.Follower = HostFollower::End;
    }
    Found.push_back(std::move(Url));
  };
  for (const KnownHost &Host : Hosts.hosts())
    for (size_t Begin = Lower.find(Host.Name); Begin != std::string::npos;
         Begin = Lower.find(Host.Name, Begin + 1))
      Occurs(Begin, Begin + Host.Name.size(), &Host);
  // Other hosts of Procore's domains: zone web hosts (us02.procore.com)
  // and names no environment has, except those that never serve the API.
  for (llvm::StringRef Domain : {".procore.com", ".procoregov.com"})
    for (size_t Dot = Lower.find(Domain.str()); Dot != std::string::npos;
         Dot = Lower.find(Domain.str(), Dot + 1)) {
      size_t End = Dot + Domain.size();
      size_t Begin = Dot;
      while (Begin > 0 && isHostChar(Lower[Begin - 1]))
        --Begin;
      llvm::StringRef Name = llvm::StringRef(Lower).slice(Begin, End);
      if (Begin == Dot || !llvm::isAlnum(Name.front()) || Hosts.lookup(Name) ||
          llvm::is_contained(NonApiHosts, Name))
        continue;
      Occurs(Begin, End, Hosts.otherHost(Name));
    }
  llvm::sort(Found, [](const UrlOccurrence &A, const UrlOccurrence &B) {
    return A.HostBegin < B.HostBegin;
  });
  return Found;
}

std::vector<std::string> splitOptionList(llvm::StringRef Value) {
  std::vector<std::string> Result;
  while (!Value.empty()) {
    size_t Separator = Value.find_first_of(",;");
    llvm::StringRef Item = Value.take_front(Separator).trim();
    if (!Item.empty())
      Result.push_back(Item.str());
    Value = Separator == llvm::StringRef::npos
                ? llvm::StringRef()
                : Value.drop_front(Separator + 1);
  }
  return Result;
}

bool isCompanyHeaderName(llvm::StringRef Name) {
  return Name.trim().equals_insensitive("Procore-Company-Id");
}

bool isCompanyHeaderExempt(llvm::StringRef Method, llvm::StringRef Path,
                           bool ServiceAccount) {
  if (ServiceAccount || !Method.trim().equals_insensitive("GET"))
    return false;
  Path = Path.take_until([](char C) { return C == '?' || C == '#'; });
  return Path == "/rest/v1.0/me" || Path == "/rest/v1.0/companies";
}

} // namespace clang::tidy::procore
