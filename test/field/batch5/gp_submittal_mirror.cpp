// gp_submittal_mirror.cpp
//
// Mirrors Procore submittals of every active project into a local JSON cache
// consumed by the document-control dashboard. The transport is a CRTP policy
// so the unit tests can swap libcurl for a recorded-fixture transport.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace mirror {

constexpr std::string_view kLoginBase = "https://login.procore.com";
constexpr std::string_view kApiBase = "https://api.procore.com";
constexpr std::string_view kRevokeUrl = "https://api.procore.com/oauth/revoke";
constexpr std::string_view kWebBase = "https://app.procore.com";

struct HttpResult {
    long status = 0;
    std::string body;
};

template <class Derived>
class ApiClient {
  public:
    HttpResult send(const std::string& method, const std::string& url,
                    const std::vector<std::string>& headers, const std::string& body = {}) {
        return static_cast<Derived*>(this)->transport(method, url, headers, body);
    }

    // Company-scoped REST call: every endpoint except /me and /companies.
    HttpResult get_scoped(const std::string& path, std::int64_t company_id) {
        std::vector<std::string> headers{"Accept: application/json",
                                         "Authorization: Bearer " + token_,
                                         "Procore-Company-Id: " + std::to_string(company_id)};
        return send("GET", std::string(kApiBase) + path, headers);
    }

    // Endpoints that are not scoped to a company.
    HttpResult get_unscoped(const std::string& path) {
        std::vector<std::string> headers{"Accept: application/json",
                                         "Authorization: Bearer " + token_};
        return send("GET", std::string(kApiBase) + path, headers);
    }

    bool refresh(const std::string& client_id, const std::string& secret,
                 const std::string& refresh_token) {
        std::string form = "grant_type=refresh_token&client_id=" + client_id +
                           "&client_secret=" + secret + "&refresh_token=" + refresh_token;
        HttpResult res = send("POST", std::string(kLoginBase) + "/oauth/token",
                              {"Content-Type: application/x-www-form-urlencoded"}, form);
        if (res.status != 200) return false;
        token_ = json::parse(res.body).at("access_token").get<std::string>();
        return true;
    }

    void revoke(const std::string& client_id, const std::string& secret) {
        std::string form = "client_id=" + client_id + "&client_secret=" + secret + "&token=" + token_;
        send("POST", std::string(kRevokeUrl),
             {"Content-Type: application/x-www-form-urlencoded"}, form);
        token_.clear();
    }

  protected:
    std::string token_;
};

class CurlTransport : public ApiClient<CurlTransport> {
  public:
    CurlTransport() : handle_(curl_easy_init()) {}
    ~CurlTransport() { curl_easy_cleanup(handle_); }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpResult transport(const std::string& method, const std::string& url,
                         const std::vector<std::string>& headers, const std::string& body) {
        HttpResult out;
        curl_slist* list = nullptr;
        for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
        curl_easy_reset(handle_);
        curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(handle_, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, list);
        if (!body.empty()) curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &CurlTransport::on_data);
        curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &out.body);
        if (curl_easy_perform(handle_) == CURLE_OK)
            curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &out.status);
        curl_slist_free_all(list);
        return out;
    }

  private:
    static size_t on_data(char* ptr, size_t size, size_t nmemb, void* user) {
        static_cast<std::string*>(user)->append(ptr, size * nmemb);
        return size * nmemb;
    }
    CURL* handle_;
};

// Generic id extraction; the element type decides the width.
template <class Id>
Id parse_id(const json& j, const char* key) {
    return j.at(key).get<Id>();
}

struct Submittal {
    std::int64_t id = 0;
    std::int64_t project_id = 0;
    std::int64_t spec_section_id = 0;
    std::int64_t received_from_id = 0;
    std::string number;
    std::string title;
    std::string status;
    int revision = 0;
};

template <class Client>
std::vector<Submittal> fetch_submittals(Client& client, std::int64_t company_id,
                                        std::int64_t project_id) {
    std::vector<Submittal> out;
    for (int page = 1;; ++page) {
        auto res = client.get_scoped("/rest/v1.1/projects/" + std::to_string(project_id) +
                                         "/submittals?page=" + std::to_string(page) + "&per_page=100",
                                     company_id);
        if (res.status != 200) break;
        auto items = json::parse(res.body);
        if (items.empty()) break;
        for (const auto& item : items) {
            Submittal s;
            s.id = parse_id<std::int64_t>(item, "id");
            s.project_id = project_id;
            if (item.contains("specification_section") && !item["specification_section"].is_null())
                s.spec_section_id = parse_id<int>(item["specification_section"], "id");
            if (item.contains("received_from") && !item["received_from"].is_null())
                s.received_from_id = parse_id<std::int64_t>(item["received_from"], "id");
            s.number = item.value("number", "");
            s.title = item.value("title", "");
            s.status = item["status"].value("name", "");
            s.revision = item.value("revision", 0);
            out.push_back(std::move(s));
        }
    }
    return out;
}

template <class Client>
std::map<std::string, int> status_counts(Client& client, std::int64_t company_id,
                                         std::int64_t project_id) {
    std::map<std::string, int> counts;
    auto res = client.get_unscoped("/rest/v1.0/projects/" + std::to_string(project_id) +
                                   "/submittals/filter_options/status?company_id=" +
                                   std::to_string(company_id));
    if (res.status != 200) return counts;
    for (const auto& opt : json::parse(res.body))
        counts[opt.value("name", "?")] = opt.value("count", 0);
    return counts;
}

}  // namespace mirror

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: gp_submittal_mirror CLIENT_ID SECRET REFRESH_TOKEN [OUT]\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    mirror::CurlTransport client;
    if (!client.refresh(argv[1], argv[2], argv[3])) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    auto me = client.get_unscoped("/rest/v1.0/me");
    std::cout << "mirroring as " << json::parse(me.body).value("login", "?") << "\n";

    json cache = json::array();
    auto companies = json::parse(client.get_unscoped("/rest/v1.0/companies").body);
    for (const auto& company : companies) {
        const auto company_id = mirror::parse_id<std::int64_t>(company, "id");
        auto projects = json::parse(
            client.get_scoped("/rest/v1.0/projects?company_id=" + std::to_string(company_id),
                              company_id).body);
        for (const auto& project : projects) {
            const auto project_id = project.at("id").get<std::int64_t>();
            auto subs = mirror::fetch_submittals(client, company_id, project_id);
            auto counts = mirror::status_counts(client, company_id, project_id);
            for (const auto& s : subs) {
                if (s.revision == 0 && s.status.empty())
                    std::fprintf(stderr, "skip submittal %ld: no status\n", static_cast<long>(s.id));
                cache.push_back({{"id", s.id},
                                 {"project_id", s.project_id},
                                 {"number", s.number},
                                 {"title", s.title},
                                 {"status", s.status},
                                 {"spec_section_id", s.spec_section_id},
                                 {"received_from_id", s.received_from_id},
                                 {"link", std::string(mirror::kWebBase) + "/" +
                                              std::to_string(project_id) + "/project/submittal_logs/" +
                                              std::to_string(s.id)}});
            }
            std::printf("project %lld: %zu submittals, %zu statuses\n",
                        static_cast<long long>(project_id), subs.size(), counts.size());
        }
    }

    std::ofstream(argc > 4 ? argv[4] : "submittals.json") << cache.dump(2);
    client.revoke(argv[1], argv[2]);
    curl_global_cleanup();
    return 0;
}
