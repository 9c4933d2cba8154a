// drawing_mirror — builds a manifest of the current drawings of one project
// in the monthly sandbox, which the QA rig then diffs against the release
// candidate of the desktop viewer.
//
//   drawing_mirror <company-id> <project-id> > manifest.json
//
// Data flows through small pure steps: request description -> headers folded
// on -> response -> optional JSON -> vectors of records -> manifest.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace mirror {

constexpr auto kLoginHost = "https://login-sandbox-monthly.procore.com";
constexpr auto kApiHost = "https://api-monthly.procore.com";
constexpr auto kStorageHost = "https://storage.procore.com";
constexpr auto kWebHost = "https://app.procore.com";

using HeaderList = std::vector<std::pair<std::string, std::string>>;
using AreaNames = std::map<long, std::string>;  // drawing area id -> display name

struct Get {
    std::string path;
    HeaderList headers;
};

struct DrawingArea {
    Json::Int64 id;
    std::string name;
};

struct Drawing {
    Json::Int64 id;
    Json::Int64 area_id;
    std::string number;
    std::string title;
    int revision;
    std::string pdf_path;
};

Get with_header(Get g, std::string k, std::string v) {
    g.headers.emplace_back(std::move(k), std::move(v));
    return g;
}

auto header_adder(std::string k, std::string v) {
    return [k = std::move(k), v = std::move(v)](Get g) { return with_header(std::move(g), k, v); };
}

httplib::Headers to_httplib(const HeaderList& list) {
    return std::accumulate(list.begin(), list.end(), httplib::Headers{},
                           [](httplib::Headers acc, const auto& kv) {
                               acc.emplace(kv.first, kv.second);
                               return acc;
                           });
}

std::optional<Json::Value> parse_json(const std::string& body) {
    Json::CharReaderBuilder builder;
    Json::Value root;
    std::string errs;
    std::istringstream in(body);
    if (!Json::parseFromStream(builder, in, &root, &errs)) return std::nullopt;
    return root;
}

std::function<std::optional<Json::Value>(const Get&)> client_for(const std::string& host) {
    auto cli = std::make_shared<httplib::Client>(host);
    cli->set_connection_timeout(10);
    return [cli](const Get& g) -> std::optional<Json::Value> {
        auto res = cli->Get(g.path, to_httplib(g.headers));
        if (!res || res->status != 200) return std::nullopt;
        return parse_json(res->body);
    };
}

// The QA rig hands us a token; make sure it is alive before a 20-minute run.
bool token_alive(const std::string& token) {
    httplib::Client probe("https://api-monthly.procore.com");
    auto res = probe.Get("/oauth/token/info", httplib::Headers{{"Authorization", "Bearer " + token}});
    return res && res->status == 200;
}

std::vector<DrawingArea> to_areas(const Json::Value& arr) {
    std::vector<DrawingArea> out;
    std::transform(arr.begin(), arr.end(), std::back_inserter(out), [](const Json::Value& a) {
        return DrawingArea{a["id"].asInt64(), a["name"].asString()};
    });
    return out;
}

std::vector<Drawing> to_drawings(const Json::Value& arr) {
    std::vector<Drawing> out;
    std::transform(arr.begin(), arr.end(), std::back_inserter(out), [](const Json::Value& d) {
        const auto& rev = d["current_revision"];
        return Drawing{d["id"].asInt64(),
                       d["drawing_area_id"].asInt(),
                       d["number"].asString(),
                       d["title"].asString(),
                       rev["revision_number"].asInt(),
                       rev["pdf_url"].asString()};
    });
    return out;
}

Json::Value to_manifest(Json::Int64 project_id, const std::vector<Drawing>& drawings,
                        const AreaNames& area_names) {
    Json::Value root;
    root["project_id"] = project_id;
    root["project_url"] = std::string(kWebHost) + "/" + std::to_string(project_id) + "/project/drawings";
    root["drawings"] = std::accumulate(
        drawings.begin(), drawings.end(), Json::Value(Json::arrayValue),
        [&area_names](Json::Value acc, const Drawing& d) {
            Json::Value e;
            e["id"] = d.id;
            e["number"] = d.number;
            e["title"] = d.title;
            e["revision"] = d.revision;
            const auto it = area_names.find(d.area_id);
            e["area"] = it == area_names.end() ? "" : it->second;
            e["pdf"] = d.pdf_path;
            acc.append(e);
            return acc;
        });
    return root;
}

}  // namespace mirror

int main(int argc, char** argv) {
    using namespace mirror;
    if (argc < 3) {
        std::cerr << "usage: drawing_mirror <company-id> <project-id>\n";
        return 2;
    }
    const char* token = std::getenv("PROCORE_TOKEN");
    if (!token || !token_alive(token)) {
        std::cerr << "PROCORE_TOKEN missing or expired; see " << kLoginHost << "/oauth/authorize\n";
        return 1;
    }
    const Json::Int64 company_id = std::stoll(argv[1]);
    const Json::Int64 project_id = std::stoll(argv[2]);

    const auto api = client_for(kApiHost);
    const auto authorize = header_adder("Authorization", std::string("Bearer ") + token);
    const auto in_company = header_adder("Procore-Company-Id", std::to_string(company_id));
    const auto scoped = [&](Get g) { return in_company(authorize(std::move(g))); };

    const auto areas_json =
        api(scoped(Get{"/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas", {}}));
    if (!areas_json) return 1;
    const auto areas = to_areas(*areas_json);

    const auto area_names = std::accumulate(areas.begin(), areas.end(), AreaNames{},
                                            [](AreaNames m, const DrawingArea& a) {
                                                m.emplace(a.id, a.name);
                                                return m;
                                            });

    const auto drawings = std::accumulate(
        areas.begin(), areas.end(), std::vector<Drawing>{},
        [&](std::vector<Drawing> acc, const DrawingArea& a) {
            const auto path = "/rest/v1.1/drawing_areas/" + std::to_string(a.id) +
                              "/drawings?project_id=" + std::to_string(project_id);
            const auto page = api(authorize(Get{path, {}}));
            if (!page) return acc;
            auto more = to_drawings(*page);
            acc.insert(acc.end(), more.begin(), more.end());
            return acc;
        });

    // Presigned download links: keep only the path, the rig prepends the storage host.
    std::vector<Drawing> relinked;
    std::transform(drawings.begin(), drawings.end(), std::back_inserter(relinked), [](Drawing d) {
        const auto pos = d.pdf_path.find(kStorageHost);
        if (pos == 0) d.pdf_path = d.pdf_path.substr(std::string(kStorageHost).size());
        return d;
    });

    Json::StreamWriterBuilder w;
    w["indentation"] = "  ";
    std::cout << Json::writeString(w, to_manifest(project_id, relinked, area_names)) << "\n";
    std::cerr << drawings.size() << " drawings in " << areas.size() << " areas\n";
    return 0;
}
