// kv_curl_jsoncpp_vendor_sync.cpp
//
// procore-vendor-syncd: pushes ERP vendor codes onto the Procore company
// directory and warns in Slack about insurance certificates that expire soon.
// Config is a flat key=value file (/etc/procore-vendor-sync.conf); requests
// are passed around as string maps:  method, url, body, and "h:<Name>" keys
// for extra headers.
#include <curl/curl.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>

using Config = std::unordered_map<std::string, std::string>;
using Request = std::map<std::string, std::string>;

struct Response {
    long status = 0;
    std::string body;
};

static Config g_cfg = {
    {"token_url", "https://login.procore.com/oauth/token"},
    {"token_info_url", "https://login.procore.com/oauth/token/info"},
    {"api_base", "https://api.procore.com"},
    {"insurance_url", "https://app.procore.com/vapid/insurances"},
    {"erp_export", "/var/lib/erp/vendors.json"},
    {"interval_seconds", "900"},
};
static std::string g_access_token;

static void loadConfig(const std::string &path)
{
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos || line[0] == '#') continue;
        g_cfg[line.substr(0, eq)] = line.substr(eq + 1);
    }
}

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    static_cast<std::string *>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

static Response perform(const Request &r)
{
    Response out;
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = nullptr;
    for (const auto &kv : r)
        if (kv.first.compare(0, 2, "h:") == 0)
            hdrs = curl_slist_append(hdrs, (kv.first.substr(2) + ": " + kv.second).c_str());

    curl_easy_setopt(h, CURLOPT_URL, r.at("url").c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    auto m = r.find("method");
    if (m != r.end() && m->second != "GET") {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m->second.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.at("body").c_str());
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK)
        std::cerr << "curl: " << curl_easy_strerror(rc) << " for " << r.at("url") << "\n";
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return out;
}

static Json::Value parse(const std::string &s)
{
    Json::Value v;
    Json::CharReaderBuilder b;
    std::string errs;
    std::istringstream in(s);
    Json::parseFromStream(b, in, &v, &errs);
    return v;
}

static bool refreshToken()
{
    Request r = {{"method", "POST"},
                 {"url", g_cfg.at("token_url")},
                 {"h:Content-Type", "application/x-www-form-urlencoded"},
                 {"body", "grant_type=refresh_token&client_id=" + g_cfg["client_id"] +
                              "&client_secret=" + g_cfg["client_secret"] +
                              "&refresh_token=" + g_cfg["refresh_token"]}};
    Response res = perform(r);
    if (res.status != 200) return false;
    Json::Value tok = parse(res.body);
    g_access_token = tok["access_token"].asString();
    g_cfg["refresh_token"] = tok["refresh_token"].asString();
    return true;
}

static Request procoreGet(const std::string &path)
{
    return {{"method", "GET"},
            {"url", g_cfg.at("api_base") + path},
            {"h:Authorization", "Bearer " + g_access_token},
            {"h:Procore-Company-Id", g_cfg.at("company_id")}};
}

static std::map<std::string, std::string> loadErpCodes()
{
    // {"<procore vendor id>": "<erp vendor code>", ...} written by the ERP job
    std::ifstream in(g_cfg.at("erp_export"));
    std::stringstream ss;
    ss << in.rdbuf();
    Json::Value root = parse(ss.str());
    std::map<std::string, std::string> codes;
    for (const auto &key : root.getMemberNames()) codes[key] = root[key].asString();
    return codes;
}

static void syncErpCodes()
{
    const long companyId = std::atol(g_cfg.at("company_id").c_str());
    const auto codes = loadErpCodes();

    Response res = perform(procoreGet("/rest/v1.0/vendors?company_id=" +
                                      std::to_string(companyId) + "&per_page=1000"));
    Json::Value vendors = parse(res.body);
    int updated = 0;
    for (const auto &v : vendors) {
        const Json::Int64 vendorId = v["id"].asInt64();
        auto it = codes.find(std::to_string(vendorId));
        if (it == codes.end() || v["origin_code"].asString() == it->second) continue;

        Json::Value body;
        body["vendor"]["origin_code"] = it->second;
        Request patch = {{"method", "PATCH"},
                         {"url", g_cfg.at("api_base") + "/rest/v1.0/vendors/" +
                                     std::to_string(vendorId) + "?company_id=" +
                                     std::to_string(companyId)},
                         {"h:Authorization", "Bearer " + g_access_token},
                         {"h:Content-Type", "application/json"},
                         {"body", Json::writeString(Json::StreamWriterBuilder(), body)}};
        Response pr = perform(patch);
        if (pr.status == 200) ++updated;
    }
    std::cerr << "erp codes updated on " << updated << " vendors\n";
}

static void postSlack(const std::string &text)
{
    Json::Value msg;
    msg["text"] = text;
    Request r = {{"method", "POST"},
                 {"url", g_cfg.at("slack_webhook")},
                 {"h:Content-Type", "application/json"},
                 {"body", Json::writeString(Json::StreamWriterBuilder(), msg)}};
    perform(r);
}

static void warnExpiringInsurance()
{
    Request r = procoreGet("");
    r["url"] = g_cfg.at("insurance_url") + "?company_id=" + g_cfg.at("company_id") +
               "&filters[expiring_within_days]=30";
    Json::Value list = parse(perform(r).body);
    for (const auto &ins : list) {
        int vendorId = ins["vendor_id"].asInt();
        std::ostringstream os;
        os << "Insurance \"" << ins["name"].asString() << "\" for vendor " << vendorId
           << " expires " << ins["expiration_date"].asString()
           << " (https://app.procore.com/" << g_cfg.at("company_id")
           << "/company/directory/vendors/" << vendorId << ")";
        postSlack(os.str());
    }
}

static void logIdentity()
{
    Request me = {{"method", "GET"},
                  {"url", g_cfg.at("api_base") + "/rest/v1.0/me"},
                  {"h:Authorization", "Bearer " + g_access_token}};
    Json::Value who = parse(perform(me).body);
    Request info = {{"method", "GET"},
                    {"url", g_cfg.at("token_info_url")},
                    {"h:Authorization", "Bearer " + g_access_token}};
    Json::Value tok = parse(perform(info).body);
    std::cerr << "acting as " << who["login"].asString() << " (user "
              << who["id"].asInt64() << "), token expires in "
              << tok["expires_in_seconds"].asInt() << "s\n";
}

int main(int argc, char **argv)
{
    loadConfig(argc > 1 ? argv[1] : "/etc/procore-vendor-sync.conf");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int interval = std::stoi(g_cfg.at("interval_seconds"));
    for (;;) {
        if (!refreshToken()) {
            std::cerr << "token refresh failed; retrying later\n";
        } else {
            logIdentity();
            syncErpCodes();
            warnExpiringInsurance();
        }
        std::this_thread::sleep_for(std::chrono::seconds(interval));
    }
}
