/*
 * obs_poller - polls Procore observations for one project and forwards new
 * ones to the site MQTT-over-HTTP gateway (topic site/<project>/observations)
 * so the safety lead's radio app gets them.
 *
 *   obs_poller [-n] [-c /etc/obs_poller.conf]
 *     -n   dry run: print requests instead of sending them
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <curl/curl.h>

/* company is hosted on the us02 zone */
#define PROCORE_HOST   "https://us02.procore.com"
#define API_ROOT       PROCORE_HOST "/rest/v1.0"
#define ME_URL         API_ROOT "/me"
#define OBS_ITEMS_FMT  API_ROOT "/observations/items?project_id=%lld&page=%d&per_page=%d"
#define OBS_TYPES_FMT  API_ROOT "/observations/types?project_id=%lld"
#define GW_URL_FMT     "http://%s:%d/mqtt/publish"
#define STATE_FILE     "/var/lib/obs_poller/last_id"

#define MAXH      8
#define HLEN      256
#define BODY_MAX  (256 * 1024)
#define MAX_TYPES 64

struct request {
    char method[8];
    char url[512];
    char header[MAXH][HLEN];
    int  nheader;
    const char *body;
};
struct response {
    int  status;
    char body[BODY_MAX];
    size_t len;
};
struct transport {
    int (*send)(struct transport *, const struct request *, struct response *);
    CURL *curl;
    FILE *trace;
};

struct obs_type {
    int  id;
    char name[64];
};

struct observation {
    long long id;
    unsigned  assignee_id;
    long long type_id;
    char status[24];
    char name[128];
};

static struct {
    char token[1024];
    long long company_id;
    long long project_id;
    char gw_host[64];
    int  gw_port;
    int  interval_s;
} conf = { "", 0, 0, "127.0.0.1", 8088, 120 };

static struct obs_type types[MAX_TYPES];
static int n_types;
static struct response resp;
static volatile sig_atomic_t stop;

static void on_sig(int s) { (void)s; stop = 1; }

static size_t collect(char *p, size_t sz, size_t nm, void *ud)
{
    struct response *r = ud;
    size_t n = sz * nm;
    if (n > sizeof(r->body) - 1 - r->len)
        n = sizeof(r->body) - 1 - r->len;
    memcpy(r->body + r->len, p, n);
    r->len += n;
    r->body[r->len] = 0;
    return sz * nm;
}

static int curl_send(struct transport *t, const struct request *rq, struct response *rs)
{
    struct curl_slist *hl = NULL;
    long code = 0;
    CURLcode rc;
    int i;

    for (i = 0; i < rq->nheader; i++)
        hl = curl_slist_append(hl, rq->header[i]);
    rs->len = 0; rs->body[0] = 0;
    curl_easy_reset(t->curl);
    curl_easy_setopt(t->curl, CURLOPT_URL, rq->url);
    curl_easy_setopt(t->curl, CURLOPT_CUSTOMREQUEST, rq->method);
    curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, hl);
    if (rq->body) curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(t->curl, CURLOPT_WRITEDATA, rs);
    curl_easy_setopt(t->curl, CURLOPT_CONNECTTIMEOUT, 10L);
    rc = curl_easy_perform(t->curl);
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
    rs->status = (int)code;
    curl_slist_free_all(hl);
    return rc == CURLE_OK ? 0 : -1;
}

static int dry_send(struct transport *t, const struct request *rq, struct response *rs)
{
    int i;
    fprintf(t->trace, "%s %s\n", rq->method, rq->url);
    for (i = 0; i < rq->nheader; i++)
        fprintf(t->trace, "  %s\n", strncmp(rq->header[i], "Authorization", 13) ? rq->header[i] : "Authorization: ***");
    strcpy(rs->body, "[]"); rs->len = 2; rs->status = 200;
    return 0;
}

static void hdr(struct request *rq, const char *fmt, const char *arg)
{
    if (rq->nheader < MAXH)
        snprintf(rq->header[rq->nheader++], HLEN, fmt, arg);
}

/* plain authenticated GET, used for the small lookups */
static int procore_get(struct transport *t, const char *url)
{
    struct request rq;
    memset(&rq, 0, sizeof(rq));
    strcpy(rq.method, "GET");
    snprintf(rq.url, sizeof(rq.url), "%s", url);
    hdr(&rq, "Authorization: Bearer %s", conf.token);
    hdr(&rq, "Accept: %s", "application/json");
    if (t->send(t, &rq, &resp) != 0)
        return -1;
    return resp.status == 200 ? 0 : -1;
}

static int load_types(struct transport *t)
{
    char url[512];
    const char *p;

    snprintf(url, sizeof(url), OBS_TYPES_FMT, conf.project_id);
    if (procore_get(t, url) != 0)
        return -1;
    for (p = resp.body, n_types = 0; (p = strstr(p, "{\"id\":")) && n_types < MAX_TYPES; p++) {
        struct obs_type *ty = &types[n_types++];
        const char *nm = strstr(p, "\"name\":\"");
        sscanf(p + 6, "%d", &ty->id);
        if (nm) sscanf(nm + 8, "%63[^\"]", ty->name);
    }
    return n_types;
}

static const char *type_name(long long id)
{
    int i;
    for (i = 0; i < n_types; i++)
        if (types[i].id == id)
            return types[i].name;
    return "Observation";
}

static int parse_one(const char *p, struct observation *o)
{
    const char *a = strstr(p, "\"assignee\":{\"id\":");
    const char *ty = strstr(p, "\"type\":{\"id\":");
    const char *st = strstr(p, "\"status\":\"");
    const char *nm = strstr(p, "\"name\":\"");

    memset(o, 0, sizeof(*o));
    if (sscanf(p, "{\"id\":%lld", &o->id) != 1)
        return -1;
    if (a) o->assignee_id = (unsigned)strtoul(a + 17, NULL, 10);
    if (ty) o->type_id = strtoll(ty + 13, NULL, 10);
    if (st) sscanf(st + 10, "%23[^\"]", o->status);
    if (nm) sscanf(nm + 8, "%127[^\"]", o->name);
    return 0;
}

static int publish(struct transport *t, const struct observation *o)
{
    struct request rq;
    struct response *rs = &resp;
    char body[640];

    memset(&rq, 0, sizeof(rq));
    strcpy(rq.method, "POST");
    snprintf(rq.url, sizeof(rq.url), GW_URL_FMT, conf.gw_host, conf.gw_port);
    hdr(&rq, "Content-Type: %s", "application/json");
    snprintf(body, sizeof(body),
             "{\"topic\":\"site/%lld/observations\",\"qos\":1,\"payload\":{\"id\":%lld,"
             "\"type\":\"%s\",\"status\":\"%s\",\"assignee\":%u,\"title\":\"%s\"}}",
             conf.project_id, o->id, type_name(o->type_id), o->status, o->assignee_id, o->name);
    rq.body = body;
    return t->send(t, &rq, rs) == 0 && rs->status / 100 == 2 ? 0 : -1;
}

static long long poll_once(struct transport *t, long long last_seen)
{
    struct request rq;
    struct observation o;
    char company[24];
    long long newest = last_seen;
    int page = 1, seen;

    snprintf(company, sizeof(company), "%lld", conf.company_id);
    do {
        const char *p;
        memset(&rq, 0, sizeof(rq));
        strcpy(rq.method, "GET");
        snprintf(rq.url, sizeof(rq.url), OBS_ITEMS_FMT, conf.project_id, page, 100);
        strncat(rq.url, "&sort=-id", sizeof(rq.url) - strlen(rq.url) - 1);
        hdr(&rq, "Authorization: Bearer %s", conf.token);
        hdr(&rq, "Procore-Company-Id: %s", company);
        if (t->send(t, &rq, &resp) != 0 || resp.status != 200) {
            fprintf(stderr, "obs_poller: items page %d -> HTTP %d\n", page, resp.status);
            break;
        }
        for (seen = 0, p = strstr(resp.body, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
            if (parse_one(p, &o) != 0 || o.id <= last_seen)
                continue;
            seen++;
            if (o.id > newest)
                newest = o.id;
            if (publish(t, &o) != 0)
                fprintf(stderr, "obs_poller: gateway refused observation %lld\n", o.id);
        }
        page++;
    } while (seen == 100 && !stop);
    return newest;
}

static void load_conf(const char *path)
{
    char k[32], v[1024];
    const char *e;
    FILE *f = fopen(path, "r");

    while (f && fscanf(f, " %31[^=]=%1023[^\n]", k, v) == 2) {
        if (!strcmp(k, "token"))        snprintf(conf.token, sizeof(conf.token), "%s", v);
        else if (!strcmp(k, "company")) conf.company_id = strtoll(v, NULL, 10);
        else if (!strcmp(k, "project")) conf.project_id = strtoll(v, NULL, 10);
        else if (!strcmp(k, "gw_host")) snprintf(conf.gw_host, sizeof(conf.gw_host), "%s", v);
        else if (!strcmp(k, "gw_port")) conf.gw_port = atoi(v);
        else if (!strcmp(k, "interval")) conf.interval_s = atoi(v);
    }
    if (f) fclose(f);
    if ((e = getenv("OBS_TOKEN")))   snprintf(conf.token, sizeof(conf.token), "%s", e);
    if ((e = getenv("OBS_PROJECT"))) conf.project_id = strtoll(e, NULL, 10);
}

int main(int argc, char **argv)
{
    struct transport tr = { curl_send, NULL, NULL };
    const char *cfgpath = "/etc/obs_poller.conf";
    long long last = 0;
    FILE *sf;
    int opt;

    while ((opt = getopt(argc, argv, "nc:")) != -1) {
        if (opt == 'n') { tr.send = dry_send; tr.trace = stdout; }
        else if (opt == 'c') cfgpath = optarg;
    }
    load_conf(cfgpath);
    signal(SIGTERM, on_sig);
    signal(SIGINT, on_sig);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    tr.curl = curl_easy_init();

    if (procore_get(&tr, ME_URL) == 0)
        printf("obs_poller: authenticated, project %lld (https://app.procore.com/%lld/project/observations)\n",
               conf.project_id, conf.project_id);
    if (load_types(&tr) < 0)
        fprintf(stderr, "obs_poller: no observation types, using generic names\n");

    if ((sf = fopen(STATE_FILE, "r")) != NULL) {
        if (fscanf(sf, "%lld", &last) != 1) last = 0;
        fclose(sf);
    }
    while (!stop) {
        long long newest = poll_once(&tr, last);
        if (newest != last && (sf = fopen(STATE_FILE, "w")) != NULL) {
            fprintf(sf, "%lld\n", newest);
            fclose(sf);
            last = newest;
        }
        sleep((unsigned)conf.interval_s);
    }
    curl_easy_cleanup(tr.curl);
    curl_global_cleanup();
    return 0;
}
