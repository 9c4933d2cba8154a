// rp_user_directory_sync.cpp
// Keeps the Procore company directory in step with the HR system: new hires get
// a Procore user with the template of their department, leavers are deactivated.
// The employee_no -> Procore user id mapping is kept in user_map.csv.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace dirsync {

template <class Tag>
struct StrongId {
    std::int64_t value = 0;
};
struct CompanyTag {};
using CompanyId = StrongId<CompanyTag>;
using UserId = long long;
using PermissionTemplateId = std::int32_t;

struct User {
    UserId id = 0;
    std::string email;
    std::string name;
    bool is_active = true;
    PermissionTemplateId permission_template_id = 0;
    std::int64_t vendor_id = 0;
};

struct Employee {
    int employee_no = 0;  // HR system key, not a Procore id
    std::string email;
    std::string name;
    std::string department;
    bool active = true;
};

static utility::string_t T(const std::string& s) { return utility::conversions::to_string_t(s); }
static std::string S(const utility::string_t& s) { return utility::conversions::to_utf8string(s); }

User userFromJson(const json::value& v) {
    User u;
    u.id = v.at(U("id")).as_number().to_int64();
    u.email = S(v.at(U("email_address")).as_string());
    u.name = S(v.at(U("name")).as_string());
    u.is_active = v.at(U("is_active")).as_bool();
    if (v.has_field(U("permission_template")) && !v.at(U("permission_template")).is_null())
        u.permission_template_id = v.at(U("permission_template")).at(U("id")).as_integer();
    if (v.has_field(U("vendor")) && !v.at(U("vendor")).is_null())
        u.vendor_id = v.at(U("vendor")).at(U("id")).as_integer();
    return u;
}

Employee employeeFromJson(const json::value& v) {
    return {v.at(U("employee_no")).as_integer(), S(v.at(U("work_email")).as_string()),
            S(v.at(U("display_name")).as_string()), S(v.at(U("department")).as_string()),
            v.at(U("status")).as_string() == U("active")};
}

class ProcoreClient {
public:
    ProcoreClient(utility::string_t token, CompanyId company)
        : api_(U("https://api.procore.com")), token_(std::move(token)), company_(company) {}

    json::value send(const method& m, const utility::string_t& path, const json::value& body = json::value()) {
        http_request req(m);
        req.set_request_uri(path);
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        req.headers().add(U("Procore-Company-Id"), T(std::to_string(company_.value)));
        if (!body.is_null()) req.set_body(body);
        http_response res = api_.request(req).get();
        if (res.status_code() >= 400) {
            std::fprintf(stderr, "%s %s -> %d\n", S(m).c_str(), S(path).c_str(), res.status_code());
            return json::value();
        }
        return res.extract_json().get();
    }

    json::value companies() {
        http_request req(methods::GET);
        req.set_request_uri(U("/rest/v1.0/companies"));
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        return api_.request(req).get().extract_json().get();
    }

    bool deactivate(UserId id) {
        http_request req(methods::PATCH);
        req.set_request_uri(U("/rest/v1.0/companies/") + T(std::to_string(company_.value)) + U("/users/") +
                            T(std::to_string(id)));
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        json::value body;
        body[U("user")][U("is_active")] = json::value::boolean(false);
        req.set_body(body);
        return api_.request(req).get().status_code() == status_codes::OK;
    }

    std::map<std::string, PermissionTemplateId> permissionTemplates() {
        std::map<std::string, PermissionTemplateId> byName;
        http_client legacy(U("https://us02.procore.com"));
        http_request req(methods::GET);
        req.set_request_uri(U("/vapid/companies/") + T(std::to_string(company_.value)) + U("/permission_templates"));
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        req.headers().add(U("Procore-Company-Id"), T(std::to_string(company_.value)));
        json::value arr = legacy.request(req).get().extract_json().get();
        for (const auto& t : arr.as_array())
            byName[S(t.at(U("name")).as_string())] = t.at(U("id")).as_number().to_int32();
        return byName;
    }

    CompanyId company() const { return company_; }

private:
    http_client api_;
    utility::string_t token_;
    CompanyId company_;
};

utility::string_t refreshAccessToken(const std::string& clientId, const std::string& secret,
                                     const std::string& refreshToken) {
    http_client login(U("https://login.procore.com"));
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    req.set_body(T("grant_type=refresh_token&client_id=" + clientId + "&client_secret=" + secret +
                   "&refresh_token=" + refreshToken),
                 U("application/x-www-form-urlencoded"));
    json::value tok = login.request(req).get().extract_json().get();
    return tok.has_field(U("access_token")) ? tok.at(U("access_token")).as_string() : utility::string_t();
}

std::unordered_map<int, UserId> loadMapping(const std::string& file) {
    std::unordered_map<int, UserId> m;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        auto comma = line.find(',');
        if (comma == std::string::npos) continue;
        m[std::stoi(line.substr(0, comma))] = std::stoll(line.substr(comma + 1));
    }
    return m;
}

}  // namespace dirsync

int main() {
    using namespace dirsync;
    const char* env[] = {"PROCORE_CLIENT_ID", "PROCORE_CLIENT_SECRET", "PROCORE_REFRESH_TOKEN", "PROCORE_COMPANY_ID"};
    for (const char* name : env)
        if (!std::getenv(name)) { std::fprintf(stderr, "%s not set\n", name); return 2; }

    auto token = refreshAccessToken(std::getenv(env[0]), std::getenv(env[1]), std::getenv(env[2]));
    ProcoreClient procore(token, CompanyId{std::strtoll(std::getenv(env[3]), nullptr, 10)});

    json::value companies = procore.companies();
    std::printf("token sees %zu companies\n", companies.is_array() ? companies.size() : 0);

    std::unordered_map<std::string, User> usersByEmail;
    const auto companyPath = U("/rest/v1.0/companies/") + T(std::to_string(procore.company().value));
    for (int page = 1; page < 100; ++page) {
        json::value arr = procore.send(methods::GET, companyPath + U("/users?per_page=200&page=") + T(std::to_string(page)));
        if (!arr.is_array() || arr.size() == 0) break;
        for (const auto& v : arr.as_array()) { User u = userFromJson(v); usersByEmail[u.email] = u; }
    }

    http_client hr(U("https://hr.internal.example.com"));
    json::value staff = hr.request(methods::GET, U("/api/v2/employees?status=all")).get().extract_json().get();
    auto templates = procore.permissionTemplates();
    auto mapping = loadMapping("user_map.csv");

    std::set<int> leavers;
    int created = 0;
    for (const auto& v : staff.as_array()) {
        Employee e = employeeFromJson(v);
        auto it = usersByEmail.find(e.email);
        if (!e.active) {
            if (it != usersByEmail.end() && it->second.is_active) leavers.insert(it->second.id);
            continue;
        }
        if (it != usersByEmail.end()) { mapping[e.employee_no] = it->second.id; continue; }
        json::value body;
        body[U("user")][U("email_address")] = json::value::string(T(e.email));
        body[U("user")][U("name")] = json::value::string(T(e.name));
        if (templates.count(e.department))
            body[U("user")][U("permission_template_id")] = json::value::number(templates[e.department]);
        json::value made = procore.send(methods::POST, companyPath + U("/users"), body);
        if (made.has_field(U("id"))) {
            mapping[e.employee_no] = made.at(U("id")).as_number().to_int64();
            ++created;
        }
    }

    for (auto id : leavers)
        if (procore.deactivate(id)) std::printf("deactivated user %d\n", id);

    std::ofstream out("user_map.csv");
    for (const auto& [employeeNo, userId] : mapping) out << employeeNo << ',' << userId << '\n';
    std::printf("%d created, %zu deactivated; directory: https://app.procore.com/%lld/company/directory\n",
                created, leavers.size(), static_cast<long long>(procore.company().value));
    return 0;
}
