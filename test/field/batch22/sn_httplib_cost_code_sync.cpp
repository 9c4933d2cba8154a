// cost_code_sync.cpp -- keeps a Procore project's cost codes in step with the
// estimating system's cost code tree.
//
//   cost_code_sync <project_id> [--dry-run]
//
// Local side: pulled from the estimating gateway into an in-memory map keyed by
// the full code ("03-300").  Remote side: the project's cost codes, paged.  The
// diff becomes batched sync calls (creates/updates) and per-code deletes.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

const char* kApiBase = "https://sandbox.procore.com";
const char* kTokenBase = "https://sandbox.procore.com";
const char* kEstimatingHost = "estimating-gw.corp.local";
const int kEstimatingPort = 8080;
const int kPerPage = 200;
const size_t kBatchSize = 100;

struct LocalCode {
    std::string full_code;
    std::string name;
    std::string parent_code;
    std::optional<int64_t> procore_id;
};

struct RemoteCode {
    int64_t id = 0;
    std::string full_code;
    std::string name;
    std::optional<int> parent_id;
};

struct Session {
    std::string access_token;
    int64_t company_id = 0;
    int64_t project_id = 0;

    httplib::Headers headers() const {
        return {{"Authorization", "Bearer " + access_token},
                {"Procore-Company-Id", std::to_string(company_id)},
                {"Accept", "application/json"}};
    }
};

std::string refresh_access_token() {
    httplib::Client auth(kTokenBase);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                         {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                         {"refresh_token", std::getenv("PROCORE_REFRESH_TOKEN")}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) return {};
    rapidjson::Document doc;
    doc.Parse(res->body.c_str());
    return doc.HasMember("access_token") ? doc["access_token"].GetString() : "";
}

std::map<std::string, LocalCode> load_estimating_tree(const std::string& job_number) {
    std::map<std::string, LocalCode> out;
    httplib::Client gw(kEstimatingHost, kEstimatingPort);
    auto res = gw.Get(("/api/jobs/" + job_number + "/cost-codes").c_str());
    if (!res || res->status != 200) return out;
    rapidjson::Document doc;
    doc.Parse(res->body.c_str());
    for (const auto& row : doc.GetArray()) {
        LocalCode c;
        c.full_code = row["code"].GetString();
        c.name = row["description"].GetString();
        c.parent_code = row.HasMember("parent") ? row["parent"].GetString() : "";
        if (row.HasMember("procore_id") && row["procore_id"].IsInt64())
            c.procore_id = row["procore_id"].GetInt64();
        out[c.full_code] = c;
    }
    return out;
}

bool verify_project(httplib::Client& cli, const Session& s) {
    httplib::Headers h{{"Authorization", "Bearer " + s.access_token},
                       {"X-Procore-Company-Id", std::to_string(s.company_id)}};
    auto res = cli.Get(("/rest/v1.0/projects/" + std::to_string(s.project_id) +
                        "?company_id=" + std::to_string(s.company_id)).c_str(), h);
    return res && res->status == 200;
}

std::map<int64_t, RemoteCode> fetch_remote(httplib::Client& cli, const Session& s) {
    std::map<int64_t, RemoteCode> out;
    for (int page = 1;; ++page) {
        std::string path = "/rest/v1.0/cost_codes?project_id=" + std::to_string(s.project_id) +
                           "&page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
        auto res = cli.Get(path.c_str(), s.headers());
        if (!res || res->status != 200) break;
        rapidjson::Document doc;
        doc.Parse(res->body.c_str());
        for (const auto& item : doc.GetArray()) {
            RemoteCode rc;
            rc.id = item["id"].GetInt();
            rc.full_code = item["full_code"].GetString();
            rc.name = item["name"].GetString();
            if (item.HasMember("parent") && item["parent"].IsObject())
                rc.parent_id = item["parent"]["id"].GetInt();
            out[rc.id] = rc;
        }
        if (doc.Size() < static_cast<rapidjson::SizeType>(kPerPage)) break;
    }
    return out;
}

std::string to_json(const rapidjson::Value& v) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    v.Accept(w);
    return sb.GetString();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: cost_code_sync <project_id> <estimating job no> [--dry-run]\n";
        return 2;
    }
    const bool dry_run = argc > 3 && std::string(argv[3]) == "--dry-run";

    Session s;
    s.access_token = refresh_access_token();
    s.company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    s.project_id = std::stoi(argv[1]);
    if (s.access_token.empty()) {
        std::cerr << "could not refresh token\n";
        return 1;
    }

    httplib::Client cli(kApiBase);
    cli.set_connection_timeout(10);
    if (!verify_project(cli, s)) {
        std::cerr << "project " << s.project_id << " not visible to this user\n";
        return 1;
    }

    auto local = load_estimating_tree(argv[2]);
    auto remote = fetch_remote(cli, s);

    // Diff.
    std::map<std::string, int64_t> remote_by_code;
    for (const auto& [id, rc] : remote) remote_by_code[rc.full_code] = id;

    rapidjson::Document payload;
    payload.SetArray();
    auto& alloc = payload.GetAllocator();
    for (auto& [code, lc] : local) {
        auto hit = remote_by_code.find(code);
        if (hit != remote_by_code.end()) lc.procore_id = hit->second;
        if (lc.procore_id && remote.count(*lc.procore_id) &&
            remote[*lc.procore_id].name == lc.name)
            continue;
        rapidjson::Value u(rapidjson::kObjectType);
        if (lc.procore_id) u.AddMember("id", rapidjson::Value(*lc.procore_id), alloc);
        u.AddMember("full_code", rapidjson::Value(lc.full_code.c_str(), alloc), alloc);
        u.AddMember("name", rapidjson::Value(lc.name.c_str(), alloc), alloc);
        u.AddMember("origin_id", rapidjson::Value(code.c_str(), alloc), alloc);
        payload.PushBack(u, alloc);
    }

    std::vector<int64_t> doomed;
    for (const auto& [id, rc] : remote)
        if (!local.count(rc.full_code)) doomed.push_back(id);

    std::cout << payload.Size() << " upserts, " << doomed.size() << " deletes\n";
    if (dry_run) return 0;

    // Batched upserts, 100 per call.
    int failed_batches = 0;
    for (rapidjson::SizeType start = 0; start < payload.Size(); start += kBatchSize) {
        rapidjson::Document body;
        body.SetObject();
        rapidjson::Value updates(rapidjson::kArrayType);
        for (rapidjson::SizeType i = start; i < payload.Size() && i < start + kBatchSize; ++i)
            updates.PushBack(rapidjson::Value(payload[i], body.GetAllocator()), body.GetAllocator());
        body.AddMember("project_id", rapidjson::Value(s.project_id), body.GetAllocator());
        body.AddMember("updates", updates, body.GetAllocator());

        httplib::Headers h = s.headers();
        h.emplace("Idempotency-Key", std::to_string(s.project_id) + "-" + std::to_string(start));
        auto res = cli.Patch("/rest/v1.0/cost_codes/sync", h, to_json(body), "application/json");
        if (!res || res->status >= 300) ++failed_batches;
    }

    // Deletes go one at a time; the sync endpoint has no delete verb.
    httplib::Client del(kApiBase);
    del.set_bearer_token_auth(s.access_token.c_str());
    for (int64_t id : doomed) {
        std::string path = "/rest/v1.0/cost_codes/" + std::to_string(id) +
                           "?project_id=" + std::to_string(s.project_id);
        auto res = del.Delete(path.c_str());
        if (!res || res->status >= 300)
            std::cerr << "delete of cost code " << id << " failed\n";
    }

    std::cout << "done; " << failed_batches << " failed batches. Review: https://app.procore.com/"
              << s.project_id << "/project/admin/cost_codes\n";
    return failed_batches ? 1 : 0;
}
