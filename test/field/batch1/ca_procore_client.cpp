// procore_client.cpp - libcurl wrapper for the takeoff desktop plugin.
//
// The plugin host loads this module and calls acme_procore_refresh_projects()
// when the user opens the "Link to Procore project" dialog.

#include <curl/curl.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace acme {

struct CurlEasyDeleter {
    void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* s) const noexcept { curl_slist_free_all(s); }
};
using CurlHandle = std::unique_ptr<CURL, CurlEasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

static const char* const kDefaultApi = "https://us02.procore.com";
static const char* const kDefaultLogin = "https://login.procore.com";

struct Response {
    long status = 0;
    std::string body;
};

static std::string env_or(const char* name, const char* fallback)
{
    const char* v = std::getenv(name);
    return (v && *v) ? std::string(v) : std::string(fallback);
}

static size_t append_body(char* ptr, size_t size, size_t nmemb, void* userdata)
{
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

class ProcoreClient {
public:
    explicit ProcoreClient(std::string token)
        : curl_(curl_easy_init()), token_(std::move(token)), base_(env_or("PROCORE_API", kDefaultApi))
    {
        if (!curl_)
            throw std::runtime_error("curl_easy_init failed");
    }

    void set_company(std::int64_t id) { company_id_ = id; }

    Response get(const std::string& path) { return perform(path, nullptr); }
    Response post(const std::string& path, const std::string& json) { return perform(path, &json); }

private:
    HeaderList headers() const
    {
        curl_slist* raw = nullptr;
        raw = curl_slist_append(raw, ("Authorization: Bearer " + token_).c_str());
        raw = curl_slist_append(raw, "Accept: application/json");
        if (company_id_ != 0)
            raw = curl_slist_append(raw, ("Procore-Company-Id: " + std::to_string(company_id_)).c_str());
        return HeaderList(raw);
    }

    Response perform(const std::string& path, const std::string* body)
    {
        Response r;
        HeaderList hdrs = headers();
        if (body)
            hdrs.reset(curl_slist_append(hdrs.release(), "Content-Type: application/json"));
        const std::string url = base_ + path;

        curl_easy_reset(curl_.get());
        curl_easy_setopt(curl_.get(), CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_.get(), CURLOPT_HTTPHEADER, hdrs.get());
        curl_easy_setopt(curl_.get(), CURLOPT_WRITEFUNCTION, append_body);
        curl_easy_setopt(curl_.get(), CURLOPT_WRITEDATA, &r.body);
        if (body)
            curl_easy_setopt(curl_.get(), CURLOPT_POSTFIELDS, body->c_str());
        CURLcode rc = curl_easy_perform(curl_.get());
        if (rc != CURLE_OK)
            throw std::runtime_error(curl_easy_strerror(rc));
        curl_easy_getinfo(curl_.get(), CURLINFO_RESPONSE_CODE, &r.status);
        return r;
    }

    CurlHandle curl_;
    std::string token_;
    std::string base_;
    std::int64_t company_id_ = 0;
};

// Pulls "id" and "name" pairs out of a flat JSON array without a JSON library.
static std::vector<std::pair<std::string, std::string>> id_name_pairs(const std::string& json)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::string::size_type pos = 0;
    while ((pos = json.find("{\"id\":", pos)) != std::string::npos) {
        pos += 6;
        auto end = json.find_first_of(",}", pos);
        std::string id = json.substr(pos, end - pos);
        auto n = json.find("\"name\":\"", end);
        if (n == std::string::npos)
            break;
        n += 8;
        out.emplace_back(id, json.substr(n, json.find('"', n) - n));
        pos = n;
    }
    return out;
}

static std::string refresh_access_token(const std::string& refresh)
{
    CurlHandle c(curl_easy_init());
    std::string body, resp;
    const std::string url = env_or("PROCORE_LOGIN", kDefaultLogin) + "/oauth/token";
    body = "grant_type=refresh_token&refresh_token=" + refresh +
           "&client_id=" + env_or("PROCORE_CLIENT_ID", "") +
           "&client_secret=" + env_or("PROCORE_CLIENT_SECRET", "");
    curl_easy_setopt(c.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(c.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(c.get(), CURLOPT_WRITEDATA, &resp);
    if (curl_easy_perform(c.get()) != CURLE_OK)
        return {};
    auto p = resp.find("\"access_token\":\"");
    if (p == std::string::npos)
        return {};
    p += 16;
    return resp.substr(p, resp.find('"', p) - p);
}

} // namespace acme

static std::map<int, std::string> g_project_names;

extern "C" int acme_procore_refresh_projects(const char* refresh_token, FILE* out)
{
    try {
        std::string token = acme::refresh_access_token(refresh_token);
        if (token.empty())
            return -1;
        acme::ProcoreClient client(token);

        acme::Response companies = client.get("/rest/v1.0/companies");
        if (companies.status != 200)
            return static_cast<int>(companies.status);

        int linked = 0;
        for (const auto& company : acme::id_name_pairs(companies.body)) {
            std::int64_t company_id = std::strtoll(company.first.c_str(), nullptr, 10);
            acme::Response projects =
                client.get("/rest/v1.0/projects?company_id=" + std::to_string(company_id));
            client.set_company(company_id);
            if (projects.status != 200)
                continue;
            for (const auto& p : acme::id_name_pairs(projects.body)) {
                g_project_names[std::stoi(p.first)] = p.second;
                std::fprintf(out, "%s\t%s\t%s\n", company.second.c_str(), p.first.c_str(),
                             p.second.c_str());
                ++linked;
            }
        }
        std::fprintf(out, "# open a project: https://app.procore.com/<project id>/project/home\n");
        return linked;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "procore plugin: %s\n", e.what());
        return -1;
    }
}
