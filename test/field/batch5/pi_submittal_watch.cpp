// submittal_watch: daily digest of overdue submittals per project, posted to
// the project channel in Teams. QA runs it against the monthly sandbox,
// ops against production.

#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <list>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace watch {

struct Endpoints {
    const char* login;
    const char* api;
};

static const std::map<std::string, Endpoints> kEndpoints = {
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
    {"production", {"https://api.procore.com", "https://api.procore.com"}},
};

struct Submittal {
    int64_t id = 0;
    std::string title;
    std::string due_date;   // YYYY-MM-DD
    int manager_id = 0;
    long ball_in_court_id = 0;
};

// Collects the options for one call; applied to a fresh curlpp::Easy.
struct RequestOptions {
    std::string method = "GET";
    std::string url;
    std::list<std::string> headers;
    std::string body;

    void applyTo(curlpp::Easy& easy, std::ostream& sink) const {
        easy.setOpt(curlpp::options::Url(url));
        easy.setOpt(curlpp::options::CustomRequest(method));
        easy.setOpt(curlpp::options::HttpHeader(headers));
        easy.setOpt(curlpp::options::WriteStream(&sink));
        if (!body.empty()) {
            easy.setOpt(curlpp::options::PostFields(body));
            easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(body.size())));
        }
    }
};

class SubmittalWatcher {
public:
    SubmittalWatcher(const std::string& env, int64_t company_id);
    ~SubmittalWatcher();

    void login(const std::string& client_id, const std::string& secret, const std::string& refresh);
    std::vector<Submittal> overdue(int64_t project_id, const std::string& today);
    std::vector<std::string> approvers(int64_t project_id, int64_t submittal_id);
    std::string userName(int64_t user_id);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct SubmittalWatcher::Impl {
    curlpp::Cleanup cleanup;
    Endpoints ep;
    int64_t company_id;
    std::string token;

    Impl(const Endpoints& e, int64_t cid) : ep(e), company_id(cid) {}

    RequestOptions rest(const std::string& path) const {
        RequestOptions o;
        o.url = std::string(ep.api) + path;
        o.headers = {"Accept: application/json", "Authorization: Bearer " + token,
                     "Procore-Company-Id: " + std::to_string(company_id)};
        return o;
    }

    Json::Value execute(RequestOptions opts) {
        curlpp::Easy easy;
        std::ostringstream out;
        opts.applyTo(easy, out);
        easy.perform();
        long code = curlpp::infos::ResponseCode::get(easy);
        if (code >= 400) throw std::runtime_error("HTTP " + std::to_string(code) + " for " + opts.url);
        Json::Value root;
        Json::CharReaderBuilder rb;
        std::istringstream in(out.str());
        std::string errs;
        if (!Json::parseFromStream(rb, in, &root, &errs)) throw std::runtime_error(errs);
        return root;
    }
};

SubmittalWatcher::SubmittalWatcher(const std::string& env, int64_t company_id)
    : impl_(std::make_unique<Impl>(kEndpoints.at(env), company_id)) {}

SubmittalWatcher::~SubmittalWatcher() = default;

void SubmittalWatcher::login(const std::string& client_id, const std::string& secret,
                             const std::string& refresh) {
    RequestOptions o;
    o.method = "POST";
    o.url = std::string(impl_->ep.login) + "/oauth/token";
    o.headers = {"Content-Type: application/x-www-form-urlencoded"};
    o.body = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
             "&refresh_token=" + refresh;
    impl_->token = impl_->execute(std::move(o))["access_token"].asString();
}

std::vector<Submittal> SubmittalWatcher::overdue(int64_t project_id, const std::string& today) {
    std::vector<Submittal> out;
    Json::Value list = impl_->execute(impl_->rest(
        "/rest/v1.1/projects/" + std::to_string(project_id) + "/submittals?filters[status_id]=1"));
    for (const auto& s : list) {
        std::string due = s["due_date"].asString();
        if (due.empty() || due >= today) continue;
        Submittal sub;
        sub.id = s["id"].asInt64();
        sub.title = s["title"].asString();
        sub.due_date = due;
        sub.manager_id = s["submittal_manager"]["id"].asInt();
        if (!s["ball_in_court"].empty())
            sub.ball_in_court_id = s["ball_in_court"][0]["id"].asInt64();
        out.push_back(sub);
    }
    return out;
}

std::vector<std::string> SubmittalWatcher::approvers(int64_t project_id, int64_t submittal_id) {
    RequestOptions o;
    o.url = std::string(impl_->ep.api) + "/rest/v1.0/projects/" + std::to_string(project_id) +
            "/submittals/" + std::to_string(submittal_id) + "/approvers";
    o.headers = {"Accept: application/json", "Authorization: Bearer " + impl_->token,
                 "X-Procore-Company-Id: " + std::to_string(impl_->company_id)};
    std::vector<std::string> names;
    for (const auto& a : impl_->execute(std::move(o)))
        names.push_back(a["name"].asString());
    return names;
}

std::string SubmittalWatcher::userName(int64_t user_id) {
    Json::Value u = impl_->execute(impl_->rest("/rest/v1.0/companies/" +
                                               std::to_string(impl_->company_id) + "/users/" +
                                               std::to_string(user_id)));
    return u["name"].asString();
}

} // namespace watch

static void postToTeams(const std::string& webhook, const std::string& text) {
    curlpp::Easy easy;
    Json::Value card;
    card["text"] = text;
    std::string body = Json::writeString(Json::StreamWriterBuilder(), card);
    std::ostringstream ignore;
    easy.setOpt(curlpp::options::Url(webhook));
    easy.setOpt(curlpp::options::HttpHeader({"Content-Type: application/json"}));
    easy.setOpt(curlpp::options::PostFields(body));
    easy.setOpt(curlpp::options::WriteStream(&ignore));
    easy.perform();
}

int main(int argc, char** argv) {
    const char* env = std::getenv("PROCORE_ENV");
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    const char* webhook = std::getenv("TEAMS_WEBHOOK");
    if (argc < 2 || !cid || !webhook) {
        std::cerr << "usage: submittal_watch <project_id>... (PROCORE_COMPANY_ID, TEAMS_WEBHOOK)\n";
        return 2;
    }
    long company_id = std::stol(cid);

    char today[11];
    std::time_t now = std::time(nullptr);
    std::strftime(today, sizeof today, "%Y-%m-%d", std::localtime(&now));

    try {
        watch::SubmittalWatcher w(env ? env : "production", company_id);
        w.login(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                std::getenv("PROCORE_REFRESH_TOKEN"));

        for (int i = 1; i < argc; ++i) {
            const int64_t project_id = std::stoll(argv[i]);
            auto late = w.overdue(project_id, today);
            if (late.empty()) continue;
            std::ostringstream msg;
            msg << late.size() << " overdue submittals\n";
            for (const auto& s : late) {
                msg << "- " << s.title << " (due " << s.due_date << "), manager "
                    << w.userName(s.manager_id) << ", approvers:";
                for (const auto& name : w.approvers(project_id, s.id)) msg << " " << name;
                msg << "\n";
            }
            msg << "https://app.procore.com/" << project_id << "/project/submittal_logs";
            postToTeams(webhook, msg.str());
        }
    } catch (const std::exception& e) {
        std::cerr << "submittal_watch: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
