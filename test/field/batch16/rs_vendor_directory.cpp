// vendor_directory: reconciles the Procore company directory with the ERP supplier
// list. Poco::Net + jsoncpp. Each step returns Result<T>; pipelines are built from
// pure request transformers and chained with and_then / transform.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <json/json.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

template <typename T>
struct Result {
  std::optional<T> value;
  std::string error;

  static Result ok(T v) { return {std::move(v), {}}; }
  static Result err(std::string e) { return {std::nullopt, std::move(e)}; }
  explicit operator bool() const { return value.has_value(); }

  template <typename F>
  auto and_then(F f) const -> decltype(f(*value)) {
    return value ? f(*value) : decltype(f(*value))::err(error);
  }
  template <typename F>
  auto transform(F f) const -> Result<decltype(f(*value))> {
    using U = decltype(f(*value));
    return value ? Result<U>::ok(f(*value)) : Result<U>::err(error);
  }
};

// ---- environments -------------------------------------------------------
struct Production {};
struct Sandbox {};
struct Us02 {};
using Environment = std::variant<Production, Sandbox, Us02>;

struct Hosts {
  const std::string login;
  const std::string api;
};

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

Hosts hosts_of(const Environment& env) {
  return std::visit(overloaded{[](Production) { return Hosts{"login.procore.com", "api.procore.com"}; },
                               [](Sandbox) { return Hosts{"login-sandbox.procore.com", "sandbox.procore.com"}; },
                               [](Us02) { return Hosts{"login.procore.com", "us02.procore.com"}; }},
                    env);
}

struct Config {
  const Environment env;
  const std::string refresh_token;
  const std::string client_id;
  const std::string client_secret;
  const std::int64_t company_id;
  const long project_id;
  const std::string erp_host;
};

// ---- request values -----------------------------------------------------
struct Request {
  std::string host;
  int port = 443;
  std::string method = Poco::Net::HTTPRequest::HTTP_GET;
  std::string path;
  std::map<std::string, std::string> headers;
  std::string body;
};
struct Reply {
  int status;
  Json::Value json;
};

Request at(const std::string& host, const std::string& path) {
  Request r;
  r.host = host;
  r.path = path;
  return r;
}
Request with_header(Request r, const std::string& k, const std::string& v) {
  r.headers[k] = v;
  return r;
}
Request with_query(Request r, const std::string& k, const std::string& v) {
  r.path += (r.path.find('?') == std::string::npos ? "?" : "&") + k + "=" + v;
  return r;
}
Request with_body(Request r, const std::string& method, const std::string& type, std::string body) {
  r.method = method;
  r.body = std::move(body);
  return with_header(std::move(r), "Content-Type", type);
}
auto bearer(const std::string& token) {
  return [token](Request r) { return with_header(std::move(r), "Authorization", "Bearer " + token); };
}
auto company(std::int64_t id) {
  return [id](Request r) { return with_header(std::move(r), "Procore-Company-Id", std::to_string(id)); };
}

Result<Reply> send(const Request& r) {
  try {
    Poco::Net::HTTPSClientSession session(r.host, static_cast<Poco::UInt16>(r.port));
    Poco::Net::HTTPRequest req(r.method, r.path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : r.headers) req.set(k, v);
    if (r.body.empty()) {
      session.sendRequest(req);
    } else {
      req.setContentLength(static_cast<std::streamsize>(r.body.size()));
      session.sendRequest(req) << r.body;
    }
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    Reply reply{static_cast<int>(res.getStatus()), Json::Value{}};
    Json::CharReaderBuilder rb;
    std::string errs;
    if (!Json::parseFromStream(rb, in, &reply.json, &errs) && reply.status < 300) return Result<Reply>::err(errs);
    if (reply.status >= 400) return Result<Reply>::err(r.path + " -> HTTP " + std::to_string(reply.status));
    return Result<Reply>::ok(reply);
  } catch (const Poco::Exception& e) {
    return Result<Reply>::err(e.displayText());
  }
}

// ---- domain -------------------------------------------------------------
struct Vendor {
  std::int64_t id;
  std::string name;
  std::string erp_code;  // origin_id
  bool active;
};

Vendor to_vendor(const Json::Value& v) {
  return Vendor{v["id"].asInt64(), v["name"].asString(), v.get("origin_id", "").asString(),
                v.get("is_active", true).asBool()};
}

std::vector<Vendor> to_vendors(const Reply& r) {
  std::vector<Vendor> out;
  std::transform(r.json.begin(), r.json.end(), std::back_inserter(out), to_vendor);
  return out;
}

Result<std::string> access_token(const Config& cfg) {
  const std::string form = "grant_type=refresh_token&refresh_token=" + cfg.refresh_token +
                           "&client_id=" + cfg.client_id + "&client_secret=" + cfg.client_secret;
  return send(with_body(at(hosts_of(cfg.env).login, "/oauth/token"), "POST",
                        "application/x-www-form-urlencoded", form))
      .transform([](const Reply& r) { return r.json["access_token"].asString(); });
}

Result<std::vector<Vendor>> company_directory(const Config& cfg, const std::string& token) {
  const auto path = "/rest/v1.0/companies/" + std::to_string(cfg.company_id) + "/vendors";
  return send(with_query(bearer(token)(at(hosts_of(cfg.env).api, path)), "per_page", "1000")).transform(to_vendors);
}

Result<std::vector<Vendor>> project_vendors(const Config& cfg, const std::string& token) {
  const Request req = company(cfg.company_id)(
      bearer(token)(at(hosts_of(cfg.env).api, "/rest/v1.0/projects/" + std::to_string(cfg.project_id) + "/vendors")));
  return send(req).transform(to_vendors);
}

Result<Vendor> vendor_by_id(const Config& cfg, const std::string& token, std::int64_t vendor_id) {
  const Request req = with_query(company(cfg.company_id)(bearer(token)(at(
                                     hosts_of(cfg.env).api, "/rest/v1.0/vendors/" + std::to_string(vendor_id)))),
                                 "company_id", std::to_string(cfg.company_id));
  return send(req).transform([](const Reply& r) { return to_vendor(r.json); });
}

Result<int> push_to_erp(const Config& cfg, const std::vector<Vendor>& vendors) {
  Json::Value arr(Json::arrayValue);
  for (const Vendor& v : vendors) {
    Json::Value row;
    row["code"] = v.erp_code;
    row["name"] = v.name;
    row["procore_vendor_id"] = Json::Int64(v.id);
    arr.append(row);
  }
  const Request req = with_body(at(cfg.erp_host, "/api/suppliers/bulk"), "POST", "application/json",
                                Json::writeString(Json::StreamWriterBuilder{}, arr));
  return send(req).transform([](const Reply& r) { return r.json.get("accepted", 0).asInt(); });
}

std::vector<std::int64_t> watched_vendor_ids(const std::string& file) {
  std::ifstream in(file);
  std::vector<std::string> lines{std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
  std::vector<std::int64_t> ids;
  std::transform(lines.begin(), lines.end(), std::back_inserter(ids),
                 [](const std::string& s) { return std::stoi(s); });
  return ids;
}

Environment env_named(const char* name) {
  const std::string n = name ? name : "";
  if (n == "sandbox") return Sandbox{};
  if (n == "us02") return Us02{};
  return Production{};
}

int main(int argc, char** argv) {
  if (argc < 2) return 64;
  const char* cid = std::getenv("PROCORE_COMPANY_ID");
  const Config cfg{env_named(std::getenv("PROCORE_ENV")),
                   std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "",
                   std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                   std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "",
                   cid ? std::strtoll(cid, nullptr, 10) : 0,
                   std::atol(argv[1]),
                   "erp.northwind-builders.local"};

  const auto token = access_token(cfg);
  if (!token) {
    std::cerr << "oauth: " << token.error << "\n";
    return 1;
  }
  const std::string& tok = *token.value;

  const auto directory = company_directory(cfg, tok);
  const auto on_project = project_vendors(cfg, tok);
  const auto watched = watched_vendor_ids(argc > 2 ? argv[2] : "watched_vendors.txt");

  const std::vector<Vendor> refreshed = std::accumulate(
      watched.begin(), watched.end(), std::vector<Vendor>{}, [&](std::vector<Vendor> acc, std::int64_t id) {
        auto v = vendor_by_id(cfg, tok, id);
        if (v) acc.push_back(*v.value);
        else std::cerr << "vendor " << id << ": " << v.error << "\n";
        return acc;
      });

  std::vector<Vendor> to_push = refreshed;
  if (on_project) to_push.insert(to_push.end(), on_project.value->begin(), on_project.value->end());
  const auto missing_code = std::count_if(to_push.begin(), to_push.end(), [](const Vendor& v) { return v.erp_code.empty(); });

  const auto accepted = push_to_erp(cfg, to_push);
  std::cout << (directory ? directory.value->size() : 0) << " vendors in directory, " << to_push.size()
            << " pushed, " << (accepted ? *accepted.value : 0) << " accepted, " << missing_code
            << " without ERP code\n";
  return accepted ? 0 : 2;
}
