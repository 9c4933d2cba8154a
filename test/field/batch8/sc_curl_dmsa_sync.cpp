// field-sync: service-account (client credentials) exporter that copies RFIs and
// observations into CSV files for the BI warehouse loader.
//   field-sync [-p PROFILE] COMMAND [key=value ...]
// Request specs for "run" come from a JSON job file:
//   [{"method": "GET", "path": "/rest/v1.0/projects/{project_id}/rfis", "headers": {"Accept": "text/csv"}}]
#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/istreamwrapper.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

struct ProfileHosts {
    const char* login;
    const char* api;
};

static const std::unordered_map<std::string, ProfileHosts> kProfiles = {
    {"prod", {"https://login.procore.com", "https://api.procore.com"}},
    {"prod-us02", {"https://login.procore.com", "https://us02.procore.com"}},
    {"dev", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
};

struct Session {
    ProfileHosts hosts{};
    std::string client_id;
    std::string client_secret;
    std::string token;
    std::int64_t company_id = 0;
};

struct RequestSpec {
    std::string method = "GET";
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
};

using Args = std::map<std::string, std::string>;
static Session g_session;

static size_t collect(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

static long perform(CURL* curl, std::string& out) {
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
    CURLcode rc = curl_easy_perform(curl);
    long http_code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_code);
    return rc == CURLE_OK ? http_code : -1;
}

static std::string fill(std::string tmpl, const Args& vars) {
    for (const auto& [k, v] : vars) {
        const std::string ph = "{" + k + "}";
        for (auto pos = tmpl.find(ph); pos != std::string::npos; pos = tmpl.find(ph))
            tmpl.replace(pos, ph.size(), v);
    }
    return tmpl;
}

static bool fetch_token(Session& s) {
    CURL* curl = curl_easy_init();
    char* id = curl_easy_escape(curl, s.client_id.c_str(), 0);
    char* secret = curl_easy_escape(curl, s.client_secret.c_str(), 0);
    const std::string form = std::string("grant_type=client_credentials&client_id=") + id + "&client_secret=" + secret;
    curl_free(id);
    curl_free(secret);
    const std::string url = std::string(s.hosts.login) + "/oauth/token";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
    std::string body;
    const long status = perform(curl, body);
    curl_easy_cleanup(curl);
    rapidjson::Document doc;
    if (status != 200 || doc.Parse(body.c_str()).HasParseError() || !doc.HasMember("access_token")) return false;
    s.token = doc["access_token"].GetString();
    return true;
}

static long execute(const RequestSpec& spec, const Session& s, std::string& out) {
    CURL* curl = curl_easy_init();
    const std::string url = std::string(s.hosts.api) + spec.path;
    struct curl_slist* hdrs = nullptr;
    hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + s.token).c_str());
    hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(s.company_id)).c_str());
    for (const auto& [k, v] : spec.headers) hdrs = curl_slist_append(hdrs, (k + ": " + v).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
    if (!spec.body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, spec.body.c_str());
    const long status = perform(curl, out);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return status;
}

// Bare GET with just the bearer token, for endpoints that don't need scoping.
static long get_unscoped(const std::string& url, std::string& out) {
    CURL* curl = curl_easy_init();
    struct curl_slist* hdrs = curl_slist_append(nullptr, ("Authorization: Bearer " + g_session.token).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    const long status = perform(curl, out);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    return status;
}

static int cmd_me(Args&) {
    std::string body;
    const long status = get_unscoped(std::string(g_session.hosts.api) + "/rest/v1.0/me", body);
    std::cout << body << "\n";
    return status == 200 ? 0 : 1;
}

static int cmd_health(Args&) {
    std::string body;
    const char* url = std::getenv("WAREHOUSE_HEALTH_URL");
    return get_unscoped(url ? url : "https://warehouse.acme-builders.internal/healthz", body) == 200 ? 0 : 1;
}

static int cmd_companies(Args&) {
    std::string body;
    const long status = execute({"GET", "/rest/v1.0/companies", {}, ""}, g_session, body);
    std::cout << body << "\n";
    return status == 200 ? 0 : 1;
}

static int cmd_rfis(Args& a) {
    const std::int64_t project_id = std::strtoll(a.at("project").c_str(), nullptr, 10);
    char path[128];
    std::snprintf(path, sizeof path, "/rest/v1.0/projects/%d/rfis?per_page=100", static_cast<int>(project_id));
    std::string body;
    if (execute({"GET", path, {{"Accept", "application/json"}}, ""}, g_session, body) != 200) return 1;
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    std::ofstream csv("rfis_" + a.at("project") + ".csv");
    for (const auto& r : doc.GetArray())
        csv << r["id"].GetInt64() << "," << r["number"].GetString() << ",\"" << r["subject"].GetString() << "\"\n";
    return 0;
}

static int cmd_observations(Args& a) {
    const std::int64_t project_id = std::strtoll(a.at("project").c_str(), nullptr, 10);
    char path[128];
    std::snprintf(path, sizeof path, "/rest/v1.0/observations/items?project_id=%" PRId64, project_id);
    std::string body;
    if (execute({"GET", path, {}, ""}, g_session, body) != 200) return 1;
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    std::ofstream csv("observations_" + a.at("project") + ".csv");
    int written = 0;
    for (const auto& o : doc.GetArray()) {
        const std::uint64_t id = o["id"].GetUint64();
        double location_id = o.HasMember("location") && o["location"].IsObject() ? o["location"]["id"].GetDouble() : 0;
        csv << id << "," << location_id << "," << o["name"].GetString() << "\n";
        ++written;
    }
    std::fprintf(stderr, "wrote %d observations\n", written);
    return 0;
}

static int cmd_run(Args& a) {
    std::ifstream in(a.at("job"));
    rapidjson::IStreamWrapper isw(in);
    rapidjson::Document job;
    job.ParseStream(isw);
    Args vars = a;
    vars["company_id"] = std::to_string(g_session.company_id);
    int failures = 0;
    for (const auto& item : job.GetArray()) {
        RequestSpec spec;
        spec.method = item["method"].GetString();
        spec.path = fill(item["path"].GetString(), vars);
        if (item.HasMember("headers"))
            for (const auto& h : item["headers"].GetObject()) spec.headers[h.name.GetString()] = h.value.GetString();
        std::string body;
        const long status = execute(spec, g_session, body);
        std::printf("%s %s -> %ld\n", spec.method.c_str(), spec.path.c_str(), status);
        if (status >= 300) ++failures;
    }
    return failures ? 1 : 0;
}

int main(int argc, char** argv) {
    const std::unordered_map<std::string, std::function<int(Args&)>> commands = {
        {"me", cmd_me},     {"health", cmd_health},         {"companies", cmd_companies},
        {"rfis", cmd_rfis}, {"observations", cmd_observations}, {"run", cmd_run},
    };
    std::string profile = "prod";
    int argi = 1;
    if (argc > 2 && std::string(argv[1]) == "-p") {
        profile = argv[2];
        argi = 3;
    }
    if (argi >= argc || !commands.count(argv[argi])) {
        std::fprintf(stderr, "usage: field-sync [-p PROFILE] COMMAND [key=value ...]\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_session.hosts = kProfiles.at(profile);
    g_session.client_id = std::getenv("FS_CLIENT_ID") ? std::getenv("FS_CLIENT_ID") : "";
    g_session.client_secret = std::getenv("FS_CLIENT_SECRET") ? std::getenv("FS_CLIENT_SECRET") : "";
    g_session.company_id = std::strtoll(std::getenv("FS_COMPANY_ID") ? std::getenv("FS_COMPANY_ID") : "0", nullptr, 10);
    if (!fetch_token(g_session)) {
        std::fprintf(stderr, "field-sync: could not obtain a service account token\n");
        return 1;
    }
    Args args;
    for (int i = argi + 1; i < argc; ++i) {
        const std::string kv = argv[i];
        const auto eq = kv.find('=');
        if (eq != std::string::npos) args[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    const int rc = commands.at(argv[argi])(args);
    curl_global_cleanup();
    return rc;
}
