/*
 * submittal-digestd: once a day, finds overdue submittals on the given
 * projects, files a tracking issue in the preconstruction GitHub repo and
 * posts a digest to Slack.
 *
 * usage: submittal-digestd COMPANY_ID PROJECT_ID [PROJECT_ID...]
 * env:   PROCORE_TOKEN, GITHUB_TOKEN, SLACK_BOT_TOKEN, DIGEST_REPO, DIGEST_CHANNEL
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>

#define MAX_PROJECTS   16
#define MAX_SUBMITTALS 128

enum target { TGT_PROCORE, TGT_GITHUB, TGT_SLACK, TGT_COUNT };

struct service {
    const char *base;
    const char *auth_fmt;
    const char *token_env;
};

static const struct service services[TGT_COUNT] = {
    [TGT_PROCORE] = { "https://api.procore.com", "Authorization: Bearer %s", "PROCORE_TOKEN" },
    [TGT_GITHUB]  = { "https://api.github.com",  "Authorization: token %s",  "GITHUB_TOKEN" },
    [TGT_SLACK]   = { "https://slack.com/api",   "Authorization: Bearer %s", "SLACK_BOT_TOKEN" },
};

struct kv {
    const char *key;
    char        value[64];
};

static struct kv procore_extra[] = {
    { "Accept",               "application/json" },
    { "X-Procore-Company-Id", "" },
};

struct submittal {
    int  id;
    char number[32];
    char title[160];
    char due[16];
};

struct membuf {
    char  *data;
    size_t len;
};

static size_t collect(void *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct membuf *mb = userdata;
    size_t n = size * nmemb;
    char *p = realloc(mb->data, mb->len + n + 1);
    if (!p)
        return 0;
    mb->data = p;
    memcpy(mb->data + mb->len, ptr, n);
    mb->len += n;
    mb->data[mb->len] = '\0';
    return n;
}

static long svc_request(enum target t, const char *path, const char *post, struct membuf *out)
{
    const struct service *svc = &services[t];
    struct curl_slist *h = NULL;
    char url[512], line[1200];
    long code = 0;
    size_t i;
    const char *tok = getenv(svc->token_env);

    snprintf(url, sizeof url, "%s%s", svc->base, path);
    snprintf(line, sizeof line, svc->auth_fmt, tok ? tok : "");
    h = curl_slist_append(h, line);
    switch (t) {
    case TGT_PROCORE:
        for (i = 0; i < sizeof procore_extra / sizeof procore_extra[0]; i++) {
            snprintf(line, sizeof line, "%s: %s", procore_extra[i].key, procore_extra[i].value);
            h = curl_slist_append(h, line);
        }
        break;
    case TGT_GITHUB:
        h = curl_slist_append(h, "Accept: application/vnd.github+json");
        h = curl_slist_append(h, "User-Agent: submittal-digestd");
        break;
    default:
        break;
    }
    if (post)
        h = curl_slist_append(h, "Content-Type: application/json");

    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    return code;
}

static void copy_field(const char *obj, const char *key, char *dst, size_t n)
{
    char pat[48];
    const char *p;

    dst[0] = '\0';
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    if ((p = strstr(obj, pat)) != NULL)
        snprintf(dst, n, "%.*s", (int)strcspn(p + strlen(pat), "\""), p + strlen(pat));
}

static int overdue_submittals(long long project_id, const char *today,
                              struct submittal *out, int max)
{
    char path[256];
    struct membuf mb = { NULL, 0 };
    int n = 0;

    snprintf(path, sizeof path,
             "/rest/v1.0/projects/%lld/submittals?filters[overdue]=true", project_id);
    if (svc_request(TGT_PROCORE, path, NULL, &mb) != 200 || !mb.data)
        goto out;
    for (char *p = mb.data; n < max && (p = strstr(p, "{\"id\":")) != NULL; p++) {
        struct submittal *s = &out[n];
        s->id = (int)strtol(p + 6, NULL, 10);
        copy_field(p, "number", s->number, sizeof s->number);
        copy_field(p, "title", s->title, sizeof s->title);
        copy_field(p, "due_date", s->due, sizeof s->due);
        if (s->due[0] && strcmp(s->due, today) < 0)
            n++;
    }
out:
    free(mb.data);
    return n;
}

static int file_issue(const char *repo, long long project_id, const struct submittal *s, int count)
{
    char path[256], body[1024];
    struct membuf mb = { NULL, 0 };
    int issue_number = 0;

    snprintf(path, sizeof path, "/repos/%s/issues", repo);
    snprintf(body, sizeof body,
             "{\"title\":\"%d overdue submittals on project %lld\","
             "\"body\":\"Oldest: %s %s (due %s)\\nhttps://app.procore.com/%lld/project/submittal_logs\"}",
             count, project_id, s->number, s->title, s->due, project_id);
    if (svc_request(TGT_GITHUB, path, body, &mb) == 201 && mb.data) {
        char *p = strstr(mb.data, "\"number\":");
        if (p)
            issue_number = atoi(p + 9);
    }
    free(mb.data);
    return issue_number;
}

int main(int argc, char **argv)
{
    long long projects[MAX_PROJECTS];
    struct submittal subs[MAX_SUBMITTALS];
    char today[16], digest[2048], line[256];
    int nproj = 0, i;
    const char *repo = getenv("DIGEST_REPO");
    const char *channel = getenv("DIGEST_CHANNEL");

    if (argc < 3) {
        fprintf(stderr, "usage: %s COMPANY_ID PROJECT_ID...\n", argv[0]);
        return 2;
    }
    snprintf(procore_extra[1].value, sizeof procore_extra[1].value, "%s", argv[1]);
    for (i = 2; i < argc && nproj < MAX_PROJECTS; i++)
        projects[nproj++] = strtoll(argv[i], NULL, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (;;) {
        time_t now = time(NULL);
        strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
        strcpy(digest, "Overdue submittals ");
        strcat(digest, today);
        strcat(digest, ":");
        for (i = 0; i < nproj; i++) {
            int n = overdue_submittals(projects[i], today, subs, MAX_SUBMITTALS);
            if (n == 0)
                continue;
            int issue = repo ? file_issue(repo, projects[i], &subs[0], n) : 0;
            snprintf(line, sizeof line, "\\n- project %lld: %d overdue (issue #%d)",
                     projects[i], n, issue);
            strncat(digest, line, sizeof digest - strlen(digest) - 1);
        }
        if (channel) {
            char msg[2400];
            struct membuf mb = { NULL, 0 };
            snprintf(msg, sizeof msg, "{\"channel\":\"%s\",\"text\":\"%s\"}", channel, digest);
            svc_request(TGT_SLACK, "/chat.postMessage", msg, &mb);
            free(mb.data);
        }
        sleep(24 * 60 * 60);
    }
    curl_global_cleanup();
    return 0;
}
