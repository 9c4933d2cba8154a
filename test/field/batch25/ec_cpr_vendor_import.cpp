// vendor-import: one-shot tool the accounting team runs after onboarding a new
// subcontractor list. Reads vendors.csv, logs the user in with the
// authorization-code grant (local redirect), then creates or updates vendors in
// the company directory.
//
// CSV columns: name,abbreviated_name,email,procore_vendor_id(optional)
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace procore {

constexpr const char* kAuthorizeUrl = "https://login.procore.com/oauth/authorize";
constexpr const char* kTokenUrl = "https://login.procore.com/oauth/token";
constexpr const char* kRevokeUrl = "https://login.procore.com/oauth/revoke";
constexpr const char* kApi = "https://api.procore.com";
constexpr const char* kDirectory = "https://us02.procore.com/rest/v1.0/companies/";
constexpr int kRedirectPort = 8765;

enum class Err { None, Http, Json, Csv, NoCode };

struct Status {
    Err err = Err::None;
    long http = 0;
    std::string where;
    explicit operator bool() const { return err == Err::None; }
};

struct Vendor {
    std::string name;
    std::string abbreviated_name;
    std::string email;
    std::optional<int64_t> existing_id;
};

struct Auth {
    std::string access_token;
    std::string refresh_token;
    int64_t company_id = 0;
};

inline Status http_status(const cpr::Response& r, const std::string& where) {
    if (r.status_code >= 200 && r.status_code < 300) return {};
    return Status{Err::Http, r.status_code, where};
}

inline std::optional<json> body_json(const cpr::Response& r) {
    json j = json::parse(r.text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

std::optional<Auth> exchange_code(const std::string& code, const std::string& client_id,
                                  const std::string& secret, Status& st) {
    const std::string redirect = "http://localhost:" + std::to_string(kRedirectPort) + "/callback";
    cpr::Response r = cpr::Post(cpr::Url{kTokenUrl},
                                cpr::Payload{{"grant_type", "authorization_code"},
                                             {"code", code},
                                             {"client_id", client_id},
                                             {"client_secret", secret},
                                             {"redirect_uri", redirect}});
    if (!(st = http_status(r, "token"))) return std::nullopt;
    auto j = body_json(r);
    if (!j) {
        st = Status{Err::Json, r.status_code, "token"};
        return std::nullopt;
    }
    return Auth{(*j)["access_token"].get<std::string>(), j->value("refresh_token", ""), 0};
}

std::optional<std::string> current_login(const Auth& a, Status& st) {
    cpr::Response r = cpr::Get(cpr::Url{std::string(kApi) + "/rest/v1.0/me"}, cpr::Bearer{a.access_token});
    if (!(st = http_status(r, "me"))) return std::nullopt;
    return body_json(r).value_or(json::object()).value("login", "");
}

cpr::Header company_header(const Auth& a) {
    return cpr::Header{{"Procore-Company-Id", std::to_string(a.company_id)}};
}

std::optional<json> existing_vendors(const Auth& a, Status& st) {
    cpr::Response r = cpr::Get(cpr::Url{std::string(kApi) + "/rest/v1.0/vendors"},
                               cpr::Parameters{{"company_id", std::to_string(a.company_id)},
                                               {"per_page", "1000"}},
                               cpr::Bearer{a.access_token}, company_header(a));
    if (!(st = http_status(r, "list vendors"))) return std::nullopt;
    return body_json(r);
}

std::optional<int64_t> create_vendor(const Auth& a, const Vendor& v, Status& st) {
    json body = {{"company_id", a.company_id},
                 {"vendor", {{"name", v.name}, {"abbreviated_name", v.abbreviated_name},
                             {"email_address", v.email}, {"is_active", true}}}};
    cpr::Response r = cpr::Post(cpr::Url{std::string(kApi) + "/rest/v1.0/vendors"},
                                cpr::Bearer{a.access_token},
                                cpr::Header{{"Content-Type", "application/json"},
                                            {"Company-Id", std::to_string(a.company_id)}},
                                cpr::Body{body.dump()});
    if (!(st = http_status(r, "create vendor"))) return std::nullopt;
    auto j = body_json(r);
    if (!j) return std::nullopt;
    return j->at("id").get<int64_t>();
}

Status update_vendor(const Auth& a, int vendor_id, const Vendor& v) {
    json body = {{"vendor", {{"abbreviated_name", v.abbreviated_name}, {"email_address", v.email}}}};
    cpr::Header h = company_header(a);
    h["Content-Type"] = "application/json";
    cpr::Response r = cpr::Put(cpr::Url{std::string(kApi) + "/rest/v1.0/vendors/" +
                                        std::to_string(vendor_id) + "?company_id=" +
                                        std::to_string(a.company_id)},
                               cpr::Bearer{a.access_token}, h, cpr::Body{body.dump()});
    return http_status(r, "update vendor");
}

std::optional<size_t> count_directory_users(const Auth& a, Status& st) {
    cpr::Response r = cpr::Get(cpr::Url{kDirectory + std::to_string(a.company_id) + "/users"},
                               cpr::Bearer{a.access_token}, company_header(a));
    if (!(st = http_status(r, "users"))) return std::nullopt;
    auto j = body_json(r);
    return j ? std::optional<size_t>(j->size()) : std::nullopt;
}

void revoke(const Auth& a, const std::string& client_id, const std::string& secret) {
    cpr::Post(cpr::Url{kRevokeUrl}, cpr::Payload{{"token", a.access_token},
                                                 {"client_id", client_id},
                                                 {"client_secret", secret}});
}

} // namespace procore

static std::optional<std::vector<procore::Vendor>> read_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::vector<procore::Vendor> out;
    std::string line;
    std::getline(in, line); // header row
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
        if (f.size() < 3) return std::nullopt;
        procore::Vendor v{f[0], f[1], f[2], std::nullopt};
        if (f.size() > 3 && !f[3].empty()) v.existing_id = std::stoi(f[3]);
        out.push_back(std::move(v));
    }
    return out;
}

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: vendor-import <vendors.csv> <client_id> <client_secret> <company_id>\n"
                  << "open " << procore::kAuthorizeUrl << "?response_type=code&client_id=...&redirect_uri=http://localhost:"
                  << procore::kRedirectPort << "/callback and paste the code\n";
        return 64;
    }
    auto vendors = read_csv(argv[1]);
    if (!vendors) {
        std::cerr << "could not read " << argv[1] << "\n";
        return 1;
    }
    std::string code;
    std::cout << "authorization code: " << std::flush;
    std::getline(std::cin, code);

    procore::Status st;
    auto auth = procore::exchange_code(code, argv[2], argv[3], st);
    if (!auth) {
        std::cerr << "login failed at " << st.where << " (HTTP " << st.http << ")\n";
        return 1;
    }
    auth->company_id = std::stoll(argv[4]);
    if (auto who = procore::current_login(*auth, st)) std::cout << "logged in as " << *who << "\n";
    if (auto n = procore::count_directory_users(*auth, st)) std::cout << *n << " directory users\n";

    std::vector<std::string> known;
    if (auto list = procore::existing_vendors(*auth, st))
        for (const auto& row : *list) known.push_back(row.value("name", ""));

    int created = 0, updated = 0, failed = 0;
    for (const auto& v : *vendors) {
        if (!v.existing_id && std::find(known.begin(), known.end(), v.name) != known.end()) {
            std::cout << "skip " << v.name << " (already in directory)\n";
            continue;
        }
        if (v.existing_id) {
            procore::Status us = procore::update_vendor(*auth, *v.existing_id, v);
            (us ? updated : failed)++;
        } else if (procore::create_vendor(*auth, v, st)) {
            ++created;
        } else {
            std::cerr << v.name << ": " << st.where << " HTTP " << st.http << "\n";
            ++failed;
        }
    }
    std::cout << created << " created, " << updated << " updated, " << failed << " failed\n";
    std::cout << "review at https://app.procore.com/" << auth->company_id << "/company/vendors\n";
    procore::revoke(*auth, argv[2], argv[3]);
    return failed == 0 ? 0 : 1;
}
