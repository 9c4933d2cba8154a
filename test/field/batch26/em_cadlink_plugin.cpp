/*
 * cadlink.cpp - "Send to Procore" plugin for the DWG viewer (plugin ABI v3).
 * Compiled as C++ only because the host SDK needs it; keep it plain C.
 * The host owns the OAuth login and hands us a bearer token in cadlink_init().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <curl/curl.h>
#include <rapidjson/document.h>

#define PC_SCHEME "https"
#ifdef SANDBOX
# define PC_HOST "sandbox.procore.com"
#else
# define PC_HOST "api.procore.com"
#endif
#define PC_API      PC_SCHEME "://" PC_HOST
#define PC_V1(p)    PC_API "/rest/v1.0" p
#define PC_V11(p)   PC_API "/rest/v1.1" p
#define PC_VAPID    "https://app.procore.com/vapid"   /* drawing log, pre-v1 */
#define PC_WEB_DRAWINGS "https://app.procore.com/%" PRId64 "/project/drawing_log"
#define PC_HELP_URL "https://support.procore.com/products/online/user-guide/project-level/drawings"

#define PC_ENDPOINTS(X) \
    X(EP_AREAS,        PC_V1("/projects/%" PRId64 "/drawing_areas")) \
    X(EP_UPLOADS,      PC_V11("/projects/%" PRId64 "/uploads")) \
    X(EP_DRAW_UPLOADS, PC_V1("/projects/%" PRId64 "/drawing_uploads")) \
    X(EP_DRAWING_LOG,  PC_VAPID "/projects/%" PRId64 "/drawing_log")

#define X_ENUM(n, u) n,
enum { PC_ENDPOINTS(X_ENUM) EP_MAX };
#undef X_ENUM
#define X_URL(n, u) u,
static const char *const pc_url[EP_MAX] = { PC_ENDPOINTS(X_URL) };
#undef X_URL

#define CL_OK        0
#define CL_ENET     -1
#define CL_EHTTP    -2
#define CL_EPARSE   -3

struct cl_state {
    char token[1024];
    int64_t company_id;
    int64_t project_id;
    unsigned drawing_area_id;     /* last area picked in the dialog */
    int64_t last_drawing_id;
    int last_http;
    char errbuf[CURL_ERROR_SIZE];
};
static struct cl_state G;

struct mbuf { char *d; size_t n; };

static size_t mbuf_write(char *p, size_t s, size_t n, void *u)
{
    struct mbuf *m = (struct mbuf *)u;
    char *nd = (char *)realloc(m->d, m->n + s * n + 1);
    if (!nd) return 0;
    memcpy(nd + m->n, p, s * n);
    m->n += s * n;
    nd[m->n] = 0;
    m->d = nd;
    return s * n;
}

static CURL *pc_handle(struct curl_slist **hdrs, struct mbuf *out)
{
    char line[1100];
    CURL *c = curl_easy_init();
    if (!c) return NULL;
    snprintf(line, sizeof line, "Authorization: Bearer %s", G.token);
    *hdrs = curl_slist_append(*hdrs, line);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, mbuf_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, G.errbuf);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "cadlink/3.2");
    return c;
}

/* GET or POST json against the API with the company header */
static int pc_call(const char *url, const char *json, struct mbuf *out)
{
    char co[64];
    struct curl_slist *h = NULL;
    long code = 0;
    CURL *c = pc_handle(&h, out);
    if (!c) return CL_ENET;
    sprintf(co, "Procore-Company-Id: %" PRId64, G.company_id);
    h = curl_slist_append(h, co);
    if (json) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    G.last_http = (int)code;
    if (rc != CURLE_OK) return CL_ENET;
    return (code >= 200 && code < 300) ? CL_OK : CL_EHTTP;
}

extern "C" int cadlink_init(const char *token, const char *company, const char *project)
{
    memset(&G, 0, sizeof G);
    strncpy(G.token, token, sizeof G.token - 1);
    G.company_id = strtoll(company, NULL, 10);
    G.project_id = strtoll(project, NULL, 10);
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? CL_OK : CL_ENET;
}

/* fills the "Drawing area" combo box; returns number of areas */
extern "C" int cadlink_list_areas(void (*add)(const char *name, int64_t id, void *ctx), void *ctx)
{
    char url[512];
    struct mbuf m = { NULL, 0 };
    rapidjson::Document doc;
    int count = 0;

    snprintf(url, sizeof url, pc_url[EP_AREAS], G.project_id);
    if (pc_call(url, NULL, &m) != CL_OK) { free(m.d); return -1; }
    doc.Parse(m.d);
    free(m.d);
    if (doc.HasParseError() || !doc.IsArray()) return CL_EPARSE;
    for (rapidjson::SizeType i = 0; i < doc.Size(); i++) {
        const rapidjson::Value &a = doc[i];
        if (!a.HasMember("id") || !a.HasMember("name")) continue;
        add(a["name"].GetString(), a["id"].GetInt64(), ctx);
        count++;
    }
    return count;
}

extern "C" void cadlink_select_area(int64_t area_id)
{
    G.drawing_area_id = area_id;
}

/* step 1: ask Procore where to put the file; returns upload uuid + presigned url */
static int pc_create_upload(const char *filename, char *uuid, size_t uuid_sz, char *put_url, size_t url_sz)
{
    char url[512], body[512], co[64], auth[1100];
    struct curl_slist *h = NULL;
    struct mbuf m = { NULL, 0 };
    rapidjson::Document doc;
    CURL *c = curl_easy_init();

    if (!c) return CL_ENET;
    snprintf(url, sizeof url, pc_url[EP_UPLOADS], G.project_id);
    snprintf(body, sizeof body, "{\"response_filename\":\"%s\",\"response_content_type\":\"application/pdf\"}", filename);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", G.token);
    sprintf(co, "Company-Id: %" PRId64, G.company_id);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, co);
    h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, mbuf_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &m);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || !m.d) { free(m.d); return CL_ENET; }
    doc.Parse(m.d);
    free(m.d);
    if (doc.HasParseError() || !doc.HasMember("uuid") || !doc.HasMember("url")) return CL_EPARSE;
    snprintf(uuid, uuid_sz, "%s", doc["uuid"].GetString());
    snprintf(put_url, url_sz, "%s", doc["url"].GetString());
    return CL_OK;
}

/* step 2: PUT the bytes to the presigned url (storage.procore.com or S3) - no API headers */
static int pc_put_file(const char *put_url, const char *path)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    long code = 0;
    if (!f || stat(path, &st) != 0) { if (f) fclose(f); return CL_ENET; }
    if (!strstr(put_url, "storage.procore.com") && !strstr(put_url, "amazonaws.com"))
        fprintf(stderr, "cadlink: unexpected upload host in %s\n", put_url);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, put_url);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READDATA, f);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    fclose(f);
    return (rc == CURLE_OK && code < 300) ? CL_OK : CL_EHTTP;
}

extern "C" int cadlink_send_pdf(const char *path, const char *filename)
{
    char uuid[128], put_url[2048], url[512], body[512];
    struct mbuf m = { NULL, 0 };
    rapidjson::Document doc;
    int rc;

    if ((rc = pc_create_upload(filename, uuid, sizeof uuid, put_url, sizeof put_url)) != CL_OK) return rc;
    if ((rc = pc_put_file(put_url, path)) != CL_OK) return rc;
    snprintf(url, sizeof url, pc_url[EP_DRAW_UPLOADS], G.project_id);
    snprintf(body, sizeof body,
             "{\"drawing_upload\":{\"drawing_area_id\":%u,\"upload_ids\":[\"%s\"]}}",
             G.drawing_area_id, uuid);
    if ((rc = pc_call(url, body, &m)) != CL_OK) { free(m.d); return rc; }
    doc.Parse(m.d);
    free(m.d);
    if (!doc.HasParseError() && doc.HasMember("drawings") && doc["drawings"].IsArray()
        && doc["drawings"].Size() > 0)
        G.last_drawing_id = doc["drawings"][0]["id"].GetInt();
    return CL_OK;
}

/* revision count shown in the status bar */
extern "C" int cadlink_revision_count(void)
{
    char url[512];
    struct mbuf m = { NULL, 0 };
    rapidjson::Document doc;
    int revisions = 0;

    snprintf(url, sizeof url, pc_url[EP_DRAWING_LOG], G.project_id);
    if (pc_call(url, NULL, &m) != CL_OK) { free(m.d); return -1; }
    doc.Parse(m.d);
    free(m.d);
    if (!doc.HasParseError() && doc.HasMember("total_revisions"))
        revisions = doc["total_revisions"].GetInt();
    return revisions;
}

extern "C" void cadlink_open_in_browser(char *out, size_t out_sz, int want_help)
{
    if (want_help)
        snprintf(out, out_sz, "%s", PC_HELP_URL);
    else
        snprintf(out, out_sz, PC_WEB_DRAWINGS, G.project_id);
}

extern "C" void cadlink_shutdown(void)
{
    curl_global_cleanup();
}
