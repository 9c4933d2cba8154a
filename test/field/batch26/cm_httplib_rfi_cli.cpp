// rfi-tool: command-line helper the PM team uses against the developer sandbox
// while the RFI integration is being built.
//
//   rfi-tool login <auth-code>
//   rfi-tool <companies|projects|rfis|show|close|reply> [project-id] [rfi-id] [text]
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>

namespace rfitool {

const char* const kApiHost = "https://sandbox.procore.com";
const char* const kLoginHost = "https://sandbox.procore.com";
const char* const kRedirectUri = "urn:ietf:wg:oauth:2.0:oob";

struct Request {
    std::string path;
    std::string body;
    httplib::Headers headers;
};

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual std::string method() const { return "GET"; }
    virtual std::string path() const = 0;
    virtual std::string body() const { return std::string(); }
    virtual bool needsCompany() const { return true; }
    virtual void prepare(Request& req) {
        if (needsCompany()) req.headers.emplace("Procore-Company-Id", std::to_string(companyId));
    }
    virtual void onResult(int status, const rapidjson::Document& doc) = 0;

    int64_t companyId = 0;
};

class ListCompanies : public ApiCommand {
public:
    std::string path() const override { return "/rest/v1.0/companies"; }
    bool needsCompany() const override { return false; }
    void onResult(int status, const rapidjson::Document& doc) override {
        if (status != 200 || !doc.IsArray()) return;
        for (const auto& c : doc.GetArray())
            std::printf("%lld\t%s\n", static_cast<long long>(c["id"].GetInt64()), c["name"].GetString());
    }
};

class ListProjects : public ApiCommand {
public:
    std::string path() const override {
        return "/rest/v1.0/projects?company_id=" + std::to_string(companyId);
    }
    void onResult(int status, const rapidjson::Document& doc) override {
        if (status != 200 || !doc.IsArray()) return;
        for (const auto& p : doc.GetArray())
            std::printf("%lld\t%s\n", static_cast<long long>(p["id"].GetInt64()), p["name"].GetString());
    }
};

class ListRfis : public ApiCommand {
public:
    ListRfis(int64_t projectId, int page) : projectId_(projectId), page_(page) {}
    std::string path() const override {
        return "/rest/v1.1/projects/" + std::to_string(projectId_) + "/rfis?page=" +
               std::to_string(page_) + "&per_page=50";
    }
    void onResult(int status, const rapidjson::Document& doc) override {
        if (status != 200 || !doc.IsArray()) {
            std::fprintf(stderr, "list failed (HTTP %d)\n", status);
            return;
        }
        int shown = 0;
        for (const auto& r : doc.GetArray()) {
            const int assignee = r.HasMember("assignee") && r["assignee"].IsObject()
                                     ? r["assignee"]["id"].GetInt() : 0;
            std::printf("%lld\t#%s\t%s\tassignee=%d\n", static_cast<long long>(r["id"].GetInt64()),
                        r["number"].GetString(), r["subject"].GetString(), assignee);
            ++shown;
        }
        std::printf("-- page %d, %d rfis\n", page_, shown);
    }

private:
    int64_t projectId_;
    int page_;
};

class ShowRfi : public ApiCommand {
public:
    ShowRfi(int64_t projectId, int rfiId) : projectId_(projectId), rfiId_(rfiId) {}
    std::string path() const override {
        return "/rest/v1.1/projects/" + std::to_string(projectId_) + "/rfis/" + std::to_string(rfiId_);
    }
    void onResult(int status, const rapidjson::Document& doc) override {
        if (status != 200) { std::fprintf(stderr, "not found (HTTP %d)\n", status); return; }
        std::printf("%s\n%s\n", doc["subject"].GetString(), doc["status"].GetString());
        std::printf("open in browser: https://app.procore.com/%lld/project/home\n",
                    static_cast<long long>(companyId));
    }

private:
    int64_t projectId_;
    int64_t rfiId_;
};

class CloseRfi : public ApiCommand {
public:
    CloseRfi(int64_t projectId, int64_t rfiId) : projectId_(projectId), rfiId_(rfiId) {}
    std::string method() const override { return "PATCH"; }
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/rfis/" + std::to_string(rfiId_);
    }
    std::string body() const override { return R"({"rfi":{"status":"closed"}})"; }
    void prepare(Request& req) override {
        req.headers.emplace("Idempotency-Key", "close-" + std::to_string(rfiId_));
    }
    void onResult(int status, const rapidjson::Document&) override {
        std::printf(status < 300 ? "closed\n" : "close failed\n");
    }

private:
    int64_t projectId_;
    int64_t rfiId_;
};

class ReplyRfi : public ApiCommand {
public:
    ReplyRfi(int64_t projectId, int64_t rfiId, std::string text)
        : projectId_(projectId), rfiId_(rfiId), text_(std::move(text)) {}
    std::string method() const override { return "POST"; }
    std::string path() const override {
        return "/rest/v1.0/projects/" + std::to_string(projectId_) + "/rfis/" +
               std::to_string(rfiId_) + "/replies";
    }
    std::string body() const override {
        rapidjson::StringBuffer sb;
        rapidjson::Writer<rapidjson::StringBuffer> w(sb);
        w.StartObject(); w.Key("reply"); w.StartObject();
        w.Key("body"); w.String(text_.c_str());
        w.EndObject(); w.EndObject();
        return sb.GetString();
    }
    void prepare(Request& req) override {
        ApiCommand::prepare(req);
        req.headers.emplace("Idempotency-Key", "reply-" + std::to_string(rfiId_));
    }
    void onResult(int status, const rapidjson::Document&) override {
        std::printf(status < 300 ? "reply posted\n" : "reply failed\n");
    }

private:
    int64_t projectId_;
    int64_t rfiId_;
    std::string text_;
};

class Executor {
public:
    Executor(std::string token, int64_t companyId)
        : api_(kApiHost), token_(std::move(token)), companyId_(companyId) {
        api_.set_read_timeout(30, 0);
    }

    int run(ApiCommand& cmd) {
        Request req;
        req.path = cmd.path();
        req.body = cmd.body();
        req.headers.emplace("Authorization", "Bearer " + token_);
        req.headers.emplace("Accept", "application/json");
        cmd.companyId = companyId_;
        cmd.prepare(req);
        auto res = send(cmd.method(), req);
        if (!res) {
            std::fprintf(stderr, "transport error: %s\n", httplib::to_string(res.error()).c_str());
            return 2;
        }
        rapidjson::Document doc;
        doc.Parse(res->body.c_str());
        cmd.onResult(res->status, doc);
        return res->status < 300 ? 0 : 1;
    }

private:
    httplib::Result send(const std::string& m, const Request& req) {
        if (m == "POST") return api_.Post(req.path.c_str(), req.headers, req.body, "application/json");
        if (m == "PATCH") return api_.Patch(req.path.c_str(), req.headers, req.body, "application/json");
        return api_.Get(req.path.c_str(), req.headers);
    }

    httplib::Client api_;
    std::string token_;
    int64_t companyId_;
};

struct Args {
    int64_t projectId = 0;
    int64_t rfiId = 0;
    int page = 1;
    std::string text;
};

using Factory = std::map<std::string, std::function<std::unique_ptr<ApiCommand>()>>;

Factory makeFactory(const Args& a) {
    return {
        {"companies", [] { return std::make_unique<ListCompanies>(); }},
        {"projects", [] { return std::make_unique<ListProjects>(); }},
        {"rfis", [&a] { return std::make_unique<ListRfis>(a.projectId, a.page); }},
        {"show", [&a] { return std::make_unique<ShowRfi>(a.projectId, a.rfiId); }},
        {"close", [&a] { return std::make_unique<CloseRfi>(a.projectId, a.rfiId); }},
        {"reply", [&a] { return std::make_unique<ReplyRfi>(a.projectId, a.rfiId, a.text); }},
    };
}

int login(const std::string& code) {
    httplib::Client auth(kLoginHost);
    httplib::Params form{{"grant_type", "authorization_code"},
                         {"code", code},
                         {"client_id", std::getenv("RFI_TOOL_CLIENT_ID")},
                         {"client_secret", std::getenv("RFI_TOOL_CLIENT_SECRET")},
                         {"redirect_uri", kRedirectUri}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) {
        std::fprintf(stderr, "login failed; get a new code from %s/oauth/authorize?response_type=code"
                             "&client_id=...\n", kLoginHost);
        return 1;
    }
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    std::ofstream(std::string(std::getenv("HOME")) + "/.rfi-tool-token") << d["access_token"].GetString();
    return 0;
}

}  // namespace rfitool

int main(int argc, char** argv) {
    using namespace rfitool;
    if (argc < 2) {
        std::fprintf(stderr, "usage: rfi-tool <verb> [project] [rfi] [text]\n"
                             "API docs: https://developers.procore.com/reference/rest/rfis\n");
        return 64;
    }
    const std::string verb = argv[1];
    if (verb == "login") return argc > 2 ? login(argv[2]) : 64;

    Args a;
    if (argc > 2) a.projectId = std::stoll(argv[2]);
    if (argc > 3) a.rfiId = std::stoi(argv[3]);
    if (argc > 4) a.text = argv[4];
    if (const char* p = std::getenv("RFI_TOOL_PAGE")) a.page = std::atoi(p);

    std::string token;
    std::ifstream(std::string(std::getenv("HOME")) + "/.rfi-tool-token") >> token;
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    Executor exec(token, company ? std::strtoll(company, nullptr, 10) : 0);

    Factory factory = makeFactory(a);
    auto it = factory.find(verb);
    if (it == factory.end()) { std::fprintf(stderr, "unknown verb %s\n", verb.c_str()); return 64; }
    std::unique_ptr<ApiCommand> cmd = it->second();
    return exec.run(*cmd);
}
