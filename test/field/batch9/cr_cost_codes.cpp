// costcode_bridge - mirrors the ERP job-cost structure into Procore cost codes.
// libcurl underneath, policies on top: Auth, CompanyScope and Retry are
// template parameters of the CRTP base so tests can swap them out.
#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace bridge {

static size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

// ------------------------------------------------------------ endpoint traits
struct CostCodesEndpoint {
    static constexpr const char* path = "/rest/v1.0/cost_codes";
    using id_type = std::int64_t;
    static constexpr bool needs_project = true;
};

struct CostTypesEndpoint {
    static constexpr const char* path = "/rest/v1.0/cost_types";
    using id_type = std::int64_t;
    static constexpr bool needs_project = false;
};

struct CompaniesEndpoint {
    static constexpr const char* path = "/rest/v1.0/companies";
    using id_type = std::int64_t;
    static constexpr bool needs_project = false;
};

// ------------------------------------------------------------ policies
struct OAuthBearer {
    std::string token;
    curl_slist* headers(curl_slist* list) const {
        return curl_slist_append(list, ("Authorization: Bearer " + token).c_str());
    }
};

struct CompanyHeader {
    std::int64_t companyId = 0;
    curl_slist* headers(curl_slist* list) const {
        return curl_slist_append(list, ("Procore-Company-Id: " + std::to_string(companyId)).c_str());
    }
};

template <int Attempts, int BaseDelayMs>
struct BackoffRetry {
    template <typename F>
    long run(F&& f) const {
        long status = 0;
        for (int i = 0; i < Attempts; ++i) {
            status = f();
            if (status != 429 && status < 500) return status;
            std::this_thread::sleep_for(std::chrono::milliseconds(BaseDelayMs << i));
        }
        return status;
    }
};

// ------------------------------------------------------------ CRTP client
template <typename Derived, typename Auth, typename Scope, typename Retry>
class ClientBase {
public:
    ClientBase(Auth a, Scope s) : auth_(std::move(a)), scope_(std::move(s)) {}

    long request(const char* method, const std::string& url, const std::string& body,
                 std::string& out) {
        return retry_.run([&]() -> long {
            out.clear();
            CURL* h = curl_easy_init();
            curl_slist* hdr = curl_slist_append(nullptr, "Content-Type: application/json");
            hdr = auth_.headers(hdr);
            hdr = scope_.headers(hdr);
            curl_easy_setopt(h, CURLOPT_URL, url.c_str());
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
            curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
            curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
            curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
            if (!body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
            curl_easy_perform(h);
            long code = 0;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
            curl_slist_free_all(hdr);
            curl_easy_cleanup(h);
            return code;
        });
    }

    template <typename Endpoint>
    std::string list(std::int64_t projectId) {
        std::string url = static_cast<Derived*>(this)->base() + Endpoint::path;
        if constexpr (Endpoint::needs_project) {
            url += "?project_id=" + std::to_string(projectId);
        }
        std::string out;
        request("GET", url, "", out);
        return out;
    }

protected:
    Auth auth_;
    Scope scope_;
    Retry retry_;
};

class ProcoreClient
    : public ClientBase<ProcoreClient, OAuthBearer, CompanyHeader, BackoffRetry<4, 250>> {
public:
    using ClientBase::ClientBase;
    std::string base() const { return "https://api.procore.com"; }

    // Single-shot create; kept outside the retry loop so we never double-post.
    long createCostCode(int projectId, const std::string& code, const std::string& name,
                        std::int64_t parentId, std::string& out) {
        char url[256];
        std::snprintf(url, sizeof url, "%s/rest/v1.0/cost_codes?project_id=%d", base().c_str(),
                      projectId);
        rapidjson::StringBuffer sb;
        rapidjson::Writer<rapidjson::StringBuffer> w(sb);
        w.StartObject();
        w.Key("cost_code");
        w.StartObject();
        w.Key("code"); w.String(code.c_str());
        w.Key("full_code"); w.String(code.c_str());
        w.Key("name"); w.String(name.c_str());
        if (parentId > 0) { w.Key("parent_id"); w.Int64(parentId); }
        w.EndObject();
        w.EndObject();

        CURL* h = curl_easy_init();
        curl_slist* hdr = curl_slist_append(nullptr, "Content-Type: application/json");
        hdr = auth_.headers(hdr);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, sb.GetString());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
        curl_easy_perform(h);
        long code_ = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code_);
        curl_slist_free_all(hdr);
        curl_easy_cleanup(h);
        return code_;
    }
};

// ------------------------------------------------------------ ERP side (not Procore)
struct ErpCostCode {
    int erpId;          // ERP row id, 32-bit in the Sage export
    std::string code;
    std::string name;
    int parentErpId;
};

std::vector<ErpCostCode> loadErpCodes(const std::string& erpToken) {
    std::string out;
    CURL* h = curl_easy_init();
    curl_slist* hdr = curl_slist_append(nullptr, ("X-Api-Key: " + erpToken).c_str());
    curl_easy_setopt(h, CURLOPT_URL, "https://erp.internal.example.com/api/jobcost/codes");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_perform(h);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);

    std::vector<ErpCostCode> codes;
    rapidjson::Document doc;
    doc.Parse(out.c_str());
    if (!doc.IsArray()) return codes;
    for (auto& v : doc.GetArray())
        codes.push_back({v["id"].GetInt(), v["code"].GetString(), v["name"].GetString(),
                         v["parent_id"].IsNull() ? 0 : v["parent_id"].GetInt()});
    return codes;
}

} // namespace bridge

int main(int argc, char** argv) {
    using namespace bridge;
    if (argc < 5) {
        std::fprintf(stderr, "costcode_bridge <token> <company_id> <project_id> <erp_key>\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::int64_t companyId = std::strtoll(argv[2], nullptr, 10);
    const int projectId = static_cast<int>(std::strtol(argv[3], nullptr, 10));

    ProcoreClient pc(OAuthBearer{argv[1]}, CompanyHeader{companyId});

    rapidjson::Document existing;
    existing.Parse(pc.list<CostCodesEndpoint>(projectId).c_str());
    std::vector<std::string> have;
    if (existing.IsArray())
        for (auto& c : existing.GetArray()) have.emplace_back(c["full_code"].GetString());

    rapidjson::Document types;
    types.Parse(pc.list<CostTypesEndpoint>(0).c_str());
    std::printf("cost types available: %u\n", types.IsArray() ? types.Size() : 0u);

    int created = 0, failed = 0;
    for (const auto& e : loadErpCodes(argv[4])) {
        bool found = false;
        for (const auto& h : have) found = found || h == e.code;
        if (found) continue;
        std::string resp;
        long status = pc.createCostCode(projectId, e.code, e.name, 0, resp);
        if (status == 201) {
            rapidjson::Document d;
            d.Parse(resp.c_str());
            std::int64_t newId = d["id"].GetInt64();
            std::printf("created %s -> %lld\n", e.code.c_str(), static_cast<long long>(newId));
            ++created;
        } else {
            ++failed;
        }
    }
    std::printf("created %d, failed %d\n", created, failed);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
