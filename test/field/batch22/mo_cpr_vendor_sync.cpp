// vendor-sync: pushes approved suppliers from the ERP into the Procore company
// directory. Runs every 15 minutes from cron as a Developer Managed Service
// Account (client_credentials), so there is no user in the loop.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

using json = nlohmann::json;

namespace {

// compile-time concatenation of literal pieces into one NUL-terminated buffer
template <std::size_t... Ns>
constexpr auto cat(const char (&... parts)[Ns]) {
    std::array<char, (Ns + ... + 0) - sizeof...(Ns) + 1> out{};
    std::size_t pos = 0;
    auto put = [&](const char* s, std::size_t n) {
        for (std::size_t i = 0; i + 1 < n; ++i) out[pos++] = s[i];
    };
    (put(parts, Ns), ...);
    out[pos] = '\0';
    return out;
}

constexpr auto kLogin = cat("https://", "login.procore.com");
constexpr auto kApi = cat("https://", "api.procore.com");
constexpr auto kTokenInfo = cat("https://", "api.procore.com", "/oauth/token/info");
constexpr std::string_view kErpSuppliers = "https://erp.internal.example.com/api/v2/suppliers?status=approved";

template <typename... Segs>
std::string url(std::string_view base, const Segs&... segs) {
    std::string out(base);
    ((out += '/', out += [](const auto& s) {
          if constexpr (std::is_arithmetic_v<std::decay_t<decltype(s)>>)
              return std::to_string(s);
          else
              return std::string(s);
      }(segs)),
     ...);
    return out;
}

using Field = std::pair<std::string, std::string>;

auto auth(std::string_view token) { return Field{"Authorization", "Bearer " + std::string(token)}; }
auto company(std::int64_t id) { return Field{"Procore-Company-Id", std::to_string(id)}; }

template <typename... Fields>
cpr::Header headers(Fields&&... fields) {
    cpr::Header h{{"Accept", "application/json"}};
    (h.insert(std::forward<Fields>(fields)), ...);
    return h;
}

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

struct Supplier {
    std::string name;
    std::string tax_id;
    std::string email;
    std::optional<std::int64_t> procore_vendor_id;
};

struct Created { std::int64_t id; };
struct Updated { std::int64_t id; };
struct Failed { long status; std::string body; };
using Outcome = std::variant<Created, Updated, Failed>;

std::optional<std::string> service_token() {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!id || !secret) return std::nullopt;
    auto r = cpr::Post(cpr::Url{url(kLogin.data(), "oauth", "token")},
                       cpr::Payload{{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}});
    if (r.status_code != 200) return std::nullopt;
    return json::parse(r.text).at("access_token").get<std::string>();
}

std::vector<Supplier> load_suppliers() {
    auto r = cpr::Get(cpr::Url{std::string(kErpSuppliers)}, cpr::Bearer{std::getenv("ERP_API_KEY")});
    std::vector<Supplier> out;
    if (r.status_code != 200) return out;
    for (const auto& row : json::parse(r.text)) {
        Supplier s{row.value("name", ""), row.value("tax_id", ""), row.value("ap_email", ""), std::nullopt};
        // ERP keeps the Procore id as a free-text custom field
        if (auto v = row.value("procore_vendor_id", ""); !v.empty()) s.procore_vendor_id = std::stoi(v);
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

int main() {
    const auto token = service_token();
    if (!token) {
        std::cerr << "vendor-sync: token request failed\n";
        return 1;
    }
    if (auto info = cpr::Get(cpr::Url{kTokenInfo.data()}, headers(auth(*token))); info.status_code != 200) {
        std::cerr << "vendor-sync: token/info " << info.status_code << '\n';
        return 1;
    }

    // the service account is installed in exactly one company; pick it up from the API
    auto companies = cpr::Get(cpr::Url{url(kApi.data(), "rest", "v1.0", "companies")}, headers(auth(*token)));
    if (companies.status_code != 200) return 1;
    const auto list = json::parse(companies.text);
    if (list.empty()) return 1;
    const std::int64_t company_id = list.at(0).at("id").get<std::int64_t>();

    // index existing vendors by tax id
    std::unordered_map<std::string, std::int64_t> by_tax_id;
    for (int page = 1;; ++page) {
        auto r = cpr::Get(cpr::Url{url(kApi.data(), "rest", "v1.0", "companies", company_id, "vendors")},
                          cpr::Parameters{{"page", std::to_string(page)}, {"per_page", "100"}},
                          headers(auth(*token), company(company_id)));
        const auto batch = json::parse(r.text);
        for (const auto& v : batch)
            if (v.contains("tax_id") && v["tax_id"].is_string())
                by_tax_id[v["tax_id"].get<std::string>()] = v.at("id").get<std::int64_t>();
        if (batch.size() < 100) break;
    }

    std::vector<Outcome> outcomes;
    for (const auto& s : load_suppliers()) {
        json vendor = {{"vendor", {{"name", s.name}, {"tax_id", s.tax_id}, {"email_address", s.email}}}};
        std::optional<std::int64_t> existing = s.procore_vendor_id;
        if (auto it = by_tax_id.find(s.tax_id); !existing && it != by_tax_id.end()) existing = it->second;

        if (existing) {
            cpr::Session session;
            session.SetUrl(url(kApi.data(), "rest", "v1.0", "companies", company_id, "vendors", *existing));
            session.SetHeader(headers(auth(*token), company(company_id), Field{"Content-Type", "application/json"}));
            session.SetBody(vendor.dump());
            auto r = session.Patch();
            outcomes.push_back(r.status_code == 200 ? Outcome{Updated{*existing}} : Outcome{Failed{r.status_code, r.text}});
        } else {
            auto r = cpr::Post(cpr::Url{url(kApi.data(), "rest", "v1.0", "companies", company_id, "vendors")},
                               headers(auth(*token), Field{"X-Procore-Company-Id", std::to_string(company_id)},
                                       Field{"Content-Type", "application/json"}),
                               cpr::Body{vendor.dump()});
            if (r.status_code == 201)
                outcomes.push_back(Created{json::parse(r.text).at("id").get<std::int64_t>()});
            else
                outcomes.push_back(Failed{r.status_code, r.text});
        }
    }

    int created = 0, updated = 0, failed = 0;
    for (const auto& o : outcomes)
        std::visit(overloaded{[&](const Created&) { ++created; }, [&](const Updated&) { ++updated; },
                              [&](const Failed& f) {
                                  ++failed;
                                  std::cerr << "  HTTP " << f.status << ": " << f.body.substr(0, 200) << '\n';
                              }},
                   o);
    std::cout << "vendor-sync: " << created << " created, " << updated << " updated, " << failed << " failed\n";
    return failed == 0 ? 0 : 3;
}
