/*
 * cw_drawing_fetch.cpp - pull current drawing sheets for the plotter room
 *
 * Written in the same C style as the rest of the site daemons; it is C++
 * only so that it can use jsoncpp for the Procore responses.
 */
#include <curl/curl.h>
#include <json/json.h>
#include <inttypes.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <string>

#define LOGIN_HOST   "https://login.procore.com"
#define API_HOST     "https://api.procore.com"
#define REVOKE_URL   "https://api.procore.com/oauth/revoke"
#define DOCS_URL     "https://developers.procore.com/reference/rest/drawings"
#define MAX_JOBS     256

#define EZ(h, o, v) do { if (curl_easy_setopt((h), (o), (v)) != CURLE_OK) { \
		syslog(LOG_ERR, "setopt " #o " failed"); goto err; } } while (0)

struct fetch_cfg {
	char client_id[128];
	char client_secret[128];
	char refresh_token[256];
	char out_dir[256];
	int64_t company_id;
	int64_t project_id;
};

struct fetch_ctx {
	CURL *easy;
	struct curl_slist *hdrs;
	std::string body;
	char token[256];
};

struct dl_job {
	CURL *easy;
	FILE *fp;
	int64_t drawing_id;
	int revision;
	char path[512];
};

static size_t to_string(char *p, size_t s, size_t n, void *u)
{
	static_cast<std::string *>(u)->append(p, s * n);
	return s * n;
}

static int load_cfg(const char *path, struct fetch_cfg *c)
{
	FILE *f = fopen(path, "r");
	char line[512], key[64], val[400];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %63[^ =#] = %399s", key, val) != 2)
			continue;
		if (!strcmp(key, "client_id"))          snprintf(c->client_id, sizeof(c->client_id), "%s", val);
		else if (!strcmp(key, "client_secret")) snprintf(c->client_secret, sizeof(c->client_secret), "%s", val);
		else if (!strcmp(key, "refresh_token")) snprintf(c->refresh_token, sizeof(c->refresh_token), "%s", val);
		else if (!strcmp(key, "out_dir"))       snprintf(c->out_dir, sizeof(c->out_dir), "%s", val);
		else if (!strcmp(key, "company_id"))    c->company_id = strtoll(val, NULL, 10);
		else if (!strcmp(key, "project_id"))    c->project_id = strtoll(val, NULL, 10);
	}
	fclose(f);
	return (c->company_id && c->project_id) ? 0 : -1;
}

static int parse_json(const std::string &s, Json::Value *out)
{
	Json::CharReaderBuilder b;
	Json::CharReader *rd = b.newCharReader();
	std::string errs;
	bool ok = rd->parse(s.data(), s.data() + s.size(), out, &errs);

	delete rd;
	if (!ok)
		syslog(LOG_ERR, "bad JSON: %s", errs.c_str());
	return ok ? 0 : -1;
}

static int oauth_post(struct fetch_ctx *fc, const char *url, const char *form)
{
	fc->body.clear();
	EZ(fc->easy, CURLOPT_URL, url);
	EZ(fc->easy, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	EZ(fc->easy, CURLOPT_COPYPOSTFIELDS, form);
	EZ(fc->easy, CURLOPT_WRITEFUNCTION, to_string);
	EZ(fc->easy, CURLOPT_WRITEDATA, &fc->body);
	return curl_easy_perform(fc->easy) == CURLE_OK ? 0 : -1;
err:
	return -1;
}

/* GET url; company_id != 0 adds Procore-Company-Id */
static int get_json(struct fetch_ctx *fc, const char *url, int64_t company_id, Json::Value *out)
{
	char h[320];

	curl_slist_free_all(fc->hdrs);
	fc->hdrs = NULL;
	fc->body.clear();
	snprintf(h, sizeof(h), "Authorization: Bearer %s", fc->token);
	fc->hdrs = curl_slist_append(fc->hdrs, h);
	if (company_id) {
		snprintf(h, sizeof(h), "Procore-Company-Id: %" PRId64, company_id);
		fc->hdrs = curl_slist_append(fc->hdrs, h);
	}
	EZ(fc->easy, CURLOPT_HTTPGET, 1L);
	EZ(fc->easy, CURLOPT_URL, url);
	EZ(fc->easy, CURLOPT_HTTPHEADER, fc->hdrs);
	EZ(fc->easy, CURLOPT_WRITEFUNCTION, to_string);
	EZ(fc->easy, CURLOPT_WRITEDATA, &fc->body);
	if (curl_easy_perform(fc->easy) != CURLE_OK)
		goto err;
	return parse_json(fc->body, out);
err:
	return -1;
}

static int queue_area(struct fetch_ctx *fc, const struct fetch_cfg *c, int project_id,
		      int64_t area_id, CURLM *multi, int *njobs)
{
	char url[256];
	Json::Value drawings;

	snprintf(url, sizeof(url), API_HOST "/rest/v1.0/drawing_areas/%" PRId64 "/drawings?project_id=%d",
		 area_id, project_id);
	if (get_json(fc, url, c->company_id, &drawings) < 0)
		return -1;
	for (const Json::Value &d : drawings) {
		const Json::Value &rev = d["current_revision"];
		struct dl_job *job;

		if (*njobs >= MAX_JOBS || !rev.isObject() || !rev["pdf_url"].isString())
			continue;
		job = (struct dl_job *)calloc(1, sizeof(*job));
		if (!job)
			return -1;
		job->drawing_id = d["id"].asInt();
		job->revision = rev["revision_number"].asInt();
		snprintf(job->path, sizeof(job->path), "%s/%s_r%d.pdf", c->out_dir,
			 d["number"].asCString(), job->revision);
		if (!(job->fp = fopen(job->path, "wb")) || !(job->easy = curl_easy_init())) {
			if (job->fp)
				fclose(job->fp);
			free(job);
			continue;
		}
		/* pdf_url is a presigned storage.procore.com link: no auth headers */
		curl_easy_setopt(job->easy, CURLOPT_URL, rev["pdf_url"].asCString());
		curl_easy_setopt(job->easy, CURLOPT_WRITEDATA, job->fp);
		curl_easy_setopt(job->easy, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(job->easy, CURLOPT_PRIVATE, job);
		curl_multi_add_handle(multi, job->easy);
		(*njobs)++;
	}
	return 0;
}

static void run_downloads(CURLM *multi)
{
	int running = 1, left, done = 0, failed = 0;
	CURLMsg *m;

	while (running) {
		curl_multi_perform(multi, &running);
		while ((m = curl_multi_info_read(multi, &left))) {
			struct dl_job *job;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&job);
			if (m->data.result == CURLE_OK) {
				done++;
			} else {
				failed++;
				syslog(LOG_WARNING, "drawing %" PRId64 ": %s", job->drawing_id,
				       curl_easy_strerror(m->data.result));
			}
			curl_multi_remove_handle(multi, job->easy);
			curl_easy_cleanup(job->easy);
			fclose(job->fp);
			free(job);
		}
		if (running)
			curl_multi_wait(multi, NULL, 0, 500, NULL);
	}
	syslog(LOG_INFO, "%d sheets downloaded, %d failed", done, failed);
}

int main(int argc, char **argv)
{
	struct fetch_cfg cfg;
	struct fetch_ctx *fc = NULL;
	Json::Value tok, me, projects, areas;
	CURLM *multi = NULL;
	char form[768], url[256];
	int njobs = 0, ret = 1;

	memset(&cfg, 0, sizeof(cfg));
	openlog("drawing-fetch", LOG_PID | LOG_PERROR, LOG_DAEMON);
	if (load_cfg(argc > 1 ? argv[1] : "/etc/drawing-fetch.ini", &cfg) < 0) {
		syslog(LOG_ERR, "config incomplete, endpoints are described at %s", DOCS_URL);
		return 1;
	}
	curl_global_init(CURL_GLOBAL_ALL);
	fc = new fetch_ctx();
	if (!(fc->easy = curl_easy_init()) || !(multi = curl_multi_init()))
		goto out;

	snprintf(form, sizeof(form), "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
		 cfg.refresh_token, cfg.client_id, cfg.client_secret);
	if (oauth_post(fc, LOGIN_HOST "/oauth/token", form) < 0 || parse_json(fc->body, &tok) < 0)
		goto out;
	snprintf(fc->token, sizeof(fc->token), "%s", tok["access_token"].asCString());

	if (get_json(fc, API_HOST "/rest/v1.0/me", 0, &me) == 0)
		syslog(LOG_INFO, "running as %s", me["login"].asCString());
	/* the company is in the path here, so no header needed */
	snprintf(url, sizeof(url), API_HOST "/rest/v1.0/companies/%" PRId64 "/projects", cfg.company_id);
	if (get_json(fc, url, 0, &projects) < 0)
		goto out;
	syslog(LOG_INFO, "token sees %u projects", projects.size());

	snprintf(url, sizeof(url), API_HOST "/rest/v1.0/projects/%" PRId64 "/drawing_areas", cfg.project_id);
	if (get_json(fc, url, cfg.company_id, &areas) < 0)
		goto out;
	for (const Json::Value &a : areas)
		queue_area(fc, &cfg, (int)cfg.project_id, a["id"].asInt64(), multi, &njobs);
	run_downloads(multi);
	ret = 0;
out:
	snprintf(form, sizeof(form), "token=%s&client_id=%s&client_secret=%s",
		 fc->token, cfg.client_id, cfg.client_secret);
	if (fc->token[0])
		oauth_post(fc, REVOKE_URL, form);
	curl_multi_cleanup(multi);
	curl_slist_free_all(fc->hdrs);
	curl_easy_cleanup(fc->easy);
	delete fc;
	curl_global_cleanup();
	closelog();
	return ret;
}
