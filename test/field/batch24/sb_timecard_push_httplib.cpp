// tcpush - uploads crew-tablet timesheets (CSV) as Procore timecard entries.
// Pointed at the monthly sandbox until payroll signs off on the mapping.
//
// CSV columns: party_id,cost_code_id,hours,yyyy-mm-dd,description
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

enum Host { H_LOGIN, H_API, H_SLACK, H_COUNT };

static const char *const kHost[H_COUNT] = {
    "https://login-sandbox-monthly.procore.com",
    "https://api-monthly.procore.com",
    "https://hooks.slack.com",
};

struct Entry {
    long party_id;            // Procore person (party) the hours belong to
    long long cost_code_id;
    float hours;
    char date[11];
    char desc[128];
};

static char g_access[128];
static char g_refresh[128];

static size_t sb_put(char *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; i + 1 < cap && src[i]; i++)
        dst[i] = src[i];
    dst[i] = '\0';
    return i;
}

static bool grab(const std::string &body, const char *key, char *out, size_t cap)
{
    char pat[48];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    size_t at = body.find(pat);
    if (at == std::string::npos)
        return false;
    const char *s = body.c_str() + at + strlen(pat);
    const char *e = strchr(s, '"');
    size_t n = e ? (size_t)(e - s) : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

static bool refresh(void)
{
    httplib::Client login(kHost[H_LOGIN]);
    httplib::Params form{
        {"grant_type", "refresh_token"},
        {"refresh_token", g_refresh},
        {"client_id", getenv("TCPUSH_CLIENT_ID") ? getenv("TCPUSH_CLIENT_ID") : ""},
        {"client_secret", getenv("TCPUSH_CLIENT_SECRET") ? getenv("TCPUSH_CLIENT_SECRET") : ""},
    };
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200)
        return false;
    grab(res->body, "access_token", g_access, sizeof g_access);
    grab(res->body, "refresh_token", g_refresh, sizeof g_refresh);
    return true;
}

static void revoke_on_exit(void)
{
    httplib::Client cli("https://api-monthly.procore.com");
    httplib::Params form{{"token", g_access},
                         {"client_id", getenv("TCPUSH_CLIENT_ID") ? getenv("TCPUSH_CLIENT_ID") : ""}};
    cli.Post("/oauth/revoke", form);
}

static int parse_line(const char *line, Entry *e)
{
    char *p = const_cast<char *>(line);
    char *end;
    e->party_id = strtol(p, &end, 10);
    if (end == p || *end != ',')
        return 0;
    p = end + 1;
    e->cost_code_id = strtoll(p, &end, 10);
    p = end + 1;
    e->hours = strtof(p, &end);
    p = end + 1;
    memcpy(e->date, p, 10);
    e->date[10] = '\0';
    p += 10;
    sb_put(e->desc, sizeof e->desc, *p == ',' ? p + 1 : "");
    e->desc[strcspn(e->desc, "\r\n")] = '\0';
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: tcpush <project_id> <sheet.csv>\n");
        return 2;
    }
    long long company_id = atoll(getenv("PROCORE_COMPANY_ID") ? getenv("PROCORE_COMPANY_ID") : "0");
    long long project_id = strtoll(argv[1], nullptr, 10);
    int32_t crew_id = (int32_t)strtol(getenv("TCPUSH_CREW_ID") ? getenv("TCPUSH_CREW_ID") : "0", nullptr, 10);
    sb_put(g_refresh, sizeof g_refresh, getenv("TCPUSH_REFRESH") ? getenv("TCPUSH_REFRESH") : "");
    if (!refresh()) {
        fprintf(stderr, "could not refresh token\n");
        return 1;
    }
    atexit(revoke_on_exit);

    char bearer[160], cid[24], path[320];
    snprintf(bearer, sizeof bearer, "Bearer %s", g_access);
    snprintf(cid, sizeof cid, "%lld", company_id);

    httplib::Client api(kHost[H_API]);
    api.set_connection_timeout(10);
    if (const char *ph = getenv("TCPUSH_PROXY_HOST")) {
        int proxy_port = atoi(getenv("TCPUSH_PROXY_PORT") ? getenv("TCPUSH_PROXY_PORT") : "3128");
        api.set_proxy(ph, proxy_port);
    }

    httplib::Headers plain{{"Authorization", bearer}};
    httplib::Headers scoped{{"Authorization", bearer}, {"Procore-Company-Id", cid}};

    auto co = api.Get("/rest/v1.0/companies", plain);
    if (!co || co->status != 200) {
        fprintf(stderr, "companies: %d\n", co ? co->status : -1);
        return 1;
    }

    // roster of the crew so we can reject hours for people not on it
    snprintf(path, sizeof path, "/rest/v1.0/companies/%lld/people?filters[crew_id]=%d&per_page=%d",
             company_id, crew_id, 200);
    auto roster = api.Get(path, plain);
    std::string people = roster ? roster->body : std::string();

    FILE *fp = fopen(argv[2], "r");
    if (!fp) {
        perror(argv[2]);
        return 1;
    }
    char line[512], body[512];
    int ok = 0, skipped = 0, rejected = 0;
    while (fgets(line, sizeof line, fp)) {
        Entry e{};
        if (!parse_line(line, &e)) {
            skipped++;
            continue;
        }
        char key[32];
        snprintf(key, sizeof key, "\"id\":%ld,", e.party_id);
        if (!people.empty() && people.find(key) == std::string::npos) {
            rejected++;
            continue;
        }

        // already entered for that day?
        int n = snprintf(path, sizeof path, "/rest/v1.0/projects/%lld/timecard_entries", project_id);
        snprintf(path + n, sizeof path - n, "?filters[date]=%s&filters[party_id]=%ld", e.date, e.party_id);
        auto dup = api.Get(path, scoped);
        if (dup && dup->status == 200 && dup->body.size() > 2) {
            skipped++;
            continue;
        }

        snprintf(body, sizeof body,
                 "{\"timecard_entry\":{\"party_id\":%ld,\"cost_code_id\":%lld,"
                 "\"hours\":\"%.2f\",\"date\":\"%s\",\"description\":\"%s\"}}",
                 e.party_id, e.cost_code_id, e.hours, e.date, e.desc);
        path[n] = '\0';
        httplib::Headers post_hdrs{{"Authorization", bearer}, {"Company-Id", cid}};
        auto res = api.Post(path, post_hdrs, body, "application/json");
        if (res && res->status == 201)
            ok++;
        else
            fprintf(stderr, "party %ld %s: HTTP %d\n", e.party_id, e.date, res ? res->status : 0);
    }
    fclose(fp);

    char msg[256];
    snprintf(msg, sizeof msg, "{\"text\":\"tcpush: %d entries, %d skipped, %d off-roster\"}",
             ok, skipped, rejected);
    httplib::Client slack(kHost[H_SLACK]);
    if (const char *hook = getenv("TCPUSH_SLACK_PATH"))
        slack.Post(hook, msg, "application/json");
    return rejected ? 3 : 0;
}
