// drawing_index_sync: keeps the plot room's drawing index (a TSV next to the
// plotter share) in step with the current drawing revisions in Procore, and
// queues changed sheets on the internal plot server.
//
//   pg_drawing_index_sync <company_id> <project_id> <index.tsv> [--sandbox]

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Environment {
    const char* login_host;
    const char* api_host;
};

const Environment kProduction{"login.procore.com", "api.procore.com"};
const Environment kSandbox{"sandbox.procore.com", "sandbox.procore.com"};

const char* kPlotServer = "plotter.internal";
const int kPlotServerPort = 8080;

struct IndexRow {
    int64_t drawing_id = 0;
    uint64_t revision_id = 0;
    int32_t set_id = 0;
    std::string number;
    std::string title;
    std::string revision;
};

httplib::Headers auth_headers(const std::string& token) {
    return {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
}

httplib::Headers company_headers(const std::string& token, int64_t company_id) {
    httplib::Headers h = auth_headers(token);
    h.emplace("Procore-Company-Id", std::to_string(company_id));
    return h;
}

std::string get_token(const Environment& env) {
    httplib::SSLClient login(env.login_host, 443);
    httplib::Params form{
        {"grant_type", "refresh_token"},
        {"client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : ""},
        {"client_secret", std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : ""},
        {"refresh_token", std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : ""},
    };
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return {};
    rapidjson::Document doc;
    doc.Parse(res->body.c_str());
    if (doc.HasParseError() || !doc.HasMember("access_token")) return {};
    return doc["access_token"].GetString();
}

// Walks page=1,2,... of a list endpoint until the server hands back an empty
// array. The callback sees every element; returning false stops early.
bool for_each_page(httplib::SSLClient& api, const std::string& path,
                   const httplib::Headers& headers,
                   const std::function<bool(const rapidjson::Value&)>& callback,
                   int per_page = 100) {
    for (int page = 1;; ++page) {
        std::string sep = path.find('?') == std::string::npos ? "?" : "&";
        std::string url = path + sep + "page=" + std::to_string(page) +
                          "&per_page=" + std::to_string(per_page);
        auto res = api.Get(url.c_str(), headers);
        if (!res) {
            std::cerr << "request failed: " << path << "\n";
            return false;
        }
        if (res->status != 200) {
            std::cerr << path << " -> HTTP " << res->status << "\n";
            return false;
        }
        rapidjson::Document doc;
        doc.Parse(res->body.c_str());
        if (doc.HasParseError() || !doc.IsArray()) return false;
        if (doc.Empty()) return true;
        for (const auto& item : doc.GetArray()) {
            if (!callback(item)) return true;
        }
    }
}

std::string str_or(const rapidjson::Value& v, const char* key, const char* fallback = "") {
    auto it = v.FindMember(key);
    return (it != v.MemberEnd() && it->value.IsString()) ? it->value.GetString() : fallback;
}

std::map<int64_t, IndexRow> load_index(const std::string& file) {
    std::map<int64_t, IndexRow> rows;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string id, rev, set;
        IndexRow row;
        std::getline(ss, id, '\t');
        std::getline(ss, rev, '\t');
        std::getline(ss, set, '\t');
        std::getline(ss, row.number, '\t');
        std::getline(ss, row.title, '\t');
        std::getline(ss, row.revision, '\t');
        if (id.empty()) continue;
        row.drawing_id = std::stoll(id);
        row.revision_id = std::stoull(rev);
        row.set_id = std::stoi(set);
        rows[row.drawing_id] = row;
    }
    return rows;
}

void save_index(const std::string& file, const std::map<int64_t, IndexRow>& rows) {
    std::ofstream out(file, std::ios::trunc);
    for (const auto& [id, r] : rows) {
        out << r.drawing_id << '\t' << r.revision_id << '\t' << r.set_id << '\t' << r.number
            << '\t' << r.title << '\t' << r.revision << '\n';
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: " << argv[0] << " <company_id> <project_id> <index.tsv> [--sandbox]\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const int64_t project_id = std::stoll(argv[2]);
    const std::string index_file = argv[3];
    const Environment& env =
        (argc > 4 && std::string(argv[4]) == "--sandbox") ? kSandbox : kProduction;

    const std::string token = get_token(env);
    if (token.empty()) {
        std::cerr << "could not obtain an access token from " << env.login_host << "\n";
        return 1;
    }

    httplib::SSLClient api(env.api_host, 443);
    api.set_read_timeout(30, 0);
    const std::string pid = std::to_string(project_id);
    const httplib::Headers scoped = company_headers(token, company_id);

    std::map<int, std::string> area_names;
    std::vector<int64_t> area_ids;
    for_each_page(api, "/rest/v1.1/projects/" + pid + "/drawing_areas", scoped,
                  [&](const rapidjson::Value& area) {
                      int64_t area_id = area["id"].GetInt64();
                      area_names[area_id] = str_or(area, "name", "(unnamed)");
                      area_ids.push_back(area_id);
                      return true;
                  });

    std::map<int64_t, IndexRow> current = load_index(index_file);
    std::vector<IndexRow> changed;
    const httplib::Headers bare = auth_headers(token);

    for (int64_t area_id : area_ids) {
        const std::string path = "/rest/v1.1/drawing_areas/" + std::to_string(area_id) +
                                 "/drawings?project_id=" + pid;
        for_each_page(api, path, bare, [&](const rapidjson::Value& d) {
            IndexRow row;
            row.drawing_id = d["id"].GetInt();
            row.number = str_or(d, "number");
            row.title = str_or(d, "title");
            if (d.HasMember("current_revision") && d["current_revision"].IsObject()) {
                const auto& rev = d["current_revision"];
                row.revision_id = rev["id"].GetUint64();
                row.revision = str_or(rev, "revision_number");
                if (rev.HasMember("drawing_set") && rev["drawing_set"].IsObject())
                    row.set_id = rev["drawing_set"]["id"].GetInt64();
            }
            auto it = current.find(row.drawing_id);
            if (it == current.end() || it->second.revision_id != row.revision_id)
                changed.push_back(row);
            current[row.drawing_id] = row;
            return true;
        });
    }

    // Drawing set names for the plot queue ticket.
    std::map<int64_t, std::string> set_names;
    for_each_page(api, "/rest/v1.0/projects/" + pid + "/drawing_sets", scoped,
                  [&](const rapidjson::Value& s) {
                      set_names[s["id"].GetInt64()] = str_or(s, "name");
                      return true;
                  }, 50);

    save_index(index_file, current);

    httplib::Client plotter(kPlotServer, kPlotServerPort);
    int queued = 0;
    for (const IndexRow& row : changed) {
        std::ostringstream ticket;
        ticket << "{\"sheet\":\"" << row.number << "\",\"revision\":\"" << row.revision
               << "\",\"set\":\"" << set_names[row.set_id] << "\",\"source\":\""
               << "https://app.procore.com/" << pid << "/project/drawing_areas\"}";
        auto res = plotter.Post("/queue", ticket.str(), "application/json");
        if (res && res->status / 100 == 2) ++queued;
    }
    std::cout << area_names.size() << " areas, " << current.size() << " drawings, "
              << changed.size() << " changed, " << queued << " queued for plotting\n";
    return 0;
}
