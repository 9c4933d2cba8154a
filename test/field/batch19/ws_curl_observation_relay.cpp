// observation_relay: consumes Procore webhook deliveries for Observations.
// nginx + fcgiwrap (or `socat TCP-LISTEN:8077,fork EXEC:...`) hands us the raw
// POST bodies, one JSON document per line on stdin. For every new or updated
// observation we pull the item, page safety if it is high priority, and flip
// the status to "ready_for_review" once the page went out.
#include <curl/curl.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#define PROCORE_LOGIN "https://login.procore.com"
#define PROCORE_API "https://api.procore.com/rest/v1.0"
#define PROCORE_PROJECT_API "https://app.procore.com/rest/v1.0/projects"
#define PAGER_URL "https://events.pagerduty.com/v2/enqueue"

namespace {

struct Config {
    std::string client_id, client_secret, refresh_token, access_token, pager_key;
};
Config g_cfg;

size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

struct Reply {
    long status = 0;
    std::string body;
};

using CurlPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

Reply perform(CURL* h, curl_slist* headers) {
    Reply r;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) std::cerr << "curl: " << curl_easy_strerror(rc) << "\n";
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(headers);
    return r;
}

curl_slist* auth_headers(int64_t company_id) {
    curl_slist* h = nullptr;
    h = curl_slist_append(h, ("Authorization: Bearer " + g_cfg.access_token).c_str());
    h = curl_slist_append(h, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
    h = curl_slist_append(h, "Content-Type: application/json");
    return h;
}

bool parse_json(const std::string& text, Json::Value& out) {
    Json::CharReaderBuilder b;
    std::unique_ptr<Json::CharReader> reader(b.newCharReader());
    std::string errs;
    return reader->parse(text.data(), text.data() + text.size(), &out, &errs);
}

bool refresh_token() {
    CurlPtr h(curl_easy_init(), curl_easy_cleanup);
    std::string form = "grant_type=refresh_token&client_id=" + g_cfg.client_id +
                       "&client_secret=" + g_cfg.client_secret +
                       "&refresh_token=" + g_cfg.refresh_token;
    curl_easy_setopt(h.get(), CURLOPT_URL, PROCORE_LOGIN "/oauth/token");
    curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, form.c_str());
    Reply r = perform(h.get(), curl_slist_append(nullptr, "Accept: application/json"));
    Json::Value tok;
    if (r.status != 200 || !parse_json(r.body, tok)) return false;
    g_cfg.access_token = tok["access_token"].asString();
    g_cfg.refresh_token = tok.get("refresh_token", g_cfg.refresh_token).asString();
    return true;
}

bool fetch_observation(int64_t company_id, int project_id, int64_t item_id, Json::Value& out) {
    char url[512];
    std::snprintf(url, sizeof url, "%s/observations/items/%d?project_id=%d", PROCORE_API,
                  static_cast<int>(item_id), project_id);
    CurlPtr h(curl_easy_init(), curl_easy_cleanup);
    curl_easy_setopt(h.get(), CURLOPT_URL, url);
    Reply r = perform(h.get(), auth_headers(company_id));
    return r.status == 200 && parse_json(r.body, out);
}

std::string assignee_name(int64_t company_id, int64_t project_id, int64_t user_id) {
    std::string url = std::string(PROCORE_PROJECT_API) + "/" + std::to_string(project_id) +
                      "/users/" + std::to_string(user_id);
    CurlPtr h(curl_easy_init(), curl_easy_cleanup);
    curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
    Reply r = perform(h.get(), auth_headers(company_id));
    Json::Value u;
    if (r.status != 200 || !parse_json(r.body, u)) return "unassigned";
    return u.get("name", "unassigned").asString();
}

bool mark_ready_for_review(int64_t project_id, int64_t item_id) {
    std::string url = std::string(PROCORE_API) + "/observations/items/" + std::to_string(item_id) +
                      "?project_id=" + std::to_string(project_id);
    std::string body = R"({"observation":{"status":"ready_for_review"}})";
    CurlPtr h(curl_easy_init(), curl_easy_cleanup);
    curl_slist* hdrs = curl_slist_append(nullptr, ("Authorization: Bearer " + g_cfg.access_token).c_str());
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(h.get(), CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.c_str());
    Reply r = perform(h.get(), hdrs);
    return r.status == 200;
}

void page_safety(const Json::Value& item, int64_t project_id, const std::string& who) {
    Json::Value ev;
    ev["routing_key"] = g_cfg.pager_key;
    ev["event_action"] = "trigger";
    ev["payload"]["summary"] = "High priority observation: " + item.get("name", "").asString();
    ev["payload"]["severity"] = "warning";
    ev["payload"]["source"] = "procore";
    ev["payload"]["custom_details"]["assignee"] = who;
    ev["links"][0]["href"] = "https://app.procore.com/" + std::to_string(project_id) + "/project/observations/items";
    std::string body = Json::writeString(Json::StreamWriterBuilder(), ev);

    CurlPtr h(curl_easy_init(), curl_easy_cleanup);
    curl_easy_setopt(h.get(), CURLOPT_URL, PAGER_URL);
    curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.c_str());
    Reply r = perform(h.get(), curl_slist_append(nullptr, "Content-Type: application/json"));
    if (r.status >= 300) std::cerr << "pagerduty returned " << r.status << "\n";
}

void handle_line(const std::string& line) {
    Json::Value ev;
    if (!parse_json(line, ev)) {
        std::cerr << "skipping malformed delivery\n";
        return;
    }
    if (ev["resource_name"].asString() != "Observations") return;
    const std::string type = ev["event_type"].asString();
    if (type != "create" && type != "update") return;

    int64_t company_id = ev["company_id"].asInt64();
    int project_id = ev["project_id"].asInt();
    int64_t item_id = ev["resource_id"].asInt64();

    Json::Value item;
    if (!fetch_observation(company_id, project_id, item_id, item)) {
        if (!refresh_token() || !fetch_observation(company_id, project_id, item_id, item)) {
            std::cerr << "observation " << item_id << " unavailable\n";
            return;
        }
    }
    if (item.get("priority", "").asString() != "High") return;

    int64_t assignee = item["assignee"].get("id", 0).asInt64();
    std::string who = assignee ? assignee_name(company_id, project_id, assignee) : "unassigned";
    page_safety(item, project_id, who);
    if (!mark_ready_for_review(project_id, item_id))
        std::cerr << "could not update observation " << item_id << "\n";
}

}  // namespace

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    auto env = [](const char* k) { const char* v = std::getenv(k); return std::string(v ? v : ""); };
    g_cfg.client_id = env("PROCORE_CLIENT_ID");
    g_cfg.client_secret = env("PROCORE_CLIENT_SECRET");
    g_cfg.refresh_token = env("PROCORE_REFRESH_TOKEN");
    g_cfg.pager_key = env("PAGERDUTY_ROUTING_KEY");
    if (!refresh_token()) {
        std::cerr << "cannot obtain access token\n";
        return 1;
    }

    std::string line;
    int handled = 0;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        handle_line(line);
        ++handled;
    }
    std::cerr << "processed " << handled << " deliveries\n";
    curl_global_cleanup();
    return 0;
}
