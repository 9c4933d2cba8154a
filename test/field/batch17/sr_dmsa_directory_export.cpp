// directory_export — nightly job run under our Developer Managed Service Account.
// Pulls the company directory (users + vendors) and writes a JSON snapshot that
// the HR bridge picks up; also invites new hires listed in hires.json.
//
// Env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using nlohmann::json;

namespace dir {

constexpr const char* kLoginBase = "https://login.procore.com";
constexpr const char* kApiBase = "https://api.procore.com";
constexpr int kPerPage = 100;

struct Company {
    int64_t id = 0;
    std::string name;
    bool is_active = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Company, id, name, is_active)

struct Me {
    int64_t id = 0;
    std::string login;
    std::string name;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Me, id, login, name)

struct VendorRef {
    int64_t id = 0;
    std::string name;
};

struct DirectoryUser {
    int64_t id = 0;
    std::string name;
    std::string email_address;
    std::string job_title;
    std::optional<VendorRef> vendor;
    int64_t default_permission_template_id = 0;
};

// New-hire payload for POST /companies/{id}/users
struct NewUser {
    std::string email_address;
    std::string first_name;
    std::string last_name;
    int32_t vendor_id = 0;
    bool is_employee = true;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NewUser, email_address, first_name, last_name, vendor_id,
                                   is_employee)

void from_json(const json& j, VendorRef& v) {
    v.id = j.at("id").get<int64_t>();
    v.name = j.value("name", "");
}

void from_json(const json& j, DirectoryUser& u) {
    u.id = j.at("id").get<int64_t>();
    u.name = j.value("name", "");
    u.email_address = j.value("email_address", "");
    u.job_title = j.value("job_title", "");
    if (j.contains("vendor") && !j["vendor"].is_null())
        u.vendor = j["vendor"].get<VendorRef>();
    const auto& tpl = j.value("default_permission_template_id", json());
    if (!tpl.is_null())
        u.default_permission_template_id = tpl.get<int>();
}

void to_json(json& j, const DirectoryUser& u) {
    j = json{{"id", u.id},
             {"name", u.name},
             {"email_address", u.email_address},
             {"job_title", u.job_title}};
    if (u.vendor)
        j["vendor_id"] = u.vendor->id;
}

size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

struct Reply {
    long status = 0;
    std::string body;
};

class Http {
  public:
    Http() : curl_(curl_easy_init()) {
        if (!curl_) throw std::runtime_error("curl_easy_init failed");
    }
    ~Http() { curl_easy_cleanup(curl_); }

    Reply send(const std::string& method, const std::string& url,
               const std::vector<std::string>& headers, const std::string& body = {}) {
        curl_easy_reset(curl_);
        Reply r;
        curl_slist* list = nullptr;
        for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
        if (!body.empty()) curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &r.body);
        CURLcode rc = curl_easy_perform(curl_);
        curl_slist_free_all(list);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &r.status);
        if (r.status >= 400)
            throw std::runtime_error(method + " " + url + " -> " + std::to_string(r.status));
        return r;
    }

  private:
    CURL* curl_;
};

class DirectoryClient {
  public:
    DirectoryClient(std::string id, std::string secret, int64_t company_id)
        : client_id_(std::move(id)), client_secret_(std::move(secret)), company_id_(company_id) {}

    void authenticate() {
        const std::string form = "grant_type=client_credentials&client_id=" + client_id_ +
                                 "&client_secret=" + client_secret_;
        Reply r = http_.send("POST", std::string(kLoginBase) + "/oauth/token",
                             {"Content-Type: application/x-www-form-urlencoded"}, form);
        token_ = json::parse(r.body).at("access_token").get<std::string>();
    }

    Me whoami() {
        Reply r = http_.send("GET", std::string(kApiBase) + "/rest/v1.0/me", company_headers());
        return json::parse(r.body).get<Me>();
    }

    std::vector<Company> companies() {
        Reply r = http_.send("GET", std::string(kApiBase) + "/rest/v1.0/companies", auth_headers());
        return json::parse(r.body).get<std::vector<Company>>();
    }

    std::vector<DirectoryUser> users() {
        std::vector<DirectoryUser> out;
        for (int page = 1;; ++page) {
            const std::string url = std::string(kApiBase) + "/rest/v1.0/companies/" +
                                    std::to_string(company_id_) + "/users?per_page=" +
                                    std::to_string(kPerPage) + "&page=" + std::to_string(page);
            Reply r = http_.send("GET", url, company_headers());
            auto batch = json::parse(r.body).get<std::vector<DirectoryUser>>();
            out.insert(out.end(), batch.begin(), batch.end());
            if (static_cast<int>(batch.size()) < kPerPage) break;
        }
        return out;
    }

    std::map<int64_t, std::string> vendors() {
        const std::string url = std::string(kApiBase) + "/rest/v1.0/vendors?company_id=" +
                                std::to_string(company_id_);
        Reply r = http_.send("GET", url, company_headers());
        std::map<int64_t, std::string> names;
        for (const auto& v : json::parse(r.body)) names[v.at("id").get<int64_t>()] = v.value("name", "");
        return names;
    }

    DirectoryUser invite(const NewUser& hire) {
        const json body = {{"user", hire}};
        auto headers = auth_headers();
        headers.push_back("Content-Type: application/json");
        Reply r = http_.send("POST", std::string(kApiBase) + "/rest/v1.0/companies/" +
                                         std::to_string(company_id_) + "/users",
                             headers, body.dump());
        return json::parse(r.body).get<DirectoryUser>();
    }

    std::string directory_link() const {
        return "https://app.procore.com/" + std::to_string(company_id_) + "/company/directory";
    }

  private:
    std::vector<std::string> auth_headers() const {
        return {"Authorization: Bearer " + token_, "Accept: application/json"};
    }
    std::vector<std::string> company_headers() const {
        auto h = auth_headers();
        h.push_back("Procore-Company-Id: " + std::to_string(company_id_));
        return h;
    }

    Http http_;
    std::string client_id_, client_secret_, token_;
    int64_t company_id_;
};

}  // namespace dir

int main(int argc, char** argv) {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!cid || !sec || !company) {
        std::cerr << "missing PROCORE_* environment\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = 0;
    try {
        dir::DirectoryClient client(cid, sec, std::strtoll(company, nullptr, 10));
        client.authenticate();
        const dir::Me me = client.whoami();
        std::cerr << "running as service account " << me.login << " (" << me.id << ")\n";
        for (const auto& c : client.companies())
            if (!c.is_active) std::cerr << "note: company " << c.id << " inactive\n";

        json snapshot;
        snapshot["users"] = client.users();
        snapshot["vendors"] = client.vendors();
        snapshot["link"] = client.directory_link();

        if (argc > 1) {
            std::ifstream hires(argv[1]);
            for (const auto& h : json::parse(hires).get<std::vector<dir::NewUser>>()) {
                const auto created = client.invite(h);
                std::cerr << "invited " << created.email_address << " as " << created.id << "\n";
            }
        }
        std::ofstream("directory_snapshot.json") << snapshot.dump(2);
    } catch (const std::exception& e) {
        std::cerr << "directory_export: " << e.what() << "\n";
        rc = 1;
    }
    curl_global_cleanup();
    return rc;
}
