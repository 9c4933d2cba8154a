// rfi_client_contract_test.cpp
//
// Contract tests for fieldapp::RfiClient. The client takes a Transport so the
// tests can inject a RecordingTransport and check the exact request every
// public method builds (host, path, headers) against the endpoint table below.
// Production wiring uses HttplibTransport, which really goes over the wire.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fieldapp {

struct Request {
  std::string method;
  std::string host;
  std::string path;
  httplib::Headers headers;
  std::string body;
};

struct Response {
  int status = 0;
  std::string body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Response Send(const Request& req) = 0;
};

class HttplibTransport : public Transport {
 public:
  Response Send(const Request& req) override {
    httplib::Client cli("https://" + req.host);
    cli.set_connection_timeout(10);
    auto dispatch = [&]() -> httplib::Result {
      if (req.method == "POST")
        return cli.Post(req.path, req.headers, req.body, "application/json");
      if (req.method == "PUT")
        return cli.Put(req.path, req.headers, req.body, "application/octet-stream");
      return cli.Get(req.path, req.headers);
    };
    httplib::Result res = dispatch();
    if (!res) return {0, httplib::to_string(res.error())};
    return {res->status, res->body};
  }
};

constexpr const char* kApiHost = "api.procore.com";
constexpr const char* kLoginHost = "login.procore.com";
// Punch list still lives on the old vapid endpoints.
constexpr const char* kVapidHost = "app.procore.com";

class RfiClient {
 public:
  RfiClient(std::shared_ptr<Transport> t, std::string token, int64_t company_id)
      : transport_(std::move(t)), token_(std::move(token)), company_id_(company_id) {}

  Response Me() { return transport_->Send({"GET", kApiHost, "/rest/v1.0/me", Auth(), ""}); }

  Response ListRfis(int64_t project_id, int page) {
    return transport_->Send({"GET", kApiHost,
                             "/rest/v1.0/projects/" + std::to_string(project_id) +
                                 "/rfis?page=" + std::to_string(page),
                             Scoped(), ""});
  }

  Response ListSubmittals(int64_t project_id) {
    Request req{"GET", kApiHost,
                "/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals", Auth(), ""};
    return transport_->Send(req);
  }

  Response ListPunchItems(int64_t project_id) {
    return transport_->Send({"GET", kVapidHost,
                             "/vapid/punch_items?project_id=" + std::to_string(project_id),
                             Scoped(), ""});
  }

  int64_t CreateRfi(int64_t project_id, const std::string& subject, int64_t assignee_id) {
    nlohmann::json body = {{"rfi", {{"subject", subject}, {"assignee_id", assignee_id}}}};
    Response r = transport_->Send({"POST", kApiHost,
                                   "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis",
                                   Scoped(), body.dump()});
    if (r.status != 201) return 0;
    long rfi_id = nlohmann::json::parse(r.body).at("id").get<long>();
    return rfi_id;
  }

  // Presigned S3-style URL handed back by the uploads endpoint; no auth, no company.
  Response PutAttachment(const std::string& storage_path, const std::string& bytes) {
    return transport_->Send({"PUT", "storage.procore.com", storage_path, {}, bytes});
  }

  Response RefreshToken(const std::string& refresh_token, const std::string& client_id) {
    return transport_->Send({"POST", kLoginHost, "/oauth/token", {},
                             "grant_type=refresh_token&client_id=" + client_id +
                                 "&refresh_token=" + refresh_token});
  }

 private:
  httplib::Headers Auth() const { return {{"Authorization", "Bearer " + token_}}; }
  httplib::Headers Scoped() const {
    httplib::Headers h = Auth();
    h.emplace("Procore-Company-Id", std::to_string(company_id_));
    return h;
  }

  std::shared_ptr<Transport> transport_;
  std::string token_;
  int64_t company_id_;
};

}  // namespace fieldapp

// ------------------------------------------------------------------ fakes

class RecordingTransport : public fieldapp::Transport {
 public:
  fieldapp::Response Send(const fieldapp::Request& req) override {
    requests.push_back(req);
    return next;
  }
  std::vector<fieldapp::Request> requests;
  fieldapp::Response next{200, "[]"};
};

// ------------------------------------------------------------ contract table

struct EndpointCase {
  const char* name;
  int project_id;
  const char* method;
  const char* host;
  const char* path;
  bool company_header;
};

class RfiClientContract : public ::testing::TestWithParam<EndpointCase> {
 protected:
  void SetUp() override {
    rec_ = std::make_shared<RecordingTransport>();
    client_ = std::make_unique<fieldapp::RfiClient>(rec_, "contract-token", kCompany);
  }

  void Invoke(const EndpointCase& c) {
    const std::string n = c.name;
    if (n == "ListRfis") client_->ListRfis(c.project_id, 1);
    else if (n == "ListSubmittals") client_->ListSubmittals(c.project_id);
    else if (n == "ListPunchItems") client_->ListPunchItems(c.project_id);
    else if (n == "Me") client_->Me();
  }

  static constexpr int64_t kCompany = 8012345678;
  std::shared_ptr<RecordingTransport> rec_;
  std::unique_ptr<fieldapp::RfiClient> client_;
};

TEST_P(RfiClientContract, BuildsExpectedRequest) {
  const EndpointCase& c = GetParam();
  Invoke(c);
  ASSERT_EQ(rec_->requests.size(), 1u);
  const fieldapp::Request& req = rec_->requests.front();
  EXPECT_EQ(req.method, c.method);
  EXPECT_EQ(req.host, c.host);
  EXPECT_EQ(req.path, c.path);
  EXPECT_EQ(req.headers.count("Authorization"), 1u);
  EXPECT_EQ(req.headers.count("Procore-Company-Id"), c.company_header ? 1u : 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Endpoints, RfiClientContract,
    ::testing::Values(
        EndpointCase{"ListRfis", 2201, "GET", "api.procore.com", "/rest/v1.0/projects/2201/rfis?page=1", true},
        EndpointCase{"ListSubmittals", 2201, "GET", "api.procore.com", "/rest/v1.1/projects/2201/submittals", false},
        EndpointCase{"ListPunchItems", 2201, "GET", "app.procore.com", "/vapid/punch_items?project_id=2201", true},
        EndpointCase{"Me", 0, "GET", "api.procore.com", "/rest/v1.0/me", false}),
    [](const ::testing::TestParamInfo<EndpointCase>& info) { return std::string(info.param.name); });

TEST(RfiClientCreate, ParsesNewIdFromCannedResponse) {
  auto rec = std::make_shared<RecordingTransport>();
  rec->next = {201, R"({"id": 4398046511104, "subject": "Slab edge detail"})"};
  fieldapp::RfiClient client(rec, "contract-token", 8012345678);
  EXPECT_EQ(client.CreateRfi(2201, "Slab edge detail", 9007199254), 4398046511104LL);
  ASSERT_EQ(rec->requests.size(), 1u);
  EXPECT_EQ(rec->requests[0].headers.count("Procore-Company-Id"), 1u);
}

TEST(RfiClientAuth, RefreshGoesToLoginHostWithoutCompany) {
  auto rec = std::make_shared<RecordingTransport>();
  fieldapp::RfiClient client(rec, "expired", 8012345678);
  client.RefreshToken("r-123", "cid-abc");
  ASSERT_EQ(rec->requests.size(), 1u);
  EXPECT_EQ(rec->requests[0].host, "login.procore.com");
  EXPECT_EQ(rec->requests[0].path, "/oauth/token");
  EXPECT_EQ(rec->requests[0].headers.count("Procore-Company-Id"), 0u);
}

TEST(RfiClientUpload, AttachmentGoesToStorageUnauthenticated) {
  auto rec = std::make_shared<RecordingTransport>();
  fieldapp::RfiClient client(rec, "t", 8012345678);
  client.PutAttachment("/uploads/abc?X-Amz-Signature=deadbeef", "PDFDATA");
  EXPECT_EQ(rec->requests[0].host, "storage.procore.com");
  EXPECT_TRUE(rec->requests[0].headers.empty());
}
