// tm_vendor_import.cpp -- push the ERP supplier master into the Procore company directory.
//
// Runs on the integration box as a Developer Managed Service Account
// (client_credentials). For every ERP supplier: create or update the Procore
// vendor (matched on origin_id), optionally add it to a project, and log
// whether Procore still has an insurance certificate on file.
//
//   vendor-import <company_id> [project_id]
//   env: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, ERP_TOKEN

#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>

using web::json::value;
using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using utility::conversions::to_string_t;

namespace importer {

struct get_tag {};
struct post_tag {};
struct patch_tag {};

// ---- transport policy -----------------------------------------------------------
class CppRestTransport {
  public:
    explicit CppRestTransport(const utility::string_t& base) : http_(base) {}
    http_response send(http_request req) { return http_.request(req).get(); }

  private:
    web::http::client::http_client http_;
};

// ---- auth policy: service account -------------------------------------------------
struct ClientCredentials {
    std::string client_id, client_secret;
    utility::string_t access_token;

    void fetch_token() {
        web::http::client::http_client login(U("https://login.procore.com"));
        http_request req(methods::POST);
        req.set_request_uri(U("/oauth/token"));
        req.set_body(to_string_t("grant_type=client_credentials&client_id=" + client_id +
                                 "&client_secret=" + client_secret),
                     U("application/x-www-form-urlencoded"));
        http_response res = login.request(req).get();
        if (res.status_code() != web::http::status_codes::OK)
            throw std::runtime_error("client_credentials grant failed");
        access_token = res.extract_json().get().at(U("access_token")).as_string();
    }
    void sign(http_request& req) const {
        req.headers().add(U("Authorization"), U("Bearer ") + access_token);
    }
};

// ---- scope policy: DMSA sends the company on every call, /me and /companies included
struct ServiceAccountScope {
    std::int64_t company_id;
    void scope(http_request& req) const {
        req.headers().add(U("Procore-Company-Id"), company_id);
    }
};

// ---- endpoints ----------------------------------------------------------------------
template <class Derived>
struct Endpoint {
    utility::string_t uri() const { return to_string_t(static_cast<const Derived*>(this)->path()); }
};

struct Me : Endpoint<Me> {
    using verb = get_tag;
    static constexpr const char* route = "/rest/v1.0/me";
    std::string path() const { return route; }
};
struct ListVendors : Endpoint<ListVendors> {
    using verb = get_tag;
    static constexpr const char* route = "/rest/v1.0/vendors";
    std::int64_t company_id;
    int page;
    std::string path() const {
        return std::string(route) + "?company_id=" + std::to_string(company_id) + "&page=" +
               std::to_string(page) + "&per_page=300";
    }
};
struct CreateVendor : Endpoint<CreateVendor> {
    using verb = post_tag;
    static constexpr const char* route = "/rest/v1.0/vendors";
    std::int64_t company_id;
    std::string path() const { return std::string(route) + "?company_id=" + std::to_string(company_id); }
};
struct UpdateVendor : Endpoint<UpdateVendor> {
    using verb = patch_tag;
    static constexpr const char* route = "/rest/v1.0/vendors/";
    std::int64_t company_id;
    std::int64_t vendor_id;
    std::string path() const {
        return route + std::to_string(vendor_id) + "?company_id=" + std::to_string(company_id);
    }
};
struct AddVendorToProject : Endpoint<AddVendorToProject> {
    using verb = post_tag;
    static constexpr const char* route = "/rest/v1.0/projects/";
    unsigned project_id;
    std::int64_t vendor_id;
    std::string path() const {
        return route + std::to_string(project_id) + "/vendors/" + std::to_string(vendor_id) + "/actions/add";
    }
};
struct VendorInsurances : Endpoint<VendorInsurances> {
    using verb = get_tag;
    std::int64_t company_id;
    std::int64_t vendor_id;
    std::string path() const {
        return "/vapid/companies/" + std::to_string(company_id) + "/vendors/" + std::to_string(vendor_id) +
               "/insurances";
    }
};

// ---- client -------------------------------------------------------------------------
template <class Transport, class AuthPolicy, class ScopePolicy>
class Client : private AuthPolicy, private ScopePolicy {
  public:
    Client(const utility::string_t& base, AuthPolicy auth, ScopePolicy scope)
        : AuthPolicy(std::move(auth)), ScopePolicy(std::move(scope)), transport_(base) {}

    void authenticate() { AuthPolicy::fetch_token(); }

    template <class Ep, class... Body>
    value call(const Ep& ep, Body&&... body) {
        return dispatch(typename Ep::verb{}, ep, std::forward<Body>(body)...);
    }

  private:
    template <class Ep>
    value dispatch(get_tag, const Ep& ep) {
        return finish(transport_.send(prepare(methods::GET, ep)));
    }
    template <class Ep>
    value dispatch(post_tag, const Ep& ep, const value& body = value::object()) {
        http_request req = prepare(methods::POST, ep);
        req.set_body(body);
        return finish(transport_.send(req));
    }
    template <class Ep>
    value dispatch(patch_tag, const Ep& ep, const value& body) {
        http_request req(methods::PATCH);
        req.set_request_uri(ep.uri());
        AuthPolicy::sign(req);
        req.set_body(body);
        return finish(transport_.send(req));
    }

    template <class Ep>
    http_request prepare(const web::http::method& m, const Ep& ep) const {
        http_request req(m);
        req.set_request_uri(ep.uri());
        req.headers().add(U("Accept"), U("application/json"));
        AuthPolicy::sign(req);
        ScopePolicy::scope(req);
        return req;
    }
    static value finish(http_response res) {
        if (res.status_code() >= 300)
            throw std::runtime_error("procore HTTP " + std::to_string(res.status_code()));
        return res.extract_json().get();
    }

    Transport transport_;
};

using Procore = Client<CppRestTransport, ClientCredentials, ServiceAccountScope>;

}  // namespace importer

static value fetch_erp_suppliers() {
    web::http::client::http_client erp(U("https://erp.internal.example.com"));
    http_request req(methods::GET);
    req.set_request_uri(U("/api/v2/suppliers?status=active"));
    const char* tok = std::getenv("ERP_TOKEN");
    req.headers().add(U("Authorization"), to_string_t(std::string("Token ") + (tok ? tok : "")));
    return erp.request(req).get().extract_json().get();
}

int main(int argc, char** argv) try {
    using namespace importer;
    if (argc < 2) {
        std::cerr << "usage: vendor-import <company_id> [project_id]\n";
        return 64;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const unsigned project_id = argc > 2 ? std::stoul(argv[2]) : 0;

    ClientCredentials creds{std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"), {}};
    Procore procore(U("https://api.procore.com"), creds, ServiceAccountScope{company_id});
    Procore legacy(U("https://app.procore.com"), creds, ServiceAccountScope{company_id});
    procore.authenticate();
    legacy.authenticate();

    const value me = procore.call(Me{});
    std::cout << "importing as " << me.at(U("login")).as_string() << "\n";

    std::unordered_map<std::string, std::int64_t> by_origin;
    for (int page = 1;; ++page) {
        const value vendors = procore.call(ListVendors{{}, company_id, page});
        if (vendors.as_array().size() == 0) break;
        for (const auto& v : vendors.as_array()) {
            if (v.has_string_field(U("origin_id")))
                by_origin[v.at(U("origin_id")).as_string()] = v.at(U("id")).as_integer();
        }
    }

    int created = 0, updated = 0, uninsured = 0;
    for (const auto& s : fetch_erp_suppliers().as_array()) {
        const std::string origin = s.at(U("supplier_code")).as_string();
        value body = value::object();
        body[U("vendor")][U("name")] = s.at(U("legal_name"));
        body[U("vendor")][U("origin_id")] = value::string(origin);
        body[U("vendor")][U("email_address")] = s.at(U("ap_email"));

        std::int64_t vendor_id = 0;
        if (auto it = by_origin.find(origin); it != by_origin.end()) {
            vendor_id = it->second;
            procore.call(UpdateVendor{{}, company_id, vendor_id}, body);
            ++updated;
        } else {
            const value v = procore.call(CreateVendor{{}, company_id}, body);
            vendor_id = v.at(U("id")).as_number().to_int64();
            ++created;
        }
        if (project_id != 0) procore.call(AddVendorToProject{{}, project_id, vendor_id});

        const value certs = legacy.call(VendorInsurances{{}, company_id, vendor_id});
        if (certs.as_array().size() == 0) ++uninsured;
    }
    std::cout << created << " created, " << updated << " updated, " << uninsured
              << " without insurance on file\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "vendor-import: " << e.what() << "\n";
    return 1;
}
