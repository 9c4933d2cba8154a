// vendor_mirror: nightly job that mirrors the Procore company directory
// (company vendors plus the vendors attached to selected projects) into
// vendors.json for the accounting system, then pings #ap-sync on Slack.
//
// Runs under a Developer Managed Service Account (client_credentials grant).
//
//   pg_vendor_mirror <company_id> <out.json> [project_id ...]

#include <cpprest/http_client.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using json = nlohmann::json;
using web::http::client::http_client;
using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::status_codes;

namespace {

const char* kApiBase = "https://api.procore.com";
const char* kTokenBase = "https://api.procore.com";
const char* kSlackWebhook = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX";

enum class Scope { Company, Project };

struct PageRequest {
    Scope scope = Scope::Company;
    std::string path;
    int64_t company_id = 0;
};

struct PageCursor {
    int page = 1;
    int per_page = 100;
    bool exhausted = false;
};

struct Vendor {
    int64_t id = 0;
    std::string name;
    std::string trade;
    std::string email;
    bool active = true;
    std::vector<int64_t> project_ids;
};

std::string fetch_token() {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!id || !secret) throw std::runtime_error("PROCORE_CLIENT_ID/SECRET not set");
    http_client auth(kTokenBase);
    http_request req(methods::POST);
    req.set_request_uri("/oauth/token");
    req.set_body("grant_type=client_credentials&client_id=" + std::string(id) +
                     "&client_secret=" + std::string(secret),
                 "application/x-www-form-urlencoded");
    http_response res = auth.request(req).get();
    if (res.status_code() != status_codes::OK)
        throw std::runtime_error("token request failed: " + std::to_string(res.status_code()));
    return json::parse(res.extract_string().get()).at("access_token").get<std::string>();
}

json fetch_page(http_client& api, const std::string& token, const PageRequest& pr,
                const PageCursor& cur) {
    http_request req(methods::GET);
    const char* sep = pr.path.find('?') == std::string::npos ? "?" : "&";
    req.set_request_uri(pr.path + sep + "page=" + std::to_string(cur.page) +
                        "&per_page=" + std::to_string(cur.per_page));
    req.headers().add("Authorization", "Bearer " + token);
    if (pr.scope == Scope::Company)
        req.headers().add("Procore-Company-Id", std::to_string(pr.company_id));
    http_response res = api.request(req).get();
    if (res.status_code() != status_codes::OK)
        throw std::runtime_error(pr.path + " -> HTTP " + std::to_string(res.status_code()));
    return json::parse(res.extract_string().get());
}

// Range of pages: begin() pulls page 1, ++ pulls the next one, and the
// iterator compares equal to end() once a page comes back empty.
class PageRange {
public:
    PageRange(http_client& api, std::string token, PageRequest pr, int per_page = 100)
        : api_(api), token_(std::move(token)), pr_(std::move(pr)) {
        cursor_.per_page = per_page;
    }

    class iterator {
    public:
        iterator() = default;
        explicit iterator(PageRange* r) : range_(r) { load(); }
        const json& operator*() const { return page_; }
        iterator& operator++() {
            ++range_->cursor_.page;
            load();
            return *this;
        }
        bool operator!=(const iterator& o) const { return range_ != o.range_; }

    private:
        void load() {
            page_ = fetch_page(range_->api_, range_->token_, range_->pr_, range_->cursor_);
            if (!page_.is_array() || page_.empty()) {
                range_->cursor_.exhausted = true;
                range_ = nullptr;
            }
        }
        PageRange* range_ = nullptr;
        json page_;
    };

    iterator begin() {
        cursor_ = PageCursor{1, cursor_.per_page, false};
        return iterator(this);
    }
    iterator end() { return iterator(); }

private:
    http_client& api_;
    std::string token_;
    PageRequest pr_;
    PageCursor cursor_;
};

Vendor to_vendor(const json& j) {
    Vendor v;
    v.id = j.at("id").get<int64_t>();
    v.name = j.value("name", "");
    v.email = j.value("email_address", "");
    v.active = j.value("is_active", true);
    if (j.contains("trade_name") && j["trade_name"].is_string()) v.trade = j["trade_name"];
    return v;
}

void notify_slack(const std::string& text) {
    http_client slack(kSlackWebhook);
    http_request req(methods::POST);
    req.set_body(json{{"text", text}}.dump(), "application/json");
    try {
        slack.request(req).get();
    } catch (const std::exception& e) {
        std::cerr << "slack: " << e.what() << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " <company_id> <out.json> [project_id ...]\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    std::vector<int64_t> project_ids;
    for (int i = 3; i < argc; ++i) project_ids.push_back(std::stol(argv[i]));

    try {
        const std::string token = fetch_token();
        http_client api(kApiBase);

        // Confirm the service account can see the company and grab its name.
        http_request companies_req(methods::GET);
        companies_req.set_request_uri("/rest/v1.0/companies");
        companies_req.headers().add("Authorization", "Bearer " + token);
        http_response companies_res = api.request(companies_req).get();
        std::string company_name;
        for (const auto& c : json::parse(companies_res.extract_string().get())) {
            if (c.at("id").get<unsigned>() == company_id) company_name = c.value("name", "");
        }
        if (company_name.empty()) {
            std::cerr << "service account has no access to company " << company_id << "\n";
            return 1;
        }

        std::map<int64_t, Vendor> vendors;
        PageRange company_pages(api, token,
                                {Scope::Company, "/rest/v1.0/vendors?company_id=" +
                                                     std::to_string(company_id), company_id});
        int pages_read = 0;
        for (auto it = company_pages.begin(); it != company_pages.end(); ++it) {
            ++pages_read;
            for (const auto& j : *it) {
                Vendor v = to_vendor(j);
                vendors[v.id] = v;
            }
        }

        for (int64_t pid : project_ids) {
            PageRange project_pages(api, token,
                                    {Scope::Project, "/rest/v1.0/projects/" +
                                                         std::to_string(pid) + "/vendors",
                                     company_id}, 200);
            for (auto it = project_pages.begin(); it != project_pages.end(); ++it) {
                ++pages_read;
                for (const auto& j : *it) {
                    Vendor v = to_vendor(j);
                    auto& slot = vendors[v.id];
                    if (slot.id == 0) slot = v;
                    slot.project_ids.push_back(pid);
                }
            }
        }

        json out = json::array();
        for (const auto& [id, v] : vendors) {
            out.push_back({{"procore_id", id}, {"name", v.name}, {"trade", v.trade},
                           {"email", v.email}, {"active", v.active},
                           {"projects", v.project_ids},
                           {"url", "https://app.procore.com/" + std::to_string(company_id) +
                                       "/company/directory/vendors/" + std::to_string(id)}});
        }
        std::ofstream(argv[2]) << out.dump(2) << '\n';

        notify_slack("Vendor mirror for " + company_name + ": " + std::to_string(vendors.size()) +
                     " vendors from " + std::to_string(pages_read) + " pages");
    } catch (const std::exception& e) {
        std::cerr << "vendor_mirror: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
