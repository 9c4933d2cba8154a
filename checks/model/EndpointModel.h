//===--- EndpointModel.h - Procore hosts, URLs and endpoints ----*- C++ -*-===//
//
// The facts of Multiple Procore Regions (MPR) as data: which hosts exist,
// which endpoint each host may serve, and how to find a Procore URL inside
// a piece of text. Nothing here depends on Clang, so the model is unit-tested
// on its own and shared by every check and front end.
//
//===----------------------------------------------------------------------===//

#ifndef MPR_LINT_CHECKS_MODEL_ENDPOINTMODEL_H
#define MPR_LINT_CHECKS_MODEL_ENDPOINTMODEL_H

#include "llvm/ADT/StringRef.h"
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::procore {

enum class Environment {
  Production,
  DeveloperSandbox,
  MonthlySandbox,
  Government
};

/// What a known host is for.
enum class HostRole {
  Login,    ///< OAuth only.
  Api,      ///< REST API only (may also serve a web UI, as the sandbox does).
  Legacy,   ///< Served OAuth and the API before MPR; now only the web UI.
  Zone,     ///< A region's web host (us02.procore.com): never an API base.
  Unlisted, ///< A Procore domain's host no environment has
            ///< (sandbox-monthly.procore.com): never a compliant base.
};

/// What a URL path asks for.
enum class EndpointKind {
  None,    ///< No path (or "/"): a base URL.
  OAuth,   ///< /oauth/...
  RestApi, ///< /rest/... or the legacy /vapid/...
  Web,     ///< Any other path: a human-facing page, never a defect.
};

struct KnownHost {
  std::string Name; ///< Lower case.
  Environment Env;
  HostRole Role;
};

/// The hosts of every Procore environment, plus hosts added by options.
class HostTable {
public:
  HostTable();
  void addHost(llvm::StringRef Name, Environment Env, HostRole Role);
  /// Adds the production hosts of the ExtraLegacyHosts and ExtraApiHosts
  /// options (lists separated by ',' or ';').
  void addExtraHosts(llvm::StringRef LegacyHosts, llvm::StringRef ApiHosts);
  /// Case-insensitive exact lookup.
  const KnownHost *lookup(llvm::StringRef Name) const;
  /// The entry of \p Name (lower case), a host of a Procore domain that
  /// the table does not list: a zone web host or an unlisted one, whose
  /// environment its name suggests. Made on first use.
  const KnownHost *otherHost(llvm::StringRef Name) const;
  const std::vector<KnownHost> &hosts() const { return Hosts; }

private:
  std::vector<KnownHost> Hosts;
  mutable std::deque<KnownHost> Others; ///< Stable addresses.
};

/// The host MPR requires for \p Kind in \p Env ("" for None and Web).
llvm::StringRef requiredHost(Environment Env, EndpointKind Kind);

llvm::StringRef describeRole(HostRole Role);
llvm::StringRef describeEndpoint(EndpointKind Kind);

/// Classifies a URL path (query and fragment allowed).
EndpointKind classifyPath(llvm::StringRef Path);

/// Marks text that tracing could not resolve. Never part of a valid URL.
constexpr char UnknownText = '\x01';

/// What follows a host in a text.
enum class HostFollower {
  End,     ///< The text ends: a base URL another piece may extend.
  Unknown, ///< Text that could not be resolved.
  Path,    ///< A known path (possibly "/" followed by the end).
};

/// One Procore host found inside a text.
struct UrlOccurrence {
  size_t HostBegin = 0; ///< Offset of the host in the scanned text.
  size_t HostEnd = 0;
  const KnownHost *Host = nullptr;
  HostFollower Follower = HostFollower::End;
  std::string Path; ///< With Follower == Path: up to the first unknown piece.
  EndpointKind Kind = EndpointKind::None;
};

/// Finds every known host that stands as a URL host in \p Text: at the start
/// or after "//" or userinfo, and not part of a longer host name.
std::vector<UrlOccurrence> findProcoreUrls(llvm::StringRef Text,
                                           const HostTable &Hosts);

/// Splits an option value on ',' and ';', trimming blanks and dropping empty
/// items.
std::vector<std::string> splitOptionList(llvm::StringRef Value);

/// A header name is Procore-Company-Id in any case, blanks around allowed.
bool isCompanyHeaderName(llvm::StringRef Name);

/// GET /rest/v1.0/me and GET /rest/v1.0/companies need no company header,
/// except for Developer Managed Service Accounts.
bool isCompanyHeaderExempt(llvm::StringRef Method, llvm::StringRef Path,
                           bool ServiceAccount);

} // namespace clang::tidy::procore

#endif // MPR_LINT_CHECKS_MODEL_ENDPOINTMODEL_H
