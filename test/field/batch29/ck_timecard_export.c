/*
 * timecard-export: weekly cron job.  Pulls timecard entries for the
 * projects listed in projects.txt from the monthly Procore sandbox (the
 * payroll team validates there before we flip to production), maps users
 * to employee numbers and writes a CSV/TSV for the payroll importer.
 *
 *   timecard-export -s 2024-05-06 -e 2024-05-12 [-o out.csv] [-t] [-u]
 *
 * Env: PROCORE_COMPANY_ID, PROCORE_ACCESS_TOKEN, PROCORE_REFRESH_TOKEN,
 *      PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PAYROLL_API_KEY
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

#define LOGIN_URL   "https://login-sandbox-monthly.procore.com"
#define API_URL     "https://api-monthly.procore.com"
#define PAYROLL_URL "https://payroll.internal.example.com/api/v2/imports"
#define MAX_USERS   5000

struct strbuf { char *buf; size_t len, alloc; };
#define STRBUF_INIT { NULL, 0, 0 }

static int strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n >= sb->alloc) {
		char *p = realloc(sb->buf, sb->len + n + 8192);
		if (!p)
			return -ENOMEM;
		sb->buf = p;
		sb->alloc = sb->len + n + 8192;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->buf[sb->len += n] = '\0';
	return 0;
}
#define strbuf_clear(sb) ((sb)->len = 0)

#define ADD_HEADER(l, ...) do {						\
	char b_[512]; struct curl_slist *t_;				\
	snprintf(b_, sizeof(b_), __VA_ARGS__);				\
	if (!(t_ = curl_slist_append((l), b_))) { ret = -ENOMEM; goto fail; } \
	(l) = t_;							\
} while (0)

#define BUILD_URL(u, ...) do {						\
	if ((size_t)snprintf((u), sizeof(u), __VA_ARGS__) >= sizeof(u)) { \
		ret = -ENAMETOOLONG; goto fail; }			\
} while (0)

struct export_opts {
	const char *since, *until, *outfile, *project_file;
	int tsv, upload;
};

struct tc_ctx {
	CURL *curl;
	int64_t company_id;
	char token[512];
	struct curl_slist *auth_hdrs;	/* bearer only */
	struct curl_slist *api_hdrs;	/* bearer + company */
	struct { int64_t id; char emp_no[24]; } users[MAX_USERS];
	int nr_users;
};

struct tc_row {
	int64_t id;
	int32_t user_id;
	char date[12];
	double hours;
};

struct exporter {
	const char *name;
	void (*header)(FILE *);
	void (*row)(FILE *, const struct tc_row *, const char *emp, int64_t project_id);
};

static void csv_header(FILE *f) { fputs("employee,project_id,date,hours\n", f); }
static void tsv_header(FILE *f) { fputs("employee\tproject_id\tdate\thours\n", f); }
static void csv_row(FILE *f, const struct tc_row *r, const char *emp, int64_t pid)
{
	fprintf(f, "%s,%" PRId64 ",%s,%.2f\n", emp, pid, r->date, r->hours);
}
static void tsv_row(FILE *f, const struct tc_row *r, const char *emp, int64_t pid)
{
	fprintf(f, "%s\t%" PRId64 "\t%s\t%.2f\n", emp, pid, r->date, r->hours);
}
static const struct exporter exporters[] = {
	{ "csv", csv_header, csv_row },
	{ "tsv", tsv_header, tsv_row },
};

static size_t gather(char *p, size_t s, size_t n, void *ud)
{
	return strbuf_add(ud, p, s * n) ? 0 : s * n;
}

static int get(struct tc_ctx *c, const char *url, struct curl_slist *h, struct strbuf *out)
{
	long code = 0;

	strbuf_clear(out);
	curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, gather);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, out);
	if (curl_easy_perform(c->curl) != CURLE_OK)
		return -EIO;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &code);
	return code == 200 ? 0 : (int)-code;
}

static const char *jv(const char *o, const char *k)
{
	char pat[48];
	const char *p;
	snprintf(pat, sizeof(pat), "\"%s\":", k);
	return (p = strstr(o, pat)) ? p + strlen(pat) + (p[strlen(pat)] == '"') : NULL;
}

static int setup_auth(struct tc_ctx *c)
{
	struct strbuf r = STRBUF_INIT;
	int ret = 0;

	snprintf(c->token, sizeof(c->token), "%s", getenv("PROCORE_ACCESS_TOKEN"));
	ADD_HEADER(c->auth_hdrs, "Authorization: Bearer %s", c->token);
	/* token/info is advisory; only a 401 makes us refresh */
	if (get(c, "https://api-monthly.procore.com/oauth/token/info", c->auth_hdrs, &r) == -401) {
		char body[1024];
		const char *t;

		snprintf(body, sizeof(body), "grant_type=refresh_token&refresh_token=%s"
			 "&client_id=%s&client_secret=%s", getenv("PROCORE_REFRESH_TOKEN"),
			 getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
		curl_easy_setopt(c->curl, CURLOPT_URL, LOGIN_URL "/oauth/token");
		curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		strbuf_clear(&r);
		if (curl_easy_perform(c->curl) != CURLE_OK || !(t = jv(r.buf, "access_token"))) {
			ret = -EACCES;
			goto fail;
		}
		snprintf(c->token, sizeof(c->token), "%.*s", (int)strcspn(t, "\""), t);
		curl_slist_free_all(c->auth_hdrs);
		c->auth_hdrs = NULL;
		ADD_HEADER(c->auth_hdrs, "Authorization: Bearer %s", c->token);
	}
	ADD_HEADER(c->api_hdrs, "Authorization: Bearer %s", c->token);
	ADD_HEADER(c->api_hdrs, "procore-company-id: %" PRId64, c->company_id);
fail:
	free(r.buf);
	return ret;
}

static int load_users(struct tc_ctx *c)
{
	struct strbuf r = STRBUF_INIT;
	char url[256];
	const char *p, *e;
	int page, n, ret = 0;

	for (page = 1; c->nr_users < MAX_USERS; page++) {
		BUILD_URL(url, API_URL "/rest/v1.0/companies/%" PRId64 "/users?page=%d&per_page=200",
			  c->company_id, page);
		if ((ret = get(c, url, c->auth_hdrs, &r)))
			goto fail;
		for (n = 0, p = r.buf; (p = strstr(p, "{\"id\":")) && c->nr_users < MAX_USERS; p++, n++) {
			c->users[c->nr_users].id = strtoll(p + 6, NULL, 10);
			e = jv(p, "employee_id");
			snprintf(c->users[c->nr_users++].emp_no, 24, "%.*s",
				 e ? (int)strcspn(e, "\",}") : 0, e ? e : "");
		}
		if (n < 200)
			break;
	}
fail:
	free(r.buf);
	return ret;
}

static const char *emp_for(const struct tc_ctx *c, int64_t user_id)
{
	int i;
	for (i = 0; i < c->nr_users; i++)
		if (c->users[i].id == user_id)
			return c->users[i].emp_no;
	return "UNMAPPED";
}

static int export_project(struct tc_ctx *c, const struct export_opts *o,
			  const struct exporter *x, int64_t project_id, FILE *out)
{
	struct strbuf r = STRBUF_INIT;
	struct tc_row row;
	char url[320];
	const char *p, *v;
	int ret;

	BUILD_URL(url, API_URL "/rest/v1.0/projects/%" PRId64
		  "/timecard_entries?start_date=%s&end_date=%s", project_id, o->since, o->until);
	if ((ret = get(c, url, c->api_hdrs, &r)))
		goto fail;
	for (p = r.buf; (p = strstr(p, "{\"id\":")); p++) {
		memset(&row, 0, sizeof(row));
		row.id = strtoll(p + 6, NULL, 10);
		if ((v = jv(p, "user_id")))
			row.user_id = (int32_t)strtoll(v, NULL, 10);
		if ((v = jv(p, "hours")))
			row.hours = strtod(v, NULL);
		if ((v = jv(p, "date")))
			snprintf(row.date, sizeof(row.date), "%.10s", v);
		x->row(out, &row, emp_for(c, row.user_id), project_id);
	}
fail:
	free(r.buf);
	return ret;
}

static int upload_file(const char *path)
{
	struct curl_slist *h = NULL;
	curl_mime *mime = NULL;
	CURL *u = curl_easy_init();
	int ret = -EIO;

	if (!u)
		return -ENOMEM;
	ADD_HEADER(h, "X-Api-Key: %s", getenv("PAYROLL_API_KEY"));
	mime = curl_mime_init(u);
	curl_mime_filedata(curl_mime_addpart(mime), path);
	curl_easy_setopt(u, CURLOPT_URL, PAYROLL_URL);
	curl_easy_setopt(u, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(u, CURLOPT_MIMEPOST, mime);
	if (curl_easy_perform(u) == CURLE_OK)
		ret = 0;
fail:
	curl_mime_free(mime);
	curl_slist_free_all(h);
	curl_easy_cleanup(u);
	return ret;
}

int main(int argc, char **argv)
{
	static struct tc_ctx c;
	struct export_opts o = { .outfile = "timecards.csv", .project_file = "projects.txt" };
	const struct exporter *x;
	FILE *plist = NULL, *out = NULL;
	char line[64];
	int project_id;
	int opt, ret = 1;

	while ((opt = getopt(argc, argv, "s:e:o:p:tu")) != -1)
		switch (opt) {
		case 's': o.since = optarg; break;
		case 'e': o.until = optarg; break;
		case 'o': o.outfile = optarg; break;
		case 'p': o.project_file = optarg; break;
		case 't': o.tsv = 1; break;
		case 'u': o.upload = 1; break;
		}
	if (!o.since || !o.until || !getenv("PROCORE_COMPANY_ID") || !getenv("PROCORE_ACCESS_TOKEN"))
		return 2;
	x = &exporters[o.tsv ? 1 : 0];
	c.company_id = strtoll(getenv("PROCORE_COMPANY_ID"), NULL, 10);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!(c.curl = curl_easy_init()) || setup_auth(&c) || load_users(&c))
		goto out;
	if (!(plist = fopen(o.project_file, "r")) || !(out = fopen(o.outfile, "w")))
		goto out;
	x->header(out);
	while (fgets(line, sizeof(line), plist))
		if (line[0] != '#' && sscanf(line, "%d", &project_id) == 1 &&
		    export_project(&c, &o, x, project_id, out))
			fprintf(stderr, "project %d: export failed\n", project_id);
	fclose(out);
	out = NULL;
	ret = o.upload ? (upload_file(o.outfile) ? 1 : 0) : 0;
out:
	if (out)
		fclose(out);
	if (plist)
		fclose(plist);
	curl_slist_free_all(c.auth_hdrs);
	curl_slist_free_all(c.api_hdrs);
	curl_easy_cleanup(c.curl);
	curl_global_cleanup();
	return ret;
}
