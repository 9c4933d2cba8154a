// webhook-worker: drains the Procore webhook spool (one JSON event per line,
// written by the nginx receiver) and forwards enriched records to the
// document-control backend.
//
// usage: webhook-worker SPOOL_FILE [BACKEND_URL]

#include <curl/curl.h>
#include <json/json.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

struct WorkerConfig {
    std::string login_url = "https://login-sandbox.procore.com";
    std::string api_url = "https://sandbox.procore.com";
    std::string backend_url = "http://127.0.0.1:9300/ingest";
    std::string token;
};

struct Event {
    std::string resource_name;
    std::string event_type;
    int resource_id = 0;
    std::int64_t project_id = 0;
    std::int64_t company_id = 0;
};

typedef bool (*event_handler)(const WorkerConfig&, const Event&, std::string& out);

static size_t sink(char* ptr, size_t size, size_t nmemb, void* userdata)
{
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

static long http_call(const char* url, curl_slist* hdrs, const char* post, std::string* out)
{
    long code = 0;
    CURL* c = curl_easy_init();
    if (!c)
        return -1;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    return code;
}

static curl_slist* auth_only(const std::string& token)
{
    char line[1100];
    std::snprintf(line, sizeof line, "Authorization: Bearer %s", token.c_str());
    return curl_slist_append(nullptr, line);
}

static curl_slist* procore_headers(const std::string& token, std::int64_t company_id)
{
    char line[64];
    curl_slist* h = auth_only(token);
    std::snprintf(line, sizeof line, "Procore-Company-Id: %" PRId64, company_id);
    return curl_slist_append(h, line);
}

static bool token_still_valid(const WorkerConfig& cfg)
{
    std::string body;
    const std::string url = cfg.api_url + "/oauth/token/info";
    curl_slist* h = auth_only(cfg.token);
    long code = http_call(url.c_str(), h, nullptr, &body);
    curl_slist_free_all(h);
    return code == 200;
}

static bool handle_rfi(const WorkerConfig& cfg, const Event& ev, std::string& out)
{
    char url[512];
    std::snprintf(url, sizeof url, "%s/rest/v1.0/projects/%" PRId64 "/rfis/%d",
                  cfg.api_url.c_str(), ev.project_id, ev.resource_id);
    curl_slist* h = procore_headers(cfg.token, ev.company_id);
    long code = http_call(url, h, nullptr, &out);
    curl_slist_free_all(h);
    return code == 200;
}

static bool handle_submittal(const WorkerConfig& cfg, const Event& ev, std::string& out)
{
    std::ostringstream url;
    url << cfg.api_url << "/rest/v1.1/projects/" << ev.project_id << "/submittals/" << ev.resource_id;
    curl_slist* h = auth_only(cfg.token);
    long code = http_call(url.str().c_str(), h, nullptr, &out);
    curl_slist_free_all(h);
    return code == 200;
}

static const struct {
    const char* resource_name;
    event_handler fn;
} handlers[] = {
    { "RFIs", handle_rfi },
    { "Submittals", handle_submittal },
};

static bool parse_event(const std::string& line, Event& ev)
{
    Json::CharReaderBuilder rb;
    Json::Value root;
    std::string errs;
    std::istringstream in(line);
    if (!Json::parseFromStream(rb, in, &root, &errs))
        return false;
    ev.resource_name = root["resource_name"].asString();
    ev.event_type = root["event_type"].asString();
    ev.resource_id = root["resource_id"].asInt();
    ev.project_id = root["project_id"].asInt64();
    ev.company_id = root["company_id"].asInt64();
    return true;
}

static bool forward(const WorkerConfig& cfg, const Event& ev, const std::string& record)
{
    std::string resp;
    std::string payload = "{\"source\":\"procore\",\"event\":\"" + ev.event_type +
                          "\",\"record\":" + record + "}";
    curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
    long code = http_call(cfg.backend_url.c_str(), h, payload.c_str(), &resp);
    curl_slist_free_all(h);
    return code >= 200 && code < 300;
}

int main(int argc, char** argv)
{
    WorkerConfig cfg;
    int processed = 0, skipped = 0, failed = 0;

    if (argc < 2) {
        std::fprintf(stderr, "usage: %s SPOOL_FILE [BACKEND_URL]\n", argv[0]);
        return 2;
    }
    if (argc > 2)
        cfg.backend_url = argv[2];
    if (const char* t = std::getenv("PROCORE_TOKEN"))
        cfg.token = t;
    if (const char* a = std::getenv("PROCORE_API_URL"))
        cfg.api_url = a;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!token_still_valid(cfg)) {
        std::fprintf(stderr, "webhook-worker: token expired, see %s/oauth/authorize\n",
                     cfg.login_url.c_str());
        return 1;
    }

    std::ifstream spool(argv[1]);
    std::string line;
    while (std::getline(spool, line)) {
        Event ev;
        if (!parse_event(line, ev) || ev.event_type == "delete") {
            ++skipped;
            continue;
        }
        event_handler fn = nullptr;
        for (const auto& h : handlers)
            if (ev.resource_name == h.resource_name)
                fn = h.fn;
        std::string record;
        if (!fn) {
            ++skipped;
        } else if (fn(cfg, ev, record) && forward(cfg, ev, record)) {
            ++processed;
        } else {
            ++failed;
        }
    }
    std::printf("webhook-worker: %d forwarded, %d skipped, %d failed\n", processed, skipped, failed);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
