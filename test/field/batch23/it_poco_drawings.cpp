// drawing-indexer: service that runs under a Developer Managed Service Account
// and mirrors the drawing log of a sandbox project into our search index.
//
// DrawingCursor is a small generator: it owns the session, the auth headers
// and the next-page path, and each call to next() performs exactly one
// request, following the Link header until there is no rel="next".

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

namespace {

const std::string kAuthHost = "sandbox.procore.com";
const std::string kApiHost = "sandbox.procore.com";

struct Drawing {
  Poco::Int64 id = 0;
  std::string number;
  std::string title;
  std::string discipline;
  Poco::Int64 current_revision_id = 0;
};

Poco::JSON::Array::Ptr parse_array(std::istream& in) {
  Poco::JSON::Parser parser;
  return parser.parse(in).extract<Poco::JSON::Array::Ptr>();
}

std::string next_from_link(const std::string& link) {
  // <https://sandbox.procore.com/rest/v1.0/...&page=3>; rel="next", <...>; rel="last"
  std::istringstream parts(link);
  std::string part;
  while (std::getline(parts, part, ',')) {
    if (part.find("rel=\"next\"") == std::string::npos) continue;
    auto lt = part.find('<');
    auto gt = part.find('>');
    if (lt != std::string::npos && gt != std::string::npos)
      return Poco::URI(part.substr(lt + 1, gt - lt - 1)).getPathAndQuery();
  }
  return {};
}

class DrawingCursor {
 public:
  DrawingCursor(HTTPSClientSession& session, std::string token, Poco::Int64 company_id,
                Poco::Int64 project_id, int area_id)
      : session_(session), token_(std::move(token)), company_id_(company_id) {
    next_path_ = "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas/" +
                 std::to_string(area_id) + "/drawings?per_page=100";
  }

  std::optional<std::vector<Drawing>> next() {
    if (next_path_.empty()) return std::nullopt;
    HTTPRequest req(HTTPRequest::HTTP_GET, next_path_, HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + token_);
    req.set("Procore-Company-Id", std::to_string(company_id_));
    session_.sendRequest(req);
    HTTPResponse res;
    std::istream& body = session_.receiveResponse(res);
    if (res.getStatus() != HTTPResponse::HTTP_OK) {
      Poco::NullOutputStream sink;
      Poco::StreamCopier::copyStream(body, sink);
      throw Poco::IOException("drawings page failed", std::to_string(res.getStatus()));
    }
    std::vector<Drawing> page;
    auto arr = parse_array(body);
    for (size_t i = 0; i < arr->size(); ++i) {
      auto obj = arr->getObject(static_cast<unsigned>(i));
      Drawing d;
      d.id = obj->getValue<int>("id");
      d.number = obj->optValue<std::string>("number", "");
      d.title = obj->optValue<std::string>("title", "");
      if (auto disc = obj->getObject("discipline")) d.discipline = disc->optValue<std::string>("name", "");
      if (auto rev = obj->getObject("current_revision"))
        d.current_revision_id = rev->getValue<Poco::Int64>("id");
      page.push_back(d);
    }
    next_path_ = next_from_link(res.get("Link", ""));
    ++pages_read_;
    return page;
  }

  int pages_read() const { return pages_read_; }

 private:
  HTTPSClientSession& session_;
  std::string token_;
  Poco::Int64 company_id_;
  std::string next_path_;
  int pages_read_ = 0;
};

std::string client_credentials_token(const std::string& client_id, const std::string& secret) {
  HTTPSClientSession auth(kAuthHost, 443);
  HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
  Poco::Net::HTMLForm form;
  form.set("grant_type", "client_credentials");
  form.set("client_id", client_id);
  form.set("client_secret", secret);
  form.prepareSubmit(req);
  form.write(auth.sendRequest(req));
  HTTPResponse res;
  std::istream& body = auth.receiveResponse(res);
  Poco::JSON::Parser parser;
  auto obj = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  return obj->optValue<std::string>("access_token", "");
}

bool service_account_ok(HTTPSClientSession& api, const std::string& token, Poco::Int64 company_id) {
  HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/me", HTTPRequest::HTTP_1_1);
  req.set("Authorization", "Bearer " + token);
  req.set("Procore-Company-Id", std::to_string(company_id));
  api.sendRequest(req);
  HTTPResponse res;
  std::istream& body = api.receiveResponse(res);
  Poco::NullOutputStream sink;
  Poco::StreamCopier::copyStream(body, sink);
  return res.getStatus() == HTTPResponse::HTTP_OK;
}

std::string company_name(HTTPSClientSession& api, const std::string& token, Poco::Int64 company_id) {
  HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/companies", HTTPRequest::HTTP_1_1);
  req.set("Authorization", "Bearer " + token);
  api.sendRequest(req);
  HTTPResponse res;
  auto arr = parse_array(api.receiveResponse(res));
  for (size_t i = 0; i < arr->size(); ++i) {
    auto c = arr->getObject(static_cast<unsigned>(i));
    if (c->getValue<Poco::Int64>("id") == company_id) return c->optValue<std::string>("name", "");
  }
  return {};
}

std::vector<Poco::Int64> drawing_area_ids(HTTPSClientSession& api, const std::string& token,
                                          Poco::Int64 company_id, Poco::Int64 project_id) {
  HTTPRequest req(HTTPRequest::HTTP_GET,
                  "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas",
                  HTTPRequest::HTTP_1_1);
  req.set("Authorization", "Bearer " + token);
  req.set("Procore-Company-Id", std::to_string(company_id));
  api.sendRequest(req);
  HTTPResponse res;
  auto arr = parse_array(api.receiveResponse(res));
  std::vector<Poco::Int64> ids;
  for (size_t i = 0; i < arr->size(); ++i)
    ids.push_back(arr->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id"));
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: drawing-indexer <company_id> <project_id>\n";
    return 2;
  }
  const char* client_id = std::getenv("DMSA_CLIENT_ID");
  const char* secret = std::getenv("DMSA_CLIENT_SECRET");
  if (!client_id || !secret) return 2;
  Poco::Int64 company_id = std::stoll(argv[1]);
  Poco::Int64 project_id = std::stoll(argv[2]);

  Poco::Net::initializeSSL();
  try {
    std::string token = client_credentials_token(client_id, secret);
    HTTPSClientSession api(kApiHost, 443);
    api.setKeepAlive(true);
    if (!service_account_ok(api, token, company_id)) {
      std::cerr << "service account not authorised\n";
      return 1;
    }
    std::cout << "indexing drawings for " << company_name(api, token, company_id) << "\n";

    int total = 0;
    for (Poco::Int64 area : drawing_area_ids(api, token, company_id, project_id)) {
      DrawingCursor cursor(api, token, company_id, project_id, area);
      while (auto page = cursor.next()) {
        for (const Drawing& d : *page) {
          std::cout << d.id << '\t' << d.number << '\t' << d.title << '\t' << d.discipline << '\t'
                    << d.current_revision_id << '\n';
          ++total;
        }
      }
      std::cerr << "area " << area << ": " << cursor.pages_read() << " pages\n";
    }
    std::cerr << total << " drawings indexed\n";
  } catch (const Poco::Exception& e) {
    std::cerr << "error: " << e.displayText() << "\n";
    Poco::Net::uninitializeSSL();
    return 1;
  }
  Poco::Net::uninitializeSSL();
  return 0;
}
