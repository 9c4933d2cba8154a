/*
 * rfi-digest: nightly cron job that prints a digest of overdue RFIs for
 * a Procore company, one section per project.  Output is piped to mail(1).
 *
 *   rfi-digest -c COMPANY_ID [-p PROJECT_ID]... [-d DAYS]
 *
 * Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_REFRESH_TOKEN
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>

#define LOGIN_BASE "https://login.procore.com"
#define API_BASE   "https://api.procore.com"
#define WEB_BASE   "https://app.procore.com"
#define MAX_PROJECTS 64

struct strbuf { char *buf; size_t len, alloc; };
#define STRBUF_INIT { NULL, 0, 0 }

static int strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb->len + n + 1 > sb->alloc) {
		size_t want = (sb->len + n + 1) * 2;
		char *p = realloc(sb->buf, want);
		if (!p)
			return -ENOMEM;
		sb->buf = p;
		sb->alloc = want;
	}
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

static void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

#define ADD_HEADER(list, ...) do {					\
	char h_[512]; struct curl_slist *t_;				\
	snprintf(h_, sizeof(h_), __VA_ARGS__);				\
	t_ = curl_slist_append((list), h_);				\
	if (!t_) { ret = -ENOMEM; goto fail; }				\
	(list) = t_;							\
} while (0)

#define BUILD_URL(buf, ...) do {					\
	if ((size_t)snprintf((buf), sizeof(buf), __VA_ARGS__) >= sizeof(buf)) { \
		ret = -ENAMETOOLONG; goto fail; }			\
} while (0)

struct digest_opts {
	int64_t company_id;
	int64_t project_ids[MAX_PROJECTS];
	int nr_projects;
	int overdue_days;
	char token[256];
};

struct rfi {
	int64_t id;
	long assignee_id;
	char subject[160];
	char due_date[16];
};

static size_t collect(char *ptr, size_t sz, size_t nm, void *ud)
{
	return strbuf_add(ud, ptr, sz * nm) ? 0 : sz * nm;
}

static const char *json_val(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(json, pat);
	return p ? p + strlen(pat) : NULL;
}

static void json_str(const char *json, const char *key, char *out, size_t n)
{
	const char *p = json_val(json, key);
	size_t i = 0;

	out[0] = '\0';
	if (!p || *p != '"')
		return;
	for (p++; *p && *p != '"' && i + 1 < n; p++)
		out[i++] = *p;
	out[i] = '\0';
}

static int http_perform(CURL *c, const char *url, struct curl_slist *hdrs,
			struct strbuf *out)
{
	long code = 0;

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	if (curl_easy_perform(c) != CURLE_OK)
		return -EIO;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	return code >= 200 && code < 300 ? 0 : -(int)code;
}

static int refresh_access_token(CURL *c, struct digest_opts *o)
{
	struct strbuf resp = STRBUF_INIT;
	char body[1024];
	int ret;

	snprintf(body, sizeof(body),
		 "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
		 getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"),
		 getenv("PROCORE_REFRESH_TOKEN"));
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	ret = http_perform(c, LOGIN_BASE "/oauth/token", NULL, &resp);
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (ret)
		goto out;
	json_str(resp.buf, "access_token", o->token, sizeof(o->token));
	if (!o->token[0])
		ret = -EINVAL;
out:
	strbuf_release(&resp);
	return ret;
}

/* GET with bearer and company header; every REST caller goes through here */
static int api_get(CURL *c, const struct digest_opts *o, const char *url,
		   struct strbuf *out)
{
	struct curl_slist *h = NULL;
	int ret;

	ADD_HEADER(h, "Authorization: Bearer %s", o->token);
	ADD_HEADER(h, "Procore-Company-Id: %" PRId64, o->company_id);
	ret = http_perform(c, url, h, out);
fail:
	curl_slist_free_all(h);
	return ret;
}

static int whoami(CURL *c, const struct digest_opts *o, char *login, size_t n)
{
	struct curl_slist *h = NULL;
	struct strbuf resp = STRBUF_INIT;
	int ret;

	ADD_HEADER(h, "Authorization: Bearer %s", o->token);
	ret = http_perform(c, API_BASE "/rest/v1.0/me", h, &resp);
	if (!ret)
		json_str(resp.buf, "login", login, n);
fail:
	curl_slist_free_all(h);
	strbuf_release(&resp);
	return ret;
}

static int load_projects(CURL *c, struct digest_opts *o)
{
	struct strbuf resp = STRBUF_INIT;
	char url[256];
	const char *p;
	int ret;

	BUILD_URL(url, API_BASE "/rest/v1.0/projects?company_id=%" PRId64, o->company_id);
	ret = api_get(c, o, url, &resp);
	if (ret)
		goto fail;
	for (p = resp.buf; (p = json_val(p, "id")) && o->nr_projects < MAX_PROJECTS; )
		o->project_ids[o->nr_projects++] = strtoll(p, (char **)&p, 10);
fail:
	strbuf_release(&resp);
	return ret;
}

static int assignee_name(CURL *c, const struct digest_opts *o, int64_t project_id,
			 const struct rfi *r, char *name, size_t n)
{
	struct curl_slist *h = NULL;
	struct strbuf resp = STRBUF_INIT;
	char url[256];
	int ret;

	BUILD_URL(url, API_BASE "/rest/v1.0/projects/%" PRId64 "/users/%ld",
		  project_id, r->assignee_id);
	ADD_HEADER(h, "Authorization: Bearer %s", o->token);
	ret = http_perform(c, url, h, &resp);
	if (!ret)
		json_str(resp.buf, "name", name, n);
fail:
	curl_slist_free_all(h);
	strbuf_release(&resp);
	return ret;
}

static int digest_project(CURL *c, const struct digest_opts *o, int64_t project_id)
{
	struct strbuf resp = STRBUF_INIT;
	char url[320], who[96];
	const char *p;
	struct rfi r;
	int ret, shown = 0;

	BUILD_URL(url, API_BASE "/rest/v1.0/projects/%" PRId64
		  "/rfis?filters[status]=open&filters[overdue]=true", project_id);
	ret = api_get(c, o, url, &resp);
	if (ret)
		goto fail;
	for (p = resp.buf; (p = strstr(p, "{\"id\":")); p++) {
		memset(&r, 0, sizeof(r));
		r.id = strtoll(p + 6, NULL, 10);
		const char *a = json_val(p, "assignee_id");
		if (a)
			r.assignee_id = strtol(a, NULL, 10);
		json_str(p, "subject", r.subject, sizeof(r.subject));
		json_str(p, "due_date", r.due_date, sizeof(r.due_date));
		if (assignee_name(c, o, project_id, &r, who, sizeof(who)))
			strcpy(who, "(unassigned)");
		printf("  #%" PRId64 " %-40.40s due %s  %s\n", r.id, r.subject,
		       r.due_date, who);
		printf("    " WEB_BASE "/%" PRId64 "/project/rfi/show/%" PRId64 "\n",
		       project_id, r.id);
		shown++;
	}
	if (!shown)
		printf("  no overdue RFIs\n");
fail:
	strbuf_release(&resp);
	return ret;
}

int main(int argc, char **argv)
{
	struct digest_opts o = { .overdue_days = 3 };
	char login[128] = "";
	CURL *c = NULL;
	int opt, i, ret = 1;

	while ((opt = getopt(argc, argv, "c:p:d:")) != -1) {
		switch (opt) {
		case 'c': o.company_id = strtoll(optarg, NULL, 10); break;
		case 'p':
			if (o.nr_projects < MAX_PROJECTS)
				o.project_ids[o.nr_projects++] = atoi(optarg);
			break;
		case 'd': o.overdue_days = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s -c company [-p project]... [-d days]\n", argv[0]);
			return 2;
		}
	}
	if (!o.company_id)
		return 2;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	c = curl_easy_init();
	if (!c || refresh_access_token(c, &o))
		goto out;
	if (!whoami(c, &o, login, sizeof(login)))
		printf("RFI digest (run as %s)\n\n", login);
	if (!o.nr_projects && load_projects(c, &o))
		goto out;
	for (i = 0; i < o.nr_projects; i++) {
		printf("Project %" PRId64 "\n", o.project_ids[i]);
		digest_project(c, &o, o.project_ids[i]);
	}
	ret = 0;
out:
	curl_easy_cleanup(c);
	curl_global_cleanup();
	return ret;
}
