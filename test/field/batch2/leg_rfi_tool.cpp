// rfitool - command line helper for the project engineers
//
//   rfitool [-e env] [-c company] [-p project] <command> [args]
//   commands: login <code> | whoami | list | show <rfi> | close <rfi> | open <rfi> | escalate <rfi>
//
// Token is cached in ~/.rfitool_token by the login command.

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPMessage.h>
#include <Poco/StreamCopier.h>
#include <Poco/Exception.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>

using Poco::Net::HTTPSClientSession;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPMessage;

#define GITHUB_HOST   "api.github.com"
#define GITHUB_REPO   "/repos/acme-build/site-issues/issues"
#define PER_PAGE      50

struct EnvEntry {
    const char *name;
    const char *loginHost;
    const char *apiHost;
};

static const EnvEntry g_envTable[] = {
    { "production", "login.procore.com",                 "api.procore.com" },
    { "sandbox",    "sandbox.procore.com",               "sandbox.procore.com" },
    { "monthly",    "login-sandbox-monthly.procore.com", "api-monthly.procore.com" },
    { NULL, NULL, NULL }
};

class RfiToolContext {
public:
    static RfiToolContext &instance() { static RfiToolContext ctx; return ctx; }
    const EnvEntry *env;
    std::string token;
    long long companyId;
    long projectId;
    std::string clientId, clientSecret, redirectUri;
private:
    RfiToolContext() : env(&g_envTable[0]), companyId(0), projectId(0) {}
};

static std::string TokenFile()
{
    const char *home = getenv("HOME");
    return std::string(home ? home : ".") + "/.rfitool_token";
}

static int SendTo(const char *host, HTTPRequest &req, const std::string &body, std::string &out)
{
    HTTPSClientSession session(host, 443);
    session.setTimeout(Poco::Timespan(30, 0));
    if (!body.empty()) {
        req.setContentLength((std::streamsize)body.size());
        session.sendRequest(req) << body;
    } else {
        session.sendRequest(req);
    }
    HTTPResponse resp;
    std::istream &rs = session.receiveResponse(resp);
    Poco::StreamCopier::copyToString(rs, out);
    return (int)resp.getStatus();
}

static int SendProcore(HTTPRequest &req, const std::string &body, std::string &out)
{
    RfiToolContext &ctx = RfiToolContext::instance();
    req.set("Authorization", "Bearer " + ctx.token);
    req.set("Accept", "application/json");
    return SendTo(ctx.env->apiHost, req, body, out);
}

static void AddCompany(HTTPRequest &req)
{
    char buf[32];
    sprintf(buf, "%lld", RfiToolContext::instance().companyId);
    req.set("Procore-Company-Id", buf);
}

static void AddJsonBody(HTTPRequest req)
{
    req.setContentType("application/json");
    AddCompany(req);
}

int main(int argc, char **argv)
{
    RfiToolContext &ctx = RfiToolContext::instance();
    const char *v;
    ctx.clientId = (v = getenv("RFITOOL_CLIENT_ID")) ? v : "";
    ctx.clientSecret = (v = getenv("RFITOOL_CLIENT_SECRET")) ? v : "";
    ctx.redirectUri = "urn:ietf:wg:oauth:2.0:oob";

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i += 2) {
        if (i + 1 >= argc) break;
        if (!strcmp(argv[i], "-e")) {
            for (const EnvEntry *e = g_envTable; e->name; ++e)
                if (!strcmp(e->name, argv[i + 1])) ctx.env = e;
        } else if (!strcmp(argv[i], "-c")) {
            ctx.companyId = strtoll(argv[i + 1], NULL, 10);
        } else if (!strcmp(argv[i], "-p")) {
            ctx.projectId = strtoul(argv[i + 1], NULL, 10);
        }
    }
    if (i >= argc) { fprintf(stderr, "no command\n"); return 2; }
    std::string cmd = argv[i];
    const char *arg = (i + 1 < argc) ? argv[i + 1] : "";

    FILE *tf = fopen(TokenFile().c_str(), "r");
    if (tf) { char t[2048] = {0}; if (fgets(t, sizeof(t), tf)) ctx.token = strtok(t, "\r\n"); fclose(tf); }

    std::string out;
    char path[512];
    int status = 0;
    try {
        if (cmd == "login") {
            HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
            req.setContentType("application/x-www-form-urlencoded");
            std::string form = "grant_type=authorization_code&code=" + std::string(arg) +
                               "&client_id=" + ctx.clientId + "&client_secret=" + ctx.clientSecret +
                               "&redirect_uri=" + ctx.redirectUri;
            status = SendTo(ctx.env->loginHost, req, form, out);
            std::string::size_type p = out.find("\"access_token\":\"");
            if (status == 200 && p != std::string::npos) {
                p += 16;
                FILE *wf = fopen(TokenFile().c_str(), "w");
                if (wf) { fprintf(wf, "%s\n", out.substr(p, out.find('"', p) - p).c_str()); fclose(wf); }
            }
        } else if (cmd == "whoami") {
            HTTPRequest req(HTTPRequest::HTTP_GET, "/rest/v1.0/me", HTTPMessage::HTTP_1_1);
            status = SendProcore(req, "", out);
        } else if (cmd == "list") {
            for (int page = 1; page < 100; ++page) {
                sprintf(path, "/rest/v1.0/projects/%lld/rfis?page=%d&per_page=%d",
                        (long long)ctx.projectId, page, PER_PAGE);
                HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
                AddCompany(req);
                std::string chunk;
                status = SendProcore(req, "", chunk);
                if (status != 200 || chunk == "[]") break;
                out += chunk;
                out += "\n";
            }
        } else if (cmd == "show") {
            long long rfiId = strtoll(arg, NULL, 10);
            sprintf(path, "/rest/v1.0/projects/%lld/rfis/%lld", (long long)ctx.projectId, rfiId);
            HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
            AddCompany(req);
            status = SendProcore(req, "", out);
        } else if (cmd == "close") {
            int rfiId = atoi(arg);
            sprintf(path, "/rest/v1.0/projects/%lld/rfis/%lld", (long long)ctx.projectId, (long long)rfiId);
            HTTPRequest req(HTTPRequest::HTTP_PATCH, path, HTTPMessage::HTTP_1_1);
            AddJsonBody(req);
            status = SendProcore(req, "{\"rfi\":{\"status\":\"closed\"}}", out);
        } else if (cmd == "open") {
            std::cout << "https://app.procore.com/" << ctx.projectId << "/project/rfi/show/" << arg << std::endl;
            return 0;
        } else if (cmd == "escalate") {
            const char *gh = getenv("GITHUB_TOKEN");
            HTTPRequest req(HTTPRequest::HTTP_POST, GITHUB_REPO, HTTPMessage::HTTP_1_1);
            req.set("Authorization", std::string("token ") + (gh ? gh : ""));
            req.set("User-Agent", "rfitool");
            req.setContentType("application/json");
            std::ostringstream body;
            body << "{\"title\":\"RFI " << arg << " overdue\",\"body\":\"project " << ctx.projectId << "\"}";
            status = SendTo(GITHUB_HOST, req, body.str(), out);
            int issueNumber = 0;
            std::string::size_type p = out.find("\"number\":");
            if (p != std::string::npos) issueNumber = atoi(out.c_str() + p + 9);
            printf("opened issue #%d\n", issueNumber);
            return status == 201 ? 0 : 1;
        } else {
            fprintf(stderr, "unknown command %s\n", cmd.c_str());
            return 2;
        }
    } catch (Poco::Exception &ex) {
        fprintf(stderr, "%s\n", ex.displayText().c_str());
        return 1;
    }
    if (status >= 300) fprintf(stderr, "HTTP %d\n", status);
    std::cout << out << std::endl;
    return status < 300 ? 0 : 1;
}
