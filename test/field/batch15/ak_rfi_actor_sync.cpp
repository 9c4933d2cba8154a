// rfi_actor_sync - pulls open RFIs (and the submittal backlog) for a list of
// projects and posts a digest to the #field-ops Slack channel.
//
// Actor layout (one std::thread per actor, each with its own Mailbox):
//   dispatcher -> auth -> tenancy -> transport
// The transport actor owns the only CURL easy handle in the process.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr const char* kApiBase = "https://api.procore.com";
constexpr const char* kLoginBase = "https://login.procore.com";
constexpr const char* kWebBase = "https://app.procore.com";

struct HttpReply {
    long status = 0;
    std::string body;
};

struct Message {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string body;
    bool needs_tenant = true;
    std::promise<HttpReply> reply;
};
using MessagePtr = std::shared_ptr<Message>;

template <typename T>
class Mailbox {
public:
    void post(T item) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            q_.push_back(std::move(item));
        }
        cv_.notify_one();
    }
    std::optional<T> take() {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return closed_ || !q_.empty(); });
        if (q_.empty()) return std::nullopt;
        T item = std::move(q_.front());
        q_.pop_front();
        return item;
    }
    void close() {
        { std::lock_guard<std::mutex> lock(mu_); closed_ = true; }
        cv_.notify_all();
    }
private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<T> q_;
    bool closed_ = false;
};

size_t collect(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

// ---- transport actor: sends whatever it is given, untouched ----
void transport_actor(Mailbox<MessagePtr>& inbox) {
    CURL* easy = curl_easy_init();
    while (auto next = inbox.take()) {
        MessagePtr msg = *next;
        HttpReply reply;
        curl_slist* hdrs = nullptr;
        for (const auto& h : msg->headers) hdrs = curl_slist_append(hdrs, h.c_str());
        curl_easy_reset(easy);
        curl_easy_setopt(easy, CURLOPT_URL, msg->url.c_str());
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, msg->method.c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, hdrs);
        if (!msg->body.empty()) curl_easy_setopt(easy, CURLOPT_POSTFIELDS, msg->body.c_str());
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &reply.body);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
        CURLcode rc = curl_easy_perform(easy);
        if (rc == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &reply.status);
        curl_slist_free_all(hdrs);
        msg->reply.set_value(std::move(reply));
    }
    curl_easy_cleanup(easy);
}

// ---- tenancy actor: stamps the company on every message it sees ----
void tenancy_actor(Mailbox<MessagePtr>& inbox, Mailbox<MessagePtr>& transport,
                   int64_t company_id) {
    while (auto next = inbox.take()) {
        (*next)->headers.push_back("Procore-Company-Id: " + std::to_string(company_id));
        transport.post(*next);
    }
}

// ---- auth actor: owns the token pair, refreshes via the login host ----
struct AuthState {
    std::string access_token;
    std::string refresh_token;
    std::string client_id;
    std::string client_secret;
};

bool refresh_tokens(AuthState& st, Mailbox<MessagePtr>& transport) {
    auto msg = std::make_shared<Message>();
    msg->method = "POST";
    msg->url = std::string(kLoginBase) + "/oauth/token";
    msg->headers = {"Content-Type: application/json"};
    msg->body = json{{"grant_type", "refresh_token"},
                     {"refresh_token", st.refresh_token},
                     {"client_id", st.client_id},
                     {"client_secret", st.client_secret}}.dump();
    auto fut = msg->reply.get_future();
    transport.post(msg);
    HttpReply r = fut.get();
    if (r.status != 200) return false;
    auto body = json::parse(r.body);
    st.access_token = body.value("access_token", "");
    st.refresh_token = body.value("refresh_token", st.refresh_token);
    return true;
}

void auth_actor(Mailbox<MessagePtr>& inbox, Mailbox<MessagePtr>& tenancy,
                Mailbox<MessagePtr>& transport, AuthState st) {
    if (!refresh_tokens(st, transport)) std::cerr << "token refresh failed\n";
    while (auto next = inbox.take()) {
        MessagePtr msg = *next;
        msg->headers.push_back("Authorization: Bearer " + st.access_token);
        if (msg->needs_tenant)
            tenancy.post(msg);
        else
            transport.post(msg);
    }
}

// ---- dispatcher: builds request messages, waits on their futures ----
struct RfiRef {
    int64_t project_id;
    int rfi_id;
    std::string subject;
};

class Dispatcher {
public:
    Dispatcher(Mailbox<MessagePtr>& auth, Mailbox<MessagePtr>& transport)
        : auth_(auth), transport_(transport) {}

    json get(const std::string& path, bool tenant = true) {
        auto msg = std::make_shared<Message>();
        msg->url = std::string(kApiBase) + path;
        msg->headers = {"Accept: application/json"};
        msg->needs_tenant = tenant;
        auto fut = msg->reply.get_future();
        auth_.post(msg);
        HttpReply r = fut.get();
        return r.status == 200 ? json::parse(r.body) : json::array();
    }

    std::string whoami() { return get("/rest/v1.0/me", false).value("login", "?"); }

    std::vector<RfiRef> open_rfis(int64_t project_id) {
        std::vector<RfiRef> out;
        json rfis = get("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis?filters[status]=open");
        for (const auto& r : rfis) {
            RfiRef ref;
            ref.project_id = project_id;
            ref.rfi_id = r["id"].get<int64_t>();
            ref.subject = r.value("subject", "");
            out.push_back(std::move(ref));
        }
        return out;
    }

    std::string rfi_assignee(const RfiRef& ref) {
        json d = get("/rest/v1.0/projects/" + std::to_string(ref.project_id) + "/rfis/" +
                     std::to_string(ref.rfi_id));
        return d.contains("assignee") ? d["assignee"].value("name", "") : "";
    }

    size_t submittal_backlog(int64_t project_id) {
        // same shape as whoami(); the backlog count is all we need here
        json subs = get("/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals", false);
        return subs.is_array() ? subs.size() : 0;
    }

    void post_slack(const std::string& webhook, const std::string& text) {
        auto msg = std::make_shared<Message>();
        msg->method = "POST";
        msg->url = webhook;
        msg->headers = {"Content-Type: application/json"};
        msg->body = json{{"text", text}}.dump();
        auto fut = msg->reply.get_future();
        transport_.post(msg);  // Slack never sees our Procore token
        fut.get();
    }

private:
    Mailbox<MessagePtr>& auth_;
    Mailbox<MessagePtr>& transport_;
};

}  // namespace

int main(int argc, char** argv) {
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    const char* webhook = std::getenv("SLACK_WEBHOOK_URL");
    if (!company_env || !webhook || argc < 2) {
        std::cerr << "usage: rfi_actor_sync PROJECT_ID...\n";
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int64_t company_id = std::stoll(company_env);

    AuthState st;
    st.refresh_token = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";
    st.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
    st.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";

    Mailbox<MessagePtr> transport_box, tenancy_box, auth_box;
    std::thread transport([&] { transport_actor(transport_box); });
    std::thread tenancy([&] { tenancy_actor(tenancy_box, transport_box, company_id); });
    std::thread auth([&] { auth_actor(auth_box, tenancy_box, transport_box, st); });

    Dispatcher d(auth_box, transport_box);
    std::string digest = "RFI digest run by " + d.whoami() + "\n";
    int total_open = 0;
    for (int i = 1; i < argc; ++i) {
        int64_t project_id = std::strtoll(argv[i], nullptr, 10);
        auto rfis = d.open_rfis(project_id);
        total_open += static_cast<int>(rfis.size());
        for (const auto& r : rfis) {
            digest += "- <" + std::string(kWebBase) + "/" + std::to_string(project_id) +
                      "/project/rfi/show/" + std::to_string(r.rfi_id) + "|" + r.subject +
                      "> (" + d.rfi_assignee(r) + ")\n";
        }
        digest += "  submittals waiting: " + std::to_string(d.submittal_backlog(project_id)) + "\n";
    }
    digest += std::to_string(total_open) + " open RFIs total";
    d.post_slack(webhook, digest);

    auth_box.close();
    auth.join();
    tenancy_box.close();
    tenancy.join();
    transport_box.close();
    transport.join();
    curl_global_cleanup();
    return 0;
}
