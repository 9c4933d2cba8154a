// drawing_indexer: headless service (Developer Managed Service Account) that
// walks every project's current drawing set and pushes sheet metadata to the
// internal search index. Authenticates with the client-credentials grant.
//
// Headers are small callable objects; a request's header set is a std::tuple
// of them, flattened into a cpr::Header with std::apply.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace dwg {

using json = nlohmann::json;

struct Env {
  static constexpr const char* login = "https://login.procore.com";
  static constexpr const char* rest = "https://api.procore.com/rest/v1.0";
  static constexpr const char* search = "https://search.northgate.internal/v1/index/drawings";
};

struct Company     { using id_type = std::int64_t; };
struct Project     { using id_type = std::int64_t; };
struct DrawingArea { using id_type = std::int64_t; };
struct Drawing     { using id_type = std::int64_t; };

// ---- header objects -----------------------------------------------------------
struct BearerToken {
  std::string token;
  void operator()(cpr::Header& h) const { h["Authorization"] = "Bearer " + token; }
};
struct AcceptJson {
  void operator()(cpr::Header& h) const { h["Accept"] = "application/json"; }
};
struct CompanyScope {
  Company::id_type id;
  void operator()(cpr::Header& h) const { h["Procore-Company-Id"] = std::to_string(id); }
};
struct Named {
  std::string name, value;
  void operator()(cpr::Header& h) const { h[name] = value; }
};

template <class... Hs>
cpr::Header flatten(const std::tuple<Hs...>& hs) {
  cpr::Header h;
  std::apply([&h](const auto&... each) { (each(h), ...); }, hs);
  return h;
}

struct Ctx {
  std::string token;
  Company::id_type company = 0;
};

// ---- transport --------------------------------------------------------------
template <class Tuple>
json get_with(const std::string& url, const Tuple& headers) {
  cpr::Response r = cpr::Get(cpr::Url{url}, flatten(headers));
  if (r.status_code != 200) {
    std::cerr << "GET " << url << " -> " << r.status_code << '\n';
    return json::array();
  }
  return json::parse(r.text, nullptr, false);
}

template <class... Extra>
json get_scoped(const Ctx& c, const std::string& path, Extra... extra) {
  return get_with(std::string(Env::rest) + path,
                  std::make_tuple(BearerToken{c.token}, AcceptJson{}, CompanyScope{c.company},
                                  std::move(extra)...));
}

inline bool fetch_token(Ctx& c, const std::string& client_id, const std::string& secret) {
  cpr::Response r = cpr::Post(cpr::Url{std::string(Env::login) + "/oauth/token"},
                              cpr::Payload{{"grant_type", "client_credentials"},
                                           {"client_id", client_id},
                                           {"client_secret", secret}});
  if (r.status_code != 200) return false;
  c.token = json::parse(r.text).value("access_token", "");
  return !c.token.empty();
}

struct SheetRow {
  Project::id_type project_id;
  Drawing::id_type drawing_id;
  long revision_id;
  std::string number, title, discipline, link;
  int revision_count;
};

inline bool is_presigned_storage(const std::string& url) {
  return url.rfind("https://storage.procore.com/", 0) == 0;
}

}  // namespace dwg

int main() {
  using namespace dwg;
  const char* cid = std::getenv("DMSA_CLIENT_ID");
  const char* sec = std::getenv("DMSA_CLIENT_SECRET");
  const char* company = std::getenv("PROCORE_COMPANY_ID");
  if (!cid || !sec || !company) {
    std::cerr << "DMSA_CLIENT_ID, DMSA_CLIENT_SECRET and PROCORE_COMPANY_ID are required\n";
    return 2;
  }

  Ctx ctx;
  ctx.company = std::stoll(company);
  if (!fetch_token(ctx, cid, sec)) {
    std::cerr << "client_credentials grant failed\n";
    return 1;
  }

  // Sanity checks: who is the service account and can it see the company?
  json me = get_with(std::string(Env::rest) + "/me",
                     std::make_tuple(BearerToken{ctx.token}, AcceptJson{}));
  std::cerr << "service account: " << me.value("name", "?") << '\n';
  json companies = get_with(std::string(Env::rest) + "/companies",
                            std::make_tuple(BearerToken{ctx.token}, AcceptJson{},
                                            CompanyScope{ctx.company}));
  bool visible = false;
  for (const auto& c : companies)
    visible = visible || c["id"].get<Company::id_type>() == ctx.company;
  if (!visible) {
    std::cerr << "company " << ctx.company << " not visible to this service account\n";
    return 1;
  }

  std::vector<SheetRow> rows;
  for (const auto& p : get_scoped(ctx, "/projects?company_id=" + std::to_string(ctx.company))) {
    const auto pid = p["id"].get<Project::id_type>();
    const auto ps = std::to_string(pid);
    for (const auto& area : get_scoped(ctx, "/projects/" + ps + "/drawing_areas")) {
      const auto area_id = area["id"].get<DrawingArea::id_type>();
      for (const auto& d : get_scoped(ctx, "/drawing_areas/" + std::to_string(area_id) +
                                               "/drawings?project_id=" + ps)) {
        SheetRow row{};
        row.project_id = pid;
        row.drawing_id = d["id"].get<Drawing::id_type>();
        row.number = d.value("number", "");
        row.title = d.value("title", "");
        row.discipline = d.value("discipline", json::object()).value("name", "");
        row.link = "https://app.procore.com/" + ps + "/project/drawing_log/view_fullscreen/" +
                   std::to_string(row.drawing_id);

        json revs = get_with(std::string(Env::rest) + "/projects/" + ps +
                                 "/drawing_revisions?filters[drawing_id]=" +
                                 std::to_string(row.drawing_id),
                             std::make_tuple(BearerToken{ctx.token}, AcceptJson{},
                                             Named{"X-Procore-Company-Id",
                                                   std::to_string(ctx.company)}));
        row.revision_count = static_cast<int>(revs.size());
        if (!revs.empty()) {
          const auto& latest = revs.back();
          row.revision_id = latest["id"].get<std::int64_t>();
          const std::string pdf = latest.value("pdf_url", "");
          if (!is_presigned_storage(pdf)) std::cerr << "unexpected pdf host for " << row.number << '\n';
        }
        rows.push_back(std::move(row));
      }
    }
  }

  json batch = json::array();
  for (const auto& r : rows)
    batch.push_back({{"project_id", r.project_id}, {"drawing_id", r.drawing_id},
                     {"revision_id", r.revision_id}, {"number", r.number}, {"title", r.title},
                     {"discipline", r.discipline}, {"url", r.link},
                     {"revisions", r.revision_count}});
  const char* search_key = std::getenv("SEARCH_API_KEY");
  cpr::Response pushed = cpr::Post(cpr::Url{Env::search},
                                   cpr::Header{{"X-Api-Key", search_key ? search_key : ""},
                                               {"Content-Type", "application/json"}},
                                   cpr::Body{batch.dump()});
  std::cerr << rows.size() << " sheets indexed (search HTTP " << pushed.status_code << ")\n";
  return pushed.status_code == 200 ? 0 : 1;
}
