// roster_dmsa_sync.cpp
//
// Nightly job for the badge printers: signs in as our Developer Managed
// Service Account (client credentials), walks the company directory and the
// project rosters, and writes roster.bin - a stream of tagged, packed records
// the badge station firmware reads with memcpy. Record sizes are part of the
// firmware contract (see badge-fw/docs/roster.md) and must not change.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using Poco::JSON::Array;
using Poco::JSON::Object;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

namespace {

const char* const kLoginHost = "login.procore.com";
const char* const kApiHost = "api.procore.com";
const unsigned short kHttpsPort = 443;

enum : uint8_t { kTagUser = 0x55, kTagAccess = 0x41, kTagEnd = 0xFF };

#pragma pack(push, 1)
struct UserRecord {
    int64_t id;
    int32_t vendorId;        // 0 when the user has no vendor; firmware v1 field
    uint8_t isEmployee : 1;
    uint8_t isActive : 1;
    uint8_t reserved : 6;
    char email[64];
    char name[48];
};  // 125 bytes

struct AccessRecord {
    uint64_t projectId;
    uint64_t userId;
    uint8_t level;           // 1 read, 2 standard, 3 admin (badge colour)
};  // 17 bytes

struct RosterEntry {
    uint8_t tag;
    union {
        UserRecord user;
        AccessRecord access;
    };
};
#pragma pack(pop)

static_assert(sizeof(UserRecord) == 125, "firmware contract");
static_assert(sizeof(AccessRecord) == 17, "firmware contract");

std::string g_token;

std::string readBody(HTTPSClientSession& s, HTTPResponse& res) {
    std::istream& in = s.receiveResponse(res);
    std::string body;
    Poco::StreamCopier::copyToString(in, body);
    return body;
}

std::string fetchToken(const std::string& clientId, const std::string& secret) {
    HTTPSClientSession s(kLoginHost, kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "client_credentials");
    form.set("client_id", clientId);
    form.set("client_secret", secret);
    form.prepareSubmit(req);
    form.write(s.sendRequest(req));
    HTTPResponse res;
    const std::string body = readBody(s, res);
    if (res.getStatus() != HTTPResponse::HTTP_OK) throw std::runtime_error("token: " + body);
    Poco::JSON::Parser p;
    return p.parse(body).extract<Object::Ptr>()->getValue<std::string>("access_token");
}

int tokenSecondsLeft() {
    HTTPSClientSession s("api.procore.com", kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_GET, "/oauth/token/info", HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_token);
    s.sendRequest(req);
    HTTPResponse res;
    const std::string body = readBody(s, res);
    if (res.getStatus() != HTTPResponse::HTTP_OK) return 0;
    Poco::JSON::Parser p;
    return p.parse(body).extract<Object::Ptr>()->getValue<int>("expires_in_seconds");
}

Poco::Dynamic::Var fetch(const std::string& path, int64_t companyId, bool withCompany) {
    HTTPSClientSession s(kApiHost, kHttpsPort);
    HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + g_token);
    if (withCompany) req.set("Procore-Company-Id", std::to_string(companyId));
    s.sendRequest(req);
    HTTPResponse res;
    const std::string body = readBody(s, res);
    if (res.getStatus() != HTTPResponse::HTTP_OK)
        throw std::runtime_error(path + " -> " + std::to_string(res.getStatus()));
    Poco::JSON::Parser p;
    return p.parse(body);
}

void copyStr(char* dst, std::size_t cap, const std::string& src) {
    std::memset(dst, 0, cap);
    std::memcpy(dst, src.data(), std::min(cap - 1, src.size()));
}

void put(std::ofstream& out, const RosterEntry& e) {
    const std::size_t n = e.tag == kTagUser ? sizeof(UserRecord) : sizeof(AccessRecord);
    out.write(reinterpret_cast<const char*>(&e.tag), 1);
    out.write(reinterpret_cast<const char*>(&e.user), static_cast<std::streamsize>(n));
}

}  // namespace

int main() {
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!cid || !sec || !company) {
        std::cerr << "PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET / PROCORE_COMPANY_ID required\n";
        return 2;
    }
    const int64_t companyId = std::strtoll(company, nullptr, 10);

    try {
        g_token = fetchToken(cid, sec);
        if (tokenSecondsLeft() < 600) std::cerr << "warning: token expires soon\n";

        // sanity check that the DMSA is installed in the company we expect
        Array::Ptr companies = fetch("/rest/v1.0/companies", companyId, false).extract<Array::Ptr>();
        bool installed = false;
        for (std::size_t i = 0; i < companies->size(); ++i)
            installed |= companies->getObject(i)->getValue<Poco::Int64>("id") == companyId;
        if (!installed) {
            std::cerr << "service account not installed in company " << companyId << "\n";
            return 1;
        }
        Object::Ptr me = fetch("/rest/v1.0/me", companyId, true).extract<Object::Ptr>();
        std::cout << "running as " << me->optValue<std::string>("login", "?") << "\n";

        std::ofstream out("roster.bin", std::ios::binary | std::ios::trunc);
        std::vector<int64_t> userIds;
        for (int page = 1; page < 50; ++page) {
            const std::string path = "/rest/v1.0/companies/" + std::to_string(companyId) +
                                     "/users?per_page=200&page=" + std::to_string(page);
            Array::Ptr users = fetch(path, companyId, true).extract<Array::Ptr>();
            if (users->size() == 0) break;
            for (std::size_t i = 0; i < users->size(); ++i) {
                Object::Ptr u = users->getObject(i);
                RosterEntry e{};
                e.tag = kTagUser;
                e.user.id = u->getValue<Poco::Int64>("id");
                Object::Ptr vendor = u->getObject("vendor");
                e.user.vendorId = vendor ? vendor->getValue<int>("id") : 0;
                e.user.isEmployee = u->optValue<bool>("is_employee", false);
                e.user.isActive = u->optValue<bool>("is_active", true);
                copyStr(e.user.email, sizeof e.user.email, u->optValue<std::string>("email_address", ""));
                copyStr(e.user.name, sizeof e.user.name, u->optValue<std::string>("name", ""));
                put(out, e);
                userIds.push_back(e.user.id);
            }
        }

        Array::Ptr projects = fetch("/rest/v1.0/projects?company_id=" + std::to_string(companyId),
                                    companyId, true).extract<Array::Ptr>();
        for (std::size_t i = 0; i < projects->size(); ++i) {
            const Poco::Int64 projectId = projects->getObject(i)->getValue<Poco::Int64>("id");
            Array::Ptr roster = fetch("/rest/v1.0/projects/" + std::to_string(projectId) + "/users",
                                      companyId, true).extract<Array::Ptr>();
            for (std::size_t j = 0; j < roster->size(); ++j) {
                Object::Ptr u = roster->getObject(j);
                RosterEntry e{};
                e.tag = kTagAccess;
                e.access.projectId = static_cast<uint64_t>(projectId);
                e.access.userId = u->getValue<Poco::UInt64>("id");
                e.access.level = u->optValue<bool>("is_admin", false) ? 3 : 2;
                put(out, e);
            }
        }
        const char end = static_cast<char>(kTagEnd);
        out.write(&end, 1);
        std::cout << userIds.size() << " users, " << projects->size() << " projects written\n";
    } catch (const std::exception& ex) {
        std::cerr << "roster sync failed: " << ex.what() << "\n";
        return 1;
    }
    return 0;
}
