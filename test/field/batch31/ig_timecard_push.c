/*
 * timecard_push -- load crew hours exported from the time clock (CSV)
 * into Procore timecard entries.
 *
 *   timecard_push [-n] hours.csv
 *
 * hours.csv columns: email,date,hours,cost_code
 *
 * Config /etc/timecard_push.conf (key = value, '#' comments):
 *   company_id  = 562949953421312
 *   project_id  = 562949953489114
 *   token_file  = /var/lib/timecard_push/token
 *   client_id / client_secret
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stdarg.h>
#include <inttypes.h>
#include <unistd.h>
#include <curl/curl.h>

#define CONF_PATH    "/etc/timecard_push.conf"
#define LOGIN_BASE   "https://login.procore.com"
#define API_BASE     "https://api.procore.com"
#define VAPID_BASE   "https://app.procore.com/vapid"

struct kv { const char *k; const char *v; };

struct config {
	char company_id[24];
	char project_id[24];
	char token_file[256];
	char client_id[96];
	char client_secret[96];
};

struct crew_row {
	char   email[128];
	char   date[16];
	double hours;
	char   cost_code[32];
	int    user_id;
};

struct body { char *buf; size_t len; };

static struct config conf;
static int dry_run;

static size_t on_data(void *p, size_t a, size_t b, void *u)
{
	struct body *r = u;
	char *nb = realloc(r->buf, r->len + a * b + 1);
	if (nb == NULL) return 0;
	memcpy(nb + r->len, p, a * b);
	r->buf = nb;
	r->len += a * b;
	nb[r->len] = 0;
	return a * b;
}

static void conf_read(void)
{
	FILE *f = fopen(CONF_PATH, "r");
	char ln[400], key[48], val[300];

	strcpy(conf.token_file, "/var/lib/timecard_push/token");
	if (f == NULL)
		return;
	while (fgets(ln, sizeof ln, f) != NULL) {
		char *hash = strchr(ln, '#');
		if (hash) *hash = 0;
		if (sscanf(ln, " %47[a-z_] = %299s", key, val) != 2)
			continue;
		if (!strcmp(key, "company_id"))         strncpy(conf.company_id, val, sizeof conf.company_id - 1);
		else if (!strcmp(key, "project_id"))    strncpy(conf.project_id, val, sizeof conf.project_id - 1);
		else if (!strcmp(key, "token_file"))    strncpy(conf.token_file, val, sizeof conf.token_file - 1);
		else if (!strcmp(key, "client_id"))     strncpy(conf.client_id, val, sizeof conf.client_id - 1);
		else if (!strcmp(key, "client_secret")) strncpy(conf.client_secret, val, sizeof conf.client_secret - 1);
	}
	fclose(f);
}

static const char *expand_url(char *out, size_t n, const char *tmpl, const struct kv *kv)
{
	size_t o = 0;
	const struct kv *e;

	while (*tmpl && o < n - 1) {
		if (*tmpl == '{') {
			for (e = kv; e->k; e++) {
				size_t kl = strlen(e->k);
				if (!strncmp(tmpl + 1, e->k, kl) && tmpl[kl + 1] == '}') {
					o += (size_t)snprintf(out + o, n - o, "%s", e->v);
					tmpl += kl + 2;
					break;
				}
			}
			if (e->k) continue;
		}
		out[o++] = *tmpl++;
	}
	out[o < n ? o : n - 1] = 0;
	return out;
}

/* http_send(method, url, body, &resp, header, header, ..., NULL) */
static long http_send(const char *method, const char *url, const char *data, struct body *resp, ...)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hl = NULL;
	const char *hdr;
	long code = 0;
	va_list ap;

	va_start(ap, resp);
	while ((hdr = va_arg(ap, const char *)) != NULL)
		hl = curl_slist_append(hl, hdr);
	va_end(ap);
	resp->len = 0;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	if (data) curl_easy_setopt(h, CURLOPT_POSTFIELDS, data);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
	return code;
}

static int refresh(char *auth, size_t authlen, struct body *r)
{
	char rt[256] = "", form[800], tok[256], *p;
	FILE *f = fopen(conf.token_file, "r");

	if (f == NULL || fscanf(f, "%255s", rt) != 1) { if (f) fclose(f); return -1; }
	fclose(f);
	snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
		 rt, conf.client_id, conf.client_secret);
	if (http_send("POST", LOGIN_BASE "/oauth/token", form, r, "Accept: application/json", NULL) != 200)
		return -1;
	if ((p = strstr(r->buf, "\"access_token\":\"")) == NULL || sscanf(p + 16, "%255[^\"]", tok) != 1)
		return -1;
	if ((p = strstr(r->buf, "\"refresh_token\":\"")) != NULL && sscanf(p + 17, "%255[^\"]", rt) == 1 &&
	    (f = fopen(conf.token_file, "w")) != NULL) {
		fprintf(f, "%s\n", rt);
		fclose(f);
	}
	snprintf(auth, authlen, "Authorization: Bearer %s", tok);
	return 0;
}

int main(int argc, char **argv)
{
	struct body r = { NULL, 0 };
	char auth[300], cohdr[64], url[1024], json[512], line[512], esc[160];
	struct crew_row row;
	FILE *csv;
	int ch, lineno = 0, ok = 0, failed = 0;
	const char *p;

	while ((ch = getopt(argc, argv, "n")) != -1)
		if (ch == 'n') dry_run = 1;
	if (optind >= argc || (csv = fopen(argv[optind], "r")) == NULL) {
		fprintf(stderr, "usage: timecard_push [-n] hours.csv\n");
		return 2;
	}
	conf_read();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (refresh(auth, sizeof auth, &r) != 0) {
		fprintf(stderr, "timecard_push: token refresh failed\n");
		return 1;
	}
	snprintf(cohdr, sizeof cohdr, "Procore-Company-Id: %s", conf.company_id);

	if (http_send("GET", API_BASE "/rest/v1.0/me", NULL, &r, auth, NULL) == 200 &&
	    (p = strstr(r.buf, "\"login\":\"")) != NULL && sscanf(p + 9, "%159[^\"]", esc) == 1)
		fprintf(stderr, "timecard_push: pushing as %s\n", esc);

	while (fgets(line, sizeof line, csv) != NULL) {
		struct kv kv[] = { { "project_id", conf.project_id }, { "email", row.email },
				   { "code", row.cost_code }, { NULL, NULL } };
		long long cost_code_id = 0;
		uint64_t entry_id;

		if (++lineno == 1 || sscanf(line, "%127[^,],%15[^,],%lf,%31[^,\r\n]",
					    row.email, row.date, &row.hours, row.cost_code) != 4)
			continue;

		expand_url(url, sizeof url, VAPID_BASE "/projects/{project_id}/users?filters[search]={email}", kv);
		if (http_send("GET", url, NULL, &r, auth, cohdr, NULL) != 200 ||
		    (p = strstr(r.buf, "\"id\":")) == NULL) {
			fprintf(stderr, "line %d: no project user %s\n", lineno, row.email);
			failed++;
			continue;
		}
		row.user_id = atoi(p + 5);

		expand_url(url, sizeof url, API_BASE "/rest/v1.0/cost_codes?project_id={project_id}&filters[code]={code}", kv);
		if (http_send("GET", url, NULL, &r, auth, NULL) == 200 && (p = strstr(r.buf, "\"id\":")) != NULL)
			cost_code_id = strtoll(p + 5, NULL, 10);

		if (cost_code_id != 0)
			snprintf(json, sizeof json, "{\"timecard_entry\":{\"party_id\":%d,\"date\":\"%s\","
				 "\"hours\":\"%.2f\",\"cost_code_id\":%lld}}",
				 row.user_id, row.date, row.hours, cost_code_id);
		else
			snprintf(json, sizeof json, "{\"timecard_entry\":{\"party_id\":%d,\"date\":\"%s\","
				 "\"hours\":\"%.2f\"}}", row.user_id, row.date, row.hours);
		if (dry_run) {
			printf("%s\n", json);
			continue;
		}
		expand_url(url, sizeof url, API_BASE "/rest/v1.0/projects/{project_id}/timecard_entries", kv);
		if (http_send("POST", url, json, &r, auth, cohdr, "Content-Type: application/json", NULL) != 201 ||
		    (p = strstr(r.buf, "\"id\":")) == NULL) {
			fprintf(stderr, "line %d: create failed\n", lineno);
			failed++;
			continue;
		}
		entry_id = strtoull(p + 5, NULL, 10);
		printf("%s %s %.2fh -> timecard entry %" PRIu64 "\n", row.email, row.date, row.hours, entry_id);
		ok++;
	}

	fclose(csv);
	free(r.buf);
	curl_global_cleanup();
	fprintf(stderr, "timecard_push: %d created, %d failed\n", ok, failed);
	return failed ? 1 : 0;
}
