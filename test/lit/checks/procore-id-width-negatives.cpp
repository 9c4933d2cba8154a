// RUN: %check_mpr_lint %s procore-id-width %t -- -- -std=c++17

// Hard negatives: integers in a Procore client that are not Procore IDs, and
// IDs that already have 64 bits. No finding is expected in this file.

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <sys/types.h>
#include <unistd.h>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <map>
#include <string>
#include <thread>
#include <vector>

static const char *kApi = "https://api.procore.com/rest/v1.0";

// Not IDs: threads, processes, descriptors, HTTP statuses, retries, pages.
void housekeeping(CURL *Curl) {
  int thread_id = 0;
  pid_t pid = getpid();
  int fd = 3;
  long status = 0;
  curl_easy_getinfo(Curl, CURLINFO_RESPONSE_CODE, &status);
  int retry_count = 3;
  int page = 1, per_page = 100;
  int session_id = 7;
  int request_id = 8;
  unsigned client_id = 9; // an OAuth client, not a resource
  uid_t user_id = getuid(); // the operating system's user
  (void)thread_id; (void)pid; (void)fd; (void)retry_count; (void)page;
  (void)per_page; (void)session_id; (void)request_id; (void)client_id;
  (void)user_id;
}

// Enumerators and indexes into local containers.
enum class Column { ProjectId, Name };
int sumFirst(const std::vector<int> &Values) {
  int total = 0;
  for (int i = 0; i < 3 && i < (int)Values.size(); ++i)
    total += Values[i];
  return total;
}

// IDs that already have 64 bits, in every spelling.
struct Project {
  std::int64_t id;
  int64_t company_id;
  long long vendor_id;
  unsigned long long user_id;
  std::uint64_t rfi_id;
  intmax_t drawing_id;
  size_t folder_id;
  std::vector<std::int64_t> document_ids;
  std::map<std::int64_t, std::string> names_by_id;
};

void fromJson(const nlohmann::json &J, Project &P) {
  P.id = J.at("id").get<std::int64_t>();
  P.company_id = J["company_id"];
  J.at("vendor_id").get_to(P.vendor_id);
  for (const auto &Document : J["documents"])
    P.document_ids.push_back(Document["id"].get<std::int64_t>());
  int count = J["count"];   // not an ID field
  int total = J.at("total").get<int>();
  (void)count; (void)total;
}

std::string projectUrl(std::int64_t project_id) {
  char Buffer[128];
  std::snprintf(Buffer, sizeof Buffer, "%s/projects/%" PRId64, kApi, project_id);
  std::printf("%lld\n", static_cast<long long>(project_id));
  return Buffer;
}

long long parseProjectId(const std::string &Text) { return std::stoll(Text); }

// Widening casts and conversions are fine.
std::int64_t widen(int small_id) { return static_cast<std::int64_t>(small_id); }

// Numbers named like IDs but never near Procore: a local ordinal.
double average_id_length = 0.0;

// A function template takes the width its call gives it: an int64_t ID is
// 'long' in the instance on Linux, and 64 bits as the user wrote it.
template <class Id> Id parse_id(const nlohmann::json &J, const char *Key) {
  return J.at(Key).get<Id>();
}
template <class... Parts> std::string join_ids(const Parts &...Ids) {
  return ((std::to_string(Ids) + "/") + ...);
}
struct ProjectSession {
  explicit ProjectSession(std::int64_t project_id) : project_id(project_id) {}
  std::int64_t project_id;
};
std::string templated(const nlohmann::json &J) {
  const std::int64_t company_id = parse_id<std::int64_t>(J, "company_id");
  const auto project_id = parse_id<std::int64_t>(J, "id");
  auto Session = std::make_unique<ProjectSession>(project_id);
  auto Shared = std::make_shared<ProjectSession>(company_id);
  return join_ids(company_id, Session->project_id, Shared->project_id) +
         std::string(kApi);
}

// A status code from a function named after the ID it looks up; the ID
// goes out through a pointer.
enum ReportStatus { ReportOk = 0, ReportFailed = 1 };
int prime_contract_id(long long project_id, long long *out_id) {
  if (project_id <= 0)
    return ReportFailed;
  *out_id = project_id * 2;
  return ReportOk;
}

// A braced list that starts with a base class's part: each value goes to
// its own member, so the page number is no ID.
template <class Derived> struct PagedEndpoint {};
struct DetailRows : PagedEndpoint<DetailRows> {
  std::int64_t project_id;
  std::int64_t view_id;
  int page;
};
int detail_rows(std::int64_t project_id, const nlohmann::json &View) {
  const std::int64_t view_id = View.at("id").get<std::int64_t>();
  int Total = 0;
  for (int page = 1; page < 4; ++page)
    Total += DetailRows{{}, project_id, view_id, page}.page;
  return Total;
}

// A class template's member typed by its parameter, named with an int64_t
// alias: the instance holds 'long' on Linux, 64 bits as the user wrote it.
using CompanyId = std::int64_t;
template <class Id> struct Record {
  Id id{};
};
CompanyId pinned_company(const char *Pinned, const std::vector<Record<CompanyId>> &Companies) {
  const CompanyId company_id = Pinned ? std::atoll(Pinned) : Companies.front().id;
  return company_id + (kApi[0] == 'h');
}
