/*
 * gw_cmd_relay.c - stdin command relay from est-sync to Procore.
 *
 * est-sync (the estimating tool) spawns us and writes one command a line:
 *   me
 *   project <job_no>
 *   rfi <job_no> <subject...>
 *   vendors <page>
 *   vendor-link <vendor_key> <procore_vendor_id>
 *   logout
 * Job numbers and vendor keys are est-sync's own int keys; jobmap.csv maps
 * job_no -> Procore project id. Everything we learn is written to stdout as
 * SQL, which est-sync pipes straight into its sqlite3 cache.
 *
 * build: cc -O2 -o gw_cmd_relay gw_cmd_relay.c -lcurl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#define PROCORE_API   "https://api.procore.com"
#define PROCORE_LOGIN "https://login.procore.com"
#define PROCORE_WEB   "https://app.procore.com"
#define REVOKE_URL    "https://api.procore.com/oauth/revoke"
#define MAX_JOBS      512

struct job_map {
    int job_no;              /* est-sync key */
    long long project_id;    /* Procore */
};

struct relay_cfg {
    char client_id[128];
    char client_secret[128];
    char refresh_token[256];
    long long company_id;
    char teams_hook[256];
};

struct buf {
    char *data;
    size_t len;
};

static struct job_map jobs[MAX_JOBS];
static int job_count;
static char access_token[512];
static time_t token_expiry;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;
    size_t n = size * nmemb;
    char *p = realloc(b->data, b->len + n + 1);
    if (!p)
        return 0;
    b->data = p;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static int load_jobs(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[128];
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f) && job_count < MAX_JOBS) {
        int job_no;
        long long pid;
        if (sscanf(line, "%d,%lld", &job_no, &pid) == 2) {
            jobs[job_count].job_no = job_no;
            jobs[job_count].project_id = pid;
            job_count++;
        }
    }
    fclose(f);
    return job_count;
}

static long long lookup_project(int job_no)
{
    for (int i = 0; i < job_count; i++)
        if (jobs[i].job_no == job_no)
            return jobs[i].project_id;
    return 0;
}

/* poor man's JSON: returns pointer just past "key": */
static const char *json_field(const char *body, const char *key)
{
    const char *p = body ? strstr(body, key) : NULL;
    if (!p)
        return NULL;
    p = strchr(p + strlen(key), ':');
    return p ? p + 1 : NULL;
}

static void json_copy_str(const char *v, char *dst, size_t cap)
{
    size_t i = 0;
    if (!v || !(v = strchr(v, '"')))
        return;
    v++;
    while (*v && *v != '"' && i + 1 < cap)
        dst[i++] = *v++;
    dst[i] = '\0';
}

static int refresh_access_token(struct relay_cfg *cfg)
{
    struct buf out = {0};
    char form[1024];
    long status = 0;
    int expires_in = 7200;
    CURL *c;

    if (access_token[0] && time(NULL) < token_expiry - 60)
        return 0;
    snprintf(form, sizeof form,
             "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
             cfg->client_id, cfg->client_secret, cfg->refresh_token);
    c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, PROCORE_LOGIN "/oauth/token");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    if (status != 200) {
        fprintf(stderr, "token refresh failed: HTTP %ld\n", status);
        free(out.data);
        return -1;
    }
    json_copy_str(json_field(out.data, "\"access_token\""), access_token, sizeof access_token);
    json_copy_str(json_field(out.data, "\"refresh_token\""), cfg->refresh_token, sizeof cfg->refresh_token);
    if (json_field(out.data, "\"expires_in\""))
        expires_in = atoi(json_field(out.data, "\"expires_in\""));
    token_expiry = time(NULL) + expires_in;
    free(out.data);
    return 0;
}

static long pc_call(struct relay_cfg *cfg, const char *method, const char *path,
                    const char *body, int with_company, struct buf *out)
{
    char url[512], auth[600], co[64];
    struct curl_slist *h = NULL;
    long status = 0;
    CURL *c;

    if (refresh_access_token(cfg) != 0)
        return -1;
    snprintf(url, sizeof url, "%s%s", PROCORE_API, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", access_token);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Content-Type: application/json");
    if (with_company) {
        snprintf(co, sizeof co, "Procore-Company-Id: %lld", cfg->company_id);
        h = curl_slist_append(h, co);
    }
    c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

static void notify_teams(const struct relay_cfg *cfg, const char *text)
{
    char payload[1024];
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    CURL *c = curl_easy_init();
    snprintf(payload, sizeof payload, "{\"text\":\"%s\"}", text);
    curl_easy_setopt(c, CURLOPT_URL, cfg->teams_hook);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    curl_easy_perform(c);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void handle_line(struct relay_cfg *cfg, char *line)
{
    char path[512], body[1024], msg[512];
    struct buf out = {0};
    char *cmd = strtok(line, " \r\n");
    long status;

    if (!cmd)
        return;
    if (strcmp(cmd, "me") == 0) {
        status = pc_call(cfg, "GET", "/rest/v1.0/me", NULL, 0, &out);
        printf("-- me: HTTP %ld\n", status);
    } else if (strcmp(cmd, "project") == 0) {
        int job_no = atoi(strtok(NULL, " \r\n"));
        long long pid = lookup_project(job_no);
        snprintf(path, sizeof path, "/rest/v1.0/projects/%lld", pid);
        status = pc_call(cfg, "GET", path, NULL, 1, &out);
        if (status == 200)
            printf("INSERT OR REPLACE INTO job_links(job_no, procore_project_id) VALUES (%d, %d);\n",
                   job_no, (int)pid);
    } else if (strcmp(cmd, "rfi") == 0) {
        int job_no = atoi(strtok(NULL, " \r\n"));
        char *subject = strtok(NULL, "\r\n");
        long long pid = lookup_project(job_no);
        snprintf(path, sizeof path, "/rest/v1.0/projects/%lld/rfis", pid);
        snprintf(body, sizeof body, "{\"rfi\":{\"subject\":\"%s\"}}", subject ? subject : "");
        status = pc_call(cfg, "POST", path, body, 1, &out);
        if (status == 201 && json_field(out.data, "\"id\"")) {
            int rfi_id = atoi(json_field(out.data, "\"id\""));
            printf("INSERT INTO rfi_outbox(job_no, rfi_id, subject) VALUES (%d, %d, '%s');\n",
                   job_no, rfi_id, subject ? subject : "");
            snprintf(msg, sizeof msg, "RFI created: " PROCORE_WEB "/%lld/project/rfi/show/%d",
                     pid, rfi_id);
            notify_teams(cfg, msg);
        }
    } else if (strcmp(cmd, "vendors") == 0) {
        int page = atoi(strtok(NULL, " \r\n"));
        snprintf(path, sizeof path, "/rest/v1.0/vendors?company_id=%lld&page=%d&per_page=100",
                 cfg->company_id, page);
        status = pc_call(cfg, "GET", path, NULL, 0, &out);
        printf("-- vendors page %d: HTTP %ld, %zu bytes\n", page, status, out.len);
    } else if (strcmp(cmd, "vendor-link") == 0) {
        int vendor_key = atoi(strtok(NULL, " \r\n"));
        long vendor_id = strtol(strtok(NULL, " \r\n"), NULL, 10);
        snprintf(path, sizeof path, "/rest/v1.0/vendors/%ld?company_id=%lld", vendor_id, cfg->company_id);
        snprintf(body, sizeof body, "{\"vendor\":{\"origin_id\":\"EST-%d\"}}", vendor_key);
        status = pc_call(cfg, "PATCH", path, body, 1, &out);
        if (status == 200)
            printf("INSERT OR REPLACE INTO vendor_links(vendor_key, procore_vendor_id) VALUES (%d, %ld);\n",
                   vendor_key, vendor_id);
    } else if (strcmp(cmd, "logout") == 0) {
        CURL *c = curl_easy_init();
        char form[900];
        snprintf(form, sizeof form, "client_id=%s&client_secret=%s&token=%s",
                 cfg->client_id, cfg->client_secret, access_token);
        curl_easy_setopt(c, CURLOPT_URL, REVOKE_URL);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
        curl_easy_perform(c);
        curl_easy_cleanup(c);
        access_token[0] = '\0';
    }
    fflush(stdout);
    free(out.data);
}

int main(int argc, char **argv)
{
    struct relay_cfg cfg = {0};
    char line[2048];
    const char *env;

    if (argc < 2 || load_jobs(argv[1]) < 0) {
        fprintf(stderr, "usage: %s jobmap.csv < commands\n", argv[0]);
        return 2;
    }
    snprintf(cfg.client_id, sizeof cfg.client_id, "%s", getenv("PROCORE_CLIENT_ID") ? getenv("PROCORE_CLIENT_ID") : "");
    snprintf(cfg.client_secret, sizeof cfg.client_secret, "%s", getenv("PROCORE_CLIENT_SECRET") ? getenv("PROCORE_CLIENT_SECRET") : "");
    snprintf(cfg.refresh_token, sizeof cfg.refresh_token, "%s", getenv("PROCORE_REFRESH_TOKEN") ? getenv("PROCORE_REFRESH_TOKEN") : "");
    snprintf(cfg.teams_hook, sizeof cfg.teams_hook, "%s", getenv("TEAMS_WEBHOOK_URL") ? getenv("TEAMS_WEBHOOK_URL") : "");
    env = getenv("PROCORE_COMPANY_ID");
    cfg.company_id = env ? strtoll(env, NULL, 10) : 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    while (fgets(line, sizeof line, stdin))
        handle_line(&cfg, line);
    curl_global_cleanup();
    return 0;
}
