// tests/procore_client_test.cpp
//
// Unit and sandbox tests for est::ProcoreClient, the libcurl wrapper the
// estimating sync uses to pull projects, vendors and budget line items from
// Procore. The unit tests only check URL and header construction; the
// Sandbox* tests run when PROCORE_SANDBOX_TOKEN and PROCORE_SANDBOX_COMPANY
// are set (nightly CI job "estimating-sandbox").
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace est {

constexpr const char* kApiBase = "https://api.procore.com";
constexpr const char* kSandboxApiBase = "https://sandbox.procore.com";
constexpr const char* kLoginBase = "https://login.procore.com";

struct HttpResult {
  long status = 0;
  std::string body;
  std::vector<std::string> sent_headers;
};

struct Project {
  int64_t id = 0;
  std::string name;
  int open_rfi_count = 0;
};

static size_t Collect(char* p, size_t sz, size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, sz * n);
  return sz * n;
}

inline std::vector<Project> ParseProjects(const nlohmann::json& page) {
  std::vector<Project> out;
  for (const auto& p : page) {
    Project pr;
    pr.id = p.at("id").get<int64_t>();
    pr.name = p.value("name", "");
    pr.open_rfi_count = p.value("open_rfis", 0);
    out.push_back(pr);
  }
  return out;
}

class ProcoreClient {
 public:
  ProcoreClient(std::string api_base, std::string token, int64_t company_id)
      : api_base_(std::move(api_base)), token_(std::move(token)), company_id_(company_id) {}

  std::string UrlFor(const std::string& path) const { return api_base_ + path; }
  std::string TokenUrl() const { return std::string(kLoginBase) + "/oauth/token"; }

  // Link shown in the estimating UI so a PM can jump to the project.
  std::string WebLink(int64_t project_id) const {
    return "https://app.procore.com/" + std::to_string(company_id_) +
           "/project/home?project_id=" + std::to_string(project_id);
  }

  // Company-scoped GET: Authorization + Procore-Company-Id.
  HttpResult Get(const std::string& path) { return Send(path, true); }
  // User-scoped endpoints only (/me, /companies).
  HttpResult GetUnscoped(const std::string& path) { return Send(path, false); }

  int64_t CurrentUserId() {
    HttpResult r = GetUnscoped("/rest/v1.0/me");
    return nlohmann::json::parse(r.body).at("id").get<int64_t>();
  }

  std::vector<Project> ListProjects(int page) {
    HttpResult r = GetUnscoped("/rest/v1.0/projects?company_id=" + std::to_string(company_id_) +
                               "&page=" + std::to_string(page) + "&per_page=100");
    if (r.status != 200) return {};
    return ParseProjects(nlohmann::json::parse(r.body));
  }

  HttpResult BudgetLineItems(int64_t project_id) {
    return Get("/rest/v1.0/budget_line_items?project_id=" + std::to_string(project_id));
  }

  int64_t VendorIdByName(const std::string& name) {
    HttpResult r = Get("/rest/v1.0/vendors?company_id=" + std::to_string(company_id_));
    for (const auto& v : nlohmann::json::parse(r.body, nullptr, false)) {
      if (v.value("name", "") == name) return v["id"].get<int>();
    }
    return 0;
  }

 private:
  HttpResult Send(const std::string& path, bool company_scoped) {
    HttpResult out;
    CURL* h = curl_easy_init();
    if (!h) return out;
    out.sent_headers.push_back("Authorization: Bearer " + token_);
    out.sent_headers.push_back("Accept: application/json");
    if (company_scoped)
      out.sent_headers.push_back("Procore-Company-Id: " + std::to_string(company_id_));
    curl_slist* hdrs = nullptr;
    for (const auto& s : out.sent_headers) hdrs = curl_slist_append(hdrs, s.c_str());
    const std::string url = UrlFor(path);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(h) == CURLE_OK)
      curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return out;
  }

  std::string api_base_;
  std::string token_;
  int64_t company_id_;
};

}  // namespace est

// ---------------------------------------------------------------- unit tests

class ProcoreClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = std::make_unique<est::ProcoreClient>(est::kApiBase, "unit-token", company_id_);
  }

  int64_t company_id_ = 4267811;
  int project_id_ = 1893042;
  std::unique_ptr<est::ProcoreClient> client_;
};

TEST_F(ProcoreClientTest, BuildsRestUrlOnApiHost) {
  EXPECT_EQ(client_->UrlFor("/rest/v1.0/projects/" + std::to_string(project_id_)),
            "https://api.procore.com/rest/v1.0/projects/1893042");
}

TEST_F(ProcoreClientTest, TokenUrlUsesLoginHost) {
  EXPECT_EQ(client_->TokenUrl(), "https://login.procore.com/oauth/token");
}

TEST_F(ProcoreClientTest, WebLinkPointsAtProcoreApp) {
  EXPECT_EQ(client_->WebLink(1893042),
            "https://app.procore.com/4267811/project/home?project_id=1893042");
}

// The on-prem proxy config from 2019 still ships with the old base; make sure
// the client keeps joining paths onto whatever base it is given.
TEST_F(ProcoreClientTest, KeepsLegacyBaseWorking) {
  est::ProcoreClient legacy("https://app.procore.com", "unit-token", company_id_);
  EXPECT_EQ(legacy.UrlFor("/vapid/projects"), "https://app.procore.com/vapid/projects");
}

TEST(ProjectParsing, ParsesCannedPage) {
  const auto page = nlohmann::json::parse(R"([
    {"id": 562949953421312, "name": "Tower A", "open_rfis": 14},
    {"id": 17, "name": "Parking Garage", "open_rfis": 0}
  ])");
  const std::vector<est::Project> projects = est::ParseProjects(page);
  ASSERT_EQ(projects.size(), 2u);
  EXPECT_EQ(projects[0].id, 562949953421312LL);
  EXPECT_EQ(projects[0].open_rfi_count, 14);

  const int garage_id = page.at(1).at("id");
  EXPECT_EQ(garage_id, 17);
}

TEST(ProjectParsing, SkipsNothingOnEmptyPage) {
  EXPECT_TRUE(est::ParseProjects(nlohmann::json::array()).empty());
}

// ------------------------------------------------------------- sandbox tests

TEST(SandboxSmoke, ListsProjectsAndBudget) {
  const char* tok = std::getenv("PROCORE_SANDBOX_TOKEN");
  const char* cid = std::getenv("PROCORE_SANDBOX_COMPANY");
  if (!tok || !cid) GTEST_SKIP() << "sandbox credentials not set";

  est::ProcoreClient c(est::kSandboxApiBase, tok, std::atoi(cid));
  EXPECT_GT(c.CurrentUserId(), 0);

  const auto projects = c.ListProjects(1);
  ASSERT_FALSE(projects.empty()) << "sandbox company has no projects";

  const est::HttpResult budget = c.BudgetLineItems(projects.front().id);
  EXPECT_EQ(budget.status, 200);
  EXPECT_NE(std::find(budget.sent_headers.begin(), budget.sent_headers.end(),
                      "Procore-Company-Id: " + std::string(cid)),
            budget.sent_headers.end());
}

TEST(SandboxSmoke, FindsSeedVendor) {
  const char* tok = std::getenv("PROCORE_SANDBOX_TOKEN");
  const char* cid = std::getenv("PROCORE_SANDBOX_COMPANY");
  if (!tok || !cid) GTEST_SKIP() << "sandbox credentials not set";

  est::ProcoreClient c(est::kSandboxApiBase, tok, std::strtoll(cid, nullptr, 10));
  EXPECT_NE(c.VendorIdByName("Sandbox Seed Electrical"), 0);
}

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  ::testing::InitGoogleTest(&argc, argv);
  const int rc = RUN_ALL_TESTS();
  curl_global_cleanup();
  return rc;
}
