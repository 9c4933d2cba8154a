// drawing_plugin.cpp - CAD desktop plugin: mirrors the current drawing set
// of a Procore project into the local sheet index.  Developer sandbox build.
//
// The HTTP layer is the shared C transport (pct_*) that the other plugins use;
// this file only adds the Procore calls and the jsoncpp glue.
#include <curl/curl.h>
#include <json/json.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
typedef enum { PCT_OK = 0, PCT_ERR_NET, PCT_ERR_HTTP, PCT_ERR_NOMEM } pct_err;

typedef struct pct_response {
    long status;
    char *data;  /* malloc'd, caller frees with pct_response_free */
    size_t len;
} pct_response;

typedef struct pct_transport pct_transport;
typedef struct pct_ops {
    pct_err (*send)(pct_transport *t, const char *method, const char *url,
                    const char *const *headers, const char *body, pct_response *out);
    void (*destroy)(pct_transport *t);
} pct_ops;

struct pct_transport {
    const pct_ops *ops;
    CURL *curl;
};

static size_t pct_write(char *p, size_t s, size_t n, void *ud)
{
    pct_response *r = (pct_response *)ud;
    char *np = (char *)realloc(r->data, r->len + s * n + 1);
    if (!np)
        return 0;
    memcpy(np + r->len, p, s * n);
    r->data = np;
    r->len += s * n;
    r->data[r->len] = '\0';
    return s * n;
}

void pct_response_free(pct_response *r)
{
    free(r->data);
    r->data = NULL;
    r->len = 0;
}

static pct_err pct_curl_send(pct_transport *t, const char *method, const char *url,
                             const char *const *headers, const char *body, pct_response *out)
{
    struct curl_slist *list = NULL;
    pct_err err = PCT_OK;

    for (; headers && *headers; ++headers)
        list = curl_slist_append(list, *headers);
    curl_easy_reset(t->curl);
    curl_easy_setopt(t->curl, CURLOPT_URL, url);
    curl_easy_setopt(t->curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(t->curl, CURLOPT_FOLLOWLOCATION, 1L);
    if (body)
        curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, pct_write);
    curl_easy_setopt(t->curl, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(t->curl) != CURLE_OK) {
        err = PCT_ERR_NET;
        goto cleanup;
    }
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &out->status);
    if (out->status >= 400)
        err = PCT_ERR_HTTP;
cleanup:
    curl_slist_free_all(list);
    return err;
}

static void pct_curl_destroy(pct_transport *t)
{
    curl_easy_cleanup(t->curl);
    delete t;
}

static const pct_ops pct_curl_ops = { pct_curl_send, pct_curl_destroy };

pct_err pct_create(pct_transport **out)
{
    pct_transport *t = new pct_transport{ &pct_curl_ops, curl_easy_init() };
    if (!t->curl) {
        delete t;
        return PCT_ERR_NOMEM;
    }
    *out = t;
    return PCT_OK;
}
}  // extern "C"

namespace {

const char kLoginBase[] = "https://login-sandbox.procore.com";
const char kApiBase[] = "https://sandbox.procore.com";
const char kHelpUrl[] = "https://developers.procore.com/reference/rest/drawings";

struct Sheet {
    int id;
    int64_t drawing_area_id;
    std::string number;
    std::string title;
    std::string pdf_url;
};

bool parse_json(pct_response *r, Json::Value *out)
{
    Json::CharReaderBuilder b;
    std::string errs;
    std::istringstream in(r->data ? std::string(r->data, r->len) : std::string());
    bool ok = Json::parseFromStream(b, in, out, &errs);
    pct_response_free(r);
    return ok;
}

class DrawingMirror {
public:
    DrawingMirror(pct_transport *t, int64_t company_id, int64_t project_id)
        : t_(t), company_id_(company_id), project_id_(project_id) {}

    bool refresh(const std::string &client_id, const std::string &secret,
                 const std::string &refresh_token)
    {
        std::string body = "grant_type=refresh_token&client_id=" + client_id +
                           "&client_secret=" + secret + "&refresh_token=" + refresh_token;
        std::string url = std::string(kLoginBase) + "/oauth/token";
        const char *hdrs[] = { "Content-Type: application/x-www-form-urlencoded", nullptr };
        pct_response r{ 0, nullptr, 0 };
        if (t_->ops->send(t_, "POST", url.c_str(), hdrs, body.c_str(), &r) != PCT_OK)
            return false;
        Json::Value v;
        if (!parse_json(&r, &v))
            return false;
        token_ = v["access_token"].asString();
        return !token_.empty();
    }

    bool get(const std::string &path, Json::Value *out)
    {
        std::string url = std::string(kApiBase) + path;
        std::string auth = "Authorization: Bearer " + token_;
        std::string company = "Procore-Company-Id: " + std::to_string(company_id_);
        const char *hdrs[] = { auth.c_str(), company.c_str(), "Accept: application/json",
                               nullptr };
        pct_response r{ 0, nullptr, 0 };
        if (t_->ops->send(t_, "GET", url.c_str(), hdrs, nullptr, &r) != PCT_OK) {
            std::fprintf(stderr, "drawing_plugin: GET %s -> %ld (see %s)\n", path.c_str(),
                         r.status, kHelpUrl);
            return false;
        }
        return parse_json(&r, out);
    }

    std::vector<int64_t> drawing_areas()
    {
        std::vector<int64_t> ids;
        Json::Value arr;
        if (!get("/rest/v1.0/projects/" + std::to_string(project_id_) + "/drawing_areas", &arr))
            return ids;
        for (const auto &a : arr)
            ids.push_back(a["id"].asInt64());
        return ids;
    }

    std::vector<Sheet> drawings(int64_t area_id)
    {
        std::vector<Sheet> out;
        Json::Value arr;
        std::string path = "/rest/v1.0/drawing_areas/" + std::to_string(area_id) +
                           "/drawings?project_id=" + std::to_string(project_id_);
        if (!get(path, &arr))
            return out;
        for (const auto &d : arr) {
            Sheet s;
            s.id = d["id"].asInt();
            s.drawing_area_id = area_id;
            s.number = d["number"].asString();
            s.title = d["title"].asString();
            out.push_back(s);
        }
        return out;
    }

    // Latest revision carries the presigned PDF link on storage.procore.com.
    bool current_revision(Sheet *s)
    {
        std::string url = std::string(kApiBase) + "/rest/v1.0/projects/" +
                          std::to_string(project_id_) + "/drawing_revisions?filters[drawing_id]=" +
                          std::to_string(s->id);
        std::string auth = "Authorization: Bearer " + token_;
        std::string company = "X-Procore-Company-Id: " + std::to_string(company_id_);
        const char *hdrs[] = { auth.c_str(), company.c_str(), nullptr };
        pct_response r{ 0, nullptr, 0 };
        if (t_->ops->send(t_, "GET", url.c_str(), hdrs, nullptr, &r) != PCT_OK)
            return false;
        Json::Value arr;
        if (!parse_json(&r, &arr) || arr.empty())
            return false;
        s->pdf_url = arr[0]["pdf_url"].asString();
        return true;
    }

    bool download_pdf(const Sheet &s, const std::string &dest)
    {
        pct_response r{ 0, nullptr, 0 };
        const char *hdrs[] = { nullptr };
        bool ok = false;
        FILE *fp = nullptr;
        if (t_->ops->send(t_, "GET", s.pdf_url.c_str(), hdrs, nullptr, &r) != PCT_OK)
            goto out;
        if (!(fp = std::fopen(dest.c_str(), "wb")))
            goto out;
        ok = std::fwrite(r.data, 1, r.len, fp) == r.len;
        std::fclose(fp);
    out:
        pct_response_free(&r);
        return ok;
    }

private:
    pct_transport *t_;
    int64_t company_id_;
    int64_t project_id_;
    std::string token_;
};

}  // namespace

int main(int argc, char **argv)
{
    if (argc < 6) {
        std::fprintf(stderr, "usage: %s COMPANY PROJECT CLIENT_ID SECRET REFRESH\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pct_transport *t = nullptr;
    if (pct_create(&t) != PCT_OK)
        return 1;
    DrawingMirror m(t, std::stoll(argv[1]), std::stoll(argv[2]));
    int rc = 1;
    std::map<int64_t, int> sheets_per_area;
    if (!m.refresh(argv[3], argv[4], argv[5]))
        goto done;
    for (int64_t area : m.drawing_areas()) {
        for (Sheet &s : m.drawings(area)) {
            if (!m.current_revision(&s))
                continue;
            m.download_pdf(s, "sheets/" + s.number + ".pdf");
            sheets_per_area[area]++;
        }
    }
    for (const auto &kv : sheets_per_area)
        std::printf("area %" PRId64 ": %d sheets\n", kv.first, kv.second);
    rc = 0;
done:
    t->ops->destroy(t);
    curl_global_cleanup();
    return rc;
}
