/*
 * rfi - tiny RFI client for the field tablets (busybox userland, libcurl).
 *
 *   rfi whoami
 *   rfi list  <project_id> [page]
 *   rfi show  <project_id> <rfi_id>
 *   rfi reply <project_id> <rfi_id> "text"
 *
 * Token comes from ~/.procore_token (written by the kiosk login app),
 * company from $PROCORE_COMPANY_ID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <curl/curl.h>

#if defined(MONTHLY)
#define API_HOST   "api-monthly.procore.com"
#define LOGIN_HOST "login-sandbox-monthly.procore.com"
#elif defined(SANDBOX)
#define API_HOST   "sandbox.procore.com"
#define LOGIN_HOST "login-sandbox.procore.com"
#else
#define API_HOST   "api.procore.com"
#define LOGIN_HOST "login.procore.com"
#endif
#define API_BASE   "https://" API_HOST
#define LOGIN_BASE "https://" LOGIN_HOST
#define V1         API_BASE "/rest/v1.0"
#define RFI_WEB    "https://app.procore.com/%d/project/rfi/show/%" PRId64

#define TOKEN_FILE ".procore_token"
#define PER_PAGE   25

static struct {
    char token[1024];
    int64_t company_id;
    struct curl_slist *hdrs;
    char out[65536];
    size_t outlen;
} R;

static size_t collect(char *p, size_t s, size_t n, void *u)
{
    size_t k = s * n;
    (void)u;
    if (R.outlen + k >= sizeof R.out) k = sizeof R.out - R.outlen - 1;
    memcpy(R.out + R.outlen, p, k);
    R.outlen += k;
    R.out[R.outlen] = 0;
    return s * n;
}

static int setup(void)
{
    char path[512], line[1100];
    const char *home = getenv("HOME"), *co = getenv("PROCORE_COMPANY_ID");
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", home ? home : ".", TOKEN_FILE);
    if (!(f = fopen(path, "r")) || !fgets(R.token, sizeof R.token, f)) {
        fprintf(stderr, "rfi: no token in %s\n", path);
        if (f) fclose(f);
        return -1;
    }
    fclose(f);
    R.token[strcspn(R.token, "\r\n")] = 0;
    if (!co || !*co) {
        fprintf(stderr, "rfi: set PROCORE_COMPANY_ID\n");
        return -1;
    }
    R.company_id = strtoll(co, NULL, 10);

    snprintf(line, sizeof line, "Authorization: Bearer %s", R.token);
    R.hdrs = curl_slist_append(R.hdrs, line);
    snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, R.company_id);
    R.hdrs = curl_slist_append(R.hdrs, line);
    R.hdrs = curl_slist_append(R.hdrs, "Accept: application/json");
    return 0;
}

/* plain GET with the shared header list */
static long get(const char *url)
{
    long code = 0;
    CURL *c = curl_easy_init();
    if (!c) return -1;
    R.outlen = 0;
    R.out[0] = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, R.hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    return code;
}

/* pull "key":"value" or "key":number out of a flat object */
static const char *jstr(const char *obj, const char *key, char *dst, size_t n)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    if (!(p = strstr(obj, pat))) { dst[0] = 0; return NULL; }
    p += strlen(pat);
    if (*p == '"') sscanf(p + 1, "%255[^\"]", dst);
    else sscanf(p, "%255[^,}]", dst);
    (void)n;
    return p;
}

static int cmd_whoami(void)
{
    char login[256], uid[32];
    struct curl_slist *h = NULL;
    char auth[1100];
    long code = 0;
    CURL *c;

    /* token introspection: who is this token for, when does it die */
    if (!(c = curl_easy_init())) return 1;
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", R.token);
    h = curl_slist_append(h, auth);
    R.outlen = 0;
    curl_easy_setopt(c, CURLOPT_URL, API_BASE "/oauth/token/info");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (code == 200) printf("token info: %s\n", R.out);

    if (get(V1 "/me") != 200) { fprintf(stderr, "rfi: /me failed\n"); return 1; }
    jstr(R.out, "login", login, sizeof login);
    jstr(R.out, "id", uid, sizeof uid);
    printf("%s (user %s) company %" PRId64 "\n", login, uid, R.company_id);
    return 0;
}

static int cmd_list(int project_id, int page)
{
    char url[512], num[32], subj[256], id[32];
    const char *p;
    int shown = 0;

    snprintf(url, sizeof url, V1 "/projects/%d/rfis?page=%d&per_page=%d", project_id, page, PER_PAGE);
    if (get(url) != 200) { fprintf(stderr, "rfi: list failed\n"); return 1; }
    for (p = strstr(R.out, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":")) {
        jstr(p, "id", id, sizeof id);
        jstr(p, "number", num, sizeof num);
        jstr(p, "subject", subj, sizeof subj);
        printf("#%-6s %-10s %s\n", num, id, subj);
        shown++;
    }
    printf("-- %d RFIs on page %d\n", shown, page);
    return 0;
}

static int cmd_show(int project_id, int64_t rfi_id)
{
    char url[512], subj[256], status[32], due[32];

    snprintf(url, sizeof url, V1 "/projects/%d/rfis/%" PRId64, project_id, rfi_id);
    if (get(url) != 200) { fprintf(stderr, "rfi: not found\n"); return 1; }
    jstr(R.out, "subject", subj, sizeof subj);
    jstr(R.out, "status", status, sizeof status);
    jstr(R.out, "due_date", due, sizeof due);
    printf("%s\nstatus: %s  due: %s\n", subj, status, due);
    printf("open in browser: " RFI_WEB "\n", project_id, rfi_id);
    return 0;
}

static int cmd_reply(int project_id, int64_t rfi_id, const char *text)
{
    char url[512], body[2048], auth[1100];
    struct curl_slist *h = NULL;
    long code = 0;
    CURL *c = curl_easy_init();

    if (!c) return 1;
    snprintf(url, sizeof url, V1 "/projects/%d/rfis/%" PRId64 "/replies", project_id, rfi_id);
    snprintf(body, sizeof body, "{\"reply\":{\"body\":\"%s\"}}", text);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", R.token);
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Content-Type: application/json");
    R.outlen = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (code != 201) {
        fprintf(stderr, "rfi: reply failed (HTTP %ld): %s\n", code, R.out);
        return 1;
    }
    puts("reply posted");
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 2;
    if (argc < 2 || setup() != 0) {
        fprintf(stderr, "usage: rfi whoami|list|show|reply ...\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!strcmp(argv[1], "whoami"))
        rc = cmd_whoami();
    else if (!strcmp(argv[1], "list") && argc >= 3)
        rc = cmd_list(atoi(argv[2]), argc > 3 ? atoi(argv[3]) : 1);
    else if (!strcmp(argv[1], "show") && argc >= 4)
        rc = cmd_show(atoi(argv[2]), strtoll(argv[3], NULL, 10));
    else if (!strcmp(argv[1], "reply") && argc >= 5)
        rc = cmd_reply(atoi(argv[2]), strtoll(argv[3], NULL, 10), argv[4]);
    curl_slist_free_all(R.hdrs);
    curl_global_cleanup();
    return rc;
}
