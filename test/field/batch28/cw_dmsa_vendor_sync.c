/*
 * cw_dmsa_vendor_sync.c - nightly vendor directory export for the ERP bridge
 *
 * Authenticates as a Developer Managed Service Account (client credentials),
 * pulls the company vendor directory page by page through the multi
 * interface, writes a CSV for the ERP importer and stamps the ERP code back
 * into Procore as the vendor's origin_id.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#define TOKEN_URL    "https://login.procore.com/oauth/token"
#define API_FALLBACK "https://app.procore.com"
#define MAX_PAGES    200

#define XSETOPT(h, o, v) do { \
		CURLcode e_ = curl_easy_setopt((h), (o), (v)); \
		if (e_) { syslog(LOG_ERR, #o ": %s", curl_easy_strerror(e_)); goto cleanup; } \
	} while (0)
#define ENSURE(c) do { if (!(c)) { syslog(LOG_ERR, "%s:%d: %s", __FILE__, __LINE__, #c); goto cleanup; } } while (0)

struct buf { char *p; size_t n; };

struct dmsa_cfg {
	char client_id[128];
	char client_secret[128];
	char api_base[128];
	char csv_path[256];
	char erp_map[256];
	int64_t company_id;
};

struct page_req {
	CURL *easy;
	struct curl_slist *hdrs;
	struct buf body;
	int page;
};

static char bearer[320];
static int total_vendors;

static size_t on_body(char *d, size_t s, size_t n, void *u)
{
	struct buf *b = u;
	char *np = realloc(b->p, b->n + s * n + 1);

	if (!np)
		return 0;
	memcpy(np + b->n, d, s * n);
	b->p = np;
	b->n += s * n;
	np[b->n] = '\0';
	return s * n;
}

static size_t on_header(char *d, size_t s, size_t n, void *u)
{
	(void)u;
	if (!strncasecmp(d, "Total:", 6))
		total_vendors = (int)strtol(d + 6, NULL, 10);
	return s * n;
}

static int read_cfg(const char *path, struct dmsa_cfg *c)
{
	char ln[512], k[64], v[256];
	FILE *fp = fopen(path, "r");

	if (!fp)
		return -1;
	while (fgets(ln, sizeof(ln), fp)) {
		if (sscanf(ln, " %63[a-z_] = %255s", k, v) != 2)
			continue;
		if (!strcmp(k, "client_id"))          strncpy(c->client_id, v, sizeof(c->client_id) - 1);
		else if (!strcmp(k, "client_secret")) strncpy(c->client_secret, v, sizeof(c->client_secret) - 1);
		else if (!strcmp(k, "api_base"))      strncpy(c->api_base, v, sizeof(c->api_base) - 1);
		else if (!strcmp(k, "csv_path"))      strncpy(c->csv_path, v, sizeof(c->csv_path) - 1);
		else if (!strcmp(k, "erp_map"))       strncpy(c->erp_map, v, sizeof(c->erp_map) - 1);
		else if (!strcmp(k, "company_id"))    c->company_id = strtoll(v, NULL, 10);
	}
	fclose(fp);
	if (!c->api_base[0])
		strcpy(c->api_base, API_FALLBACK);
	return 0;
}

static int fetch_token(const struct dmsa_cfg *c)
{
	CURL *h = curl_easy_init();
	struct buf b = { 0 };
	char form[512], *tok, *end;
	int rc = -1;

	ENSURE(h);
	snprintf(form, sizeof(form), "grant_type=client_credentials&client_id=%s&client_secret=%s",
		 c->client_id, c->client_secret);
	XSETOPT(h, CURLOPT_URL, TOKEN_URL);
	XSETOPT(h, CURLOPT_POSTFIELDS, form);
	XSETOPT(h, CURLOPT_WRITEFUNCTION, on_body);
	XSETOPT(h, CURLOPT_WRITEDATA, &b);
	ENSURE(curl_easy_perform(h) == CURLE_OK);
	ENSURE(b.p && (tok = strstr(b.p, "\"access_token\":\"")));
	tok += 16;
	ENSURE((end = strchr(tok, '"')));
	snprintf(bearer, sizeof(bearer), "Authorization: Bearer %.*s", (int)(end - tok), tok);
	rc = 0;
cleanup:
	free(b.p);
	curl_easy_cleanup(h);
	return rc;
}

/* a DMSA only sees the companies it was installed in; fail early if ours is missing */
static int company_visible(const struct dmsa_cfg *c)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hl = NULL;
	struct buf b = { 0 };
	char url[256], needle[48];
	int rc = -1;

	ENSURE(h);
	snprintf(url, sizeof(url), "%s/rest/v1.0/companies", c->api_base);
	hl = curl_slist_append(hl, bearer);
	XSETOPT(h, CURLOPT_URL, url);
	XSETOPT(h, CURLOPT_HTTPHEADER, hl);
	XSETOPT(h, CURLOPT_WRITEFUNCTION, on_body);
	XSETOPT(h, CURLOPT_WRITEDATA, &b);
	ENSURE(curl_easy_perform(h) == CURLE_OK);
	snprintf(needle, sizeof(needle), "\"id\":%" PRId64 ",", c->company_id);
	rc = (b.p && strstr(b.p, needle)) ? 0 : -1;
cleanup:
	curl_slist_free_all(hl);
	free(b.p);
	curl_easy_cleanup(h);
	return rc;
}

static void page_free(struct page_req *r)
{
	curl_slist_free_all(r->hdrs);
	curl_easy_cleanup(r->easy);
	free(r->body.p);
	free(r);
}

static struct page_req *page_new(const struct dmsa_cfg *c, int page)
{
	struct page_req *r = calloc(1, sizeof(*r));
	char url[320], hdr[64];

	ENSURE(r && (r->easy = curl_easy_init()));
	r->page = page;
	snprintf(url, sizeof(url), "%s/rest/v1.0/companies/%" PRId64 "/vendors?page=%d&per_page=100",
		 c->api_base, c->company_id, page);
	snprintf(hdr, sizeof(hdr), "Procore-Company-Id: %" PRId64, c->company_id);
	r->hdrs = curl_slist_append(r->hdrs, bearer);
	r->hdrs = curl_slist_append(r->hdrs, hdr);
	XSETOPT(r->easy, CURLOPT_URL, url);
	XSETOPT(r->easy, CURLOPT_HTTPHEADER, r->hdrs);
	XSETOPT(r->easy, CURLOPT_WRITEFUNCTION, on_body);
	XSETOPT(r->easy, CURLOPT_WRITEDATA, &r->body);
	XSETOPT(r->easy, CURLOPT_PRIVATE, r);
	if (page == 1)
		XSETOPT(r->easy, CURLOPT_HEADERFUNCTION, on_header);
	return r;
cleanup:
	if (r)
		page_free(r);
	return NULL;
}

static void set_origin_id(const struct dmsa_cfg *c, int64_t vendor_id, const char *erp_code)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hl = NULL;
	char url[320], body[160];

	ENSURE(h);
	/* company_id goes in the query string for the vendor endpoints */
	snprintf(url, sizeof(url), "%s/rest/v1.0/vendors/%" PRId64 "?company_id=%" PRId64,
		 c->api_base, vendor_id, c->company_id);
	snprintf(body, sizeof(body), "{\"vendor\":{\"origin_id\":\"%s\"}}", erp_code);
	hl = curl_slist_append(hl, bearer);
	hl = curl_slist_append(hl, "Content-Type: application/json");
	XSETOPT(h, CURLOPT_URL, url);
	XSETOPT(h, CURLOPT_CUSTOMREQUEST, "PATCH");
	XSETOPT(h, CURLOPT_HTTPHEADER, hl);
	XSETOPT(h, CURLOPT_POSTFIELDS, body);
	if (curl_easy_perform(h) != CURLE_OK)
		syslog(LOG_WARNING, "origin_id update failed for vendor %" PRId64, vendor_id);
cleanup:
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
}

static void export_page(const struct dmsa_cfg *c, FILE *csv, const struct page_req *r)
{
	const char *p = r->body.p;
	char line[256], name[128], erp[64];
	FILE *map;

	for (; p && (p = strstr(p, "{\"id\":")); p++) {
		int64_t vid = strtoll(p + 6, NULL, 10);
		const char *nm = strstr(p, "\"name\":\"");

		if (!nm || sscanf(nm + 8, "%127[^\"]", name) != 1)
			continue;
		fprintf(csv, "%" PRId64 ",\"%s\"\n", vid, name);
		if (!(map = fopen(c->erp_map, "r")))
			continue;
		while (fgets(line, sizeof(line), map)) {
			int64_t mid;

			if (sscanf(line, "%" SCNd64 ",%63s", &mid, erp) == 2 && mid == vid) {
				set_origin_id(c, vid, erp);
				break;
			}
		}
		fclose(map);
	}
}

int main(int argc, char **argv)
{
	struct dmsa_cfg cfg = { 0 };
	struct page_req *r;
	CURLM *mh = NULL;
	CURLMsg *m;
	FILE *csv = NULL;
	int pg, pages, still = 0, q, rc = 1;

	openlog("vendor-sync", LOG_PID, LOG_USER);
	curl_global_init(CURL_GLOBAL_ALL);
	ENSURE(read_cfg(argc > 1 ? argv[1] : "/etc/vendor-sync.ini", &cfg) == 0);
	ENSURE(fetch_token(&cfg) == 0);
	ENSURE(company_visible(&cfg) == 0);
	ENSURE((csv = fopen(cfg.csv_path, "w")));
	ENSURE((mh = curl_multi_init()));
	/* page 1 first: its Total header tells us how many more to queue */
	ENSURE((r = page_new(&cfg, 1)));
	curl_multi_add_handle(mh, r->easy);
	for (pages = 1;;) {
		ENSURE(curl_multi_perform(mh, &still) == CURLM_OK);
		while ((m = curl_multi_info_read(mh, &q))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			curl_multi_remove_handle(mh, r->easy);
			if (m->data.result == CURLE_OK)
				export_page(&cfg, csv, r);
			if (r->page == 1) {
				pages = (total_vendors + 99) / 100;
				for (pg = 2; pg <= pages && pg <= MAX_PAGES; pg++) {
					struct page_req *nr = page_new(&cfg, pg);

					if (nr)
						curl_multi_add_handle(mh, nr->easy);
				}
				still++;
			}
			page_free(r);
		}
		if (!still)
			break;
		curl_multi_poll(mh, NULL, 0, 1000, NULL);
	}
	syslog(LOG_NOTICE, "exported %d vendors in %d pages for company %d", total_vendors, pages,
	       (int)cfg.company_id);
	rc = 0;
cleanup:
	if (csv)
		fclose(csv);
	curl_multi_cleanup(mh);
	curl_global_cleanup();
	closelog();
	return rc;
}
