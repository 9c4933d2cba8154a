// submittal_nudge: CLI used by the preconstruction team against the developer
// sandbox while we tune the reminder rules. Finds submittals whose required
// on-site date has passed, stamps them and posts a summary to Teams.
//
//   usage: submittal_nudge <project_id> [max_pages]
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Listener = std::function<void(const Json::Value&)>;

class Dispatcher {
public:
    void subscribe(const std::string& topic, Listener l) { topics_[topic].push_back(std::move(l)); }
    void dispatch(const std::string& topic, const Json::Value& payload = Json::Value()) {
        for (auto& l : topics_[topic]) l(payload);
    }

private:
    std::map<std::string, std::vector<Listener>> topics_;
};

struct Session {
    // developer sandbox
    std::string authHost = "https://sandbox.procore.com";
    std::string apiHost = "https://sandbox.procore.com";
    std::string teamsWebhook;
    std::string clientId;
    std::string clientSecret;
    std::string refreshToken;
    std::string accessToken;
    int64_t companyId = 0;
    int64_t userId = 0;
    int maxPages = 10;
    int late = 0;
};

Json::Value parse(const std::string& body) {
    Json::Value root;
    Json::CharReaderBuilder rb;
    std::string errs;
    std::istringstream in(body);
    if (!Json::parseFromStream(rb, in, &root, &errs)) std::cerr << "bad json: " << errs << "\n";
    return root;
}

std::string compact(const Json::Value& v) {
    Json::StreamWriterBuilder wb;
    wb["indentation"] = "";
    return Json::writeString(wb, v);
}

httplib::Headers authHeaders(const Session& s) {
    return {{"Authorization", "Bearer " + s.accessToken}, {"Accept", "application/json"}};
}

httplib::Headers companyHeaders(const Session& s) {
    httplib::Headers h = authHeaders(s);
    h.emplace("Procore-Company-Id", std::to_string(s.companyId));
    return h;
}

void wire(Dispatcher& bus, Session& s) {
    bus.subscribe("auth.start", [&bus, &s](const Json::Value&) {
        httplib::Client auth(s.authHost);
        httplib::Params form{{"grant_type", "refresh_token"},
                             {"client_id", s.clientId},
                             {"client_secret", s.clientSecret},
                             {"refresh_token", s.refreshToken}};
        auto res = auth.Post("/oauth/token", form);
        if (!res || res->status != 200) {
            std::cerr << "auth failed\n";
            return;
        }
        Json::Value tok = parse(res->body);
        s.accessToken = tok["access_token"].asString();
        bus.dispatch("auth.ok");
    });

    bus.subscribe("auth.ok", [&bus, &s](const Json::Value&) {
        httplib::Client api(s.apiHost);
        auto res = api.Get("/rest/v1.0/me", authHeaders(s));
        if (res && res->status == 200) s.userId = parse(res->body)["id"].asInt64();
        bus.dispatch("scan.start");
    });

    bus.subscribe("project.scan", [&bus, &s](const Json::Value& p) {
        const int64_t projectId = p["project_id"].asInt64();
        httplib::Client api(s.apiHost);
        const std::string today = p["today"].asString();
        for (int page = 1; page <= s.maxPages; ++page) {
            std::string path = "/rest/v1.1/projects/" + std::to_string(projectId) +
                               "/submittals?page=" + std::to_string(page) + "&per_page=100";
            auto res = api.Get(path, companyHeaders(s));
            if (!res || res->status != 200) break;
            Json::Value rows = parse(res->body);
            if (!rows.isArray() || rows.empty()) break;
            for (const auto& row : rows) {
                const std::string due = row["required_on_site_date"].asString();
                if (!due.empty() && due < today && row["status"]["name"].asString() != "Closed") {
                    Json::Value ev = row;
                    ev["project_id"] = Json::Int64(projectId);
                    bus.dispatch("submittal.late", ev);
                }
            }
        }
        bus.dispatch("scan.done");
    });

    bus.subscribe("submittal.late", [&s](const Json::Value& row) {
        const int submittalId = row["id"].asInt();
        const int64_t projectId = row["project_id"].asInt64();
        Json::Value body;
        body["submittal"]["private"] = false;
        body["submittal"]["description"] =
            row["description"].asString() + "\n[auto] required on-site date passed";
        httplib::Client api(s.apiHost);
        auto res = api.Patch("/rest/v1.1/projects/" + std::to_string(projectId) + "/submittals/" +
                                 std::to_string(submittalId),
                             authHeaders(s), compact(body), "application/json");
        if (res && res->status < 300) ++s.late;
        else std::cerr << "could not stamp submittal " << submittalId << "\n";
    });

    bus.subscribe("scan.done", [&s](const Json::Value&) {
        if (s.late == 0 || s.teamsWebhook.empty()) return;
        Json::Value card;
        card["text"] = std::to_string(s.late) + " submittals are past their required on-site date.";
        httplib::Client teams("https://outlook.office.com");
        auto res = teams.Post(s.teamsWebhook, compact(card), "application/json");
        if (!res) std::cerr << "teams post failed\n";
    });
}

std::string env(const char* k) {
    const char* v = std::getenv(k);
    return v ? v : "";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " <project_id> [max_pages]\n"
                  << "see https://developers.procore.com/documentation/building-apps-sandbox\n";
        return 64;
    }
    Session s;
    s.clientId = env("PROCORE_CLIENT_ID");
    s.clientSecret = env("PROCORE_CLIENT_SECRET");
    s.refreshToken = env("PROCORE_REFRESH_TOKEN");
    s.companyId = std::stoll(env("PROCORE_COMPANY_ID").empty() ? "0" : env("PROCORE_COMPANY_ID"));
    s.teamsWebhook = env("TEAMS_WEBHOOK_PATH");
    if (argc > 2) s.maxPages = std::stoi(argv[2]);

    const int projectId = std::stoi(argv[1]);

    char today[11];
    std::time_t now = std::time(nullptr);
    std::strftime(today, sizeof today, "%Y-%m-%d", std::localtime(&now));

    Dispatcher bus;
    wire(bus, s);
    bus.subscribe("scan.start", [&bus, projectId, &today](const Json::Value&) {
        Json::Value p;
        p["project_id"] = Json::Int64(projectId);
        p["today"] = today;
        bus.dispatch("project.scan", p);
    });
    bus.dispatch("auth.start");

    std::cout << "stamped " << s.late << " late submittals\n";
    return s.late > 0 ? 1 : 0;
}
