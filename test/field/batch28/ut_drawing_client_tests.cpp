// drawing_client_tests.cpp -- drawing-log client for the plan-room kiosk and
// its self-tests. The kiosk signs in once through the browser (authorization
// code) and keeps the refresh token in ~/.planroom/token.
//
//   drawing_client_tests test
//   drawing_client_tests pull <project_id> [sandbox]
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <list>
#include <sstream>
#include <string>
#include <vector>

#define PROCORE_LOGIN_URL "https://app.procore.com"
#define PROCORE_API_URL "https://api.procore.com"

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::list<std::string> headers;
  std::string body;
};

struct HttpResult {
  int code = 0;
  std::string body;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResult perform(const HttpCall& call) = 0;
};

class CurlppTransport : public HttpTransport {
 public:
  HttpResult perform(const HttpCall& c) override {
    curlpp::Easy easy;
    std::ostringstream out;
    easy.setOpt(curlpp::options::Url(c.url));
    easy.setOpt(curlpp::options::HttpHeader(c.headers));
    easy.setOpt(curlpp::options::WriteStream(&out));
    easy.setOpt(curlpp::options::Timeout(60));
    easy.setOpt(curlpp::options::FollowLocation(true));
    if (c.method == "POST") {
      easy.setOpt(curlpp::options::PostFields(c.body));
      easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(c.body.size())));
    }
    easy.perform();
    return {static_cast<int>(curlpp::infos::ResponseCode::get(easy)), out.str()};
  }
};

struct Env {
  std::string login;
  std::string api;
};
static const Env kProd{PROCORE_LOGIN_URL, PROCORE_API_URL};
static const Env kDevSandbox{"https://login-sandbox.procore.com", "https://sandbox.procore.com"};

struct DrawingArea {
  long id = 0;
  std::string name;
};

struct Drawing {
  int64_t id = 0;
  std::string number;
  std::string title;
  std::string pdf_url;
};

static Json::Value to_json(const std::string& s) {
  Json::Value v;
  std::unique_ptr<Json::CharReader> r(Json::CharReaderBuilder().newCharReader());
  r->parse(s.data(), s.data() + s.size(), &v, nullptr);
  return v;
}

class DrawingClient {
 public:
  DrawingClient(HttpTransport& t, Env env, int64_t company_id)
      : t_(t), env_(std::move(env)), company_(std::to_string(company_id)) {}

  std::string authorize_url(const std::string& client_id, const std::string& redirect) const {
    return env_.login + "/oauth/authorize?response_type=code&client_id=" + client_id +
           "&redirect_uri=" + redirect;
  }

  bool exchange_code(const std::string& code, const std::string& client_id, const std::string& secret,
                     const std::string& redirect) {
    return token_call("grant_type=authorization_code&code=" + code + "&client_id=" + client_id +
                      "&client_secret=" + secret + "&redirect_uri=" + redirect);
  }

  bool refresh(const std::string& client_id, const std::string& secret) {
    return token_call("grant_type=refresh_token&refresh_token=" + refresh_ + "&client_id=" + client_id +
                      "&client_secret=" + secret);
  }

  std::string me() {
    HttpCall c = rest("/rest/v1.0/me");
    return to_json(t_.perform(c).body)["name"].asString();
  }

  std::vector<DrawingArea> drawing_areas(int64_t project_id) {
    HttpCall c = rest("/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas");
    c.headers.push_back("Procore-Company-Id: " + company_);
    std::vector<DrawingArea> out;
    for (const auto& a : to_json(t_.perform(c).body))
      out.push_back({a["id"].asInt64(), a["name"].asString()});
    return out;
  }

  std::vector<Drawing> drawings(int64_t project_id, int64_t area_id) {
    HttpCall c = rest("/rest/v1.1/drawing_areas/" + std::to_string(area_id) +
                      "/drawings?project_id=" + std::to_string(project_id));
    c.headers.push_back("X-Procore-Company-Id: " + company_);
    std::vector<Drawing> out;
    for (const auto& d : to_json(t_.perform(c).body)) {
      const Json::Value& cur = d["current_revision"];
      out.push_back({d["id"].asInt64(), d["number"].asString(), d["title"].asString(),
                     cur["pdf_url"].asString()});
    }
    return out;
  }

  int revision_count(int64_t project_id, int64_t drawing_id) {
    char path[160];
    std::snprintf(path, sizeof path, "/rest/v1.0/projects/%" PRId64 "/drawing_revisions?drawing_id=%ld",
                  project_id, drawing_id);
    HttpCall c = rest(path);
    return static_cast<int>(to_json(t_.perform(c).body).size());
  }

  // pdf_url is a presigned storage link; it must go out without our bearer token.
  std::string download(const std::string& pdf_url) {
    HttpCall c;
    c.url = pdf_url;
    return t_.perform(c).body;
  }

  std::string refresh_token() const { return refresh_; }
  void set_refresh_token(std::string r) { refresh_ = std::move(r); }

 private:
  bool token_call(const std::string& form) {
    HttpCall c;
    c.method = "POST";
    c.url = env_.login + "/oauth/token";
    c.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    c.body = form;
    HttpResult r = t_.perform(c);
    if (r.code != 200) return false;
    Json::Value v = to_json(r.body);
    access_ = v["access_token"].asString();
    refresh_ = v["refresh_token"].asString();
    return true;
  }

  HttpCall rest(const std::string& path) const {
    HttpCall c;
    c.url = env_.api + path;
    c.headers.push_back("Authorization: Bearer " + access_);
    return c;
  }

  HttpTransport& t_;
  Env env_;
  std::string company_;
  std::string access_, refresh_;
};

// ---------------------------------------------------------------------- tests
struct StubTransport : HttpTransport {
  std::vector<HttpCall> calls;
  std::string next = "[]";
  HttpResult perform(const HttpCall& c) override {
    calls.push_back(c);
    return {200, next};
  }
};

constexpr int kProjectId = 40213;
static int failures = 0;
#define EXPECT(x) ((x) ? (void)0 : (void)(++failures, std::fprintf(stderr, "%d: %s\n", __LINE__, #x)))

static void test_authorize_url() {
  StubTransport s;
  DrawingClient c(s, kDevSandbox, 77);
  EXPECT(c.authorize_url("abc", "urn:ietf:wg:oauth:2.0:oob") ==
         "https://login-sandbox.procore.com/oauth/authorize?response_type=code&client_id=abc"
         "&redirect_uri=urn:ietf:wg:oauth:2.0:oob");
}

static void test_areas_send_company() {
  StubTransport s;
  s.next = R"([{"id":5629499534213120,"name":"Level 2"}])";
  DrawingClient c(s, kProd, 77);
  auto areas = c.drawing_areas(kProjectId);
  EXPECT(areas.size() == 1);
  EXPECT(s.calls[0].url == "https://api.procore.com/rest/v1.1/projects/40213/drawing_areas");
  EXPECT(s.calls[0].headers.back() == "Procore-Company-Id: 77");
}

static void test_download_has_no_auth() {
  StubTransport s;
  DrawingClient c(s, kProd, 77);
  c.download("https://storage.procore.com/api/v5/files/us-east-1/pro-core.com/prostore/20240101/A101.pdf?sig=x");
  EXPECT(s.calls[0].headers.empty());
}

// ----------------------------------------------------------------------- main
int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "test") {
    test_authorize_url();
    test_areas_send_company();
    test_download_has_no_auth();
    std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
    return failures ? 1 : 0;
  }
  if (argc < 3 || std::string(argv[1]) != "pull") return 2;

  curlpp::Cleanup cleanup;
  CurlppTransport net;
  const bool sandbox = argc > 3 && std::string(argv[3]) == "sandbox";
  int64_t company_id = std::strtoll(std::getenv("PLANROOM_COMPANY") ? std::getenv("PLANROOM_COMPANY") : "0",
                                    nullptr, 10);
  DrawingClient client(net, sandbox ? kDevSandbox : kProd, company_id);

  std::string home = std::getenv("HOME") ? std::getenv("HOME") : ".";
  std::ifstream tin(home + "/.planroom/token");
  std::string stored;
  std::getline(tin, stored);
  client.set_refresh_token(stored);
  if (!client.refresh(std::getenv("PLANROOM_CLIENT_ID") ?: "", std::getenv("PLANROOM_CLIENT_SECRET") ?: "")) {
    std::fprintf(stderr, "sign in again: %s\n",
                 client.authorize_url(std::getenv("PLANROOM_CLIENT_ID") ?: "", "http://localhost:8765/cb").c_str());
    return 1;
  }
  std::ofstream(home + "/.planroom/token") << client.refresh_token();

  int project_id = std::stoi(argv[2]);
  std::printf("kiosk user: %s\n", client.me().c_str());
  for (const auto& area : client.drawing_areas(project_id)) {
    for (const auto& d : client.drawings(project_id, area.id)) {
      int revs = client.revision_count(project_id, d.id);
      std::printf("[%s] %-10s %-40s revs=%d\n", area.name.c_str(), d.number.c_str(), d.title.c_str(), revs);
      if (!d.pdf_url.empty()) {
        std::ofstream(home + "/.planroom/" + d.number + ".pdf", std::ios::binary) << client.download(d.pdf_url);
      }
    }
  }
  return 0;
}
