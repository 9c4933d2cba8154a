// tm_budget_export.cpp -- nightly budget export for the finance warehouse.
//
// Runs under a Developer Managed Service Account (client_credentials grant),
// walks the configured projects and writes one CSV row per budget detail row.
// Posts a summary to the finance team's chat webhook when done.
//
//   budget-export <out.csv> <project_id>...
//   env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID, FINANCE_WEBHOOK_URL

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#define PROCORE_API_BASE "https://api.procore.com"
#define PROCORE_TOKEN_URL "https://api.procore.com/oauth/token"

namespace budget {

// ---- variadic string helpers -----------------------------------------------
inline std::string to_piece(const std::string& s) { return s; }
inline std::string to_piece(const char* s) { return s; }
template <class N, class = std::enable_if_t<std::is_integral_v<N>>>
std::string to_piece(N n) { return std::to_string(n); }

template <class... Parts>
std::string cat(Parts&&... parts) {
    std::string s;
    (s.append(to_piece(std::forward<Parts>(parts))), ...);
    return s;
}

template <class... Lines>
curl_slist* header_slist(const Lines&... lines) {
    curl_slist* list = nullptr;
    ((list = curl_slist_append(list, std::string(lines).c_str())), ...);
    return list;
}

// ---- transport --------------------------------------------------------------
struct CurlTransport {
    struct get_t {};
    struct form_post_t {};
    struct json_post_t {};

    static size_t sink(char* p, size_t n, size_t m, void* ud) {
        static_cast<std::string*>(ud)->append(p, n * m);
        return n * m;
    }

    template <class Tag>
    long perform(Tag, const std::string& url, curl_slist* headers, std::string& out,
                 const std::string& body = {}) {
        CURL* h = curl_easy_init();
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &CurlTransport::sink);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
        if constexpr (!std::is_same_v<Tag, get_t>) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        }
        CURLcode rc = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(h);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return status;
    }
};

// ---- auth: service account --------------------------------------------------
struct ClientCredentials {
    std::string client_id, client_secret, token;

    template <class Transport>
    void acquire(Transport& t) {
        std::string out;
        const std::string form = cat("grant_type=client_credentials&client_id=", client_id,
                                     "&client_secret=", client_secret);
        long status = t.perform(typename Transport::form_post_t{}, PROCORE_TOKEN_URL,
                                header_slist("Content-Type: application/x-www-form-urlencoded"), out, form);
        rapidjson::Document d;
        d.Parse(out.c_str());
        if (status != 200 || !d.IsObject() || !d.HasMember("access_token"))
            throw std::runtime_error("client_credentials token request failed");
        token = d["access_token"].GetString();
    }
};

// ---- endpoint descriptions ----------------------------------------------------
template <class Derived>
struct Endpoint {
    std::string url() const {
        return cat(PROCORE_API_BASE, static_cast<const Derived*>(this)->path());
    }
};

struct ListCompanies : Endpoint<ListCompanies> {
    static constexpr const char* resource = "/rest/v1.0/companies";
    std::string path() const { return resource; }
};
struct ListBudgetViews : Endpoint<ListBudgetViews> {
    static constexpr const char* resource = "/rest/v1.0/budget_views";
    std::int64_t project_id;
    std::string path() const { return cat(resource, "?project_id=", project_id); }
};
struct BudgetDetailRows : Endpoint<BudgetDetailRows> {
    static constexpr const char* resource = "/rest/v1.0/budget_views/";
    std::int64_t project_id;
    std::int64_t view_id;
    int page;
    std::string path() const {
        return cat(resource, view_id, "/detail_rows?project_id=", project_id, "&page=", page,
                   "&per_page=500");
    }
};

// /companies is the account-level listing and does not take the company header
template <class Ep> struct company_scoped : std::true_type {};
template <> struct company_scoped<ListCompanies> : std::false_type {};

// ---- client -----------------------------------------------------------------
template <class Transport, class AuthPolicy>
class Client {
  public:
    Client(AuthPolicy auth, std::int64_t company_id) : auth_(std::move(auth)), company_id_(company_id) {}

    void login() { auth_.acquire(transport_); }

    template <class Ep>
    rapidjson::Document get(const Ep& ep) {
        std::string out;
        curl_slist* hs = nullptr;
        if constexpr (company_scoped<Ep>::value)
            hs = header_slist(cat("Authorization: Bearer ", auth_.token), "Accept: application/json",
                              cat("Procore-Company-Id: ", company_id_));
        else
            hs = header_slist(cat("Authorization: Bearer ", auth_.token), "Accept: application/json");
        long status = transport_.perform(typename Transport::get_t{}, ep.url(), hs, out);
        if (status != 200) throw std::runtime_error(cat("GET ", ep.path(), " -> ", status));
        rapidjson::Document d;
        d.Parse(out.c_str());
        return d;
    }

  private:
    Transport transport_;
    AuthPolicy auth_;
    std::int64_t company_id_;
};

}  // namespace budget

static void notify_finance(const std::string& webhook, int projects, int rows) {
    if (webhook.empty()) return;
    budget::CurlTransport t;
    std::string out;
    const std::string msg = budget::cat("{\"text\":\"Budget export: ", projects, " projects, ", rows,
                                        " rows\"}");
    t.perform(budget::CurlTransport::json_post_t{}, webhook,
              budget::header_slist("Content-Type: application/json"), out, msg);
}

int main(int argc, char** argv) {
    using namespace budget;
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <out.csv> <project_id>...\n", argv[0]);
        return 64;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    const std::int64_t company_id = company_env ? std::strtoll(company_env, nullptr, 10) : 0;
    std::vector<long> project_ids;
    for (int i = 2; i < argc; ++i) project_ids.push_back(std::strtol(argv[i], nullptr, 10));

    Client<CurlTransport, ClientCredentials> client(
        ClientCredentials{std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"), {}},
        company_id);

    FILE* csv = std::fopen(argv[1], "w");
    if (!csv) return 1;
    std::fprintf(csv, "company_id,project_id,budget_view_id,row_id,cost_code,original_budget\n");

    int total_rows = 0;
    try {
        client.login();
        // make sure the service account was actually added to this company
        auto companies = client.get(ListCompanies{});
        bool member = false;
        for (const auto& c : companies.GetArray())
            member = member || c["id"].GetInt64() == company_id;
        if (!member) throw std::runtime_error("service account is not installed in the company");

        for (const auto project_id : project_ids) {
            auto views = client.get(ListBudgetViews{{}, project_id});
            for (const auto& v : views.GetArray()) {
                const std::int64_t view_id = v["id"].GetInt();
                for (int page = 1;; ++page) {
                    auto rows = client.get(BudgetDetailRows{{}, project_id, view_id, page});
                    if (!rows.IsArray() || rows.Empty()) break;
                    for (const auto& r : rows.GetArray()) {
                        const std::int64_t row_id = r["id"].GetInt64();
                        const char* code = r.HasMember("cost_code") && r["cost_code"].IsString()
                                               ? r["cost_code"].GetString() : "";
                        const double original = r.HasMember("original_budget_amount")
                                                    ? r["original_budget_amount"].GetDouble() : 0.0;
                        std::fprintf(csv, "%" PRId64 ",%ld,%" PRId64 ",%" PRId64 ",\"%s\",%.2f\n", company_id,
                                     project_id, view_id, row_id, code, original);
                        ++total_rows;
                    }
                }
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "export failed: %s\n", e.what());
        std::fclose(csv);
        return 1;
    }
    std::fclose(csv);
    std::printf("exported %d rows from %zu projects\n", total_rows, project_ids.size());

    const char* hook = std::getenv("FINANCE_WEBHOOK_URL");
    notify_finance(hook ? hook : "", static_cast<int>(project_ids.size()), total_rows);
    curl_global_cleanup();
    return 0;
}
