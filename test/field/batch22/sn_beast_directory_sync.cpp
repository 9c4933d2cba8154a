// directory_sync.cpp
//
// Pushes the HR roster into the Procore company directory.  Runs unattended
// from cron as a Developer Managed Service Account (client_credentials).
// The roster table is held in memory (loaded from the nightly HR export),
// diffed against the remote user list, and the result is sent as one batch
// sync call for creates/updates plus per-user deactivations.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct Environment {
    const char* name;
    const char* login_host;
    const char* api_host;
};

static const Environment kEnvironments[] = {
    {"production", "login.procore.com", "app.procore.com"},
    {"sandbox", "login-sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

struct Employee {
    std::string employee_no;
    std::string email;
    std::string first_name;
    std::string last_name;
    std::string job_title;
    std::optional<int64_t> procore_user_id;
};

struct RemoteUser {
    int64_t id = 0;
    std::string email;
    std::string job_title;
    bool is_active = true;
    std::optional<std::string> employee_id;
};

class HttpsClient {
public:
    HttpsClient() : ctx_(ssl::context::tlsv12_client) { ctx_.set_default_verify_paths(); }

    Response send(const std::string& host, Request req) {
        tcp::resolver resolver(ioc_);
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, host);
        req.set(http::field::user_agent, "directory-sync/2.3");
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buf;
        Response res;
        http::read(stream, buf, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }

private:
    net::io_context ioc_;
    ssl::context ctx_;
};

static std::string fetch_token(HttpsClient& client, const Environment& env) {
    Request req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = std::string("grant_type=client_credentials&client_id=") +
                 std::getenv("PROCORE_CLIENT_ID") + "&client_secret=" +
                 std::getenv("PROCORE_CLIENT_SECRET");
    Response res = client.send(env.login_host, std::move(req));
    if (res.result() != http::status::ok)
        throw std::runtime_error("token request failed: " + res.body());
    return json::parse(res.body()).at("access_token").get<std::string>();
}

static json get_json(HttpsClient& client, const std::string& host, const std::string& token,
                     const std::string& target) {
    Request req{http::verb::get, target, 11};
    req.set(http::field::authorization, "Bearer " + token);
    req.set(http::field::accept, "application/json");
    return json::parse(client.send(host, std::move(req)).body());
}

static std::vector<Employee> load_roster(const std::string& path) {
    std::vector<Employee> out;
    std::ifstream in(path);
    json rows = json::parse(in);
    for (const auto& r : rows) {
        Employee e;
        e.employee_no = r.at("employee_no").get<std::string>();
        e.email = r.at("email").get<std::string>();
        e.first_name = r.value("first_name", "");
        e.last_name = r.value("last_name", "");
        e.job_title = r.value("title", "");
        if (r.contains("procore_user_id") && !r["procore_user_id"].is_null())
            e.procore_user_id = r["procore_user_id"].get<int64_t>();
        out.push_back(std::move(e));
    }
    return out;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: directory_sync <production|sandbox|monthly> roster.json\n";
        return 2;
    }
    const Environment* env = nullptr;
    for (const auto& e : kEnvironments)
        if (std::string(argv[1]) == e.name) env = &e;
    if (!env) return 2;

    const int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    const std::string company = std::to_string(company_id);
    HttpsClient client;
    const std::string token = fetch_token(client, *env);

    // Make sure the service account was actually installed in this company.
    json companies = get_json(client, env->api_host, token, "/rest/v1.0/companies");
    bool installed = false;
    for (const auto& c : companies)
        installed = installed || c.at("id").get<int64_t>() == company_id;
    if (!installed) {
        std::cerr << "service account not installed in company " << company << "\n";
        return 1;
    }

    Request proto{http::verb::get, "", 11};
    proto.set(http::field::authorization, "Bearer " + token);
    proto.set(http::field::accept, "application/json");
    proto.set(http::field::content_type, "application/json");
    proto.set("Procore-Company-Id", company);

    // Remote snapshot, paged.
    std::unordered_map<int, RemoteUser> remote_by_id;
    std::unordered_map<std::string, int64_t> id_by_email;
    for (int page = 1;; ++page) {
        Request req = proto;
        req.target("/rest/v1.0/companies/" + company + "/users?page=" + std::to_string(page) +
                   "&per_page=100");
        Response res = client.send(env->api_host, req);
        json batch = json::parse(res.body());
        for (const auto& u : batch) {
            RemoteUser ru;
            ru.id = u.at("id").get<int64_t>();
            ru.email = u.value("email_address", "");
            ru.job_title = u.value("job_title", "");
            ru.is_active = u.value("is_active", true);
            if (u.contains("employee_id") && u["employee_id"].is_string())
                ru.employee_id = u["employee_id"].get<std::string>();
            id_by_email[ru.email] = ru.id;
            remote_by_id[ru.id] = ru;
        }
        if (batch.size() < 100) break;
    }

    // Diff: creates and title changes go into one sync payload.
    std::vector<Employee> roster = load_roster(argv[2]);
    json updates = json::array();
    std::unordered_map<std::string, bool> seen;
    for (auto& e : roster) {
        if (!e.procore_user_id && id_by_email.count(e.email))
            e.procore_user_id = id_by_email[e.email];
        seen[e.email] = true;
        json u = {{"email_address", e.email}, {"first_name", e.first_name},
                  {"last_name", e.last_name}, {"job_title", e.job_title},
                  {"employee_id", e.employee_no}, {"is_employee", true}};
        if (e.procore_user_id) {
            const RemoteUser& r = remote_by_id[*e.procore_user_id];
            if (r.job_title == e.job_title && r.is_active) continue;
            u["id"] = *e.procore_user_id;
            u["is_active"] = true;
        }
        updates.push_back(u);
    }

    if (!updates.empty()) {
        Request sync = proto;
        sync.method(http::verb::patch);
        sync.target("/rest/v1.0/companies/" + company + "/users/sync");
        sync.body() = json{{"updates", updates}}.dump();
        Response res = client.send(env->api_host, sync);
        json result = json::parse(res.body());
        for (const auto& entry : result.value("entities", json::array())) {
            int created_id = entry["id"].get<int>();
            std::cout << "synced user " << created_id << "\n";
        }
        for (const auto& err : result.value("errors", json::array()))
            std::cerr << "sync error: " << err.dump() << "\n";
    }

    // Deactivate anyone who carries an employee number but left the roster.
    int deactivated = 0;
    for (const auto& [id, r] : remote_by_id) {
        if (!r.is_active || !r.employee_id || seen.count(r.email)) continue;
        Request req = proto;
        req.method(http::verb::patch);
        req.target("/rest/v1.0/companies/" + company + "/users/" + std::to_string(id));
        req.body() = R"({"user":{"is_active":false}})";
        Response res = client.send(env->api_host, req);
        if (res.result_int() < 300) ++deactivated;
    }

    std::cout << deactivated << " users deactivated; directory: https://app.procore.com/"
              << company << "/company/directory/users\n";
    return 0;
}
