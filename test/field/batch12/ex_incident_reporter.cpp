// incident_reporter: small CLI the site supervisors run from the gate
// kiosk. It files an incident in Procore, adds the first corrective action
// and pings the safety channel on Slack. Currently pointed at the developer
// sandbox while the integration goes through review.
#include <curl/curl.h>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kTokenUrl = "https://sandbox.procore.com/oauth/token";
constexpr const char* kApiBase = "https://sandbox.procore.com";
constexpr const char* kSlackWebhook = "https://hooks.slack.com/services/T0000/B0000/kiosk";

struct HttpError : std::runtime_error {
    long status;
    HttpError(long st, const std::string& body)
        : std::runtime_error("HTTP " + std::to_string(st) + ": " + body), status(st) {}
};
struct TransportError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class CurlHandle {
public:
    CurlHandle() : h_(curl_easy_init()) {
        if (!h_) throw TransportError("curl_easy_init failed");
    }
    ~CurlHandle() { curl_easy_cleanup(h_); }
    CurlHandle(const CurlHandle&) = delete;
    CurlHandle& operator=(const CurlHandle&) = delete;
    CURL* get() const { return h_; }

private:
    CURL* h_;
};

class HeaderList {
public:
    explicit HeaderList(const std::vector<std::string>& lines) {
        for (const auto& l : lines) list_ = curl_slist_append(list_, l.c_str());
    }
    ~HeaderList() { curl_slist_free_all(list_); }
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

size_t sink(char* p, size_t sz, size_t n, void* out) {
    static_cast<std::string*>(out)->append(p, sz * n);
    return sz * n;
}

Json::Value parse(const std::string& text) {
    Json::Value v;
    Json::CharReaderBuilder b;
    std::string errs;
    std::istringstream in(text);
    if (!Json::parseFromStream(b, in, &v, &errs)) throw std::runtime_error("bad JSON: " + errs);
    return v;
}

std::string dump(const Json::Value& v) {
    Json::StreamWriterBuilder w;
    w["indentation"] = "";
    return Json::writeString(w, v);
}

// One HTTP exchange. Throws TransportError or HttpError; returns parsed JSON.
Json::Value http_json(const char* method, const std::string& url,
                      const std::vector<std::string>& headers, const std::string& body = "") {
    CurlHandle h;
    HeaderList hl(headers);
    std::string resp;
    curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(h.get(), CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, hl.get());
    if (!body.empty()) curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(h.get(), CURLOPT_CONNECTTIMEOUT, 10L);
    CURLcode rc = curl_easy_perform(h.get());
    if (rc != CURLE_OK) throw TransportError(curl_easy_strerror(rc));
    long code = 0;
    curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &code);
    if (code < 200 || code >= 300) throw HttpError(code, resp);
    return resp.empty() ? Json::Value() : parse(resp);
}

class Reporter {
public:
    Reporter(int64_t company_id, std::string token, std::string refresh, std::string cid, std::string sec)
        : company_id_(company_id), token_(std::move(token)), refresh_(std::move(refresh)),
          client_id_(std::move(cid)), secret_(std::move(sec)) {}

    // Runs fn; on 401 refreshes and retries, on 5xx/transport errors backs off.
    template <typename F>
    auto retry(int attempts, F fn) -> decltype(fn()) {
        auto delay = std::chrono::seconds(1);
        for (int i = 1;; ++i) {
            try {
                return fn();
            } catch (const HttpError& e) {
                if (i >= attempts) throw;
                if (e.status == 401) {
                    refresh_token();
                    continue;
                }
                if (e.status < 500 && e.status != 429) throw;
            } catch (const TransportError& e) {
                if (i >= attempts) throw;
                std::cerr << "network trouble (" << e.what() << "), retrying\n";
            }
            std::this_thread::sleep_for(delay);
            delay *= 2;
        }
    }

    void refresh_token() {
        Json::Value form;
        form["grant_type"] = "refresh_token";
        form["refresh_token"] = refresh_;
        form["client_id"] = client_id_;
        form["client_secret"] = secret_;
        Json::Value tok = http_json("POST", kTokenUrl, {"Content-Type: application/json"}, dump(form));
        token_ = tok["access_token"].asString();
        if (tok.isMember("refresh_token")) refresh_ = tok["refresh_token"].asString();
    }

    std::vector<std::string> api_headers() const {
        return {"Authorization: Bearer " + token_,
                "Procore-Company-Id: " + std::to_string(company_id_),
                "Content-Type: application/json"};
    }

    Json::Value me() {
        return retry(3, [&] {
            return http_json("GET", std::string(kApiBase) + "/rest/v1.0/me",
                             {"Authorization: Bearer " + token_});
        });
    }

    Json::Value create_incident(int64_t project_id, const std::string& title, const std::string& desc) {
        Json::Value body;
        body["incident"]["title"] = title;
        body["incident"]["description"] = desc;
        body["incident"]["recordable"] = false;
        std::string url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) + "/incidents";
        return retry(4, [&] { return http_json("POST", url, api_headers(), dump(body)); });
    }

    Json::Value add_action(int64_t project_id, int64_t incident_id, const std::string& what) {
        Json::Value body;
        body["action"]["incident_id"] = Json::Int64(incident_id);
        body["action"]["description"] = what;
        std::string url = std::string(kApiBase) + "/rest/v1.0/projects/" + std::to_string(project_id) +
                          "/incidents/actions";
        return retry(4, [&] {
            return http_json("POST", url,
                             {"Authorization: Bearer " + token_,
                              "X-Procore-Company-Id: " + std::to_string(company_id_),
                              "Content-Type: application/json"},
                             dump(body));
        });
    }

private:
    int64_t company_id_;
    std::string token_, refresh_, client_id_, secret_;
};

void notify_slack(const std::string& text) {
    Json::Value msg;
    msg["text"] = text;
    try {
        http_json("POST", kSlackWebhook, {"Content-Type: application/json"}, dump(msg));
    } catch (const std::exception& e) {
        std::cerr << "slack notification failed: " << e.what() << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: incident_reporter <company_id> <project_id> <title> <description> [action]\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    std::unique_ptr<void, void (*)(void*)> global(reinterpret_cast<void*>(1), [](void*) { curl_global_cleanup(); });

    int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    int64_t project_id = std::strtoll(argv[2], nullptr, 10);
    const char* tok = std::getenv("PROCORE_TOKEN");
    const char* rtok = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    if (!tok || !rtok || !cid || !sec) {
        std::cerr << "credentials missing; see https://developers.procore.com/documentation/oauth-introduction\n";
        return 2;
    }
    Reporter rep(company_id, tok, rtok, cid, sec);
    try {
        Json::Value user = rep.me();
        Json::Int64 user_id = user["id"].asInt64();
        Json::Value created = rep.create_incident(project_id, argv[3], argv[4]);
        int incident_id = created["id"].asInt();
        std::printf("incident %d filed by user %lld\n", incident_id, static_cast<long long>(user_id));
        if (argc > 5) rep.add_action(project_id, incident_id, argv[5]);
        notify_slack("New incident on project " + std::to_string(project_id) + ": " + argv[3] +
                     " https://app.procore.com/" + std::to_string(project_id) + "/project/incidents");
    } catch (const HttpError& e) {
        std::cerr << e.what() << "\nIf this keeps failing, file it by hand: "
                  << "https://support.procore.com/products/online/user-guide/project-level/incidents\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "incident not filed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
