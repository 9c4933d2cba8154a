/*
 * dailylog_up - end-of-shift daily log uploader (runs on the site NUC)
 *
 *   1. pulls current conditions from open-meteo for the site coordinates
 *   2. posts a weather log + the foreman's notes file to the project
 *   3. archives the payloads to S3 through a presigned PUT url
 *
 * ini: /etc/dailylog.ini  (key = value, '#' comments); env wins over ini.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#define DEFAULT_LOGIN_HOST  "https://login.procore.com"
#define DEFAULT_API_HOST    "https://app.procore.com"
#define WEATHER_URL_FMT     "https://api.open-meteo.com/v1/forecast?latitude=%.4f&longitude=%.4f&current_weather=true"

#define N_HDR     6
#define HDR_SZ    300
#define URL_SZ    600
#define RESP_SZ   32768

struct request {
    char url[URL_SZ];
    char method[8];
    char hdr[N_HDR][HDR_SZ];
    int  nhdr;
    const char *data;
};

struct response {
    long code;
    char data[RESP_SZ];
    size_t n;
};

struct transport {
    int (*send)(struct transport *, const struct request *, struct response *);
    void *impl;
    int verbose;
};

static struct {
    char api_host[128];
    char login_host[128];
    char token[1024];
    char refresh[256];
    char client_id[96];
    char client_secret[96];
    unsigned long company_id;
    long long project_id;
    double lat, lon;
    char notes_path[256];
    char s3_put_url[1024];
} cfg;

static size_t sink(char *p, size_t sz, size_t nm, void *ud)
{
    struct response *r = ud;
    size_t n = sz * nm;
    if (r->n + n >= sizeof(r->data))
        n = sizeof(r->data) - 1 - r->n;
    memcpy(r->data + r->n, p, n);
    r->n += n;
    r->data[r->n] = 0;
    return sz * nm;
}

static struct curl_slist *apply_headers(const struct request *rq)
{
    struct curl_slist *l = NULL;
    int i;
    for (i = 0; i < rq->nhdr; i++)
        l = curl_slist_append(l, rq->hdr[i]);
    return l;
}

static int easy_send(struct transport *t, const struct request *rq, struct response *rs)
{
    CURL *h = t->impl;
    struct curl_slist *l = apply_headers(rq);
    CURLcode rc;

    memset(rs, 0, sizeof(*rs));
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, rq->url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, rq->method);
    if (rq->data)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->data);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, l);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, rs);
    curl_easy_setopt(h, CURLOPT_VERBOSE, (long)t->verbose);
    rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &rs->code);
    curl_slist_free_all(l);
    return rc == CURLE_OK ? 0 : -1;
}

static void add_hdr(struct request *rq, const char *line)
{
    if (rq->nhdr < N_HDR)
        snprintf(rq->hdr[rq->nhdr++], HDR_SZ, "%s", line);
}

static void req_build(struct request *rq, const char *method, const char *url, const char *data)
{
    char auth[HDR_SZ];
    memset(rq, 0, sizeof(*rq));
    snprintf(rq->method, sizeof(rq->method), "%s", method);
    snprintf(rq->url, sizeof(rq->url), "%s", url);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", cfg.token);
    add_hdr(rq, auth);
    add_hdr(rq, "Content-Type: application/json");
    rq->data = data;
}

static void add_company(struct request *rq)
{
    char line[64];
    snprintf(line, sizeof(line), "Procore-Company-Id: %lu", cfg.company_id);
    add_hdr(rq, line);
}

static void ini_set(const char *k, const char *v)
{
    if (!strcmp(k, "api_host"))            snprintf(cfg.api_host, sizeof(cfg.api_host), "%s", v);
    else if (!strcmp(k, "login_host"))     snprintf(cfg.login_host, sizeof(cfg.login_host), "%s", v);
    else if (!strcmp(k, "refresh_token"))  snprintf(cfg.refresh, sizeof(cfg.refresh), "%s", v);
    else if (!strcmp(k, "client_id"))      snprintf(cfg.client_id, sizeof(cfg.client_id), "%s", v);
    else if (!strcmp(k, "client_secret"))  snprintf(cfg.client_secret, sizeof(cfg.client_secret), "%s", v);
    else if (!strcmp(k, "company_id"))     cfg.company_id = strtoul(v, NULL, 10);
    else if (!strcmp(k, "project_id"))     sscanf(v, "%lld", &cfg.project_id);
    else if (!strcmp(k, "latitude"))       cfg.lat = atof(v);
    else if (!strcmp(k, "longitude"))      cfg.lon = atof(v);
    else if (!strcmp(k, "notes"))          snprintf(cfg.notes_path, sizeof(cfg.notes_path), "%s", v);
}

static void load_config(const char *path)
{
    char line[512], k[64], v[448];
    const char *e;
    FILE *f = fopen(path, "r");

    strcpy(cfg.api_host, DEFAULT_API_HOST);
    strcpy(cfg.login_host, DEFAULT_LOGIN_HOST);
    strcpy(cfg.notes_path, "/var/lib/dailylog/notes.txt");
    while (f && fgets(line, sizeof(line), f))
        if (line[0] != '#' && sscanf(line, " %63[^= ] = %447[^\r\n]", k, v) == 2)
            ini_set(k, v);
    if (f) fclose(f);

    if ((e = getenv("PROCORE_API_HOST")))   ini_set("api_host", e);
    if ((e = getenv("PROCORE_COMPANY_ID"))) ini_set("company_id", e);
    if ((e = getenv("PROCORE_PROJECT_ID"))) ini_set("project_id", e);
    if ((e = getenv("PROCORE_TOKEN")))      snprintf(cfg.token, sizeof(cfg.token), "%s", e);
    if ((e = getenv("DAILYLOG_S3_PUT_URL"))) snprintf(cfg.s3_put_url, sizeof(cfg.s3_put_url), "%s", e);
}

static int refresh_token(struct transport *t)
{
    struct request rq;
    struct response rs;
    char url[URL_SZ], form[768], *p;

    snprintf(url, sizeof(url), "%s/oauth/token", cfg.login_host);
    snprintf(form, sizeof(form), "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             cfg.refresh, cfg.client_id, cfg.client_secret);
    memset(&rq, 0, sizeof(rq));
    strcpy(rq.method, "POST");
    strcpy(rq.url, url);
    add_hdr(&rq, "Content-Type: application/x-www-form-urlencoded");
    rq.data = form;
    if (t->send(t, &rq, &rs) != 0 || rs.code != 200 || !(p = strstr(rs.data, "\"access_token\":\"")))
        return -1;
    sscanf(p + 16, "%1023[^\"]", cfg.token);
    return 0;
}

static int fetch_weather(struct transport *t, double *temp_c, double *wind_kmh, int *wmo_code)
{
    struct request rq;
    struct response rs;
    const char *cw;

    memset(&rq, 0, sizeof(rq));
    strcpy(rq.method, "GET");
    snprintf(rq.url, sizeof(rq.url), WEATHER_URL_FMT, cfg.lat, cfg.lon);
    if (t->send(t, &rq, &rs) != 0 || rs.code != 200 || !(cw = strstr(rs.data, "\"current_weather\":")))
        return -1;
    sscanf(strstr(cw, "\"temperature\":") + 14, "%lf", temp_c);
    sscanf(strstr(cw, "\"windspeed\":") + 12, "%lf", wind_kmh);
    *wmo_code = atoi(strstr(cw, "\"weathercode\":") + 14);
    return 0;
}

static int post_weather_log(struct transport *t, const char *date, double temp_c, double wind, int wmo)
{
    struct request rq;
    struct response rs;
    char url[URL_SZ], body[512];
    const char *p;

    snprintf(url, sizeof(url), "%s/rest/v1.0/projects/%lld/weather_logs", cfg.api_host, cfg.project_id);
    snprintf(body, sizeof(body),
             "{\"weather_log\":{\"date\":\"%s\",\"temperature_average\":\"%.0f\","
             "\"wind\":\"%.0f km/h\",\"comments\":\"open-meteo WMO code %d\"}}",
             date, temp_c * 9.0 / 5.0 + 32.0, wind, wmo);
    req_build(&rq, "POST", url, body);
    add_company(&rq);
    if (t->send(t, &rq, &rs) != 0 || rs.code != 201)
        return -1;
    if ((p = strstr(rs.data, "\"id\":")) != NULL) {
        int created = atoi(p + 5);
        printf("weather log %d created for %s\n", created, date);
    }
    return 0;
}

static int post_notes_log(struct transport *t, const char *date, const char *notes)
{
    struct request rq;
    struct response rs;
    char url[URL_SZ], body[4096];

    snprintf(url, sizeof(url), "%s/rest/v1.0/projects/%lld/notes_logs", cfg.api_host, cfg.project_id);
    snprintf(body, sizeof(body), "{\"notes_log\":{\"date\":\"%s\",\"comment\":\"%s\"}}", date, notes);
    req_build(&rq, "POST", url, body);
    add_company(&rq);
    if (t->send(t, &rq, &rs) != 0)
        return -1;
    if (rs.code == 401 && refresh_token(t) == 0) {
        req_build(&rq, "POST", url, body);          /* new bearer */
        if (t->send(t, &rq, &rs) != 0)
            return -1;
    }
    return rs.code == 201 ? 0 : -1;
}

static int archive_to_s3(struct transport *t, const char *payload)
{
    struct request rq;
    struct response rs;

    if (!cfg.s3_put_url[0])
        return 0;
    memset(&rq, 0, sizeof(rq));
    strcpy(rq.method, "PUT");
    strncat(rq.url, cfg.s3_put_url, sizeof(rq.url) - 1);
    add_hdr(&rq, "Content-Type: application/json");
    add_hdr(&rq, "x-amz-server-side-encryption: AES256");
    rq.data = payload;
    return t->send(t, &rq, &rs) == 0 && rs.code == 200 ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct transport tr = { easy_send, NULL, 0 };
    char date[16], notes[2048] = "", archive[4096];
    double temp = 0, wind = 0;
    int wmo = 0, rc = 0;
    time_t now = time(NULL);
    FILE *nf;

    load_config(argc > 1 ? argv[1] : "/etc/dailylog.ini");
    tr.verbose = getenv("DAILYLOG_VERBOSE") != NULL;
    strftime(date, sizeof(date), "%Y-%m-%d", localtime(&now));

    if ((nf = fopen(cfg.notes_path, "r")) != NULL) {
        size_t n = fread(notes, 1, sizeof(notes) - 1, nf);
        notes[n] = 0;
        notes[strcspn(notes, "\"\r\n")] = 0;   /* one line, no quotes - foreman's tablet sends plain text */
        fclose(nf);
    }

    curl_global_init(CURL_GLOBAL_ALL);
    tr.impl = curl_easy_init();

    if (fetch_weather(&tr, &temp, &wind, &wmo) != 0)
        fprintf(stderr, "weather lookup failed, logging without it\n");
    else if (post_weather_log(&tr, date, temp, wind, wmo) != 0)
        rc |= 1;
    if (notes[0] && post_notes_log(&tr, date, notes) != 0)
        rc |= 2;

    snprintf(archive, sizeof(archive),
             "{\"project_id\":%lld,\"date\":\"%s\",\"temp_c\":%.1f,\"wind\":%.1f,\"notes\":\"%s\"}",
             cfg.project_id, date, temp, wind, notes);
    if (archive_to_s3(&tr, archive) != 0)
        rc |= 4;

    curl_easy_cleanup(tr.impl);
    curl_global_cleanup();
    return rc;
}
