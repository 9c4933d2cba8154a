/*
 * rfi-poller: fetches open RFIs for a set of projects in parallel and
 * posts a summary to the #field-ops Slack channel.
 *
 * usage: rfi-poller TOKEN COMPANY_ID [--since YYYY-MM-DD] PROJECT_ID...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define PROCORE_API_BASE  "https://api.procore.com"
#define SLACK_HOOK_DEFAULT "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"
#define MAX_JOBS 32

struct membuf {
    char  *data;
    size_t len;
};

struct poll_job {
    CURL              *easy;
    long               project_id;
    struct membuf      body;
    struct curl_slist *hdrs;
    char               url[512];
};

typedef size_t (*write_cb)(void *, size_t, size_t, void *);

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

static const char *api_base(void)
{
    const char *b = getenv("PROCORE_API_BASE");
    return (b && *b) ? b : PROCORE_API_BASE;
}

static struct curl_slist *bearer(const char *token)
{
    char line[1100];
    snprintf(line, sizeof line, "Authorization: Bearer %s", token);
    return curl_slist_append(NULL, line);
}

static struct curl_slist *add_company(struct curl_slist *h, long long company_id)
{
    char line[64];
    snprintf(line, sizeof line, "Procore-Company-Id: %lld", company_id);
    return curl_slist_append(h, line);
}

static void setup_job(struct poll_job *job, const char *token, long long company_id,
                      const char *since, write_cb cb)
{
    job->easy = curl_easy_init();
    job->hdrs = bearer(token);
    if (since) {
        snprintf(job->url, sizeof job->url,
                 "%s/rest/v1.0/projects/%ld/rfis?filters[status]=open&filters[updated_at]=%s",
                 api_base(), job->project_id, since);
        job->hdrs = add_company(job->hdrs, company_id);
    } else {
        snprintf(job->url, sizeof job->url,
                 "%s/rest/v1.0/projects/%ld/rfis?filters[status]=open",
                 api_base(), job->project_id);
    }
    curl_easy_setopt(job->easy, CURLOPT_URL, job->url);
    curl_easy_setopt(job->easy, CURLOPT_HTTPHEADER, job->hdrs);
    curl_easy_setopt(job->easy, CURLOPT_WRITEFUNCTION, cb);
    curl_easy_setopt(job->easy, CURLOPT_WRITEDATA, &job->body);
    curl_easy_setopt(job->easy, CURLOPT_PRIVATE, job);
    curl_easy_setopt(job->easy, CURLOPT_TIMEOUT, 30L);
}

static int count_rfis(const char *json)
{
    int n = 0;
    const char *p = json;
    while (json && (p = strstr(p, "\"rfi_manager\"")) != NULL) {
        n++;
        p++;
    }
    return n;
}

static void post_slack(const char *text)
{
    const char *hook = getenv("SLACK_WEBHOOK_URL");
    char payload[4096];
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");

    snprintf(payload, sizeof payload, "{\"text\":\"%s\"}", text);
    curl_easy_setopt(c, CURLOPT_URL, hook ? hook : SLACK_HOOK_DEFAULT);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    if (curl_easy_perform(c) != CURLE_OK)
        fprintf(stderr, "rfi-poller: slack post failed\n");
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

int main(int argc, char **argv)
{
    struct poll_job jobs[MAX_JOBS];
    const char *since = NULL;
    int njobs = 0, running = 0, i;
    char summary[3072] = "";

    if (argc < 4) {
        fprintf(stderr, "usage: %s TOKEN COMPANY_ID [--since DATE] PROJECT_ID...\n", argv[0]);
        return 2;
    }
    const char *token = argv[1];
    long long company_id = strtoll(argv[2], NULL, 10);

    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 4L);

    for (i = 3; i < argc && njobs < MAX_JOBS; i++) {
        if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) {
            since = argv[++i];
            continue;
        }
        memset(&jobs[njobs], 0, sizeof jobs[njobs]);
        jobs[njobs].project_id = strtol(argv[i], NULL, 10);
        njobs++;
    }
    for (i = 0; i < njobs; i++) {
        setup_job(&jobs[i], token, company_id, since, collect);
        curl_multi_add_handle(multi, jobs[i].easy);
    }

    do {
        CURLMcode mc = curl_multi_perform(multi, &running);
        if (mc == CURLM_OK && running)
            mc = curl_multi_poll(multi, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK)
            break;
    } while (running);

    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct poll_job *job;
        long code = 0;
        char line[256];
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&job);
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
        if (code != 200) {
            fprintf(stderr, "rfi-poller: %s -> HTTP %ld\n", job->url, code);
            continue;
        }
        snprintf(line, sizeof line, "project %ld: %d open RFIs\\n",
                 job->project_id, count_rfis(job->body.data));
        strncat(summary, line, sizeof summary - strlen(summary) - 1);
    }
    printf("%s", summary);
    if (summary[0])
        post_slack(summary);

    for (i = 0; i < njobs; i++) {
        curl_multi_remove_handle(multi, jobs[i].easy);
        curl_easy_cleanup(jobs[i].easy);
        curl_slist_free_all(jobs[i].hdrs);
        free(jobs[i].body.data);
    }
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return 0;
}
