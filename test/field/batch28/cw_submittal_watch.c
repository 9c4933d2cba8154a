/*
 * cw_submittal_watch.c - post new Procore submittals to the #submittals Slack,
 * naming the person who holds the ball in court.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <syslog.h>
#include <unistd.h>

#define MAX_WATCH 16

#define SET_OR_FAIL(h, o, v) do { if (curl_easy_setopt((h), (o), (v)) != CURLE_OK) goto fail; } while (0)
#define LOG_FAIL(fmt, ...) do { syslog(LOG_ERR, fmt, ##__VA_ARGS__); goto fail; } while (0)

static const struct env_hosts {
	const char *name, *login, *api;
} envs[] = {
	{ "production", "https://login.procore.com",                 "https://us02.procore.com" },
	{ "monthly",    "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com" },
};

struct watched {
	int64_t project_id;
	int32_t last_submittal_id;
};

struct watch_cfg {
	const struct env_hosts *env;
	char client_id[128], client_secret[128], refresh_token[256];
	char slack_hook[256];
	int64_t company_id;
	struct watched w[MAX_WATCH];
	int nw;
	int interval;
};

struct xfer {
	CURL *easy;
	struct curl_slist *hdrs;
	char *data;
	size_t size;
	struct watched *w;
};

static volatile sig_atomic_t stop;
static char token[256];

static void on_term(int sig) { (void)sig; stop = 1; }

static size_t sink(char *p, size_t s, size_t n, void *u)
{
	struct xfer *x = u;
	char *d = realloc(x->data, x->size + s * n + 1);

	if (!d)
		return 0;
	memcpy(d + x->size, p, s * n);
	x->data = d;
	x->size += s * n;
	d[x->size] = '\0';
	return s * n;
}

static int read_conf(const char *path, struct watch_cfg *c)
{
	char ln[512], k[64], v[400], *s, *e;
	FILE *f;
	size_t i;

	if (!(f = fopen(path, "r")))
		return -1;
	c->env = &envs[0];
	c->interval = 300;
	while (fgets(ln, sizeof(ln), f)) {
		if (sscanf(ln, " %63[a-z_] = %399[^\n]", k, v) != 2)
			continue;
		if (!strcmp(k, "env")) {
			for (i = 0; i < sizeof(envs) / sizeof(envs[0]); i++)
				if (!strcmp(v, envs[i].name))
					c->env = &envs[i];
		} else if (!strcmp(k, "client_id")) {
			snprintf(c->client_id, sizeof(c->client_id), "%s", v);
		} else if (!strcmp(k, "client_secret")) {
			snprintf(c->client_secret, sizeof(c->client_secret), "%s", v);
		} else if (!strcmp(k, "refresh_token")) {
			snprintf(c->refresh_token, sizeof(c->refresh_token), "%s", v);
		} else if (!strcmp(k, "slack_webhook")) {
			snprintf(c->slack_hook, sizeof(c->slack_hook), "%s", v);
		} else if (!strcmp(k, "company_id")) {
			c->company_id = strtoll(v, NULL, 10);
		} else if (!strcmp(k, "interval")) {
			c->interval = (int)strtol(v, NULL, 10);
		} else if (!strcmp(k, "projects")) {
			for (s = v; *s && c->nw < MAX_WATCH; s = *e ? e + 1 : e) {
				c->w[c->nw++].project_id = strtoll(s, &e, 10);
				if (e == s)
					break;
			}
		}
	}
	fclose(f);
	return 0;
}

static int refresh(struct watch_cfg *c)
{
	struct xfer x = { 0 };
	char url[128], form[768], *t, *q;
	int rc = -1;

	if (!(x.easy = curl_easy_init()))
		return -1;
	snprintf(url, sizeof(url), "%s/oauth/token", c->env->login);
	snprintf(form, sizeof(form), "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
		 c->refresh_token, c->client_id, c->client_secret);
	SET_OR_FAIL(x.easy, CURLOPT_URL, url);
	SET_OR_FAIL(x.easy, CURLOPT_POSTFIELDS, form);
	SET_OR_FAIL(x.easy, CURLOPT_WRITEFUNCTION, sink);
	SET_OR_FAIL(x.easy, CURLOPT_WRITEDATA, &x);
	if (curl_easy_perform(x.easy) != CURLE_OK || !x.data)
		LOG_FAIL("token refresh against %s failed", c->env->login);
	if (!(t = strstr(x.data, "\"access_token\":\"")) || !(q = strchr(t += 16, '"')))
		LOG_FAIL("token response without access_token");
	snprintf(token, sizeof(token), "%.*s", (int)(q - t), t);
	if ((t = strstr(x.data, "\"refresh_token\":\"")) && (q = strchr(t += 17, '"')))
		snprintf(c->refresh_token, sizeof(c->refresh_token), "%.*s", (int)(q - t), t);
	rc = 0;
fail:
	free(x.data);
	curl_easy_cleanup(x.easy);
	return rc;
}

static void user_name(const struct watch_cfg *c, int uid, char *out, size_t len)
{
	struct xfer x = { 0 };
	char url[256], hdr[320], *n;

	snprintf(out, len, "user %d", uid);
	if (!(x.easy = curl_easy_init()))
		return;
	snprintf(url, sizeof(url), "%s/rest/v1.0/companies/%" PRId64 "/users/%d", c->env->api, c->company_id, uid);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", token);
	x.hdrs = curl_slist_append(x.hdrs, hdr);
	snprintf(hdr, sizeof(hdr), "Procore-CompanyId: %" PRId64, c->company_id);
	x.hdrs = curl_slist_append(x.hdrs, hdr);
	SET_OR_FAIL(x.easy, CURLOPT_URL, url);
	SET_OR_FAIL(x.easy, CURLOPT_HTTPHEADER, x.hdrs);
	SET_OR_FAIL(x.easy, CURLOPT_WRITEFUNCTION, sink);
	SET_OR_FAIL(x.easy, CURLOPT_WRITEDATA, &x);
	if (curl_easy_perform(x.easy) == CURLE_OK && x.data && (n = strstr(x.data, "\"name\":\"")))
		sscanf(n + 8, "%127[^\"]", out);
fail:
	curl_slist_free_all(x.hdrs);
	free(x.data);
	curl_easy_cleanup(x.easy);
}

static void slack_post(const struct watch_cfg *c, const char *text)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	char body[1024];

	if (!h || !c->slack_hook[0])
		goto fail;
	snprintf(body, sizeof(body), "{\"text\":\"%s\"}", text);
	SET_OR_FAIL(h, CURLOPT_URL, c->slack_hook);
	SET_OR_FAIL(h, CURLOPT_HTTPHEADER, hl);
	SET_OR_FAIL(h, CURLOPT_POSTFIELDS, body);
	if (curl_easy_perform(h) != CURLE_OK)
		syslog(LOG_WARNING, "slack webhook failed");
fail:
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
}

static void announce(const struct watch_cfg *c, struct xfer *x)
{
	const char *p = x->data;
	char msg[768], title[200], who[128];
	int64_t seen = x->w->last_submittal_id;
	int uid;

	for (; p && (p = strstr(p, "{\"id\":")); p++) {
		int64_t sid = strtoll(p + 6, NULL, 10);
		const char *bic = strstr(p, "\"ball_in_court\":[{\"id\":");
		const char *t = strstr(p, "\"title\":\"");

		if (sid <= seen || !t || sscanf(t + 9, "%199[^\"]", title) != 1)
			continue;
		strcpy(who, "nobody");
		if (bic && sscanf(bic, "\"ball_in_court\":[{\"id\":%d", &uid) == 1)
			user_name(c, uid, who, sizeof(who));
		snprintf(msg, sizeof(msg), "New submittal: %s (ball in court: %s) "
			 "https://app.procore.com/%" PRId64 "/project/submittal_logs/%" PRId64,
			 title, who, x->w->project_id, sid);
		slack_post(c, msg);
		if (sid > x->w->last_submittal_id)
			x->w->last_submittal_id = sid;
	}
}

static struct xfer *submittal_xfer(const struct watch_cfg *c, struct watched *w)
{
	struct xfer *x = calloc(1, sizeof(*x));
	char url[256], hdr[320];

	if (!x || !(x->easy = curl_easy_init()))
		goto fail;
	x->w = w;
	snprintf(url, sizeof(url), "%s/rest/v1.1/projects/%" PRId64 "/submittals?sort=-id&per_page=50",
		 c->env->api, w->project_id);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", token);
	x->hdrs = curl_slist_append(x->hdrs, hdr);
	snprintf(hdr, sizeof(hdr), "procore-company-id: %" PRId64, c->company_id);
	x->hdrs = curl_slist_append(x->hdrs, hdr);
	SET_OR_FAIL(x->easy, CURLOPT_URL, url);
	SET_OR_FAIL(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	SET_OR_FAIL(x->easy, CURLOPT_WRITEFUNCTION, sink);
	SET_OR_FAIL(x->easy, CURLOPT_WRITEDATA, x);
	SET_OR_FAIL(x->easy, CURLOPT_PRIVATE, x);
	return x;
fail:
	if (x)
		curl_slist_free_all(x->hdrs), curl_easy_cleanup(x->easy), free(x);
	return NULL;
}

static void poll_once(struct watch_cfg *c, CURLM *m)
{
	struct xfer *x;
	CURLMsg *msg;
	int i, running = 0, left;

	for (i = 0; i < c->nw; i++)
		if ((x = submittal_xfer(c, &c->w[i])))
			curl_multi_add_handle(m, x->easy);
	do {
		fd_set rd, wr, ex;
		struct timeval tv = { 1, 0 };
		int maxfd = -1;
		long tmo = -1;

		curl_multi_perform(m, &running);
		FD_ZERO(&rd); FD_ZERO(&wr); FD_ZERO(&ex);
		curl_multi_timeout(m, &tmo);
		if (tmo >= 0 && tmo < 1000) {
			tv.tv_sec = 0;
			tv.tv_usec = tmo * 1000;
		}
		curl_multi_fdset(m, &rd, &wr, &ex, &maxfd);
		if (maxfd < 0)
			usleep(100000);
		else
			select(maxfd + 1, &rd, &wr, &ex, &tv);
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			if (msg->data.result == CURLE_OK)
				announce(c, x);
			curl_multi_remove_handle(m, x->easy);
			curl_slist_free_all(x->hdrs);
			curl_easy_cleanup(x->easy);
			free(x->data);
			free(x);
		}
	} while (running && !stop);
}

int main(int argc, char **argv)
{
	struct watch_cfg cfg = { 0 };
	CURLM *m;

	openlog("submittal-watch", LOG_PID, LOG_DAEMON);
	signal(SIGTERM, on_term);
	if (read_conf(argc > 1 ? argv[1] : "/etc/submittal-watch.conf", &cfg) < 0 || !cfg.nw)
		return 1;
	curl_global_init(CURL_GLOBAL_ALL);
	m = curl_multi_init();
	while (!stop) {
		if (refresh(&cfg) == 0)
			poll_once(&cfg, m);
		sleep(cfg.interval);
	}
	curl_multi_cleanup(m);
	curl_global_cleanup();
	closelog();
	return 0;
}
