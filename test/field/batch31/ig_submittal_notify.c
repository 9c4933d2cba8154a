/*
 * submittal_notify - post recently changed submittals of a project to a
 * Slack channel.  Meant to run from cron every 15 minutes.
 *
 *   submittal_notify [-f inifile]
 *
 * The access token is taken from $PROCORE_TOKEN (kept fresh by the
 * token-keeper job); everything else comes from the ini file:
 *
 *   [procore]
 *   company_id = 4263
 *   project_id = 118844
 *   [slack]
 *   webhook = https://hooks.slack.com/services/T000/B000/XXXX
 *   [http]
 *   proxy_host = squid.internal
 *   proxy_port = 3128
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>

#define INI_DEFAULT     "/etc/submittal_notify.ini"
#define STATE_FILE      "/var/lib/submittal_notify/last_run"
#define API_HOST        "https://api.procore.com"
#define TOKEN_INFO_URL  "https://api.procore.com/oauth/token/info"
#define PROJECT_TMPL    API_HOST "/rest/v1.0/projects/:project_id?company_id=:company_id"
#define SUBMITTAL_TMPL  API_HOST "/rest/v1.1/projects/:project_id/submittals?filters[updated_at]=:since...:now"
#define WEB_TMPL        "https://app.procore.com/:project_id/project/submittal_logs/:submittal_id"
#define MAX_SUBMITTALS  200

struct ini {
	char company_id[24];
	char project_id[24];
	char webhook[256];
	char proxy_host[128];
	int  proxy_port;
};

struct submittal {
	int32_t id;
	char    number[32];
	char    title[160];
	char    status[40];
};

struct strbuf { char *s; size_t n; };

static struct ini cfg;

static size_t sb_write(void *d, size_t sz, size_t nm, void *u)
{
	struct strbuf *b = u;
	size_t len = sz * nm;
	char *t = realloc(b->s, b->n + len + 1);
	if (!t) return 0;
	memcpy(t + b->n, d, len);
	b->s = t; b->n += len; t[b->n] = '\0';
	return len;
}

static void ini_load(const char *path)
{
	char line[400], section[32] = "", key[64], val[300];
	FILE *fp = fopen(path, "r");

	cfg.proxy_port = 0;
	if (!fp) { perror(path); exit(1); }
	while (fgets(line, sizeof line, fp)) {
		if (sscanf(line, " [%31[^]]]", section) == 1)
			continue;
		if (!strchr(line, '=') || sscanf(line, " %63[^ =] = %299s", key, val) != 2)
			continue;
		if (!strcmp(section, "procore") && !strcmp(key, "company_id"))
			snprintf(cfg.company_id, sizeof cfg.company_id, "%s", val);
		else if (!strcmp(section, "procore") && !strcmp(key, "project_id"))
			snprintf(cfg.project_id, sizeof cfg.project_id, "%s", val);
		else if (!strcmp(section, "slack") && !strcmp(key, "webhook"))
			snprintf(cfg.webhook, sizeof cfg.webhook, "%s", val);
		else if (!strcmp(section, "http") && !strcmp(key, "proxy_host"))
			snprintf(cfg.proxy_host, sizeof cfg.proxy_host, "%s", val);
		else if (!strcmp(section, "http") && !strcmp(key, "proxy_port"))
			cfg.proxy_port = atoi(val);
	}
	fclose(fp);
}

/* expand ":name" placeholders; pairs is NULL-terminated {name, value, ...} */
static void url_expand(char *dst, size_t dstlen, const char *tmpl, const char *const *pairs)
{
	size_t o = 0;
	while (*tmpl && o + 1 < dstlen) {
		const char *const *pp;
		int hit = 0;
		if (*tmpl == ':') {
			for (pp = pairs; *pp; pp += 2) {
				size_t kl = strlen(pp[0]);
				if (!strncmp(tmpl + 1, pp[0], kl)) {
					o += (size_t)snprintf(dst + o, dstlen - o, "%s", pp[1]);
					tmpl += kl + 1;
					hit = 1;
					break;
				}
			}
		}
		if (!hit)
			dst[o++] = *tmpl++;
	}
	dst[o < dstlen ? o : dstlen - 1] = '\0';
}

static long http_send(const char *method, const char *url, const char *body,
		      const char *const *headers, struct strbuf *out)
{
	CURL *h = curl_easy_init();
	struct curl_slist *sl = NULL;
	long status = 0;

	for (; headers && *headers; headers++)
		sl = curl_slist_append(sl, *headers);
	if (out) out->n = 0;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, sl);
	if (body) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	if (out) {
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sb_write);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	}
	if (cfg.proxy_host[0]) {
		curl_easy_setopt(h, CURLOPT_PROXY, cfg.proxy_host);
		curl_easy_setopt(h, CURLOPT_PROXYPORT, (long)cfg.proxy_port);
	}
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(sl);
	curl_easy_cleanup(h);
	return status;
}

static void project_name(const char *auth, long long company_id, char *name, size_t len)
{
	char url[512], co[48], cid[24];
	const char *pairs[] = { "project_id", cfg.project_id, "company_id", cid, NULL };
	const char *hdrs[] = { auth, co, "Accept: application/json", NULL };
	struct strbuf b = { NULL, 0 };
	char *p;

	snprintf(cid, sizeof cid, "%lld", company_id);
	snprintf(co, sizeof co, "Procore-Company-Id: %lld", company_id);
	url_expand(url, sizeof url, PROJECT_TMPL, pairs);
	snprintf(name, len, "project %s", cfg.project_id);
	if (http_send("GET", url, NULL, hdrs, &b) == 200 && (p = strstr(b.s, "\"name\":\"")))
		sscanf(p + 8, "%127[^\"]", name);
	free(b.s);
}

static int poll_submittals(const char *auth, const char *since, const char *now,
			   struct submittal *out, int max)
{
	char url[768], co[48];
	const char *pairs[] = { "project_id", cfg.project_id, "since", since, "now", now, NULL };
	const char *hdrs[] = { auth, co, NULL };
	struct strbuf b = { NULL, 0 };
	const char *p;
	char *end;
	int n = 0;

	snprintf(co, sizeof co, "X-Procore-Company-Id: %s", cfg.company_id);
	url_expand(url, sizeof url, SUBMITTAL_TMPL, pairs);
	if (http_send("GET", url, NULL, hdrs, &b) != 200) {
		free(b.s);
		return -1;
	}
	for (p = b.s; n < max && (p = strstr(p, "{\"id\":")) != NULL; p = end) {
		struct submittal *s = &out[n++];
		const char *q;
		s->id = (int32_t)strtol(p + 6, &end, 10);
		s->number[0] = s->title[0] = s->status[0] = '\0';
		if ((q = strstr(end, "\"number\":\"")))
			sscanf(q + 10, "%31[^\"]", s->number);
		if ((q = strstr(end, "\"title\":\"")))
			sscanf(q + 9, "%159[^\"]", s->title);
		if ((q = strstr(end, "\"status\":{")) && (q = strstr(q, "\"name\":\"")))
			sscanf(q + 8, "%39[^\"]", s->status);
	}
	free(b.s);
	return n;
}

int main(int argc, char **argv)
{
	static struct submittal subs[MAX_SUBMITTALS];
	const char *inifile = INI_DEFAULT, *tok = getenv("PROCORE_TOKEN");
	char auth[400], since[32] = "2000-01-01T00:00:00Z", now[32], pname[128];
	char msg[1024], link[256], sid[16];
	long long company_id;
	long project_id;
	int c, i, n;
	FILE *st;
	time_t t = time(NULL);

	while ((c = getopt(argc, argv, "f:")) != -1)
		if (c == 'f') inifile = optarg;
	if (!tok) { fprintf(stderr, "PROCORE_TOKEN not set\n"); return 1; }
	ini_load(inifile);
	company_id = strtoll(cfg.company_id, NULL, 10);
	project_id = atol(cfg.project_id);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", tok);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	if ((st = fopen(STATE_FILE, "r"))) { if (fscanf(st, "%31s", since) != 1) {} fclose(st); }

	curl_global_init(CURL_GLOBAL_DEFAULT);
	{
		const char *h[] = { auth, NULL };
		if (http_send("GET", TOKEN_INFO_URL, NULL, h, NULL) != 200) {
			fprintf(stderr, "submittal_notify: token rejected, not posting\n");
			return 1;
		}
	}
	project_name(auth, company_id, pname, sizeof pname);
	if ((n = poll_submittals(auth, since, now, subs, MAX_SUBMITTALS)) < 0) {
		fprintf(stderr, "submittal_notify: submittal query failed for project %ld\n", project_id);
		return 1;
	}

	for (i = 0; i < n; i++) {
		const char *pairs[] = { "project_id", cfg.project_id, "submittal_id", sid, NULL };
		const char *h[] = { "Content-Type: application/json", NULL };
		snprintf(sid, sizeof sid, "%d", subs[i].id);
		url_expand(link, sizeof link, WEB_TMPL, pairs);
		snprintf(msg, sizeof msg,
			 "{\"text\":\"*%s* submittal %s \\\"%s\\\" is now %s <%s|open>\"}",
			 pname, subs[i].number, subs[i].title, subs[i].status, link);
		if (http_send("POST", cfg.webhook, msg, h, NULL) != 200)
			fprintf(stderr, "submittal_notify: slack post failed for %s\n", subs[i].number);
	}

	if ((st = fopen(STATE_FILE, "w"))) { fprintf(st, "%s\n", now); fclose(st); }
	curl_global_cleanup();
	return 0;
}
