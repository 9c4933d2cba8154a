// sv_vendor_directory_export.cpp
//
// Nightly job (runs under a Developer Managed Service Account) that exports
// the company vendor directory plus per-project vendor assignments to CSV
// and drops it on the finance file share. Vendors flagged as duplicates in
// the previous run are deactivated.
//
//   vendor-export /etc/vendor-export/config.json /var/spool/vendor-export

#include <cpr/cpr.h>
#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/istreamwrapper.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fs = std::filesystem;

constexpr std::string_view kApiHost = "https://api.procore.com";
constexpr std::string_view kTokenUrl = "https://api.procore.com/oauth/token";
constexpr std::string_view kFileShare = "https://files.corp.example.net/api/v2/upload";
constexpr int kPerPage = 200;

struct Header { std::string name; std::string value; };

struct Request {
    std::string method;
    std::string url;
    std::vector<Header> headers;
    std::string body;
};

Request get(std::string url) { return {"GET", std::move(url), {}, {}}; }

Request withHeader(Request req, std::string_view name, std::string value) {
    req.headers.push_back({std::string{name}, std::move(value)});
    return req;
}

Request withBody(Request req, std::string method, std::string body) {
    req.method = std::move(method);
    req.body = std::move(body);
    return withHeader(std::move(req), "Content-Type", "application/json");
}

Request withCompany(Request req, int64_t companyId) {
    return withHeader(std::move(req), "Procore-Company-Id", std::to_string(companyId));
}

cpr::Response send(const Request& req, const std::string& token) {
    cpr::Header hdr{{"Authorization", "Bearer " + token}};
    for (const auto& [name, value] : req.headers) hdr[name] = value;
    if (req.method == "PATCH") {
        cpr::Session s;
        s.SetUrl(cpr::Url{req.url});
        s.SetHeader(hdr);
        s.SetBody(cpr::Body{req.body});
        return s.Patch();
    }
    return cpr::Get(cpr::Url{req.url}, hdr);
}

// --- commands ---------------------------------------------------------------

struct ListVendors { int64_t companyId; int page; };
struct ListProjectVendors { int64_t companyId; int64_t projectId; };
struct UpdateVendor { int64_t companyId; int64_t vendorId; bool active; };

using Command = std::variant<ListVendors, ListProjectVendors, UpdateVendor>;

Request toRequest(const Command& cmd) {
    return std::visit(
        [](const auto& c) -> Request {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ListVendors>) {
                std::ostringstream url;
                url << kApiHost << "/rest/v1.0/vendors?company_id=" << c.companyId
                    << "&page=" << c.page << "&per_page=" << kPerPage;
                return withCompany(get(url.str()), c.companyId);
            } else if constexpr (std::is_same_v<T, ListProjectVendors>) {
                auto url = fmt::format("{}/rest/v1.0/projects/{}/vendors", kApiHost, c.projectId);
                return withHeader(get(url), "X-Procore-Company-Id", std::to_string(c.companyId));
            } else {
                std::string url{kApiHost};
                url.append("/rest/v1.0/vendors/").append(std::to_string(c.vendorId));
                url += "?company_id=" + std::to_string(c.companyId);
                auto body = fmt::format(R"({{"vendor":{{"is_active":{}}}}})", c.active);
                return withCompany(withBody(get(url), "PATCH", body), c.companyId);
            }
        },
        cmd);
}

// --- helpers ----------------------------------------------------------------

struct Settings {
    std::string clientId;
    std::string clientSecret;
    std::optional<int64_t> companyId;
};

Settings readSettings(const fs::path& file) {
    std::ifstream in(file);
    rapidjson::IStreamWrapper isw(in);
    rapidjson::Document d;
    d.ParseStream(isw);
    if (d.HasParseError() || !d.IsObject()) throw std::runtime_error("bad config " + file.string());
    Settings s{d["client_id"].GetString(), d["client_secret"].GetString(), std::nullopt};
    if (d.HasMember("company_id") && d["company_id"].IsInt64())
        s.companyId = d["company_id"].GetInt64();
    return s;
}

std::string fetchToken(const Settings& s) {
    const auto resp = cpr::Post(cpr::Url{std::string{kTokenUrl}},
                                cpr::Payload{{"grant_type", "client_credentials"},
                                             {"client_id", s.clientId},
                                             {"client_secret", s.clientSecret}});
    rapidjson::Document d;
    d.Parse(resp.text.c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) throw std::runtime_error("no token");
    return d["access_token"].GetString();
}

struct VendorRow {
    std::string name;
    std::string email;
    bool active = true;
    std::vector<int64_t> projects;
};

std::string csvEscape(std::string_view v) {
    std::string out{"\""};
    for (char ch : v) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out += '"';
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: vendor-export CONFIG OUTDIR\n";
        return 2;
    }
    const Settings settings = readSettings(argv[1]);
    const fs::path outDir{argv[2]};
    fs::create_directories(outDir);
    const std::string token = fetchToken(settings);

    // The service account only belongs to one company; fall back to it.
    const auto companies = send(get(fmt::format("{}/rest/v1.0/companies", kApiHost)), token);
    rapidjson::Document cdoc;
    cdoc.Parse(companies.text.c_str());
    const int64_t companyId = settings.companyId.value_or(
        cdoc.IsArray() && !cdoc.Empty() ? cdoc[0]["id"].GetInt64() : 0);

    const auto me =
        send(withCompany(get(fmt::format("{}/rest/v1.0/me", kApiHost)), companyId), token);
    std::cout << "export as HTTP " << me.status_code << " user, company " << companyId << '\n';

    std::map<uint32_t, VendorRow> vendors;
    for (int page = 1;; ++page) {
        const auto resp = send(toRequest(ListVendors{companyId, page}), token);
        rapidjson::Document d;
        d.Parse(resp.text.c_str());
        if (resp.status_code != 200 || !d.IsArray() || d.Empty()) break;
        for (const auto& v : d.GetArray()) {
            VendorRow row{v["name"].GetString(),
                          v.HasMember("email_address") && v["email_address"].IsString()
                              ? v["email_address"].GetString() : "",
                          v["is_active"].GetBool(), {}};
            vendors.emplace(v["id"].GetInt64(), std::move(row));
        }
        if (static_cast<int>(d.Size()) < kPerPage) break;
    }

    const auto projects = send(
        get(fmt::format("{}/rest/v1.0/projects?company_id={}", kApiHost, companyId)), token);
    rapidjson::Document pdoc;
    pdoc.Parse(projects.text.c_str());
    std::vector<int64_t> projectIds;
    if (pdoc.IsArray())
        for (const auto& p : pdoc.GetArray()) projectIds.push_back(p["id"].GetInt());

    for (const auto projectId : projectIds) {
        const auto resp = send(toRequest(ListProjectVendors{companyId, projectId}), token);
        rapidjson::Document d;
        d.Parse(resp.text.c_str());
        if (!d.IsArray()) continue;
        for (const auto& v : d.GetArray())
            if (auto it = vendors.find(v["id"].GetInt64()); it != vendors.end())
                it->second.projects.push_back(projectId);
    }

    // Deactivate vendors marked as duplicates during the last review.
    if (const fs::path dupes = outDir / "duplicates.txt"; fs::exists(dupes)) {
        std::ifstream in(dupes);
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            const Command cmd = UpdateVendor{companyId, std::stoll(line), false};
            const auto resp = send(toRequest(cmd), token);
            std::cout << "deactivate " << line << " -> " << resp.status_code << '\n';
        }
    }

    std::ostringstream csv;
    csv << "vendor_id,name,email,active,projects\n";
    for (const auto& [id, row] : vendors) {
        csv << id << ',' << csvEscape(row.name) << ',' << csvEscape(row.email) << ','
            << (row.active ? "yes" : "no") << ',' << row.projects.size() << '\n';
    }
    const fs::path outFile = outDir / fmt::format("vendors-{}.csv", companyId);
    std::ofstream(outFile) << csv.str();

    const char* shareKey = std::getenv("FILESHARE_API_KEY");
    const auto upload = cpr::Post(cpr::Url{std::string{kFileShare}},
                                  cpr::Header{{"X-Api-Key", shareKey ? shareKey : ""},
                                              {"Content-Type", "text/csv"}},
                                  cpr::Body{csv.str()});
    std::cout << vendors.size() << " vendors exported, upload HTTP " << upload.status_code << '\n';
    return upload.status_code == 201 ? 0 : 1;
}
