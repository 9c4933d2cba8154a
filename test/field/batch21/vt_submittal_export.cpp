// submittal_export.cpp -- dumps a project's submittal log to CSV for the
// document control team. Transports are registered by name in a factory
// table; SUBMITTAL_TRANSPORT (default "httplib") picks one at startup.
// "replay" serves canned JSON from ./fixtures so the CSV layout can be
// tweaked without touching production.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

using json = nlohmann::json;

struct RequestSpec {
    std::string method;
    std::string base;   // scheme://host
    std::string path;
    std::string body;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct Reply {
    int status = 0;
    std::string body;
};

// Hand-rolled vtable: transports may move into plugins, keep the ABI plain.
struct TransportVtbl {
    const char* name;
    Reply (*execute)(void* self, const void* spec);
    void (*destroy)(void* self);
};

struct Transport {
    const TransportVtbl* vt = nullptr;
    void* self = nullptr;
};

using TransportFactory = Transport (*)(const std::string& option);

static std::map<std::string, TransportFactory>& registry() {
    static std::map<std::string, TransportFactory> table;
    return table;
}

struct Registrar {
    Registrar(const char* name, TransportFactory f) { registry()[name] = f; }
};

// ---------------------------------------------------------------- httplib
namespace httplib_transport {
struct State {
    std::map<std::string, std::unique_ptr<httplib::Client>> clients;
};

Reply execute(void* self, const void* opaque) {
    auto* st = static_cast<State*>(self);
    const auto& spec = *static_cast<const RequestSpec*>(opaque);
    auto& cli = st->clients[spec.base];
    if (!cli) {
        cli = std::make_unique<httplib::Client>(spec.base);
        cli->set_read_timeout(30, 0);
    }
    httplib::Headers hdrs;
    for (const auto& h : spec.headers) hdrs.emplace(h.first, h.second);

    auto res = [&]() -> httplib::Result {
        if (spec.method == "POST")
            return cli->Post(spec.path.c_str(), hdrs, spec.body, spec.content_type.c_str());
        if (spec.method == "PATCH")
            return cli->Patch(spec.path.c_str(), hdrs, spec.body, spec.content_type.c_str());
        return cli->Get(spec.path.c_str(), hdrs);
    }();
    if (!res) return Reply{0, httplib::to_string(res.error())};
    return Reply{res->status, res->body};
}

void destroy(void* self) { delete static_cast<State*>(self); }

const TransportVtbl kVtbl{"httplib", execute, destroy};
Transport make(const std::string&) { return Transport{&kVtbl, new State}; }
Registrar reg("httplib", make);
}  // namespace httplib_transport

// ---------------------------------------------------------------- replay
namespace replay_transport {
Reply execute(void* self, const void* opaque) {
    const auto& spec = *static_cast<const RequestSpec*>(opaque);
    std::string file = *static_cast<std::string*>(self) + spec.path + ".json";
    std::ifstream in(file);
    if (!in) return Reply{404, ""};
    std::stringstream ss;
    ss << in.rdbuf();
    return Reply{200, ss.str()};
}
void destroy(void* self) { delete static_cast<std::string*>(self); }
const TransportVtbl kVtbl{"replay", execute, destroy};
Transport make(const std::string& dir) {
    return Transport{&kVtbl, new std::string(dir.empty() ? "./fixtures" : dir)};
}
Registrar reg("replay", make);
}  // namespace replay_transport

// ---------------------------------------------------------------- session
struct Endpoints {
    const char* login;
    const char* api;
};

static const std::map<std::string, Endpoints> kEndpoints = {
    {"production", {"https://login.procore.com",
                    "https://app.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com",
                 "https://sandbox.procore.com"}},
};

class ProcoreSession {
public:
    ProcoreSession(Transport t, Endpoints ep) : t_(t), ep_(ep) {}
    ~ProcoreSession() { t_.vt->destroy(t_.self); }

    bool authenticate(const std::string& refresh_token) {
        RequestSpec spec{"POST", ep_.login, "/oauth/token", "", "application/json", {}};
        spec.body = json{{"grant_type", "refresh_token"},
                         {"refresh_token", refresh_token},
                         {"client_id", env("PROCORE_CLIENT_ID")},
                         {"client_secret", env("PROCORE_CLIENT_SECRET")}}.dump();
        Reply r = t_.vt->execute(t_.self, &spec);
        if (r.status != 200) return false;
        token_ = json::parse(r.body).value("access_token", "");
        return !token_.empty();
    }

    // Layer that collects headers; the transport applies them.
    Reply call(RequestSpec spec, const std::vector<std::pair<std::string, std::string>>& extra = {}) {
        spec.base = ep_.api;
        spec.headers.emplace_back("Authorization", "Bearer " + token_);
        spec.headers.emplace_back("Accept", "application/json");
        spec.headers.insert(spec.headers.end(), extra.begin(), extra.end());
        return t_.vt->execute(t_.self, &spec);
    }

    static std::string env(const char* k) {
        const char* v = std::getenv(k);
        return v ? v : "";
    }

private:
    Transport t_;
    Endpoints ep_;
    std::string token_;
};

struct SubmittalRow {
    int id;
    int64_t vendor_id;
    std::string number;
    std::string title;
    std::string status;
};

static std::vector<SubmittalRow> fetch_submittals(ProcoreSession& s, int64_t company_id,
                                                  int64_t project_id) {
    std::vector<SubmittalRow> rows;
    const std::string company = std::to_string(company_id);
    for (int page = 1;; ++page) {
        RequestSpec spec{"GET", "", "/rest/v1.0/projects/" + std::to_string(project_id) +
                                        "/submittals?page=" + std::to_string(page) +
                                        "&per_page=100", "", "", {}};
        Reply r = s.call(spec, {{"Procore-Company-Id", company}});
        if (r.status != 200) break;
        json arr = json::parse(r.body);
        if (arr.empty()) break;
        for (const auto& j : arr) {
            SubmittalRow row;
            row.id = j["id"].get<int>();
            row.vendor_id = j.contains("responsible_contractor") && !j["responsible_contractor"].is_null()
                                ? j["responsible_contractor"]["id"].get<int64_t>()
                                : 0;
            row.number = j.value("number", "");
            row.title = j.value("title", "");
            row.status = j["status"].is_object() ? j["status"].value("name", "") : "";
            rows.push_back(row);
        }
    }
    return rows;
}

using VendorNames = std::unordered_map<int, std::string>;

static VendorNames fetch_vendor_names(ProcoreSession& s, int64_t company_id) {
    VendorNames names;
    RequestSpec spec{"GET", "", "/rest/v1.0/vendors?company_id=" + std::to_string(company_id), "", "", {}};
    Reply r = s.call(spec);
    if (r.status == 200)
        for (const auto& v : json::parse(r.body))
            names[v["id"].get<int64_t>()] = v.value("name", "");
    return names;
}

static void mark_exported(ProcoreSession& s, int64_t company_id, int64_t project_id, int submittal_id) {
    RequestSpec spec{"PATCH", "", "/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals/" +
                                      std::to_string(submittal_id), "", "application/json", {}};
    spec.body = json{{"submittal", {{"private", false}}}}.dump();
    s.call(spec, {{"Procore-CompanyId", std::to_string(company_id)}});
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittal_export <company_id> <project_id> [out.csv]\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const int64_t project_id = std::stoi(argv[2]);
    std::string env_name = ProcoreSession::env("PROCORE_ENV");
    std::string transport = ProcoreSession::env("SUBMITTAL_TRANSPORT");
    if (env_name.empty()) env_name = "production";
    if (transport.empty()) transport = "httplib";

    auto ep = kEndpoints.find(env_name);
    auto factory = registry().find(transport);
    if (ep == kEndpoints.end() || factory == registry().end()) {
        std::cerr << "unknown environment or transport\n";
        return 2;
    }
    ProcoreSession session(factory->second(ProcoreSession::env("SUBMITTAL_TRANSPORT_OPT")), ep->second);
    if (!session.authenticate(ProcoreSession::env("PROCORE_REFRESH_TOKEN"))) {
        std::cerr << "auth failed\n";
        return 1;
    }

    Reply companies = session.call(RequestSpec{"GET", "", "/rest/v1.0/companies", "", "", {}});
    for (const auto& c : json::parse(companies.body))
        if (c["id"].get<int64_t>() == company_id) std::cerr << "company: " << c.value("name", "") << "\n";

    auto rows = fetch_submittals(session, company_id, project_id);
    auto vendors = fetch_vendor_names(session, company_id);
    std::ofstream out(argc > 3 ? argv[3] : "submittals.csv");
    out << "id,number,title,status,responsible\n";
    for (const auto& r : rows) {
        out << r.id << ',' << r.number << ",\"" << r.title << "\"," << r.status << ','
            << vendors[r.vendor_id] << '\n';
        mark_exported(session, company_id, project_id, r.id);
    }
    std::cout << rows.size() << " submittals written; open https://app.procore.com/" << company_id
              << "/project/home to review\n";
    return 0;
}
