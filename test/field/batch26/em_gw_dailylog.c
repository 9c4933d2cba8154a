/*
 * gw_dailylog.c - site gateway: push weather station readings into the
 * Procore daily log (weather_logs), and raise station alarms as notes.
 *
 * Built for the ARM gateway image; links against libcurl only.
 *   cc -O2 -o gw_dailylog gw_dailylog.c -lcurl
 *   cc -DSANDBOX ...   to talk to the developer sandbox
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <syslog.h>
#include <curl/curl.h>

#define PROCORE_SCHEME "https"
#ifdef SANDBOX
#define PROCORE_HOST       "sandbox.procore.com"
#define PROCORE_LOGIN_HOST "login-sandbox.procore.com"
#else
#define PROCORE_HOST       "api.procore.com"
#define PROCORE_LOGIN_HOST "login.procore.com"
#endif
#define PROCORE_API   PROCORE_SCHEME "://" PROCORE_HOST
#define PROCORE_LOGIN PROCORE_SCHEME "://" PROCORE_LOGIN_HOST
#define REST(p)       PROCORE_API "/rest/v1.0" p
#define WEB_LINK_FMT  "https://app.procore.com/%ld/project/daily_log/list"

#define GW_CONF     "/etc/gw/procore.conf"
#define GW_WX_FILE  "/run/gw/wx.txt"
#define URL_MAX     512
#define BODY_MAX    2048
#define RESP_MAX    16384
#define PER_PAGE    100
#define WIND_ALARM_KPH 60.0

/* X(name, method, url-format) */
#define ENDPOINTS(X) \
    X(EP_ME,       "GET",  REST("/me")) \
    X(EP_PROJECTS, "GET",  REST("/projects?company_id=%lld&page=%d&per_page=%d")) \
    X(EP_WEATHER,  "POST", REST("/projects/%ld/weather_logs")) \
    X(EP_NOTES,    "POST", REST("/projects/%ld/notes_logs"))

#define X_ENUM(n, m, u) n,
enum endpoint { ENDPOINTS(X_ENUM) EP_COUNT };
#undef X_ENUM
#define X_METHOD(n, m, u) m,
static const char *ep_method[EP_COUNT] = { ENDPOINTS(X_METHOD) };
#undef X_METHOD
#define X_URL(n, m, u) u,
static const char *ep_url[EP_COUNT] = { ENDPOINTS(X_URL) };
#undef X_URL

struct gw_state {
    char client_id[128];
    char client_secret[128];
    char access_token[1024];
    char refresh_token[256];
    time_t token_expiry;
    long long company_id;
    long project_id;          /* from procore.conf */
    int station_no;
    int poll_seconds;
};
static struct gw_state g;

struct buf { char *p; size_t len, cap; };

static size_t on_data(char *ptr, size_t sz, size_t n, void *ud)
{
    struct buf *b = (struct buf *)ud;
    size_t k = sz * n;
    if (b->len + k >= b->cap) k = b->cap - b->len - 1;
    memcpy(b->p + b->len, ptr, k);
    b->len += k;
    b->p[b->len] = '\0';
    return sz * n;
}

static size_t discard(char *ptr, size_t sz, size_t n, void *ud)
{
    (void)ptr; (void)ud;
    return sz * n;
}

static int load_conf(const char *path)
{
    char line[256], key[64], val[190];
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || sscanf(line, "%63[^=]=%189s", key, val) != 2) continue;
        if (!strcmp(key, "client_id"))          strncpy(g.client_id, val, sizeof g.client_id - 1);
        else if (!strcmp(key, "client_secret")) strncpy(g.client_secret, val, sizeof g.client_secret - 1);
        else if (!strcmp(key, "refresh_token")) strncpy(g.refresh_token, val, sizeof g.refresh_token - 1);
        else if (!strcmp(key, "company_id"))    g.company_id = strtoll(val, NULL, 10);
        else if (!strcmp(key, "project_id"))    g.project_id = strtol(val, NULL, 10);
        else if (!strcmp(key, "station"))       g.station_no = atoi(val);
        else if (!strcmp(key, "poll"))          g.poll_seconds = atoi(val);
    }
    fclose(f);
    if (g.poll_seconds < 60) g.poll_seconds = 900;
    return 0;
}

static int refresh_token(void)
{
    char body[BODY_MAX], rbuf[4096];
    struct buf b = { rbuf, 0, sizeof rbuf };
    CURL *c = curl_easy_init();
    CURLcode rc;
    long status = 0;
    int expires_in = 0;
    char *p;

    if (!c) return -1;
    snprintf(body, sizeof body,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             g.client_id, g.client_secret, g.refresh_token);
    curl_easy_setopt(c, CURLOPT_URL, PROCORE_LOGIN "/oauth/token");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || status != 200) {
        syslog(LOG_ERR, "token refresh failed: curl=%d http=%ld", (int)rc, status);
        return -1;
    }
    if ((p = strstr(rbuf, "\"access_token\":\"")) != NULL)
        sscanf(p + 16, "%1023[^\"]", g.access_token);
    if ((p = strstr(rbuf, "\"refresh_token\":\"")) != NULL)
        sscanf(p + 17, "%255[^\"]", g.refresh_token);
    if ((p = strstr(rbuf, "\"expires_in\":")) != NULL)
        sscanf(p + 13, "%d", &expires_in);
    g.token_expiry = time(NULL) + expires_in - 60;
    return 0;
}

static long gw_request(enum endpoint ep, const char *url, const char *body, struct buf *out)
{
    char auth[1100], company[64];
    struct curl_slist *h = NULL;
    CURL *c;
    long status = 0;

    if (time(NULL) >= g.token_expiry && refresh_token() != 0) return -1;
    if (!(c = curl_easy_init())) return -1;
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g.access_token);
    sprintf(company, "Procore-Company-Id: %lld", g.company_id);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, company);
    h = curl_slist_append(h, "Accept: application/json");
    if (body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, ep_method[ep]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, out ? on_data : discard);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

static int find_project(void)
{
    static char rbuf[RESP_MAX];
    char url[URL_MAX];
    int page, found = 0;

    for (page = 1; page <= 20 && !found; page++) {
        struct buf b = { rbuf, 0, sizeof rbuf };
        const char *p;
        int n = 0;
        snprintf(url, sizeof url, ep_url[EP_PROJECTS], g.company_id, page, PER_PAGE);
        if (gw_request(EP_PROJECTS, url, NULL, &b) != 200) return -1;
        for (p = rbuf; (p = strstr(p, "{\"id\":")) != NULL; p += 6) {
            int pid = 0;
            n++;
            if (sscanf(p + 6, "%d", &pid) == 1 && pid == g.project_id) found = 1;
        }
        if (n < PER_PAGE) break;
    }
    return found ? 0 : -1;
}

static int post_weather(double temp_c, double wind_kph, int humidity)
{
    char url[URL_MAX], body[BODY_MAX], date[16];
    time_t now = time(NULL);

    strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
    snprintf(url, sizeof url, ep_url[EP_WEATHER], g.project_id);
    snprintf(body, sizeof body,
             "{\"weather_log\":{\"date\":\"%s\",\"temperature_avg\":\"%.1f\","
             "\"wind\":\"%.0f kph\",\"comments\":\"GW%d humidity %d%%\"}}",
             date, temp_c, wind_kph, g.station_no, humidity);
    return gw_request(EP_WEATHER, url, body, NULL) == 201 ? 0 : -1;
}

/* alarms go out on their own handle so a stuck daily-log post can't hold them up */
static int post_alarm_note(const char *msg)
{
    char url[URL_MAX], body[BODY_MAX], auth[1100];
    struct curl_slist *h = NULL;
    CURL *c = curl_easy_init();
    CURLcode rc;

    if (!c) return -1;
    snprintf(url, sizeof url, ep_url[EP_NOTES], g.project_id);
    snprintf(body, sizeof body, "{\"notes_log\":{\"comment\":\"[GW%d] %s\"}}", g.station_no, msg);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", g.access_token);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    rc = curl_easy_perform(c);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

int main(void)
{
    double temp_c, wind_kph;
    int humidity;
    FILE *wx;

    openlog("gw_dailylog", LOG_PID, LOG_DAEMON);
    if (load_conf(GW_CONF) != 0) { syslog(LOG_ERR, "no %s", GW_CONF); return 1; }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (gw_request(EP_ME, ep_url[EP_ME], NULL, NULL) != 200) {
        syslog(LOG_ERR, "procore login check failed");
        return 1;
    }
    if (find_project() != 0) {
        syslog(LOG_ERR, "project not visible to this login");
        return 1;
    }
    syslog(LOG_INFO, "posting to " WEB_LINK_FMT, g.project_id);
    for (;;) {
        if ((wx = fopen(GW_WX_FILE, "r")) != NULL) {
            if (fscanf(wx, "%lf %lf %d", &temp_c, &wind_kph, &humidity) == 3) {
                if (post_weather(temp_c, wind_kph, humidity) != 0)
                    syslog(LOG_WARNING, "weather log post failed");
                if (wind_kph > WIND_ALARM_KPH)
                    post_alarm_note("high wind - crane ops suspended");
            }
            fclose(wx);
        }
        sleep((unsigned)g.poll_seconds);
    }
    curl_global_cleanup();
    return 0;
}
