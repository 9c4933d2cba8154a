// submittal_digest.cpp
//
// Morning digest of overdue submittals for one project, posted to the project
// team's Teams channel. Wraps cpprestsdk in a few operators so the calls read
// like the Procore REST docs:
//
//     api(get(path / U("projects") / project / U("submittals") | page(1)) << company(cid))
//
// usage: submittal_digest <company-id> <project-id> [production|monthly] [zone]
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace rq {

template <class Tag>
class Id64 {
  public:
    explicit Id64(std::int64_t v) : v_(v) {}
    std::int64_t get() const { return v_; }
    utility::string_t str() const { return utility::conversions::to_string_t(std::to_string(v_)); }

  private:
    std::int64_t v_;
};
using CompanyId = Id64<struct CompanyTag>;
using ProjectId = Id64<struct ProjectTag>;
using SubmittalId = Id64<struct SubmittalTag>;

struct Query {
    utility::string_t key, value;
};
inline Query page(int n) { return Query{U("page"), utility::conversions::to_string_t(std::to_string(n))}; }

class Path {
  public:
    explicit Path(const utility::string_t& root = U("")) : b_(root) {}
    Path operator/(const utility::string_t& seg) const {
        Path p = *this;
        p.b_.append_path(seg);
        return p;
    }
    template <class Tag>
    Path operator/(const Id64<Tag>& id) const { return *this / id.str(); }
    Path operator|(const Query& q) const {
        Path p = *this;
        p.b_.append_query(q.key, q.value);
        return p;
    }
    operator utility::string_t() const { return b_.to_string(); }

  private:
    uri_builder b_;
};
inline Path operator""_rest(const char* s, std::size_t n) {
    return Path(utility::conversions::to_string_t(std::string(s, n)));
}

struct Hdr {
    utility::string_t name, value;
};
inline Hdr company(const CompanyId& c) { return Hdr{U("Procore-Company-Id"), c.str()}; }

class Req {
  public:
    Req(const method& m, const Path& p) : r_(m) { r_.set_request_uri(utility::string_t(p)); }
    Req& operator<<(const Hdr& h) {
        r_.headers().add(h.name, h.value);
        return *this;
    }
    Req& operator<<(const json::value& body) {
        r_.set_body(body);
        return *this;
    }
    operator http_request() const { return r_; }

  private:
    http_request r_;
};
inline Req get(const Path& p) { return Req(methods::GET, p); }
inline Req post(const Path& p) { return Req(methods::POST, p); }

// One client per host. operator() sends and hands back the JSON body.
class Api {
  public:
    Api(const utility::string_t& host, utility::string_t bearer) : client_(host), bearer_(std::move(bearer)) {}
    json::value operator()(const Req& r) {
        http_request req = r;
        if (!bearer_.empty()) req.headers().add(header_names::authorization, U("Bearer ") + bearer_);
        http_response resp = client_.request(req).get();
        if (resp.status_code() >= 400) {
            std::cerr << "HTTP " << resp.status_code() << " for " << utility::conversions::to_utf8string(req.request_uri().to_string()) << "\n";
            return json::value::null();
        }
        return resp.extract_json(true).get();
    }

  private:
    http_client client_;
    utility::string_t bearer_;
};

}  // namespace rq

using namespace rq;

struct Hosts {
    utility::string_t login, api;
};

static Hosts hosts_for(const std::string& env) {
    if (env == "monthly")
        return Hosts{U("https://login-sandbox-monthly.procore.com"), U("https://api-monthly.procore.com")};
    return Hosts{U("https://login.procore.com"), U("https://api.procore.com")};
}

// Companies onboarded on the us02 zone got their zone hostname from Procore.
static utility::string_t rest_host(const Hosts& h, const std::string& zone) {
    if (zone == "us02") return U("https://us02.procore.com");
    return h.api;
}

static utility::string_t access_token(const Hosts& h) {
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* id = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!rt || !id || !secret) return U("");
    json::value body;
    body[U("grant_type")] = json::value::string(U("refresh_token"));
    body[U("refresh_token")] = json::value::string(utility::conversions::to_string_t(rt));
    body[U("client_id")] = json::value::string(utility::conversions::to_string_t(id));
    body[U("client_secret")] = json::value::string(utility::conversions::to_string_t(secret));
    Api login(h.login, U(""));
    json::value tok = login(post("/oauth/token"_rest) << body);
    return tok.is_null() ? U("") : tok.at(U("access_token")).as_string();
}

struct Overdue {
    SubmittalId id;
    utility::string_t title;
    std::int64_t ball_in_court = 0;
};

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittal_digest <company-id> <project-id> [env] [zone]\n";
        return 2;
    }
    const CompanyId cid{std::stoll(argv[1])};
    const ProjectId pid{std::stoll(argv[2])};
    const Hosts hosts = hosts_for(argc > 3 ? argv[3] : "production");
    const utility::string_t token = access_token(hosts);
    if (token.empty()) {
        std::cerr << "no token; see https://developers.procore.com/documentation/oauth-auth-grant-flow\n";
        return 1;
    }

    Api api(rest_host(hosts, argc > 4 ? argv[4] : ""), token);
    const json::value me = api(get("/rest/v1.0/me"_rest));
    if (me.is_null()) return 1;

    const Path project = "/rest/v1.0"_rest / U("projects") / pid;
    std::map<std::int64_t, utility::string_t> people;
    json::value users = api(get(project / U("users") | Query{U("per_page"), U("300")}) << company(cid));
    if (users.is_array())
        for (const auto& u : users.as_array())
            people[u.at(U("id")).as_number().to_int64()] = u.at(U("name")).as_string();

    std::vector<Overdue> overdue;
    for (int pg = 1; pg <= 10; ++pg) {
        json::value list = api(get(project / U("submittals") | page(pg) | Query{U("filters[overdue]"), U("true")})
                               << company(cid));
        if (!list.is_array() || list.as_array().size() == 0) break;
        for (const auto& s : list.as_array()) {
            const SubmittalId sid{s.at(U("id")).as_integer()};
            json::value detail = api(get(project / U("submittals") / sid)
                                     << Hdr{U("Procore-CompanyId"), cid.str()});
            Overdue o{sid, s.at(U("title")).as_string(), 0};
            if (detail.has_field(U("ball_in_court")) && detail.at(U("ball_in_court")).is_array() &&
                detail.at(U("ball_in_court")).size() > 0)
                o.ball_in_court = detail.at(U("ball_in_court"))[0].at(U("id")).as_number().to_int64();
            overdue.push_back(o);
        }
    }

    utility::string_t text = U("Overdue submittals:\n");
    for (const auto& o : overdue) {
        auto who = people.find(o.ball_in_court);
        text += U("- ") + o.title + U(" (") + (who != people.end() ? who->second : U("unassigned")) + U(") ") +
                U("https://app.procore.com/") + pid.str() + U("/project/submittal_logs/") + o.id.str() + U("\n");
    }

    const char* hook = std::getenv("TEAMS_WEBHOOK_URL");
    if (hook && !overdue.empty()) {
        json::value card;
        card[U("text")] = json::value::string(text);
        Api teams(utility::conversions::to_string_t(hook), U(""));
        teams(post(Path()) << card);
    }
    std::cout << overdue.size() << " overdue submittals\n";
    return 0;
}
