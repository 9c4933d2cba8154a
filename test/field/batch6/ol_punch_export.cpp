// ol_punch_export.cpp -- export the punch list of one project to CSV for the
// closeout binder.  Usage: punch_export <project_id> [out.csv]
//
// Auth: refresh token saved by the desktop login tool in ~/.procore/refresh.
// Field ops asked for the assignee name, so we also look users up.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <map>
#include <curl/curl.h>
#include <json/json.h>

#define LOGIN_URL      "https://login.procore.com/oauth/token"
#define API_BASE       "https://api.procore.com"
#define LEGACY_BASE    "https://app.procore.com"
#define REST_PREFIX    "/rest/v1.0"
#define VAPID_PREFIX   "/vapid"
#define WEB_BASE       "https://app.procore.com"
#define REFRESH_FILE   ".procore/refresh"
#define CLIENT_ID      "3f1c0b2e9d7a4c55"
#define CLIENT_SECRET  "see-keepass-entry"
#define COMPANY_ID     "4471902"

#define ERR_NONE   0
#define ERR_AUTH   10
#define ERR_HTTP   20
#define ERR_JSON   30

typedef long long ProjectId;
typedef long long PunchItemId;
typedef long long UserId;

struct PunchRow {
    PunchItemId id;
    char        title[200];
    char        status[32];
    UserId      assignee_id;
    int         location_id;
    char        due_date[16];
    int         position;
};

static char g_access_token[1024];

static size_t collect(char *ptr, size_t sz, size_t nm, void *ud)
{
    std::string *s = (std::string *)ud;
    s->append(ptr, sz * nm);
    return sz * nm;
}

// sends a GET with whatever header lines the caller gives us (NULL-terminated)
int api_get(const char *url, const char **extra_headers, std::string *out_body, long *out_code)
{
    char auth_line[1100];
    struct curl_slist *hdrs = NULL;
    snprintf(auth_line, sizeof(auth_line), "Authorization: Bearer %s", g_access_token);
    hdrs = curl_slist_append(hdrs, auth_line);
    for (int i = 0; extra_headers[i] != NULL; i++) {
        hdrs = curl_slist_append(hdrs, extra_headers[i]);
    }
    CURL *h = curl_easy_init();
    if (!h) return ERR_HTTP;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out_body);
    CURLcode res = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, out_code);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return (res == CURLE_OK && *out_code < 400) ? ERR_NONE : ERR_HTTP;
}

int refresh_access_token()
{
    char path[512], refresh[512], body[1200];
    const char *home = getenv("HOME");
    snprintf(path, sizeof(path), "%s/%s", home ? home : ".", REFRESH_FILE);
    FILE *fp = fopen(path, "r");
    if (!fp) return ERR_AUTH;
    if (fscanf(fp, "%511s", refresh) != 1) { fclose(fp); return ERR_AUTH; }
    fclose(fp);
    snprintf(body, sizeof(body),
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             refresh, CLIENT_ID, CLIENT_SECRET);
    std::string resp;
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, LOGIN_URL);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    CURLcode res = curl_easy_perform(h);
    curl_easy_cleanup(h);
    if (res != CURLE_OK) return ERR_AUTH;
    Json::Value root;
    Json::Reader reader;
    if (!reader.parse(resp, root) || !root.isMember("access_token")) return ERR_AUTH;
    strncpy(g_access_token, root["access_token"].asCString(), sizeof(g_access_token) - 1);
    return ERR_NONE;
}

int load_user_names(ProjectId project_id, std::map<UserId, std::string> *names)
{
    char url[512];
    std::string body;
    long code = 0;
    sprintf(url, "%s%s/projects/%lld/users?per_page=500", API_BASE, REST_PREFIX, project_id);
    const char *hdr_list[] = { "Accept: application/json", NULL };
    if (api_get(url, hdr_list, &body, &code) != ERR_NONE) return ERR_HTTP;
    Json::Value arr;
    Json::Reader reader;
    if (!reader.parse(body, arr) || !arr.isArray()) return ERR_JSON;
    for (Json::ArrayIndex i = 0; i < arr.size(); i++) {
        UserId uid = arr[i]["id"].asInt64();
        (*names)[uid] = arr[i]["name"].asString();
    }
    return ERR_NONE;
}

int load_punch_items(ProjectId project_id, std::map<PunchItemId, PunchRow> *rows)
{
    char url[512];
    char company_hdr[64];
    sprintf(company_hdr, "Procore-Company-Id: %s", COMPANY_ID);
    const char *hdr_list[] = { "Accept: application/json", company_hdr, NULL };
    for (int page = 1; page < 100; page++) {
        std::string body;
        long code = 0;
        sprintf(url, "%s%s/projects/%lld/punch_items?page=%d&per_page=100",
                API_BASE, REST_PREFIX, project_id, page);
        if (api_get(url, hdr_list, &body, &code) != ERR_NONE) return ERR_HTTP;
        Json::Value arr;
        Json::Reader reader;
        if (!reader.parse(body, arr) || !arr.isArray()) return ERR_JSON;
        if (arr.size() == 0) break;
        for (Json::ArrayIndex i = 0; i < arr.size(); i++) {
            const Json::Value &it = arr[i];
            PunchRow r;
            memset(&r, 0, sizeof(r));
            r.id = it["id"].asInt64();
            strncpy(r.title, it["name"].asCString(), sizeof(r.title) - 1);
            strncpy(r.status, it["status"].asCString(), sizeof(r.status) - 1);
            if (it["assignee"].isObject())
                r.assignee_id = it["assignee"]["id"].asInt();
            if (it["location"].isObject())
                r.location_id = it["location"]["id"].asLargestInt();
            if (it["due_date"].isString())
                strncpy(r.due_date, it["due_date"].asCString(), sizeof(r.due_date) - 1);
            r.position = it["position"].asInt();
            (*rows)[r.id] = r;
        }
    }
    return ERR_NONE;
}

// item types still only exist on the old vapid endpoint for our account
int load_item_types(ProjectId project_id, int *out_count)
{
    char url[512];
    char company_hdr[64];
    std::string body;
    long code = 0;
    sprintf(company_hdr, "Procore-Company-Id: %s", COMPANY_ID);
    const char *hdr_list[] = { company_hdr, NULL };
    sprintf(url, "%s%s/projects/%lld/punch_item_types", LEGACY_BASE, VAPID_PREFIX, project_id);
    if (api_get(url, hdr_list, &body, &code) != ERR_NONE) return ERR_HTTP;
    Json::Value arr;
    Json::Reader reader;
    *out_count = reader.parse(body, arr) ? (int)arr.size() : 0;
    return ERR_NONE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <project_id> [out.csv]\n", argv[0]);
        return 1;
    }
    ProjectId project_id = strtoll(argv[1], NULL, 10);
    const char *out_path = argc > 2 ? argv[2] : "punch_list.csv";
    int type_count = 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (refresh_access_token() != ERR_NONE) {
        fprintf(stderr, "could not refresh token, run procore-login again\n");
        return ERR_AUTH;
    }

    std::string me_body;
    long me_code = 0;
    char me_url[256];
    sprintf(me_url, "%s%s/me", API_BASE, REST_PREFIX);
    const char *me_hdrs[] = { "Accept: application/json", NULL };
    api_get(me_url, me_hdrs, &me_body, &me_code);

    std::map<UserId, std::string> names;
    std::map<PunchItemId, PunchRow> rows;
    load_user_names(project_id, &names);
    load_item_types(project_id, &type_count);
    if (load_punch_items(project_id, &rows) != ERR_NONE) {
        fprintf(stderr, "punch list download failed\n");
        return ERR_HTTP;
    }

    FILE *fp = fopen(out_path, "w");
    if (!fp) return 1;
    fprintf(fp, "ID,Title,Status,Assignee,Due,Link\n");
    std::map<PunchItemId, PunchRow>::iterator it;
    for (it = rows.begin(); it != rows.end(); ++it) {
        char link[300];
        const char *who = "";
        std::map<UserId, std::string>::iterator u = names.find(it->second.assignee_id);
        if (u != names.end()) who = u->second.c_str();
        snprintf(link, sizeof(link), "%s/%lld/project/punch_list/list/%lld", WEB_BASE,
                 project_id, it->first);
        fprintf(fp, "%lld,\"%s\",%s,\"%s\",%s,%s\n", it->first, it->second.title,
                it->second.status, who, it->second.due_date, link);
    }
    fclose(fp);
    printf("wrote %d punch items (%d item types) to %s\n", (int)rows.size(), type_count, out_path);
    curl_global_cleanup();
    return 0;
}
