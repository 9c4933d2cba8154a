/*
 * pcsh - tiny Procore shell for the field-ops scripts.
 *
 * Reads commands from a script file (or stdin) one per line:
 *
 *   use sandbox
 *   login <authorization-code>
 *   company 598134325779301
 *   get projects
 *   get rfis 562949953421312
 *   get rfi 562949953421312 1099511628211
 *   get vendors
 *   post rfi project=562949953421312 subject="Slab pour sequence"
 *   open 562949953421312
 *
 * Build: cc -o pcsh pcsh.c -lcurl
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 1024
#define MAX_TOK 16
#define F_COMPANY 0x1
#define F_BODY 0x2

struct env_def {
    const char *name;
    const char *login_base;
    const char *api_base;
};

static const struct env_def ENVS[] = {
    {"production",
     "https://login.procore.com",
     "https://api.procore.com"},
    {"sandbox",
     "https://sandbox.procore.com",
     "https://sandbox.procore.com"},
    {"monthly",
     "https://login-sandbox-monthly.procore.com",
     "https://api-monthly.procore.com"},
};
#define N_ENVS (sizeof ENVS / sizeof ENVS[0])

struct command {
    const char *verb;
    const char *noun;
    const char *method;
    const char *fmt; /* printf format, filled with up to two ids */
    int nargs;
    unsigned flags;
};

static const struct command COMMANDS[] = {
    {"get", "me", "GET", "/rest/v1.0/me", 0, 0},
    {"get", "companies", "GET", "/rest/v1.0/companies", 0, 0},
    {"get", "projects", "GET", "/rest/v1.0/projects?company_id=%lld", 0, F_COMPANY},
    {"get", "rfi", "GET", "/rest/v1.0/projects/%lld/rfis/%lld", 2, F_COMPANY},
    {"get", "submittals", "GET", "/rest/v1.0/projects/%ld/submittals", 1, F_COMPANY},
    {"get", "vendors", "GET", "/rest/v1.0/vendors?company_id=%lld", 0, 0},
};
#define N_COMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static const struct env_def *g_env = &ENVS[0];
static long long g_company_id = 0;
static char g_token[512] = "";
static int g_verbose = 0;

static const char *CLIENT_ID = "pcsh-fieldops";
static const char *REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *user)
{
    (void)user;
    fwrite(ptr, size, nmemb, stdout);
    return size * nmemb;
}

/* One place that talks HTTP. `company` is sent as Procore-Company-Id when > 0. */
static int send_request(const char *method, const char *url, const char *body,
                        long long company)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    char line[256];
    long status = 0;
    CURLcode rc;

    if (!curl)
        return -1;
    if (g_token[0]) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", g_token);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (company > 0) {
        snprintf(line, sizeof line, "Procore-Company-Id: %lld", company);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (body) {
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    }
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, (long)g_verbose);

    rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    putchar('\n');
    if (rc != CURLE_OK)
        fprintf(stderr, "pcsh: %s\n", curl_easy_strerror(rc));
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK ? (int)status : -1;
}

static int cmd_login(const char *code)
{
    char url[256], body[512];
    snprintf(url, sizeof url, "%s/oauth/token", g_env->login_base);
    snprintf(body, sizeof body,
             "{\"grant_type\":\"authorization_code\",\"client_id\":\"%s\","
             "\"code\":\"%s\",\"redirect_uri\":\"%s\"}",
             CLIENT_ID, code, REDIRECT_URI);
    /* token endpoint: no company context */
    return send_request("POST", url, body, 0);
}

static int run_table_command(const struct command *c, char **args, int nargs)
{
    long long ids[2] = {g_company_id, 0};
    char path[256], url[512];
    int i;

    if (nargs < c->nargs) {
        fprintf(stderr, "pcsh: %s %s needs %d id(s)\n", c->verb, c->noun, c->nargs);
        return -1;
    }
    for (i = 0; i < c->nargs && i < 2; i++)
        ids[i] = strtoll(args[i], NULL, 10);
    snprintf(path, sizeof path, c->fmt, ids[0], ids[1]);
    snprintf(url, sizeof url, "%s%s", g_env->api_base, path);
    return send_request(c->method, url, NULL,
                        (c->flags & F_COMPANY) ? g_company_id : 0);
}

static int cmd_rfis(const char *arg)
{
    char url[512];
    int project_id = atoi(arg);
    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%d/rfis?per_page=%d",
             g_env->api_base, project_id, 100);
    return send_request("GET", url, NULL, g_company_id);
}

static int cmd_post_rfi(char **args, int nargs)
{
    long long project_id = 0;
    const char *subject = "";
    char url[512], body[768];
    int i;

    for (i = 0; i < nargs; i++) {
        char *eq = strchr(args[i], '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (strcmp(args[i], "project") == 0)
            project_id = strtoll(eq + 1, NULL, 10);
        else if (strcmp(args[i], "subject") == 0)
            subject = eq + 1;
    }
    if (project_id <= 0) {
        fprintf(stderr, "pcsh: post rfi needs project=<id>\n");
        return -1;
    }
    snprintf(url, sizeof url, "%s/rest/v1.0/projects/%lld/rfis", g_env->api_base,
             project_id);
    snprintf(body, sizeof body, "{\"rfi\":{\"subject\":\"%s\"}}", subject);
    return send_request("POST", url, body, g_company_id);
}

static void cmd_open(const char *arg)
{
    long long project_id = strtoll(arg, NULL, 10);
    /* for people, not for the API */
    printf("https://app.procore.com/%lld/project/home?project_id=%lld\n",
           g_company_id, project_id);
}

static int dispatch(char **tok, int n)
{
    size_t i;

    if (strcmp(tok[0], "use") == 0 && n > 1) {
        for (i = 0; i < N_ENVS; i++)
            if (strcmp(ENVS[i].name, tok[1]) == 0) {
                g_env = &ENVS[i];
                return 0;
            }
        fprintf(stderr, "pcsh: unknown environment %s\n", tok[1]);
        return -1;
    }
    if (strcmp(tok[0], "login") == 0 && n > 1)
        return cmd_login(tok[1]);
    if (strcmp(tok[0], "company") == 0 && n > 1) {
        g_company_id = strtoll(tok[1], NULL, 10);
        return 0;
    }
    if (strcmp(tok[0], "verbose") == 0) {
        g_verbose = n > 1 ? atoi(tok[1]) : 1;
        return 0;
    }
    if (strcmp(tok[0], "open") == 0 && n > 1) {
        cmd_open(tok[1]);
        return 0;
    }
    if (strcmp(tok[0], "get") == 0 && n > 2 && strcmp(tok[1], "rfis") == 0)
        return cmd_rfis(tok[2]);
    if (strcmp(tok[0], "post") == 0 && n > 1 && strcmp(tok[1], "rfi") == 0)
        return cmd_post_rfi(tok + 2, n - 2);

    for (i = 0; i < N_COMMANDS && n > 1; i++)
        if (strcmp(COMMANDS[i].verb, tok[0]) == 0 &&
            strcmp(COMMANDS[i].noun, tok[1]) == 0)
            return run_table_command(&COMMANDS[i], tok + 2, n - 2);

    fprintf(stderr, "pcsh: unknown command: %s\n", tok[0]);
    return -1;
}

int main(int argc, char **argv)
{
    FILE *in = stdin;
    char line[MAX_LINE];
    int lineno = 0, failures = 0;

    if (argc > 1 && !(in = fopen(argv[1], "r"))) {
        perror(argv[1]);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    while (fgets(line, sizeof line, in)) {
        char *tok[MAX_TOK];
        int n = 0;
        char *p;

        lineno++;
        for (p = strtok(line, " \t\r\n"); p && n < MAX_TOK; p = strtok(NULL, " \t\r\n"))
            tok[n++] = p;
        if (n == 0 || tok[0][0] == '#')
            continue;
        if (dispatch(tok, n) < 0) {
            fprintf(stderr, "pcsh: line %d failed\n", lineno);
            failures++;
        }
    }
    curl_global_cleanup();
    if (in != stdin)
        fclose(in);
    return failures ? 2 : 0;
}
