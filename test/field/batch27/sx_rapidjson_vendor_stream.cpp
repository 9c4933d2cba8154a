// vendor_export.cpp - dumps the Procore company vendor directory (and the
// per-project vendor lists) to CSV for the accounting import job.
//
// The directory for our larger customers is well over 40 MB of JSON, so we do
// not build a DOM. libcurl's write callback pushes every chunk into a pipe and
// a RapidJSON SAX Reader on a second thread consumes the other end.
//
//   vendor_export --token TOKEN --company 12345 [--project 67890] > vendors.csv

#include <curl/curl.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/reader.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* const kApiBase = "https://api.procore.com";
const char* const kLoginBase = "https://login.procore.com";

struct Vendor {
    int64_t id = 0;
    std::string name;
    std::string trade_name;
    bool is_active = false;
    int primary_contact_id = 0;
};

// Array of vendor objects; we only look one level into "primary_contact".
struct VendorHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, VendorHandler> {
    std::vector<Vendor>* out = nullptr;
    Vendor cur;
    std::string key;
    std::string parent;
    int depth = 0;

    bool StartObject() {
        ++depth;
        if (depth == 1) cur = Vendor{};
        return true;
    }
    bool EndObject(rapidjson::SizeType) {
        if (depth == 1) out->push_back(cur);
        if (depth == 2) parent.clear();
        --depth;
        return true;
    }
    bool Key(const char* s, rapidjson::SizeType len, bool) {
        key.assign(s, len);
        if (depth == 1) parent = key;
        return true;
    }
    bool StoreInt(int64_t v) {
        if (depth == 1 && key == "id") cur.id = v;
        else if (depth == 2 && parent == "primary_contact" && key == "id")
            cur.primary_contact_id = v;
        return true;
    }
    bool Int(int i) { return StoreInt(i); }
    bool Uint(unsigned u) { return StoreInt(u); }
    bool Int64(int64_t i) { return StoreInt(i); }
    bool Uint64(uint64_t u) { return StoreInt(static_cast<int64_t>(u)); }
    bool Bool(bool b) {
        if (depth == 1 && key == "is_active") cur.is_active = b;
        return true;
    }
    bool String(const char* s, rapidjson::SizeType len, bool) {
        if (depth != 1) return true;
        if (key == "name") cur.name.assign(s, len);
        else if (key == "trade_name") cur.trade_name.assign(s, len);
        return true;
    }
};

// Minimal /me handler: we only want the login for the audit line.
struct MeHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, MeHandler> {
    std::string key;
    std::string login;
    bool Key(const char* s, rapidjson::SizeType len, bool) { key.assign(s, len); return true; }
    bool String(const char* s, rapidjson::SizeType len, bool) {
        if (key == "login") login.assign(s, len);
        return true;
    }
};

size_t to_pipe(char* ptr, size_t size, size_t nmemb, void* userdata) {
    FILE* w = static_cast<FILE*>(userdata);
    return fwrite(ptr, size, nmemb, w);
}

// Streams one GET into the given SAX handler. company_id == 0 means "no
// company context" (only valid for /me and /companies).
template <typename Handler>
bool stream_get(const std::string& url, const std::string& token, int64_t company_id,
                Handler& handler) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    FILE* rd = fdopen(fds[0], "rb");
    FILE* wr = fdopen(fds[1], "wb");

    bool parsed = false;
    std::thread parser([&] {
        char buf[64 * 1024];
        rapidjson::FileReadStream is(rd, buf, sizeof buf);
        rapidjson::Reader reader;
        rapidjson::ParseResult ok = reader.Parse(is, handler);
        if (!ok)
            fprintf(stderr, "parse error at %zu: %s\n", ok.Offset(),
                    rapidjson::GetParseError_En(ok.Code()));
        parsed = static_cast<bool>(ok);
        // drain whatever curl still writes so it never blocks on a full pipe
        while (fread(buf, 1, sizeof buf, rd) > 0) {}
    });

    CURL* curl = curl_easy_init();
    struct curl_slist* hdrs = nullptr;
    std::string auth = "Authorization: Bearer " + token;
    hdrs = curl_slist_append(hdrs, auth.c_str());
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (company_id != 0) {
        std::string company = "Procore-Company-Id: " + std::to_string(company_id);
        hdrs = curl_slist_append(hdrs, company.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, to_pipe);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, wr);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    CURLcode rc = curl_easy_perform(curl);
    fclose(wr);
    parser.join();
    fclose(rd);

    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "GET %s failed: %s (HTTP %ld)\n", url.c_str(), curl_easy_strerror(rc), status);
        return false;
    }
    return parsed;
}

void print_csv(const std::vector<Vendor>& vendors, int64_t company_id) {
    printf("id,name,trade_name,active,primary_contact_id,link\n");
    for (const Vendor& v : vendors) {
        printf("%" PRId64 ",\"%s\",\"%s\",%s,%d,https://app.procore.com/%" PRId64
               "/company/vendors/%" PRId64 "\n",
               v.id, v.name.c_str(), v.trade_name.c_str(), v.is_active ? "yes" : "no",
               v.primary_contact_id, company_id, v.id);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string token;
    int64_t company_id = 0;
    int64_t project_id = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--token")) token = argv[i + 1];
        else if (!strcmp(argv[i], "--company")) company_id = strtoll(argv[i + 1], nullptr, 10);
        else if (!strcmp(argv[i], "--project")) project_id = strtoll(argv[i + 1], nullptr, 10);
    }
    if (token.empty() || company_id == 0) {
        fprintf(stderr, "usage: %s --token T --company ID [--project ID]\n", argv[0]);
        fprintf(stderr, "tokens: %s/oauth/authorize (see https://developers.procore.com/documentation/oauth-introduction)\n",
                kLoginBase);
        return 2;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);

    MeHandler me;
    if (!stream_get(std::string(kApiBase) + "/rest/v1.0/me", token, 0, me)) return 1;
    fprintf(stderr, "exporting as %s\n", me.login.c_str());

    std::vector<Vendor> vendors;
    VendorHandler vh;
    vh.out = &vendors;
    std::string url = std::string(kApiBase) + "/rest/v1.0/vendors?company_id=" +
                      std::to_string(company_id) + "&per_page=1000";
    if (!stream_get(url, token, company_id, vh)) return 1;

    if (project_id != 0) {
        vendors.clear();
        url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) +
              "/vendors?per_page=1000";
        // project-scoped list: the project is in the path already
        if (!stream_get(url, token, 0, vh)) return 1;
    }

    print_csv(vendors, company_id);
    fprintf(stderr, "%zu vendors\n", vendors.size());
    curl_global_cleanup();
    return 0;
}
