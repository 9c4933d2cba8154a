// obswalk.cpp - safety walk companion: lists open observations for a project,
// flips reviewed ones to ready_for_review and attaches walk photos.
//
// Company lives on the us02 zone; web links must point there.
// Build: -DSANDBOX for the developer sandbox.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <curl/curl.h>
#include <nlohmann/json.hpp>

using json = nlohmann::json;

// ---- ids -------------------------------------------------------------------
typedef std::int64_t company_id_t;
typedef std::int64_t project_id_t;
typedef std::int64_t observation_id_t;

// ---- hosts -----------------------------------------------------------------
#ifdef SANDBOX
#  define LOGIN_ROOT "https://login-sandbox.procore.com"
#  define API_ROOT   "https://sandbox.procore.com"
#else
#  define LOGIN_ROOT "https://login.procore.com"
#  define API_ROOT   "https://api.procore.com"
#endif
#define WEB_ROOT       "https://us02.procore.com"
#define VAPID(p)       WEB_ROOT "/vapid" p
#define REST10(p)      API_ROOT "/rest/v1.0" p
#define REST11(p)      API_ROOT "/rest/v1.1" p

// ---- observation statuses --------------------------------------------------
#define OBS_STATUSES(X) X(initiated) X(ready_for_review) X(not_accepted) X(closed)

enum ObsStatus {
#define X(s) OBS_##s,
    OBS_STATUSES(X)
#undef X
    OBS_STATUS_COUNT
};
static const char *const kStatusName[] = {
#define X(s) #s,
    OBS_STATUSES(X)
#undef X
};

// ---- endpoints: X(name, method, url template) ------------------------------
#define OBS_ENDPOINTS(X)                                                                   \
    X(list,    GET,   REST10("/observations/items?project_id=%" PRId64 "&page=%d"))         \
    X(update,  PATCH, REST10("/observations/items/%" PRId64 "?project_id=%" PRId64))        \
    X(types,   GET,   VAPID("/projects/%" PRId64 "/observation_types"))                      \
    X(upload,  POST,  REST11("/projects/%" PRId64 "/uploads"))

struct Api {
    company_id_t company;
    std::string token;
    std::string body;
};

static size_t collect(char *d, size_t s, size_t n, void *ud)
{
    static_cast<std::string *>(ud)->append(d, s * n);
    return s * n;
}

static long call(Api &a, const char *method, const char *url, const std::string &payload)
{
    CURL *h = curl_easy_init();
    curl_slist *hd = nullptr;
    char line[1100];
    long code = 0;

    std::snprintf(line, sizeof line, "Authorization: Bearer %s", a.token.c_str());
    hd = curl_slist_append(hd, line);
    std::snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, a.company);
    hd = curl_slist_append(hd, line);
    hd = curl_slist_append(hd, "Content-Type: application/json");
    a.body.clear();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &a.body);
    if (!payload.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str());
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return code;
}

// obs_<name>(api, payload, fmt args...) -- one per endpoint
#define X(name, method, tmpl)                                                   \
    template <typename... A>                                                    \
    static long obs_##name(Api &a, const std::string &payload, A... args)       \
    {                                                                           \
        char url[512];                                                          \
        std::snprintf(url, sizeof url, tmpl, args...);                          \
        return call(a, #method, url, payload);                                  \
    }
OBS_ENDPOINTS(X)
#undef X

typedef std::map<std::int64_t, std::string> TypeNames;

static TypeNames load_types(Api &a, project_id_t project)
{
    TypeNames names;
    if (obs_types(a, "", project) != 200) return names;
    for (const auto &t : json::parse(a.body, nullptr, false))
        if (t.contains("id")) names[t["id"].get<std::int64_t>()] = t.value("name", "");
    return names;
}

// Photos: request an upload slot, PUT the bytes to the presigned URL,
// then attach the upload to the observation.
static bool attach_photo(Api &a, project_id_t project, observation_id_t obs, const char *path)
{
    if (obs_upload(a, R"({"response_filename":"walk.jpg","response_content_type":"image/jpeg"})", project) != 201)
        return false;
    const json slot = json::parse(a.body, nullptr, false);
    const std::string put_url = slot.value("url", "");   // https://storage.procore.com/...
    const std::string uuid = slot.value("uuid", "");

    FILE *f = std::fopen(path, "rb");
    if (!f) return false;
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, put_url.c_str());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READDATA, f);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    std::fclose(f);
    if (rc != CURLE_OK) return false;

    char url[512];
    std::snprintf(url, sizeof url, REST10("/observations/items/%" PRId64 "/attachments?project_id=%" PRId64),
                  obs, project);
    const std::string body = json{{"upload_uuid", uuid}}.dump();
    curl_slist *hd = nullptr;
    hd = curl_slist_append(hd, ("Authorization: Bearer " + a.token).c_str());
    hd = curl_slist_append(hd, "Content-Type: application/json");
    h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    rc = curl_easy_perform(h);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return rc == CURLE_OK;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: obswalk PROJECT_ID PHOTO_DIR\n");
        return 2;
    }
    const char *tok = std::getenv("PROCORE_TOKEN");
    const char *co = std::getenv("PROCORE_COMPANY_ID");
    if (!tok || !co) return 2;
    Api a{std::strtoll(co, nullptr, 10), tok, {}};
    const project_id_t project = std::strtoll(argv[1], nullptr, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto type_names = load_types(a, project);
    int per_status[OBS_STATUS_COUNT] = {0};

    for (int page = 1; page <= 20; ++page) {
        if (obs_list(a, "", project, page) != 200) break;
        const json items = json::parse(a.body, nullptr, false);
        if (!items.is_array() || items.empty()) break;
        for (const auto &it : items) {
            const int id = it["id"].get<int>();
            const std::string st = it.value("status", "");
            for (int s = 0; s < OBS_STATUS_COUNT; ++s)
                if (st == kStatusName[s]) per_status[s]++;
            if (st != "initiated") continue;

            const std::int64_t tid = it.contains("type") ? it["type"]["id"].get<std::int64_t>() : 0;
            auto tn = type_names.find(tid);
            std::printf("%d  %-20s %s\n", id, tn == type_names.end() ? "?" : tn->second.c_str(),
                        it.value("name", "").c_str());
            std::printf("    " WEB_ROOT "/%" PRId64 "/project/observations/items/%d\n", project, id);

            const std::string path = std::string(argv[2]) + "/" + std::to_string(id) + ".jpg";
            if (attach_photo(a, project, id, path.c_str()))
                obs_update(a, R"({"observation":{"status":"ready_for_review"}})", (observation_id_t)id, project);
        }
    }

    for (int s = 0; s < OBS_STATUS_COUNT; ++s)
        std::printf("%-18s %d\n", kStatusName[s], per_status[s]);
    curl_global_cleanup();
    return 0;
}
