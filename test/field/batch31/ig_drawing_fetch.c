/*
 * drawing_fetch - download the current revision PDF of every drawing in a
 * drawing area of a Procore project (developer sandbox).
 *
 *   drawing_fetch PROJECT_ID AREA_NAME [DESTDIR]
 *
 * ~/.drawing_fetch.rc holds the OAuth app and tokens:
 *   client_id=...
 *   client_secret=...
 *   refresh_token=...
 *   company_id=...
 *   api=https://sandbox.procore.com       (optional)
 *
 * gcc -std=gnu99 -Wall -o drawing_fetch drawing_fetch.c -lcurl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <curl/curl.h>

#define PROCORE_LOGIN   "https://sandbox.procore.com"
#define PROCORE_API     "https://sandbox.procore.com"
#define RC_NAME         ".drawing_fetch.rc"

#define T_TOKEN     "{login}/oauth/token"
#define T_TOKINFO   "{login}/oauth/token/info"
#define T_AREAS     "{api}/rest/v1.0/projects/{project_id}/drawing_areas"
#define T_DRAWINGS  "{api}/rest/v1.0/drawing_areas/{area_id}/drawings?project_id={project_id}"
#define T_REVS      "{api}/rest/v1.0/projects/{project_id}/drawing_revisions?filters[drawing_id][]={drawing_id}&filters[current]=true"
#define T_WEB       "https://app.procore.com/{project_id}/project/drawing_areas/{area_id}/drawing_log"

struct rc {
	char client_id[128];
	char client_secret[128];
	char refresh_token[256];
	char company_id[32];
	char api[128];
};

static struct rc cfg;
static char access_token[256];

struct mem { char *p; size_t n; };

static size_t to_mem(char *d, size_t s, size_t n, void *u)
{
	struct mem *m = (struct mem *)u;
	char *np = realloc(m->p, m->n + s * n + 1);
	if (np == NULL) return 0;
	m->p = np;
	memcpy(m->p + m->n, d, s * n);
	m->n += s * n;
	m->p[m->n] = 0;
	return s * n;
}

static void read_rc(void)
{
	char path[512], line[512], k[64], v[400];
	FILE *f;

	strcpy(cfg.api, PROCORE_API);
	snprintf(path, sizeof path, "%s/%s", getenv("HOME") ? getenv("HOME") : ".", RC_NAME);
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "drawing_fetch: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, " %63[^= ] = %399s", k, v) != 2 || k[0] == '#')
			continue;
		if      (!strcmp(k, "client_id"))     strncpy(cfg.client_id, v, sizeof cfg.client_id - 1);
		else if (!strcmp(k, "client_secret")) strncpy(cfg.client_secret, v, sizeof cfg.client_secret - 1);
		else if (!strcmp(k, "refresh_token")) strncpy(cfg.refresh_token, v, sizeof cfg.refresh_token - 1);
		else if (!strcmp(k, "company_id"))    strncpy(cfg.company_id, v, sizeof cfg.company_id - 1);
		else if (!strcmp(k, "api"))           strncpy(cfg.api, v, sizeof cfg.api - 1);
	}
	fclose(f);
}

/* replace every occurrence of {key} in buf (in place, size bufsz) with val */
static void fill(char *buf, size_t bufsz, const char *key, const char *val)
{
	char pat[64], tail[2048], *at;

	snprintf(pat, sizeof pat, "{%s}", key);
	while ((at = strstr(buf, pat)) != NULL) {
		snprintf(tail, sizeof tail, "%s", at + strlen(pat));
		*at = '\0';
		snprintf(at, bufsz - (size_t)(at - buf), "%s%s", val, tail);
	}
}

/* GET or POST; body==NULL means GET. sink==NULL collects into *out. */
static long http_req(const char *url, const char *body, const char *hdrs[],
		     struct mem *out, FILE *sink)
{
	CURL *c = curl_easy_init();
	struct curl_slist *list = NULL;
	long code = -1;
	int i;

	for (i = 0; hdrs != NULL && hdrs[i] != NULL; i++)
		list = curl_slist_append(list, hdrs[i]);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (sink != NULL) {
		curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
	} else {
		out->n = 0;
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_mem);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	}
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(list);
	curl_easy_cleanup(c);
	return code;
}

static int get_token(struct mem *m)
{
	char url[256] = T_TOKEN, body[1024];
	const char *h[] = { "Accept: application/json", NULL };
	char *p;

	fill(url, sizeof url, "login", PROCORE_LOGIN);
	snprintf(body, sizeof body,
		 "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
		 cfg.refresh_token, cfg.client_id, cfg.client_secret);
	if (http_req(url, body, h, m, NULL) != 200 || (p = strstr(m->p, "\"access_token\"")) == NULL)
		return -1;
	return sscanf(p, "\"access_token\":\"%255[^\"]", access_token) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct mem m = { NULL, 0 };
	char url[2048], auth[300], cohdr[64], pid[24], aid[16], did[16], fname[512];
	const char *dest = ".";
	long long project_id;
	int area_id = 0, nfiles = 0;
	char *p, *drawings;

	if (argc < 3) {
		fprintf(stderr, "usage: drawing_fetch PROJECT_ID AREA_NAME [DESTDIR]\n");
		return 2;
	}
	project_id = strtoll(argv[1], NULL, 10);
	if (argc > 3)
		dest = argv[3];
	read_rc();
	curl_global_init(CURL_GLOBAL_DEFAULT);

	if (get_token(&m) < 0) {
		fprintf(stderr, "drawing_fetch: cannot refresh token\n");
		return 1;
	}
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", access_token);
	snprintf(cohdr, sizeof cohdr, "Procore-Company-Id: %s", cfg.company_id);
	snprintf(pid, sizeof pid, "%lld", project_id);

	{
		const char *h[] = { auth, NULL };
		strcpy(url, T_TOKINFO);
		fill(url, sizeof url, "login", PROCORE_LOGIN);
		if (http_req(url, NULL, h, &m, NULL) == 200 && (p = strstr(m.p, "\"expires_in_seconds\":")))
			fprintf(stderr, "token valid for %ld s\n", strtol(p + 21, NULL, 10));
	}

	{
		const char *h[] = { auth, cohdr, NULL };
		strcpy(url, T_AREAS);
		fill(url, sizeof url, "api", cfg.api);
		fill(url, sizeof url, "project_id", pid);
		if (http_req(url, NULL, h, &m, NULL) != 200) {
			fprintf(stderr, "drawing_fetch: drawing areas: request failed\n");
			return 1;
		}
		for (p = m.p; (p = strstr(p, "{\"id\":")) != NULL; p++) {
			char name[256];
			if (sscanf(p, "{\"id\":%d,\"name\":\"%255[^\"]", &area_id, name) == 2 &&
			    strcmp(name, argv[2]) == 0)
				break;
		}
		if (p == NULL) {
			fprintf(stderr, "drawing_fetch: no drawing area named '%s'\n", argv[2]);
			return 1;
		}
	}
	snprintf(aid, sizeof aid, "%d", area_id);

	{
		const char *h[] = { auth, cohdr, NULL };
		strcpy(url, T_DRAWINGS);
		fill(url, sizeof url, "api", cfg.api);
		fill(url, sizeof url, "area_id", aid);
		fill(url, sizeof url, "project_id", pid);
		if (http_req(url, NULL, h, &m, NULL) != 200)
			return 1;
		drawings = strdup(m.p);
	}

	for (p = drawings; (p = strstr(p, "{\"id\":")) != NULL; p++) {
		unsigned int drawing_id = (unsigned int)strtoul(p + 6, NULL, 10);
		const char *h[] = { auth, NULL };
		char pdf[1024], number[64] = "drawing";
		char *q, *num = strstr(p, "\"number\":\"");
		FILE *out;

		if (num != NULL)
			sscanf(num + 10, "%63[^\"]", number);
		snprintf(did, sizeof did, "%u", drawing_id);
		strcpy(url, T_REVS);
		fill(url, sizeof url, "api", cfg.api);
		fill(url, sizeof url, "project_id", pid);
		fill(url, sizeof url, "drawing_id", did);
		if (http_req(url, NULL, h, &m, NULL) != 200 ||
		    (q = strstr(m.p, "\"pdf_url\":\"")) == NULL ||
		    sscanf(q + 11, "%1023[^\"]", pdf) != 1)
			continue;

		snprintf(fname, sizeof fname, "%s/%s.pdf", dest, number);
		if ((out = fopen(fname, "wb")) == NULL)
			continue;
		/* pdf_url is a presigned storage.procore.com link: no auth headers */
		if (http_req(pdf, NULL, NULL, NULL, out) == 200)
			nfiles++;
		fclose(out);
	}

	strcpy(url, T_WEB);
	fill(url, sizeof url, "project_id", pid);
	fill(url, sizeof url, "area_id", aid);
	printf("%d drawings saved to %s\nreview online: %s\n", nfiles, dest, url);
	free(drawings);
	free(m.p);
	curl_global_cleanup();
	return 0;
}
