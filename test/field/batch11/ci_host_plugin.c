/*
 * procore_link.so -- PlanDesk viewer plugin: attach the open sheet to a Procore
 * drawing, list a project's submittals in the side panel, sign out.
 *
 * Loaded by PlanDesk through plandesk_plugin_entry(); all host interaction goes
 * through the pd_host_api table handed to init().
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- host ABI (plandesk/plugin_abi.h, vendored) ---- */
#define PD_ABI_VERSION 3
typedef int (*pd_command_fn)(const char *args, void *user);
typedef struct pd_host_api {
    int          abi_version;
    void        *host_user;
    void        (*log)(void *host_user, int level, const char *msg);
    const char *(*get_setting)(void *host_user, const char *key);
    int         (*register_command)(void *host_user, const char *id, pd_command_fn fn, void *user);
    void        (*open_url)(void *host_user, const char *url);
    void        (*panel_append)(void *host_user, const char *panel, const char *line);
} pd_host_api;
typedef struct pd_plugin_desc {
    int         abi_version;
    const char *name;
    int  (*init)(const pd_host_api *host, void **state, int *err);
    void (*shutdown)(void *state);
} pd_plugin_desc;

/* ---- transport interface ---- */
typedef struct pl_transport pl_transport;
typedef struct pl_transport_ops {
    int  (*send)(pl_transport *t, const char *method, const char *url, const char *body,
                 char **resp, int *err);
    void (*add_header)(pl_transport *t, const char *line);
    void (*free)(pl_transport *t);
} pl_transport_ops;
struct pl_transport {
    const pl_transport_ops *ops;
    struct curl_slist      *pending;
    CURL                   *curl;
    const pd_host_api      *host;
};

#define PL_API_BASE "https://api.procore.com"

typedef struct pl_state {
    const pd_host_api *host;
    pl_transport      *t;
    char               token[256];
    int64_t            company_id;
    int64_t            project_id;
} pl_state;

static size_t pl_sink(char *d, size_t sz, size_t n, void *user)
{
    char **buf = user;
    size_t old = *buf ? strlen(*buf) : 0;
    char *nb = realloc(*buf, old + sz * n + 1);
    if (!nb) return 0;
    memcpy(nb + old, d, sz * n);
    nb[old + sz * n] = '\0';
    *buf = nb;
    return sz * n;
}

static void pl_add_header(pl_transport *t, const char *line) { t->pending = curl_slist_append(t->pending, line); }

static int pl_curl_send(pl_transport *t, const char *method, const char *url, const char *body,
                        char **resp, int *err)
{
    long status = 0;
    CURLcode rc;
    curl_easy_reset(t->curl);
    curl_easy_setopt(t->curl, CURLOPT_URL, url);
    curl_easy_setopt(t->curl, CURLOPT_CUSTOMREQUEST, method);
    if (body) curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, t->pending);
    curl_easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, pl_sink);
    curl_easy_setopt(t->curl, CURLOPT_WRITEDATA, resp);
    rc = curl_easy_perform(t->curl);
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(t->pending);
    t->pending = NULL;
    *err = rc != CURLE_OK ? -1 : status >= 400 ? (int)status : 0;
    return *err;
}

/* PlanDesk "offline mode": record what would have gone out in the host log. */
static int pl_offline_send(pl_transport *t, const char *method, const char *url, const char *body,
                           char **resp, int *err)
{
    char line[600];
    (void)body;
    snprintf(line, sizeof line, "procore_link offline: %s %s", method, url);
    t->host->log(t->host->host_user, 1, line);
    curl_slist_free_all(t->pending);
    t->pending = NULL;
    *resp = NULL;
    return *err = 0;
}

static void pl_transport_free(pl_transport *t)
{
    curl_slist_free_all(t->pending);
    if (t->curl) curl_easy_cleanup(t->curl);
    free(t);
}

static const pl_transport_ops pl_curl_ops    = { pl_curl_send, pl_add_header, pl_transport_free };
static const pl_transport_ops pl_offline_ops = { pl_offline_send, pl_add_header, pl_transport_free };

/* ---- helpers ---- */
static void pl_auth(pl_state *st)
{
    char h[300];
    snprintf(h, sizeof h, "Authorization: Bearer %s", st->token);
    st->t->ops->add_header(st->t, h);
}

static void pl_company(pl_state *st)
{
    char h[64];
    snprintf(h, sizeof h, "Procore-Company-Id: %" PRId64, st->company_id);
    st->t->ops->add_header(st->t, h);
}

static void pl_panel(pl_state *st, const char *fmt_line) { st->host->panel_append(st->host->host_user, "Procore", fmt_line); }

/* ---- commands (registered with the host, user = pl_state) ---- */
static int cmd_attach_drawing(const char *args, void *user)
{
    pl_state *st = user;
    const char *sel = st->host->get_setting(st->host->host_user, "selection.procore_drawing_id");
    long drawing_id = strtol(sel ? sel : "0", NULL, 10);
    char url[256], body[512], *resp = NULL;
    int err;

    snprintf(url, sizeof url, PL_API_BASE "/rest/v1.0/projects/%" PRId64 "/drawings/%ld",
             st->project_id, drawing_id);
    snprintf(body, sizeof body, "{\"drawing\":{\"description\":\"PlanDesk markup: %s\"}}", args ? args : "");
    pl_auth(st);
    pl_company(st);
    st->t->ops->add_header(st->t, "Content-Type: application/json");
    if (st->t->ops->send(st->t, "PATCH", url, body, &resp, &err) == 0) {
        snprintf(url, sizeof url, "https://app.procore.com/%" PRId64 "/project/drawing_areas", st->project_id);
        st->host->open_url(st->host->host_user, url);
    }
    free(resp);
    return err;
}

typedef struct { pl_state *st; int shown; } submittal_view;

static int show_submittal(const char *obj, void *user)
{
    submittal_view *v = user;
    char line[200];
    int64_t id = strtoll(obj, NULL, 10);
    const char *t = strstr(obj, "\"title\":\"");
    snprintf(line, sizeof line, "#%" PRId64 "  %.*s", id, t ? (int)strcspn(t + 9, "\"") : 0, t ? t + 9 : "");
    pl_panel(v->st, line);
    return ++v->shown < 200;
}

static int cmd_list_submittals(const char *args, void *user)
{
    pl_state *st = user;
    char url[256], hdr[64], *resp = NULL;
    const char *p;
    submittal_view view = { st, 0 };
    int err;
    (void)args;

    snprintf(url, sizeof url, PL_API_BASE "/rest/v1.1/projects/%" PRId64 "/submittals?per_page=200",
             st->project_id);
    pl_auth(st);
    snprintf(hdr, sizeof hdr, "X-Procore-Company-Id: %" PRId64, st->company_id);
    st->t->ops->add_header(st->t, hdr);
    st->t->ops->send(st->t, "GET", url, NULL, &resp, &err);
    for (p = resp; p && (p = strstr(p, "{\"id\":")) != NULL; p++)
        if (!show_submittal(p + 6, &view)) break;
    free(resp);
    return err;
}

static int cmd_whoami(const char *args, void *user)
{
    pl_state *st = user;
    char *resp = NULL, line[160];
    int err;
    (void)args;
    pl_auth(st);
    st->t->ops->send(st->t, "GET", PL_API_BASE "/rest/v1.0/me", NULL, &resp, &err);
    snprintf(line, sizeof line, "signed in: %.120s", resp ? resp : "(offline)");
    pl_panel(st, line);
    free(resp);
    return err;
}

static int cmd_sign_out(const char *args, void *user)
{
    pl_state *st = user;
    char body[400], *resp = NULL;
    int err;
    (void)args;
    snprintf(body, sizeof body, "token=%s&client_id=%s", st->token,
             st->host->get_setting(st->host->host_user, "procore.client_id"));
    st->t->ops->add_header(st->t, "Content-Type: application/x-www-form-urlencoded");
    st->t->ops->send(st->t, "POST", "https://api.procore.com/oauth/revoke", body, &resp, &err);
    st->token[0] = '\0';
    free(resp);
    return err;
}

static int cmd_help(const char *args, void *user)
{
    pl_state *st = user;
    (void)args;
    st->host->open_url(st->host->host_user, "https://developers.procore.com/documentation/introduction");
    return 0;
}

/* ---- plugin entry points ---- */
static int pl_init(const pd_host_api *host, void **state, int *err)
{
    pl_state *st;
    const char *s, *offline;

    if (!host || host->abi_version != PD_ABI_VERSION) { *err = 1; return -1; }
    if (!(st = calloc(1, sizeof *st))) { *err = 2; return -1; }
    st->host = host;
    st->t = calloc(1, sizeof *st->t);
    offline = host->get_setting(host->host_user, "app.offline");
    st->t->ops = (offline && !strcmp(offline, "true")) ? &pl_offline_ops : &pl_curl_ops;
    st->t->curl = st->t->ops == &pl_curl_ops ? curl_easy_init() : NULL;
    st->t->host = host;
    if ((s = host->get_setting(host->host_user, "procore.access_token")) != NULL)
        snprintf(st->token, sizeof st->token, "%s", s);
    if ((s = host->get_setting(host->host_user, "procore.company_id")) != NULL)
        st->company_id = strtoll(s, NULL, 10);
    if ((s = host->get_setting(host->host_user, "procore.project_id")) != NULL)
        st->project_id = strtoll(s, NULL, 10);
    host->register_command(host->host_user, "procore.attach_drawing", cmd_attach_drawing, st);
    host->register_command(host->host_user, "procore.list_submittals", cmd_list_submittals, st);
    host->register_command(host->host_user, "procore.whoami", cmd_whoami, st);
    host->register_command(host->host_user, "procore.sign_out", cmd_sign_out, st);
    host->register_command(host->host_user, "procore.help", cmd_help, st);
    *state = st;
    *err = 0;
    return 0;
}

static void pl_shutdown(void *state)
{
    pl_state *st = state;
    if (!st) return;
    st->t->ops->free(st->t);
    free(st);
}

const pd_plugin_desc *plandesk_plugin_entry(void);
const pd_plugin_desc *plandesk_plugin_entry(void)
{
    static const pd_plugin_desc desc = { PD_ABI_VERSION, "Procore Link", pl_init, pl_shutdown };
    return &desc;
}
