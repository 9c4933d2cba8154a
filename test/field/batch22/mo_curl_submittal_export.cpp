// submittal-export: flattens a project's submittal log into JSON lines and
// ships them to the BI ingest proxy. QA runs it against the monthly sandbox.
//
//   submittal-export <production|monthly> <company_id> <project_id>
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

using json = nlohmann::json;
using namespace std::literals;

namespace {

struct Env {
    std::string_view key, login, api;
};

constexpr std::array kEnvs{
    Env{"production", "https://login.procore.com", "https://api.procore.com"},
    Env{"monthly", "https://login-sandbox-monthly.procore.com", "https://sandbox-monthly.procore.com"},
};

constexpr auto kIngest = "http://bi-ingest.internal:8082/topics/procore.submittals"sv;
constexpr int kPerPage = 100;

struct SlistFree {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistFree>;

template <typename... Lines>
Slist make_slist(const Lines&... lines) {
    curl_slist* l = nullptr;
    ((l = curl_slist_append(l, std::string(lines).c_str())), ...);
    return Slist(l);
}

size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

// returns {status, body}
auto perform(const std::string& url, const curl_slist* hdrs, const std::string* post = nullptr) {
    std::string body;
    long status = 0;
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    if (post) curl_easy_setopt(h, CURLOPT_POSTFIELDS, post->c_str());
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    return std::pair{status, std::move(body)};
}

std::optional<json> get_json(const std::string& url, const curl_slist* hdrs) {
    auto [status, body] = perform(url, hdrs);
    if (status != 200) {
        std::fprintf(stderr, "GET %s -> %ld\n", url.c_str(), status);
        return std::nullopt;
    }
    return json::parse(body, nullptr, false);
}

std::optional<std::string> refresh_token(const Env& env) {
    const auto form = "grant_type=refresh_token&client_id="s + std::getenv("PROCORE_CLIENT_ID") +
                      "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET") +
                      "&refresh_token=" + std::getenv("PROCORE_REFRESH_TOKEN");
    auto hdrs = make_slist("Content-Type: application/x-www-form-urlencoded"sv);
    auto [status, body] = perform(std::string(env.login) + "/oauth/token", hdrs.get(), &form);
    if (status != 200) return std::nullopt;
    return json::parse(body).at("access_token").get<std::string>();
}

struct Row {
    int id;
    std::string number;
    std::string title;
    std::string status;
    std::optional<std::int64_t> spec_section_id;
    std::optional<long long> responsible_contractor_id;
    std::string spec_section_label;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s <production|monthly> <company_id> <project_id>\n", argv[0]);
        return 2;
    }
    const Env* env = nullptr;
    for (const auto& e : kEnvs)
        if (e.key == argv[1]) env = &e;
    if (!env) return 2;
    const std::int64_t company_id = std::strtoll(argv[2], nullptr, 10);
    const std::int64_t project_id = std::strtoll(argv[3], nullptr, 10);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto token = refresh_token(*env);
    if (!token) {
        std::fprintf(stderr, "token refresh failed\n");
        return 1;
    }
    const auto auth = "Authorization: Bearer " + *token;
    const auto scoped = make_slist(auth, "Procore-Company-Id: " + std::to_string(company_id), "Accept: application/json"sv);
    const auto bare = make_slist(auth, "Accept: application/json"sv);

    const std::string project_base = std::string(env->api) + "/rest/v1.0/projects/" + std::to_string(project_id);

    // spec section id -> "03 30 00 - Cast-in-Place Concrete"
    std::vector<std::pair<std::int64_t, std::string>> sections;
    if (auto s = get_json(project_base + "/specification_sections", scoped.get()))
        for (const auto& sec : *s)
            sections.emplace_back(sec.at("id").get<std::int64_t>(),
                                  sec.value("number", "") + " - " + sec.value("description", ""));

    std::vector<Row> rows;
    for (int page = 1;; ++page) {
        auto list = get_json(project_base + "/submittals?page=" + std::to_string(page) +
                                 "&per_page=" + std::to_string(kPerPage),
                             scoped.get());
        if (!list || list->empty()) break;
        for (const auto& s : *list) {
            Row r{s.at("id").get<int>(), s.value("number", ""), s.value("title", ""),
                  s.contains("status") ? s["status"].value("name", "") : "", std::nullopt, std::nullopt, ""};
            rows.push_back(std::move(r));
        }
        if (static_cast<int>(list->size()) < kPerPage) break;
    }

    // the list endpoint omits spec section and contractor, so fetch each one
    for (auto& r : rows) {
        auto detail = get_json(std::string(env->api) + "/rest/v1.1/projects/" + std::to_string(project_id) +
                                   "/submittals/" + std::to_string(r.id),
                               bare.get());
        if (!detail) continue;
        if (const auto& sec = (*detail)["specification_section"]; sec.is_object()) {
            r.spec_section_id = sec.at("id").get<std::int64_t>();
            for (const auto& [sid, label] : sections)
                if (sid == *r.spec_section_id) r.spec_section_label = label;
        }
        if (const auto& rc = (*detail)["responsible_contractor"]; rc.is_object())
            r.responsible_contractor_id = rc.at("id").get<long long>();
    }

    std::string payload;
    for (const auto& r : rows) {
        json line = {{"company_id", company_id}, {"project_id", project_id}, {"submittal_id", r.id},
                     {"number", r.number}, {"title", r.title}, {"status", r.status},
                     {"spec_section", r.spec_section_label},
                     {"url", "https://app.procore.com/" + std::to_string(project_id) +
                                 "/project/submittal_logs/" + std::to_string(r.id)}};
        if (r.responsible_contractor_id) line["vendor_id"] = *r.responsible_contractor_id;
        payload += line.dump() + '\n';
    }
    auto ingest_hdrs = make_slist("Content-Type: application/x-ndjson"sv);
    auto [status, resp] = perform(std::string(kIngest), ingest_hdrs.get(), &payload);
    std::fprintf(stderr, "project %ld: %zu submittals exported (ingest HTTP %ld)\n", project_id, rows.size(), status);
    curl_global_cleanup();
    return status / 100 == 2 ? 0 : 1;
}
