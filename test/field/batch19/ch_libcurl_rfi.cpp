// procore-rfi: small command-line helper the field engineering team uses to
// poke at RFIs without opening the browser.
//
//   procore-rfi <command> [args...]
//
// Environment: PROCORE_TOKEN, PROCORE_COMPANY_ID, PROCORE_ENV (prod|sandbox)
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

size_t to_file(char* ptr, size_t size, size_t nmemb, void* userdata) {
    return std::fwrite(ptr, size, nmemb, static_cast<FILE*>(userdata)) * size;
}

struct Context {
    std::string base_url;
    std::string login_url;
    std::string token;
    int64_t company_id = 0;
    long last_status = 0;

    // Every REST call goes through here so the auth and company headers are
    // set in one place.
    json request(const std::string& method, const std::string& path,
                 const json& body = json()) {
        CURL* curl = curl_easy_init();
        if (!curl) throw std::runtime_error("curl_easy_init failed");
        std::string url = base_url + path;
        std::string response;
        curl_slist* headers = nullptr;
        headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
        headers = curl_slist_append(
            headers, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
        headers = curl_slist_append(headers, "Content-Type: application/json");
        std::string payload = body.is_null() ? std::string() : body.dump();

        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
        if (!payload.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());

        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &last_status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        if (last_status >= 400)
            throw std::runtime_error("HTTP " + std::to_string(last_status) + ": " + response);
        return response.empty() ? json() : json::parse(response);
    }
};

using Args = std::vector<std::string>;

int cmd_projects(Context& ctx, const Args&) {
    json projects = ctx.request("GET", "/rest/v1.0/projects?company_id=" +
                                           std::to_string(ctx.company_id));
    for (const auto& p : projects)
        std::printf("%" PRId64 "  %s\n", p["id"].get<int64_t>(),
                    p["name"].get<std::string>().c_str());
    return 0;
}

int cmd_list(Context& ctx, const Args& args) {
    if (args.empty()) return 2;
    const int64_t project_id = std::stoll(args[0]);
    int page = 1;  // pages are small numbers, int is plenty
    for (;;) {
        json rfis = ctx.request("GET", "/rest/v1.0/projects/" + std::to_string(project_id) +
                                           "/rfis?page=" + std::to_string(page) + "&per_page=100");
        if (rfis.empty()) break;
        for (const auto& r : rfis)
            std::printf("#%s  %-10s %s\n", r.value("number", "?").c_str(),
                        r.value("status", "").c_str(), r.value("subject", "").c_str());
        ++page;
    }
    return 0;
}

int cmd_show(Context& ctx, const Args& args) {
    if (args.size() < 2) return 2;
    const int64_t project_id = std::stoll(args[0]);
    const int rfi_id = std::stoi(args[1]);
    json rfi = ctx.request("GET", "/rest/v1.0/projects/" + std::to_string(project_id) +
                                      "/rfis/" + std::to_string(rfi_id));
    std::cout << rfi.dump(2) << "\n";
    return 0;
}

int cmd_create(Context& ctx, const Args& args) {
    if (args.size() < 3) return 2;
    const int64_t project_id = std::stoll(args[0]);
    json body = {{"rfi",
                  {{"subject", args[1]},
                   {"question", {{"body", args[2]}}},
                   {"rfi_manager_id", std::strtoll(std::getenv("PROCORE_USER_ID"), nullptr, 10)}}}};
    json created = ctx.request("POST", "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis",
                               body);
    int new_id = created["id"].get<int>();
    std::printf("created RFI %d (HTTP %ld)\n", new_id, ctx.last_status);
    return 0;
}

int cmd_reply(Context& ctx, const Args& args) {
    if (args.size() < 3) return 2;
    const long long project_id = std::strtoll(args[0].c_str(), nullptr, 10);
    const long long rfi_id = std::strtoll(args[1].c_str(), nullptr, 10);
    json body = {{"reply", {{"body", args[2]}}}};
    ctx.request("POST", "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis/" +
                            std::to_string(rfi_id) + "/replies",
                body);
    return 0;
}

// Dumps the raw RFI list straight to disk; the list can be large so we stream
// it instead of going through request().
int cmd_export(Context& ctx, const Args& args) {
    if (args.size() < 2) return 2;
    const int64_t project_id = std::stoll(args[0]);
    FILE* out = std::fopen(args[1].c_str(), "wb");
    if (!out) return 1;
    std::string url = ctx.base_url + "/rest/v1.0/projects/" + std::to_string(project_id) +
                      "/rfis?per_page=1000";
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + ctx.token).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, to_file);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    std::fclose(out);
    return rc == CURLE_OK ? 0 : 1;
}

int cmd_whoami(Context& ctx, const Args&) {
    std::string body;
    std::string url = ctx.base_url + "/rest/v1.0/me";
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + ctx.token).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return 1;
    json me = json::parse(body);
    std::printf("%s <%s> id=%lld\n", me.value("name", "").c_str(), me.value("login", "").c_str(),
                me["id"].get<long long>());
    return 0;
}

int cmd_token_info(Context& ctx, const Args&) {
    std::string body;
    std::string url = ctx.login_url + "/oauth/token/info";
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + ctx.token).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    std::cout << body << "\n";
    return rc == CURLE_OK ? 0 : 1;
}

int cmd_open(Context& ctx, const Args& args) {
    if (args.empty()) return 2;
    std::printf("https://app.procore.com/%" PRId64 "/project/rfis?project_id=%s\n",
                ctx.company_id, args[0].c_str());
    return 0;
}

struct Command {
    const char* name;
    int (*run)(Context&, const std::vector<std::string>&);
    const char* help;
};

const Command kCommands[] = {
    {"projects", cmd_projects, "list projects in the company"},
    {"list", cmd_list, "<project_id>"},
    {"show", cmd_show, "<project_id> <rfi_id>"},
    {"create", cmd_create, "<project_id> <subject> <question>"},
    {"reply", cmd_reply, "<project_id> <rfi_id> <text>"},
    {"export", cmd_export, "<project_id> <file.json>"},
    {"whoami", cmd_whoami, ""},
    {"token-info", cmd_token_info, ""},
    {"open", cmd_open, "<project_id>  print the web link"},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        for (const auto& c : kCommands) std::fprintf(stderr, "  %-12s %s\n", c.name, c.help);
        return 2;
    }
    const char* env = std::getenv("PROCORE_ENV");
    const bool sandbox = env && std::strcmp(env, "sandbox") == 0;
    Context ctx;
    ctx.base_url = sandbox ? "https://sandbox.procore.com" : "https://api.procore.com";
    ctx.login_url = sandbox ? "https://login-sandbox.procore.com" : "https://login.procore.com";
    ctx.token = std::getenv("PROCORE_TOKEN") ? std::getenv("PROCORE_TOKEN") : "";
    ctx.company_id = std::strtoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0",
                                  nullptr, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = 2;
    std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& c : kCommands) {
        if (std::strcmp(c.name, argv[1]) != 0) continue;
        try {
            rc = c.run(ctx, args);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            rc = 1;
        }
        break;
    }
    curl_global_cleanup();
    return rc;
}
