// submittal-nag: finds overdue submittals on one project and posts a digest to
// the project's Slack channel. cpprestsdk / pplx task chains; runs from cron on
// the build box every weekday morning.
//
//   submittal-nag <project-id> <company-id>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

using namespace web;
using namespace web::http;
using namespace web::http::client;
using utility::conversions::to_string_t;
using utility::conversions::to_utf8string;

namespace {

const utility::string_t kLoginBase = U("https://login.procore.com");
const utility::string_t kApiBase = U("https://app.procore.com");
const utility::string_t kSlackBase = U("https://hooks.slack.com");

struct Overdue {
    int64_t id;
    std::string number;
    std::string title;
    std::string due_date;
    int64_t ball_in_court_id;
};

struct Context {
    utility::string_t access_token;
    int64_t company_id = 0;
    std::string project_name;
    std::vector<Overdue> overdue;
    int pages_read = 0;
};

http_client_config client_config() {
    http_client_config cfg;
    cfg.set_timeout(std::chrono::seconds(45));
    return cfg;
}

http_client& login_client() {
    static http_client c(kLoginBase, client_config());
    return c;
}

http_client& api_client() {
    static http_client c(kApiBase, client_config());
    return c;
}

std::string today_iso() {
    char buf[16];
    std::time_t now = std::time(nullptr);
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
    return buf;
}

http_request scoped_get(const Context& ctx, const utility::string_t& path) {
    http_request req(methods::GET);
    req.set_request_uri(path);
    req.headers().add(header_names::authorization, U("Bearer ") + ctx.access_token);
    req.headers().add(U("Procore-Company-Id"), to_string_t(std::to_string(ctx.company_id)));
    return req;
}

pplx::task<json::value> expect_json(http_response res) {
    if (res.status_code() != status_codes::OK) {
        return res.extract_string().then([code = res.status_code()](utility::string_t body) {
            throw std::runtime_error("HTTP " + std::to_string(code) + ": " + to_utf8string(body));
            return json::value();
        });
    }
    return res.extract_json();
}

pplx::task<utility::string_t> refresh_token(const std::string& refresh) {
    json::value body;
    body[U("grant_type")] = json::value::string(U("refresh_token"));
    body[U("refresh_token")] = json::value::string(to_string_t(refresh));
    body[U("client_id")] = json::value::string(to_string_t(std::getenv("PROCORE_CLIENT_ID")));
    body[U("client_secret")] =
        json::value::string(to_string_t(std::getenv("PROCORE_CLIENT_SECRET")));
    return login_client()
        .request(methods::POST, U("/oauth/token"), body)
        .then(expect_json)
        .then([](json::value tok) { return tok.at(U("access_token")).as_string(); });
}

pplx::task<void> collect_page(std::shared_ptr<Context> ctx, int project_id, int page) {
    uri_builder b(U("/rest/v1.1/projects/") + to_string_t(std::to_string(project_id)) +
                  U("/submittals"));
    b.append_query(U("filters[status_id]"), U("open"));
    b.append_query(U("page"), page);
    b.append_query(U("per_page"), 100);
    return api_client()
        .request(scoped_get(*ctx, b.to_string()))
        .then(expect_json)
        .then([ctx, project_id, page](json::value arr) -> pplx::task<void> {
            ctx->pages_read++;
            const std::string today = today_iso();
            for (const auto& s : arr.as_array()) {
                if (!s.has_field(U("due_date")) || s.at(U("due_date")).is_null()) continue;
                std::string due = to_utf8string(s.at(U("due_date")).as_string());
                if (due >= today) continue;
                Overdue o;
                o.id = s.at(U("id")).as_integer();
                o.number = to_utf8string(s.at(U("number")).serialize());
                o.title = to_utf8string(s.at(U("title")).as_string());
                o.due_date = due;
                o.ball_in_court_id = 0;
                if (s.has_field(U("ball_in_court")) && s.at(U("ball_in_court")).size() > 0)
                    o.ball_in_court_id =
                        s.at(U("ball_in_court")).at(0).at(U("id")).as_number().to_int64();
                ctx->overdue.push_back(std::move(o));
            }
            if (arr.size() < 100) return pplx::task_from_result();
            return collect_page(ctx, project_id, page + 1);
        });
}

pplx::task<void> post_digest(std::shared_ptr<Context> ctx, int project_id) {
    std::string text = "*" + ctx->project_name + "*: " + std::to_string(ctx->overdue.size()) +
                       " overdue submittal(s)\n";
    for (const auto& o : ctx->overdue) {
        text += "• #" + o.number + " " + o.title + " (due " + o.due_date + ") <" +
                "https://app.procore.com/" + std::to_string(project_id) +
                "/project/submittal_logs/" + std::to_string(o.id) + "|open>\n";
    }
    json::value msg;
    msg[U("text")] = json::value::string(to_string_t(text));
    http_client slack(kSlackBase);
    const char* hook = std::getenv("SLACK_HOOK_PATH");
    return slack.request(methods::POST, to_string_t(hook ? hook : "/services/unset"), msg)
        .then([](http_response r) {
            if (r.status_code() != status_codes::OK)
                std::cerr << "slack returned " << r.status_code() << "\n";
        });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: submittal-nag <project-id> <company-id>\n";
        return 2;
    }
    const int project_id = std::stoi(argv[1]);
    auto ctx = std::make_shared<Context>();
    ctx->company_id = std::strtoll(argv[2], nullptr, 10);
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!refresh) {
        std::cerr << "PROCORE_REFRESH_TOKEN not set\n";
        return 2;
    }

    auto chain =
        refresh_token(refresh)
            .then([ctx](utility::string_t token) {
                ctx->access_token = token;
                http_request req(methods::GET);
                req.set_request_uri(U("/rest/v1.0/me"));
                req.headers().add(header_names::authorization, U("Bearer ") + token);
                return api_client().request(req);
            })
            .then(expect_json)
            .then([ctx, project_id](json::value me) {
                std::cerr << "running as " << to_utf8string(me.at(U("login")).as_string())
                          << "\n";
                http_request req(methods::GET);
                req.set_request_uri(U("/rest/v1.0/projects/") +
                                    to_string_t(std::to_string(project_id)) +
                                    U("?company_id=") +
                                    to_string_t(std::to_string(ctx->company_id)));
                req.headers().add(header_names::authorization, U("Bearer ") + ctx->access_token);
                return api_client().request(req);
            })
            .then(expect_json)
            .then([ctx, project_id](json::value project) {
                ctx->project_name = to_utf8string(project.at(U("name")).as_string());
                return collect_page(ctx, project_id, 1);
            })
            .then([ctx, project_id] {
                std::cerr << ctx->pages_read << " page(s), " << ctx->overdue.size()
                          << " overdue\n";
                if (ctx->overdue.empty()) return pplx::task_from_result();
                return post_digest(ctx, project_id);
            });

    try {
        chain.wait();
    } catch (const std::exception& e) {
        std::cerr << "submittal-nag: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
