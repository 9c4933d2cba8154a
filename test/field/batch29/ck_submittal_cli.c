/*
 * pcq - poke at project data in the Procore developer sandbox.
 *   pcq login CODE              exchange an auth code (OOB redirect)
 *   pcq logout                  revoke the stored token
 *   pcq me | companies
 *   pcq RESOURCE list
 *   pcq RESOURCE show ID        RESOURCE: submittals rfis observations
 * Env: PCQ_CLIENT_ID, PCQ_CLIENT_SECRET, PCQ_COMPANY, PCQ_PROJECT
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define LOGIN_HOST "https://login-sandbox.procore.com"
#define API_HOST   "https://sandbox.procore.com"
#define TOKEN_FILE ".pcq_token"

struct strbuf { char *buf; size_t len, alloc; };
#define STRBUF_INIT { NULL, 0, 0 }

static int strbuf_add(struct strbuf *sb, const char *d, size_t n)
{
	char *p;
	if (sb->alloc < sb->len + n + 1) {
		if (!(p = realloc(sb->buf, sb->len + n + 1025)))
			return -ENOMEM;
		sb->buf = p, sb->alloc = sb->len + n + 1025;
	}
	memcpy(sb->buf + sb->len, d, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

#define ADD_HEADER(l, ...) do {						\
	char hh_[512]; struct curl_slist *nn_;				\
	snprintf(hh_, sizeof(hh_), __VA_ARGS__);			\
	if (!(nn_ = curl_slist_append((l), hh_))) { ret = -ENOMEM; goto fail; } \
	(l) = nn_;							\
} while (0)

#define BUILD_URL(u, ...) do {						\
	if ((size_t)snprintf((u), sizeof(u), __VA_ARGS__) >= sizeof(u)) { \
		ret = -ENAMETOOLONG; goto fail; }			\
} while (0)

struct cli_ctx {
	CURL *curl;
	int64_t company_id, project_id;
	char token[512];
};

struct resource_ops {
	const char *name;
	const char *path;
	const char *list_url;	/* printf format, takes the project id */
	int (*list)(struct cli_ctx *, const struct resource_ops *);
	int (*show)(struct cli_ctx *, const struct resource_ops *, int64_t id);
	void (*print_row)(const char *obj);
};

static size_t grab(char *p, size_t s, size_t n, void *ud)
{
	return strbuf_add(ud, p, s * n) ? 0 : s * n;
}

static const char *jat(const char *o, const char *key)
{
	char pat[64];
	const char *p;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	return (p = strstr(o, pat)) ? p + strlen(pat) : NULL;
}

static int json_int(const char *o, const char *key)
{
	const char *p = jat(o, key);
	return p ? atoi(p) : 0;
}

static void json_str(const char *o, const char *key, char *out, size_t n)
{
	const char *p = jat(o, key);
	size_t i = 0;
	if (p && *p == '"')
		while (*++p && *p != '"' && i + 1 < n)
			out[i++] = *p;
	out[i] = '\0';
}

static int perform(struct cli_ctx *c, const char *url, struct curl_slist *h,
		   const char *post, struct strbuf *out)
{
	long st = 0;
	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	if (post)
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, post);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, grab);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, out);
	if (curl_easy_perform(c->curl))
		return -EIO;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &st);
	return st < 300 ? 0 : -EPROTO;
}

static int do_get(struct cli_ctx *c, const char *url, int company, struct strbuf *out)
{
	struct curl_slist *h = NULL;
	int ret;

	ADD_HEADER(h, "Authorization: Bearer %s", c->token);
	if (company)
		ADD_HEADER(h, "Procore-Company-Id: %" PRId64, c->company_id);
	ret = perform(c, url, h, NULL, out);
fail:
	curl_slist_free_all(h);
	return ret;
}

static void print_each(const struct resource_ops *ops, const char *p)
{
	for (; p && (p = strstr(p, "{\"id\":")); p++)
		ops->print_row(p);
}

static int generic_list(struct cli_ctx *c, const struct resource_ops *ops)
{
	struct strbuf r = STRBUF_INIT;
	char url[256];
	int ret;

	BUILD_URL(url, ops->list_url, c->project_id);
	if (!(ret = do_get(c, url, 1, &r)))
		print_each(ops, r.buf);
fail:
	free(r.buf);
	return ret;
}

static int generic_show(struct cli_ctx *c, const struct resource_ops *ops, int64_t id)
{
	struct strbuf r = STRBUF_INIT;
	char url[256];
	int ret;

	BUILD_URL(url, API_HOST "/rest/v1.0/projects/%" PRId64 "/%s/%" PRId64,
		  c->project_id, ops->path, id);
	if (!(ret = do_get(c, url, 1, &r)))
		puts(r.buf);
fail:
	free(r.buf);
	return ret;
}

static int observation_show(struct cli_ctx *c, const struct resource_ops *ops, int64_t id)
{
	struct curl_slist *h = NULL;
	struct strbuf r = STRBUF_INIT;
	char url[256];
	int ret;

	BUILD_URL(url, API_HOST "/rest/v1.0/%s/%" PRId64 "?project_id=%" PRId64,
		  ops->path, id, c->project_id);
	ADD_HEADER(h, "Authorization: Bearer %s", c->token);
	ADD_HEADER(h, "X-Procore-Company-Id: %" PRId64, c->company_id);
	if (!(ret = perform(c, url, h, NULL, &r)))
		puts(r.buf);
fail:
	curl_slist_free_all(h);
	free(r.buf);
	return ret;
}

static void row_submittal(const char *o)
{
	char title[80];
	int64_t id = strtoll(o + 6, NULL, 10);
	int rev = json_int(o, "revision");
	int contractor = json_int(o, "responsible_contractor_id");

	json_str(o, "title", title, sizeof(title));
	printf("%-12" PRId64 " r%-3d %-50s vendor=%d\n", id, rev, title, contractor);
}

static void row_titled(const char *o)
{
	char title[80], status[24];
	json_str(o, "title", title, sizeof(title));
	json_str(o, "status", status, sizeof(status));
	printf("%-12lld %-10s %s\n", strtoll(o + 6, NULL, 10), status, title);
}

#define PROJ_URL(res)  API_HOST "/rest/v1.0/projects/%" PRId64 "/" res
#define QUERY_URL(res) API_HOST "/rest/v1.0/" res "?project_id=%" PRId64

static const struct resource_ops resources[] = {
	{ "submittals", "submittals", PROJ_URL("submittals"),
	  generic_list, generic_show, row_submittal },
	{ "rfis", "rfis", PROJ_URL("rfis"),
	  generic_list, generic_show, row_titled },
	{ "observations", "observations/items", QUERY_URL("observations/items"),
	  generic_list, observation_show, row_titled },
};

static int cmd_login(struct cli_ctx *c, const char *code)
{
	struct strbuf r = STRBUF_INIT;
	char body[1024];
	FILE *f;
	int ret;

	snprintf(body, sizeof(body), "grant_type=authorization_code&code=%s&client_id=%s"
		 "&client_secret=%s&redirect_uri=urn:ietf:wg:oauth:2.0:oob",
		 code, getenv("PCQ_CLIENT_ID"), getenv("PCQ_CLIENT_SECRET"));
	if ((ret = perform(c, LOGIN_HOST "/oauth/token", NULL, body, &r)))
		goto out;
	json_str(r.buf, "access_token", c->token, sizeof(c->token));
	if (!(f = fopen(TOKEN_FILE, "w")))
		ret = -errno;
	else
		fprintf(f, "%s\n", c->token), fclose(f);
out:
	free(r.buf);
	return ret;
}

static int cmd_logout(struct cli_ctx *c)
{
	struct strbuf r = STRBUF_INIT;
	char body[1024];
	int ret;

	snprintf(body, sizeof(body), "token=%s&client_id=%s&client_secret=%s", c->token,
		 getenv("PCQ_CLIENT_ID"), getenv("PCQ_CLIENT_SECRET"));
	ret = perform(c, "https://sandbox.procore.com/oauth/revoke", NULL, body, &r);
	if (!ret)
		remove(TOKEN_FILE);
	free(r.buf);
	return ret;
}

int main(int argc, char **argv)
{
	struct cli_ctx c = { 0 };
	struct strbuf r = STRBUF_INIT;
	FILE *f;
	size_t i;
	int ret = -EINVAL;

	if (argc < 2) {
		fprintf(stderr, "usage: pcq login CODE | logout | me | companies | RESOURCE list|show ID\n");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	c.curl = curl_easy_init();
	c.company_id = getenv("PCQ_COMPANY") ? strtoll(getenv("PCQ_COMPANY"), NULL, 10) : 0;
	c.project_id = getenv("PCQ_PROJECT") ? strtoll(getenv("PCQ_PROJECT"), NULL, 10) : 0;
	if (!strcmp(argv[1], "login") && argc == 3) {
		ret = cmd_login(&c, argv[2]);
		goto out;
	}
	if ((f = fopen(TOKEN_FILE, "r")) && fgets(c.token, sizeof(c.token), f))
		c.token[strcspn(c.token, "\n")] = '\0';
	if (f)
		fclose(f);
	if (!strcmp(argv[1], "logout"))
		ret = cmd_logout(&c);
	else if (!strcmp(argv[1], "me") || !strcmp(argv[1], "companies")) {
		char url[128];
		snprintf(url, sizeof(url), API_HOST "/rest/v1.0/%s", argv[1]);
		if (!(ret = do_get(&c, url, 0, &r)))
			puts(r.buf);
	} else {
		for (i = 0; i < sizeof(resources) / sizeof(resources[0]); i++) {
			const struct resource_ops *ops = &resources[i];
			if (strcmp(ops->name, argv[1]) || argc < 3)
				continue;
			if (!strcmp(argv[2], "list"))
				ret = ops->list(&c, ops);
			else if (!strcmp(argv[2], "show") && argc == 4) {
				int id = (int)strtol(argv[3], NULL, 10);
				ret = ops->show(&c, ops, id);
			}
			break;
		}
	}
out:
	free(r.buf);
	curl_easy_cleanup(c.curl);
	curl_global_cleanup();
	if (ret)
		fprintf(stderr, "pcq: %s failed (%d)\n", argv[1], ret);
	return ret ? 1 : 0;
}
