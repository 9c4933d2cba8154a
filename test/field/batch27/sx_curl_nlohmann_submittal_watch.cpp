// submittal_watch - polls a project's submittal log and posts status changes
// to the project team's Teams channel. Runs as a systemd service on the
// integration box; QA points it at the monthly sandbox with --env monthly.
//
// Responses go through nlohmann's SAX interface: we never need the full DOM
// and the submittal log carries every workflow step for every item.

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

struct Environment {
    const char* login;
    const char* api;
};

const Environment kProduction{"https://login.procore.com", "https://app.procore.com"};
const Environment kMonthly{"https://login-sandbox-monthly.procore.com",
                           "https://api-monthly.procore.com"};

struct Submittal {
    int64_t id = 0;
    std::string number;
    std::string title;
    std::string status;
    int responsible_contractor_id = 0;
};

// Shared no-op callbacks; the concrete handlers override what they need.
class NopSax : public nlohmann::json_sax<json> {
  public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { ++depth_; return true; }
    bool end_object() override { --depth_; return true; }
    bool key(string_t& k) override { key_ = k; return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& e) override {
        std::cerr << "json error at byte " << pos << ": " << e.what() << "\n";
        return false;
    }

  protected:
    int depth_ = 0;
    std::string key_;
};

class SubmittalSax : public NopSax {
  public:
    std::vector<Submittal> items;

    bool start_object(std::size_t n) override {
        NopSax::start_object(n);
        if (depth_ == 1) cur_ = Submittal{};
        if (depth_ == 2) parent_ = key_;
        return true;
    }
    bool end_object() override {
        if (depth_ == 1) items.push_back(cur_);
        if (depth_ == 2) parent_.clear();
        return NopSax::end_object();
    }
    bool number_unsigned(number_unsigned_t v) override { return store(static_cast<int64_t>(v)); }
    bool number_integer(number_integer_t v) override { return store(v); }
    bool string(string_t& s) override {
        if (depth_ == 1 && key_ == "number") cur_.number = s;
        else if (depth_ == 1 && key_ == "title") cur_.title = s;
        else if (depth_ == 2 && parent_ == "status" && key_ == "name") cur_.status = s;
        return true;
    }

  private:
    bool store(int64_t v) {
        if (depth_ == 1 && key_ == "id") cur_.id = v;
        else if (depth_ == 2 && parent_ == "responsible_contractor" && key_ == "id")
            cur_.responsible_contractor_id = v;
        return true;
    }
    Submittal cur_;
    std::string parent_;
};

// [{"id":..,"name":..}, ...] -> id/name pairs
class VendorNameSax : public NopSax {
  public:
    std::map<int64_t, std::string>* names = nullptr;
    bool number_unsigned(number_unsigned_t v) override {
        if (depth_ == 1 && key_ == "id") cur_id_ = static_cast<int64_t>(v);
        return true;
    }
    bool string(string_t& s) override {
        if (depth_ == 1 && key_ == "name") (*names)[cur_id_] = s;
        return true;
    }

  private:
    int64_t cur_id_ = 0;
};

size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

// Returns the HTTP status, body in *out.
long http_request(const std::string& url, const std::vector<std::string>& headers,
                  std::string* out, const std::string* post_body = nullptr) {
    CURL* curl = curl_easy_init();
    struct curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (post_body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->c_str());
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    return status;
}

std::string refresh(const Environment& env, const std::string& client_id,
                    const std::string& secret, std::string& refresh_token) {
    std::string body = "grant_type=refresh_token&client_id=" + client_id +
                       "&client_secret=" + secret + "&refresh_token=" + refresh_token;
    std::string out;
    if (http_request(std::string(env.login) + "/oauth/token", {}, &out, &body) != 200) return {};
    json tok = json::parse(out, nullptr, false);
    if (tok.is_discarded()) return {};
    refresh_token = tok.value("refresh_token", refresh_token);
    return tok.value("access_token", "");
}

void notify_teams(const std::string& webhook, const std::string& text) {
    std::string body = json{{"text", text}}.dump();
    std::string ignored;
    http_request(webhook, {"Content-Type: application/json"}, &ignored, &body);
}

}  // namespace

int main(int argc, char** argv) {
    const Environment* env = &kProduction;
    std::string client_id, secret, refresh_token, webhook;
    int64_t company_id = 0, project_id = 0;
    int interval_s = 300;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--env" && !strcmp(argv[i + 1], "monthly")) env = &kMonthly;
        else if (a == "--client-id") client_id = argv[i + 1];
        else if (a == "--secret") secret = argv[i + 1];
        else if (a == "--refresh-token") refresh_token = argv[i + 1];
        else if (a == "--company") company_id = std::stoll(argv[i + 1]);
        else if (a == "--project") project_id = std::stoll(argv[i + 1]);
        else if (a == "--teams-webhook") webhook = argv[i + 1];
        else if (a == "--interval") interval_s = std::stoi(argv[i + 1]);
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    std::map<int64_t, std::string> last_status;
    std::map<int64_t, std::string> vendor_names;

    for (;;) {
        std::string token = refresh(*env, client_id, secret, refresh_token);
        if (token.empty()) {
            std::cerr << "token refresh failed, retrying later\n";
            std::this_thread::sleep_for(std::chrono::seconds(interval_s));
            continue;
        }
        const std::string bearer = "Authorization: Bearer " + token;
        const std::string base = std::string(env->api) + "/rest/v1.0/projects/" + std::to_string(project_id);

        std::string body;
        long st = http_request(base + "/submittals?per_page=500", {bearer,
                               "Procore-Company-Id: " + std::to_string(company_id)}, &body);
        SubmittalSax sax;
        if (st != 200 || !json::sax_parse(body, &sax)) {
            std::cerr << "submittals: HTTP " << st << "\n";
        }

        if (vendor_names.empty()) {
            std::string vbody;
            if (http_request(base + "/vendors", {bearer,
                             "X-Procore-Company-Id: " + std::to_string(company_id)}, &vbody) == 200) {
                VendorNameSax vsax;
                vsax.names = &vendor_names;
                json::sax_parse(vbody, &vsax);
            }
        }

        for (const Submittal& s : sax.items) {
            auto it = last_status.find(s.id);
            if (it != last_status.end() && it->second != s.status && !webhook.empty()) {
                notify_teams(webhook, "Submittal " + s.number + " (" + s.title + ") moved to " +
                                          s.status + " - " + vendor_names[s.responsible_contractor_id]);
            }
            last_status[s.id] = s.status;
        }
        std::this_thread::sleep_for(std::chrono::seconds(interval_s));
    }
}
