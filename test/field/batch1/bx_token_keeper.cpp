// token-keeper: keeps a Procore OAuth token fresh for the other integration
// jobs on this host (they read it from /run/procore/token), checks that the
// token still sees the expected projects, and reports health to a GitHub
// issue comment that the on-call rotation watches.
#include <curlpp/Easy.hpp>
#include <curlpp/Exception.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>

struct Reply {
    long status = 0;
    std::string body;
};

class Transport {
public:
    virtual ~Transport() = default;

    Reply request(const std::string& url, const std::string& post_body = std::string()) {
        curlpp::Easy easy;
        std::ostringstream out;
        std::list<std::string> headers;
        add_headers(headers);
        easy.setOpt(new curlpp::options::Url(url));
        easy.setOpt(new curlpp::options::HttpHeader(headers));
        easy.setOpt(new curlpp::options::WriteStream(&out));
        easy.setOpt(new curlpp::options::ConnectTimeout(10));
        if (!post_body.empty()) easy.setOpt(new curlpp::options::PostFields(post_body));
        easy.perform();
        return Reply{curlpp::infos::ResponseCode::get(easy), out.str()};
    }

protected:
    virtual void add_headers(std::list<std::string>& headers) const = 0;
};

class ProcoreTransport : public Transport {
public:
    static constexpr const char* kLogin = "https://login.procore.com";
    static constexpr const char* kApi = "https://api.procore.com";

    ProcoreTransport(std::string client_id, std::string secret, std::string refresh)
        : client_id_(std::move(client_id)), secret_(std::move(secret)), refresh_(std::move(refresh)) {}

    bool refresh() {
        access_.clear();
        Reply r = request(std::string(kLogin) + "/oauth/token",
                          "grant_type=refresh_token&client_id=" + client_id_ +
                              "&client_secret=" + secret_ + "&refresh_token=" + refresh_);
        rapidjson::Document d;
        if (r.status != 200 || d.Parse(r.body.c_str()).HasParseError()) return false;
        access_ = d["access_token"].GetString();
        refresh_ = d["refresh_token"].GetString();
        expires_in_ = d["expires_in"].GetInt();
        return true;
    }

    void set_company(int64_t id) { company_id_ = id; }

    Reply me() { return request(std::string(kApi) + "/rest/v1.0/me"); }
    Reply companies() { return request(std::string(kApi) + "/rest/v1.0/companies"); }
    Reply projects(int page) {
        scoped_company_ = true;
        Reply r = request(std::string(kApi) + "/rest/v1.0/projects?company_id=" +
                          std::to_string(company_id_) + "&page=" + std::to_string(page));
        scoped_company_ = false;
        return r;
    }

    const std::string& access_token() const { return access_; }
    const std::string& refresh_token() const { return refresh_; }
    int expires_in() const { return expires_in_; }

protected:
    void add_headers(std::list<std::string>& headers) const override {
        if (!access_.empty()) headers.push_back("Authorization: Bearer " + access_);
        if (scoped_company_) headers.push_back("Procore-Company-Id: " + std::to_string(company_id_));
    }

private:
    std::string client_id_, secret_, refresh_, access_;
    int64_t company_id_ = 0;
    int expires_in_ = 0;
    bool scoped_company_ = false;
};

class GitHubTransport : public Transport {
public:
    GitHubTransport(std::string repo, std::string token) : repo_(std::move(repo)), token_(std::move(token)) {}

    void comment(int issue_number, const std::string& text) {
        rapidjson::StringBuffer sb;
        rapidjson::Writer<rapidjson::StringBuffer> w(sb);
        w.StartObject(); w.Key("body"); w.String(text.c_str()); w.EndObject();
        Reply r = request("https://api.github.com/repos/" + repo_ + "/issues/" +
                          std::to_string(issue_number) + "/comments", sb.GetString());
        if (r.status != 201) std::fprintf(stderr, "github comment: HTTP %ld\n", r.status);
    }

protected:
    void add_headers(std::list<std::string>& headers) const override {
        headers.push_back("Authorization: Bearer " + token_);
        headers.push_back("Accept: application/vnd.github+json");
        headers.push_back("User-Agent: token-keeper");
    }

private:
    std::string repo_, token_;
};

static std::string getenv_str(const char* k) {
    const char* v = std::getenv(k);
    return v ? v : "";
}

int main() {
    curlpp::Cleanup cleanup;
    ProcoreTransport procore(getenv_str("PROCORE_CLIENT_ID"), getenv_str("PROCORE_CLIENT_SECRET"),
                             getenv_str("PROCORE_REFRESH_TOKEN"));
    GitHubTransport github(getenv_str("ONCALL_REPO"), getenv_str("GITHUB_TOKEN"));
    const int health_issue = std::atoi(getenv_str("ONCALL_ISSUE").c_str());
    const int64_t company_id = std::strtoll(getenv_str("PROCORE_COMPANY_ID").c_str(), nullptr, 10);
    procore.set_company(company_id);

    for (int failures = 0;;) {
        try {
            if (!procore.refresh()) throw std::runtime_error("token refresh rejected");
            std::ofstream("/run/procore/token") << procore.access_token();
            std::ofstream("/run/procore/refresh_token") << procore.refresh_token();

            rapidjson::Document me;
            me.Parse(procore.me().body.c_str());
            int64_t user_id = me["id"].GetInt64();

            std::unordered_map<int64_t, std::string> projects;
            for (int page = 1; page < 50; ++page) {
                Reply r = procore.projects(page);
                rapidjson::Document d;
                if (r.status != 200 || d.Parse(r.body.c_str()).HasParseError() || d.Empty()) break;
                for (const auto& p : d.GetArray())
                    projects[p["id"].GetInt64()] = p["name"].GetString();
            }
            std::printf("token ok for user %" PRId64 ", company %" PRId64 ": %zu projects, %d s left\n",
                        user_id, company_id, projects.size(), procore.expires_in());
            failures = 0;
        } catch (const std::exception& e) {
            ++failures;
            std::fprintf(stderr, "token-keeper: %s (failure %d)\n", e.what(), failures);
            if (failures == 3)
                github.comment(health_issue,
                               "token-keeper failing: " + std::string(e.what()) +
                                   ". Re-authorise at https://app.procore.com/" +
                                   std::to_string(company_id) + "/company/admin/app_management");
        }
        std::this_thread::sleep_for(std::chrono::minutes(failures ? 5 : 90));
    }
}
