// location_sync.cpp -- mirrors the level/room tree exported from the BIM
// model into a Procore project's location list.
//
//   location_sync <company name> <project number> rooms.json
//
// The export is held in memory (keyed by the full location path), the remote
// location list is paged down, and the diff is applied: creates and renames
// one by one, removals through the bulk endpoint.
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <list>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace opts = curlpp::options;

static const std::string kLoginBase = "https://login.procore.com";
static const std::string kApiBase = "https://us02.procore.com";

using LocationId = unsigned int;

struct LocalLocation {
    std::string path;          // "Level 2 > Room 204"
    std::string name;
    std::optional<std::string> parent_path;
};

struct RemoteLocation {
    LocationId id = 0;
    std::string node_name;
    std::string name;
    std::optional<int64_t> parent_id;
};

struct ApiCall {
    std::string method = "GET";
    std::string path;
    std::list<std::string> headers;
    std::string body;
};

struct HttpResult {
    long status = 0;
    Json::Value json;
};

static Json::Value parse(const std::string& text) {
    Json::Value v;
    Json::CharReaderBuilder b;
    std::string errs;
    std::istringstream in(text);
    Json::parseFromStream(b, in, &v, &errs);
    return v;
}

static HttpResult send(const ApiCall& call) {
    std::ostringstream out;
    curlpp::Easy easy;
    easy.setOpt(new opts::Url(kApiBase + call.path));
    easy.setOpt(new opts::HttpHeader(call.headers));
    easy.setOpt(new opts::CustomRequest(call.method));
    if (!call.body.empty()) {
        easy.setOpt(new opts::PostFields(call.body));
        easy.setOpt(new opts::PostFieldSize(static_cast<long>(call.body.size())));
    }
    easy.setOpt(new opts::WriteStream(&out));
    easy.perform();
    return {curlpp::infos::ResponseCode::get(easy), parse(out.str())};
}

// Lookups that only need the bearer token.
static Json::Value simple_get(const std::string& path, const std::string& token) {
    std::ostringstream out;
    curlpp::Easy easy;
    easy.setOpt(new opts::Url(kApiBase + path));
    easy.setOpt(new opts::HttpHeader({"Authorization: Bearer " + token}));
    easy.setOpt(new opts::WriteStream(&out));
    easy.perform();
    return parse(out.str());
}

static std::string check_token(const std::string& token) {
    std::ostringstream out;
    curlpp::Easy easy;
    easy.setOpt(new opts::Url(kLoginBase + "/oauth/token/info"));
    easy.setOpt(new opts::HttpHeader({"Authorization: Bearer " + token}));
    easy.setOpt(new opts::WriteStream(&out));
    easy.perform();
    Json::Value info = parse(out.str());
    return info["expires_in_seconds"].isNull() ? "" : info["expires_in_seconds"].asString();
}

static std::map<std::string, LocalLocation> load_export(const std::string& file) {
    std::map<std::string, LocalLocation> out;
    std::ifstream in(file);
    Json::Value rooms;
    in >> rooms;
    for (const auto& r : rooms) {
        LocalLocation l;
        l.name = r["name"].asString();
        if (r.isMember("level")) l.parent_path = r["level"].asString();
        l.path = l.parent_path ? *l.parent_path + " > " + l.name : l.name;
        out[l.path] = l;
    }
    return out;
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s <company name> <project number> rooms.json\n", argv[0]);
        return 2;
    }
    curlpp::Cleanup cleanup;
    const std::string token = std::getenv("PROCORE_ACCESS_TOKEN");
    if (check_token(token).empty()) {
        std::fprintf(stderr, "access token rejected, run `location_sync login` first\n");
        return 1;
    }

    int64_t company_id = 0;
    for (const auto& c : simple_get("/rest/v1.0/companies", token))
        if (c["name"].asString() == argv[1]) company_id = c["id"].asInt64();
    if (!company_id) return 1;

    int64_t project_id = 0;
    Json::Value projects =
        simple_get("/rest/v1.0/projects?company_id=" + std::to_string(company_id), token);
    for (const auto& p : projects)
        if (p["project_number"].asString() == argv[2]) project_id = p["id"].asInt64();
    if (!project_id) return 1;

    ApiCall proto;
    proto.headers = {"Authorization: Bearer " + token,
                     "Procore-Company-Id: " + std::to_string(company_id),
                     "Content-Type: application/json", "Accept: application/json"};
    const std::string base = "/rest/v1.0/projects/" + std::to_string(project_id) + "/locations";

    // Remote snapshot.
    std::map<std::string, RemoteLocation> remote;   // keyed by node_name (full path)
    for (int page = 1;; ++page) {
        ApiCall call = proto;
        call.path = base + "?page=" + std::to_string(page) + "&per_page=200";
        HttpResult r = send(call);
        if (r.status != 200 || !r.json.isArray()) break;
        for (const auto& item : r.json) {
            RemoteLocation rl;
            rl.id = item["id"].asUInt();
            rl.name = item["name"].asString();
            rl.node_name = item["node_name"].asString();
            if (!item["parent_id"].isNull()) rl.parent_id = item["parent_id"].asInt64();
            remote[rl.node_name] = rl;
        }
        if (r.json.size() < 200) break;
    }

    auto local = load_export(argv[3]);
    int created = 0, renamed = 0;
    for (const auto& [path, loc] : local) {
        auto it = remote.find(path);
        if (it != remote.end() && it->second.name == loc.name) continue;
        Json::Value body;
        body["location"]["name"] = loc.name;
        if (loc.parent_path && remote.count(*loc.parent_path))
            body["location"]["parent_id"] = Json::Int64(remote[*loc.parent_path].id);
        ApiCall call = proto;
        call.body = Json::writeString(Json::StreamWriterBuilder(), body);
        if (it == remote.end()) {
            call.method = "POST";
            call.path = base;
            HttpResult r = send(call);
            if (r.status == 201) { remote[path].id = r.json["id"].asUInt(); ++created; }
        } else {
            call.method = "PATCH";
            call.path = base + "/" + std::to_string(it->second.id);
            if (send(call).status < 300) ++renamed;
        }
    }

    std::vector<LocationId> stale;
    for (const auto& [node, rl] : remote)
        if (!local.count(node)) stale.push_back(rl.id);

    if (!stale.empty()) {
        ApiCall call = proto;
        call.method = "DELETE";
        // bulk_destroy takes form params, not JSON
        call.headers = {"Authorization: Bearer " + token,
                        "Content-Type: application/x-www-form-urlencoded"};
        call.path = base + "/bulk_destroy";
        for (size_t i = 0; i < stale.size(); ++i)
            call.body += (i ? "&" : "") + std::string("ids[]=") + std::to_string(stale[i]);
        HttpResult r = send(call);
        if (r.status >= 300) std::fprintf(stderr, "bulk delete failed: %ld\n", r.status);
    }

    std::printf("%d created, %d renamed, %zu removed\n", created, renamed, stale.size());
    std::printf("Check the tree: https://app.procore.com/%lld/project/locations\n",
                static_cast<long long>(project_id));
    return 0;
}
