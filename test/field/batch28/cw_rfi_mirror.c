/*
 * cw_rfi_mirror.c - spool RFIs from the Procore developer sandbox to disk
 *
 * Used by the QA team to get realistic RFI payloads for the document
 * pipeline.  Runs from a systemd timer; all output goes to syslog.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#define LOGIN_URL    "https://sandbox.procore.com/oauth/token"
#define API_URL      "https://sandbox.procore.com"
#define HELP_URL     "https://support.procore.com/products/online/user-guide/project-level/rfi"
#define MAX_PROJECTS 64

#define CURL_SET(h, opt, val) do { \
		if (curl_easy_setopt((h), (opt), (val)) != CURLE_OK) { \
			syslog(LOG_ERR, "%s:%d: setopt " #opt " failed", __func__, __LINE__); \
			goto fail; \
		} \
	} while (0)

struct mirror_cfg {
	char client_id[128];
	char client_secret[128];
	char refresh_token[256];
	char spool_dir[256];
	int64_t company_id;
	int max_parallel;
};

struct rfi_xfer {
	CURL *easy;
	struct curl_slist *hdrs;
	char *body;
	size_t len;
	int64_t project_id;
};

struct rfi_row {
	unsigned int id;
	int64_t project_id;
	char subject[256];
};

static char access_token[256];

static size_t collect(char *ptr, size_t sz, size_t nm, void *ud)
{
	struct rfi_xfer *x = ud;
	char *nb = realloc(x->body, x->len + sz * nm + 1);

	if (!nb)
		return 0;
	memcpy(nb + x->len, ptr, sz * nm);
	x->body = nb;
	x->len += sz * nm;
	nb[x->len] = '\0';
	return sz * nm;
}

static int scan_str(const char *js, const char *key, char *out, size_t n)
{
	char pat[64];
	const char *p, *q;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if (!js || !(p = strstr(js, pat)))
		return -1;
	p += strlen(pat);
	if (!(q = strchr(p, '"')) || (size_t)(q - p) >= n)
		return -1;
	memcpy(out, p, q - p);
	out[q - p] = '\0';
	return 0;
}

static int parse_config(const char *path, struct mirror_cfg *c)
{
	FILE *f = fopen(path, "r");
	char line[512], k[64], v[400];

	if (!f)
		return -errno;
	c->max_parallel = 4;
	snprintf(c->spool_dir, sizeof(c->spool_dir), "/var/spool/rfi-mirror");
	while (fgets(line, sizeof(line), f)) {
		if (*line == ';' || *line == '[' || sscanf(line, "%63[^ =] = %399s", k, v) != 2)
			continue;
		if (!strcmp(k, "client_id"))
			snprintf(c->client_id, sizeof(c->client_id), "%s", v);
		else if (!strcmp(k, "client_secret"))
			snprintf(c->client_secret, sizeof(c->client_secret), "%s", v);
		else if (!strcmp(k, "refresh_token"))
			snprintf(c->refresh_token, sizeof(c->refresh_token), "%s", v);
		else if (!strcmp(k, "spool_dir"))
			snprintf(c->spool_dir, sizeof(c->spool_dir), "%s", v);
		else if (!strcmp(k, "company_id"))
			c->company_id = strtoll(v, NULL, 10);
		else if (!strcmp(k, "max_parallel"))
			c->max_parallel = (int)strtol(v, NULL, 10);
	}
	fclose(f);
	return c->company_id > 0 ? 0 : -EINVAL;
}

static int oauth_refresh(struct mirror_cfg *c)
{
	struct rfi_xfer x = { 0 };
	char form[768];
	int rc = -1;

	if (!(x.easy = curl_easy_init()))
		return -1;
	snprintf(form, sizeof(form), "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
		 c->refresh_token, c->client_id, c->client_secret);
	CURL_SET(x.easy, CURLOPT_URL, LOGIN_URL);
	CURL_SET(x.easy, CURLOPT_COPYPOSTFIELDS, form);
	CURL_SET(x.easy, CURLOPT_WRITEFUNCTION, collect);
	CURL_SET(x.easy, CURLOPT_WRITEDATA, &x);
	if (curl_easy_perform(x.easy) != CURLE_OK)
		goto fail;
	if (scan_str(x.body, "access_token", access_token, sizeof(access_token)) < 0)
		goto fail;
	scan_str(x.body, "refresh_token", c->refresh_token, sizeof(c->refresh_token));
	rc = 0;
fail:
	free(x.body);
	curl_easy_cleanup(x.easy);
	return rc;
}

/* GET with bearer auth; company_id > 0 adds the company header */
static int api_get(const char *url, int64_t company_id, struct rfi_xfer *x)
{
	char h[320];
	long code = 0;

	if (!(x->easy = curl_easy_init()))
		return -1;
	snprintf(h, sizeof(h), "Authorization: Bearer %s", access_token);
	x->hdrs = curl_slist_append(x->hdrs, h);
	if (company_id > 0) {
		snprintf(h, sizeof(h), "Procore-Company-Id: %" PRId64, company_id);
		x->hdrs = curl_slist_append(x->hdrs, h);
	}
	CURL_SET(x->easy, CURLOPT_URL, url);
	CURL_SET(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	CURL_SET(x->easy, CURLOPT_WRITEFUNCTION, collect);
	CURL_SET(x->easy, CURLOPT_WRITEDATA, x);
	if (curl_easy_perform(x->easy) != CURLE_OK)
		goto fail;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	return code == 200 ? 0 : -1;
fail:
	return -1;
}

static void xfer_free(struct rfi_xfer *x)
{
	curl_slist_free_all(x->hdrs);
	curl_easy_cleanup(x->easy);
	free(x->body);
	free(x);
}

static struct rfi_xfer *rfi_list_xfer(const struct mirror_cfg *c, int64_t project_id)
{
	struct rfi_xfer *x = calloc(1, sizeof(*x));
	char buf[320];

	if (!x || !(x->easy = curl_easy_init()))
		goto fail;
	x->project_id = project_id;
	snprintf(buf, sizeof(buf), "Authorization: Bearer %s", access_token);
	x->hdrs = curl_slist_append(x->hdrs, buf);
	snprintf(buf, sizeof(buf), "X-Procore-Company-Id: %" PRId64, c->company_id);
	x->hdrs = curl_slist_append(x->hdrs, buf);
	snprintf(buf, sizeof(buf), API_URL "/rest/v1.0/projects/%" PRId64 "/rfis", project_id);
	CURL_SET(x->easy, CURLOPT_URL, buf);
	CURL_SET(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	CURL_SET(x->easy, CURLOPT_WRITEFUNCTION, collect);
	CURL_SET(x->easy, CURLOPT_WRITEDATA, x);
	CURL_SET(x->easy, CURLOPT_PRIVATE, x);
	return x;
fail:
	if (x)
		xfer_free(x);
	return NULL;
}

static int spool_rfis(const struct mirror_cfg *c, struct rfi_xfer *x)
{
	const char *p = x->body;
	struct rfi_row row;
	char path[512];
	FILE *out;
	int n = 0;

	while (p && (p = strstr(p, "{\"id\":"))) {
		row.id = (unsigned int)strtoul(p + 6, NULL, 10);
		row.project_id = x->project_id;
		if (scan_str(p, "subject", row.subject, sizeof(row.subject)) < 0)
			row.subject[0] = '\0';
		snprintf(path, sizeof(path), "%s/%" PRId64 "-%u.rfi", c->spool_dir, row.project_id, row.id);
		if ((out = fopen(path, "w"))) {
			fprintf(out, "project=%" PRId64 "\nsubject=%s\n", row.project_id, row.subject);
			fclose(out);
			n++;
		}
		p++;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct mirror_cfg cfg = { 0 };
	struct rfi_xfer probe = { 0 }, projects = { 0 };
	int64_t pids[MAX_PROJECTS];
	char url[256];
	const char *p;
	CURLM *m = NULL;
	CURLMsg *msg;
	int npids = 0, running = 0, queued, i, total = 0, ret = 1;

	openlog("rfi-mirror", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	if (parse_config(argc > 1 ? argv[1] : "/etc/rfi-mirror.ini", &cfg) < 0) {
		syslog(LOG_ERR, "bad config; see %s for the RFI fields we mirror", HELP_URL);
		goto out;
	}
	curl_global_init(CURL_GLOBAL_ALL);
	if (oauth_refresh(&cfg) < 0) {
		syslog(LOG_ERR, "token refresh failed");
		goto out;
	}
	/* sanity check that the token still sees the sandbox company */
	if (api_get(API_URL "/rest/v1.0/companies", 0, &probe) < 0)
		syslog(LOG_WARNING, "company list unavailable, continuing");
	snprintf(url, sizeof(url), API_URL "/rest/v1.0/projects?company_id=%" PRId64, cfg.company_id);
	if (api_get(url, cfg.company_id, &projects) < 0)
		goto out;
	for (p = projects.body; p && npids < MAX_PROJECTS && (p = strstr(p, "{\"id\":")); p++)
		pids[npids++] = strtoll(p + 6, NULL, 10);

	m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)cfg.max_parallel);
	for (i = 0; i < npids; i++) {
		struct rfi_xfer *x = rfi_list_xfer(&cfg, pids[i]);

		if (x)
			curl_multi_add_handle(m, x->easy);
	}
	do {
		int numfds = 0;

		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		curl_multi_wait(m, NULL, 0, 1000, &numfds);
		while ((msg = curl_multi_info_read(m, &queued))) {
			struct rfi_xfer *x;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			if (msg->data.result == CURLE_OK)
				total += spool_rfis(&cfg, x);
			curl_multi_remove_handle(m, x->easy);
			xfer_free(x);
		}
	} while (running);
	syslog(LOG_INFO, "spooled %d RFIs from %d projects", total, npids);
	ret = 0;
out:
	curl_slist_free_all(probe.hdrs);
	curl_easy_cleanup(probe.easy);
	free(probe.body);
	curl_slist_free_all(projects.hdrs);
	curl_easy_cleanup(projects.easy);
	free(projects.body);
	curl_multi_cleanup(m);
	curl_global_cleanup();
	closelog();
	return ret;
}
