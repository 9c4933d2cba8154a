// drawing_sync: mirrors the latest drawing revisions of one Procore project
// into the local plan-room share. One coroutine per drawing area.
#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

struct Environment {
    const char* name;
    const char* login_host;
    const char* api_host;
};

static const Environment kEnvironments[] = {
    {"production", "login.procore.com", "api.procore.com"},
    {"sandbox", "sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

struct DrawingTask {
    std::int64_t project_id;
    unsigned drawing_area_id;
    std::string area_name;
};

struct SyncState {
    std::string token;
    std::int64_t company_id = 0;
    std::map<std::int64_t, std::int64_t> latest_revision;  // drawing id -> revision id
    int downloaded = 0;
};

static const Environment& pick_env(const std::string& name) {
    for (const auto& e : kEnvironments)
        if (name == e.name) return e;
    return kEnvironments[0];
}

static void prepare_oauth(http::request<http::string_body>& req, const Environment& env,
                          const std::string& form) {
    req.method(http::verb::post);
    req.target("/oauth/token");
    req.set(http::field::host, env.login_host);
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = form;
    req.prepare_payload();
}

static void prepare_authed(http::request<http::string_body>& req, const Environment& env,
                           const std::string& target, const std::string& token) {
    req.method(http::verb::get);
    req.target(target);
    req.set(http::field::host, env.api_host);
    req.set(http::field::authorization, "Bearer " + token);
    req.set(http::field::accept, "application/json");
}

static void prepare_api(http::request<http::string_body>& req, const Environment& env,
                        const std::string& target, const std::string& token,
                        std::int64_t company_id) {
    prepare_authed(req, env, target, token);
    req.set("Procore-Company-Id", std::to_string(company_id));
}

// Connects to `host`, sends `req`, returns the response. Used for every call.
static http::response<http::string_body> exchange(asio::yield_context yield,
                                                  asio::io_context& ioc, ssl::context& ctx,
                                                  const std::string& host,
                                                  http::request<http::string_body>& req) {
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    ssl::stream<tcp::socket> stream(ioc, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
        throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                    asio::error::get_ssl_category()));
    auto results = resolver.async_resolve(host, "https", yield[ec]);
    if (ec) throw beast::system_error(ec);
    asio::async_connect(stream.next_layer(), results, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_handshake(ssl::stream_base::client, yield[ec]);
    if (ec) throw beast::system_error(ec);

    req.version(11);
    http::async_write(stream, req, yield[ec]);
    if (ec) throw beast::system_error(ec);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::async_read(stream, buf, res, yield[ec]);
    if (ec) throw beast::system_error(ec);
    stream.async_shutdown(yield[ec]);
    return res;
}

static std::string login(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                         const Environment& env) {
    http::request<http::string_body> req;
    std::string form = "grant_type=refresh_token&client_id=" +
                       std::string(std::getenv("PROCORE_CLIENT_ID")) + "&client_secret=" +
                       std::getenv("PROCORE_CLIENT_SECRET") + "&refresh_token=" +
                       std::getenv("PROCORE_REFRESH_TOKEN");
    prepare_oauth(req, env, form);
    auto res = exchange(yield, ioc, ctx, env.login_host, req);
    return json::parse(res.body()).at("access_token").get<std::string>();
}

static void whoami(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                   const Environment& env, const SyncState& st) {
    http::request<http::string_body> req;
    prepare_authed(req, env, "/rest/v1.0/me", st.token);
    auto res = exchange(yield, ioc, ctx, env.api_host, req);
    auto me = json::parse(res.body());
    std::cout << "syncing as " << me.value("login", "?") << " (user "
              << me.at("id").get<std::int64_t>() << ")\n";
}

static std::vector<DrawingTask> list_areas(asio::yield_context yield, asio::io_context& ioc,
                                           ssl::context& ctx, const Environment& env,
                                           const SyncState& st, std::int64_t project_id) {
    http::request<http::string_body> req;
    prepare_authed(req, env, "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas",
                   st.token);
    auto res = exchange(yield, ioc, ctx, env.api_host, req);
    std::vector<DrawingTask> tasks;
    for (const auto& area : json::parse(res.body())) {
        DrawingTask t;
        t.project_id = project_id;
        t.drawing_area_id = area.at("id").get<std::int64_t>();
        t.area_name = area.value("name", "unnamed");
        tasks.push_back(t);
    }
    return tasks;
}

static void sync_area(asio::yield_context yield, asio::io_context& ioc, ssl::context& ctx,
                      const Environment& env, SyncState& st, DrawingTask task) {
    http::request<http::string_body> req;
    std::string target = "/rest/v1.0/projects/" + std::to_string(task.project_id) +
                         "/drawing_revisions?filters[drawing_area_id]=" +
                         std::to_string(task.drawing_area_id) + "&filters[current]=true";
    prepare_api(req, env, target, st.token, st.company_id);
    auto res = exchange(yield, ioc, ctx, env.api_host, req);
    if (res.result() != http::status::ok) {
        std::cerr << task.area_name << ": HTTP " << res.result_int() << "\n";
        return;
    }
    for (const auto& rev : json::parse(res.body())) {
        std::int64_t drawing_id = rev.at("drawing_id").get<std::int64_t>();
        std::int64_t revision_id = rev.value("id", std::int64_t{0});
        if (st.latest_revision[drawing_id] == revision_id) continue;
        st.latest_revision[drawing_id] = revision_id;
        // pdf_url is a presigned link on storage.procore.com; no auth headers needed.
        std::string pdf_url = rev.value("pdf_url", "");
        std::ofstream("/srv/planroom/queue.txt", std::ios::app)
            << task.area_name << "\t" << revision_id << "\t" << pdf_url << "\n";
        ++st.downloaded;
    }
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: drawing_sync <env> <company_id> <project_id>\n";
        return 2;
    }
    const Environment& env = pick_env(argv[1]);
    int company_id = std::stoi(argv[2]);
    std::int64_t project_id = std::stoll(argv[3]);

    asio::io_context ioc;
    ssl::context ctx(ssl::context::tlsv12_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    auto st = std::make_shared<SyncState>();
    st->company_id = company_id;

    asio::spawn(ioc, [&, st](asio::yield_context yield) {
        try {
            st->token = login(yield, ioc, ctx, env);
            whoami(yield, ioc, ctx, env, *st);
            for (auto& task : list_areas(yield, ioc, ctx, env, *st, project_id)) {
                asio::spawn(ioc, [&, st, task](asio::yield_context y) {
                    try {
                        sync_area(y, ioc, ctx, env, *st, task);
                    } catch (const std::exception& e) {
                        std::cerr << task.area_name << ": " << e.what() << "\n";
                    }
                });
            }
        } catch (const std::exception& e) {
            std::cerr << "drawing_sync: " << e.what() << "\n";
        }
    });
    ioc.run();
    std::cout << st->downloaded << " revisions queued\n";
    return 0;
}
