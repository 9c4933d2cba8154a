/*
 * cw_punch_gateway.c - mirror open Procore punch items into the site gateway
 * listening on localhost; one multi transfer per configured project.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#define LOGIN_BASE   "https://login.procore.com"
#define API_BASE     "https://api.procore.com"
#define CONF_PATH    "/etc/punch-gateway.conf"
#define MAX_PROJECTS 32

#define SETOPT(h, opt, val) do { \
		CURLcode rc_ = curl_easy_setopt((h), (opt), (val)); \
		if (rc_ != CURLE_OK) { \
			syslog(LOG_ERR, "setopt %s: %s", #opt, curl_easy_strerror(rc_)); goto out; } \
	} while (0)

#define CHECK(cond, msg) do { if (!(cond)) { syslog(LOG_ERR, "%s", (msg)); goto out; } } while (0)

struct buf { char *data; size_t len; };

struct gw_config {
	char client_id[128];
	char client_secret[128];
	char refresh_token[256];
	long company_id;
	int64_t project_ids[MAX_PROJECTS];
	int n_projects;
	int gateway_port;
};

struct req_ctx {
	CURL *easy;
	struct curl_slist *headers;
	struct buf body;
	int64_t project_id;
	char url[512];
};

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct buf *b = userdata;
	size_t n = size * nmemb;
	char *p = realloc(b->data, b->len + n + 1);

	if (!p)
		return 0;
	memcpy(p + b->len, ptr, n);
	b->data = p;
	b->data[b->len += n] = '\0';
	return n;
}

/* good enough for the flat objects Procore returns; no escapes in our fields */
static int json_string(const char *js, const char *key, char *out, size_t outlen)
{
	char pat[80];
	const char *p;
	size_t n = 0;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if (!js || !(p = strstr(js, pat)))
		return -1;
	for (p += strlen(pat); *p && *p != '"' && n + 1 < outlen; p++)
		out[n++] = *p;
	out[n] = '\0';
	return 0;
}

static int load_config(const char *path, struct gw_config *cfg)
{
	char line[512], key[64], val[384];
	FILE *fp = fopen(path, "r");

	if (!fp)
		return -1;
	cfg->gateway_port = 8711;
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '#' || sscanf(line, " %63[^= ] = %383[^\n]", key, val) != 2)
			continue;
		if (!strcmp(key, "client_id"))
			snprintf(cfg->client_id, sizeof(cfg->client_id), "%s", val);
		else if (!strcmp(key, "client_secret"))
			snprintf(cfg->client_secret, sizeof(cfg->client_secret), "%s", val);
		else if (!strcmp(key, "refresh_token"))
			snprintf(cfg->refresh_token, sizeof(cfg->refresh_token), "%s", val);
		else if (!strcmp(key, "company_id"))
			cfg->company_id = strtol(val, NULL, 10);
		else if (!strcmp(key, "project") && cfg->n_projects < MAX_PROJECTS)
			cfg->project_ids[cfg->n_projects++] = strtoll(val, NULL, 10);
		else if (!strcmp(key, "gateway_port"))
			cfg->gateway_port = (int)strtol(val, NULL, 10);
	}
	fclose(fp);
	return cfg->n_projects > 0 ? 0 : -1;
}

static int refresh_access_token(struct gw_config *cfg, char *tok, size_t toklen)
{
	CURL *h = curl_easy_init();
	struct buf resp = { 0 };
	char *post = NULL;
	int ret = -1;

	CHECK(h, "curl_easy_init failed");
	CHECK(asprintf(&post, "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
		       cfg->client_id, cfg->client_secret, cfg->refresh_token) >= 0, "out of memory");
	SETOPT(h, CURLOPT_URL, LOGIN_BASE "/oauth/token");
	SETOPT(h, CURLOPT_POSTFIELDS, post);
	SETOPT(h, CURLOPT_WRITEFUNCTION, write_cb);
	SETOPT(h, CURLOPT_WRITEDATA, &resp);
	CHECK(curl_easy_perform(h) == CURLE_OK, "token refresh failed");
	CHECK(json_string(resp.data, "access_token", tok, toklen) == 0, "no access_token in reply");
	json_string(resp.data, "refresh_token", cfg->refresh_token, sizeof(cfg->refresh_token));
	ret = 0;
out:
	free(post);
	free(resp.data);
	curl_easy_cleanup(h);
	return ret;
}

static int check_identity(const char *token)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	struct buf resp = { 0 };
	char auth[320], login[128] = "";
	int ret = -1;

	CHECK(h, "curl_easy_init failed");
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	hdrs = curl_slist_append(hdrs, auth);
	/* /me is not company scoped, no Procore-Company-Id needed */
	SETOPT(h, CURLOPT_URL, API_BASE "/rest/v1.0/me");
	SETOPT(h, CURLOPT_HTTPHEADER, hdrs);
	SETOPT(h, CURLOPT_WRITEFUNCTION, write_cb);
	SETOPT(h, CURLOPT_WRITEDATA, &resp);
	CHECK(curl_easy_perform(h) == CURLE_OK, "GET /me failed");
	CHECK(json_string(resp.data, "login", login, sizeof(login)) == 0, "token rejected by /me");
	syslog(LOG_INFO, "authenticated as %s", login);
	ret = 0;
out:
	curl_slist_free_all(hdrs);
	free(resp.data);
	curl_easy_cleanup(h);
	return ret;
}

static void req_free(struct req_ctx *ctx)
{
	if (!ctx)
		return;
	curl_slist_free_all(ctx->headers);
	curl_easy_cleanup(ctx->easy);
	free(ctx->body.data);
	free(ctx);
}

static struct req_ctx *punch_request(const struct gw_config *cfg, const char *token, int64_t project_id)
{
	struct req_ctx *ctx = calloc(1, sizeof(*ctx));
	char hdr[320];

	if (!ctx)
		return NULL;
	ctx->project_id = project_id;
	CHECK((ctx->easy = curl_easy_init()) != NULL, "curl_easy_init failed");
	snprintf(ctx->url, sizeof(ctx->url), API_BASE "/rest/v1.0/projects/%" PRId64 "/punch_items?per_page=100",
		 project_id);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", token);
	ctx->headers = curl_slist_append(ctx->headers, hdr);
	snprintf(hdr, sizeof(hdr), "Procore-Company-Id: %ld", cfg->company_id);
	ctx->headers = curl_slist_append(ctx->headers, hdr);
	SETOPT(ctx->easy, CURLOPT_URL, ctx->url);
	SETOPT(ctx->easy, CURLOPT_HTTPHEADER, ctx->headers);
	SETOPT(ctx->easy, CURLOPT_WRITEFUNCTION, write_cb);
	SETOPT(ctx->easy, CURLOPT_WRITEDATA, &ctx->body);
	SETOPT(ctx->easy, CURLOPT_PRIVATE, ctx);
	return ctx;
out:
	req_free(ctx);
	return NULL;
}

static void mark_forwarded(const char *token, int64_t project_id, int item_id)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	char url[256], auth[320];
	const char *patch = "{\"punch_item\":{\"reference\":\"gateway\"}}";

	CHECK(h, "curl_easy_init failed");
	snprintf(url, sizeof(url), API_BASE "/rest/v1.0/punch_items/%d?project_id=%" PRId64, item_id, project_id);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	hdrs = curl_slist_append(hdrs, auth);
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	SETOPT(h, CURLOPT_URL, url);
	SETOPT(h, CURLOPT_CUSTOMREQUEST, "PATCH");
	SETOPT(h, CURLOPT_POSTFIELDS, patch);
	SETOPT(h, CURLOPT_HTTPHEADER, hdrs);
	if (curl_easy_perform(h) != CURLE_OK)
		syslog(LOG_WARNING, "could not tag punch item %d", item_id);
out:
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
}

static int forward_to_gateway(int port, const char *item_json, size_t len)
{
	CURL *h = curl_easy_init();
	CURLcode rc = CURLE_FAILED_INIT;
	char url[64];

	CHECK(h, "curl_easy_init failed");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/punch", port);
	SETOPT(h, CURLOPT_URL, url);
	SETOPT(h, CURLOPT_POSTFIELDSIZE, (long)len);
	SETOPT(h, CURLOPT_POSTFIELDS, item_json);
	rc = curl_easy_perform(h);
out:
	curl_easy_cleanup(h);
	return rc == CURLE_OK ? 0 : -1;
}

static void handle_punch_items(const struct gw_config *cfg, const char *token, struct req_ctx *ctx)
{
	const char *p = ctx->body.data, *end;
	char status[32];
	int forwarded = 0;

	while (p && (p = strstr(p, "{\"id\":")) != NULL) {
		int item_id = atoi(p + 6);

		end = strstr(p + 1, "{\"id\":");
		if (json_string(p, "status", status, sizeof(status)) == 0 && !strcmp(status, "open") &&
		    forward_to_gateway(cfg->gateway_port, p, end ? (size_t)(end - p) : strlen(p)) == 0) {
			mark_forwarded(token, ctx->project_id, item_id);
			forwarded++;
		}
		p = end;
	}
	syslog(LOG_INFO, "%d open items forwarded, see https://app.procore.com/%" PRId64
	       "/project/punch_list", forwarded, ctx->project_id);
}

int main(int argc, char **argv)
{
	struct gw_config cfg = { 0 };
	char token[256];
	CURLM *multi = NULL;
	CURLMsg *msg;
	int i, running = 0, left, ret = EXIT_FAILURE;

	openlog("punch-gateway", LOG_PID, LOG_DAEMON);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	CHECK(load_config(argc > 1 ? argv[1] : CONF_PATH, &cfg) == 0, "bad configuration");
	CHECK(refresh_access_token(&cfg, token, sizeof(token)) == 0, "no access token");
	CHECK(check_identity(token) == 0, "identity check failed");
	CHECK((multi = curl_multi_init()) != NULL, "curl_multi_init failed");
	for (i = 0; i < cfg.n_projects; i++) {
		struct req_ctx *ctx = punch_request(&cfg, token, cfg.project_ids[i]);

		if (ctx && curl_multi_add_handle(multi, ctx->easy) != CURLM_OK)
			req_free(ctx);
	}
	do {
		CHECK(curl_multi_perform(multi, &running) == CURLM_OK, "curl_multi_perform failed");
		if (running)
			curl_multi_poll(multi, NULL, 0, 1000, NULL);
		while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
			struct req_ctx *ctx = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&ctx);
			if (msg->data.result == CURLE_OK)
				handle_punch_items(&cfg, token, ctx);
			else
				syslog(LOG_WARNING, "%s: %s", ctx->url,
				       curl_easy_strerror(msg->data.result));
			curl_multi_remove_handle(multi, ctx->easy);
			req_free(ctx);
		}
	} while (running);
	ret = EXIT_SUCCESS;
out:
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	closelog();
	return ret;
}
