// ProcoreSubmittals.cpp - submittal panel for the detailing workstation plugin host.
// The host calls PluginInit once and PluginCommand for each menu action.

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPMessage.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>
#include <Poco/NumberFormatter.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <Poco/Types.h>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#ifdef PLUGIN_SANDBOX
#define PROCORE_LOGIN_HOST "login-sandbox.procore.com"
#define PROCORE_API_HOST   "sandbox.procore.com"
#else
#define PROCORE_LOGIN_HOST "login.procore.com"
#define PROCORE_API_HOST   "api.procore.com"
#endif
#define PROCORE_WEB        "https://app.procore.com"
#define HTTPS_PORT         443

typedef void (*HostLogFn)(int level, const char *msg);

static HostLogFn     g_log = NULL;
static char          g_token[2048];
static Poco::Int64   g_companyId = 0;
static Poco::Int64   g_projectId = 0;
static int           g_timeoutSec = 30;
static char          g_lastUrl[1024];

static void Log(int level, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (g_log) g_log(level, buf);
}

static int Call(const std::string &method, const std::string &path, const std::string &body,
                bool withCompany, std::string &out)
{
    std::map<std::string, std::string> fields;
    fields["Authorization"] = std::string("Bearer ") + g_token;
    fields["Accept"] = "application/json";
    if (!body.empty()) fields["Content-Type"] = "application/json";
    if (withCompany) fields["Procore-Company-Id"] = Poco::NumberFormatter::format(g_companyId);

    Poco::Net::HTTPSClientSession session(PROCORE_API_HOST, HTTPS_PORT);
    session.setTimeout(Poco::Timespan(g_timeoutSec, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (std::map<std::string, std::string>::iterator it = fields.begin(); it != fields.end(); ++it)
        req.set(it->first, it->second);
    req.setContentLength((std::streamsize)body.size());
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream &rs = session.receiveResponse(resp);
    out.clear();
    Poco::StreamCopier::copyToString(rs, out);
    int status = (int)resp.getStatus();
    if (status >= 400) Log(2, "%s %s -> %d", method.c_str(), path.c_str(), status);
    return status;
}

static int UploadPresigned(const std::string &url, const std::string &file)
{
    std::ifstream in(file.c_str(), std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    std::string bytes = data.str();
    Poco::URI uri(url);
    Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_PUT, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentLength((std::streamsize)bytes.size());
    session.sendRequest(req) << bytes;
    Poco::Net::HTTPResponse resp;
    session.receiveResponse(resp);
    return (int)resp.getStatus();
}

extern "C" int PluginInit(HostLogFn log, const char *token, const char *company, const char *project)
{
    g_log = log;
    strncpy(g_token, token, sizeof(g_token) - 1);
    g_companyId = Poco::NumberParser::parse64(company);
    g_projectId = Poco::NumberParser::parse64(project);
    std::string out;
    int status = Call(Poco::Net::HTTPRequest::HTTP_GET, "/rest/v1.0/me", "", false, out);
    Log(1, "Procore session on %s: %d", PROCORE_API_HOST, status);
    return status == 200 ? 0 : -1;
}

extern "C" int PluginCommand(const char *cmd, const char *arg, char *result, int resultLen)
{
    std::string out;
    char path[256];
    int status = 0;
    std::string command(cmd);

    if (command == "refresh") {
        int page = 1, fetched = 0;
        do {
            sprintf(path, "/rest/v1.1/projects/%lld/submittals?page=%d&per_page=100", (long long)g_projectId, page);
            status = Call(Poco::Net::HTTPRequest::HTTP_GET, path, "", true, out);
            if (status != 200) break;
            Poco::JSON::Array::Ptr arr = Poco::JSON::Parser().parse(out).extract<Poco::JSON::Array::Ptr>();
            fetched = (int)arr->size();
            for (int i = 0; i < fetched; ++i) {
                Poco::JSON::Object::Ptr s = arr->getObject(i);
                Poco::Int64 id = s->getValue<Poco::Int64>("id");
                Log(0, "submittal %lld %s", (long long)id, s->optValue<std::string>("title", "").c_str());
            }
            page++;
        } while (fetched == 100);
    } else if (command == "attach") {
        // arg = "<submittal id>|<file path>"
        const char *bar = strchr(arg, '|');
        if (!bar) return -2;
        Poco::Int64 submittalId = Poco::NumberParser::parse64(std::string(arg, bar - arg));
        std::string file(bar + 1);
        sprintf(path, "/rest/v1.1/projects/%lld/uploads", (long long)g_projectId);
        std::string body = "{\"response_filename\":\"" + file.substr(file.find_last_of("/\\") + 1) + "\"}";
        status = Call(Poco::Net::HTTPRequest::HTTP_POST, path, body, true, out);
        if (status != 201) return -1;
        Poco::JSON::Object::Ptr up = Poco::JSON::Parser().parse(out).extract<Poco::JSON::Object::Ptr>();
        std::string uploadUrl = up->getValue<std::string>("url");
        std::string uuid = up->getValue<std::string>("uuid");
        if (UploadPresigned(uploadUrl, file) / 100 != 2) return -1;
        sprintf(path, "/rest/v1.1/projects/%lld/submittals/%lld", (long long)g_projectId, (long long)submittalId);
        status = Call(Poco::Net::HTTPRequest::HTTP_PATCH, path,
                      "{\"submittal\":{\"upload_ids\":[\"" + uuid + "\"]}}", true, out);
    } else if (command == "open") {
        snprintf(g_lastUrl, sizeof(g_lastUrl), PROCORE_WEB "/%lld/project/submittal_logs/%s",
                 (long long)g_projectId, arg);
        snprintf(result, resultLen, "%s", g_lastUrl);
        return 0;
    } else if (command == "companies") {
        status = Call(Poco::Net::HTTPRequest::HTTP_GET, "/rest/v1.0/companies", "", false, out);
    } else if (command == "timeout") {
        g_timeoutSec = atoi(arg);
        return 0;
    } else {
        Log(2, "unknown command %s", cmd);
        return -2;
    }
    snprintf(result, resultLen, "%s", out.c_str());
    return status / 100 == 2 ? 0 : -1;
}
