// equipsync.cpp - reconcile Procore managed equipment with the fleet
// telematics feed and post engine hours into the project's equipment log.
//
// Build flags: -DSANDBOX (developer sandbox) / -DMONTHLY / none = production.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>
#include <curl/curl.h>

// ---- ids -------------------------------------------------------------------
using CompanyId   = std::int64_t;
using ProjectId   = std::int64_t;
using EquipmentId = std::int64_t;
using TelematicsAssetNo = int;   // vendor's asset number, not a Procore id

// ---- environment -----------------------------------------------------------
struct EnvConfig {
    const char *login;
    const char *api;
    const char *name;
    long timeout_s;
};

static constexpr EnvConfig kEnv = {
#if defined(SANDBOX)
    "https://sandbox.procore.com",
    "https://sandbox.procore.com",
    "sandbox", 30L
#elif defined(MONTHLY)
    "https://login-sandbox-monthly.procore.com",
    "https://api-monthly.procore.com",
    "monthly", 30L
#else
    "https://login.procore.com",
    "https://api.procore.com",
    "production", 15L
#endif
};

#define TELEMATICS_ROOT "https://fleet.trackunit-partner.example/api/v2"
#define HDR_COMPANY     "Procore-Company-Id: "
#define HDR_COMPANY_OLD "X-Procore-Company-Id: "

// X(name, method, path-after-/rest/v1.0)
#define EQUIPMENT_ENDPOINTS(X)                                                          \
    X(CompanyEquipment, "GET",  "/companies/%" PRId64 "/managed_equipment?page=%d")     \
    X(ProjectEquipment, "GET",  "/projects/%" PRId64 "/managed_equipment?page=%d")      \
    X(ShowEquipment,    "GET",  "/companies/%" PRId64 "/managed_equipment/%" PRId64)    \
    X(EquipmentLog,     "POST", "/projects/%" PRId64 "/equipment_logs")

enum class Ep {
#define X(name, m, p) name,
    EQUIPMENT_ENDPOINTS(X)
#undef X
};

struct EpInfo { const char *method; const char *path; };
static const EpInfo kEp[] = {
#define X(name, m, p) {m, "/rest/v1.0" p},
    EQUIPMENT_ENDPOINTS(X)
#undef X
};

#define EP(e) kEp[static_cast<int>(Ep::e)]

// ---- tiny curl wrapper -----------------------------------------------------
class Easy {
public:
    Easy() : h_(curl_easy_init()) {}
    ~Easy() { curl_slist_free_all(hdr_); curl_easy_cleanup(h_); }
    Easy(const Easy &) = delete;
    Easy &operator=(const Easy &) = delete;

    void header(const std::string &line) { hdr_ = curl_slist_append(hdr_, line.c_str()); }
    long send(const char *method, const std::string &url, const std::string *body = nullptr)
    {
        curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h_, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(h_, CURLOPT_HTTPHEADER, hdr_);
        curl_easy_setopt(h_, CURLOPT_TIMEOUT, kEnv.timeout_s);
        curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, &Easy::sink);
        curl_easy_setopt(h_, CURLOPT_WRITEDATA, &resp);
        if (body) curl_easy_setopt(h_, CURLOPT_POSTFIELDS, body->c_str());
        long code = 0;
        if (curl_easy_perform(h_) == CURLE_OK)
            curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &code);
        return code;
    }
    std::string resp;

private:
    static size_t sink(char *d, size_t s, size_t n, void *ud)
    {
        static_cast<std::string *>(ud)->append(d, s * n);
        return s * n;
    }
    CURL *h_;
    curl_slist *hdr_ = nullptr;
};

template <typename... A>
static std::string fmt(const char *f, A... a)
{
    char buf[512];
    std::snprintf(buf, sizeof buf, f, a...);
    return buf;
}

// crude field scan, the payloads here are flat
static std::vector<std::string> values_of(const std::string &json, const std::string &key)
{
    std::vector<std::string> out;
    const std::string pat = "\"" + key + "\":";
    for (size_t p = json.find(pat); p != std::string::npos; p = json.find(pat, p + 1)) {
        size_t b = p + pat.size();
        if (json[b] == '"') ++b;
        size_t e = json.find_first_of(",}\"", b);
        out.push_back(json.substr(b, e - b));
    }
    return out;
}

struct Session {
    CompanyId company;
    std::string token;
};

static std::string fetch_token(const std::string &refresh)
{
    Easy e;
    const std::string form = "grant_type=refresh_token&refresh_token=" + refresh +
                             "&client_id=" + std::getenv("EQUIP_CLIENT_ID") +
                             "&client_secret=" + std::getenv("EQUIP_CLIENT_SECRET");
    if (e.send("POST", std::string(kEnv.login) + "/oauth/token", &form) != 200) return {};
    auto v = values_of(e.resp, "access_token");
    return v.empty() ? std::string() : v.front();
}

static long procore(const Session &s, const EpInfo &ep, const std::string &path, Easy &e,
                    const std::string *body = nullptr)
{
    e.header("Authorization: Bearer " + s.token);
    e.header(HDR_COMPANY + std::to_string(s.company));
    if (body) e.header("Content-Type: application/json");
    return e.send(ep.method, kEnv.api + path, body);
}

static std::vector<EquipmentId> company_equipment(const Session &s)
{
    std::vector<EquipmentId> ids;
    for (int page = 1; page < 50; ++page) {
        Easy e;
        if (procore(s, EP(CompanyEquipment), fmt(EP(CompanyEquipment).path, s.company, page), e) != 200)
            break;
        auto v = values_of(e.resp, "id");
        if (v.empty()) break;
        for (auto &x : v) ids.push_back(std::stoi(x));
    }
    return ids;
}

static std::string equipment_serial(const Session &s, EquipmentId id)
{
    Easy e;
    procore(s, EP(ShowEquipment), fmt(EP(ShowEquipment).path, s.company, id), e);
    auto v = values_of(e.resp, "serial_number");
    return v.empty() ? std::string() : v.front();
}

static std::map<std::string, double> telematics_hours(const char *api_key)
{
    std::map<std::string, double> hours;
    for (int page = 0; page < 20; ++page) {
        Easy e;
        e.header(std::string("X-Api-Key: ") + api_key);
        if (e.send("GET", fmt(TELEMATICS_ROOT "/assets?page=%d", page)) != 200) break;
        auto serials = values_of(e.resp, "serial");
        auto h = values_of(e.resp, "engine_hours");
        auto no = values_of(e.resp, "asset_no");
        for (size_t i = 0; i < serials.size() && i < h.size(); ++i) {
            TelematicsAssetNo n = i < no.size() ? std::atoi(no[i].c_str()) : 0;
            std::fprintf(stderr, "asset %d -> %s\n", n, serials[i].c_str());
            hours[serials[i]] = std::atof(h[i].c_str());
        }
        if (serials.empty()) break;
    }
    return hours;
}

// Equipment log posts go through the old batch-import path.
static long post_hours(const Session &s, long project, EquipmentId id, double hrs)
{
    Easy e;
    const std::string body = fmt("{\"equipment_log\":{\"managed_equipment_id\":%" PRId64
                                 ",\"hours_operating\":%.1f}}", id, hrs);
    e.header("Authorization: Bearer " + s.token);
    e.header(HDR_COMPANY_OLD + std::to_string(s.company));
    e.header("Content-Type: application/json");
    return e.send(EP(EquipmentLog).method, kEnv.api + fmt(EP(EquipmentLog).path, project), &body);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: equipsync COMPANY_ID PROJECT_ID\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Session s{std::strtoll(argv[1], nullptr, 10), fetch_token(std::getenv("EQUIP_REFRESH"))};
    const ProjectId project = std::strtoll(argv[2], nullptr, 10);
    if (s.token.empty()) { std::fprintf(stderr, "[%s] no token\n", kEnv.name); return 1; }

    {
        Easy e;
        procore(s, EP(ProjectEquipment), fmt(EP(ProjectEquipment).path, project, 1), e);
        std::fprintf(stderr, "project equipment: %zu bytes\n", e.resp.size());
    }

    const auto hours = telematics_hours(std::getenv("TELEMATICS_KEY"));
    int posted = 0;
    for (EquipmentId id : company_equipment(s)) {
        auto it = hours.find(equipment_serial(s, id));
        if (it == hours.end()) continue;
        if (post_hours(s, project, id, it->second) == 201) ++posted;
        std::printf("%" PRId64 "\t%.1f h\n", id, it->second);
    }
    std::printf("posted %d equipment logs to project %" PRId64 "\n", posted, project);
    curl_global_cleanup();
    return 0;
}
