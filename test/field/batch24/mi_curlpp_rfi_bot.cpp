// rfi-bot: turns rows of the field-issue export (one JSON object per line on
// stdin) into Procore RFIs.
//
//   PROCORE_ENVIRONMENT=production|sandbox|monthly rfi-bot [--mpr-hosts] COMPANY PROJECT < issues.jsonl
//
// --mpr-hosts selects the per-environment login/API hosts (MPR).  Without it
// the bot behaves like 1.x.  TODO(MPR-340): make --mpr-hosts the default,
// then delete HostResolver::baseUrl() and legacyTokenUrl().
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <list>
#include <sstream>
#include <string>

using nlohmann::json;

enum class Environment { Production, DeveloperSandbox, MonthlySandbox };

struct EnvHosts {
    Environment env;
    const char *name;
    const char *login;
    const char *api;
};

static const std::array<EnvHosts, 3> kEnvHosts{{
    {Environment::Production, "production", "https://login.procore.com", "https://api.procore.com"},
    {Environment::DeveloperSandbox, "sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {Environment::MonthlySandbox, "monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
}};

struct RfiDraft {
    int64_t project_id = 0;
    long assignee_id = 0;
    std::string subject;
    std::string question;
};

class HostResolver {
public:
    explicit HostResolver(Environment env) : env_(env) {}

    // 1.x entry point, kept for compatibility with the reporting scripts.
    [[deprecated("use apiBase()")]] static std::string baseUrl() { return "https://login.procore.com"; }

    std::string apiBase() const { return hosts().api; }
    std::string tokenUrl() const { return std::string(hosts().login) + "/oauth/token"; }

    std::string legacyTokenUrl() const
    {
        if (env_ == Environment::DeveloperSandbox)
            return "https://sandbox.procore.com/oauth/token";
        return "https://app.procore.com/oauth/token";
    }

private:
    const EnvHosts &hosts() const
    {
        for (const auto &h : kEnvHosts)
            if (h.env == env_)
                return h;
        return kEnvHosts[0];
    }
    Environment env_;
};

static Environment parseEnvironment(const char *s)
{
    if (!s)
        return Environment::Production;
    if (!std::strcmp(s, "sandbox") || !std::strcmp(s, "developer-sandbox"))
        return Environment::DeveloperSandbox;
    if (!std::strcmp(s, "monthly") || !std::strcmp(s, "monthly-sandbox"))
        return Environment::MonthlySandbox;
    return Environment::Production;
}

// Sends one request and returns the parsed body; status goes to *status.
static json sendJson(const std::string &method, const std::string &url, const std::list<std::string> &headers,
                     const std::string &body, long *status)
{
    curlpp::Easy easy;
    std::ostringstream out;
    easy.setOpt(curlpp::options::Url(url));
    easy.setOpt(curlpp::options::HttpHeader(headers));
    easy.setOpt(curlpp::options::CustomRequest(method));
    if (!body.empty())
        easy.setOpt(curlpp::options::PostFields(body));
    easy.setOpt(curlpp::options::WriteStream(&out));
    easy.perform();
    *status = curlpp::infos::ResponseCode::get(easy);
    const std::string text = out.str();
    return text.empty() ? json::object() : json::parse(text, nullptr, false);
}

static std::string fetchToken(const HostResolver &hosts, bool useMprHosts, const std::string &clientId,
                              const std::string &clientSecret, const std::string &refreshToken)
{
    const std::string url = useMprHosts ? hosts.tokenUrl() : hosts.legacyTokenUrl();
    const std::string form = "grant_type=refresh_token&client_id=" + clientId + "&client_secret=" + clientSecret +
                             "&refresh_token=" + refreshToken;
    long status = 0;
    json tok = sendJson("POST", url, {"Content-Type: application/x-www-form-urlencoded"}, form, &status);
    return tok.value("access_token", "");
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static std::string whoAmI(const std::string &token)
{
    long status = 0;
    json me = sendJson("GET", HostResolver::baseUrl() + "/rest/v1.0/me", {"Authorization: Bearer " + token}, "", &status);
    return me.value("login", "?");
}
#pragma GCC diagnostic pop

static json listOpenRfis(const HostResolver &hosts, const std::string &token, int64_t companyId, int64_t projectId,
                         int page)
{
    const std::string url = hosts.apiBase() + "/rest/v1.0/projects/" + std::to_string(projectId) +
                            "/rfis?filters[status]=open&page=" + std::to_string(page);
    long status = 0;
    return sendJson("GET", url,
                    {"Authorization: Bearer " + token, "procore-company-id: " + std::to_string(companyId)}, "",
                    &status);
}

static int64_t createRfi(const HostResolver &hosts, const std::string &token, int64_t companyId, const RfiDraft &d)
{
    json body = {{"rfi", {{"subject", d.subject},
                          {"assignee_id", d.assignee_id},
                          {"question", {{"body", d.question}}}}}};
    const std::string url = hosts.apiBase() + "/rest/v1.0/projects/" + std::to_string(d.project_id) + "/rfis";
    long status = 0;
    (void)companyId; // only needed for the v2.0 endpoints
    json created = sendJson("POST", url, {"Authorization: Bearer " + token, "Content-Type: application/json"},
                            body.dump(), &status);
    if (status != 201) {
        std::cerr << "create failed (" << status << "): " << created.dump() << "\n";
        return 0;
    }
    return created["id"].get<int>();
}

static bool uploadAttachment(const std::string &presignedUrl, const std::string &bytes)
{
    // Presigned URLs come back from the uploads endpoint; nothing else is allowed.
    if (presignedUrl.rfind("https://storage.procore.com/", 0) != 0)
        return false;
    long status = 0;
    sendJson("PUT", presignedUrl, {"Content-Type: application/octet-stream"}, bytes, &status);
    return status / 100 == 2;
}

int main(int argc, char **argv)
{
    bool useMprHosts = false;
    int positional = 0;
    int64_t companyId = 0;
    int64_t projectId = 0;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--mpr-hosts"))
            useMprHosts = true;
        else if (positional++ == 0)
            companyId = std::stoll(argv[i]);
        else
            projectId = std::stoll(argv[i]);
    }
    if (!companyId || !projectId) {
        std::cerr << "usage: rfi-bot [--mpr-hosts] COMPANY PROJECT < issues.jsonl\n";
        return 2;
    }

    curlpp::Cleanup cleanup;
    const HostResolver hosts(parseEnvironment(std::getenv("PROCORE_ENVIRONMENT")));
    const char *refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    const std::string token = fetchToken(hosts, useMprHosts, std::getenv("PROCORE_CLIENT_ID") ?: "",
                                         std::getenv("PROCORE_CLIENT_SECRET") ?: "", refresh ? refresh : "");
    std::cerr << "running as " << whoAmI(token) << "\n";

    json open = listOpenRfis(hosts, token, companyId, projectId, 1);
    std::cerr << open.size() << " open RFIs already\n";

    std::string line;
    int created = 0;
    while (std::getline(std::cin, line)) {
        json row = json::parse(line, nullptr, false);
        if (row.is_discarded())
            continue;
        RfiDraft d;
        d.project_id = projectId;
        d.assignee_id = row.value("assignee_id", 0L);
        d.subject = row.value("title", "");
        d.question = row.value("description", "");
        const int64_t rfiId = createRfi(hosts, token, companyId, d);
        if (!rfiId)
            continue;
        ++created;
        if (row.contains("photo_upload_url"))
            uploadAttachment(row["photo_upload_url"].get<std::string>(), row.value("photo_bytes", ""));
        std::cout << "https://app.procore.com/" << companyId << "/project/rfi/show/" << rfiId << "?project_id="
                  << projectId << "\n";
    }
    std::cerr << created << " RFIs created\n";
    return 0;
}
