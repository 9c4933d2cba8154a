// oauth_session.cpp - sign-in module of the estimating desktop plugin.
// Runs the authorization-code flow with a loopback redirect, keeps the
// token pair on disk and signs the user out again.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#define PROCORE_TOKEN_PATH "/oauth/token"
#define PROCORE_REVOKE_HOST "https://api.procore.com"

using json = nlohmann::json;

namespace plugin {

class OAuthConfig {
public:
    OAuthConfig& client_id(std::string v) { client_id_ = std::move(v); return *this; }
    OAuthConfig& client_secret(std::string v) { client_secret_ = std::move(v); return *this; }
    OAuthConfig& redirect_port(int port) { port_ = port; return *this; }
    OAuthConfig& sandbox(bool on) { sandbox_ = on; return *this; }

    std::string login_host() const {
        if (sandbox_) return "sandbox.procore.com";
        return "login.procore.com";
    }
    std::string api_host() const {
        if (sandbox_) return "sandbox.procore.com";
        return "api.procore.com";
    }
    std::string redirect_uri() const { return "http://127.0.0.1:" + std::to_string(port_) + "/callback"; }

    const std::string& id() const { return client_id_; }
    const std::string& secret() const { return client_secret_; }
    int port() const { return port_; }

private:
    std::string client_id_;
    std::string client_secret_;
    int port_ = 53682;
    bool sandbox_ = false;
};

struct TokenSet {
    std::string access_token;
    std::string refresh_token;
    int expires_in = 0;
    long long created_at = 0;
    int64_t user_id = 0;
    std::string login;
};

class Session {
public:
    explicit Session(OAuthConfig cfg) : cfg_(std::move(cfg)) {}

    std::string authorize_url() const {
        return "https://" + cfg_.login_host() + "/oauth/authorize?response_type=code&client_id=" +
               cfg_.id() + "&redirect_uri=" + httplib::detail::encode_query_param(cfg_.redirect_uri());
    }

    // Blocks until the browser hits the loopback redirect, or the timeout passes.
    std::optional<std::string> wait_for_code(int timeout_seconds) {
        std::optional<std::string> code;
        httplib::Server srv;
        srv.Get("/callback", [&](const httplib::Request& req, httplib::Response& res) {
            if (req.has_param("code")) code = req.get_param_value("code");
            res.set_content("You can close this window and return to the estimator.", "text/plain");
            srv.stop();
        });
        std::thread stopper([&srv, timeout_seconds] {
            std::this_thread::sleep_for(std::chrono::seconds(timeout_seconds));
            srv.stop();
        });
        srv.listen("127.0.0.1", cfg_.port());
        stopper.detach();
        return code;
    }

    bool exchange(const std::string& code) {
        return token_request({{"grant_type", "authorization_code"}, {"code", code},
                              {"redirect_uri", cfg_.redirect_uri()}});
    }

    bool refresh() {
        return token_request({{"grant_type", "refresh_token"}, {"refresh_token", tokens_.refresh_token}});
    }

    bool token_still_valid() {
        httplib::Client cli("https://" + cfg_.login_host());
        auto res = cli.Get("/oauth/token/info", {{"Authorization", "Bearer " + tokens_.access_token}});
        return res && res->status == 200;
    }

    void load_profile() {
        httplib::Client api("https://" + cfg_.api_host());
        api.set_bearer_token_auth(tokens_.access_token);
        auto res = api.Get("/rest/v1.0/me");
        if (!res || res->status != 200) return;
        auto me = json::parse(res->body);
        tokens_.user_id = me.at("id").get<int>();
        tokens_.login = me.value("login", "");
    }

    void sign_out() {
        httplib::Client cli(PROCORE_REVOKE_HOST);
        httplib::Params form{{"client_id", cfg_.id()}, {"client_secret", cfg_.secret()},
                             {"token", tokens_.access_token}};
        cli.Post("/oauth/revoke", form);
        tokens_ = TokenSet{};
    }

    void save(const std::string& file) const {
        json j{{"access_token", tokens_.access_token}, {"refresh_token", tokens_.refresh_token},
               {"expires_in", tokens_.expires_in}, {"created_at", tokens_.created_at},
               {"user_id", tokens_.user_id}, {"login", tokens_.login}};
        std::ofstream(file) << j.dump(2);
    }

    const TokenSet& tokens() const { return tokens_; }

private:
    bool token_request(httplib::Params form) {
        form.emplace("client_id", cfg_.id());
        form.emplace("client_secret", cfg_.secret());
        httplib::Client cli("https://" + cfg_.login_host());
        auto res = cli.Post(PROCORE_TOKEN_PATH, form);
        if (!res || res->status != 200) {
            std::cerr << "token endpoint answered " << (res ? res->status : 0) << "\n";
            return false;
        }
        auto body = json::parse(res->body);
        tokens_.access_token = body.at("access_token").get<std::string>();
        tokens_.refresh_token = body.value("refresh_token", "");
        tokens_.expires_in = body.value("expires_in", 0);
        tokens_.created_at = body.value("created_at", 0LL);
        return true;
    }

    OAuthConfig cfg_;
    TokenSet tokens_;
};

}  // namespace plugin

int main(int argc, char** argv) {
    const bool sandbox = argc > 1 && std::string(argv[1]) == "--sandbox";
    const char* secret = std::getenv("ESTIMATOR_OAUTH_SECRET");
    plugin::Session session(plugin::OAuthConfig()
                                .client_id("3f1c0a9e2b7d4c55")
                                .client_secret(secret ? secret : "")
                                .redirect_port(53682)
                                .sandbox(sandbox));

    std::cout << "Open this link to sign in:\n  " << session.authorize_url() << "\n";
    auto code = session.wait_for_code(300);
    if (!code || !session.exchange(*code)) {
        std::cerr << "sign-in did not complete\n";
        return 1;
    }
    session.load_profile();
    session.save("procore_session.json");
    std::cout << "signed in as " << session.tokens().login << "\n";

    if (!session.token_still_valid() && !session.refresh()) return 1;
    if (argc > 2 && std::string(argv[2]) == "--sign-out") session.sign_out();
    return 0;
}
