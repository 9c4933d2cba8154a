// submittal_watch.cpp - hourly cron: finds overdue submittals in one project
// and posts a digest to the site team's Mattermost channel.
// Build: g++ -std=c++17 submittal_watch.cpp -lssl -lcrypto -pthread
#if !defined(USE_QT) && !defined(USE_CURL)
#define USE_BEAST 1
#endif

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#if defined(USE_QT)
#include <QtNetwork/QNetworkAccessManager>
#elif defined(USE_CURL)
#include <curl/curl.h>
#else  // Boost.Beast (default backend)
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#endif

#include <nlohmann/json.hpp>

#ifdef _WIN32
#define SW_SNPRINTF _snprintf
#define SW_TMP_DIR "C:\\ProgramData\\submittal-watch"
#else
#define SW_SNPRINTF snprintf
#define SW_TMP_DIR "/var/tmp/submittal-watch"
#endif

#define SW_LOG(msg) (std::clog << __FILE__ << ':' << __LINE__ << ' ' << msg << '\n')

#define SW_LOGIN_HOST_DEFAULT  "login.procore.com"
#define SW_API_HOST_DEFAULT    "api.procore.com"
#define SW_LEGACY_HOST_DEFAULT "app.procore.com"
#define SW_CHAT_HOST_DEFAULT   "chat.corp.example.com"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

static std::string env_or(const char* k, const char* def) {
    const char* v = std::getenv(k);
    return (v && *v) ? v : def;
}

struct NetResponse {
    unsigned status = 0;
    std::string body;
};

class PlatformHttp {
public:
    PlatformHttp() : ctx_(ssl::context::tls_client) {
        ctx_.set_default_verify_paths();
        ctx_.set_verify_mode(ssl::verify_peer);
    }

    NetResponse send(const std::string& host, http::request<http::string_body>& req, const char* port = "443") {
        tcp::resolver resolver(ioc_);
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
            throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                        net::error::get_ssl_category()));
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, port));
        stream.handshake(ssl::stream_base::client);

        req.set(http::field::host, host);
        req.set(http::field::user_agent, "submittal-watch/2.3 " BOOST_BEAST_VERSION_STRING);
        req.prepare_payload();
        http::write(stream, req);

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);  // procore closes without close_notify half the time
        return {res.result_int(), res.body()};
    }

private:
    net::io_context ioc_;
    ssl::context ctx_;
};

struct Submittal {
    std::int64_t id = 0;
    std::string title;
    std::string due_date;     // YYYY-MM-DD
    unsigned approver_id = 0;
};

class SubmittalWatch {
public:
    SubmittalWatch(std::int64_t company_id, std::int64_t project_id)
        : company_id_(company_id), project_id_(project_id),
          login_host_(env_or("PROCORE_LOGIN_HOST", SW_LOGIN_HOST_DEFAULT)),
          api_host_(env_or("PROCORE_API_HOST", SW_API_HOST_DEFAULT)),
          legacy_host_(env_or("PROCORE_LEGACY_HOST", SW_LEGACY_HOST_DEFAULT)) {}

    bool login() {
        http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = "grant_type=refresh_token&client_id=" + env_or("PROCORE_CLIENT_ID", "") +
                     "&client_secret=" + env_or("PROCORE_CLIENT_SECRET", "") +
                     "&refresh_token=" + env_or("PROCORE_REFRESH_TOKEN", "");
        NetResponse r = http_.send(login_host_, req);
        if (r.status != 200) return false;
        token_ = json::parse(r.body).value("access_token", "");
        return !token_.empty();
    }

    std::string whoami() {
        http::request<http::string_body> req{http::verb::get, "/rest/v1.0/me", 11};
        req.set(http::field::authorization, "Bearer " + token_);
        NetResponse r = http_.send(api_host_, req);
        return r.status == 200 ? json::parse(r.body).value("login", "") : "";
    }

    json api_get(const std::string& host, const std::string& target) {
        http::request<http::string_body> req{http::verb::get, target, 11};
        req.set(http::field::authorization, "Bearer " + token_);
        req.set("Procore-Company-Id", std::to_string(company_id_));
        NetResponse r = http_.send(host, req);
        if (r.status != 200) {
            SW_LOG("GET " << target << " -> " << r.status);
            return json::array();
        }
        return json::parse(r.body);
    }

    std::vector<Submittal> open_submittals() {
        std::vector<Submittal> out;
        json list = api_get(api_host_, "/rest/v1.0/projects/" + std::to_string(project_id_) +
                                           "/submittals?filters[status_id]=1&per_page=200");
        for (const auto& j : list) {
            Submittal s;
            s.id = j.at("id").get<std::int64_t>();
            s.title = j.value("title", "");
            s.due_date = j.value("due_date", "");
            if (j.contains("approver") && j["approver"].is_object())
                s.approver_id = j["approver"].at("id").get<std::int64_t>();
            out.push_back(s);
        }
        return out;
    }

    // the submittal log export is still only on the legacy endpoint
    std::size_t log_row_count() {
        return api_get(legacy_host_, "/vapid/projects/" + std::to_string(project_id_) + "/submittal_log").size();
    }

    std::string reviewer_note(std::int64_t submittal_id) {
        http::request<http::string_body> req{
            http::verb::get,
            "/rest/v1.0/projects/" + std::to_string(project_id_) + "/submittals/" + std::to_string(submittal_id), 11};
        req.set(http::field::authorization, "Bearer " + token_);
        NetResponse r = http_.send(api_host_, req);
        if (r.status != 200) return "";
        return json::parse(r.body).value("description", "");
    }

    void post_digest(const std::string& text) {
        http::request<http::string_body> req{http::verb::post, env_or("SW_CHAT_HOOK_PATH", "/hooks/submittals"), 11};
        req.set(http::field::content_type, "application/json");
        req.body() = json{{"text", text}}.dump();
        const std::string port = env_or("SW_CHAT_PORT", "443");
        NetResponse r = http_.send(env_or("SW_CHAT_HOST", SW_CHAT_HOST_DEFAULT), req, port.c_str());
        if (r.status >= 300) SW_LOG("chat webhook -> " << r.status);
    }

private:
    PlatformHttp http_;
    std::int64_t company_id_;
    std::int64_t project_id_;
    std::string login_host_, api_host_, legacy_host_, token_;
};

int main() {
    const std::int64_t company_id = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));
    const int project_id = std::stoi(env_or("PROCORE_PROJECT_ID", "0"));
    char today[11];
    std::time_t now = std::time(nullptr);
    std::strftime(today, sizeof today, "%Y-%m-%d", std::localtime(&now));

    try {
        SubmittalWatch w(company_id, project_id);
        if (!w.login()) {
            SW_LOG("token refresh failed; see " SW_TMP_DIR);
            return 1;
        }
        SW_LOG("running as " << w.whoami());

        int overdue = 0;
        std::ostringstream digest;
        for (const Submittal& s : w.open_submittals()) {
            if (s.due_date.empty() || s.due_date >= today) continue;
            ++overdue;
            digest << "- #" << s.id << " " << s.title << " (due " << s.due_date << ", approver " << s.approver_id
                   << ")\n  " << w.reviewer_note(s.id).substr(0, 120) << '\n';
        }
        digest << "Project https://app.procore.com/" << project_id << "/project/submittal_logs ("
               << w.log_row_count() << " rows in log)";
        if (overdue > 0) w.post_digest(std::to_string(overdue) + " overdue submittals\n" + digest.str());
    } catch (const std::exception& e) {
        SW_LOG("fatal: " << e.what());
        return 1;
    }
    return 0;
}
