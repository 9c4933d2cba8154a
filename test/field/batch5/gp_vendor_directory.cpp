// gp_vendor_directory.cpp
//
// Nightly export of the company directory (companies, projects, vendors,
// users) into the procurement CSV drop. Each resource is described once by a
// ResourceTraits<T> specialisation; list_all<T>() does the paging.
// Reference: https://developers.procore.com/reference/rest/vendors

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace vd {

using Poco::Net::HTTPMessage;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

constexpr std::string_view kLoginHost = "login.procore.com";
constexpr std::string_view kApiHost = "api.procore.com";
constexpr int kHttpsPort = 443;
constexpr int kPerPage = 100;

struct Company {};
struct Project {};
struct Vendor {};
struct User {};

enum class Scope { None, Query, Path };

template <class T>
struct ResourceTraits;

template <>
struct ResourceTraits<Company> {
    using id_type = std::int64_t;
    static constexpr std::string_view path = "/rest/v1.0/companies";
    static constexpr Scope scope = Scope::None;
    static constexpr bool company_header = false;
};

template <>
struct ResourceTraits<Project> {
    using id_type = std::int64_t;
    static constexpr std::string_view path = "/rest/v1.0/projects";
    static constexpr Scope scope = Scope::Query;
    static constexpr bool company_header = false;
};

template <>
struct ResourceTraits<Vendor> {
    using id_type = int;
    static constexpr std::string_view path = "/rest/v1.0/vendors";
    static constexpr Scope scope = Scope::Query;
    static constexpr bool company_header = true;
};

template <>
struct ResourceTraits<User> {
    using id_type = Poco::Int64;
    static constexpr std::string_view path = "/rest/v1.0/companies/{}/users";
    static constexpr Scope scope = Scope::Path;
    static constexpr bool company_header = true;
};

template <class T>
struct Record {
    typename ResourceTraits<T>::id_type id{};
    std::string name;
};

template <class Id>
Id parse_id(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    return obj->getValue<Id>(key);
}

template <class T>
std::string resource_path(std::int64_t company_id, int page) {
    using Tr = ResourceTraits<T>;
    std::string p(Tr::path);
    if constexpr (Tr::scope == Scope::Path) {
        p.replace(p.find("{}"), 2, std::to_string(company_id));
        p += "?";
    } else if constexpr (Tr::scope == Scope::Query) {
        p += "?company_id=" + std::to_string(company_id) + "&";
    } else {
        p += "?";
    }
    return p + "page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
}

inline Poco::JSON::Array::Ptr read_array(std::istream& in) {
    Poco::JSON::Parser parser;
    return parser.parse(in).extract<Poco::JSON::Array::Ptr>();
}

template <class T>
std::vector<Record<T>> list_all(HTTPSClientSession& session, const std::string& token,
                                std::int64_t company_id) {
    std::vector<Record<T>> out;
    for (int page = 1;; ++page) {
        HTTPRequest req(HTTPRequest::HTTP_GET, resource_path<T>(company_id, page),
                        HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token);
        req.set("Accept", "application/json");
        if constexpr (ResourceTraits<T>::company_header)
            req.set("Procore-Company-Id", std::to_string(company_id));
        session.sendRequest(req);
        HTTPResponse res;
        std::istream& body = session.receiveResponse(res);
        if (res.getStatus() != HTTPResponse::HTTP_OK) break;
        auto arr = read_array(body);
        if (arr->size() == 0) break;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto obj = arr->getObject(static_cast<unsigned>(i));
            Record<T> rec;
            rec.id = parse_id<typename ResourceTraits<T>::id_type>(obj, "id");
            rec.name = obj->optValue<std::string>("name", "");
            out.push_back(std::move(rec));
        }
        if (static_cast<int>(arr->size()) < kPerPage) break;
    }
    return out;
}

std::string fetch_token(const std::string& client_id, const std::string& secret,
                        const std::string& refresh_token) {
    HTTPSClientSession login{std::string(kLoginHost), kHttpsPort};
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.set("grant_type", "refresh_token");
    form.set("client_id", client_id);
    form.set("client_secret", secret);
    form.set("refresh_token", refresh_token);
    form.prepareSubmit(req);
    form.write(login.sendRequest(req));
    HTTPResponse res;
    std::istream& body = login.receiveResponse(res);
    Poco::JSON::Parser parser;
    auto obj = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    return obj->getValue<std::string>("access_token");
}

bool deactivate_vendor(HTTPSClientSession& session, const std::string& token,
                       std::int64_t company_id, std::int64_t vendor_id) {
    HTTPRequest req(HTTPRequest::HTTP_PATCH,
                    "/rest/v1.0/vendors/" + std::to_string(vendor_id) +
                        "?company_id=" + std::to_string(company_id),
                    HTTPMessage::HTTP_1_1);
    const std::string payload = R"({"vendor":{"is_active":false}})";
    req.set("Authorization", "Bearer " + token);
    req.set("Procore-Company-Id", std::to_string(company_id));
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(payload.size()));
    session.sendRequest(req) << payload;
    HTTPResponse res;
    session.receiveResponse(res).ignore(std::numeric_limits<std::streamsize>::max());
    return res.getStatus() == HTTPResponse::HTTP_OK;
}

}  // namespace vd

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: gp_vendor_directory CLIENT_ID SECRET REFRESH COMPANY_ID [STALE_VENDOR...]\n";
        return 2;
    }
    const std::string token = vd::fetch_token(argv[1], argv[2], argv[3]);
    const std::int64_t company_id = Poco::NumberParser::parse(argv[4]);

    Poco::Net::HTTPSClientSession api{std::string(vd::kApiHost), vd::kHttpsPort};
    api.setKeepAlive(true);

    auto companies = vd::list_all<vd::Company>(api, token, company_id);
    auto projects = vd::list_all<vd::Project>(api, token, company_id);
    auto vendors = vd::list_all<vd::Vendor>(api, token, company_id);
    auto users = vd::list_all<vd::User>(api, token, company_id);

    std::ofstream csv("directory.csv");
    csv << "kind,id,name\n";
    for (const auto& c : companies) csv << "company," << c.id << "," << c.name << "\n";
    for (const auto& p : projects) csv << "project," << p.id << "," << p.name << "\n";
    for (const auto& v : vendors) csv << "vendor," << v.id << "," << v.name << "\n";
    for (const auto& u : users) csv << "user," << u.id << "," << u.name << "\n";

    int deactivated = 0;
    for (int i = 5; i < argc; ++i) {
        const std::int64_t vendor_id = Poco::NumberParser::parse64(argv[i]);
        if (vd::deactivate_vendor(api, token, company_id, vendor_id)) ++deactivated;
    }

    std::cout << companies.size() << " companies, " << projects.size() << " projects, "
              << vendors.size() << " vendors, " << users.size() << " users; " << deactivated
              << " vendors deactivated\n"
              << "review: https://app.procore.com/" << company_id << "/company/home\n";
    return 0;
}
