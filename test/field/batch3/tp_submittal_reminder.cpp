// submittal-nag: nightly job that finds overdue submittals on one project and
// pings the ball-in-court people in Slack.
//
// Config (JSON, path in argv[1]):
//   { "env": "production", "company_id": 562949953421312, "project_id": 27001,
//     "client_id": "...", "client_secret": "...", "refresh_token_file": "/var/lib/nag/rt",
//     "slack_webhook": "/services/T000/B000/XXXX", "grace_days": 2 }
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <cstdint>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

namespace nag {

struct ProductionHosts {
    static constexpr const char* login = "https://login.procore.com";
    static constexpr const char* api = "https://api.procore.com";
};
struct SandboxHosts {
    static constexpr const char* login = "https://login-sandbox.procore.com";
    static constexpr const char* api = "https://sandbox.procore.com";
};
using Environment = std::variant<ProductionHosts, SandboxHosts>;

using UserId = int;

template <class T> T field(const Json::Value& v, const char* key);
template <> inline int64_t field<int64_t>(const Json::Value& v, const char* key) { return v[key].asInt64(); }
template <> inline int field<int>(const Json::Value& v, const char* key) { return v[key].asInt(); }
template <> inline std::string field<std::string>(const Json::Value& v, const char* key) {
    return v[key].isNull() ? std::string() : v[key].asString();
}

template <class... Segs>
std::string path(const char* version, Segs&&... segs) {
    std::ostringstream os;
    os << "/rest/" << version;
    ((os << '/' << segs), ...);
    return os.str();
}

inline Json::Value parse(const std::string& body) {
    Json::CharReaderBuilder b;
    Json::Value out;
    std::string errs;
    std::istringstream in(body);
    if (!Json::parseFromStream(b, in, &out, &errs)) throw std::runtime_error("bad json: " + errs);
    return out;
}

template <class Transport, class Hosts>
class ProcoreClient {
public:
    ProcoreClient(std::string client_id, std::string client_secret, std::string rt_file)
        : api_(Hosts::api), login_(Hosts::login), client_id_(std::move(client_id)),
          client_secret_(std::move(client_secret)), rt_file_(std::move(rt_file)) {}

    void authenticate() {
        std::ifstream in(rt_file_);
        std::string refresh;
        std::getline(in, refresh);
        httplib::Params form{{"grant_type", "refresh_token"},
                             {"client_id", client_id_},
                             {"client_secret", client_secret_},
                             {"refresh_token", refresh}};
        auto res = login_.Post("/oauth/token", form);
        if (!res || res->status != 200) throw std::runtime_error("token refresh failed");
        Json::Value tok = parse(res->body);
        std::ofstream(rt_file_, std::ios::trunc) << tok["refresh_token"].asString() << "\n";
        headers_ = {{"Authorization", "Bearer " + tok["access_token"].asString()}};
    }

    void use_company(int64_t company_id) {
        company_id_ = company_id;
        headers_.emplace("Procore-Company-Id", std::to_string(company_id));
    }

    Json::Value get(const std::string& p) {
        auto res = api_.Get(p.c_str(), headers_);
        if (res && res->status == 401) {
            // access token expired mid-run: refresh and retry once
            authenticate();
            res = api_.Get(p.c_str(), headers_);
        }
        if (!res) throw std::runtime_error("no response for " + p);
        if (res->status != 200) throw std::runtime_error(p + ": HTTP " + std::to_string(res->status));
        return parse(res->body);
    }

    int64_t company() const { return company_id_; }

private:
    Transport api_;
    Transport login_;
    std::string client_id_, client_secret_, rt_file_;
    httplib::Headers headers_;
    int64_t company_id_ = 0;
};

template <class Derived>
struct Resource {
    template <class Client>
    static Json::Value list_for_project(Client& c, int64_t project_id, const std::string& query) {
        return c.get(path(Derived::version, "projects", project_id, Derived::path) + query);
    }
};
struct Submittals : Resource<Submittals> {
    static constexpr auto version = "v1.1";
    static constexpr auto path = "submittals";
};

struct Overdue {
    int64_t id;
    std::string number;
    std::string title;
    int days_late;
    std::vector<UserId> ball_in_court;
};

int days_since(const std::string& ymd) {
    std::tm tm{};
    std::istringstream ss(ymd);
    ss >> std::get_time(&tm, "%Y-%m-%d");
    if (ss.fail()) return 0;
    std::time_t due = timegm(&tm);
    return static_cast<int>((std::time(nullptr) - due) / 86400);
}

}  // namespace nag

template <class Hosts>
int run(const Json::Value& cfg) {
    using Client = nag::ProcoreClient<httplib::Client, Hosts>;
    Client pc(cfg["client_id"].asString(), cfg["client_secret"].asString(),
              cfg["refresh_token_file"].asString());
    pc.authenticate();
    pc.use_company(cfg["company_id"].asInt64());

    int project_id = cfg["project_id"].asInt();
    int grace = cfg.get("grace_days", 2).asInt();

    std::vector<nag::Overdue> late;
    for (int page = 1; page < 50; ++page) {
        Json::Value batch = nag::Submittals::list_for_project(
            pc, project_id, "?filters[status_id]=1&per_page=100&page=" + std::to_string(page));
        if (!batch.isArray() || batch.empty()) break;
        for (const auto& s : batch) {
            int d = nag::days_since(nag::field<std::string>(s, "due_date"));
            if (d <= grace) continue;
            nag::Overdue o{nag::field<int64_t>(s, "id"), nag::field<std::string>(s, "number"),
                           nag::field<std::string>(s, "title"), d, {}};
            for (const auto& u : s["ball_in_court"]) o.ball_in_court.push_back(nag::field<nag::UserId>(u, "id"));
            late.push_back(std::move(o));
        }
    }
    if (late.empty()) {
        std::cout << "nothing overdue on project " << project_id << "\n";
        return 0;
    }

    std::map<nag::UserId, int> per_user;
    std::ostringstream text;
    text << "*" << late.size() << " overdue submittals*\n";
    for (const auto& o : late) {
        text << "• <https://app.procore.com/" << project_id << "/project/submittal_logs/" << o.id
             << "|#" << o.number << " " << o.title << "> — " << o.days_late << " days late\n";
        for (auto u : o.ball_in_court) per_user[u]++;
    }

    Json::Value msg;
    msg["text"] = text.str();
    Json::StreamWriterBuilder wb;
    httplib::Client slack("https://hooks.slack.com");
    auto r = slack.Post(cfg["slack_webhook"].asString().c_str(), Json::writeString(wb, msg), "application/json");
    int slack_status = r ? r->status : -1;
    if (slack_status != 200) {
        std::cerr << "slack webhook failed (" << slack_status << ")\n";
        return 1;
    }
    std::cout << late.size() << " reminders sent for " << per_user.size() << " people\n";
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: submittal-nag CONFIG.json\n";
        return 2;
    }
    std::ifstream f(argv[1]);
    Json::Value cfg;
    f >> cfg;
    nag::Environment env = cfg["env"].asString() == "sandbox" ? nag::Environment{nag::SandboxHosts{}}
                                                              : nag::Environment{nag::ProductionHosts{}};
    try {
        return std::visit([&](auto h) { return run<decltype(h)>(cfg); }, env);
    } catch (const std::exception& e) {
        std::cerr << "submittal-nag: " << e.what() << "\n";
        return 1;
    }
}
