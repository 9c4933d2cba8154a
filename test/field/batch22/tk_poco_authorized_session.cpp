// tk_poco_authorized_session.cpp
//
// Drawing-set publisher. TokenManager keeps one OAuth grant per company and
// AuthorizedSession decorates each HTTPRequest (Authorization, company scope,
// user agent) before the underlying HTTPSClientSession sends it. A 401 makes
// the session refresh the grant and replay the request once.
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

static const char* kLoginHost = "login.procore.com";

static std::string apiHostFor(const std::string& zone) {
  if (zone == "us02") return "us02.procore.com";
  return "api.procore.com";
}

static std::string readBody(std::istream& in) {
  std::string s;
  Poco::StreamCopier::copyToString(in, s);
  return s;
}

class TokenManager {
 public:
  TokenManager(std::string clientId, std::string secret)
      : clientId_(std::move(clientId)), secret_(std::move(secret)) {}

  void install(Poco::Int64 companyId, const std::string& refreshToken) {
    grants_[companyId].refresh = refreshToken;
  }

  const std::string& access(Poco::Int64 companyId) {
    Grant& g = grants_.at(companyId);
    if (g.access.empty()) refresh(companyId);
    return g.access;
  }

  void refresh(Poco::Int64 companyId) {
    Grant& g = grants_.at(companyId);
    Poco::JSON::Object::Ptr o = postForm("/oauth/token", {{"grant_type", "refresh_token"},
                                                          {"client_id", clientId_},
                                                          {"client_secret", secret_},
                                                          {"refresh_token", g.refresh}});
    g.access = o->getValue<std::string>("access_token");
    g.refresh = o->getValue<std::string>("refresh_token");
  }

  void revokeAll() {
    for (auto& kv : grants_) {
      if (kv.second.access.empty()) continue;
      postForm("/oauth/revoke", {{"token", kv.second.access},
                                 {"client_id", clientId_},
                                 {"client_secret", secret_}});
    }
    grants_.clear();
  }

 private:
  struct Grant {
    std::string access;
    std::string refresh;
  };

  Poco::JSON::Object::Ptr postForm(const std::string& path,
                                   const std::vector<std::pair<std::string, std::string>>& fields) {
    HTTPSClientSession login(kLoginHost, 443);
    HTTPRequest req(HTTPRequest::HTTP_POST, path, HTTPRequest::HTTP_1_1);
    Poco::Net::HTMLForm form;
    for (const auto& f : fields) form.set(f.first, f.second);
    form.prepareSubmit(req);
    form.write(login.sendRequest(req));
    HTTPResponse resp;
    std::string body = readBody(login.receiveResponse(resp));
    if (resp.getStatus() != HTTPResponse::HTTP_OK) throw std::runtime_error(path + ": " + body);
    if (body.empty()) return new Poco::JSON::Object;
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  }

  std::string clientId_, secret_;
  std::map<Poco::Int64, Grant> grants_;
};

class AuthorizedSession {
 public:
  AuthorizedSession(const std::string& apiHost, TokenManager& tokens, Poco::Int64 companyId)
      : http_(apiHost, 443), tokens_(tokens), companyId_(companyId) {
    http_.setKeepAlive(true);
  }

  Poco::Dynamic::Var send(const std::string& method, const std::string& path,
                          const std::string& body = "") {
    for (int attempt = 0; attempt < 2; ++attempt) {
      HTTPRequest req(method, path, HTTPRequest::HTTP_1_1);
      decorate(req);
      if (!body.empty()) {
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
      }
      http_.sendRequest(req) << body;
      HTTPResponse resp;
      std::string out = readBody(http_.receiveResponse(resp));
      if (resp.getStatus() == HTTPResponse::HTTP_UNAUTHORIZED && attempt == 0) {
        tokens_.refresh(companyId_);
        continue;
      }
      if (resp.getStatus() >= 400) throw std::runtime_error(method + " " + path + ": " + out);
      return out.empty() ? Poco::Dynamic::Var() : Poco::JSON::Parser().parse(out);
    }
    throw std::runtime_error("unauthorized after refresh: " + path);
  }

 private:
  void decorate(HTTPRequest& req) {
    req.set("Authorization", "Bearer " + tokens_.access(companyId_));
    req.set("Procore-Company-Id", std::to_string(companyId_));
    req.set("User-Agent", "drawing-publisher/1.4 (+https://support.procore.com/)");
  }

  HTTPSClientSession http_;
  TokenManager& tokens_;
  Poco::Int64 companyId_;
};

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: publisher <zone> <company_id> <project_id>\n";
    return 2;
  }
  const std::string apiHost = apiHostFor(argv[1]);
  const Poco::Int64 companyId = Poco::NumberParser::parse64(argv[2]);
  const Poco::Int64 projectId = Poco::NumberParser::parse64(argv[3]);

  TokenManager tokens(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"));
  tokens.install(companyId, std::getenv("PROCORE_REFRESH_TOKEN"));
  AuthorizedSession api(apiHost, tokens, companyId);

  const std::string base = "/rest/v1.0/projects/" + std::to_string(projectId);
  Poco::JSON::Array::Ptr areas =
      api.send(HTTPRequest::HTTP_GET, base + "/drawing_areas").extract<Poco::JSON::Array::Ptr>();

  std::vector<int> drawingIds;
  for (std::size_t i = 0; i < areas->size(); ++i) {
    Poco::Int64 areaId = areas->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id");
    Poco::JSON::Array::Ptr drawings =
        api.send(HTTPRequest::HTTP_GET, "/rest/v1.0/drawing_areas/" + std::to_string(areaId) + "/drawings")
            .extract<Poco::JSON::Array::Ptr>();
    for (std::size_t j = 0; j < drawings->size(); ++j)
      drawingIds.push_back(drawings->getObject(static_cast<unsigned>(j))->getValue<int>("id"));
  }
  std::cout << drawingIds.size() << " drawings in project\n";

  // Publish the transmittal PDF: the generic session is too chatty for a one-off upload.
  std::string pdf = "%PDF-1.4 transmittal placeholder";
  HTTPSClientSession upload(apiHost, 443);
  HTTPRequest post(HTTPRequest::HTTP_POST, base + "/documents", HTTPRequest::HTTP_1_1);
  post.set("Authorization", "Bearer " + tokens.access(companyId));
  post.set("X-Procore-Company-Id", std::to_string(companyId));
  post.setContentType("application/pdf");
  post.setContentLength(static_cast<std::streamsize>(pdf.size()));
  upload.sendRequest(post) << pdf;
  HTTPResponse uresp;
  readBody(upload.receiveResponse(uresp));
  std::cout << "upload status " << static_cast<int>(uresp.getStatus()) << "\n";

  Poco::JSON::Object release;
  release.set("name", "IFC set");
  release.set("drawing_ids", Poco::Dynamic::Var(std::vector<Poco::Dynamic::Var>(drawingIds.begin(), drawingIds.end())));
  std::ostringstream payload;
  release.stringify(payload);
  api.send(HTTPRequest::HTTP_POST, base + "/drawing_revisions/publish", payload.str());

  tokens.revokeAll();
  return 0;
}
