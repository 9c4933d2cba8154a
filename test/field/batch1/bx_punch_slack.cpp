// punchbot: watches the punch list of one Procore project, closes items the
// site team ticked off in the field app, and posts a digest to Slack.
#include <curlpp/Easy.hpp>
#include <curlpp/Exception.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>

static const char* kProcoreBase = "https://app.procore.com";
static const char* kSlackWebhookBase = "https://hooks.slack.com/services/";

struct PunchItem {
    int64_t id = 0;
    std::string name;
    std::string status;
    int64_t location_id = 0;
    bool ready_to_close = false;
};

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    virtual std::string base_url() const = 0;
    virtual std::list<std::string> base_headers() const = 0;

    long last_status() const { return last_status_; }

protected:
    std::string perform(curlpp::Easy& easy, const std::string& path,
                        const std::list<std::string>& headers) {
        std::ostringstream out;
        easy.setOpt(new curlpp::options::Url(base_url() + path));
        easy.setOpt(new curlpp::options::HttpHeader(headers));
        easy.setOpt(new curlpp::options::WriteStream(&out));
        easy.setOpt(new curlpp::options::Timeout(30));
        easy.perform();
        last_status_ = curlpp::infos::ResponseCode::get(easy);
        return out.str();
    }

    long last_status_ = 0;
};

class ProcoreClient : public HttpTransport {
public:
    void login(const std::string& token, int64_t company_id) {
        token_ = token;
        company_id_ = company_id;
    }

    std::string base_url() const override { return kProcoreBase; }

    std::list<std::string> base_headers() const override {
        return {"Authorization: Bearer " + token_, "Accept: application/json"};
    }

    std::string call(const std::string& method, const std::string& path,
                     const std::string& body = "") {
        curlpp::Easy easy;
        std::list<std::string> headers = base_headers();
        if (method == "GET") {
            headers.push_back("Procore-Company-Id: " + std::to_string(company_id_));
        } else {
            headers.push_back("Content-Type: application/json");
            easy.setOpt(new curlpp::options::CustomRequest(method));
            easy.setOpt(new curlpp::options::PostFields(body));
            easy.setOpt(new curlpp::options::PostFieldSize(static_cast<long>(body.size())));
        }
        return perform(easy, path, headers);
    }

private:
    std::string token_;
    int64_t company_id_ = 0;
};

class SlackNotifier : public HttpTransport {
public:
    explicit SlackNotifier(std::string hook_path) : hook_path_(std::move(hook_path)) {}

    std::string base_url() const override { return kSlackWebhookBase; }
    std::list<std::string> base_headers() const override {
        return {"Content-Type: application/json"};
    }

    void post(const std::string& text) {
        Json::Value msg;
        msg["text"] = text;
        Json::StreamWriterBuilder wb;
        wb["indentation"] = "";
        curlpp::Easy easy;
        easy.setOpt(new curlpp::options::PostFields(Json::writeString(wb, msg)));
        perform(easy, hook_path_, base_headers());
    }

private:
    std::string hook_path_;
};

class PunchWatcher {
public:
    PunchWatcher(ProcoreClient& procore, SlackNotifier& slack, int64_t project_id)
        : procore_(procore), slack_(slack), project_id_(project_id) {}

    void refresh() {
        std::string path = "/rest/v1.0/punch_items?project_id=" + std::to_string(project_id_) +
                           "&filters[status]=ready_for_gc_review";
        std::string raw = procore_.call("GET", path);
        Json::Value arr;
        Json::CharReaderBuilder rb;
        std::string errs;
        std::istringstream in(raw);
        if (!Json::parseFromStream(rb, in, &arr, &errs) || !arr.isArray()) {
            std::fprintf(stderr, "punch list parse failed (HTTP %ld): %s\n",
                         procore_.last_status(), errs.c_str());
            return;
        }
        for (const Json::Value& it : arr) {
            int id = it["id"].asInt();
            PunchItem& p = items_[id];
            p.id = it["id"].asInt64();
            p.name = it["name"].asString();
            p.status = it["status"].asString();
            p.location_id = it["location"]["id"].asLargestInt();
            p.ready_to_close = it["ball_in_court"].size() == 0;
        }
    }

    int close_ready() {
        int closed = 0;
        for (auto& kv : items_) {
            PunchItem& p = kv.second;
            if (!p.ready_to_close || p.status == "closed") continue;
            std::string body = R"({"punch_item":{"status":"closed"}})";
            procore_.call("PATCH",
                          "/rest/v1.0/punch_items/" + std::to_string(p.id) +
                              "?project_id=" + std::to_string(project_id_),
                          body);
            if (procore_.last_status() == 200) {
                p.status = "closed";
                ++closed;
            }
        }
        return closed;
    }

    void digest(int closed) {
        std::ostringstream msg;
        msg << "Punch list: " << items_.size() << " items tracked, " << closed
            << " closed this hour. <https://app.procore.com/" << project_id_
            << "/project/punch_list|Open in Procore>";
        slack_.post(msg.str());
    }

private:
    ProcoreClient& procore_;
    SlackNotifier& slack_;
    int64_t project_id_;
    std::unordered_map<int, PunchItem> items_;
};

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PROJECT_ID\n", argv[0]);
        return 2;
    }
    curlpp::Cleanup cleanup;
    const char* tok = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* hook = std::getenv("SLACK_HOOK_PATH");
    if (!tok || !company || !hook) return 2;

    ProcoreClient procore;
    procore.login(tok, std::strtoll(company, nullptr, 10));
    SlackNotifier slack(hook);
    PunchWatcher watcher(procore, slack, std::strtoll(argv[1], nullptr, 10));

    for (int round = 0;; ++round) {
        try {
            watcher.refresh();
            watcher.digest(watcher.close_ready());
        } catch (const curlpp::RuntimeError& e) {
            std::fprintf(stderr, "round %d: %s\n", round, e.what());
        }
        std::this_thread::sleep_for(std::chrono::hours(1));
    }
}
