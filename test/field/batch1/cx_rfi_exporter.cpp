// rfi_exporter: writes every RFI of a project to CSV for the claims team.
//
//   PROCORE_ENV=production|sandbox|monthly
//   PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_REFRESH_TOKEN
//   rfi_exporter <company-id> <project-id> <out.csv>
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

struct ProcoreEnv {
    const char* name;
    const char* login_base;
    const char* api_base;
};

static const ProcoreEnv kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://api-monthly.procore.com", "https://api-monthly.procore.com"},
};

const ProcoreEnv& select_env() {
    const char* want = std::getenv("PROCORE_ENV");
    for (const auto& env : kEnvironments)
        if (want && std::strcmp(want, env.name) == 0) return env;
    return kEnvironments[0];
}

class RequestBuilder {
public:
    explicit RequestBuilder(std::string base) : base_(std::move(base)) {}

    RequestBuilder& path(std::string p) { path_ = std::move(p); return *this; }
    RequestBuilder& bearer(std::string token) { token_ = std::move(token); return *this; }
    RequestBuilder& header(std::string name, std::string value) {
        headers_.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    RequestBuilder& param(std::string key, std::string value) {
        params_.Add(cpr::Parameter{std::move(key), std::move(value)});
        return *this;
    }

    cpr::Response get() const {
        return cpr::Get(cpr::Url{base_ + path_}, collect_headers(), cpr::Bearer{token_}, params_);
    }

    cpr::Response post_form(const cpr::Payload& form) const {
        return cpr::Post(cpr::Url{base_ + path_}, collect_headers(), form);
    }

private:
    cpr::Header collect_headers() const {
        cpr::Header out{{"Accept", "application/json"}};
        for (const auto& [name, value] : headers_) out[name] = value;
        return out;
    }

    std::string base_;
    std::string path_;
    std::string token_;
    std::vector<std::pair<std::string, std::string>> headers_;
    cpr::Parameters params_;
};

std::optional<std::string> refresh_access_token(const ProcoreEnv& env) {
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!id || !secret || !refresh) return std::nullopt;

    auto res = RequestBuilder(env.login_base)
                   .path("/oauth/token")
                   .post_form(cpr::Payload{{"grant_type", "refresh_token"},
                                           {"client_id", id},
                                           {"client_secret", secret},
                                           {"refresh_token", refresh}});
    if (res.status_code != 200) return std::nullopt;
    return json::parse(res.text).at("access_token").get<std::string>();
}

struct RfiRecord {
    int id = 0;
    std::string number;
    std::string subject;
    std::string status;
    std::optional<int64_t> assignee_id;
    std::string question;
};

std::string csv_escape(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: rfi_exporter <company-id> <project-id> <out.csv>\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const int64_t project_id = std::stoll(argv[2]);
    const ProcoreEnv& env = select_env();

    auto token = refresh_access_token(env);
    if (!token) {
        std::cerr << "could not refresh token against " << env.login_base << "\n";
        return 1;
    }

    const RequestBuilder authed = RequestBuilder(env.api_base).bearer(*token);
    const std::string rfis_path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis";

    std::vector<RfiRecord> rfis;
    for (int page = 1;; ++page) {
        auto res = RequestBuilder(authed)
                       .path(rfis_path)
                       .header("Procore-Company-Id", std::to_string(company_id))
                       .param("page", std::to_string(page))
                       .param("per_page", "100")
                       .get();
        if (res.status_code != 200) {
            std::cerr << "list failed: HTTP " << res.status_code << "\n";
            return 1;
        }
        auto arr = json::parse(res.text);
        if (arr.empty()) break;
        for (const auto& item : arr) {
            RfiRecord rec;
            rec.id = item.at("id").get<int>();
            rec.number = item.value("number", "");
            rec.subject = item.value("subject", "");
            rec.status = item.value("status", "");
            if (item.contains("assignee") && item["assignee"].is_object())
                rec.assignee_id = item["assignee"].at("id").get<int64_t>();
            rfis.push_back(std::move(rec));
        }
    }

    // The list endpoint omits the question body; pull each RFI individually.
    for (auto& rec : rfis) {
        auto detail = RequestBuilder(authed).path(rfis_path + "/" + std::to_string(rec.id)).get();
        if (detail.status_code != 200) continue;
        auto body = json::parse(detail.text);
        if (body.contains("questions") && !body["questions"].empty())
            rec.question = body["questions"][0].value("plain_text_body", "");
    }

    std::ofstream out(argv[3]);
    out << "id,number,subject,status,assignee_id,question,link\n";
    for (const auto& rec : rfis) {
        const std::string link = "https://app.procore.com/" + std::to_string(project_id) +
                                 "/project/rfi/show/" + std::to_string(rec.id);
        out << rec.id << ',' << csv_escape(rec.number) << ',' << csv_escape(rec.subject) << ','
            << rec.status << ',' << (rec.assignee_id ? std::to_string(*rec.assignee_id) : "")
            << ',' << csv_escape(rec.question) << ',' << link << "\n";
    }
    std::cout << "exported " << rfis.size() << " RFIs from " << env.name << "\n";
    return 0;
}
