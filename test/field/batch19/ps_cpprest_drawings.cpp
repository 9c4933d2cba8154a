// drawing_set_exporter.cpp
//
// VDC group CLI: lists the drawing areas and current revisions of a project
// and downloads the PDFs into an offline set for the trailer plotter.
// cpprestsdk tasks; each endpoint's headers come from a composite of CRTP
// decorator policies chosen at compile time.

#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace vdc {

struct DefaultHosts {
  static constexpr const char* login = "https://login.procore.com";
  static constexpr const char* api = "https://api.procore.com";
  static constexpr const char* web = "https://app.procore.com";
};
// company moved to the US02 zone in 2023
struct Us02Hosts {
  static constexpr const char* login = "https://login.procore.com";
  static constexpr const char* api = "https://us02.procore.com";
  static constexpr const char* web = "https://us02.procore.com";
};
#ifdef VDC_ZONE_US02
using Hosts = Us02Hosts;
#else
using Hosts = DefaultHosts;
#endif

struct Session {
  utility::string_t access_token;
  std::int64_t company_id = 0;
};

// ------------------------------------------------------------ decorator policies
template <class Derived>
struct Decorator {
  void decorate(http_request& req, const Session& s) const {
    static_cast<const Derived&>(*this).add_headers(req.headers(), s);
  }
};
struct BearerDecorator : Decorator<BearerDecorator> {
  void add_headers(http_headers& h, const Session& s) const {
    h.add(U("Authorization"), U("Bearer ") + s.access_token);
  }
};
struct CompanyDecorator : Decorator<CompanyDecorator> {
  void add_headers(http_headers& h, const Session& s) const {
    h.add(U("Procore-Company-Id"), utility::conversions::to_string_t(std::to_string(s.company_id)));
  }
};
struct JsonAcceptDecorator : Decorator<JsonAcceptDecorator> {
  void add_headers(http_headers& h, const Session&) const { h.add(U("Accept"), U("application/json")); }
};

template <class... Ds>
struct Composite {
  static void apply(http_request& req, const Session& s) { (Ds{}.decorate(req, s), ...); }
};

using CompanyScoped = Composite<BearerDecorator, CompanyDecorator, JsonAcceptDecorator>;
using UserScoped = Composite<BearerDecorator, JsonAcceptDecorator>;

template <class H, class Policy>
class Api {
 public:
  explicit Api(const Session& s) : session_(s), client_(utility::conversions::to_string_t(H::api)) {}

  json::value get_json(const utility::string_t& path_and_query) {
    http_request req(methods::GET);
    req.set_request_uri(path_and_query);
    Policy::apply(req, session_);
    return client_.request(req)
        .then([](http_response r) {
          if (r.status_code() != status_codes::OK) return pplx::task_from_result(json::value::array());
          return r.extract_json();
        })
        .get();
  }

 private:
  const Session& session_;
  http_client client_;
};

// ------------------------------------------------------------ model
struct Revision {
  std::int64_t id = 0;
  std::int64_t drawing_id = 0;
  utility::string_t number;
  utility::string_t title;
  utility::string_t pdf_url;
};

using AreaIndex = std::map<int, utility::string_t>;  // area id -> area name

utility::string_t to_t(std::int64_t v) { return utility::conversions::to_string_t(std::to_string(v)); }

bool refresh(Session& s, const utility::string_t& refresh_token, const utility::string_t& client_id,
             const utility::string_t& secret) {
  http_client auth(utility::conversions::to_string_t(Hosts::login));
  const utility::string_t form = U("grant_type=refresh_token&refresh_token=") + refresh_token +
                                 U("&client_id=") + client_id + U("&client_secret=") + secret;
  http_response r =
      auth.request(methods::POST, U("/oauth/token"), form, U("application/x-www-form-urlencoded")).get();
  if (r.status_code() != status_codes::OK) return false;
  s.access_token = r.extract_json().get().at(U("access_token")).as_string();
  return true;
}

AreaIndex drawing_areas(const Session& s, std::int64_t project_id) {
  AreaIndex areas;
  Api<Hosts, UserScoped> api(s);
  json::value list = api.get_json(U("/rest/v1.0/projects/") + to_t(project_id) + U("/drawing_areas"));
  for (const auto& a : list.as_array())
    areas[a.at(U("id")).as_number().to_int64()] = a.at(U("name")).as_string();
  return areas;
}

std::vector<Revision> current_revisions(const Session& s, std::int64_t project_id, std::int64_t area_id) {
  std::vector<Revision> out;
  Api<Hosts, CompanyScoped> api(s);
  json::value list = api.get_json(U("/rest/v1.0/projects/") + to_t(project_id) +
                                  U("/drawing_revisions?drawing_area_id=") + to_t(area_id) +
                                  U("&current_only=true"));
  for (const auto& r : list.as_array()) {
    Revision rev;
    rev.id = r.at(U("id")).as_number().to_int64();
    rev.drawing_id = r.at(U("drawing_id")).as_integer();
    rev.number = r.at(U("number")).as_string();
    rev.title = r.has_field(U("title")) ? r.at(U("title")).as_string() : U("");
    rev.pdf_url = r.has_field(U("pdf_url")) ? r.at(U("pdf_url")).as_string() : U("");
    out.push_back(rev);
  }
  return out;
}

std::size_t count_drawing_sets(const Session& s, std::int64_t project_id) {
  Api<Hosts, CompanyScoped> api(s);
  json::value sets = api.get_json(U("/rest/v1.0/projects/") + to_t(project_id) + U("/drawing_sets"));
  return sets.is_array() ? sets.as_array().size() : 0;
}

// pdf_url is a presigned storage link, no Procore headers needed
bool download_pdf(const Revision& rev, const std::string& dir) {
  http_client storage(rev.pdf_url);
  http_response r = storage.request(methods::GET).get();
  if (r.status_code() != status_codes::OK) return false;
  const std::vector<unsigned char> bytes = r.extract_vector().get();
  std::ofstream f(dir + "/" + utility::conversions::to_utf8string(rev.number) + ".pdf", std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

}  // namespace vdc

int main(int argc, char** argv) {
  using namespace vdc;
  if (argc < 4) {
    std::cerr << "usage: drawing_set_exporter <company_id> <project_id> <out_dir>\n";
    return 2;
  }
  Session s;
  s.company_id = std::strtoll(argv[1], nullptr, 10);
  const std::int64_t project_id = std::strtoll(argv[2], nullptr, 10);
  const std::string out_dir = argv[3];
  const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
  const char* cid = std::getenv("PROCORE_CLIENT_ID");
  const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
  if (!rt || !cid || !sec) return 2;

  try {
    if (!refresh(s, rt, cid, sec)) {
      std::cerr << "login failed\n";
      return 1;
    }
    std::cout << count_drawing_sets(s, project_id) << " drawing sets\n";
    int downloaded = 0;
    for (const auto& [area_id, name] : drawing_areas(s, project_id)) {
      std::cout << "area " << name << "\n";
      for (const auto& rev : current_revisions(s, project_id, area_id)) {
        if (!rev.pdf_url.empty() && download_pdf(rev, out_dir)) ++downloaded;
      }
    }
    std::cout << downloaded << " sheets saved; review online at " << Hosts::web << "/"
              << project_id << "/project/drawing_log\n";
  } catch (const std::exception& e) {
    std::cerr << "export failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
