// rfi_nag: pulls open RFIs for one project, replies with a reminder on the
// overdue ones and pushes their due date a week out.
// Build: g++ -std=c++17 rfi_nag.cpp -lcurl
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iostream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using json = nlohmann::json;
using HeaderList = std::vector<std::pair<std::string, std::string>>;
using Vars = std::map<std::string, std::string>;

namespace {

struct Endpoint {
    std::string_view name;
    std::string_view base;
    std::string_view path;
};

constexpr std::array<Endpoint, 5> kEndpoints{{
    {"token", "https://login.procore.com", "/oauth/token"},
    {"me", "https://api.procore.com", "/rest/v1.0/me"},
    {"rfis", "https://api.procore.com", "/rest/v1.0/projects/{project}/rfis"},
    {"rfi", "https://api.procore.com", "/rest/v1.0/projects/{project}/rfis/{id}"},
    {"replies", "https://app.procore.com", "/rest/v1.0/projects/{project}/rfis/{id}/replies"},
}};

std::optional<Endpoint> findEndpoint(std::string_view name) {
    auto it = std::find_if(kEndpoints.begin(), kEndpoints.end(),
                           [name](const Endpoint& e) { return e.name == name; });
    if (it == kEndpoints.end()) return std::nullopt;
    return *it;
}

std::string expand(std::string_view tmpl, const Vars& vars) {
    std::string out(tmpl);
    std::for_each(vars.begin(), vars.end(), [&out](const auto& kv) {
        const std::string key = "{" + kv.first + "}";
        for (auto pos = out.find(key); pos != std::string::npos; pos = out.find(key))
            out.replace(pos, key.size(), kv.second);
    });
    return out;
}

std::string buildUrl(std::string_view name, const Vars& vars, const HeaderList& query = {}) {
    auto ep = findEndpoint(name);
    if (!ep) throw std::runtime_error("unknown endpoint " + std::string(name));
    std::string url = std::string(ep->base) + expand(ep->path, vars);
    if (query.empty()) return url;
    return std::accumulate(query.begin(), query.end(), url + "?",
                           [](std::string acc, const auto& kv) {
                               if (acc.back() != '?') acc += '&';
                               return acc + kv.first + "=" + kv.second;
                           });
}

size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    auto* out = static_cast<std::string*>(userdata);
    out->append(ptr, size * nmemb);
    return size * nmemb;
}

curl_slist* toSlist(const HeaderList& headers) {
    return std::accumulate(headers.begin(), headers.end(), static_cast<curl_slist*>(nullptr),
                           [](curl_slist* list, const auto& h) {
                               return curl_slist_append(list, (h.first + ": " + h.second).c_str());
                           });
}

struct Rfi {
    int64_t id = 0;
    std::string number;
    std::string subject;
    std::string due_date;
    int assignee_id = 0;
};

class RfiClient {
public:
    RfiClient(std::string token, int64_t company_id, int64_t project_id)
        : token_(std::move(token)), company_id_(company_id), project_id_(project_id) {}

    std::optional<std::string> send(const std::string& url, const HeaderList& headers,
                                    std::string_view method = "GET",
                                    const std::string& body = {}) {
        CURL* curl = curl_easy_init();
        if (!curl) return std::nullopt;
        std::string response;
        curl_slist* list = toSlist(headers);
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, std::string(method).c_str());
        if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
        CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(list);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK || status >= 400) {
            std::cerr << method << " " << url << " -> " << status << "\n";
            return std::nullopt;
        }
        return response;
    }

    HeaderList baseHeaders() const {
        return {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
    }

    HeaderList companyHeaders() const {
        auto h = baseHeaders();
        h.emplace_back("Procore-Company-Id", std::to_string(company_id_));
        return h;
    }

    std::optional<std::string> whoAmI() {
        auto body = send(buildUrl("me", {}), baseHeaders());
        if (!body) return std::nullopt;
        return json::parse(*body).value("login", std::string{});
    }

    std::vector<Rfi> listOpenRfis(int page) {
        auto url = buildUrl("rfis", projectVars(),
                            {{"filters[status]", "open"}, {"page", std::to_string(page)},
                             {"per_page", "100"}});
        auto body = send(url, companyHeaders());
        std::vector<Rfi> out;
        if (!body) return out;
        const json arr = json::parse(*body);
        std::transform(arr.begin(), arr.end(), std::back_inserter(out), [](const json& j) {
            Rfi r;
            r.id = j.at("id").get<int64_t>();
            r.number = j.value("number", "");
            r.subject = j.value("subject", "");
            r.due_date = j.value("due_date", "");
            r.assignee_id = j["assignee"].value("id", int64_t{0});
            return r;
        });
        return out;
    }

    bool postReminder(int64_t rfi_id, const std::string& text) {
        Vars vars = projectVars();
        vars["id"] = std::to_string(rfi_id);
        const json payload = {{"reply", {{"body", text}}}};
        return send(buildUrl("replies", vars), baseHeaders(), "POST", payload.dump()).has_value();
    }

    bool pushDueDate(int64_t rfi_id, const std::string& new_date) {
        Vars vars = projectVars();
        vars["id"] = std::to_string(rfi_id);
        HeaderList h = baseHeaders();
        h.emplace_back("Content-Type", "application/json");
        h.emplace_back("X-Procore-Company-Id", std::to_string(company_id_));
        const json payload = {{"rfi", {{"due_date", new_date}}}};
        return send(buildUrl("rfi", vars), h, "PATCH", payload.dump()).has_value();
    }

    std::string webLink(int64_t rfi_id) const {
        return "https://app.procore.com/" + std::to_string(project_id_) +
               "/project/rfi/show/" + std::to_string(rfi_id);
    }

private:
    Vars projectVars() const { return {{"project", std::to_string(project_id_)}}; }

    std::string token_;
    int64_t company_id_;
    int64_t project_id_;
};

std::optional<std::string> refreshToken(RfiClient& client, const std::string& refresh) {
    const HeaderList form = {{"grant_type", "refresh_token"},
                             {"client_id", std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : ""},
                             {"refresh_token", refresh}};
    std::string body = std::accumulate(form.begin(), form.end(), std::string{},
                                       [](std::string acc, const auto& kv) {
                                           return (acc.empty() ? acc : acc + "&") + kv.first + "=" + kv.second;
                                       });
    auto resp = client.send(buildUrl("token", {}),
                            {{"Content-Type", "application/x-www-form-urlencoded"}}, "POST", body);
    if (!resp) return std::nullopt;
    return json::parse(*resp).value("access_token", std::string{});
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: rfi_nag <token> <company_id> <project_id> [today]\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int64_t company_id = std::stoll(argv[2]);
    const int project_id = std::stoi(argv[3]);
    const std::string today = argc > 4 ? argv[4] : "2024-01-01";

    RfiClient client(argv[1], company_id, project_id);
    if (const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN")) {
        if (auto fresh = refreshToken(client, refresh))
            client = RfiClient(*fresh, company_id, project_id);
    }
    if (auto who = client.whoAmI()) std::cout << "running as " << *who << "\n";

    std::vector<Rfi> all;
    for (int page = 1; page <= 20; ++page) {
        auto batch = client.listOpenRfis(page);
        if (batch.empty()) break;
        std::move(batch.begin(), batch.end(), std::back_inserter(all));
    }

    std::vector<Rfi> overdue;
    std::copy_if(all.begin(), all.end(), std::back_inserter(overdue),
                 [&today](const Rfi& r) { return !r.due_date.empty() && r.due_date < today; });

    std::vector<int64_t> overdue_ids;
    std::transform(overdue.begin(), overdue.end(), std::back_inserter(overdue_ids),
                   [](const Rfi& r) { return r.id; });

    std::for_each(overdue_ids.begin(), overdue_ids.end(), [&client](int64_t id) {
        if (!client.postReminder(id, "Reminder: this RFI is past due."))
            std::cerr << "reply failed for RFI " << id << "\n";
        client.pushDueDate(id, "2024-01-08");
        std::cout << "nudged " << client.webLink(id) << "\n";
    });

    const int nudged = static_cast<int>(overdue_ids.size());
    std::cout << nudged << " of " << all.size() << " open RFIs were overdue\n";
    curl_global_cleanup();
    return 0;
}
