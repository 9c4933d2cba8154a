// folder_mirror: uploads a local drawing-set directory into a project's
// Documents tool on the monthly sandbox, creating the folder chain first.
// See https://developers.procore.com/reference/rest/folders for the API.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

using json = nlohmann::json;

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

struct Host {
  std::string_view name;
};
struct Route {
  Host host;
  std::string path;
};
inline Route operator+(Host h, std::string_view path) { return Route{h, std::string(path)}; }

// Monthly sandbox
constexpr Host kLogin{"login-sandbox-monthly.procore.com"};
constexpr Host kApi{"api-monthly.procore.com"};

struct Tokens {
  std::string access;
  std::string refresh;
};

struct RefreshToken {
  std::string client_id;
  std::string client_secret;
};
struct GetMe {};
struct ListFolders {
  std::int64_t project_id;
  std::optional<std::int64_t> company_id;
};
struct GetFolder {
  std::int64_t project_id;
  std::int64_t folder_id;
  std::optional<std::int64_t> company_id;
};
struct CreateFolder {
  std::int64_t project_id;
  std::optional<std::int64_t> parent_id;
  std::string name;
  std::optional<std::int64_t> company_id;
};
struct CreateUpload {
  std::int64_t project_id;
  std::string file_name;
  std::int64_t company_id;
};
struct CreateFile {
  std::int64_t project_id;
  std::int64_t parent_id;
  std::string name;
  std::string upload_uuid;
  std::int64_t company_id;
};

using Request = std::variant<RefreshToken, GetMe, ListFolders, GetFolder, CreateFolder,
                             CreateUpload, CreateFile>;
using HeaderMap = std::map<std::string, std::string>;

HeaderMap auth_headers(const Tokens &t, std::optional<std::int64_t> company) {
  HeaderMap h{{"Authorization", "Bearer " + t.access}};
  if (company) h.emplace("Procore-Company-Id", std::to_string(*company));
  return h;
}

struct Built {
  Route route;
  bool post;
  HeaderMap headers;
  std::string body;
};

Built build(const Request &req, const Tokens &t) {
  return std::visit(
      overloaded{
          [&](const RefreshToken &r) {
            json b{{"grant_type", "refresh_token"}, {"client_id", r.client_id},
                   {"client_secret", r.client_secret}, {"refresh_token", t.refresh}};
            return Built{Host{"api-monthly.procore.com"} + "/oauth/token", true, {}, b.dump()};
          },
          [&](const GetMe &) {
            return Built{kApi + "/rest/v1.0/me", false, auth_headers(t, std::nullopt), {}};
          },
          [&](const ListFolders &r) {
            return Built{kApi + ("/rest/v1.0/folders?project_id=" + std::to_string(r.project_id)),
                         false, auth_headers(t, r.company_id), {}};
          },
          [&](const GetFolder &r) {
            return Built{kApi + ("/rest/v1.0/folders/" + std::to_string(r.folder_id) +
                                 "?project_id=" + std::to_string(r.project_id)),
                         false, auth_headers(t, r.company_id), {}};
          },
          [&](const CreateFolder &r) {
            json folder{{"name", r.name}};
            if (r.parent_id) folder["parent_id"] = *r.parent_id;
            return Built{kApi + ("/rest/v1.0/folders?project_id=" + std::to_string(r.project_id)),
                         true, auth_headers(t, r.company_id), json{{"folder", folder}}.dump()};
          },
          [&](const CreateUpload &r) {
            json b{{"response_filename", r.file_name}, {"response_content_type", "application/pdf"}};
            return Built{kApi + ("/rest/v1.0/projects/" + std::to_string(r.project_id) + "/uploads"),
                         true, auth_headers(t, r.company_id), b.dump()};
          },
          [&](const CreateFile &r) {
            json b{{"file", {{"parent_id", r.parent_id}, {"name", r.name}, {"upload_uuid", r.upload_uuid}}}};
            return Built{kApi + ("/rest/v1.0/files?project_id=" + std::to_string(r.project_id)),
                         true, auth_headers(t, r.company_id), b.dump()};
          },
      },
      req);
}

std::optional<json> send(const Request &req, const Tokens &t) {
  auto [route, post, headers, body] = build(req, t);
  httplib::SSLClient cli{std::string(route.host.name)};
  httplib::Headers h(headers.begin(), headers.end());
  auto res = post ? cli.Post(route.path, h, body, "application/json") : cli.Get(route.path, h);
  if (!res || res->status >= 300) {
    std::cerr << (post ? "POST " : "GET ") << route.host.name << route.path << " failed\n";
    return std::nullopt;
  }
  return json::parse(res->body, nullptr, false);
}

// Presigned storage upload: the URL and form fields come back from /uploads.
bool put_to_storage(const json &upload, const std::string &bytes, const std::string &name) {
  const std::string url = upload.value("url", "");  // https://storage.procore.com/...
  const auto scheme_end = url.find("://");
  const auto path_start = url.find('/', scheme_end + 3);
  httplib::SSLClient storage{url.substr(scheme_end + 3, path_start - scheme_end - 3)};
  httplib::MultipartFormDataItems items;
  for (const auto &[k, v] : upload.value("fields", json::object()).items())
    items.push_back({k, v.get<std::string>(), "", ""});
  items.push_back({"file", bytes, name, "application/pdf"});
  auto res = storage.Post(url.substr(path_start), items);
  return res && res->status / 100 == 2;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    std::cerr << "usage: folder_mirror <company_id> <project_id> <folder/path> <file.pdf>\n";
    return 2;
  }
  const std::int64_t company_id = std::stoll(argv[1]);
  const std::int64_t project_id = std::stoll(argv[2]);
  Tokens tokens{"", std::getenv("PROCORE_REFRESH") ? std::getenv("PROCORE_REFRESH") : ""};

  auto fresh = send(RefreshToken{"folder-mirror", std::getenv("PROCORE_SECRET") ? std::getenv("PROCORE_SECRET") : ""}, tokens);
  if (!fresh) return 1;
  tokens.access = fresh->value("access_token", "");
  tokens.refresh = fresh->value("refresh_token", tokens.refresh);
  if (auto me = send(GetMe{}, tokens)) std::cout << "as " << me->value("login", "") << '\n';

  auto root = send(ListFolders{project_id, company_id}, tokens);
  if (!root) return 1;
  std::optional<std::int64_t> parent = root->value("id", std::int64_t{0});
  std::vector<int> breadcrumb;

  std::stringstream segments(argv[3]);
  for (std::string segment; std::getline(segments, segment, '/');) {
    if (segment.empty()) continue;
    auto current = send(GetFolder{project_id, *parent}, tokens);
    std::optional<std::int64_t> found;
    if (current)
      for (const auto &child : current->value("folders", json::array()))
        if (child.value("name", "") == segment) found = child.at("id").get<std::int64_t>();
    if (!found) {
      auto made = send(CreateFolder{project_id, parent, segment, company_id}, tokens);
      if (!made) return 1;
      found = made->at("id").get<std::int64_t>();
    }
    breadcrumb.push_back(*found);
    parent = found;
  }

  std::ifstream in(argv[4], std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string name = std::string(argv[4]).substr(std::string(argv[4]).find_last_of('/') + 1);
  auto upload = send(CreateUpload{project_id, name, company_id}, tokens);
  if (!upload || !put_to_storage(*upload, bytes, name)) return 1;
  auto file = send(CreateFile{project_id, *parent, name, upload->value("uuid", ""), company_id}, tokens);
  if (!file) return 1;
  std::cout << "uploaded file " << file->value("id", std::uint64_t{0}) << " at depth "
            << breadcrumb.size() << '\n';
  return 0;
}
