// punch.cpp -- field CLI for punch items against the developer sandbox.
//
//   punch companies
//   punch list   <project-id>
//   punch close  <project-id> <punch-item-id>
//   punch assign <project-id> <punch-item-id> <user-id>
//   punch logout
//   punch bug    "<title>"          (files an issue on our tools repo)
//
// Credentials and the company id live in ~/.punchrc (JSON), written by
// `punch login` in the companion script.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>

using json = nlohmann::json;

namespace pc {

// A call under construction: url / segment / segment, then << H{} << P{}.
struct Call {
    cpr::Url url;
    cpr::Header headers;
    cpr::Parameters params;
    std::string body;
};

inline Call operator/(Call c, const std::string& seg) {
    c.url = cpr::Url{c.url.str() + "/" + seg};
    return c;
}
inline Call operator/(Call c, std::int64_t id) { return std::move(c) / std::to_string(id); }

struct H {
    std::string k, v;
};
struct P {
    std::string k, v;
};
inline Call& operator<<(Call& c, const H& h) {
    c.headers[h.k] = h.v;
    return c;
}
inline Call& operator<<(Call& c, const P& p) {
    c.params.Add({p.k, p.v});
    return c;
}
inline Call& operator<<(Call& c, const json& j) {
    c.body = j.dump();
    c.headers["Content-Type"] = "application/json";
    return c;
}

// Returns a copy of the call carrying the company header.
inline Call with_company(Call c, std::int64_t company) {
    c << H{"Procore-Company-Id", std::to_string(company)};
    return c;
}

inline Call login_root() { return Call{cpr::Url{"https://login-sandbox.procore.com"}, {}, {}, {}}; }
inline Call api_root() { return Call{cpr::Url{"https://sandbox.procore.com"}, {}, {}, {}}; }
inline Call rest() { return api_root() / "rest" / "v1.0"; }

class Send {
  public:
    explicit Send(std::string token) : token_(std::move(token)) {}
    cpr::Response get(const Call& c) const { return cpr::Get(c.url, c.headers, c.params, cpr::Bearer{token_}); }
    cpr::Response post(const Call& c) const {
        return cpr::Post(c.url, c.headers, cpr::Body{c.body}, cpr::Bearer{token_});
    }
    cpr::Response patch(const Call& c) const {
        cpr::Session s;
        s.SetUrl(c.url);
        s.SetHeader(c.headers);
        s.SetBody(cpr::Body{c.body});
        s.SetBearer(cpr::Bearer{token_});
        return s.Patch();
    }

  private:
    std::string token_;
};

class PunchItemId {
  public:
    using Rep = std::int32_t;
    explicit PunchItemId(Rep v) : v_(v) {}
    Rep value() const { return v_; }

  private:
    Rep v_;
};

}  // namespace pc

using namespace pc;

struct Config {
    std::string client_id, client_secret, refresh_token, github_token;
    std::int64_t company_id = 0;
};

static Config load_config() {
    const char* home = std::getenv("HOME");
    std::ifstream in(std::string(home ? home : ".") + "/.punchrc");
    json j = json::parse(in, nullptr, false);
    Config c;
    if (j.is_discarded()) return c;
    c.client_id = j.value("client_id", "");
    c.client_secret = j.value("client_secret", "");
    c.refresh_token = j.value("refresh_token", "");
    c.github_token = j.value("github_token", "");
    c.company_id = j.value("company_id", std::int64_t{0});
    return c;
}

static std::string access_token(const Config& cfg) {
    const cpr::Response r = cpr::Post(cpr::Url{(login_root() / "oauth" / "token").url},
                                      cpr::Payload{{"grant_type", "refresh_token"},
                                                   {"client_id", cfg.client_id},
                                                   {"client_secret", cfg.client_secret},
                                                   {"refresh_token", cfg.refresh_token}});
    if (r.status_code != 200) return "";
    return json::parse(r.text).value("access_token", "");
}

static int cmd_companies(const Send& send) {
    const cpr::Response r = send.get(rest() / "companies");
    for (const auto& c : json::parse(r.text))
        std::cout << c.at("id").get<std::int64_t>() << "  " << c.value("name", "") << "\n";
    return r.status_code == 200 ? 0 : 1;
}

static int cmd_list(const Send& send, const Config& cfg, std::int64_t project) {
    Call c = with_company(rest() / "projects" / project / "punch_items", cfg.company_id);
    c << P{"filters[status]", "open"} << P{"per_page", "200"};
    const cpr::Response r = send.get(c);
    if (r.status_code != 200) {
        std::cerr << "HTTP " << r.status_code << ": " << r.text << "\n";
        return 1;
    }
    int shown = 0;
    for (const auto& item : json::parse(r.text)) {
        std::cout << item.at("id").get<std::int64_t>() << "  " << item.value("name", "") << "\n";
        ++shown;
    }
    std::cout << shown << " open items\n";
    return 0;
}

static int cmd_close(const Send& send, const Config& cfg, std::int64_t project, PunchItemId item) {
    Call c = rest() / "projects" / project / "punch_items" / item.value();
    with_company(c, cfg.company_id);
    c << json{{"punch_item", {{"workflow_status", "closed"}}}};
    const cpr::Response r = send.patch(c);
    std::cout << (r.status_code == 200 ? "closed" : "failed: " + r.text) << "\n";
    return r.status_code == 200 ? 0 : 1;
}

static int cmd_assign(const Send& send, const Config& cfg, std::int64_t project, PunchItemId item,
                      int assignee) {
    Call c = with_company(rest() / "projects" / project / "punch_items" / item.value(), cfg.company_id);
    c << json{{"punch_item", {{"punch_item_manager_id", assignee}}}};
    const cpr::Response r = send.patch(c);
    if (r.status_code != 200) return 1;
    std::cout << "assigned; https://app.procore.com/" << project << "/project/punch_list/"
              << item.value() << "\n";
    return 0;
}

static int cmd_logout(const Send& send, const Config& cfg) {
    Call c = api_root() / "oauth" / "revoke";
    c << json{{"client_id", cfg.client_id}, {"client_secret", cfg.client_secret},
              {"token", cfg.refresh_token}};
    return send.post(c).status_code == 200 ? 0 : 1;
}

static int cmd_bug(const Config& cfg, const std::string& title) {
    const Send gh(cfg.github_token);
    Call c{cpr::Url{"https://api.github.com/repos/acme-builders/field-tools/issues"}, {}, {}, {}};
    c << H{"Accept", "application/vnd.github+json"} << json{{"title", title}, {"labels", {"punch-cli"}}};
    const cpr::Response r = gh.post(c);
    if (r.status_code != 201) return 1;
    const int issue_number = json::parse(r.text).value("number", 0);
    std::cout << "filed #" << issue_number << "\n";
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: punch companies|list|close|assign|logout|bug ...\n";
        return 2;
    }
    const std::string cmd = argv[1];
    const Config cfg = load_config();
    if (cmd == "bug" && argc > 2) return cmd_bug(cfg, argv[2]);

    const Send send(access_token(cfg));
    if (cmd == "companies") return cmd_companies(send);
    if (cmd == "logout") return cmd_logout(send, cfg);
    if (argc < 3) return 2;
    const std::int64_t project = std::stoll(argv[2]);
    if (cmd == "list") return cmd_list(send, cfg, project);
    if (argc < 4) return 2;
    const PunchItemId item{static_cast<PunchItemId::Rep>(std::stoll(argv[3]))};
    if (cmd == "close") return cmd_close(send, cfg, project, item);
    if (cmd == "assign" && argc > 4) {
        const int assignee = std::stoi(argv[4]);
        return cmd_assign(send, cfg, project, item, assignee);
    }
    return 2;
}
