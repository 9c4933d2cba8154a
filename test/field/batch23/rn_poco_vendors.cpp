// vendor_audit: compares the company vendor directory with the vendors added
// to one project, reports missing insurance certificates and creates vendors
// that exist in the ERP export but not yet in Procore.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Fields = std::vector<std::pair<std::string, std::string>>;
using VendorIds = std::vector<int>;

namespace {

struct Route {
    std::string_view name;
    std::string_view host;
    std::string_view path;
};

constexpr std::array<Route, 6> kRoutes{{
    {"token", "login.procore.com", "/oauth/token"},
    {"me", "api.procore.com", "/rest/v1.0/me"},
    {"company_vendors", "api.procore.com", "/rest/v1.0/vendors"},
    {"project_vendors", "api.procore.com", "/rest/v1.0/projects/{project}/vendors"},
    {"insurances", "us02.procore.com", "/vapid/vendors/{vendor}/insurances"},
    {"create_vendor", "api.procore.com", "/rest/v1.0/vendors"},
}};

const Route& route(std::string_view name) {
    auto it = std::find_if(kRoutes.begin(), kRoutes.end(),
                           [name](const Route& r) { return r.name == name; });
    if (it == kRoutes.end()) throw std::runtime_error("no route " + std::string(name));
    return *it;
}

std::string fillPath(const Route& r, const Fields& vars, const Fields& query = {}) {
    std::string path(r.path);
    std::for_each(vars.begin(), vars.end(), [&path](const auto& kv) {
        const auto pos = path.find("{" + kv.first + "}");
        if (pos != std::string::npos) path.replace(pos, kv.first.size() + 2, kv.second);
    });
    return std::accumulate(query.begin(), query.end(), path, [](std::string acc, const auto& kv) {
        return acc + (acc.find('?') == std::string::npos ? "?" : "&") + kv.first + "=" + kv.second;
    });
}

struct Vendor {
    Poco::Int64 id = 0;
    std::string name;
    std::string abbreviated_name;
    bool active = true;
};

class Auditor {
public:
    Auditor(std::string token, Poco::Int64 company_id)
        : token_(std::move(token)), company_id_(company_id) {}

    Poco::Dynamic::Var exchange(std::string_view host, HTTPRequest& req, const std::string& body = {}) {
        Poco::Net::HTTPSClientSession session{std::string(host)};
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        std::ostream& os = session.sendRequest(req);
        os << body;
        HTTPResponse res;
        std::istream& is = session.receiveResponse(res);
        std::string raw;
        Poco::StreamCopier::copyToString(is, raw);
        const int status = res.getStatus();
        if (status >= 400) {
            std::cerr << req.getMethod() << " " << host << req.getURI() << " -> " << status << "\n";
            return {};
        }
        return Poco::JSON::Parser().parse(raw);
    }

    HTTPRequest request(const std::string& method, const std::string& path, const Fields& headers) const {
        HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Accept", "application/json");
        std::for_each(headers.begin(), headers.end(),
                      [&req](const auto& h) { req.set(h.first, h.second); });
        return req;
    }

    Fields companyHeader() const { return {{"Procore-Company-Id", std::to_string(company_id_)}}; }

    std::string currentLogin() {
        const Route& r = route("me");
        HTTPRequest req = request(HTTPRequest::HTTP_GET, fillPath(r, {}), {});
        auto result = exchange(r.host, req);
        if (result.isEmpty()) return {};
        return result.extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("login", "");
    }

    std::vector<Vendor> companyVendors(int page) {
        const Route& r = route("company_vendors");
        const auto path = fillPath(r, {}, {{"company_id", std::to_string(company_id_)},
                                          {"page", std::to_string(page)}, {"per_page", "100"}});
        HTTPRequest req = request(HTTPRequest::HTTP_GET, path, companyHeader());
        return toVendors(exchange(r.host, req));
    }

    VendorIds projectVendorIds(Poco::Int64 project_id) {
        const Route& r = route("project_vendors");
        HTTPRequest req = request(HTTPRequest::HTTP_GET,
                                  fillPath(r, {{"project", std::to_string(project_id)}}), {});
        auto result = exchange(r.host, req);
        VendorIds ids;
        if (result.isEmpty()) return ids;
        auto arr = result.extract<Poco::JSON::Array::Ptr>();
        std::transform(arr->begin(), arr->end(), std::back_inserter(ids), [](const Poco::Dynamic::Var& v) {
            return v.extract<Poco::JSON::Object::Ptr>()->getValue<int>("id");
        });
        return ids;
    }

    std::size_t insuranceCount(Poco::Int64 vendor_id) {
        const Route& r = route("insurances");
        HTTPRequest req = request(HTTPRequest::HTTP_GET,
                                  fillPath(r, {{"vendor", std::to_string(vendor_id)}},
                                           {{"company_id", std::to_string(company_id_)}}),
                                  companyHeader());
        auto result = exchange(r.host, req);
        return result.isEmpty() ? 0 : result.extract<Poco::JSON::Array::Ptr>()->size();
    }

    std::optional<Poco::Int64> createVendor(const std::string& name, const std::string& abbrev) {
        const Route& r = route("create_vendor");
        Poco::JSON::Object vendor;
        vendor.set("name", name);
        vendor.set("abbreviated_name", abbrev);
        Poco::JSON::Object payload;
        payload.set("company_id", company_id_);
        payload.set("vendor", vendor);
        std::ostringstream body;
        payload.stringify(body);
        HTTPRequest req = request(HTTPRequest::HTTP_POST, fillPath(r, {}),
                                  {{"procore-company-id", std::to_string(company_id_)},
                                   {"Content-Type", "application/json"}});
        auto result = exchange(r.host, req, body.str());
        if (result.isEmpty()) return std::nullopt;
        return result.extract<Poco::JSON::Object::Ptr>()->getValue<Poco::Int64>("id");
    }

private:
    static std::vector<Vendor> toVendors(const Poco::Dynamic::Var& result) {
        std::vector<Vendor> out;
        if (result.isEmpty()) return out;
        auto arr = result.extract<Poco::JSON::Array::Ptr>();
        std::transform(arr->begin(), arr->end(), std::back_inserter(out), [](const Poco::Dynamic::Var& v) {
            auto o = v.extract<Poco::JSON::Object::Ptr>();
            return Vendor{o->getValue<Poco::Int64>("id"), o->optValue<std::string>("name", ""),
                          o->optValue<std::string>("abbreviated_name", ""), o->optValue<bool>("is_active", true)};
        });
        return out;
    }

    std::string token_;
    Poco::Int64 company_id_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: vendor_audit <token> <company_id> <project_id> [erp-name ...]\n";
        return 2;
    }
    const Poco::Int64 company_id = std::strtoll(argv[2], nullptr, 10);
    const long project_id = std::atol(argv[3]);
    Auditor auditor(argv[1], company_id);
    std::cout << "auditing as " << auditor.currentLogin() << "\n";

    std::vector<Vendor> directory;
    for (int page = 1;; ++page) {
        auto batch = auditor.companyVendors(page);
        if (batch.empty()) break;
        std::copy_if(batch.begin(), batch.end(), std::back_inserter(directory),
                     [](const Vendor& v) { return v.active; });
    }

    const auto on_project = auditor.projectVendorIds(project_id);
    std::vector<Vendor> uninsured;
    std::copy_if(directory.begin(), directory.end(), std::back_inserter(uninsured), [&](const Vendor& v) {
        const bool assigned = std::find(on_project.begin(), on_project.end(), v.id) != on_project.end();
        return assigned && auditor.insuranceCount(v.id) == 0;
    });
    std::for_each(uninsured.begin(), uninsured.end(), [](const Vendor& v) {
        std::cout << "no insurance on file: " << v.name << " (" << v.id << ")\n";
    });

    std::set<std::string> known;
    std::transform(directory.begin(), directory.end(), std::inserter(known, known.end()),
                   [](const Vendor& v) { return v.name; });
    std::vector<std::string> erp_names(argv + 4, argv + argc);
    const int created = std::accumulate(erp_names.begin(), erp_names.end(), 0, [&](int n, const std::string& name) {
        if (known.count(name)) return n;
        return auditor.createVendor(name, name.substr(0, 10)) ? n + 1 : n;
    });
    std::cout << created << " vendors created, " << uninsured.size() << " missing insurance\n";
    return 0;
}
