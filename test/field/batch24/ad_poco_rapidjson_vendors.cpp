// vendor-bridge: pushes approved subcontractors from the ERP into the Procore
// company directory and tags them on the projects they were awarded.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace procore {
namespace directory {
namespace v1 {

typedef std::int64_t CompanyId;
typedef std::int64_t VendorId;
typedef int ProjectId;

struct Vendor {
    VendorId id = 0;
    std::string name;
    std::string erp_code;
    std::string email;
};

struct Connection {
    static const std::string kLoginHost;
    static const std::string kApiHost;
    static const std::string kBasePath;
    std::string token;
    CompanyId company = 0;
};

const std::string Connection::kLoginHost = "login.procore.com";
const std::string Connection::kApiHost = "us02.procore.com";
const std::string Connection::kBasePath = "/rest/v1.0";

inline std::ostream& operator<<(std::ostream& os, const Vendor& v) {
    return os << v.erp_code << " -> " << v.id << " (" << v.name << ")";
}

namespace detail {
void add_headers(Poco::Net::HTTPRequest& req, const Connection& c) {
    req.set("Authorization", "Bearer " + c.token);
    req.set("Procore-Company-Id", std::to_string(c.company));
}
}  // namespace detail

}  // namespace v1
}  // namespace directory
}  // namespace procore

using namespace Poco::Net;
using procore::directory::v1::Connection;
using procore::directory::v1::Vendor;
namespace dir = procore::directory::v1;

namespace {

std::string read_all(std::istream& in) {
    std::string s;
    Poco::StreamCopier::copyToString(in, s);
    return s;
}

std::unique_ptr<HTTPSClientSession> open_session(const std::string& host) {
    Context::Ptr ctx = new Context(Context::TLS_CLIENT_USE, "", Context::VERIFY_RELAXED);
    auto session = std::make_unique<HTTPSClientSession>(host, 443, ctx);
    session->setTimeout(Poco::Timespan(30, 0));
    return session;
}

std::string to_json(const Vendor& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("vendor");
    w.StartObject();
    w.Key("name");
    w.String(v.name.c_str());
    w.Key("email_address");
    w.String(v.email.c_str());
    w.Key("origin_id");
    w.String(v.erp_code.c_str());
    w.EndObject();
    w.EndObject();
    return buf.GetString();
}

std::string refresh(const std::string& client_id, const std::string& secret,
                    const std::string& refresh_token) {
    auto session = open_session(Connection::kLoginHost);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
    HTMLForm form;
    form.set("grant_type", "refresh_token");
    form.set("client_id", client_id);
    form.set("client_secret", secret);
    form.set("refresh_token", refresh_token);
    form.prepareSubmit(req);
    form.write(session->sendRequest(req));
    HTTPResponse res;
    std::string body = read_all(session->receiveResponse(res));
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    return doc.HasMember("access_token") ? doc["access_token"].GetString() : "";
}

std::unordered_map<std::string, dir::VendorId> existing_vendors(const Connection& c) {
    std::unordered_map<std::string, dir::VendorId> by_code;
    auto session = open_session(Connection::kApiHost);
    for (int page = 1; page < 200; ++page) {
        std::ostringstream path;
        path << Connection::kBasePath << "/companies/" << c.company
             << "/vendors?per_page=100&page=" << page;
        HTTPRequest req(HTTPRequest::HTTP_GET, path.str(), HTTPMessage::HTTP_1_1);
        dir::detail::add_headers(req, c);
        session->sendRequest(req);
        HTTPResponse res;
        std::string body = read_all(session->receiveResponse(res));
        if (res.getStatus() != HTTPResponse::HTTP_OK) break;
        rapidjson::Document doc;
        doc.Parse(body.c_str());
        if (!doc.IsArray() || doc.Empty()) break;
        for (const auto& v : doc.GetArray()) {
            if (v.HasMember("origin_id") && v["origin_id"].IsString())
                by_code[v["origin_id"].GetString()] = v["id"].GetInt64();
        }
    }
    return by_code;
}

dir::VendorId create_vendor(const Connection& c, const Vendor& v) {
    auto session = open_session(Connection::kApiHost);
    std::string path = Connection::kBasePath + "/vendors?company_id=" + std::to_string(c.company);
    HTTPRequest req(HTTPRequest::HTTP_POST, path, HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + c.token);
    req.set("Procore-CompanyId", std::to_string(c.company));
    req.setContentType("application/json");
    std::string body = to_json(v);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session->sendRequest(req) << body;
    HTTPResponse res;
    std::string out = read_all(session->receiveResponse(res));
    if (res.getStatus() != HTTPResponse::HTTP_CREATED) {
        std::cerr << "create " << v.erp_code << ": " << res.getStatus() << " " << out << "\n";
        return 0;
    }
    rapidjson::Document doc;
    doc.Parse(out.c_str());
    return doc["id"].GetInt();
}

bool add_to_project(const Connection& c, dir::ProjectId project, dir::VendorId vendor) {
    auto session = open_session(Connection::kApiHost);
    std::ostringstream path;
    path << Connection::kBasePath << "/projects/" << project << "/vendors/" << vendor
         << "/actions/add";
    HTTPRequest req(HTTPRequest::HTTP_POST, path.str(), HTTPMessage::HTTP_1_1);
    dir::detail::add_headers(req, c);
    req.setContentLength(0);
    session->sendRequest(req);
    HTTPResponse res;
    read_all(session->receiveResponse(res));
    return res.getStatus() == HTTPResponse::HTTP_OK;
}

std::string erp_portal_link(const std::string& erp_code) {
    Poco::URI uri("https://erp.internal.example.com/vendors");
    uri.addQueryParameter("code", erp_code);
    return uri.toString();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: vendor-bridge CLIENT_ID SECRET REFRESH COMPANY_ID [PROJECT_ID]\n";
        return 64;
    }
    Connection conn;
    conn.token = refresh(argv[1], argv[2], argv[3]);
    conn.company = std::stoll(argv[4]);
    dir::ProjectId project = argc > 5 ? std::stoi(argv[5]) : 0;
    if (conn.token.empty()) return 1;

    // ERP export is piped in: one "code;name;email" line per approved sub.
    auto known = existing_vendors(conn);
    std::string line;
    int created = 0, linked = 0;
    while (std::getline(std::cin, line)) {
        std::istringstream fields(line);
        Vendor v;
        std::getline(fields, v.erp_code, ';');
        std::getline(fields, v.name, ';');
        std::getline(fields, v.email, ';');
        auto it = known.find(v.erp_code);
        if (it != known.end()) {
            v.id = it->second;
        } else {
            v.id = create_vendor(conn, v);
            if (v.id == 0) {
                std::cerr << "  see " << erp_portal_link(v.erp_code) << "\n";
                continue;
            }
            ++created;
        }
        std::cout << v << "\n";
        if (project != 0 && add_to_project(conn, project, v.id)) ++linked;
    }
    std::cerr << created << " created, " << linked << " linked to project " << project << "\n";
    return 0;
}
