/*
 * vendor_sync -- nightly job that copies the ERP subcontractor list into the
 * Procore company directory. Runs as a Developer Managed Service Account
 * (client_credentials grant).
 *
 * Sections marked GENERATED come from openapi-generator 7.0.1 ("c" template,
 * cJSON replaced by the small scanner below because the build box has no cJSON).
 */
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ===================== GENERATED: apiClient ===================== */
#define PROCORE_API_BASE "https://api.procore.com"
#define PROCORE_TOKEN_URL "https://login.procore.com/oauth/token"
#define PROCORE_SANDBOX_API_BASE "https://sandbox.procore.com"
#define PROCORE_SANDBOX_TOKEN_URL "https://sandbox.procore.com/oauth/token"

typedef struct apiClient_t {
    const char *basePath;
    char accessToken[2048];
    long long companyId;
    long response_code;
    char *dataReceived;
    size_t dataReceivedLen;
} apiClient_t;

typedef struct procore_operation_t {
    const char *operation_id;
    const char *method;
    const char *path_template;
    int needs_company_header;
} procore_operation_t;

enum { OP_LIST_COMPANIES, OP_LIST_PROJECTS, OP_LIST_VENDORS, OP_CREATE_VENDOR, OP__COUNT };

static const procore_operation_t procore_operations[OP__COUNT] = {
    [OP_LIST_COMPANIES] = {"listCompanies", "GET", "/rest/v1.0/companies", 0},
    [OP_LIST_PROJECTS] = {"listProjects", "GET", "/rest/v1.0/projects?company_id={company_id}", 1},
    [OP_LIST_VENDORS] = {"listVendors", "GET", "/rest/v1.0/companies/{company_id}/vendors", 1},
    [OP_CREATE_VENDOR] = {"createVendor", "POST", "/rest/v1.0/companies/{company_id}/vendors", 1},
};

static size_t apiClient_writeData(void *buf, size_t size, size_t nmemb, void *userp) {
    apiClient_t *c = (apiClient_t *)userp;
    size_t n = size * nmemb;
    char *p = realloc(c->dataReceived, c->dataReceivedLen + n + 1);
    if (!p) return 0;
    memcpy(p + c->dataReceivedLen, buf, n);
    c->dataReceived = p;
    c->dataReceivedLen += n;
    p[c->dataReceivedLen] = '\0';
    return n;
}

static void apiClient_buildPath(char *out, size_t cap, const char *tmpl, long long companyId) {
    const char *ph = strstr(tmpl, "{company_id}");
    if (!ph) { snprintf(out, cap, "%s", tmpl); return; }
    snprintf(out, cap, "%.*s%lld%s", (int)(ph - tmpl), tmpl, companyId, ph + strlen("{company_id}"));
}

static int apiClient_invoke(apiClient_t *c, int op_index, const char *body) {
    const procore_operation_t *op = &procore_operations[op_index];
    char path[512], url[1024], hdr[2100];
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = NULL;
    CURLcode rc;

    apiClient_buildPath(path, sizeof path, op->path_template, c->companyId);
    snprintf(url, sizeof url, "%s%s", c->basePath, path);
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s", c->accessToken);
    headers = curl_slist_append(headers, hdr);
    if (op->needs_company_header) {
        snprintf(hdr, sizeof hdr, "Procore-Company-Id: %lld", c->companyId);
        headers = curl_slist_append(headers, hdr);
    }
    free(c->dataReceived);
    c->dataReceived = NULL;
    c->dataReceivedLen = 0;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, op->method);
    if (body) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, apiClient_writeData);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, c);
    rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &c->response_code);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK ? 0 : -1;
}

/* ===================== GENERATED: models ===================== */
typedef struct project_t {
    long id;
    char name[256];
} project_t;

typedef struct vendor_t {
    long long id;
    char name[256];
} vendor_t;

/* naive scanner: returns the text after "key": inside obj, or NULL */
static const char *json_value_after(const char *obj, const char *key) {
    char needle[128];
    const char *p;
    snprintf(needle, sizeof needle, "\"%s\":", key);
    p = strstr(obj, needle);
    return p ? p + strlen(needle) : NULL;
}

static void json_copy_string(const char *v, char *out, size_t cap) {
    size_t i = 0;
    if (!v || *v != '"') { out[0] = '\0'; return; }
    for (++v; *v && *v != '"' && i + 1 < cap; ++v) out[i++] = *v;
    out[i] = '\0';
}

static int project_parseList(const char *body, project_t *out, int max) {
    int n = 0;
    const char *p = body;
    while (n < max && (p = strstr(p, "{\"id\":")) != NULL) {
        out[n].id = strtol(p + 6, NULL, 10);
        json_copy_string(json_value_after(p, "name"), out[n].name, sizeof out[n].name);
        ++n;
        ++p;
    }
    return n;
}

static int vendor_parseList(const char *body, vendor_t *out, int max) {
    int n = 0;
    const char *p = body;
    while (n < max && (p = strstr(p, "{\"id\":")) != NULL) {
        out[n].id = strtoll(p + 6, NULL, 10);
        json_copy_string(json_value_after(p, "name"), out[n].name, sizeof out[n].name);
        ++n;
        ++p;
    }
    return n;
}

/* ===================== hand-written ===================== */
static int fetch_service_token(apiClient_t *c, const char *token_url) {
    char form[1024];
    const char *tok;
    CURL *curl = curl_easy_init();
    CURLcode rc;
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
    free(c->dataReceived);
    c->dataReceived = NULL;
    c->dataReceivedLen = 0;
    curl_easy_setopt(curl, CURLOPT_URL, token_url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, apiClient_writeData);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, c);
    rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK || !c->dataReceived) return -1;
    tok = json_value_after(c->dataReceived, "access_token");
    json_copy_string(tok, c->accessToken, sizeof c->accessToken);
    return c->accessToken[0] ? 0 : -1;
}

static int vendor_exists(const vendor_t *v, int n, const char *name) {
    int i;
    for (i = 0; i < n; ++i)
        if (strcmp(v[i].name, name) == 0) return 1;
    return 0;
}

int main(int argc, char **argv) {
    static project_t projects[500];
    static vendor_t vendors[2000];
    apiClient_t client;
    const char *env = getenv("PROCORE_ENV");
    int sandbox = env && strcmp(env, "sandbox") == 0;
    int nproj, nvend, created = 0, i;
    char line[256], body[512];
    FILE *erp;

    memset(&client, 0, sizeof client);
    client.basePath = sandbox ? PROCORE_SANDBOX_API_BASE : PROCORE_API_BASE;
    client.companyId = atoi(getenv("PROCORE_COMPANY_ID") ? getenv("PROCORE_COMPANY_ID") : "0");
    curl_global_init(CURL_GLOBAL_DEFAULT);

    if (fetch_service_token(&client, sandbox ? PROCORE_SANDBOX_TOKEN_URL : PROCORE_TOKEN_URL) != 0) {
        fprintf(stderr, "service account token request failed\n");
        return 1;
    }

    /* make sure the service account was installed in this company */
    if (apiClient_invoke(&client, OP_LIST_COMPANIES, NULL) != 0 || client.response_code != 200) {
        fprintf(stderr, "cannot list companies (HTTP %ld)\n", client.response_code);
        return 1;
    }

    if (apiClient_invoke(&client, OP_LIST_PROJECTS, NULL) == 0) {
        nproj = project_parseList(client.dataReceived, projects, 500);
        for (i = 0; i < nproj; ++i) printf("project %ld  %s\n", projects[i].id, projects[i].name);
    }

    if (apiClient_invoke(&client, OP_LIST_VENDORS, NULL) != 0) return 1;
    nvend = vendor_parseList(client.dataReceived, vendors, 2000);

    erp = fopen(argc > 1 ? argv[1] : "/var/lib/erp/subcontractors.txt", "r");
    if (!erp) { perror("erp export"); return 1; }
    while (fgets(line, sizeof line, erp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || vendor_exists(vendors, nvend, line)) continue;
        snprintf(body, sizeof body, "{\"vendor\":{\"name\":\"%s\",\"is_active\":true}}", line);
        if (apiClient_invoke(&client, OP_CREATE_VENDOR, body) == 0 && client.response_code == 201) ++created;
    }
    fclose(erp);

    printf("%d vendors created; directory: https://app.procore.com/%lld/company/directory/vendors\n",
           created, client.companyId);
    free(client.dataReceived);
    curl_global_cleanup();
    return 0;
}
