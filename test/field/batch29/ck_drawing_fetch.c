/*
 * drawing-fetch: mirror the current drawing set of a Procore project to a
 * local directory (used by the plotter room's nightly cron).  PDFs are
 * fetched in parallel with the curl multi interface.
 *
 *   drawing-fetch [-j JOBS] COMPANY_ID PROJECT_ID OUTDIR
 *
 * Env: PROCORE_TOKEN (access token maintained by token-keeper.service)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <curl/curl.h>

#define PROCORE_REST       "https://app.procore.com/rest/v1.0"
#define PROCORE_TOKEN_INFO "https://login.procore.com/oauth/token/info"
#define MAX_REVS 2048

struct strbuf { char *buf; size_t len, alloc; };
#define STRBUF_INIT { NULL, 0, 0 }

static int strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	char *p;
	if (sb->len + n + 1 > sb->alloc) {
		size_t a = 2 * (sb->len + n + 1);
		if (!(p = realloc(sb->buf, a)))
			return -ENOMEM;
		sb->buf = p;
		sb->alloc = a;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->buf[sb->len += n] = '\0';
	return 0;
}

#define ADD_HEADER(l, ...) do {						\
	char x_[512]; struct curl_slist *y_;				\
	snprintf(x_, sizeof(x_), __VA_ARGS__);				\
	if (!(y_ = curl_slist_append((l), x_))) { ret = -ENOMEM; goto fail; } \
	(l) = y_;							\
} while (0)

#define BUILD_URL(u, ...) do {						\
	if ((size_t)snprintf((u), sizeof(u), __VA_ARGS__) >= sizeof(u)) { \
		ret = -ENAMETOOLONG; goto fail; }			\
} while (0)

struct fetch_opts {
	int64_t company_id;
	int64_t project_id;
	const char *outdir;
	const char *token;
	int jobs;
};

struct revision {
	int64_t id;
	unsigned drawing_id;
	char number[48];
	char rev[16];
	char pdf_url[1024];
};

struct dl_job {
	FILE *fp;
	char path[PATH_MAX];
};

static size_t to_strbuf(char *p, size_t s, size_t n, void *ud)
{
	return strbuf_add(ud, p, s * n) ? 0 : s * n;
}

static void jstr(const char *js, const char *key, char *out, size_t n)
{
	char pat[48];
	const char *p;
	size_t i = 0;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if ((p = strstr(js, pat)))
		for (p += strlen(pat); *p && *p != '"' && i + 1 < n; p++)
			out[i++] = *p == '\\' ? *++p : *p;
	out[i] = '\0';
}

static int rest_get(const struct fetch_opts *o, const char *url, int company_hdr,
		    struct strbuf *out)
{
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();
	long code = 0;
	int ret = -ENOMEM;

	if (!c)
		return ret;
	ADD_HEADER(h, "Authorization: Bearer %s", o->token);
	if (company_hdr)
		ADD_HEADER(h, "Procore-Company-Id: %" PRId64, o->company_id);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_strbuf);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	ret = curl_easy_perform(c) == CURLE_OK ? 0 : -EIO;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (!ret && code != 200)
		ret = code == 401 ? -EACCES : -EPROTO;
fail:
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return ret;
}

static int project_folder(const struct fetch_opts *o, char *name, size_t n)
{
	struct strbuf r = STRBUF_INIT;
	char url[160];
	int ret;

	BUILD_URL(url, PROCORE_REST "/projects/%" PRId64 "?company_id=%" PRId64,
		  o->project_id, o->company_id);
	if (!(ret = rest_get(o, url, 0, &r)))
		jstr(r.buf, "name", name, n);
fail:
	free(r.buf);
	return ret;
}

static int list_revisions(const struct fetch_opts *o, struct revision *revs, int *nr)
{
	struct strbuf areas = STRBUF_INIT, r = STRBUF_INIT;
	char url[256];
	const char *a, *p;
	int ret;

	BUILD_URL(url, PROCORE_REST "/projects/%" PRId64 "/drawing_areas", o->project_id);
	if ((ret = rest_get(o, url, 1, &areas)))
		goto fail;
	for (a = areas.buf; (a = strstr(a, "{\"id\":")); a++) {
		int64_t area_id = strtoll(a + 6, NULL, 10);

		BUILD_URL(url, PROCORE_REST "/drawing_areas/%" PRId64
			  "/drawing_revisions?project_id=%" PRId64 "&current_only=true",
			  area_id, o->project_id);
		r.len = 0;
		if ((ret = rest_get(o, url, 1, &r)))
			goto fail;
		for (p = r.buf; p && (p = strstr(p, "{\"id\":")) && *nr < MAX_REVS; p++) {
			struct revision *rv = &revs[(*nr)++];
			const char *d = strstr(p, "\"drawing_id\":");

			rv->id = strtoll(p + 6, NULL, 10);
			if (!d || sscanf(d + 13, "%u", &rv->drawing_id) != 1)
				rv->drawing_id = 0;
			jstr(p, "number", rv->number, sizeof(rv->number));
			jstr(p, "revision_number", rv->rev, sizeof(rv->rev));
			jstr(p, "pdf_url", rv->pdf_url, sizeof(rv->pdf_url));
		}
	}
fail:
	free(areas.buf);
	free(r.buf);
	return ret;
}

static int add_download(CURLM *m, struct dl_job *job, const struct revision *rv,
			const char *dir)
{
	CURL *c;

	snprintf(job->path, sizeof(job->path), "%s/%s_rev%s_%u.pdf", dir, rv->number,
		 rv->rev, rv->drawing_id);
	if (!(job->fp = fopen(job->path, "wb")))
		return -errno;
	if (!(c = curl_easy_init())) {
		fclose(job->fp);
		return -ENOMEM;
	}
	/* presigned storage URL: no bearer, no Procore headers */
	curl_easy_setopt(c, CURLOPT_URL, rv->pdf_url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, job->fp);
	curl_easy_setopt(c, CURLOPT_PRIVATE, job);
	curl_multi_add_handle(m, c);
	return 0;
}

static int download_all(const struct fetch_opts *o, const struct revision *revs,
			int nr, const char *dir)
{
	struct dl_job *jobs = calloc(nr ? nr : 1, sizeof(*jobs));
	CURLM *m = curl_multi_init();
	CURLMsg *msg;
	int next = 0, active = 0, still, left, failed = 0, ret = 0;

	if (!jobs || !m) {
		ret = -ENOMEM;
		goto out;
	}
	do {
		while (next < nr && active < o->jobs)
			if (!add_download(m, &jobs[next], &revs[next], dir))
				active++, next++;
			else
				failed++, next++;
		curl_multi_perform(m, &still);
		while ((msg = curl_multi_info_read(m, &left))) {
			struct dl_job *j;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			fclose(j->fp);
			if (msg->data.result != CURLE_OK) {
				fprintf(stderr, "failed: %s\n", j->path);
				unlink(j->path);
				failed++;
			}
			curl_multi_remove_handle(m, msg->easy_handle);
			curl_easy_cleanup(msg->easy_handle);
			active--;
		}
		if (still)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	} while (active > 0 || next < nr);
	ret = failed ? -EIO : 0;
out:
	curl_multi_cleanup(m);
	free(jobs);
	return ret;
}

int main(int argc, char **argv)
{
	static struct revision revs[MAX_REVS];
	struct fetch_opts o = { .jobs = 4 };
	struct strbuf info = STRBUF_INIT;
	char name[128] = "project", dir[PATH_MAX];
	int opt, nr = 0, ret = 1;

	while ((opt = getopt(argc, argv, "j:")) != -1)
		if (opt == 'j')
			o.jobs = atoi(optarg) > 0 ? atoi(optarg) : 1;
	if (argc - optind != 3 || !(o.token = getenv("PROCORE_TOKEN"))) {
		fprintf(stderr, "usage: %s [-j jobs] company_id project_id outdir\n", argv[0]);
		return 2;
	}
	o.company_id = strtoll(argv[optind], NULL, 10);
	o.project_id = strtoll(argv[optind + 1], NULL, 10);
	o.outdir = argv[optind + 2];
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rest_get(&o, PROCORE_TOKEN_INFO, 0, &info)) {
		fprintf(stderr, "token rejected; run token-keeper\n");
		goto out;
	}
	project_folder(&o, name, sizeof(name));
	snprintf(dir, sizeof(dir), "%s/%s", o.outdir, name);
	if (mkdir(dir, 0755) && errno != EEXIST)
		goto out;
	if (list_revisions(&o, revs, &nr))
		goto out;
	printf("%d current revisions -> %s\n", nr, dir);
	printf("drawing log: https://app.procore.com/%" PRId64 "/project/drawing_log?project_id=%" PRId64 "\n",
	       o.company_id, o.project_id);
	ret = download_all(&o, revs, nr, dir) ? 1 : 0;
out:
	free(info.buf);
	curl_global_cleanup();
	return ret;
}
