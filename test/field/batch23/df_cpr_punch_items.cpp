// punchwalk - CLI used by superintendents during the closeout walk.
//
//   punchwalk list  <project_id>
//   punchwalk add   <project_id> <location> <description> [photo.jpg]
//   punchwalk close <project_id> <punch_item_id>
//
// Credentials come from ~/.punchwalk (refresh token) and PUNCHWALK_COMPANY.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

namespace punch {

using json = nlohmann::json;

inline const std::string kApiBase = "https://api.procore.com";
inline const std::string kLoginBase = "https://login.procore.com";

struct Session {
    std::string base = kApiBase;
    std::string token;
    std::int64_t company_id = 0;  // 0 = not selected yet
    int per_page = 100;
};

inline cpr::Header headers(const std::string& token, std::int64_t company_id = 0,
                           const std::string& content_type = "application/json") {
    cpr::Header h{{"Authorization", "Bearer " + token}, {"Content-Type", content_type}};
    if (company_id > 0) h["Procore-Company-Id"] = std::to_string(company_id);
    return h;
}

inline cpr::Response get(const std::string& path, const std::string& token, std::int64_t company_id = 0,
                         const std::string& base = kApiBase) {
    return cpr::Get(cpr::Url{base + path}, headers(token, company_id));
}

inline cpr::Response get(const std::string& path, const Session& s) {
    return get(path, s.token, s.company_id, s.base);
}

inline cpr::Response post(const std::string& path, const std::string& token, const json& body,
                          std::int64_t company_id = 0, const std::string& base = kApiBase) {
    return cpr::Post(cpr::Url{base + path}, headers(token, company_id), cpr::Body{body.dump()});
}

inline cpr::Response patch(const std::string& path, const Session& s, const json& body) {
    cpr::Session http;
    http.SetUrl(cpr::Url{s.base + path});
    http.SetHeader(headers(s.token));
    http.SetBody(cpr::Body{body.dump()});
    return http.Patch();
}

inline std::string refresh(const std::string& refresh_token, const std::string& auth_base = "https://api.procore.com") {
    auto r = cpr::Post(cpr::Url{auth_base + "/oauth/token"},
                       cpr::Payload{{"grant_type", "refresh_token"},
                                    {"refresh_token", refresh_token},
                                    {"client_id", std::getenv("PUNCHWALK_CLIENT_ID")},
                                    {"client_secret", std::getenv("PUNCHWALK_CLIENT_SECRET")}});
    if (r.status_code != 200) return {};
    return json::parse(r.text).value("access_token", "");
}

}  // namespace punch

struct PunchItem {
    std::int64_t id = 0;
    std::string name;
    std::string status;
    int assignee_id = 0;
};

static std::string read_refresh_token() {
    const char* home = std::getenv("HOME");
    std::ifstream in(std::string(home ? home : ".") + "/.punchwalk");
    std::string t;
    std::getline(in, t);
    return t;
}

static int cmd_list(const punch::Session& s, std::int64_t project_id) {
    int shown = 0;
    for (int page = 1;; ++page) {
        auto r = punch::get("/rest/v1.0/projects/" + std::to_string(project_id) + "/punch_items?page=" +
                                std::to_string(page) + "&per_page=" + std::to_string(s.per_page),
                            s);
        if (r.status_code != 200) {
            std::cerr << "list failed: " << r.status_code << "\n";
            return 1;
        }
        auto arr = punch::json::parse(r.text);
        if (arr.empty()) break;
        for (const auto& j : arr) {
            PunchItem p;
            p.id = j.at("id").get<std::int64_t>();
            p.name = j.value("name", "");
            p.status = j.value("status", "");
            if (j.contains("assignee") && j["assignee"].is_object())
                p.assignee_id = j["assignee"].at("id").get<int>();
            std::cout << p.id << "\t" << p.status << "\t" << p.name << "\t(assignee " << p.assignee_id << ")\n";
            ++shown;
        }
    }
    std::cout << shown << " items\n";
    return 0;
}

static std::string load_types_hint(const punch::Session& s, std::int64_t project_id) {
    auto r = cpr::Get(cpr::Url{s.base + "/rest/v1.0/projects/" + std::to_string(project_id) + "/punch_item_types"},
                      cpr::Header{{"Authorization", "Bearer " + s.token},
                                  {"X-Procore-Company-Id", std::to_string(s.company_id)}});
    if (r.status_code != 200) return "";
    std::ostringstream out;
    for (const auto& t : punch::json::parse(r.text)) out << t.value("name", "") << " ";
    return out.str();
}

static int cmd_add(const punch::Session& s, std::int64_t project_id, const std::string& location,
                   const std::string& description, const char* photo) {
    punch::json body = {{"punch_item", {{"name", description}, {"description", description},
                                        {"location_name", location}}}};
    auto r = punch::post("/rest/v1.0/projects/" + std::to_string(project_id) + "/punch_items", s.token, body,
                         s.company_id);
    if (r.status_code != 201) {
        std::cerr << "create failed (" << r.status_code << "); types: " << load_types_hint(s, project_id) << "\n";
        return 1;
    }
    auto created = punch::json::parse(r.text);
    if (photo) {
        // presigned upload: the URL carries its own signature, no Procore headers
        const std::string upload_url = created.value("upload_url", "https://storage.procore.com/uploads/tmp");
        std::ifstream f(photo, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        auto up = cpr::Put(cpr::Url{upload_url}, cpr::Body{bytes}, cpr::Header{{"Content-Type", "image/jpeg"}});
        if (up.status_code >= 300) std::cerr << "photo upload failed: " << up.status_code << "\n";
    }
    std::cout << "created " << created.value("id", std::int64_t{0}) << " - https://app.procore.com/"
              << project_id << "/project/punch_list\n";
    return 0;
}

static int cmd_close(const punch::Session& s, std::int64_t project_id, const std::string& item_arg) {
    const int item_id = std::stoi(item_arg);
    punch::json body = {{"punch_item", {{"workflow_status", "ready_for_review"}}}};
    auto r = punch::patch("/rest/v1.0/projects/" + std::to_string(project_id) + "/punch_items/" +
                              std::to_string(item_id),
                          s, body);
    std::cout << (r.status_code == 200 ? "closed " : "close failed ") << item_id << "\n";
    return r.status_code == 200 ? 0 : 1;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: punchwalk list|add|close <project_id> ...\n";
        return 2;
    }
    punch::Session s;
    s.token = punch::refresh(read_refresh_token());
    if (s.token.empty()) {
        std::cerr << "login expired, run punchwalk-login\n";
        return 1;
    }
    const char* company = std::getenv("PUNCHWALK_COMPANY");
    if (company) {
        s.company_id = std::stoll(company);
    } else {
        // single-company users: take the first one
        auto r = punch::get("/rest/v1.0/companies", s.token);
        auto arr = punch::json::parse(r.text, nullptr, false);
        if (arr.is_array() && !arr.empty()) s.company_id = arr[0].at("id").get<std::int64_t>();
    }

    const std::string cmd = argv[1];
    const std::int64_t project_id = std::stoll(argv[2]);
    if (cmd == "list") return cmd_list(s, project_id);
    if (cmd == "add" && argc >= 5) return cmd_add(s, project_id, argv[3], argv[4], argc > 5 ? argv[5] : nullptr);
    if (cmd == "close" && argc >= 4) return cmd_close(s, project_id, argv[3]);
    std::cerr << "unknown command\n";
    return 2;
}
