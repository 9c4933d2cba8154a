// rfi_mirror.cpp
//
// Mirrors open RFIs from Procore into the internal ticket queue. Runs every
// ten minutes from cron on the build box. The tiny request DSL at the top is
// shared (copy-pasted, for now) with the submittal mirror.
//
//   build: c++ -std=c++17 rfi_mirror.cpp -lcurl
//   usage: PROCORE_CLIENT_ID=.. PROCORE_CLIENT_SECRET=.. PROCORE_REFRESH_TOKEN=.. \
//          rfi_mirror <company-id>
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace px {

// ---- strong ids -------------------------------------------------------------
template <class Tag, class Rep>
class Id {
  public:
    explicit Id(Rep v) : v_(v) {}
    Rep value() const { return v_; }
    std::string str() const { return std::to_string(v_); }

  private:
    Rep v_;
};

struct CompanyTag {};
struct ProjectTag {};
struct RfiTag {};
using CompanyId = Id<CompanyTag, std::int64_t>;
using ProjectId = Id<ProjectTag, std::int64_t>;
using RfiId = Id<RfiTag, int>;

// ---- urls -------------------------------------------------------------------
struct Url {
    std::string text;

    Url operator/(const std::string& seg) const {
        if (!text.empty() && text.back() == '/') return Url{text + seg};
        return Url{text + "/" + seg};
    }
    Url operator/(const char* seg) const { return *this / std::string(seg); }
    template <class Tag, class Rep>
    Url operator/(const Id<Tag, Rep>& id) const { return *this / id.str(); }

    operator std::string() const { return text; }
};

inline Url operator""_url(const char* s, std::size_t n) { return Url{std::string(s, n)}; }

inline Url login_root() { return "https://login.procore.com"_url; }
inline Url api_root() { return "https://api.procore.com"_url; }
inline Url web_root() { return "https://app.procore.com"_url; }  // links for humans

// Checklists still live on the old vapid routes for a few of our projects.
inline Url rest_base(bool legacy) {
    return legacy ? web_root() / "vapid" : api_root() / "rest" / "v1.0";
}

// ---- requests ---------------------------------------------------------------
struct Header { std::string name, value; };
struct Query { std::string key, value; };
struct Body { std::string json; };

struct Request {
    std::string method = "GET";
    Url url;
    std::vector<std::string> headers;
    std::string query;
    std::string body;

    Request& operator<<(const Header& h) {
        headers.push_back(h.name + ": " + h.value);
        return *this;
    }
    Request& operator<<(const Query& q) {
        query += (query.empty() ? "?" : "&") + q.key + "=" + q.value;
        return *this;
    }
    Request& operator<<(const Body& b) {
        body = b.json;
        headers.push_back("Content-Type: application/json");
        return *this;
    }
};

inline Request get(Url u) { return Request{"GET", std::move(u), {}, {}, {}}; }
inline Request post(Url u) { return Request{"POST", std::move(u), {}, {}, {}}; }
inline Request patch(Url u) { return Request{"PATCH", std::move(u), {}, {}, {}}; }

struct Response {
    long status = 0;
    std::string body;
};

static size_t collect(char* p, size_t sz, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, sz * n);
    return sz * n;
}

// Sends a Request. Adds the bearer token when it has one, nothing else.
class Send {
  public:
    explicit Send(std::string bearer) : bearer_(std::move(bearer)) {}

    Response operator()(const Request& r) const {
        CURL* h = curl_easy_init();
        if (!h) throw std::runtime_error("curl_easy_init failed");
        const std::string full = std::string(r.url) + r.query;
        struct curl_slist* list = nullptr;
        if (!bearer_.empty())
            list = curl_slist_append(list, ("Authorization: Bearer " + bearer_).c_str());
        for (const auto& line : r.headers) list = curl_slist_append(list, line.c_str());

        Response out;
        curl_easy_setopt(h, CURLOPT_URL, full.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
        if (!r.body.empty()) curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
        const CURLcode rc = curl_easy_perform(h);
        if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
        curl_slist_free_all(list);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return out;
    }

  private:
    std::string bearer_;
};

}  // namespace px

using namespace px;

static std::string refresh_access_token(const std::string& client_id, const std::string& secret,
                                        const std::string& refresh) {
    const Send anonymous{""};
    const json form = {{"grant_type", "refresh_token"},
                       {"client_id", client_id},
                       {"client_secret", secret},
                       {"refresh_token", refresh}};
    Response res = anonymous(post(login_root() / "oauth" / "token") << Body{form.dump()});
    if (res.status != 200) throw std::runtime_error("token refresh failed: " + res.body);
    return json::parse(res.body).at("access_token").get<std::string>();
}

struct Mirror {
    Send send;
    Send queue;
    CompanyId company;

    Header company_header() const { return Header{"Procore-Company-Id", company.str()}; }

    std::int64_t whoami() const {
        Response res = send(get(api_root() / "rest" / "v1.0" / "me"));
        return json::parse(res.body).at("id").get<std::int64_t>();
    }

    std::vector<ProjectId> active_projects() const {
        std::vector<ProjectId> out;
        for (int page = 1; page <= 20; ++page) {
            Request r = get(api_root() / "rest" / "v1.0" / "projects");
            r << company_header() << Query{"company_id", company.str()}
              << Query{"page", std::to_string(page)} << Query{"per_page", "100"};
            const Response res = send(r);
            const json arr = json::parse(res.body);
            if (!arr.is_array() || arr.empty()) break;
            for (const auto& p : arr) out.emplace_back(p.at("id").get<std::int64_t>());
        }
        return out;
    }

    std::vector<Request> rfi_queries(const std::vector<ProjectId>& projects) const {
        std::vector<Request> batch;
        for (const auto& pid : projects)
            batch.push_back(get(api_root() / "rest" / "v1.1" / "projects" / pid / "rfis")
                            << Query{"filters[status]", "open"});
        for (auto req : batch) req << company_header();
        return batch;
    }

    std::string rfi_link(const ProjectId& pid, const RfiId& rid) const {
        return web_root() / pid / "project" / "rfi" / "show" / rid;
    }

    void push_ticket(const std::string& title, const std::string& link, int priority) const {
        const json t = {{"title", title}, {"link", link}, {"priority", priority}};
        queue(post("https://tickets.corp.example/api/v2/queue"_url) << Body{t.dump()});
    }

    void acknowledge(const ProjectId& pid, const RfiId& rid, const std::string& ticket) const {
        const json body = {{"rfi", {{"reference", ticket}}}};
        Request r = patch(api_root() / "rest" / "v1.0" / "projects" / pid / "rfis" / rid);
        r << company_header() << Body{body.dump()};
        send(r);
    }

    void pull_open_rfis(const std::vector<ProjectId>& projects) const {
        const auto queries = rfi_queries(projects);
        for (std::size_t i = 0; i < queries.size(); ++i) {
            const Response res = send(queries[i]);
            if (res.status != 200) {
                std::cerr << "rfis for project " << projects[i].value() << ": HTTP " << res.status
                          << "\n";
                continue;
            }
            for (const auto& rfi : json::parse(res.body)) {
                const RfiId rid{rfi.at("id").get<int>()};
                const std::string subject = rfi.value("subject", "(no subject)");
                push_ticket("RFI: " + subject, rfi_link(projects[i], rid), 2);
                acknowledge(projects[i], rid, "queued");
            }
        }
    }

    void pull_legacy_checklists(const ProjectId& pid) const {
        Request r = get(rest_base(true) / "projects" / pid / "checklist" / "lists");
        r << company_header();
        const Response res = send(r);
        std::cout << "legacy checklists for " << pid.value() << ": " << res.body.size()
                  << " bytes\n";
    }
};

static std::string env_or_die(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) throw std::runtime_error(std::string("missing env ") + name);
    return v;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: rfi_mirror <company-id>\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    try {
        const std::string token =
            refresh_access_token(env_or_die("PROCORE_CLIENT_ID"), env_or_die("PROCORE_CLIENT_SECRET"),
                                 env_or_die("PROCORE_REFRESH_TOKEN"));
        const Mirror m{Send{token}, Send{env_or_die("TICKET_QUEUE_TOKEN")},
                       CompanyId{std::strtoll(argv[1], nullptr, 10)}};
        std::cout << "running as user " << m.whoami() << "\n";
        const auto projects = m.active_projects();
        m.pull_open_rfis(projects);
        if (!projects.empty()) m.pull_legacy_checklists(projects.front());
    } catch (const std::exception& e) {
        std::cerr << "rfi_mirror: " << e.what() << "\n";
        curl_global_cleanup();
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
