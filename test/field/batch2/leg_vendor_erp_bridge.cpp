// vendorbridge - keeps the Procore company directory in step with the ERP supplier master.
//
//   vendorbridge sync | dry-run | insurance <CardCode> <expires YYYY-MM-DD> | link <CardCode>
//
// Settings come from /etc/vendorbridge.conf (key=value), see LoadConfig().

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Array.h>
#include <Poco/StreamCopier.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace Poco::Net;
using Poco::JSON::Object;
using Poco::JSON::Array;

// supplier CardCode -> Procore vendor id
typedef std::map<std::string, int> VendorIdMap;

struct BridgeConfig {
    char erpHost[128];
    int  erpPort;
    char erpUser[64];
    char erpPassword[64];
    char erpDb[64];
    char procoreHost[128];
    char companyId[32];
    char token[2048];
    bool multiCompany;
    bool dryRun;
};

BridgeConfig g_cfg;
std::string g_b1Session;
std::map<std::string, std::string> g_procoreHeaders;
VendorIdMap g_vendorIdByCardCode;

static void LoadConfig(const char *file)
{
    strcpy(g_cfg.erpHost, "sapb1.acme.local");
    g_cfg.erpPort = 50000;
    strcpy(g_cfg.procoreHost, "us02.procore.com");
    strcpy(g_cfg.companyId, "0");
    g_cfg.multiCompany = false;
    g_cfg.dryRun = false;
    FILE *fp = fopen(file, "r");
    if (!fp) return;
    char line[512], key[64], val[448];
    while (fgets(line, sizeof(line), fp)) {
        if (line[0] == '#' || sscanf(line, "%63[^=]=%447[^\r\n]", key, val) != 2) continue;
        if (!strcmp(key, "erp_host")) strcpy(g_cfg.erpHost, val);
        else if (!strcmp(key, "erp_port")) g_cfg.erpPort = atoi(val);
        else if (!strcmp(key, "erp_user")) strcpy(g_cfg.erpUser, val);
        else if (!strcmp(key, "erp_password")) strcpy(g_cfg.erpPassword, val);
        else if (!strcmp(key, "erp_db")) strcpy(g_cfg.erpDb, val);
        else if (!strcmp(key, "procore_host")) strcpy(g_cfg.procoreHost, val);
        else if (!strcmp(key, "company_id")) strcpy(g_cfg.companyId, val);
        else if (!strcmp(key, "token")) strcpy(g_cfg.token, val);
        else if (!strcmp(key, "multi_company")) g_cfg.multiCompany = !strcmp(val, "1");
    }
    fclose(fp);
    g_procoreHeaders["Authorization"] = std::string("Bearer ") + g_cfg.token;
    g_procoreHeaders["Accept"] = "application/json";
    g_procoreHeaders["Content-Type"] = "application/json";
}

static int Exchange(HTTPClientSession &s, HTTPRequest &req, const std::string &body, std::string &out)
{
    req.setContentLength((std::streamsize)body.size());
    s.sendRequest(req) << body;
    HTTPResponse resp;
    std::istream &is = s.receiveResponse(resp);
    out.clear();
    Poco::StreamCopier::copyToString(is, out);
    std::vector<HTTPCookie> cookies;
    resp.getCookies(cookies);
    for (size_t i = 0; i < cookies.size(); ++i)
        if (cookies[i].getName() == "B1SESSION") g_b1Session = cookies[i].getValue();
    return (int)resp.getStatus();
}

static int Erp(const std::string &method, const std::string &path, const std::string &body, std::string &out)
{
    HTTPSClientSession s(g_cfg.erpHost, (Poco::UInt16)g_cfg.erpPort);
    HTTPRequest req(method, "/b1s/v1" + path, HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    if (!g_b1Session.empty()) {
        NameValueCollection c;
        c.add("B1SESSION", g_b1Session);
        req.setCookies(c);
    }
    return Exchange(s, req, body, out);
}

static void ApplyProcoreHeaders(HTTPRequest &req)
{
    for (std::map<std::string, std::string>::iterator it = g_procoreHeaders.begin(); it != g_procoreHeaders.end(); ++it)
        req.set(it->first, it->second);
}

static int LoadProcoreVendors()
{
    HTTPSClientSession s(g_cfg.procoreHost, 443);
    char path[256];
    sprintf(path, "/rest/v1.0/vendors?company_id=%s&view=extended", g_cfg.companyId);
    HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPMessage::HTTP_1_1);
    ApplyProcoreHeaders(req);
    req.set("Procore-Company-Id", g_cfg.companyId);
    std::string out;
    int status = Exchange(s, req, "", out);
    if (status != 200) return status;
    Array::Ptr arr = Poco::JSON::Parser().parse(out).extract<Array::Ptr>();
    for (unsigned i = 0; i < arr->size(); ++i) {
        Object::Ptr v = arr->getObject(i);
        std::string origin = v->optValue<std::string>("origin_id", "");
        if (!origin.empty()) g_vendorIdByCardCode[origin] = v->getValue<int>("id");
    }
    return status;
}

static int CreateProcoreVendor(const std::string &cardCode, const std::string &name, const std::string &email)
{
    HTTPSClientSession s(g_cfg.procoreHost, 443);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/rest/v1.0/vendors", HTTPMessage::HTTP_1_1);
    ApplyProcoreHeaders(req);
    if (g_cfg.multiCompany)
        req.set("Procore-Company-Id", g_cfg.companyId);
    std::string body = "{\"company_id\":" + std::string(g_cfg.companyId) + ",\"vendor\":{\"name\":\"" + name +
                       "\",\"origin_id\":\"" + cardCode + "\",\"email_address\":\"" + email + "\"}}";
    std::string out;
    return Exchange(s, req, body, out);
}

static int PostInsurance(const std::string &cardCode, const char *expires)
{
    VendorIdMap::iterator it = g_vendorIdByCardCode.find(cardCode);
    if (it == g_vendorIdByCardCode.end()) return 404;
    char path[256];
    sprintf(path, "/rest/v1.0/vendors/%lld/insurances?company_id=%s", (long long)it->second, g_cfg.companyId);
    HTTPSClientSession s(g_cfg.procoreHost, 443);
    HTTPRequest req(HTTPRequest::HTTP_POST, path, HTTPMessage::HTTP_1_1);
    ApplyProcoreHeaders(req);
    req.set("X-Procore-Company-Id", g_cfg.companyId);
    std::string body = std::string("{\"insurance\":{\"name\":\"General Liability\",\"expiration_date\":\"") + expires + "\"}}";
    std::string out;
    return Exchange(s, req, body, out);
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: vendorbridge sync|dry-run|insurance|link ...\n"); return 2; }
    LoadConfig(getenv("VENDORBRIDGE_CONF") ? getenv("VENDORBRIDGE_CONF") : "/etc/vendorbridge.conf");
    std::string cmd = argv[1];
    if (cmd == "dry-run") { g_cfg.dryRun = true; cmd = "sync"; }

    int status = LoadProcoreVendors();
    if (status != 200) { fprintf(stderr, "procore vendor list failed: %d\n", status); return 1; }

    if (cmd == "sync") {
        std::string out;
        char login[256];
        sprintf(login, "{\"CompanyDB\":\"%s\",\"UserName\":\"%s\",\"Password\":\"%s\"}", g_cfg.erpDb, g_cfg.erpUser, g_cfg.erpPassword);
        if (Erp(HTTPRequest::HTTP_POST, "/Login", login, out) != 200) { fprintf(stderr, "ERP login failed\n"); return 1; }
        Erp(HTTPRequest::HTTP_GET, "/BusinessPartners?$filter=CardType%20eq%20'cSupplier'&$select=CardCode,CardName,EmailAddress", "", out);
        Array::Ptr rows = Poco::JSON::Parser().parse(out).extract<Object::Ptr>()->getArray("value");
        int created = 0, skipped = 0;
        for (unsigned i = 0; i < rows->size(); ++i) {
            Object::Ptr bp = rows->getObject(i);
            std::string code = bp->getValue<std::string>("CardCode");
            if (g_vendorIdByCardCode.count(code)) { skipped++; continue; }
            if (g_cfg.dryRun) { printf("would create %s\n", code.c_str()); continue; }
            int rc = CreateProcoreVendor(code, bp->optValue<std::string>("CardName", code),
                                         bp->optValue<std::string>("EmailAddress", ""));
            if (rc == 201) created++;
            else fprintf(stderr, "%s: HTTP %d\n", code.c_str(), rc);
        }
        printf("%d created, %d already linked\n", created, skipped);
    } else if (cmd == "insurance" && argc >= 4) {
        status = PostInsurance(argv[2], argv[3]);
        printf("insurance for %s: HTTP %d\n", argv[2], status);
    } else if (cmd == "link" && argc >= 3) {
        VendorIdMap::iterator it = g_vendorIdByCardCode.find(argv[2]);
        if (it == g_vendorIdByCardCode.end()) { printf("%s is not linked\n", argv[2]); return 1; }
        std::cout << "https://app.procore.com/" << g_cfg.companyId << "/company/directory/vendors/" << it->second << std::endl;
    } else {
        fprintf(stderr, "unknown command %s\n", cmd.c_str());
        return 2;
    }
    return 0;
}
