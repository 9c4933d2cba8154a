/*
 * punch_agent.c - pulls open punch items, counts overdue ones and publishes a
 * summary to the trailer's MQTT-over-HTTP gateway for the andon panel.
 * Config: /etc/punch_agent.ini (key=value), overridden by PUNCH_* env.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <curl/curl.h>

#define MAX_HEADERS   8
#define HDR_LEN       256
#define URL_LEN       512
#define BODY_LEN      (128 * 1024)
#define MAX_PUNCH     256

#define INI_PATH          "/etc/punch_agent.ini"
#define GW_DEFAULT_HOST   "10.20.0.5"
#define GW_DEFAULT_PORT   8080
#define GW_PUBLISH_FMT    "http://%s:%d/api/v1/publish?topic=%s&qos=1&retain=true"
#define GW_TOPIC          "site%2Fandon%2Fpunch"

enum env_id { ENV_PRODUCTION = 0, ENV_SANDBOX, ENV_MONTHLY, ENV_COUNT };

struct env_desc {
    const char *name;
    const char *login_base;
    const char *api_base;
};

static const struct env_desc ENVS[ENV_COUNT] = {
    [ENV_PRODUCTION] = { "production", "https://login.procore.com",         "https://api.procore.com" },
    [ENV_SANDBOX]    = { "sandbox",    "https://login-sandbox.procore.com", "https://sandbox.procore.com" },
    [ENV_MONTHLY]    = { "monthly",    "https://api-monthly.procore.com",   "https://api-monthly.procore.com" },
};

struct request {
    char method[8];
    char url[URL_LEN];
    char headers[MAX_HEADERS][HDR_LEN];
    int  n_headers;
    const char *body;
};
struct response {
    long   status;
    size_t len;
    char   body[BODY_LEN];
};
struct transport {
    int (*send)(struct transport *, const struct request *, struct response *);
    CURL *curl;
    long timeout_s;
};

struct config {
    enum env_id env;
    char token[1024];
    char refresh_token[512];
    char client_id[128], client_secret[128];
    long long company_id;
    long long project_id;
    char gw_host[64];
    int  gw_port;
};

struct punch {
    long long id;
    int  assignee_id;
    char due_date[16];
};

static struct response g_rs;   /* too big for the stack on the ARM box */
static struct punch g_items[MAX_PUNCH];

static size_t write_cb(char *ptr, size_t sz, size_t n, void *ud)
{
    struct response *rs = ud;
    size_t len = sz * n;
    size_t room = sizeof(rs->body) - 1 - rs->len;
    if (len > room) len = room;
    memcpy(rs->body + rs->len, ptr, len);
    rs->len += len;
    rs->body[rs->len] = '\0';
    return sz * n;
}

static int curl_send(struct transport *t, const struct request *rq, struct response *rs)
{
    struct curl_slist *hdrs = NULL;
    CURLcode rc;
    int i;

    curl_easy_reset(t->curl);
    for (i = 0; i < rq->n_headers; i++)
        hdrs = curl_slist_append(hdrs, rq->headers[i]);   /* copies the line */

    rs->len = 0; rs->body[0] = '\0'; rs->status = 0;
    curl_easy_setopt(t->curl, CURLOPT_URL, rq->url);
    curl_easy_setopt(t->curl, CURLOPT_CUSTOMREQUEST, rq->method);
    if (rq->body)
        curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(t->curl, CURLOPT_WRITEDATA, rs);
    curl_easy_setopt(t->curl, CURLOPT_TIMEOUT, t->timeout_s);
    rc = curl_easy_perform(t->curl);
    if (rc == CURLE_OK)
        curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &rs->status);
    curl_slist_free_all(hdrs);
    return rc == CURLE_OK ? 0 : -1;
}

static void req_add(struct request *rq, const char *fmt, const char *val)
{
    if (rq->n_headers >= MAX_HEADERS) return;
    snprintf(rq->headers[rq->n_headers++], HDR_LEN, fmt, val);
}

static void req_init(struct request *rq, const char *method, const char *url, const char *token)
{
    memset(rq, 0, sizeof(*rq));
    strncpy(rq->method, method, sizeof(rq->method) - 1);
    strncpy(rq->url, url, sizeof(rq->url) - 1);
    req_add(rq, "Authorization: Bearer %s", token);
    req_add(rq, "Accept: %s", "application/json");
}

static void req_procore(struct request *rq, const struct config *c, const char *method, const char *url)
{
    char id[24];
    req_init(rq, method, url, c->token);
    snprintf(id, sizeof(id), "%lld", c->company_id);
    req_add(rq, "Procore-Company-Id: %s", id);
}

static void load_config(struct config *c)
{
    char line[512];
    const char *v;
    FILE *f = fopen(INI_PATH, "r");

    memset(c, 0, sizeof(*c));
    c->env = ENV_PRODUCTION;
    strncpy(c->gw_host, GW_DEFAULT_HOST, sizeof(c->gw_host) - 1);
    c->gw_port = GW_DEFAULT_PORT;

    while (f && fgets(line, sizeof(line), f)) {
        char *eq = strchr(line, '=');
        if (!eq || line[0] == '#' || line[0] == ';') continue;
        *eq++ = '\0';
        eq[strcspn(eq, "\r\n")] = '\0';
        if (!strcmp(line, "company_id"))      c->company_id = strtoll(eq, NULL, 10);
        else if (!strcmp(line, "project_id")) c->project_id = strtoll(eq, NULL, 10);
        else if (!strcmp(line, "env"))        c->env = (enum env_id)atoi(eq);
        else if (!strcmp(line, "refresh_token")) strncpy(c->refresh_token, eq, sizeof(c->refresh_token) - 1);
        else if (!strcmp(line, "client_id"))     strncpy(c->client_id, eq, sizeof(c->client_id) - 1);
        else if (!strcmp(line, "client_secret")) strncpy(c->client_secret, eq, sizeof(c->client_secret) - 1);
        else if (!strcmp(line, "gw_port"))    c->gw_port = atoi(eq);
    }
    if (f) fclose(f);

    if ((v = getenv("PUNCH_COMPANY_ID")) != NULL) c->company_id = strtoll(v, NULL, 10);
    if ((v = getenv("PUNCH_PROJECT_ID")) != NULL) c->project_id = atol(v);
    if ((v = getenv("PUNCH_GW_HOST")) != NULL)    strncpy(c->gw_host, v, sizeof(c->gw_host) - 1);
    if (c->env >= ENV_COUNT) c->env = ENV_PRODUCTION;
}

/* refresh_token grant; the access token only lives 2h and the agent runs from cron */
static int refresh_access_token(struct transport *t, struct config *c)
{
    struct request rq;
    char url[URL_LEN], body[1024];
    char *p, *q;

    snprintf(url, sizeof(url), "%s/oauth/token", ENVS[c->env].login_base);
    snprintf(body, sizeof(body),
             "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
             c->refresh_token, c->client_id, c->client_secret);
    memset(&rq, 0, sizeof(rq));
    strcpy(rq.method, "POST");
    strncpy(rq.url, url, sizeof(rq.url) - 1);
    req_add(&rq, "Content-Type: %s", "application/x-www-form-urlencoded");
    rq.body = body;
    if (t->send(t, &rq, &g_rs) != 0 || g_rs.status != 200)
        return -1;
    if ((p = strstr(g_rs.body, "\"access_token\":\"")) == NULL) return -1;
    p += 16;
    if ((q = strchr(p, '"')) == NULL || (size_t)(q - p) >= sizeof(c->token))
        return -1;
    memcpy(c->token, p, (size_t)(q - p));
    c->token[q - p] = '\0';
    return 0;
}

static int fetch_punch_items(struct transport *t, const struct config *c, int *count)
{
    struct request rq;
    char url[URL_LEN];
    int page, n = 0;

    for (page = 1; page <= 10 && n < MAX_PUNCH; page++) {
        const char *p;
        int got = 0;
        snprintf(url, sizeof(url), "%s/rest/v1.0/projects/%lld/punch_items?page=%d&per_page=100",
                 ENVS[c->env].api_base, c->project_id, page);
        strncat(url, "&filters[status]=open", sizeof(url) - strlen(url) - 1);
        req_procore(&rq, c, "GET", url);
        if (t->send(t, &rq, &g_rs) != 0 || g_rs.status != 200) {
            fprintf(stderr, "punch_items page %d: HTTP %ld\n", page, g_rs.status);
            return -1;
        }
        for (p = strstr(g_rs.body, "{\"id\":"); p && n < MAX_PUNCH; p = strstr(p + 1, "{\"id\":")) {
            const char *a = strstr(p, "\"assignee_id\":");
            const char *d = strstr(p, "\"due_date\":\"");
            g_items[n].id = strtoll(p + 6, NULL, 10);
            g_items[n].assignee_id = a ? (int)strtol(a + 14, NULL, 10) : 0;
            if (d) sscanf(d + 12, "%10[0-9-]", g_items[n].due_date);
            n++;
            got++;
        }
        if (got < 100) break;
    }
    *count = n;
    return 0;
}

static int project_user_count(struct transport *t, const struct config *c)
{
    struct request rq;
    char url[URL_LEN];
    const char *p;
    int n = 0;

    snprintf(url, sizeof(url), "%s/rest/v1.0/projects/%lld/users?per_page=500",
             ENVS[c->env].api_base, c->project_id);
    req_init(&rq, "GET", url, c->token);
    if (t->send(t, &rq, &g_rs) != 0 || g_rs.status != 200)
        return -1;
    for (p = g_rs.body; (p = strstr(p, "\"login\":")) != NULL; p++)
        n++;
    return n;
}

static int publish_summary(struct transport *t, const struct config *c, int open, int overdue, int users)
{
    struct request rq;
    char url[URL_LEN], body[512];

    snprintf(url, sizeof(url), GW_PUBLISH_FMT, c->gw_host, c->gw_port, GW_TOPIC);
    snprintf(body, sizeof(body),
             "{\"open\":%d,\"overdue\":%d,\"team\":%d,"
             "\"link\":\"https://app.procore.com/%lld/project/punch_list\"}",
             open, overdue, users, c->project_id);
    memset(&rq, 0, sizeof(rq));
    strcpy(rq.method, "POST");
    strncpy(rq.url, url, sizeof(rq.url) - 1);
    req_add(&rq, "Content-Type: %s", "application/json");
    rq.body = body;
    return t->send(t, &rq, &g_rs) == 0 && g_rs.status < 300 ? 0 : -1;
}

int main(void)
{
    struct config cfg;
    struct transport tr = { curl_send, NULL, 30 };
    char today[16];
    time_t now = time(NULL);
    int i, count = 0, overdue = 0, users;

    load_config(&cfg);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    tr.curl = curl_easy_init();
    if (!tr.curl || refresh_access_token(&tr, &cfg) != 0) {
        fprintf(stderr, "punch_agent: auth against %s failed\n", ENVS[cfg.env].name);
        return 1;
    }
    if (fetch_punch_items(&tr, &cfg, &count) != 0)
        return 2;

    strftime(today, sizeof(today), "%Y-%m-%d", gmtime(&now));
    for (i = 0; i < count; i++) {
        if (g_items[i].due_date[0] && strcmp(g_items[i].due_date, today) < 0) {
            overdue++;
            printf("overdue: punch %lld assignee %d due %s\n",
                   g_items[i].id, g_items[i].assignee_id, g_items[i].due_date);
        }
    }
    users = project_user_count(&tr, &cfg);
    if (publish_summary(&tr, &cfg, count, overdue, users) != 0)
        fprintf(stderr, "punch_agent: gateway %s:%d rejected publish (HTTP %ld)\n",
                cfg.gw_host, cfg.gw_port, g_rs.status);

    curl_easy_cleanup(tr.curl);
    curl_global_cleanup();
    return 0;
}
