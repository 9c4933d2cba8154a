// plugins/revit-submittals/submittal_bot.cpp
//
// Back end of the Revit submittal panel: pulls submittals for the open model's
// project, flags overdue ones and registers a webhook. Synchronous Boost.Beast
// over TLS; zone differences are a compile-time policy.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace subbot {

using CompanyId = std::int64_t;
using ProjectId = std::int64_t;
using SubmittalId = std::int64_t;

struct UsZone {
    static constexpr const char* login_host = "login.procore.com";
    static constexpr const char* api_host = "api.procore.com";
};
struct Us02Zone {
    static constexpr const char* login_host = "login.procore.com";
    static constexpr const char* api_host = "us02.procore.com";
};

struct Submittal {
    SubmittalId id = 0;
    std::string title;
    std::string due_date;
    int revision = 0;
    std::optional<unsigned> ball_in_court_id;
};

using SubmittalIndex = std::map<std::uint32_t, Submittal>;

struct Reply {
    unsigned status;
    std::string body;
};

template <class Name>
using Field = std::pair<Name, std::string>;

template <class Req, class... Fields>
void set_fields(Req& req, Fields&&... fields) {
    (req.set(fields.first, fields.second), ...);
}

class TlsConnection {
  public:
    TlsConnection(net::io_context& ioc, ssl::context& ctx, std::string host)
        : host_(std::move(host)), resolver_(ioc), stream_(ioc, ctx) {}

    template <http::verb Verb, class... Fields>
    std::optional<Reply> send(std::string_view target, std::string body, Fields&&... fields) {
        beast::error_code ec;
        if (!connected_) {
            SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str());
            const unsigned short port = 443;
            auto results = resolver_.resolve(host_, std::to_string(port), ec);
            if (ec) return std::nullopt;
            beast::get_lowest_layer(stream_).connect(results, ec);
            if (ec) return std::nullopt;
            stream_.handshake(ssl::stream_base::client, ec);
            if (ec) return std::nullopt;
            connected_ = true;
        }
        const int version = 11;
        http::request<http::string_body> req{Verb, std::string(target), version};
        req.set(http::field::host, host_);
        req.set(http::field::user_agent, "revit-submittals/2.3");
        set_fields(req, std::forward<Fields>(fields)...);
        if constexpr (Verb == http::verb::post || Verb == http::verb::patch) {
            req.body() = std::move(body);
            req.prepare_payload();
        }
        http::write(stream_, req, ec);
        if (ec) return std::nullopt;
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream_, buffer, res, ec);
        if (ec) return std::nullopt;
        return Reply{res.result_int(), res.body()};
    }

  private:
    std::string host_;
    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    bool connected_ = false;
};

template <class Zone>
class SubmittalBot {
  public:
    SubmittalBot(net::io_context& ioc, ssl::context& ctx, CompanyId company)
        : login_(ioc, ctx, Zone::login_host), api_(ioc, ctx, Zone::api_host), company_(company) {}

    bool refresh(const std::string& client_id, const std::string& secret, const std::string& refresh_token) {
        const std::string form = "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + secret +
                                 "&refresh_token=" + refresh_token;
        auto r = login_.send<http::verb::post>("/oauth/token", form,
                                               Field<http::field>{http::field::content_type,
                                                                  "application/x-www-form-urlencoded"});
        if (!r || r->status != 200) return false;
        token_ = json::parse(r->body).at("access_token").get<std::string>();
        return true;
    }

    std::optional<json> get_json(const std::string& target) {
        auto r = api_.send<http::verb::get>(target, {}, bearer(), company_field());
        if (!r || r->status != 200) return std::nullopt;
        return json::parse(r->body);
    }

    bool company_visible() {
        auto r = api_.send<http::verb::get>("/rest/v1.0/companies", {}, bearer());
        if (!r || r->status != 200) return false;
        for (const json& c : json::parse(r->body))
            if (c.at("id").get<CompanyId>() == company_) return true;
        return false;
    }

    std::optional<json> company_users() {
        char target[96];
        std::snprintf(target, sizeof target, "/rest/v1.0/companies/%d/users", static_cast<int>(company_));
        auto r = api_.send<http::verb::get>(target, {}, bearer(), Field<std::string>{"Accept", "application/json"});
        if (!r || r->status != 200) return std::nullopt;
        return json::parse(r->body);
    }

    SubmittalIndex submittals(ProjectId project) {
        SubmittalIndex by_id;
        auto list = get_json("/rest/v1.1/projects/" + std::to_string(project) + "/submittals");
        if (!list) return by_id;
        for (const json& s : *list) {
            Submittal sub;
            sub.id = s.at("id").get<SubmittalId>();
            sub.title = s.value("title", "");
            sub.due_date = s.value("due_date", "");
            sub.revision = s.value("revision", 0);
            if (s.contains("ball_in_court") && !s["ball_in_court"].empty())
                sub.ball_in_court_id = s["ball_in_court"][0].at("id").get<unsigned>();
            by_id.emplace(sub.id, sub);
        }
        return by_id;
    }

    bool flag_overdue(ProjectId project, SubmittalId id) {
        json body = {{"submittal", {{"private", false}, {"description", "Flagged overdue from Revit"}}}};
        auto r = api_.send<http::verb::patch>(
            "/rest/v1.1/projects/" + std::to_string(project) + "/submittals/" + std::to_string(id), body.dump(),
            bearer(), company_field(), Field<http::field>{http::field::content_type, "application/json"});
        return r && r->status == 200;
    }

    bool register_webhook(ProjectId project, const std::string& destination) {
        json body = {{"hook", {{"api_version", "v2"}, {"destination_url", destination}, {"namespace", "acme-revit"}}}};
        auto r = api_.send<http::verb::post>("/rest/v1.0/webhooks/hooks?project_id=" + std::to_string(project),
                                             body.dump(), bearer(), company_field(),
                                             Field<http::field>{http::field::content_type, "application/json"});
        return r && (r->status == 200 || r->status == 201);
    }

  private:
    Field<http::field> bearer() const { return {http::field::authorization, "Bearer " + token_}; }
    Field<std::string> company_field() const { return {"Procore-Company-ID", std::to_string(company_)}; }

    TlsConnection login_;
    TlsConnection api_;
    CompanyId company_;
    std::string token_;
};

} // namespace subbot

int main(int argc, char** argv) {
    using namespace subbot;
    if (argc < 6) {
        std::cerr << "usage: submittal-bot <client-id> <secret> <refresh-token> <company> <project> [--us02]\n";
        return 2;
    }
    net::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};
    ctx.set_default_verify_paths();

    const CompanyId company = std::stoll(argv[4]);
    const ProjectId project = std::stoll(argv[5]);
    SubmittalBot<UsZone> bot(ioc, ctx, company);
    SubmittalBot<Us02Zone> bot02(ioc, ctx, company);
    const bool zone02 = argc > 6 && std::string(argv[6]) == "--us02";

    auto run = [&](auto& b) {
        if (!b.refresh(argv[1], argv[2], argv[3]) || !b.company_visible()) return 1;
        auto users = b.company_users();
        std::cout << "company users: " << (users ? users->size() : 0) << "\n";
        int overdue = 0;
        for (const auto& [id, sub] : b.submittals(project)) {
            if (!sub.due_date.empty() && sub.due_date < "2024-06-01" && b.flag_overdue(project, id)) ++overdue;
        }
        b.register_webhook(project, "https://hooks.acme-build.example/procore/submittals");
        std::cout << overdue << " overdue submittals; review at https://app.procore.com/" << company
                  << "/project/home?project_id=" << project << "\n";
        return 0;
    };
    return zone02 ? run(bot02) : run(bot);
}
