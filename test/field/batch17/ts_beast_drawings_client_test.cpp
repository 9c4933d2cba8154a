// drawings_client_test.cpp
//
// GoogleTest suite for docsync::DrawingsClient, the Boost.Beast client the
// plan-room sync uses to mirror drawing areas and revisions. Request-building
// tests run everywhere; MonthlySandbox.* talks to the monthly sandbox when
// DOCSYNC_MONTHLY_TOKEN / DOCSYNC_MONTHLY_COMPANY / DOCSYNC_MONTHLY_PROJECT are set.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace docsync {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct Endpoint {
  std::string login_host;
  std::string api_host;
};

inline Endpoint Production() { return {"login.procore.com", "api.procore.com"}; }
inline Endpoint DevSandbox() { return {"login-sandbox.procore.com", "sandbox.procore.com"}; }
inline Endpoint MonthlySandbox() { return {"api-monthly.procore.com", "api-monthly.procore.com"}; }

struct DrawingRevision {
  int64_t id = 0;
  int32_t drawing_id = 0;
  int revision_number = 0;
  std::string pdf_url;
};

inline std::vector<DrawingRevision> ParseRevisions(const std::string& body) {
  std::vector<DrawingRevision> out;
  for (const auto& j : nlohmann::json::parse(body)) {
    DrawingRevision r;
    r.id = j.at("id").get<int64_t>();
    r.drawing_id = j.at("drawing_id");
    r.revision_number = j.value("revision_number", 0);
    r.pdf_url = j.value("pdf_url", "");
    out.push_back(r);
  }
  return out;
}

class DrawingsClient {
 public:
  DrawingsClient(Endpoint ep, std::string token, int64_t company_id)
      : ep_(std::move(ep)), token_(std::move(token)), company_id_(company_id) {}

  Request MakeApiRequest(http::verb verb, const std::string& target) const {
    Request req{verb, target, 11};
    req.set(http::field::host, ep_.api_host);
    req.set(http::field::authorization, "Bearer " + token_);
    req.set(http::field::accept, "application/json");
    req.set("Procore-Company-Id", std::to_string(company_id_));
    return req;
  }

  Request MakeTokenRequest(const std::string& code, const std::string& redirect_uri) const {
    Request req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::host, ep_.login_host);
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "grant_type=authorization_code&code=" + code + "&redirect_uri=" + redirect_uri;
    return req;
  }

  Response ExchangeCode(const std::string& code, const std::string& redirect_uri) {
    return Send(MakeTokenRequest(code, redirect_uri), ep_.login_host);
  }

  Response ListDrawingAreas(int64_t project_id) {
    return Send(MakeApiRequest(http::verb::get, "/rest/v1.1/projects/" +
                                                    std::to_string(project_id) + "/drawing_areas"),
                ep_.api_host);
  }

  Response ListDrawings(int64_t project_id, unsigned drawing_area_id) {
    return Send(MakeApiRequest(http::verb::get, "/rest/v1.1/drawing_areas/" +
                                                    std::to_string(drawing_area_id) +
                                                    "/drawings?project_id=" +
                                                    std::to_string(project_id)),
                ep_.api_host);
  }

  // Revisions endpoint was added later and built by hand for the per_page tweak.
  Response ListDrawingRevisions(int64_t project_id, int per_page) {
    Request req{http::verb::get,
                "/rest/v1.0/projects/" + std::to_string(project_id) +
                    "/drawing_revisions?per_page=" + std::to_string(per_page),
                11};
    req.set(http::field::host, ep_.api_host);
    req.set(http::field::authorization, "Bearer " + token_);
    req.set("X-Procore-Company-Id", std::to_string(company_id_));
    return Send(std::move(req), ep_.api_host);
  }

 private:
  Response Send(Request req, const std::string& host) {
    net::io_context ioc;
    ssl::context ctx{ssl::context::tlsv12_client};
    ctx.set_default_verify_paths();
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    tcp::resolver resolver(ioc);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return res;
  }

  Endpoint ep_;
  std::string token_;
  int64_t company_id_;
};

}  // namespace docsync

namespace http = boost::beast::http;

// ------------------------------------------------------------ request tests

class DrawingsClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = std::make_unique<docsync::DrawingsClient>(docsync::Production(), "tok", kCompany);
  }
  static constexpr int64_t kCompany = 5000000123;
  int64_t project_id_ = 2814749767;
  std::unique_ptr<docsync::DrawingsClient> client_;
};

TEST_F(DrawingsClientTest, ApiRequestCarriesCompanyHeader) {
  auto req = client_->MakeApiRequest(http::verb::get, "/rest/v1.1/projects/2814749767/drawing_areas");
  EXPECT_EQ(req[http::field::host], "api.procore.com");
  EXPECT_EQ(req["Procore-Company-Id"], "5000000123");
  EXPECT_EQ(req[http::field::authorization], "Bearer tok");
}

TEST_F(DrawingsClientTest, TokenRequestHasNoCompanyHeader) {
  auto req = client_->MakeTokenRequest("abc", "urn:ietf:wg:oauth:2.0:oob");
  EXPECT_EQ(req.target(), "/oauth/token");
  EXPECT_EQ(req.count("Procore-Company-Id"), 0u);
}

TEST(RevisionParsing, ReadsCannedPage) {
  const auto revs = docsync::ParseRevisions(R"([
    {"id": 3377699720527872, "drawing_id": 118, "revision_number": 3, "pdf_url": "https://storage.procore.com/r/1.pdf"},
    {"id": 3377699720527873, "drawing_id": 118, "revision_number": 4}
  ])");
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[1].id, 3377699720527873LL);
  EXPECT_EQ(revs[1].revision_number, 4);
}

// --------------------------------------------------- environment host table

struct EnvCase {
  const char* name;
  docsync::Endpoint (*make)();
  const char* expected_login;
  const char* expected_api;
};

class EnvironmentHosts : public ::testing::TestWithParam<EnvCase> {};

TEST_P(EnvironmentHosts, TokenAndApiRequestsUseEnvironmentHosts) {
  const EnvCase& c = GetParam();
  docsync::DrawingsClient client(c.make(), "tok", 42);
  EXPECT_EQ(client.MakeTokenRequest("x", "y")[http::field::host], c.expected_login);
  EXPECT_EQ(client.MakeApiRequest(http::verb::get, "/rest/v1.0/me")[http::field::host],
            c.expected_api);
}

INSTANTIATE_TEST_SUITE_P(
    AllEnvironments, EnvironmentHosts,
    ::testing::Values(
        EnvCase{"production", &docsync::Production, "login.procore.com", "api.procore.com"},
        EnvCase{"dev_sandbox", &docsync::DevSandbox, "login-sandbox.procore.com", "sandbox.procore.com"},
        EnvCase{"monthly", &docsync::MonthlySandbox, "api-monthly.procore.com", "api-monthly.procore.com"}),
    [](const ::testing::TestParamInfo<EnvCase>& info) { return std::string(info.param.name); });

// ------------------------------------------------------ monthly sandbox

TEST(MonthlySandbox, MirrorsAreasAndRevisions) {
  const char* tok = std::getenv("DOCSYNC_MONTHLY_TOKEN");
  const char* cid = std::getenv("DOCSYNC_MONTHLY_COMPANY");
  const char* pid = std::getenv("DOCSYNC_MONTHLY_PROJECT");
  if (!tok || !cid || !pid) GTEST_SKIP() << "monthly sandbox env not set";

  docsync::DrawingsClient client(docsync::MonthlySandbox(), tok, std::stoll(cid));
  const int64_t project = std::stoll(pid);

  auto areas = client.ListDrawingAreas(project);
  ASSERT_EQ(areas.result_int(), 200u) << areas.body();

  auto revs = client.ListDrawingRevisions(project, 50);
  EXPECT_EQ(revs.result_int(), 200u) << revs.body();
}
