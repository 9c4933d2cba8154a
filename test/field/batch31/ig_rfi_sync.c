/*
 * rfi_sync.c -- mirror the RFI log of one Procore project into a flat TSV
 *
 * usage: rfi_sync [-c conffile] [-o outfile] [-v]
 *
 * Settings come from an INI-ish file (defaults compiled in below):
 *
 *   [procore]
 *   api_base      = https://api.procore.com
 *   login_base    = https://login.procore.com
 *   client_id     = ...
 *   client_secret = ...
 *   refresh_token = ...
 *   company_id    = 8089
 *   project_id    = 2783311
 *
 * build: cc -std=gnu99 -O2 -o rfi_sync rfi_sync.c -lcurl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>

#define DEFAULT_CONF        "/usr/local/etc/rfi_sync.conf"
#define DEFAULT_API_BASE    "https://api.procore.com"
#define DEFAULT_LOGIN_BASE  "https://login.procore.com"
#define PER_PAGE            "100"

/* URL templates, {name} is filled in by expand() */
static const char TOKEN_URL[]    = "{login_base}/oauth/token";
static const char ME_URL[]       = "{api_base}/rest/v1.0/me";
static const char RFI_LIST_URL[] = "{api_base}/rest/v1.0/projects/{project_id}/rfis?page={page}&per_page={per_page}";
static const char RFI_ONE_URL[]  = "{api_base}/rest/v1.0/projects/{project_id}/rfis/{rfi_id}";
static const char RFI_WEB_URL[]  = "https://app.procore.com/{project_id}/project/rfi/show/{rfi_id}";

struct conf {
	char api_base[256];
	char login_base[256];
	char client_id[128];
	char client_secret[128];
	char refresh_token[512];
	char company_id[32];
	char project_id[32];
};

struct buf {
	char   *data;
	size_t  len;
};

static int verbose;

static size_t write_cb(void *ptr, size_t size, size_t nmemb, void *ud)
{
	struct buf *b = ud;
	size_t n = size * nmemb;
	char *p = realloc(b->data, b->len + n + 1);

	if (!p)
		return 0;
	b->data = p;
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

#define CONF_SET(field) \
	if (strcmp(key, #field) == 0) { snprintf(c->field, sizeof c->field, "%s", val); continue; }

static int read_conf(const char *path, struct conf *c)
{
	FILE *fp;
	char line[1024], key[64], val[900];

	memset(c, 0, sizeof *c);
	strcpy(c->api_base, DEFAULT_API_BASE);
	strcpy(c->login_base, DEFAULT_LOGIN_BASE);

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp)) {
		char *eq;
		if (line[0] == '#' || line[0] == ';' || line[0] == '[')
			continue;
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		if (sscanf(line, " %63s", key) != 1 || sscanf(eq + 1, " %899[^\r\n]", val) != 1)
			continue;
		CONF_SET(api_base);
		CONF_SET(login_base);
		CONF_SET(client_id);
		CONF_SET(client_secret);
		CONF_SET(refresh_token);
		CONF_SET(company_id);
		CONF_SET(project_id);
	}
	fclose(fp);
	return 0;
}

/* vars: NULL-terminated list of name, value pairs */
static int expand(char *out, size_t outsz, const char *tmpl, const char **vars)
{
	size_t o = 0;
	const char *p = tmpl, *end, **v;

	while (*p) {
		if (*p == '{' && (end = strchr(p, '}')) != NULL) {
			size_t klen = (size_t)(end - p - 1);
			for (v = vars; v[0]; v += 2)
				if (strlen(v[0]) == klen && strncmp(v[0], p + 1, klen) == 0)
					break;
			if (!v[0] || o + strlen(v[1]) >= outsz)
				return -1;
			memcpy(out + o, v[1], strlen(v[1]));
			o += strlen(v[1]);
			p = end + 1;
			continue;
		}
		if (o + 1 >= outsz)
			return -1;
		out[o++] = *p++;
	}
	out[o] = '\0';
	return 0;
}

static long http_send(const char *method, const char *url, const char *body,
		      const char **headers, struct buf *resp)
{
	CURL *h;
	struct curl_slist *hl = NULL;
	long status = 0;
	CURLcode rc;
	int i;

	if ((h = curl_easy_init()) == NULL)
		return -1;
	for (i = 0; headers && headers[i]; i++)
		hl = curl_slist_append(hl, headers[i]);
	resp->len = 0;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	if (verbose)
		fprintf(stderr, "%s %s\n", method, url);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	else
		fprintf(stderr, "rfi_sync: %s: %s\n", url, curl_easy_strerror(rc));
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
	return status;
}

/* copy the string value following "key":" into dst */
static void json_str(const char *js, const char *key, char *dst, size_t dstsz)
{
	const char *p = strstr(js, key);
	size_t n = 0;

	dst[0] = '\0';
	if (!p || (p = strchr(p + strlen(key), '"')) == NULL)
		return;
	for (p++; *p && *p != '"' && n + 1 < dstsz; p++)
		dst[n++] = (*p == '\t' || *p == '\n') ? ' ' : *p;
	dst[n] = '\0';
}

int main(int argc, char **argv)
{
	struct conf cf;
	struct buf resp = { NULL, 0 };
	const char *conffile = DEFAULT_CONF, *outfile = "rfis.tsv";
	char url[1024], body[2048], token[512], auth[600], company_hdr[64];
	char pagebuf[16], idbuf[24], subject[512], status_s[32], weburl[512];
	const char *p;
	char *end;
	FILE *out;
	long http;
	int ch, page, nrows = 0;

	while ((ch = getopt(argc, argv, "c:o:v")) != -1) {
		switch (ch) {
		case 'c': conffile = optarg; break;
		case 'o': outfile = optarg; break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: rfi_sync [-c conffile] [-o outfile] [-v]\n");
			return 2;
		}
	}
	if (read_conf(conffile, &cf) < 0) {
		perror(conffile);
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);

	{
		const char *vars[] = { "login_base", cf.login_base, NULL };
		const char *hdrs[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
		expand(url, sizeof url, TOKEN_URL, vars);
		snprintf(body, sizeof body,
			 "grant_type=refresh_token&client_id=%s&client_secret=%s&refresh_token=%s",
			 cf.client_id, cf.client_secret, cf.refresh_token);
		if (http_send("POST", url, body, hdrs, &resp) != 200) {
			fprintf(stderr, "rfi_sync: token refresh failed\n");
			return 1;
		}
		json_str(resp.data, "\"access_token\":", token, sizeof token);
	}
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	snprintf(company_hdr, sizeof company_hdr, "Procore-Company-Id: %s", cf.company_id);

	{
		const char *vars[] = { "api_base", cf.api_base, NULL };
		const char *hdrs[] = { auth, "Accept: application/json", NULL };
		expand(url, sizeof url, ME_URL, vars);
		if (http_send("GET", url, NULL, hdrs, &resp) == 200 && (p = strstr(resp.data, "\"id\":"))) {
			long long me_id = strtoll(p + 5, NULL, 10);
			if (verbose)
				fprintf(stderr, "rfi_sync: running as user %lld\n", me_id);
		}
	}

	if ((out = fopen(outfile, "w")) == NULL) {
		perror(outfile);
		return 1;
	}
	fprintf(out, "id\tstatus\tsubject\tlink\n");

	for (page = 1; ; page++) {
		const char *vars[] = { "api_base", cf.api_base, "project_id", cf.project_id,
				       "page", pagebuf, "per_page", PER_PAGE, NULL };
		const char *hdrs[] = { auth, company_hdr, NULL };
		char *list;
		int found = 0;

		snprintf(pagebuf, sizeof pagebuf, "%d", page);
		expand(url, sizeof url, RFI_LIST_URL, vars);
		if ((http = http_send("GET", url, NULL, hdrs, &resp)) != 200) {
			fprintf(stderr, "rfi_sync: list page %d: HTTP %ld\n", page, http);
			break;
		}
		list = strdup(resp.data);
		for (p = list; (p = strstr(p, "{\"id\":")) != NULL; p = end) {
			int rfi_id = (int)strtol(p + 6, &end, 10);
			const char *ovars[] = { "api_base", cf.api_base, "project_id", cf.project_id,
						"rfi_id", idbuf, NULL };
			const char *ohdrs[] = { auth, "Accept: application/json", NULL };

			found++;
			snprintf(idbuf, sizeof idbuf, "%d", rfi_id);
			expand(url, sizeof url, RFI_ONE_URL, ovars);
			if (http_send("GET", url, NULL, ohdrs, &resp) != 200)
				continue;
			json_str(resp.data, "\"subject\":", subject, sizeof subject);
			json_str(resp.data, "\"status\":", status_s, sizeof status_s);
			expand(weburl, sizeof weburl, RFI_WEB_URL, ovars);
			fprintf(out, "%d\t%s\t%s\t%s\n", rfi_id, status_s, subject, weburl);
			nrows++;
		}
		free(list);
		if (found < atoi(PER_PAGE))
			break;
	}

	fclose(out);
	free(resp.data);
	curl_global_cleanup();
	if (verbose)
		fprintf(stderr, "rfi_sync: wrote %d rows to %s\n", nrows, outfile);
	return 0;
}
