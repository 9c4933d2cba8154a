// fu_drawing_rev_watcher: polls drawing revisions for a list of sandbox
// projects and prints what changed since the last run. Used by the plugin
// team against the developer sandbox before shipping to customers.
//
//   fu_drawing_rev_watcher <company_id> <project_id>[,<project_id>...]
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

#define SANDBOX_API "https://sandbox.procore.com"
#define SANDBOX_TOKEN_URL "https://sandbox.procore.com/oauth/token"

// Shared flag checked between requests; flipped by the watchdog thread.
class CancellationToken {
public:
    void cancel() { flag_->store(true); }
    bool cancelled() const { return flag_->load(); }

private:
    std::shared_ptr<std::atomic<bool>> flag_ = std::make_shared<std::atomic<bool>>(false);
};

struct RequestDesc {
    std::string path;
    cpr::Parameters params;
};

struct Drawing {
    long id;
    int64_t drawing_area_id;
    std::string number;
    std::string title;
    int64_t current_revision_id;
};

struct Session {
    std::string access_token;
    int64_t company_id = 0;
};

cpr::Response retry_backoff(std::function<cpr::Response()> fn, const CancellationToken& tok,
                            int tries = 4) {
    cpr::Response r;
    std::chrono::milliseconds backoff(200);
    for (int i = 0; i < tries && !tok.cancelled(); ++i) {
        r = fn();
        if (r.status_code == 401) break;  // refresh is handled by the caller
        if (r.status_code != 429 && r.status_code < 500 && r.status_code != 0) break;
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
    }
    return r;
}

std::string refresh(const std::string& refresh_token) {
    auto r = cpr::Post(cpr::Url{SANDBOX_TOKEN_URL},
                       cpr::Payload{{"grant_type", "refresh_token"},
                                    {"refresh_token", refresh_token},
                                    {"client_id", std::getenv("SBX_CLIENT_ID")},
                                    {"client_secret", std::getenv("SBX_CLIENT_SECRET")}});
    if (r.status_code != 200) throw std::runtime_error("token refresh: " + r.text);
    return json::parse(r.text).at("access_token").get<std::string>();
}

cpr::Header procore_headers(const Session& s) {
    return cpr::Header{{"Authorization", "Bearer " + s.access_token},
                       {"Procore-Company-Id", std::to_string(s.company_id)}};
}

std::future<json> get_json_async(Session s, RequestDesc desc, CancellationToken tok) {
    return std::async(std::launch::async, [s, desc, tok]() -> json {
        auto r = retry_backoff(
            [&] {
                return cpr::Get(cpr::Url{std::string(SANDBOX_API) + desc.path}, desc.params,
                                procore_headers(s));
            },
            tok);
        if (r.status_code != 200) return json::array();
        return json::parse(r.text, nullptr, false);
    });
}

std::map<int64_t, std::string> load_area_names(const Session& s, int64_t project_id) {
    auto r = cpr::Get(cpr::Url{std::string(SANDBOX_API) + "/rest/v1.1/projects/" +
                               std::to_string(project_id) + "/drawing_areas"},
                      cpr::Header{{"Authorization", "Bearer " + s.access_token},
                                  {"Procore-CompanyId", std::to_string(s.company_id)}});
    std::map<int64_t, std::string> names;
    if (r.status_code != 200) return names;
    for (auto& a : json::parse(r.text)) names[a.at("id").get<int64_t>()] = a.value("name", "");
    return names;
}

std::vector<Drawing> parse_drawings(const json& arr) {
    std::vector<Drawing> out;
    for (const auto& d : arr) {
        Drawing dr;
        dr.id = d.at("id").get<int64_t>();
        dr.drawing_area_id = d.value("drawing_area_id", int64_t{0});
        dr.number = d.value("number", "");
        dr.title = d.value("title", "");
        dr.current_revision_id =
            d.contains("current_revision") ? d["current_revision"].value("id", int64_t{0}) : 0;
        out.push_back(dr);
    }
    return out;
}

std::vector<int64_t> split_ids(const std::string& csv) {
    std::vector<int64_t> ids;
    std::stringstream ss(csv);
    std::string tok;
    while (std::getline(ss, tok, ','))
        if (!tok.empty()) ids.push_back(std::stoi(tok));
    return ids;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " <company_id> <project_ids>\n";
        return 2;
    }
    Session s;
    s.company_id = std::stoll(argv[1]);
    std::vector<int64_t> projects = split_ids(argv[2]);

    std::ifstream rt(".sbx_refresh_token");
    std::string refresh_token((std::istreambuf_iterator<char>(rt)), {});
    s.access_token = refresh(refresh_token);

    CancellationToken tok;
    std::thread watchdog([tok] {
        std::this_thread::sleep_for(std::chrono::minutes(5));
        auto t = tok;
        t.cancel();
    });
    watchdog.detach();

    // Fan out: one future per project for the drawing list.
    std::vector<std::pair<int64_t, std::future<json>>> pending;
    for (int64_t pid : projects) {
        RequestDesc desc{"/rest/v1.0/projects/" + std::to_string(pid) + "/drawings",
                         cpr::Parameters{{"per_page", "300"}}};
        pending.emplace_back(pid, get_json_async(s, desc, tok));
    }

    json state;
    std::ifstream prev("drawing_state.json");
    if (prev) prev >> state;

    for (auto& [pid, fut] : pending) {
        auto drawings = parse_drawings(fut.get());
        auto areas = load_area_names(s, pid);
        auto& seen = state[std::to_string(pid)];
        for (const auto& d : drawings) {
            auto key = std::to_string(d.id);
            int64_t last = seen.value(key, int64_t{0});
            if (last != d.current_revision_id) {
                std::cout << pid << " [" << areas[d.drawing_area_id] << "] " << d.number << " "
                          << d.title << " -> rev " << d.current_revision_id << "\n";
                seen[key] = d.current_revision_id;
            }
        }
    }
    if (tok.cancelled()) std::cerr << "watchdog fired, results partial\n";

    // Developer doc for the endpoint, printed for whoever is on call.
    std::cerr << "see https://developers.procore.com/reference/rest/drawings\n";
    std::ofstream("drawing_state.json") << state.dump(2);
    return 0;
}
