// token_daemon.cpp
//
// Keeps a Procore OAuth access token fresh for the other integration jobs on
// this host (they read it from the token file), and does a light health check
// of the API after every refresh. Environment is chosen on the command line.

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/Types.h>
#include <Poco/URI.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>

enum class ProcoreEnv { Production, DevSandbox, MonthlySandbox };

struct Endpoints {
    const char* loginHost;
    const char* apiHost;
};

static Endpoints endpointsFor(ProcoreEnv env)
{
    switch (env) {
    case ProcoreEnv::Production:
        return {"login.procore.com", "api.procore.com"};
    case ProcoreEnv::DevSandbox:
        return {"sandbox.procore.com", "sandbox.procore.com"};
    case ProcoreEnv::MonthlySandbox:
        return {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"};
    }
    return {"login.procore.com", "api.procore.com"};
}

static ProcoreEnv parseEnv(const char* s)
{
    if (std::strcmp(s, "sandbox") == 0) return ProcoreEnv::DevSandbox;
    if (std::strcmp(s, "monthly") == 0) return ProcoreEnv::MonthlySandbox;
    return ProcoreEnv::Production;
}

struct TokenState {
    std::string accessToken;
    std::string refreshToken;
    int expiresIn = 0;
};

static Poco::JSON::Object::Ptr readJson(Poco::Net::HTTPSClientSession& s, int& status)
{
    Poco::Net::HTTPResponse resp;
    std::istream& is = s.receiveResponse(resp);
    status = static_cast<int>(resp.getStatus());
    std::string raw;
    Poco::StreamCopier::copyToString(is, raw);
    Poco::JSON::Parser p;
    return p.parse(raw).extract<Poco::JSON::Object::Ptr>();
}

static bool refresh(const Endpoints& ep, const std::string& clientId,
                    const std::string& clientSecret, TokenState& tok)
{
    Poco::Net::HTTPSClientSession session(ep.loginHost, 443);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/token",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "refresh_token");
    form.set("refresh_token", tok.refreshToken);
    form.set("client_id", clientId);
    form.set("client_secret", clientSecret);
    form.prepareSubmit(req);
    form.write(session.sendRequest(req));

    int status = 0;
    auto obj = readJson(session, status);
    if (status != 200) {
        std::cerr << "refresh failed: HTTP " << status << "\n";
        return false;
    }
    tok.accessToken  = obj->getValue<std::string>("access_token");
    tok.refreshToken = obj->getValue<std::string>("refresh_token");
    tok.expiresIn    = obj->getValue<int>("expires_in");
    return true;
}

static Poco::Net::HTTPRequest apiGet(const std::string& path, const TokenState& tok)
{
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, path,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + tok.accessToken);
    req.set("Accept", "application/json");
    return req;
}

static void healthCheck(const Endpoints& ep, const TokenState& tok, bool verbose)
{
    Poco::Net::HTTPSClientSession session(ep.apiHost, 443);
    int status = 0;

    Poco::Net::HTTPRequest me = apiGet("/rest/v1.0/me", tok);
    session.sendRequest(me);
    auto meObj = readJson(session, status);
    int userId = meObj->getValue<int>("id");
    std::printf("token ok for user %d (%s)\n", userId,
                meObj->getValue<std::string>("login").c_str());

    Poco::Net::HTTPRequest companies = apiGet("/rest/v1.0/companies", tok);
    session.sendRequest(companies);
    Poco::Net::HTTPResponse resp;
    std::istream& is = session.receiveResponse(resp);
    Poco::JSON::Parser p;
    auto list = p.parse(is).extract<Poco::JSON::Array::Ptr>();
    if (list->size() == 0) return;

    Poco::Int64 companyId = list->getObject(0)->getValue<Poco::Int64>("id");
    Poco::URI users("/rest/v1.0/companies/" + std::to_string(companyId) + "/users");
    users.addQueryParameter("per_page", "1");
    Poco::Net::HTTPRequest probe = apiGet(users.getPathAndQuery(), tok);
    if (verbose) {
        probe.set("Procore-Company-Id", std::to_string(companyId));
        std::printf("probing users of company %lld\n", static_cast<long long>(companyId));
    }
    session.sendRequest(probe);
    Poco::Net::HTTPResponse probeResp;
    session.receiveResponse(probeResp).ignore(std::numeric_limits<std::streamsize>::max());
    std::printf("users endpoint: %d\n", static_cast<int>(probeResp.getStatus()));
}

static void saveToken(const std::string& path, const TokenState& tok)
{
    Poco::FileOutputStream out(path + ".tmp");
    out << "{\"access_token\":\"" << tok.accessToken << "\",\"refresh_token\":\""
        << tok.refreshToken << "\"}";
    out.close();
    Poco::File(path + ".tmp").renameTo(path);
}

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: token_daemon <production|sandbox|monthly> <token-file> [-v]\n";
        return 2;
    }
    const Endpoints ep = endpointsFor(parseEnv(argv[1]));
    const std::string tokenFile = argv[2];
    const bool verbose = argc > 3 && std::strcmp(argv[3], "-v") == 0;

    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* seed = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !secret || !seed) {
        std::cerr << "PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_REFRESH_TOKEN not set\n";
        return 2;
    }

    TokenState tok;
    tok.refreshToken = seed;
    int failures = 0;
    for (;;) {
        if (refresh(ep, cid, secret, tok)) {
            failures = 0;
            saveToken(tokenFile, tok);
            try {
                healthCheck(ep, tok, verbose);
            } catch (const std::exception& e) {
                std::cerr << "health check: " << e.what() << "\n";
            }
            Poco::Thread::sleep(static_cast<long>(tok.expiresIn - 300) * 1000);
        } else if (++failures > 5) {
            return 1;
        } else {
            Poco::Thread::sleep(30000L * failures);
        }
    }
}
