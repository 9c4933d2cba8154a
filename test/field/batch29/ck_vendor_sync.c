/*
 * vendor-sync: cron job (every 30 min) that pushes the ERP vendor export
 * (vendors.csv: origin_id,name,email) into the Procore company directory.
 * Runs as a Developer Managed Service Account (client_credentials).
 *
 * Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID,
 *      SYNC_SLACK_WEBHOOK (optional)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define TOKEN_URL "https://api.procore.com/oauth/token"
#define API_URL   "https://api.procore.com/rest/v1.0"
#define MAX_VENDORS 4096

struct strbuf { char *buf; size_t len, alloc; };
#define STRBUF_INIT { NULL, 0, 0 }

static int strbuf_add(struct strbuf *sb, const char *data, size_t n)
{
	if (sb->len + n + 1 > sb->alloc) {
		size_t a = sb->alloc ? sb->alloc : 4096;
		char *p;
		while (a < sb->len + n + 1)
			a *= 2;
		if (!(p = realloc(sb->buf, a)))
			return -ENOMEM;
		sb->buf = p;
		sb->alloc = a;
	}
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = 0;
	return 0;
}
#define strbuf_reset(sb) do { (sb)->len = 0; if ((sb)->buf) (sb)->buf[0] = 0; } while (0)

#define ADD_HEADER(l, ...) do {						\
	char hb_[512]; struct curl_slist *n_;				\
	snprintf(hb_, sizeof(hb_), __VA_ARGS__);			\
	if (!(n_ = curl_slist_append((l), hb_))) { ret = -ENOMEM; goto fail; } \
	(l) = n_;							\
} while (0)

#define BUILD_URL(u, ...) do {						\
	if ((size_t)snprintf(u, sizeof(u), __VA_ARGS__) >= sizeof(u)) {	\
		ret = -E2BIG; goto fail; }				\
} while (0)

struct vendor {
	long id;
	char origin_id[64];
	char name[128];
};

struct sync_ctx {
	CURL *curl;
	int64_t company_id;
	char token[512];
	struct vendor vendors[MAX_VENDORS];
	int nr_vendors;
	int created, updated, skipped;
};

static size_t sink(char *p, size_t s, size_t n, void *ud)
{
	return strbuf_add(ud, p, s * n) ? 0 : s * n;
}

static const char *jfind(const char *js, const char *key)
{
	char pat[64];
	const char *p;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	return (p = strstr(js, pat)) ? p + strlen(pat) : NULL;
}

static void jcopy(const char *js, const char *key, char *dst, size_t n)
{
	const char *p = jfind(js, key);
	size_t i = 0;
	if (p && *p == '"')
		for (p++; *p && *p != '"' && i + 1 < n; )
			dst[i++] = *p++;
	dst[i] = 0;
}

static int send_req(struct sync_ctx *c, const char *method, const char *url,
		    struct curl_slist *h, const char *body, struct strbuf *out)
{
	long status = 0;

	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	if (body)
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, out);
	if (curl_easy_perform(c->curl) != CURLE_OK)
		return -EIO;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	return (status / 100 == 2) ? 0 : -EPROTO;
}

static int fetch_token(struct sync_ctx *c)
{
	struct strbuf r = STRBUF_INIT;
	char body[768];
	int ret;

	snprintf(body, sizeof(body),
		 "grant_type=client_credentials&client_id=%s&client_secret=%s",
		 getenv("PROCORE_CLIENT_ID"), getenv("PROCORE_CLIENT_SECRET"));
	ret = send_req(c, "POST", TOKEN_URL, NULL, body, &r);
	if (!ret)
		jcopy(r.buf, "access_token", c->token, sizeof(c->token));
	free(r.buf);
	return ret ? ret : (c->token[0] ? 0 : -EACCES);
}

/* every Procore REST call: bearer, JSON and the company header */
static int api_call(struct sync_ctx *c, const char *method, const char *url,
		    const char *body, struct strbuf *out)
{
	struct curl_slist *h = NULL;
	int ret;

	ADD_HEADER(h, "Authorization: Bearer %s", c->token);
	ADD_HEADER(h, "Content-Type: application/json");
	ADD_HEADER(h, "Procore-Company-Id: %" PRId64, c->company_id);
	ret = send_req(c, method, url, h, body, out);
fail:
	curl_slist_free_all(h);
	return ret;
}

static int check_company_access(struct sync_ctx *c)
{
	struct curl_slist *h = NULL;
	struct strbuf r = STRBUF_INIT;
	char needle[40];
	int ret;

	ADD_HEADER(h, "Authorization: Bearer %s", c->token);
	ret = send_req(c, "GET", API_URL "/companies", h, NULL, &r);
	if (ret)
		goto fail;
	snprintf(needle, sizeof(needle), "\"id\":%" PRId64 ",", c->company_id);
	if (!strstr(r.buf, needle))
		ret = -EPERM;
fail:
	curl_slist_free_all(h);
	free(r.buf);
	return ret;
}

static int load_vendors(struct sync_ctx *c)
{
	struct strbuf r = STRBUF_INIT;
	char url[256];
	const char *p;
	int page, ret = 0, got;

	for (page = 1; ; page++) {
		BUILD_URL(url, API_URL "/vendors?company_id=%" PRId64 "&page=%d&per_page=100",
			  c->company_id, page);
		strbuf_reset(&r);
		if ((ret = api_call(c, "GET", url, NULL, &r)))
			goto fail;
		for (got = 0, p = r.buf; (p = strstr(p, "{\"id\":")); p++, got++) {
			struct vendor *v = &c->vendors[c->nr_vendors];
			if (c->nr_vendors == MAX_VENDORS)
				break;
			v->id = strtoll(p + 6, NULL, 10);
			jcopy(p, "origin_id", v->origin_id, sizeof(v->origin_id));
			jcopy(p, "name", v->name, sizeof(v->name));
			c->nr_vendors++;
		}
		if (got < 100)
			break;
	}
fail:
	free(r.buf);
	return ret;
}

typedef int (*vendor_action_fn)(struct sync_ctx *, struct vendor *, const char *, const char *);

static int vendor_create(struct sync_ctx *c, struct vendor *v, const char *name, const char *email)
{
	struct strbuf r = STRBUF_INIT;
	char url[192], body[512];
	int ret;

	BUILD_URL(url, API_URL "/vendors?company_id=%" PRId64, c->company_id);
	snprintf(body, sizeof(body),
		 "{\"vendor\":{\"name\":\"%s\",\"email_address\":\"%s\",\"origin_id\":\"%s\"}}",
		 name, email, v->origin_id);
	if (!(ret = api_call(c, "POST", url, body, &r))) {
		int new_id = atoi(jfind(r.buf, "id"));
		fprintf(stderr, "created vendor %d (%s)\n", new_id, name);
		c->created++;
	}
fail:
	free(r.buf);
	return ret;
}

static int vendor_update(struct sync_ctx *c, struct vendor *v, const char *name, const char *email)
{
	struct strbuf r = STRBUF_INIT;
	char url[192], body[512];
	int ret;

	BUILD_URL(url, API_URL "/vendors/%ld?company_id=%" PRId64, v->id, c->company_id);
	snprintf(body, sizeof(body), "{\"vendor\":{\"name\":\"%s\",\"email_address\":\"%s\"}}",
		 name, email);
	if (!(ret = api_call(c, "PATCH", url, body, &r)))
		c->updated++;
fail:
	free(r.buf);
	return ret;
}

static int vendor_skip(struct sync_ctx *c, struct vendor *v, const char *n, const char *e)
{
	(void)v; (void)n; (void)e;
	c->skipped++;
	return 0;
}

static const vendor_action_fn actions[] = { vendor_create, vendor_update, vendor_skip };

static int post_summary(const struct sync_ctx *c)
{
	const char *hook = getenv("SYNC_SLACK_WEBHOOK");
	CURL *s;
	char msg[256];
	int ret = 0;

	if (!hook)
		return 0;
	if (!(s = curl_easy_init()))
		return -ENOMEM;
	snprintf(msg, sizeof(msg), "{\"text\":\"vendor-sync: %d created, %d updated, %d unchanged\"}",
		 c->created, c->updated, c->skipped);
	curl_easy_setopt(s, CURLOPT_URL, hook);
	curl_easy_setopt(s, CURLOPT_POSTFIELDS, msg);
	if (curl_easy_perform(s) != CURLE_OK)
		ret = -EIO;
	curl_easy_cleanup(s);
	return ret;
}

int main(int argc, char **argv)
{
	static struct sync_ctx c;
	char line[512], *origin, *name, *email;
	FILE *csv = fopen(argc > 1 ? argv[1] : "vendors.csv", "r");
	int i, act, ret = 1;

	if (!csv || !getenv("PROCORE_COMPANY_ID"))
		return 2;
	c.company_id = strtoll(getenv("PROCORE_COMPANY_ID"), NULL, 10);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!(c.curl = curl_easy_init()) || fetch_token(&c) || check_company_access(&c) ||
	    load_vendors(&c))
		goto out;
	while (fgets(line, sizeof(line), csv)) {
		struct vendor *match = NULL, fresh = { 0 };
		origin = strtok(line, ",");
		name = strtok(NULL, ",");
		email = strtok(NULL, ",\r\n");
		if (!origin || !name)
			continue;
		for (i = 0; i < c.nr_vendors && !match; i++)
			if (!strcmp(c.vendors[i].origin_id, origin))
				match = &c.vendors[i];
		act = !match ? 0 : (strcmp(match->name, name) ? 1 : 2);
		snprintf(fresh.origin_id, sizeof(fresh.origin_id), "%s", origin);
		actions[act](&c, match ? match : &fresh, name, email ? email : "");
	}
	post_summary(&c);
	ret = 0;
out:
	fclose(csv);
	curl_easy_cleanup(c.curl);
	curl_global_cleanup();
	return ret;
}
