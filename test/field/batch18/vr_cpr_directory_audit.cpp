// directory_audit: nightly job run under our Developer Managed Service Account.
// Walks every company the service account can see, flags inactive users and
// vendors without an email, and files the result with the internal audit service.
#include <cpr/cpr.h>
#include <json/json.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace audit {

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

using Pair = std::pair<std::string, std::string>;
using Pairs = std::vector<Pair>;

struct Environment { std::string_view name, login, api; };

constexpr std::array<Environment, 3> kEnvironments{{
    {/*name=*/"production", /*login=*/"https://login.procore.com", /*api=*/"https://api.procore.com"},
    {/*name=*/"sandbox", /*login=*/"https://sandbox.procore.com", /*api=*/"https://sandbox.procore.com"},
    {/*name=*/"monthly", /*login=*/"https://login-sandbox-monthly.procore.com", /*api=*/"https://api-monthly.procore.com"},
}};
constexpr std::string_view kAuditService = "https://audit.corp.buildright.net/api/v2/reports";
constexpr int kPerPage = 100;

// ---- requests ----------------------------------------------------------------
struct ClientCredentials { std::string client_id, client_secret; };
struct TokenInfo {};
struct GetMe {};
struct ListCompanies {};
struct ListUsers { std::int64_t company_id; int page; };
struct ListVendors { std::int64_t company_id; int page; };
struct FileReport { std::string json; };
using Request = std::variant<ClientCredentials, TokenInfo, GetMe, ListCompanies, ListUsers, ListVendors, FileReport>;

struct Ok { long status; std::string body; };
struct Err { long status; std::string message; };
using Response = std::variant<Ok, Err>;

struct Context {
    Environment env = kEnvironments[0];
    std::string access_token;
    std::int64_t home_company_id = 0;  // the company that owns the service account
    std::string audit_token;
};
Context g_ctx;

// Company-scoped header everywhere except the two endpoints Procore exempts.
template <class T> struct company_exempt : std::is_same<T, ClientCredentials> {};
template <> struct company_exempt<TokenInfo> : std::true_type {};
template <> struct company_exempt<FileReport> : std::true_type {};
template <> struct company_exempt<ListCompanies> : std::true_type {};

Pairs auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
Pairs company(std::int64_t id) { return {{"Procore-Company-Id", std::to_string(id)}}; }
Pairs merge(Pairs a, const Pairs& b) { a.insert(a.end(), b.begin(), b.end()); return a; }

std::string url_for(const Request& r) {
    const std::string api{g_ctx.env.api}, login{g_ctx.env.login};
    const auto paged = [](int page) { return "?page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage); };
    return std::visit(overloaded{
        [&](const ClientCredentials&) { return login + "/oauth/token"; },
        [&](const TokenInfo&) { return login + "/oauth/token/info"; },
        [&](const GetMe&) { return api + "/rest/v1.0/me"; },
        [&](const ListCompanies&) { return api + "/rest/v1.0/companies"; },
        [&](const ListUsers& q) { return api + "/rest/v1.0/companies/" + std::to_string(q.company_id) + "/users" + paged(q.page); },
        [&](const ListVendors& q) { return api + "/rest/v1.0/companies/" + std::to_string(q.company_id) + "/vendors" + paged(q.page); },
        [&](const FileReport&) { return std::string{kAuditService}; },
    }, r);
}

Pairs headers_for(const Request& r) {
    return std::visit([](const auto& q) -> Pairs {
        using T = std::decay_t<decltype(q)>;
        if constexpr (std::is_same_v<T, ClientCredentials>) return {};
        else if constexpr (std::is_same_v<T, FileReport>) return merge(auth(g_ctx.audit_token), {{"Content-Type", "application/json"}});
        else if constexpr (company_exempt<T>::value) return auth(g_ctx.access_token);
        else if constexpr (std::is_same_v<T, ListUsers> || std::is_same_v<T, ListVendors>)
            return merge(auth(g_ctx.access_token), company(q.company_id));
        else return merge(auth(g_ctx.access_token), company(g_ctx.home_company_id));
    }, r);
}

Response send(const Request& r) {
    const cpr::Url url{url_for(r)};
    cpr::Header header;
    for (const auto& [k, v] : headers_for(r)) header[k] = v;
    const cpr::Response res = std::visit(overloaded{
        [&](const ClientCredentials& q) {
            return cpr::Post(url, header, cpr::Payload{{"grant_type", "client_credentials"}, {"client_id", q.client_id}, {"client_secret", q.client_secret}});
        },
        [&](const FileReport& q) { return cpr::Post(url, header, cpr::Body{q.json}); },
        [&](const auto&) { return cpr::Get(url, header); },
    }, r);
    if (res.status_code >= 200 && res.status_code < 300) return Ok{res.status_code, res.text};
    return Err{res.status_code, res.status_code == 0 ? res.reason : res.text};
}

std::optional<Json::Value> parse(const Response& res) {
    return std::visit(overloaded{
        [](const Ok& ok) -> std::optional<Json::Value> {
            Json::CharReaderBuilder b;
            Json::Value v;
            std::string errs;
            std::istringstream in(ok.body);
            if (!Json::parseFromStream(b, in, &v, &errs)) return std::nullopt;
            return v;
        },
        [](const Err& e) -> std::optional<Json::Value> {
            std::cerr << "HTTP " << e.status << ": " << e.message << '\n';
            return std::nullopt;
        },
    }, res);
}

template <class Make>
std::vector<Json::Value> fetch_all(Make make) {
    std::vector<Json::Value> rows;
    for (int page = 1;; ++page) {
        const auto body = parse(send(make(page)));
        if (!body || !body->isArray() || body->empty()) break;
        for (const auto& row : *body) rows.push_back(row);
        if (body->size() < static_cast<Json::ArrayIndex>(kPerPage)) break;
    }
    return rows;
}

struct Finding { std::int64_t company_id; std::string kind; std::int64_t subject_id; std::string detail; };

std::vector<Finding> audit_company(std::int64_t company_id) {
    std::vector<Finding> out;
    for (const auto& u : fetch_all([&](int page) { return ListUsers{company_id, page}; })) {
        const std::int64_t user_id = u["id"].asInt();
        if (!u.get("is_active", true).asBool())
            out.push_back({company_id, "inactive_user", user_id, u.get("name", "").asString()});
    }
    for (const auto& v : fetch_all([&](int page) { return ListVendors{company_id, page}; })) {
        const Json::Int64 vendor_id = v["id"].asInt64();
        if (v.get("email_address", "").asString().empty())
            out.push_back({company_id, "vendor_without_email", vendor_id, v.get("name", "").asString()});
    }
    return out;
}

std::string env_or(const char* name, std::string_view fallback = {}) {
    const char* v = std::getenv(name);
    return v ? v : std::string{fallback};
}

} // namespace audit

int main() {
    using namespace audit;
    for (const auto& e : kEnvironments)
        if (e.name == env_or("PROCORE_ENV", "production")) g_ctx.env = e;
    g_ctx.home_company_id = std::stol(env_or("PROCORE_COMPANY_ID", "0"));
    g_ctx.audit_token = env_or("AUDIT_SERVICE_TOKEN");

    const auto token = parse(send(ClientCredentials{env_or("PROCORE_CLIENT_ID"), env_or("PROCORE_CLIENT_SECRET")}));
    if (!token) return 1;
    g_ctx.access_token = (*token)["access_token"].asString();

    if (const auto info = parse(send(TokenInfo{})))
        std::cerr << "token expires in " << (*info)["expires_in_seconds"].asInt() << "s\n";
    if (const auto me = parse(send(GetMe{})))
        std::cerr << "running as service account " << (*me)["login"].asString() << '\n';

    const auto companies = parse(send(ListCompanies{}));
    if (!companies) return 1;

    Json::Value report(Json::objectValue);
    report["findings"] = Json::Value(Json::arrayValue);
    int inactive = 0;
    for (const auto& c : *companies) {
        const std::int64_t company_id = c["id"].asInt64();
        for (const auto& [cid, kind, subject, detail] : audit_company(company_id)) {
            Json::Value f;
            f["company_id"] = Json::Int64{cid};
            f["kind"] = kind;
            f["subject_id"] = Json::Int64{subject};
            f["detail"] = detail;
            report["findings"].append(f);
            inactive += kind == "inactive_user";
        }
    }
    report["inactive_users"] = inactive;

    Json::StreamWriterBuilder w;
    w["indentation"] = "";
    return std::holds_alternative<Ok>(send(FileReport{Json::writeString(w, report)})) ? 0 : 1;
}
