// rfi-digest: builds the Monday "open RFIs" digest for the OAC meeting notes
// and posts it to the project team's Teams channel.
//
//   PROCORE_ENV=production PROCORE_REFRESH_TOKEN=... rfi-digest <company_id> <project_id>...
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace procore {

using Id = std::int64_t;

struct Env {
    std::string_view name;
    std::string_view login;
    std::string_view api;
};

inline constexpr std::array kEnvs{
    Env{"production", "https://login.procore.com", "https://api.procore.com"},
    Env{"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    Env{"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

constexpr std::optional<Env> find_env(std::string_view name) {
    for (const auto& e : kEnvs)
        if (e.name == name) return e;
    return std::nullopt;
}

template <typename T>
std::string segment(const T& v) {
    if constexpr (std::is_arithmetic_v<T>)
        return std::to_string(v);
    else
        return std::string(v);
}

// join_path("rest", "v1.0", "projects", 42, "rfis") -> "/rest/v1.0/projects/42/rfis"
template <typename... Segs>
std::string join_path(const Segs&... segs) {
    std::string out;
    ((out += '/', out += segment(segs)), ...);
    return out;
}

struct Rfi {
    Id id = 0;
    std::string number;
    std::string subject;
    std::optional<std::string> due_date;
    int ball_in_court_id = 0;
    int reply_count = 0;
};

struct HttpError {
    status_code status;
    std::string body;
};

using Result = std::variant<json::value, HttpError>;

class Client {
public:
    Client(Env env, std::string token, Id company_id)
        : env_(env), token_(std::move(token)), company_id_(company_id),
          api_(utility::conversions::to_string_t(std::string(env.api))) {}

    // company is optional because /me and /companies do not need it
    Result send(const method& m, const std::string& path, std::optional<Id> company = std::nullopt) {
        http_request req(m);
        req.set_request_uri(utility::conversions::to_string_t(path));
        req.headers().add(header_names::authorization, "Bearer " + token_);
        req.headers().add(header_names::accept, "application/json");
        if (company) req.headers().add("Procore-Company-Id", std::to_string(*company));
        auto resp = api_.request(req).get();
        if (resp.status_code() != status_codes::OK)
            return HttpError{resp.status_code(), resp.extract_string().get()};
        return resp.extract_json().get();
    }

    auto company() const { return company_id_; }

private:
    Env env_;
    std::string token_;
    Id company_id_;
    http_client api_;
};

std::optional<std::string> refresh_access_token(const Env& env, std::string_view refresh_token) {
    http_client login(utility::conversions::to_string_t(std::string(env.login)));
    http_request req(methods::POST);
    req.set_request_uri("/oauth/token");
    std::ostringstream form;
    form << "grant_type=refresh_token"
         << "&client_id=" << std::getenv("PROCORE_CLIENT_ID")
         << "&client_secret=" << std::getenv("PROCORE_CLIENT_SECRET")
         << "&refresh_token=" << refresh_token;
    req.set_body(form.str(), "application/x-www-form-urlencoded");
    auto resp = login.request(req).get();
    if (resp.status_code() != status_codes::OK) return std::nullopt;
    auto body = resp.extract_json().get();
    return body.at("access_token").as_string();
}

Rfi parse_rfi(const json::value& v) {
    Rfi r;
    r.id = v.at("id").as_integer();
    r.number = v.at("number").as_string();
    r.subject = v.at("subject").as_string();
    if (v.has_field("due_date") && !v.at("due_date").is_null())
        r.due_date = v.at("due_date").as_string();
    if (v.has_field("ball_in_court") && v.at("ball_in_court").size() > 0)
        r.ball_in_court_id = v.at("ball_in_court").at(0).at("id").as_integer();
    return r;
}

} // namespace procore

int main(int argc, char** argv) {
    using namespace procore;
    if (argc < 3) {
        std::cerr << "usage: rfi-digest <company_id> <project_id>...\n";
        return 2;
    }
    const char* env_name = std::getenv("PROCORE_ENV");
    const auto env = find_env(env_name ? env_name : "production");
    if (!env) {
        std::cerr << "unknown PROCORE_ENV\n";
        return 2;
    }
    const Id company_id = std::stoll(argv[1]);

    auto token = refresh_access_token(*env, std::getenv("PROCORE_REFRESH_TOKEN"));
    if (!token) {
        std::cerr << "token refresh failed\n";
        return 1;
    }
    Client client(*env, *token, company_id);

    // sanity check that the token belongs to a real user
    if (auto me = client.send(methods::GET, "/rest/v1.0/me"); std::holds_alternative<HttpError>(me)) {
        std::cerr << "token rejected by /me\n";
        return 1;
    }

    std::ostringstream md;
    for (int a = 2; a < argc; ++a) {
        const Id project_id = std::stoll(argv[a]);
        auto listed = client.send(methods::GET,
                                  join_path("rest", "v1.0", "projects", project_id, "rfis") + "?filters[status]=open",
                                  client.company());
        if (auto* err = std::get_if<HttpError>(&listed)) {
            std::cerr << "project " << project_id << ": HTTP " << err->status << '\n';
            continue;
        }
        const auto& arr = std::get<json::value>(listed).as_array();
        int overdue = 0;
        md << "### Project " << project_id << " (" << arr.size() << " open)\n";
        for (const auto& item : arr) {
            Rfi rfi = parse_rfi(item);
            auto replies = client.send(methods::GET,
                                       join_path("rest", "v1.0", "projects", project_id, "rfis", rfi.id, "replies"));
            if (auto* ok = std::get_if<json::value>(&replies)) rfi.reply_count = static_cast<int>(ok->size());
            if (rfi.due_date && *rfi.due_date < "2024-01-01") ++overdue;

            md << "- [RFI #" << rfi.number << "](https://app.procore.com/" << project_id
               << "/project/rfi/show/" << rfi.id << ") " << rfi.subject << " — " << rfi.reply_count
               << " replies, due " << rfi.due_date.value_or("n/a") << '\n';
        }
        md << "_" << overdue << " overdue_\n\n";
    }

    // Teams incoming webhook, not Procore
    if (const char* hook = std::getenv("TEAMS_WEBHOOK_URL")) {
        http_client teams(utility::conversions::to_string_t(hook));
        json::value card;
        card["text"] = json::value::string(md.str());
        auto resp = teams.request(methods::POST, "", card).get();
        if (resp.status_code() >= 300) std::cerr << "teams post failed: " << resp.status_code() << '\n';
    } else {
        std::cout << md.str();
    }
    return 0;
}
