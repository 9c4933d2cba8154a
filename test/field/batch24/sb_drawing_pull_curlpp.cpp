// drawpull - mirror the current drawing set of one drawing area to disk
// for the plan-table tablets in the site trailer.
//
//   drawpull <company_id> <project_id> <drawing_area_id> <outdir>
//
// Token comes from PROCORE_TOKEN (the desktop launcher refreshes it).
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Exception.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <list>
#include <sstream>
#include <string>
#include <fstream>

static const char kApiBase[]   = "https://api.procore.com";
static const char kVapidBase[] = "https://us02.procore.com/vapid";
static const char kWebBase[]   = "https://app.procore.com";
static const char kStoragePfx[] = "https://storage.procore.com/";

enum Path { P_ME, P_AREAS, P_DRAWINGS, P_REVISIONS, P_COUNT };

static const char *const kPathFmt[P_COUNT] = {
    "/rest/v1.0/me",
    "/rest/v1.0/projects/%lld/drawing_areas",
    "/rest/v1.1/drawing_areas/%d/drawings?project_id=%lld",
    "/projects/%lld/drawing_revisions?filters[drawing_area_id]=%d&filters[current]=true",
};

struct Drawing {
    long long id;
    int32_t current_revision_id;
    char number[32];
    char pdf_url[1024];
};

static char g_auth[192];

static void sb_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void sb_add(char *dst, size_t cap, const char *src)
{
    size_t len = strlen(dst);
    if (len < cap)
        sb_copy(dst + len, cap - len, src);
}

static long http_get(const char *url, const std::list<std::string> &hdrs, std::ostream &os)
{
    curlpp::Easy req;
    req.setOpt(curlpp::options::Url(url));
    req.setOpt(curlpp::options::HttpHeader(hdrs));
    req.setOpt(curlpp::options::WriteStream(&os));
    req.setOpt(curlpp::options::FollowLocation(true));
    req.perform();
    return curlpp::infos::ResponseCode::get(req);
}

// pull "key":"value" out of the current object without a JSON library
static const char *json_str(const char *p, const char *key, char *out, size_t cap)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *s = strstr(p, pat);
    if (!s)
        return nullptr;
    s += strlen(pat);
    const char *e = strchr(s, '"');
    if (!e)
        return nullptr;
    size_t n = (size_t)(e - s) < cap - 1 ? (size_t)(e - s) : cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return e;
}

static int parse_drawings(const std::string &body, Drawing *out, int max)
{
    const char *p = body.c_str();
    int n = 0;
    while (n < max && (p = strstr(p, "{\"id\":")) != nullptr) {
        char *end = nullptr;
        out[n].id = strtoll(p + 6, &end, 10);
        p = end;
        const char *r = strstr(p, "\"current_revision_id\":");
        out[n].current_revision_id = r ? (int32_t)strtoll(r + 22, nullptr, 10) : 0;
        json_str(p, "number", out[n].number, sizeof out[n].number);
        out[n].pdf_url[0] = '\0';
        n++;
    }
    return n;
}

static bool save_pdf(const char *url, const char *dir, const char *number)
{
    char path[512];
    if (strncmp(url, kStoragePfx, sizeof kStoragePfx - 1) != 0) {
        fprintf(stderr, "refusing non-storage url for %s\n", number);
        return false;
    }
    snprintf(path, sizeof path, "%s/%s.pdf", dir, number);
    std::ofstream f(path, std::ios::binary);
    std::list<std::string> none;             // presigned: no auth headers
    return http_get(url, none, f) == 200;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: drawpull <company_id> <project_id> <area_id> <outdir>\n");
        return 2;
    }
    long long company_id = strtoll(argv[1], nullptr, 10);
    long long project_id = 0;
    sscanf(argv[2], "%lld", &project_id);
    int area_id = atoi(argv[3]);
    const char *outdir = argv[4];

    const char *tok = getenv("PROCORE_TOKEN");
    sb_copy(g_auth, sizeof g_auth, "Authorization: Bearer ");
    sb_add(g_auth, sizeof g_auth, tok ? tok : "");

    char company_hdr[64];
    snprintf(company_hdr, sizeof company_hdr, "Procore-Company-Id: %lld", company_id);

    std::list<std::string> base_hdrs;
    base_hdrs.push_back(g_auth);
    base_hdrs.push_back("Accept: application/json");
    std::list<std::string> co_hdrs = base_hdrs;
    co_hdrs.push_back(company_hdr);

    curlpp::Cleanup cleanup;
    char url[768];
    int off;

    try {
        std::ostringstream me;
        snprintf(url, sizeof url, "%s%s", kApiBase, kPathFmt[P_ME]);
        if (http_get(url, base_hdrs, me) != 200) {
            fprintf(stderr, "token rejected, re-open the launcher\n");
            return 1;
        }

        std::ostringstream areas;
        off = snprintf(url, sizeof url, "%s", kApiBase);
        snprintf(url + off, sizeof url - off, kPathFmt[P_AREAS], project_id);
        http_get(url, co_hdrs, areas);
        char needle[32];
        snprintf(needle, sizeof needle, "\"id\":%d,", area_id);
        if (areas.str().find(needle) == std::string::npos)
            fprintf(stderr, "warning: area %s not in project %lld\n", argv[3], project_id);

        std::ostringstream dr;
        off = snprintf(url, sizeof url, "%s", kApiBase);
        snprintf(url + off, sizeof url - off, kPathFmt[P_DRAWINGS], area_id, project_id);
        long code = http_get(url, base_hdrs, dr);
        if (code != 200) {
            fprintf(stderr, "drawings: HTTP %ld\n", code);
            return 1;
        }

        static Drawing d[500];
        int n = parse_drawings(dr.str(), d, 500);

        std::ostringstream rev;
        strcpy(url, kVapidBase);
        off = (int)strlen(url);
        snprintf(url + off, sizeof url - off, kPathFmt[P_REVISIONS], project_id, area_id);
        http_get(url, co_hdrs, rev);

        const std::string revs = rev.str();
        int saved = 0;
        for (int i = 0; i < n; i++) {
            char key[48];
            snprintf(key, sizeof key, "{\"id\":%d,", d[i].current_revision_id);
            size_t at = revs.find(key);
            if (at == std::string::npos)
                continue;
            if (json_str(revs.c_str() + at, "pdf_url", d[i].pdf_url, sizeof d[i].pdf_url) &&
                save_pdf(d[i].pdf_url, outdir, d[i].number))
                saved++;
        }

        char link[256];
        snprintf(link, sizeof link, "%s/%lld/project/drawing_areas/%d/drawing_log",
                 kWebBase, project_id, area_id);
        printf("%d/%d sheets saved to %s\nopen in Procore: %s\n", saved, n, outdir, link);
    } catch (const curlpp::RuntimeError &e) {
        fprintf(stderr, "curl: %s\n", e.what());
        return 1;
    } catch (const curlpp::LogicError &e) {
        fprintf(stderr, "curlpp: %s\n", e.what());
        return 1;
    }
    return 0;
}
