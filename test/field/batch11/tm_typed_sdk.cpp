// tm_typed_sdk.cpp
//
// Typed Procore REST client (header-only style) plus a small demo main.
// Endpoints are described as types; a Client is assembled from a transport,
// an auth policy and a company-scope policy.
//
//   clang++ -std=c++17 -O2 tm_typed_sdk.cpp -lssl -lcrypto -o procore-demo

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace procore {

using json = nlohmann::json;
using CompanyId = std::int64_t;
using ProjectId = std::int64_t;

struct get_tag {};
struct post_tag {};
struct array_shape {};
struct object_shape {};

// ---- variadic helpers -------------------------------------------------------
template <class... Parts>
std::string path_of(const Parts&... parts) {
    std::ostringstream os;
    (os << ... << parts);
    return os.str();
}

template <class... Fields>
httplib::Headers header_list(Fields&&... fields) {
    httplib::Headers h;
    (h.emplace(std::forward<Fields>(fields)), ...);
    return h;
}

// ---- environments -----------------------------------------------------------
struct Production {
    static constexpr const char* login = "https://login.procore.com";
    static constexpr const char* api = "https://api.procore.com";
};
struct DeveloperSandbox {
    static constexpr const char* login = "https://login-sandbox.procore.com";
    static constexpr const char* api = "https://sandbox.procore.com";
};

// ---- transport policy -------------------------------------------------------
template <class Env>
class HttplibTransport {
  public:
    HttplibTransport() : api_(Env::api), login_(Env::login) {
        api_.set_read_timeout(30, 0);
        login_.set_read_timeout(15, 0);
    }
    httplib::Result send(get_tag, const std::string& target, const httplib::Headers& h) {
        return api_.Get(target.c_str(), h);
    }
    httplib::Result send(post_tag, const std::string& target, const httplib::Headers& h,
                         const std::string& body) {
        return api_.Post(target.c_str(), h, body, "application/json");
    }
    httplib::Result token(const httplib::Params& form) { return login_.Post("/oauth/token", form); }

  private:
    httplib::Client api_;
    httplib::Client login_;
};

// ---- auth policy ------------------------------------------------------------
struct RefreshTokenAuth {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    std::string access_token;

    template <class Transport>
    void refresh(Transport& t) {
        auto res = t.token({{"grant_type", "refresh_token"},
                            {"client_id", client_id},
                            {"client_secret", client_secret},
                            {"refresh_token", refresh_token}});
        if (!res || res->status != 200) throw std::runtime_error("token refresh failed");
        const json j = json::parse(res->body);
        access_token = j.at("access_token").get<std::string>();
        refresh_token = j.value("refresh_token", refresh_token);
    }
    std::pair<std::string, std::string> authorization() const {
        return {"Authorization", "Bearer " + access_token};
    }
};

// ---- scope policies ---------------------------------------------------------
struct UserScope {  // before a company has been picked: /me, /companies
    void apply(httplib::Headers&) const {}
};
struct CompanyScope {
    CompanyId company_id;
    void apply(httplib::Headers& h) const {
        h.emplace("Procore-Company-Id", std::to_string(company_id));
    }
};

// ---- records ----------------------------------------------------------------
template <class Id>
struct Record {
    Id id{};
    std::string name;
};

template <class Id>
void from_json(const json& j, Record<Id>& r) {
    r.id = j.at("id").get<Id>();
    r.name = j.value("name", j.value("subject", j.value("title", std::string{})));
}

template <class T, class = void>
struct has_page : std::false_type {};
template <class T>
struct has_page<T, std::void_t<decltype(std::declval<const T&>().page)>> : std::true_type {};

// ---- endpoints (CRTP) -------------------------------------------------------
template <class Derived>
struct Endpoint {
    std::string target() const {
        const Derived& self = *static_cast<const Derived*>(this);
        std::string p = self.path();
        if constexpr (has_page<Derived>::value) {
            p += (p.find('?') == std::string::npos) ? '?' : '&';
            p += path_of("page=", self.page, "&per_page=100");
        }
        return p;
    }
};

struct Me : Endpoint<Me> {
    static constexpr const char* resource = "/rest/v1.0/me";
    using method = get_tag;
    using shape = object_shape;
    using id_type = std::int64_t;
    std::string path() const { return resource; }
};

struct ListCompanies : Endpoint<ListCompanies> {
    static constexpr const char* resource = "/rest/v1.0/companies";
    using method = get_tag;
    using shape = array_shape;
    using id_type = CompanyId;
    std::string path() const { return resource; }
};

struct ListProjects : Endpoint<ListProjects> {
    static constexpr const char* resource = "/rest/v1.0/projects";
    using method = get_tag;
    using shape = array_shape;
    using id_type = ProjectId;
    explicit ListProjects(CompanyId c) : company_id(c) {}
    CompanyId company_id;
    int page = 1;
    std::string path() const { return path_of(resource, "?company_id=", company_id); }
};

struct ListRfis : Endpoint<ListRfis> {
    static constexpr const char* resource = "/rest/v1.0/projects/";
    static constexpr const char* leaf = "/rfis";
    using method = get_tag;
    using shape = array_shape;
    using id_type = std::int64_t;
    explicit ListRfis(ProjectId p) : project_id(p) {}
    ProjectId project_id;
    int page = 1;
    std::string path() const { return path_of(resource, project_id, leaf); }
};

struct ListSubmittals : Endpoint<ListSubmittals> {
    static constexpr const char* resource = "/rest/v1.0/projects/";
    static constexpr const char* leaf = "/submittals";
    using method = get_tag;
    using shape = array_shape;
    using id_type = int;
    explicit ListSubmittals(ProjectId p) : project_id(p) {}
    ProjectId project_id;
    int page = 1;
    std::string path() const { return path_of(resource, project_id, leaf); }
};

// ---- client -------------------------------------------------------------------
template <class Transport, class AuthPolicy, class ScopePolicy>
class Client {
  public:
    Client(AuthPolicy auth, ScopePolicy scope) : auth_(std::move(auth)), scope_(std::move(scope)) {}

    void authenticate() { auth_.refresh(transport_); }
    const AuthPolicy& auth() const { return auth_; }

    template <class Ep>
    auto call(const Ep& ep, const json& body = json::object()) {
        using Id = typename Ep::id_type;
        httplib::Headers headers = header_list(
            auth_.authorization(), std::make_pair(std::string("Accept"), std::string("application/json")));
        scope_.apply(headers);

        auto res = [&] {
            if constexpr (std::is_same_v<typename Ep::method, post_tag>)
                return transport_.send(post_tag{}, ep.target(), headers, body.dump());
            else
                return transport_.send(get_tag{}, ep.target(), headers);
        }();
        if (!res || res->status >= 300)
            throw std::runtime_error("procore: " + ep.target() + " failed");

        const json j = json::parse(res->body);
        if constexpr (std::is_same_v<typename Ep::shape, array_shape>)
            return j.get<std::vector<Record<Id>>>();
        else
            return j.get<Record<Id>>();
    }

  private:
    Transport transport_;
    AuthPolicy auth_;
    ScopePolicy scope_;
};

}  // namespace procore

static std::string env_or_die(const char* name) {
    const char* v = std::getenv(name);
    if (!v) throw std::runtime_error(std::string("missing env ") + name);
    return v;
}

int main() try {
    using namespace procore;
    using Transport = HttplibTransport<Production>;

    RefreshTokenAuth auth{env_or_die("PROCORE_CLIENT_ID"), env_or_die("PROCORE_CLIENT_SECRET"),
                          env_or_die("PROCORE_REFRESH_TOKEN"), {}};

    Client<Transport, RefreshTokenAuth, UserScope> user_client(auth, UserScope{});
    user_client.authenticate();

    const auto me = user_client.call(Me{});
    const auto companies = user_client.call(ListCompanies{});
    if (companies.empty()) {
        std::cerr << "user " << me.name << " has no companies\n";
        return 1;
    }

    const char* pinned = std::getenv("PROCORE_COMPANY_ID");
    const CompanyId company_id = pinned ? std::atoi(pinned) : companies.front().id;

    // sanity check that the user can see projects before building the scoped client
    const auto projects = user_client.call(ListProjects(company_id));
    std::cout << me.name << " sees " << projects.size() << " projects\n";
    std::cout << "web: https://app.procore.com/" << company_id << "/company/home\n";

    Client<Transport, RefreshTokenAuth, CompanyScope> client(user_client.auth(),
                                                             CompanyScope{company_id});
    int shown = 0;
    for (const auto& project : projects) {
        if (shown++ == 3) break;
        const auto rfis = client.call(ListRfis(project.id));
        const auto submittals = client.call(ListSubmittals(project.id));
        std::cout << project.name << ": " << rfis.size() << " RFIs, " << submittals.size()
                  << " submittals\n";
        for (const auto& s : submittals) std::cout << "  submittal " << s.id << " " << s.name << "\n";
    }
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
}
