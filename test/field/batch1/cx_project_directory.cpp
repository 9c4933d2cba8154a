// procore-dir: small CLI that prints the projects of a company and, on
// request, the people on one project.
//
//   procore-dir                      list companies you can see
//   procore-dir <company>            list active projects
//   procore-dir <company> <project>  list the project directory
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace dir {

const std::string kApiBase = "https://api.procore.com";

struct Project {
    int64_t id = 0;
    std::string name;
    std::string number;
    bool active = false;
};

struct ProjectUser {
    int64_t id = 0;
    std::string name;
    std::string email;
    std::optional<int64_t> vendor_id;
};

void from_json(const json& j, Project& p) {
    p.id = j.at("id").get<int64_t>();
    p.name = j.value("name", "");
    p.number = j.value("project_number", "");
    p.active = j.value("active", false);
}

void from_json(const json& j, ProjectUser& u) {
    u.id = j.at("id").get<int64_t>();
    u.name = j.value("name", "");
    u.email = j.value("email_address", "");
    if (j.contains("vendor") && j["vendor"].is_object())
        u.vendor_id = j["vendor"].at("id").get<int64_t>();
}

class Query {
public:
    explicit Query(std::string path) : path_(std::move(path)) {}

    Query& token(const std::string& t) { token_ = t; return *this; }
    Query& company(int64_t id) { company_id_ = id; return *this; }
    Query& param(const std::string& k, const std::string& v) { params_[k] = v; return *this; }

    cpr::Response send() const {
        std::map<std::string, std::string> hdrs{{"Accept", "application/json"}};
        if (company_id_) hdrs["Procore-Company-Id"] = std::to_string(*company_id_);
        cpr::Header header;
        for (const auto& [name, value] : hdrs) header[name] = value;
        cpr::Parameters params;
        for (const auto& [k, v] : params_) params.Add(cpr::Parameter{k, v});
        return cpr::Get(cpr::Url{kApiBase + path_}, header, cpr::Bearer{token_}, params);
    }

private:
    std::string path_;
    std::string token_;
    std::optional<int64_t> company_id_;
    std::map<std::string, std::string> params_;
};

template <typename T>
std::vector<T> fetch_all(std::function<Query(int)> make_page) {
    std::vector<T> out;
    for (int page = 1; page < 50; ++page) {
        auto res = make_page(page).send();
        if (res.status_code != 200) {
            std::fprintf(stderr, "HTTP %ld: %s\n", res.status_code, res.text.c_str());
            break;
        }
        auto arr = json::parse(res.text);
        if (arr.empty()) break;
        for (const auto& item : arr) out.push_back(item.get<T>());
    }
    return out;
}

}  // namespace dir

int main(int argc, char** argv) {
    using namespace dir;
    const char* token = std::getenv("PROCORE_TOKEN");
    if (!token) {
        std::fprintf(stderr, "PROCORE_TOKEN is not set\n");
        return 2;
    }

    auto me = Query("/rest/v1.0/me").token(token).send();
    if (me.status_code == 401) {
        std::fprintf(stderr, "token rejected, log in again\n");
        return 1;
    }
    const auto who = json::parse(me.text);
    std::printf("signed in as %s (user %" PRId64 ")\n", who.value("login", "?").c_str(),
                who.at("id").get<int64_t>());

    if (argc < 2) {
        auto res = Query("/rest/v1.0/companies").token(token).send();
        for (const auto& c : json::parse(res.text))
            std::printf("%12" PRId64 "  %s\n", c.at("id").get<int64_t>(),
                        c.value("name", "").c_str());
        return 0;
    }

    const int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    if (argc < 3) {
        auto projects = fetch_all<Project>([&](int page) {
            return Query("/rest/v1.0/projects")
                .token(token)
                .company(company_id)
                .param("company_id", std::to_string(company_id))
                .param("page", std::to_string(page))
                .param("per_page", "100");
        });
        int shown = 0;
        for (const auto& p : projects) {
            if (!p.active) continue;
            std::printf("%12" PRId64 "  %-10s %s\n    https://app.procore.com/%" PRId64 "/project/home\n",
                        p.id, p.number.c_str(), p.name.c_str(), p.id);
            ++shown;
        }
        std::printf("%d active of %zu projects\n", shown, projects.size());
        return 0;
    }

    const int64_t project_id = std::strtoll(argv[2], nullptr, 10);
    auto users = fetch_all<ProjectUser>([&](int page) {
        return Query("/rest/v1.0/projects/" + std::to_string(project_id) + "/users")
            .token(token)
            .company(company_id)
            .param("page", std::to_string(page));
    });
    for (const auto& u : users) {
        std::printf("%12" PRId64 "  %-28s %-32s %s\n", u.id, u.name.c_str(), u.email.c_str(),
                    u.vendor_id ? std::to_string(*u.vendor_id).c_str() : "-");
    }
    return 0;
}
