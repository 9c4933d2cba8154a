// webhook-router: drains the webhook spool written by our ingress (one JSON
// event per file, as delivered by Procore Webhooks), enriches each event with
// the resource it refers to and forwards a summary to the project's Teams
// channel. Uses the refresh token of the integration user.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;

enum class Fault { Io, Transport, Status, Json, Skip };

struct Problem {
    Fault fault;
    std::string what;
};

template <typename T>
struct Expected {
    std::variant<T, Problem> v;

    static Expected good(T t) { return Expected{std::move(t)}; }
    static Expected bad(Fault f, std::string w) { return Expected{Problem{f, std::move(w)}}; }
    explicit operator bool() const { return v.index() == 0; }
    const T& operator*() const { return std::get<0>(v); }
    const Problem& problem() const { return std::get<1>(v); }

    template <typename F>
    auto and_then(F&& f) const {
        using R = std::invoke_result_t<F, const T&>;
        if (!*this) return R::bad(problem().fault, problem().what);
        return f(**this);
    }
};

struct Request {
    std::string url;
    std::vector<std::string> headers;
    std::optional<std::string> body;
};

struct Event {
    int64_t id = 0;
    int64_t company_id = 0;
    int64_t project_id = 0;
    int64_t resource_id = 0;
    std::string resource_name;
    std::string event_type;
};

static const std::string kLogin = "https://login.procore.com";
static const std::string kApi = "https://api.procore.com";
static const std::string kHooksAdmin = "https://app.procore.com/rest/v1.0/webhooks/hooks";

static size_t sink(char* p, size_t s, size_t n, void* out) {
    static_cast<std::string*>(out)->append(p, s * n);
    return s * n;
}

static Expected<json> send(const Request& req) {
    CURL* c = curl_easy_init();
    if (!c) return Expected<json>::bad(Fault::Transport, "curl init");
    std::string buf;
    curl_slist* hdrs = nullptr;
    for (const auto& h : req.headers) hdrs = curl_slist_append(hdrs, h.c_str());
    curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &buf);
    if (req.body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body->c_str());
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) return Expected<json>::bad(Fault::Transport, curl_easy_strerror(rc));
    if (code < 200 || code >= 300) return Expected<json>::bad(Fault::Status, std::to_string(code) + " " + req.url);
    json j = json::parse(buf, nullptr, false);
    if (j.is_discarded()) return Expected<json>::bad(Fault::Json, req.url);
    return Expected<json>::good(std::move(j));
}

static Request bearer(std::string url, const std::string& token) {
    return Request{std::move(url), {"Authorization: Bearer " + token, "Accept: application/json"}, std::nullopt};
}

static Request with_company(Request r, int64_t company_id) {
    r.headers.push_back("Procore-Company-Id: " + std::to_string(company_id));
    return r;
}

static Expected<std::string> refresh_access(const std::string& refresh_token) {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!cid || !secret) return Expected<std::string>::bad(Fault::Io, "client credentials unset");
    json form = {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token},
                 {"client_id", cid}, {"client_secret", secret}};
    Request req{kLogin + "/oauth/token", {"Content-Type: application/json"}, form.dump()};
    return send(req).and_then([](const json& tok) {
        return Expected<std::string>::good(tok.at("access_token").get<std::string>());
    });
}

static Expected<Event> parse_event(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return Expected<Event>::bad(Fault::Io, file.string());
    json p = json::parse(in, nullptr, false);
    if (p.is_discarded()) return Expected<Event>::bad(Fault::Json, file.string());
    Event e;
    e.id = p.at("id").get<int64_t>();
    e.company_id = p.at("company_id").get<int64_t>();
    e.project_id = p.value("project_id", int64_t{0});
    e.resource_id = p.at("resource_id").get<int>();
    e.resource_name = p.value("resource_name", "");
    e.event_type = p.value("event_type", "");
    if (e.project_id == 0) return Expected<Event>::bad(Fault::Skip, "company-level event");
    return Expected<Event>::good(e);
}

static Expected<json> load_resource(const Event& e, const std::string& token) {
    const std::string project = kApi + "/rest/v1.0/projects/" + std::to_string(e.project_id);
    if (e.resource_name == "RFIs")
        return send(with_company(bearer(project + "/rfis/" + std::to_string(e.resource_id), token), e.company_id));
    if (e.resource_name == "Change Events")
        return send(bearer(project + "/change_events/" + std::to_string(e.resource_id), token));
    return Expected<json>::bad(Fault::Skip, e.resource_name);
}

static Expected<json> forward(const std::string& channel_url, const Event& e, const json& resource) {
    json card = {{"text", e.resource_name + " " + e.event_type + ": " +
                              resource.value("title", resource.value("subject", std::string("(untitled)")))}};
    Request req{channel_url, {"Content-Type: application/json"}, card.dump()};
    return send(req);
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: webhook-router <spool_dir> <channels.json>\n";
        return 64;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    auto token = refresh_access(rt ? rt : "");
    if (!token) {
        std::cerr << "auth: " << token.problem().what << "\n";
        return 1;
    }

    std::map<int, std::string> channel_for_project;
    std::ifstream cf(argv[2]);
    json channels = json::parse(cf, nullptr, false);
    if (!channels.is_discarded())
        for (const auto& [pid, url] : channels.items()) channel_for_project[std::stoi(pid)] = url.get<std::string>();

    auto companies = send(bearer(kApi + "/rest/v1.0/companies", *token));
    if (companies && (*companies).size() == 1) {
        const int64_t company_id = (*companies)[0].at("id").get<int64_t>();
        auto hooks = send(with_company(bearer(kHooksAdmin + "?company_id=" + std::to_string(company_id), *token), company_id));
        if (hooks) std::cout << (*hooks).size() << " webhook hooks registered\n";
    }

    int routed = 0, skipped = 0, errors = 0;
    for (const auto& entry : fs::directory_iterator(argv[1])) {
        if (entry.path().extension() != ".json") continue;
        auto ev = parse_event(entry.path());
        auto result = ev.and_then([&](const Event& e) { return load_resource(e, *token); })
                          .and_then([&](const json& resource) {
                              auto it = channel_for_project.find((*ev).project_id);
                              if (it == channel_for_project.end())
                                  return Expected<json>::bad(Fault::Skip, "no channel");
                              return forward(it->second, *ev, resource);
                          });
        if (result) {
            ++routed;
            fs::remove(entry.path());
        } else if (result.problem().fault == Fault::Skip) {
            ++skipped;
            fs::remove(entry.path());
        } else {
            ++errors;
            std::cerr << entry.path().filename() << ": " << result.problem().what << "\n";
        }
    }
    std::cout << routed << " routed, " << skipped << " skipped, " << errors << " left in spool\n";
    curl_global_cleanup();
    return errors == 0 ? 0 : 1;
}
