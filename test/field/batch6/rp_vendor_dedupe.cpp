// rp_vendor_dedupe.cpp
// Nightly job (Developer Managed Service Account) that scans each company's
// vendor directory for duplicates -- same tax id or same normalised name --
// deactivates the newer copy and posts a summary to the #procore-admin channel.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vd {

struct CompanyId {
    std::int64_t value = 0;
};

struct VendorId {
    std::int32_t value = 0;
    bool operator==(const VendorId& o) const { return value == o.value; }
    bool operator<(const VendorId& o) const { return value < o.value; }
};

struct VendorIdHash {
    std::size_t operator()(const VendorId& id) const { return std::hash<std::int32_t>()(id.value); }
};

struct Vendor {
    VendorId id;
    long parent_id = 0;
    std::string name;
    std::string tax_id;
    std::string origin_id;  // ERP key, opaque string
    bool is_active = true;
    int trade_count = 0;
};

struct Config {
    std::string client_id;
    std::string client_secret;
    std::string slack_webhook_path;
};

Vendor vendorFromJson(const rapidjson::Value& v) {
    Vendor out;
    out.id = VendorId{v["id"].GetInt()};
    if (v.HasMember("parent_id") && v["parent_id"].IsNumber())
        out.parent_id = v["parent_id"].GetInt64();
    out.name = v["name"].IsString() ? v["name"].GetString() : "";
    if (v.HasMember("license_number") && v["license_number"].IsString())
        out.tax_id = v["license_number"].GetString();
    if (v.HasMember("origin_id") && v["origin_id"].IsString()) out.origin_id = v["origin_id"].GetString();
    out.is_active = v.HasMember("is_active") && v["is_active"].IsBool() && v["is_active"].GetBool();
    if (v.HasMember("trades") && v["trades"].IsArray()) out.trade_count = static_cast<int>(v["trades"].Size());
    return out;
}

std::string fetchServiceToken(const Config& cfg) {
    httplib::Client login("https://login.procore.com");
    httplib::Params form{{"grant_type", "client_credentials"},
                         {"client_id", cfg.client_id},
                         {"client_secret", cfg.client_secret}};
    auto res = login.Post("/oauth/token", form);
    if (!res || res->status != 200) return {};
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    return d.HasMember("access_token") ? d["access_token"].GetString() : "";
}

bool tokenStillValid(const std::string& token) {
    httplib::Client probe("https://api.procore.com");
    auto res = probe.Get("/oauth/token/info", {{"Authorization", "Bearer " + token}});
    return res && res->status == 200;
}

class ApiClient {
public:
    explicit ApiClient(std::string token) : token_(std::move(token)) { cli_.set_read_timeout(30, 0); }

    std::optional<rapidjson::Document> get(const std::string& path, CompanyId company) {
        httplib::Headers h{{"Authorization", "Bearer " + token_},
                           {"Procore-Company-Id", std::to_string(company.value)}};
        auto res = cli_.Get(path, h);
        return parse(res);
    }

    std::optional<rapidjson::Document> companies() {
        auto res = cli_.Get("/rest/v1.0/companies", {{"Authorization", "Bearer " + token_}});
        return parse(res);
    }

    bool patch(const std::string& path, const std::string& body, CompanyId company) {
        httplib::Headers h{{"Authorization", "Bearer " + token_},
                           {"X-Procore-Company-Id", std::to_string(company.value)}};
        auto res = cli_.Patch(path, h, body, "application/json");
        return res && res->status < 300;
    }

private:
    static std::optional<rapidjson::Document> parse(const httplib::Result& res) {
        if (!res || res->status >= 400) return std::nullopt;
        rapidjson::Document d;
        d.Parse(res->body.c_str());
        if (d.HasParseError()) return std::nullopt;
        return d;
    }

    httplib::Client cli_{"https://api.procore.com"};
    std::string token_;
};

class VendorRepository {
public:
    explicit VendorRepository(ApiClient& api) : api_(api) {}

    std::vector<Vendor> findAll(CompanyId company) {
        std::vector<Vendor> out;
        for (int page = 1;; ++page) {
            auto doc = api_.get(fmt::format("/rest/v1.0/vendors?company_id={}&page={}&per_page=200",
                                            company.value, page), company);
            if (!doc || !doc->IsArray() || doc->Empty()) break;
            for (const auto& v : doc->GetArray()) out.push_back(vendorFromJson(v));
        }
        for (const auto& v : out) cache_[v.id] = v;
        return out;
    }

    std::optional<Vendor> byId(VendorId id, CompanyId company) {
        if (auto it = cache_.find(id); it != cache_.end()) return it->second;
        auto doc = api_.get(fmt::format("/rest/v1.0/vendors/{}?company_id={}", id.value, company.value), company);
        if (!doc || !doc->IsObject()) return std::nullopt;
        return vendorFromJson(*doc);
    }

    bool deactivate(VendorId id, CompanyId company) {
        return api_.patch(fmt::format("/rest/v1.0/vendors/{}?company_id={}", id.value, company.value),
                          R"({"vendor":{"is_active":false}})", company);
    }

private:
    ApiClient& api_;
    std::unordered_map<VendorId, Vendor, VendorIdHash> cache_;
};

std::string dedupeKey(const Vendor& v) {
    if (!v.tax_id.empty()) return "tax:" + v.tax_id;
    std::string k;
    for (char c : v.name)
        if (std::isalnum(static_cast<unsigned char>(c))) k += static_cast<char>(std::tolower(c));
    return "name:" + k;
}

void postToSlack(const Config& cfg, const std::string& text) {
    httplib::Client slack("https://hooks.slack.com");
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("text");
    w.String(text.c_str());
    w.EndObject();
    slack.Post(cfg.slack_webhook_path, sb.GetString(), "application/json");
}

}  // namespace vd

int main() {
    using namespace vd;
    Config cfg{std::getenv("DMSA_CLIENT_ID") ? std::getenv("DMSA_CLIENT_ID") : "",
               std::getenv("DMSA_CLIENT_SECRET") ? std::getenv("DMSA_CLIENT_SECRET") : "",
               std::getenv("SLACK_WEBHOOK_PATH") ? std::getenv("SLACK_WEBHOOK_PATH") : ""};

    std::string token = fetchServiceToken(cfg);
    if (token.empty() || !tokenStillValid(token)) {
        fmt::print(stderr, "could not obtain a service-account token\n");
        return 1;
    }

    ApiClient api(token);
    VendorRepository repo(api);
    auto companies = api.companies();
    if (!companies || !companies->IsArray()) return 1;

    int totalMerged = 0;
    std::string report;
    for (const auto& c : companies->GetArray()) {
        CompanyId company{c["id"].GetInt64()};
        std::unordered_map<std::string, std::vector<VendorId>> groups;
        for (const auto& v : repo.findAll(company))
            if (v.is_active) groups[dedupeKey(v)].push_back(v.id);

        std::vector<std::pair<VendorId, VendorId>> dupes;  // (keep, drop)
        for (auto& [key, ids] : groups) {
            if (ids.size() < 2) continue;
            std::sort(ids.begin(), ids.end());
            for (std::size_t i = 1; i < ids.size(); ++i) dupes.emplace_back(ids[0], ids[i]);
        }

        std::set<std::int64_t> dropped;
        for (const auto& [keep, drop] : dupes) {
            if (dropped.count(drop.value)) continue;
            auto kept = repo.byId(keep, company);
            if (!kept || !repo.deactivate(drop, company)) continue;
            dropped.insert(drop.value);
            ++totalMerged;
            report += fmt::format("company {}: vendor {} -> {} ({})\n", company.value, drop.value,
                                  keep.value, kept->name);
        }
    }

    report += fmt::format("{} duplicate vendors deactivated. Review: "
                          "https://support.procore.com/products/online/user-guide/company-level/directory\n",
                          totalMerged);
    postToSlack(cfg, report);
    fmt::print("{}", report);
    return 0;
}
