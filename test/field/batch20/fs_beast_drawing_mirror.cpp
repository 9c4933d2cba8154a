// drawing-mirrord: keeps a JSON index of every drawing in every active project
// so the plotter room can look sheets up without a Procore login.
// Event-driven: each state does one request and posts an event; a transition
// table decides where to go next.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using json = nlohmann::json;

struct Environment {
    const char* name;
    const char* login_host;
    const char* api_host;
};

constexpr Environment kEnvironments[] = {
    {"production", "login.procore.com", "api.procore.com"},
    {"sandbox", "sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "api-monthly.procore.com"},
};

enum class State { Authenticate, ListCompanies, ListProjects, ListAreas, ListDrawings, Backoff, Done, Failed };
enum class Event { Start, TokenOk, CompaniesOk, ProjectsOk, AreasOk, NextArea, AreasDone, Throttled, Retry, Fatal };

const std::map<std::pair<State, Event>, State> kTransitions = {
    {{State::Authenticate, Event::Start}, State::Authenticate},
    {{State::Authenticate, Event::TokenOk}, State::ListCompanies},
    {{State::ListCompanies, Event::CompaniesOk}, State::ListProjects},
    {{State::ListProjects, Event::ProjectsOk}, State::ListAreas},
    {{State::ListAreas, Event::AreasOk}, State::ListDrawings},
    {{State::ListDrawings, Event::NextArea}, State::ListDrawings},
    {{State::ListDrawings, Event::AreasDone}, State::ListAreas},
    {{State::ListAreas, Event::AreasDone}, State::Done},
};

class DrawingMirror {
public:
    DrawingMirror(const Environment& env, std::string refresh_token, std::string client_id,
                  std::string client_secret, std::string out_dir)
        : env_(env), refresh_token_(std::move(refresh_token)), client_id_(std::move(client_id)),
          client_secret_(std::move(client_secret)), out_dir_(std::move(out_dir)) {
        ssl_.set_default_verify_paths();
        ssl_.set_verify_mode(ssl::verify_peer);
    }

    bool run() {
        events_.push_back(Event::Start);
        while (!events_.empty() && state_ != State::Done && state_ != State::Failed) {
            Event ev = events_.front();
            events_.pop_front();
            dispatch(ev);
        }
        return state_ == State::Done;
    }

private:
    void dispatch(Event ev) {
        if (ev == Event::Fatal) { state_ = State::Failed; return; }
        if (ev == Event::Throttled) { resume_ = state_; state_ = State::Backoff; }
        else if (ev == Event::Retry) { state_ = resume_; }
        else {
            auto it = kTransitions.find({state_, ev});
            if (it == kTransitions.end()) { state_ = State::Failed; return; }
            state_ = it->second;
        }
        step();
    }

    void post(const http::response<http::string_body>& res, Event ok) {
        if (res.result_int() == 429 || res.result_int() >= 500) events_.push_back(Event::Throttled);
        else if (res.result_int() >= 400) {
            std::cerr << "HTTP " << res.result_int() << ": " << res.body() << "\n";
            events_.push_back(Event::Fatal);
        } else events_.push_back(ok);
    }

    void step() {
        switch (state_) {
        case State::Authenticate: {
            http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
            req.set(http::field::content_type, "application/json");
            req.body() = json{{"grant_type", "refresh_token"}, {"refresh_token", refresh_token_},
                              {"client_id", client_id_}, {"client_secret", client_secret_}}.dump();
            auto res = transact(env_.login_host, req);
            if (res.result() == http::status::ok) {
                auto tok = json::parse(res.body());
                refresh_token_ = tok.value("refresh_token", refresh_token_);
                base_ = {};
                base_.version(11);
                base_.set(http::field::authorization, "Bearer " + tok.value("access_token", ""));
                base_.set(http::field::user_agent, "drawing-mirrord/2.3");
                base_.set(http::field::accept, "application/json");
            }
            post(res, Event::TokenOk);
            break;
        }
        case State::ListCompanies: {
            auto req = base_;
            req.method(http::verb::get);
            req.target("/rest/v1.0/companies");
            auto res = transact(env_.api_host, req);
            if (res.result() == http::status::ok) {
                for (const auto& c : json::parse(res.body()))
                    if (c.value("is_active", false)) company_id_ = c.at("id").get<std::int64_t>();
                scoped_ = base_;
                scoped_.set("Procore-Company-Id", std::to_string(company_id_));
            }
            post(res, Event::CompaniesOk);
            break;
        }
        case State::ListProjects: {
            auto req = scoped_;
            req.method(http::verb::get);
            req.target("/rest/v1.0/projects?company_id=" + std::to_string(company_id_));
            auto res = transact(env_.api_host, req);
            if (res.result() == http::status::ok)
                for (const auto& p : json::parse(res.body()))
                    pending_projects_.push_back(p.at("id").get<std::int64_t>());
            post(res, Event::ProjectsOk);
            break;
        }
        case State::ListAreas: {
            if (pending_projects_.empty()) { events_.push_back(Event::AreasDone); break; }
            project_id_ = pending_projects_.front();
            pending_projects_.pop_front();
            auto req = scoped_;
            req.method(http::verb::get);
            req.target("/rest/v1.0/projects/" + std::to_string(project_id_) + "/drawing_areas");
            auto res = transact(env_.api_host, req);
            area_ids_.clear();
            if (res.result() == http::status::ok)
                for (const auto& a : json::parse(res.body())) area_ids_.push_back(a.at("id").get<int>());
            post(res, area_ids_.empty() ? Event::AreasDone : Event::AreasOk);
            if (area_ids_.empty()) state_ = State::ListDrawings;  // so AreasDone loops back to ListAreas
            break;
        }
        case State::ListDrawings: {
            if (area_ids_.empty()) { flush_index(); events_.push_back(Event::AreasDone); break; }
            int area_id = area_ids_.back();
            auto req = base_;
            req.method(http::verb::get);
            req.target("/rest/v1.0/drawing_areas/" + std::to_string(area_id) +
                       "/drawings?project_id=" + std::to_string(project_id_));
            auto res = transact(env_.api_host, req);
            if (res.result() == http::status::ok) {
                area_ids_.pop_back();
                for (const auto& d : json::parse(res.body())) index_.push_back(d);
            }
            post(res, Event::NextArea);
            break;
        }
        case State::Backoff: {
            int delay = std::min(60, 2 << retries_++);
            std::cerr << "throttled, sleeping " << delay << "s "
                      << "(https://developers.procore.com/documentation/rate-limiting)\n";
            std::this_thread::sleep_for(std::chrono::seconds(delay));
            events_.push_back(retries_ > 6 ? Event::Fatal : Event::Retry);
            break;
        }
        case State::Done:
        case State::Failed:
            break;
        }
    }

    void flush_index() {
        std::ofstream out(out_dir_ + "/" + std::to_string(project_id_) + ".json");
        json doc{{"project_id", project_id_},
                 {"web", "https://app.procore.com/" + std::to_string(project_id_) + "/project/drawing_log"},
                 {"drawings", index_}};
        out << doc.dump(2);
        index_.clear();
    }

    http::response<http::string_body> transact(const std::string& host, http::request<http::string_body> req) {
        tcp::resolver resolver(ioc_);
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ssl_);
        SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
        beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
        stream.handshake(ssl::stream_base::client);
        req.set(http::field::host, host);
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }

    const Environment& env_;
    std::string refresh_token_, client_id_, client_secret_, out_dir_;
    boost::asio::io_context ioc_;
    ssl::context ssl_{ssl::context::tlsv12_client};
    http::request<http::string_body> base_, scoped_;
    std::deque<Event> events_;
    State state_ = State::Authenticate;
    State resume_ = State::Authenticate;
    int retries_ = 0;
    std::int64_t company_id_ = 0;
    std::int64_t project_id_ = 0;
    std::deque<std::int64_t> pending_projects_;
    std::vector<int> area_ids_;
    json index_ = json::array();
};

int main(int argc, char** argv) {
    const char* env_name = argc > 1 ? argv[1] : "production";
    const Environment* env = nullptr;
    for (const auto& e : kEnvironments)
        if (std::strcmp(e.name, env_name) == 0) env = &e;
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!env || !refresh) {
        std::cerr << "usage: drawing-mirrord [production|sandbox|monthly] (PROCORE_REFRESH_TOKEN set)\n";
        return 2;
    }
    DrawingMirror mirror(*env, refresh, std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
                         std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "",
                         argc > 2 ? argv[2] : "/srv/plotroom/index");
    return mirror.run() ? 0 : 1;
}
