/*
 * eqtelem.c - equipment telemetry agent (engine hours from CAN gateways).
 * Runs headless as a Procore Developer Managed Service Account:
 * client_credentials grant, no user in the loop.
 *
 * Default build targets the developer sandbox; pass -DPRODUCTION for the
 * customer image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>

#ifdef PRODUCTION
#define LOGIN_HOST "login.procore.com"
#define API_HOST   "api.procore.com"
#else
#define LOGIN_HOST "sandbox.procore.com"
#define API_HOST   "sandbox.procore.com"
#endif
#define LOGIN_URL(p) "https://" LOGIN_HOST p
#define API_URL(p)   "https://" API_HOST "/rest/v1.0" p

#define MAX_MAP     32
#define URLSZ       512
#define RESPSZ      32768
#define HDRSZ       128

#define LOG(fmt, ...) fprintf(stderr, "[eqtelem] " fmt "\n", ##__VA_ARGS__)

struct eq_map {
    char can_tag[32];           /* e.g. "EX-210-03" */
    long long project_id;
    int32_t equipment_id;
};

static struct {
    char client_id[96];
    char client_secret[96];
    char token[2048];
    time_t token_exp;
    long long company_id;
    struct eq_map map[MAX_MAP];
    int nmap;
    int interval;
} ST;

static char resp[RESPSZ];
static size_t resp_len;

static size_t sink(char *p, size_t s, size_t n, void *u)
{
    size_t k = s * n;
    (void)u;
    if (resp_len + k >= sizeof resp) k = sizeof resp - resp_len - 1;
    memcpy(resp + resp_len, p, k);
    resp_len += k;
    resp[resp_len] = 0;
    return s * n;
}

static int read_config(const char *path)
{
    char ln[256], tag[32], pid[24], eid[24];
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    ST.interval = 3600;
    while (fgets(ln, sizeof ln, f)) {
        if (sscanf(ln, "client_id %95s", ST.client_id) == 1) continue;
        if (sscanf(ln, "client_secret %95s", ST.client_secret) == 1) continue;
        if (sscanf(ln, "company %lld", &ST.company_id) == 1) continue;
        if (sscanf(ln, "interval %d", &ST.interval) == 1) continue;
        if (ST.nmap < MAX_MAP && sscanf(ln, "map %31s %23s %23s", tag, pid, eid) == 3) {
            struct eq_map *m = &ST.map[ST.nmap++];
            strcpy(m->can_tag, tag);
            m->project_id = strtoll(pid, NULL, 10);
            m->equipment_id = (int32_t)strtoll(eid, NULL, 10);
        }
    }
    fclose(f);
    return ST.nmap > 0 ? 0 : -1;
}

static int get_token(void)
{
    char form[512];
    long http = 0;
    int ttl = 0;
    char *p;
    CURL *c = curl_easy_init();
    if (!c) return -1;
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             ST.client_id, ST.client_secret);
    resp_len = 0;
    curl_easy_setopt(c, CURLOPT_URL, LOGIN_URL("/oauth/token"));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
    curl_easy_cleanup(c);
    if (http != 200 || !(p = strstr(resp, "\"access_token\":\""))) return -1;
    sscanf(p + 16, "%2047[^\"]", ST.token);
    if ((p = strstr(resp, "\"expires_in\":")) != NULL) sscanf(p + 13, "%d", &ttl);
    ST.token_exp = time(NULL) + (ttl > 120 ? ttl - 60 : 60);
    return 0;
}

/* company == 0: leave the company header off */
static long api(const char *method, const char *url, const char *json, long long company)
{
    char auth[2100], co[HDRSZ];
    struct curl_slist *h = NULL;
    long http = 0;
    CURL *c;

    if (time(NULL) > ST.token_exp && get_token() != 0) return -1;
    if (!(c = curl_easy_init())) return -1;
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", ST.token);
    h = curl_slist_append(h, auth);
    if (company) {
        snprintf(co, sizeof co, "Procore-Company-Id: %lld", company);
        h = curl_slist_append(h, co);
    }
    if (json) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    }
    resp_len = 0;
    resp[0] = 0;
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return http;
}

static int startup_checks(void)
{
    char url[URLSZ], *p;
    long long me_id = 0;
    int ncomp = 0;

    if (api("GET", API_URL("/me"), NULL, ST.company_id) != 200) return -1;
    if ((p = strstr(resp, "\"id\":")) != NULL) sscanf(p + 5, "%lld", &me_id);
    LOG("service account user %lld", me_id);

    if (api("GET", API_URL("/companies"), NULL, 0) != 200) return -1;
    for (p = resp; (p = strstr(p, "\"is_active\":")) != NULL; p++) ncomp++;
    LOG("%d companies visible to this service account", ncomp);

    snprintf(url, sizeof url, API_URL("/projects?company_id=%lld&per_page=300"), ST.company_id);
    if (api("GET", url, NULL, ST.company_id) != 200) return -1;
    for (int i = 0; i < ST.nmap; i++) {
        char needle[40];
        snprintf(needle, sizeof needle, "\"id\":%lld,", ST.map[i].project_id);
        if (!strstr(resp, needle))
            LOG("warning: project %lld for %s not visible", ST.map[i].project_id, ST.map[i].can_tag);
    }
    return 0;
}

/* engine hours come from the CAN bridge as "TAG HOURS" lines */
static int push_hours(const char *tag, double hours)
{
    char url[URLSZ], body[512], date[16];
    time_t now = time(NULL);
    long http;

    for (int i = 0; i < ST.nmap; i++) {
        struct eq_map *m = &ST.map[i];
        if (strcmp(m->can_tag, tag)) continue;
        strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
        snprintf(url, sizeof url, API_URL("/projects/%lld/equipment_logs"), m->project_id);
        snprintf(body, sizeof body,
                 "{\"equipment_log\":{\"date\":\"%s\",\"equipment_id\":%d,"
                 "\"hours_operating\":%.1f,\"notes\":\"telemetry %s\"}}",
                 date, m->equipment_id, hours, tag);
        http = api("POST", url, body, ST.company_id);
        if (http != 201) LOG("equipment log for %s failed: HTTP %ld", tag, http);
        return http == 201 ? 0 : -1;
    }
    LOG("no mapping for CAN tag %s", tag);
    return -1;
}

int main(int argc, char **argv)
{
    char tag[32];
    double hours;
    FILE *can;

    if (read_config(argc > 1 ? argv[1] : "/etc/eqtelem.conf") != 0) {
        LOG("bad config");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_ALL);
    if (get_token() != 0 || startup_checks() != 0) {
        LOG("startup failed");
        return 1;
    }
    for (;;) {
        if ((can = fopen("/run/canbridge/hours", "r")) != NULL) {
            while (fscanf(can, "%31s %lf", tag, &hours) == 2)
                push_hours(tag, hours);
            fclose(can);
        }
        sleep((unsigned)ST.interval);
    }
}
