// directory-mirror: snapshot a Procore company directory (people and vendors)
// into directory.json, diff it against the previous run, and open a GitHub
// issue for vendors whose insurance has lapsed.
//
//   directory-mirror 4012 [--snapshot directory.json] [--repo acme-builders/field-ops]
//
// Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_REFRESH_TOKEN,
//      GITHUB_TOKEN (optional), PROCORE_API_BASE / PROCORE_OAUTH_BASE (overrides)

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using nlohmann::json;

namespace web {

class Req {
public:
    static Req get(std::string path) { return Req("GET", std::move(path)); }
    static Req post(std::string path) { return Req("POST", std::move(path)); }

    Req& header(std::string name, std::string value) {
        headers_.emplace(std::move(name), std::move(value));
        return *this;
    }
    Req& bearer(std::string_view token) { return header("Authorization", "Bearer " + std::string(token)); }
    Req& param(std::string key, std::string value) {
        params_.emplace(std::move(key), std::move(value));
        return *this;
    }
    Req& json(const nlohmann::json& body) {
        body_ = body.dump();
        return *this;
    }

    httplib::Result send(httplib::Client& cli) const {
        if (method_ == "POST") return cli.Post(path_, headers_, body_, "application/json");
        return cli.Get(path_, params_, headers_);
    }

private:
    Req(std::string method, std::string path) : method_(std::move(method)), path_(std::move(path)) {
        headers_.emplace("Accept", "application/json");
    }
    std::string method_;
    std::string path_;
    std::string body_;
    httplib::Headers headers_;
    httplib::Params params_;
};

} // namespace web

using web::Req;

struct Endpoints {
    std::string api = "https://api.procore.com";
    std::string oauth = "https://api.procore.com";
    std::string github = "https://api.github.com";
    std::string web = "https://app.procore.com";
};

std::string envOr(const char* key, std::string fallback) {
    const char* v = std::getenv(key);
    return v && *v ? std::string(v) : std::move(fallback);
}

Req& withCompany(Req& req, std::int64_t companyId) {
    return req.header("Procore-Company-Id", std::to_string(companyId));
}

struct Person {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    bool active = true;
    int vendorId = 0;
};

struct Vendor {
    std::int64_t id = 0;
    std::string name;
    bool active = true;
};

void from_json(const json& j, Person& p) {
    j.at("id").get_to(p.id);
    p.name = j.value("name", "");
    p.email = j.value("email_address", "");
    p.active = j.value("is_active", true);
    if (j.contains("vendor") && j["vendor"].is_object()) j["vendor"].at("id").get_to(p.vendorId);
}

void from_json(const json& j, Vendor& v) {
    j.at("id").get_to(v.id);
    v.name = j.value("name", "");
    v.active = j.value("is_active", true);
}

// Walks Procore's page/per_page pagination; `base` is copied per page.
template <typename T>
std::vector<T> fetchAll(httplib::Client& cli, const Req& base, int perPage = 100) {
    std::vector<T> out;
    for (int page = 1;; ++page) {
        auto req = base;
        req.param("page", std::to_string(page)).param("per_page", std::to_string(perPage));
        const auto res = req.send(cli);
        if (!res || res->status != 200) {
            std::cerr << "GET failed on page " << page << " (" << (res ? res->status : -1) << ")\n";
            break;
        }
        auto batch = json::parse(res->body).get<std::vector<T>>();
        const auto n = batch.size();
        std::move(batch.begin(), batch.end(), std::back_inserter(out));
        if (n < static_cast<std::size_t>(perPage)) break;
    }
    return out;
}

std::optional<std::string> refreshToken(const Endpoints& ep) {
    httplib::Client auth(ep.oauth);
    const auto res = Req::post("/oauth/token")
                         .json({{"grant_type", "refresh_token"},
                                {"client_id", envOr("PROCORE_CLIENT_ID", "")},
                                {"client_secret", envOr("PROCORE_CLIENT_SECRET", "")},
                                {"refresh_token", envOr("PROCORE_REFRESH_TOKEN", "")}})
                         .send(auth);
    if (!res || res->status != 200) return std::nullopt;
    return json::parse(res->body).at("access_token").get<std::string>();
}

int openGithubIssue(const Endpoints& ep, const std::string& repo, const std::string& title, const std::string& body) {
    const auto token = envOr("GITHUB_TOKEN", "");
    if (token.empty()) return 0;
    httplib::Client gh(ep.github);
    const auto res = Req::post("/repos/" + repo + "/issues")
                         .header("Authorization", "token " + token)
                         .header("User-Agent", "directory-mirror/1.4")
                         .json({{"title", title}, {"body", body}, {"labels", {"vendor-compliance"}}})
                         .send(gh);
    if (!res || res->status != 201) return 0;
    return json::parse(res->body).value("number", 0);
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: directory-mirror COMPANY_ID [--snapshot FILE] [--repo OWNER/NAME]\n";
        return 2;
    }
    const long companyId = std::strtol(argv[1], nullptr, 10);
    std::string snapshotPath = "directory.json";
    std::string repo = "acme-builders/field-ops";
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::string_view(argv[i]) == "--snapshot") snapshotPath = argv[i + 1];
        if (std::string_view(argv[i]) == "--repo") repo = argv[i + 1];
    }

    Endpoints ep;
    ep.api = envOr("PROCORE_API_BASE", ep.api);
    ep.oauth = envOr("PROCORE_OAUTH_BASE", ep.oauth);

    const auto token = refreshToken(ep);
    if (!token) {
        std::cerr << "could not refresh the Procore token\n";
        return 1;
    }

    httplib::Client procore(ep.api);
    procore.set_read_timeout(30, 0);
    const std::string company = "/rest/v1.0/companies/" + std::to_string(companyId);

    auto peopleReq = Req::get(company + "/users").bearer(*token);
    const auto people = fetchAll<Person>(procore, withCompany(peopleReq, companyId));
    auto vendorReq = Req::get(company + "/vendors").bearer(*token);
    const auto vendors = fetchAll<Vendor>(procore, withCompany(vendorReq, companyId).param("sort", "name"));

    std::set<std::int64_t> previous;
    if (std::ifstream in(snapshotPath); in) {
        const auto old = json::parse(in, nullptr, false);
        if (!old.is_discarded())
            for (const auto& p : old.value("people", json::array())) previous.insert(p.at("id").get<std::int64_t>());
    }

    json snapshot = {{"company_id", companyId}, {"taken_at", std::time(nullptr)}, {"people", json::array()},
                     {"vendors", json::array()}};
    int added = 0, inactive = 0;
    for (const auto& p : people) {
        snapshot["people"].push_back({{"id", p.id}, {"name", p.name}, {"email", p.email}, {"vendor_id", p.vendorId}});
        if (!previous.count(p.id)) ++added;
        if (!p.active) ++inactive;
    }

    std::vector<std::string> lapsed;
    for (const auto& v : vendors) {
        snapshot["vendors"].push_back({{"id", v.id}, {"name", v.name}, {"active", v.active}});
        if (!v.active) continue;
        const auto res = Req::get("/rest/v1.0/vendors/" + std::to_string(v.id) + "/insurances")
                             .bearer(*token)
                             .param("company_id", std::to_string(companyId))
                             .send(procore);
        if (!res || res->status != 200) continue;
        for (const auto& ins : json::parse(res->body))
            if (ins.value("status", "") == "expired") {
                lapsed.push_back(v.name + " (" + ep.web + "/" + std::to_string(companyId) +
                                 "/company/vendors/" + std::to_string(v.id) + ")");
                break;
            }
    }

    std::ofstream(snapshotPath) << snapshot.dump(2) << "\n";
    std::cout << people.size() << " people (" << added << " new, " << inactive << " inactive), " << vendors.size()
              << " vendors, " << lapsed.size() << " with lapsed insurance\n";

    if (!lapsed.empty()) {
        std::string body = "Vendors with expired insurance certificates:\n\n";
        for (const auto& line : lapsed) body += "- " + line + "\n";
        body += "\nSee https://support.procore.com/products/online/user-guide/company-level/directory for renewal steps.";
        if (const int issue = openGithubIssue(ep, repo, "Lapsed vendor insurance", body); issue > 0)
            std::cout << "opened " << repo << "#" << issue << "\n";
    }
    return 0;
}
