/*
 * submittal_sync.c -- copies approved submittals into the ERP's
 * CommitmentDocs SOAP service and writes the ERP doc number back into
 * the submittal.  Build with -DUSE_MONTHLY against the monthly sandbox,
 * -DUSE_SANDBOX against the developer sandbox.
 *
 *   submittal_sync <ini> <project_id>
 *
 * Copyright (c) 2009-2019 Harlan Mechanical Inc.  Internal use only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#if defined(USE_MONTHLY)
# define PC_API   "https://api-monthly.procore.com"
# define PC_LOGIN "https://login-monthly.procore.com"
#elif defined(USE_SANDBOX)
# define PC_API   "https://sandbox.procore.com"
# define PC_LOGIN "https://login-sandbox.procore.com"
#else
# define PC_API   "https://api.procore.com"
# define PC_LOGIN "https://login.procore.com"
#endif

#define ERP_URL   "https://erp.harlanmech.local/soap/CommitmentDocs.svc"
#define PAGE_SIZE 50
#define RBUF      (1 << 20)

typedef struct submittal_s {
    int id;
    long long spec_section_id;
    long long received_from_id;
    char title[200];
    char number[32];
    char attachment_url[1024];
    long erp_doc_no;
} submittal_t;

static struct {
    char client_id[100];
    char client_secret[100];
    char refresh_token[200];
    long long company_id;
    char erp_key[64];
} G;

static CURL *hnd;
static char token[1024];
static char rbuf[RBUF];
static size_t rlen;

static size_t sink(char *p, size_t sz, size_t n, void *u)
{
    size_t k = sz * n;
    (void)u;
    if (rlen + k >= RBUF) k = RBUF - 1 - rlen;
    memcpy(rbuf + rlen, p, k);
    rlen += k;
    rbuf[rlen] = '\0';
    return sz * n;
}

static int read_ini(const char *file)
{
    char ln[300], k[64], v[220];
    FILE *fp = fopen(file, "r");
    if (fp == NULL) return -1;
    while (fgets(ln, sizeof ln, fp) != NULL) {
        if (sscanf(ln, "%63[^=]=%219s", k, v) != 2) continue;
        if (strcmp(k, "client_id") == 0) strcpy(G.client_id, v);
        if (strcmp(k, "client_secret") == 0) strcpy(G.client_secret, v);
        if (strcmp(k, "refresh_token") == 0) strcpy(G.refresh_token, v);
        if (strcmp(k, "company_id") == 0) sscanf(v, "%lld", &G.company_id);
        if (strcmp(k, "erp_key") == 0) strcpy(G.erp_key, v);
    }
    fclose(fp);
    return 0;
}

static int oauth_refresh(void)
{
    char body[600];
    char *p;
    sprintf(body, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
            G.refresh_token, G.client_id, G.client_secret);
    rlen = 0;
    curl_easy_setopt(hnd, CURLOPT_URL, PC_LOGIN "/oauth/token");
    curl_easy_setopt(hnd, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(hnd) != CURLE_OK) return -1;
    if ((p = strstr(rbuf, "\"access_token\":\"")) == NULL) return -1;
    sscanf(p + 16, "%1023[^\"]", token);
    return 0;
}

static int procore_get(const char *url)
{
    struct curl_slist *h = NULL;
    char line[1100];
    long code = 0;

    sprintf(line, "Authorization: Bearer %s", token);
    h = curl_slist_append(h, line);
    sprintf(line, "Procore-Company-Id: %lld", G.company_id);
    h = curl_slist_append(h, line);
    rlen = 0;
    curl_easy_setopt(hnd, CURLOPT_URL, url);
    curl_easy_setopt(hnd, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(hnd, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(hnd) == CURLE_OK)
        curl_easy_getinfo(hnd, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_setopt(hnd, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    return (int)code;
}

static int procore_send(const char *method, const char *url, const char *json)
{
    struct curl_slist *h = NULL;
    char line[1100];
    long code = 0;

    sprintf(line, "Authorization: Bearer %s", token);
    h = curl_slist_append(h, line);
    h = curl_slist_append(h, "Content-Type: application/json");
    rlen = 0;
    curl_easy_setopt(hnd, CURLOPT_URL, url);
    curl_easy_setopt(hnd, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(hnd, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(hnd, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(hnd) == CURLE_OK)
        curl_easy_getinfo(hnd, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_setopt(hnd, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(hnd, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    return (int)code;
}

/* parse one submittal object starting at p, returns pointer past it */
static char *parse_submittal(char *p, submittal_t *s)
{
    char *q, *end = strstr(p + 1, "{\"id\":");
    memset(s, 0, sizeof(*s));
    sscanf(p, "{\"id\":%d", &s->id);
    if ((q = strstr(p, "\"title\":\"")) && (!end || q < end)) sscanf(q + 9, "%199[^\"]", s->title);
    if ((q = strstr(p, "\"number\":\"")) && (!end || q < end)) sscanf(q + 10, "%31[^\"]", s->number);
    if ((q = strstr(p, "\"specification_section\":{\"id\":")) && (!end || q < end))
        sscanf(q + 31, "%lld", &s->spec_section_id);
    if ((q = strstr(p, "\"received_from\":{\"id\":")) && (!end || q < end))
        s->received_from_id = strtoll(q + 22, NULL, 10);
    if ((q = strstr(p, "\"url\":\"https://storage.procore.com/")) && (!end || q < end))
        sscanf(q + 7, "%1023[^\"]", s->attachment_url);
    return end;
}

static int erp_commit(submittal_t *s, long long project_id)
{
    char env[4096];
    struct curl_slist *h = NULL;
    char *p;
    int ok = 0;

    snprintf(env, sizeof env,
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
        "<CreateDoc xmlns=\"urn:harlan:erp\"><Key>%s</Key><Job>%lld</Job><Ref>%s</Ref>"
        "<Title>%s</Title><Link>%s</Link></CreateDoc></s:Body></s:Envelope>",
        G.erp_key, project_id, s->number, s->title, s->attachment_url);
    h = curl_slist_append(h, "Content-Type: text/xml; charset=utf-8");
    h = curl_slist_append(h, "SOAPAction: \"urn:harlan:erp/CreateDoc\"");
    rlen = 0;
    curl_easy_setopt(hnd, CURLOPT_URL, ERP_URL);
    curl_easy_setopt(hnd, CURLOPT_POSTFIELDS, env);
    curl_easy_setopt(hnd, CURLOPT_HTTPHEADER, h);
    if (curl_easy_perform(hnd) != CURLE_OK) goto cleanup;
    if ((p = strstr(rbuf, "<DocNo>")) == NULL) goto cleanup;
    s->erp_doc_no = strtol(p + 7, NULL, 10);
    ok = 1;
cleanup:
    curl_easy_setopt(hnd, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    return ok;
}

int main(int argc, char **argv)
{
    char url[512], json[256];
    long long project_id;
    submittal_t sub;
    char *p;
    int page, n, synced = 0, status;
    unsigned total = 0;

    if (argc < 3) { fprintf(stderr, "usage: %s <ini> <project_id>\n", argv[0]); return 1; }
    if (read_ini(argv[1]) != 0) { perror(argv[1]); return 1; }
    project_id = strtoll(argv[2], NULL, 10);

    curl_global_init(CURL_GLOBAL_ALL);
    hnd = curl_easy_init();
    curl_easy_setopt(hnd, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(hnd, CURLOPT_TIMEOUT, 60L);
    if (oauth_refresh() != 0) { fprintf(stderr, "refresh failed: %s\n", rbuf); goto cleanup; }

    if (procore_get(PC_API "/rest/v1.0/companies") != 200) goto cleanup;
    printf("token ok, company %lld visible: %s\n", G.company_id, strstr(rbuf, "\"id\":") ? "yes" : "no");

    for (page = 1; ; page++) {
        snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/submittals?filters[status_id]=3&page=%d&per_page=%d",
                 PC_API, project_id, page, PAGE_SIZE);
        if ((status = procore_get(url)) != 200) {
            fprintf(stderr, "page %d: HTTP %d\n", page, status);
            break;
        }
        n = 0;
        for (p = strstr(rbuf, "{\"id\":"); p != NULL; n++) {
            p = parse_submittal(p, &sub);
            total++;
            if (!erp_commit(&sub, project_id)) {
                printf("submittal %d (%s): ERP refused\n", sub.id, sub.number);
                continue;
            }
            snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/submittals/%d", PC_API, project_id, sub.id);
            snprintf(json, sizeof json, "{\"submittal\":{\"private\":false,\"description\":\"ERP doc %ld\"}}",
                     sub.erp_doc_no);
            if (procore_send("PATCH", url, json) == 200) synced++;
        }
        if (n < PAGE_SIZE) break;
    }
    printf("%u approved submittals, %d copied to ERP\n", total, synced);
    printf("see https://app.procore.com/%lld/project/submittals\n", project_id);
cleanup:
    curl_easy_cleanup(hnd);
    curl_global_cleanup();
    return synced > 0 ? 0 : 1;
}
