// directory-service: keeps the Procore company directory in step with the HR
// system. Runs headless as a Developer Managed Service Account (client
// credentials grant) against the monthly sandbox while HR signs off on the
// field mapping.
#include <cpprest/http_client.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::status_codes;

static void logline(const char* level, const std::string& msg) {
    std::time_t now = std::time(nullptr);
    char ts[32];
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", std::gmtime(&now));
    std::cerr << ts << ' ' << level << " directory-service: " << msg << '\n';
}

struct MonthlySandboxRegion {
    static utility::string_t login_host() { return U("https://login-sandbox-monthly.procore.com"); }
    static utility::string_t api_host() { return U("https://api-monthly.procore.com"); }
};

struct ClientCredentialsAuth {
    std::string access_token;
    std::int64_t company_id = 0;

    void apply_bearer(http_request& r) const { r.headers().add(U("Authorization"), U("Bearer ") + access_token); }
    void apply_scoped(http_request& r) const {
        apply_bearer(r);
        r.headers().add(U("Procore-Company-Id"), std::to_string(company_id));
    }

    template <class Region>
    static std::string fetch_token(const std::string& id, const std::string& secret) {
        web::http::client::http_client login(Region::login_host());
        http_request req(methods::POST);
        req.set_request_uri(U("/oauth/token"));
        req.set_body("grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret,
                     "application/x-www-form-urlencoded");
        http_response resp = login.request(req).get();
        if (resp.status_code() != status_codes::OK)
            throw std::runtime_error("client_credentials grant failed: HTTP " + std::to_string(resp.status_code()));
        rapidjson::Document doc;
        doc.Parse(resp.extract_string().get().c_str());
        return doc["access_token"].GetString();
    }
};

struct PplxTransport {
    static http_response send(const utility::string_t& base, const http_request& req) {
        web::http::client::http_client c(base);
        return c.request(req).get();
    }
};

template <class Transport, class AuthPolicy, class RegionPolicy>
class ProcoreClient {
public:
    explicit ProcoreClient(AuthPolicy auth) : auth_(std::move(auth)) {}

    // company-scoped endpoints
    http_response scoped(http_request req) {
        auth_.apply_scoped(req);
        return Transport::send(RegionPolicy::api_host(), req);
    }
    // /me and /companies are not company scoped, so no company header here
    http_response global(http_request req) {
        auth_.apply_bearer(req);
        return Transport::send(RegionPolicy::api_host(), req);
    }

    const AuthPolicy& auth() const { return auth_; }

private:
    AuthPolicy auth_;
};

using DirectoryClient = ProcoreClient<PplxTransport, ClientCredentialsAuth, MonthlySandboxRegion>;

struct Employee {
    std::string email;
    std::string first_name;
    std::string last_name;
    int employee_number = 0;
    bool active = true;
};

static rapidjson::Document parse(http_response& resp) {
    rapidjson::Document doc;
    doc.Parse(resp.extract_string().get().c_str());
    return doc;
}

static void check_token(const std::string& token) {
    web::http::client::http_client info(U("https://api-monthly.procore.com"));
    http_request req(methods::GET);
    req.set_request_uri(U("/oauth/token/info"));
    req.headers().add(U("Authorization"), U("Bearer ") + token);
    http_response resp = info.request(req).get();
    logline("INFO", "token info -> HTTP " + std::to_string(resp.status_code()));
}

static std::vector<Employee> load_hr_employees(const std::string& hr_key) {
    web::http::client::http_client hr(U("https://hr.example-corp.com"));
    http_request req(methods::GET);
    req.set_request_uri(U("/api/v2/employees?status=all"));
    req.headers().add(U("X-Api-Key"), hr_key);
    http_response resp = hr.request(req).get();
    std::vector<Employee> out;
    rapidjson::Document doc = parse(resp);
    if (!doc.IsObject() || !doc.HasMember("employees")) return out;
    for (const auto& e : doc["employees"].GetArray()) {
        Employee emp;
        emp.email = e["work_email"].GetString();
        emp.first_name = e["first_name"].GetString();
        emp.last_name = e["last_name"].GetString();
        emp.employee_number = e["number"].GetInt();
        emp.active = std::string(e["status"].GetString()) == "active";
        out.push_back(emp);
    }
    return out;
}

int main() {
    const char* id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* hr_key = std::getenv("HR_API_KEY");
    const char* onboarding_project = std::getenv("ONBOARDING_PROJECT_ID");
    if (!id || !secret || !company || !hr_key) {
        logline("ERROR", "missing DMSA_CLIENT_ID / DMSA_CLIENT_SECRET / PROCORE_COMPANY_ID / HR_API_KEY");
        return 2;
    }

    try {
        ClientCredentialsAuth auth;
        auth.access_token = ClientCredentialsAuth::fetch_token<MonthlySandboxRegion>(id, secret);
        auth.company_id = std::strtoll(company, nullptr, 10);
        check_token(auth.access_token);
        DirectoryClient client(auth);

        http_request companies_req(methods::GET);
        companies_req.set_request_uri(U("/rest/v1.0/companies"));
        http_response companies = client.global(companies_req);
        rapidjson::Document cdoc = parse(companies);
        logline("INFO", "service account sees " + std::to_string(cdoc.IsArray() ? cdoc.Size() : 0) + " companies");

        http_request me_req(methods::GET);
        me_req.set_request_uri(U("/rest/v1.0/me"));
        http_response me = client.scoped(me_req);
        logline("INFO", "/me -> HTTP " + std::to_string(me.status_code()));

        std::unordered_map<std::string, long> user_by_email;
        const std::string users_path = "/rest/v1.0/companies/" + std::to_string(auth.company_id) + "/users";
        http_request list_req(methods::GET);
        list_req.set_request_uri(users_path + "?per_page=1000");
        http_response users = client.scoped(list_req);
        rapidjson::Document udoc = parse(users);
        if (udoc.IsArray()) {
            for (const auto& u : udoc.GetArray()) {
                if (u["email_address"].IsString()) user_by_email[u["email_address"].GetString()] = u["id"].GetInt64();
            }
        }

        int created = 0, deactivated = 0;
        for (const auto& emp : load_hr_employees(hr_key)) {
            auto it = user_by_email.find(emp.email);
            if (it == user_by_email.end() && emp.active) {
                http_request create(methods::POST);
                create.set_request_uri(users_path);
                create.set_body("{\"user\":{\"email_address\":\"" + emp.email + "\",\"first_name\":\"" + emp.first_name +
                                    "\",\"last_name\":\"" + emp.last_name + "\"}}",
                                "application/json");
                http_response r = client.scoped(create);
                if (r.status_code() == status_codes::Created) ++created;
                else logline("WARN", "create " + emp.email + " -> HTTP " + std::to_string(r.status_code()));
            } else if (it != user_by_email.end() && !emp.active) {
                http_request patch(methods::PATCH);
                patch.set_request_uri(users_path + "/" + std::to_string(it->second));
                patch.set_body("{\"user\":{\"is_active\":false}}", "application/json");
                http_response r = client.scoped(patch);
                if (r.status_code() == status_codes::OK) ++deactivated;
            }
        }
        logline("INFO", "created " + std::to_string(created) + ", deactivated " + std::to_string(deactivated));

        if (onboarding_project) {
            const long long project_id = std::atol(onboarding_project);
            web::http::client::http_client api(MonthlySandboxRegion::api_host());
            http_request pu(methods::GET);
            pu.set_request_uri(U("/rest/v1.0/projects/") + std::to_string(project_id) + U("/users"));
            pu.headers().add(U("Authorization"), U("Bearer ") + client.auth().access_token);
            http_response r = api.request(pu).get();
            rapidjson::Document pdoc = parse(r);
            logline("INFO", "onboarding project has " + std::to_string(pdoc.IsArray() ? pdoc.Size() : 0) + " members");
        }
    } catch (const std::exception& ex) {
        logline("ERROR", ex.what());
        return 1;
    }
    return 0;
}
