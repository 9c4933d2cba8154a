// submittal_relay - consumes Procore webhook deliveries (one JSON event per line
// on stdin, fed by our ingress) and opens GitHub issues for rejected submittals.
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <list>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

namespace relay {

enum class Env { Production, Sandbox };

struct Hosts {
    std::string login;
    std::string api;
    std::string legacy;  // old vapid endpoints still used for the submittal log
};

inline Hosts hosts(Env e) {
    if (e == Env::Sandbox)
        return {"https://login-sandbox.procore.com", "https://sandbox.procore.com", "https://sandbox.procore.com/vapid"};
    return {"https://login.procore.com", "https://api.procore.com", "https://app.procore.com/vapid"};
}

// ---- Procore operations ---------------------------------------------------
struct RefreshToken      { std::string client_id, client_secret, refresh_token; };
struct ListHooks         { int64_t company_id; int64_t project_id; };
struct CreateTrigger     { int64_t company_id; int64_t project_id; int64_t hook_id; std::string resource, event; };
struct GetSubmittal      { int64_t company_id; int64_t project_id; int64_t submittal_id; };
struct LegacySubmittalLog { int64_t company_id; int64_t project_id; };

using ProcoreOp = std::variant<RefreshToken, ListHooks, CreateTrigger, GetSubmittal, LegacySubmittalLog>;

struct Outgoing {
    std::string base;
    std::string method;
    std::string path;
    std::list<std::string> headers;
    std::string body;
};

class Builder {
public:
    explicit Builder(Hosts h) : h_(std::move(h)) {}

    Outgoing operator()(const RefreshToken& o) const {
        return {h_.login, "POST", "/oauth/token", {"Content-Type: application/x-www-form-urlencoded"},
                "grant_type=refresh_token&client_id=" + o.client_id + "&client_secret=" + o.client_secret +
                    "&refresh_token=" + o.refresh_token};
    }
    Outgoing operator()(const ListHooks& o) const {
        return {h_.api, "GET", "/rest/v1.0/webhooks/hooks?project_id=" + std::to_string(o.project_id),
                {company(o.company_id)}, ""};
    }
    Outgoing operator()(const CreateTrigger& o) const {
        Json::Value t;
        t["project_id"] = Json::Int64(o.project_id);
        t["api_version"] = "v2";
        t["hook"]["trigger"]["resource_name"] = o.resource;
        t["hook"]["trigger"]["event_type"] = o.event;
        return {h_.api, "POST", "/rest/v1.0/webhooks/hooks/" + std::to_string(o.hook_id) + "/triggers",
                {company(o.company_id), "Content-Type: application/json"},
                Json::writeString(Json::StreamWriterBuilder(), t)};
    }
    Outgoing operator()(const GetSubmittal& o) const {
        return {h_.api, "GET",
                "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/submittals/" + std::to_string(o.submittal_id),
                {"Company-Id: " + std::to_string(o.company_id)}, ""};
    }
    Outgoing operator()(const LegacySubmittalLog& o) const {
        return {h_.legacy, "GET", "/projects/" + std::to_string(o.project_id) + "/submittal_logs",
                {company(o.company_id)}, ""};
    }

private:
    static std::string company(int64_t id) { return "Procore-Company-Id: " + std::to_string(id); }
    Hosts h_;
};

Json::Value parseJson(const std::string& s) {
    Json::Value v;
    std::unique_ptr<Json::CharReader> r(Json::CharReaderBuilder().newCharReader());
    std::string err;
    if (!r->parse(s.data(), s.data() + s.size(), &v, &err)) throw std::runtime_error(err);
    return v;
}

std::string transfer(const std::string& url, const std::string& method, std::list<std::string> headers,
                     const std::string& body) {
    std::ostringstream out;
    curlpp::Easy e;
    e.setOpt(curlpp::options::Url(url));
    e.setOpt(curlpp::options::CustomRequest(method));
    e.setOpt(curlpp::options::HttpHeader(headers));
    e.setOpt(curlpp::options::WriteStream(&out));
    if (!body.empty()) e.setOpt(curlpp::options::PostFields(body));
    e.perform();
    const long code = curlpp::infos::ResponseCode::get(e);
    if (code >= 300) throw std::runtime_error(method + " " + url + " -> " + std::to_string(code));
    return out.str();
}

class Procore {
public:
    explicit Procore(Env env) : build_(hosts(env)) {}
    void token(const std::string& t) { token_ = t; }

    Json::Value operator()(const ProcoreOp& op) const {
        Outgoing o = std::visit(build_, op);
        if (!token_.empty()) o.headers.push_back("Authorization: Bearer " + token_);
        return parseJson(transfer(o.base + o.path, o.method, o.headers, o.body));
    }

private:
    Builder build_;
    std::string token_;
};

int openGithubIssue(const std::string& repo, const std::string& title, const std::string& text) {
    Json::Value issue;
    issue["title"] = title;
    issue["body"] = text;
    issue["labels"].append("procore-submittal");
    std::string resp = transfer("https://api.github.com/repos/" + repo + "/issues", "POST",
                                {"Authorization: token " + std::string(std::getenv("GITHUB_TOKEN")),
                                 "Accept: application/vnd.github+json", "User-Agent: submittal-relay"},
                                Json::writeString(Json::StreamWriterBuilder(), issue));
    return parseJson(resp)["number"].asInt();
}

} // namespace relay

int main(int argc, char** argv) {
    using namespace relay;
    if (argc < 3) {
        std::cerr << "usage: submittal_relay <company_id> <github owner/repo> [--sandbox]\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const std::string repo = argv[2];
    const Env env = (argc > 3 && std::string(argv[3]) == "--sandbox") ? Env::Sandbox : Env::Production;

    curlpp::Cleanup cleanup;
    Procore procore(env);
    Json::Value tok = procore(RefreshToken{std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                                           std::getenv("PROCORE_REFRESH_TOKEN")});
    procore.token(tok["access_token"].asString());

    std::string line;
    int opened = 0;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        Json::Value event = parseJson(line);
        if (event["resource_name"].asString() != "Submittals") continue;
        const int64_t project_id = event["project_id"].asInt64();
        const int64_t submittal_id = event["resource_id"].asUInt();

        Json::Value sub = procore(GetSubmittal{company_id, project_id, submittal_id});
        if (sub["status"]["name"].asString() != "Rejected") continue;

        Json::Value log = procore(LegacySubmittalLog{company_id, project_id});
        std::ostringstream body;
        body << "Submittal **" << sub["number"].asString() << " - " << sub["title"].asString() << "** was rejected.\n\n"
             << "Open in Procore: https://app.procore.com/" << company_id << "/project/submittal_logs/"
             << submittal_id << "?project_id=" << project_id << "\n"
             << "Log entries: " << log.size() << "\n"
             << "Help: https://support.procore.com/products/online/user-guide/project-level/submittals\n";
        int number = openGithubIssue(repo, "Rejected submittal " + sub["number"].asString(), body.str());
        std::cerr << "opened #" << number << " for submittal " << submittal_id << "\n";
        ++opened;

        if (opened == 1) {
            for (const auto& hook : procore(ListHooks{company_id, project_id}))
                procore(CreateTrigger{company_id, project_id, hook["id"].asInt64(), "Submittals", "update"});
        }
    }
    std::cerr << opened << " issues opened\n";
    return 0;
}
