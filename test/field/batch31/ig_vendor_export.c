/*
 * vendor_export -- dump the company vendor directory, with insurance
 * expiry dates, as CSV for the accounting import job.
 *
 * Runs from cron under a Developer Managed Service Account (client
 * credentials grant), so there is no user and no refresh token.
 *
 * /etc/procore/vendor_export.ini:
 *   login_url     = https://login-sandbox-monthly.procore.com
 *   api_url       = https://api-monthly.procore.com
 *   client_id     = ...
 *   client_secret = ...
 *   company_name  = Acme Builders     ; used when company_id is blank
 *   company_id    =
 *
 * cc -std=c99 -D_POSIX_C_SOURCE=200809L -o vendor_export vendor_export.c -lcurl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdarg.h>
#include <curl/curl.h>

static const char DEFAULT_INI[]       = "/etc/procore/vendor_export.ini";
static const char DEFAULT_LOGIN_URL[] = "https://login-sandbox-monthly.procore.com";
static const char DEFAULT_API_URL[]   = "https://api-monthly.procore.com";

/* path templates, :name is replaced by subst() */
#define TOKEN_PATH      "/oauth/token"
#define COMPANIES_PATH  "/rest/v1.0/companies"
#define VENDORS_PATH    "/rest/v1.0/vendors?company_id=:company_id&page=:page&per_page=:per_page"
#define INSURANCE_PATH  "/rest/v1.0/vendors/:vendor_id/insurances?company_id=:company_id"

struct settings {
	char login_url[200];
	char api_url[200];
	char client_id[100];
	char client_secret[100];
	char company_name[120];
	char company_id[24];
};

struct reply {
	char  *body;
	size_t size;
	long   code;
};

static size_t
collect(char *ptr, size_t sz, size_t nm, void *arg)
{
	struct reply *r = arg;
	size_t n = sz * nm;
	char *nb = realloc(r->body, r->size + n + 1);

	if (nb == NULL)
		return 0;
	memcpy(nb + r->size, ptr, n);
	r->body = nb;
	r->size += n;
	r->body[r->size] = 0;
	return n;
}

static void
load_settings(const char *file, struct settings *s)
{
	char ln[512], *k, *v, *e;
	FILE *f;

	memset(s, 0, sizeof(*s));
	strncpy(s->login_url, DEFAULT_LOGIN_URL, sizeof(s->login_url) - 1);
	strncpy(s->api_url, DEFAULT_API_URL, sizeof(s->api_url) - 1);
	if ((f = fopen(file, "r")) == NULL)
		return;
	while (fgets(ln, sizeof(ln), f) != NULL) {
		if ((e = strchr(ln, ';')) != NULL)
			*e = 0;
		if ((v = strchr(ln, '=')) == NULL)
			continue;
		*v++ = 0;
		for (k = ln; isspace((unsigned char)*k); k++) ;
		for (e = k + strlen(k); e > k && isspace((unsigned char)e[-1]); ) *--e = 0;
		while (isspace((unsigned char)*v)) v++;
		for (e = v + strlen(v); e > v && isspace((unsigned char)e[-1]); ) *--e = 0;
		if (!strcmp(k, "login_url"))          strncpy(s->login_url, v, sizeof(s->login_url) - 1);
		else if (!strcmp(k, "api_url"))       strncpy(s->api_url, v, sizeof(s->api_url) - 1);
		else if (!strcmp(k, "client_id"))     strncpy(s->client_id, v, sizeof(s->client_id) - 1);
		else if (!strcmp(k, "client_secret")) strncpy(s->client_secret, v, sizeof(s->client_secret) - 1);
		else if (!strcmp(k, "company_name"))  strncpy(s->company_name, v, sizeof(s->company_name) - 1);
		else if (!strcmp(k, "company_id"))    strncpy(s->company_id, v, sizeof(s->company_id) - 1);
	}
	fclose(f);
}

/*
 * subst(dst, n, base, tmpl, "name", "value", ..., NULL)
 * writes base followed by tmpl with every :name replaced.
 */
static char *
subst(char *dst, size_t n, const char *base, const char *tmpl, ...)
{
	const char *t, *names[8], *vals[8];
	size_t o, nv = 0, i, len;
	va_list ap;

	va_start(ap, tmpl);
	while (nv < 8 && (names[nv] = va_arg(ap, const char *)) != NULL) {
		vals[nv] = va_arg(ap, const char *);
		nv++;
	}
	va_end(ap);

	o = (size_t)snprintf(dst, n, "%s", base);
	for (t = tmpl; *t && o + 1 < n; ) {
		if (*t == ':' && (islower((unsigned char)t[1]) || t[1] == '_')) {
			for (len = 1; islower((unsigned char)t[len]) || t[len] == '_'; len++) ;
			for (i = 0; i < nv; i++) {
				if (strlen(names[i]) == len - 1 && !strncmp(names[i], t + 1, len - 1)) {
					o += (size_t)snprintf(dst + o, n - o, "%s", vals[i]);
					break;
				}
			}
			t += len;
			continue;
		}
		dst[o++] = *t++;
	}
	dst[o < n ? o : n - 1] = 0;
	return dst;
}

static int
http_do(const char *method, const char *url, const char *body,
	const char *const *hdrs, struct reply *r)
{
	CURL *c = curl_easy_init();
	struct curl_slist *sl = NULL;
	CURLcode rc;

	if (c == NULL)
		return -1;
	while (hdrs && *hdrs)
		sl = curl_slist_append(sl, *hdrs++);
	r->size = 0;
	r->code = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, sl);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vendor_export/1.3");
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->code);
	curl_slist_free_all(sl);
	curl_easy_cleanup(c);
	return rc == CURLE_OK && r->code / 100 == 2 ? 0 : -1;
}

static void
csv_field(const char *js, const char *key, FILE *out)
{
	const char *p = strstr(js, key);

	putc('"', out);
	if (p != NULL && (p = strchr(p + strlen(key), '"')) != NULL)
		for (p++; *p && *p != '"'; p++)
			putc(*p, out);
	putc('"', out);
}

int
main(int argc, char *argv[])
{
	struct settings s;
	struct reply r = { NULL, 0, 0 };
	char url[1024], form[512], tok[256], bearer[300], cohdr[64];
	char cid[24], vid[24], pg[12];
	const char *p;
	char *end;
	long long company_id = 0;
	int page, per_page = 100, n, total = 0;

	load_settings(argc > 1 ? argv[1] : DEFAULT_INI, &s);
	curl_global_init(CURL_GLOBAL_ALL);

	/* client credentials grant */
	{
		const char *h[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
		snprintf(form, sizeof(form), "grant_type=client_credentials&client_id=%s&client_secret=%s",
			 s.client_id, s.client_secret);
		subst(url, sizeof(url), s.login_url, TOKEN_PATH, NULL);
		if (http_do("POST", url, form, h, &r) != 0 || (p = strstr(r.body, "\"access_token\":\"")) == NULL) {
			fprintf(stderr, "vendor_export: token request failed (%ld)\n", r.code);
			return 1;
		}
		sscanf(p + 16, "%255[^\"]", tok);
		snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s", tok);
	}

	if (s.company_id[0] != 0) {
		company_id = strtoll(s.company_id, NULL, 10);
	} else {
		const char *h[] = { bearer, "Accept: application/json", NULL };
		subst(url, sizeof(url), s.api_url, COMPANIES_PATH, NULL);
		if (http_do("GET", url, NULL, h, &r) != 0) {
			fprintf(stderr, "vendor_export: cannot list companies (%ld)\n", r.code);
			return 1;
		}
		for (p = r.body; (p = strstr(p, "{\"id\":")) != NULL; p = end) {
			long long id = strtoll(p + 6, &end, 10);
			if (strncmp(end, ",\"name\":\"", 9) == 0 &&
			    strncmp(end + 9, s.company_name, strlen(s.company_name)) == 0) {
				company_id = id;
				break;
			}
		}
	}
	if (company_id == 0) {
		fprintf(stderr, "vendor_export: no company id\n");
		return 1;
	}
	snprintf(cid, sizeof(cid), "%lld", company_id);
	snprintf(cohdr, sizeof(cohdr), "Procore-Company-Id: %lld", company_id);

	printf("vendor_id,name,trade,insurance_type,expires\n");
	for (page = 1; ; page++) {
		const char *h[] = { bearer, cohdr, "Accept: application/json", NULL };
		char *vendors;

		snprintf(pg, sizeof(pg), "%d", page);
		snprintf(vid, sizeof(vid), "%d", per_page);
		subst(url, sizeof(url), s.api_url, VENDORS_PATH,
		      "company_id", cid, "page", pg, "per_page", vid, NULL);
		if (http_do("GET", url, NULL, h, &r) != 0)
			break;
		vendors = strdup(r.body);
		for (n = 0, p = vendors; (p = strstr(p, "{\"id\":")) != NULL; p = end, n++) {
			unsigned long vendor_id = strtoul(p + 6, &end, 10);
			char name[200] = "", trade[100] = "";

			sscanf(end, ",\"name\":\"%199[^\"]", name);
			if ((p = strstr(end, "\"trade_name\":\"")) != NULL)
				sscanf(p + 14, "%99[^\"]", trade);
			snprintf(vid, sizeof(vid), "%lu", vendor_id);
			subst(url, sizeof(url), s.api_url, INSURANCE_PATH,
			      "vendor_id", vid, "company_id", cid, NULL);
			if (http_do("GET", url, NULL, h, &r) != 0 || strstr(r.body, "\"insurance_type\"") == NULL) {
				printf("%lu,\"%s\",\"%s\",,\n", vendor_id, name, trade);
				continue;
			}
			printf("%lu,\"%s\",\"%s\",", vendor_id, name, trade);
			csv_field(r.body, "\"insurance_type\":", stdout);
			putchar(',');
			csv_field(r.body, "\"expiration_date\":", stdout);
			putchar('\n');
		}
		free(vendors);
		total += n;
		if (n < per_page)
			break;
	}

	fprintf(stderr, "vendor_export: %d vendors for company %lld\n", total, company_id);
	free(r.body);
	curl_global_cleanup();
	return 0;
}
