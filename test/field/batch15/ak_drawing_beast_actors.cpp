// drawing_sync - pre-release check of the drawing log against the monthly
// sandbox. Every actor runs on its own thread and owns at most one Beast
// SSL stream; messages are unique_ptr<Request> passed by value.
//
//   dispatcher -> AuthActor -> TenancyActor -> TransportActor (API host)
//                     \-> TokenActor (OAuth host)
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <stdexcept>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using json = nlohmann::json;

constexpr char kApiHost[] = "api-monthly.procore.com";
constexpr char kOAuthHost[] = "api-monthly.procore.com";
constexpr char kPort[] = "443";

struct Reply {
    int status = 0;
    std::string body;
};

struct Request {
    http::verb verb = http::verb::get;
    std::string target;
    std::map<std::string, std::string> headers;
    std::string body;
    std::promise<Reply> reply;
};
using RequestPtr = std::unique_ptr<Request>;

class BeastClient {
public:
    explicit BeastClient(std::string host) : host_(std::move(host)), tls_(ssl::context::tlsv12_client) {
        tls_.set_default_verify_paths();
        tls_.set_verify_mode(ssl::verify_peer);
    }
    Reply send(const Request& r) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            try {
                if (!stream_) connect();
                http::request<http::string_body> req{r.verb, r.target, 11};
                req.set(http::field::host, host_);
                req.set(http::field::user_agent, "drawing-sync/2.3");
                for (const auto& [name, value] : r.headers) req.set(name, value);
                if (!r.body.empty()) {
                    req.body() = r.body;
                    req.prepare_payload();
                }
                http::write(*stream_, req);
                beast::flat_buffer buf;
                http::response<http::string_body> res;
                http::read(*stream_, buf, res);
                return {static_cast<int>(res.result_int()), res.body()};
            } catch (const std::exception& ex) {
                std::cerr << host_ << ": " << ex.what() << " (attempt " << attempt + 1 << ")\n";
                stream_.reset();
            }
        }
        return {0, "connection failed"};
    }

private:
    void connect() {
        stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc_, tls_);
        if (!SSL_set_tlsext_host_name(stream_->native_handle(), host_.c_str()))
            throw std::runtime_error("SNI failed");
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(*stream_).connect(resolver.resolve(host_, kPort));
        stream_->handshake(ssl::stream_base::client);
    }
    std::string host_;
    net::io_context ioc_;
    ssl::context tls_;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream_;
};

class Actor {
public:
    virtual ~Actor() = default;
    void start() { thread_ = std::thread([this] { loop(); }); }
    void tell(RequestPtr m) {
        std::lock_guard<std::mutex> g(mu_);
        inbox_.push_back(std::move(m));
        cv_.notify_one();
    }
    void stop() {
        { std::lock_guard<std::mutex> g(mu_); stopping_ = true; }
        cv_.notify_all();
        if (thread_.joinable()) thread_.join();
    }
protected:
    virtual void handle(RequestPtr m) = 0;
private:
    void loop() {
        for (;;) {
            std::unique_lock<std::mutex> lk(mu_);
            cv_.wait(lk, [this] { return stopping_ || !inbox_.empty(); });
            if (inbox_.empty()) return;
            RequestPtr m = std::move(inbox_.front());
            inbox_.pop_front();
            lk.unlock();
            handle(std::move(m));
        }
    }
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<RequestPtr> inbox_;
    bool stopping_ = false;
    std::thread thread_;
};

class TransportActor : public Actor {
public:
    explicit TransportActor(const char* host) : client_(host) {}
protected:
    void handle(RequestPtr m) override { m->reply.set_value(client_.send(*m)); }
private:
    BeastClient client_;
};

// Only project-scoped routes get the company; /me and friends pass untouched.
class TenancyActor : public Actor {
public:
    TenancyActor(Actor& next, int64_t company_id) : next_(next), company_id_(company_id) {}
protected:
    void handle(RequestPtr m) override {
        if (m->target.rfind("/rest/v1.0/projects/", 0) == 0)
            m->headers["Procore-Company-Id"] = std::to_string(company_id_);
        next_.tell(std::move(m));
    }
private:
    Actor& next_;
    int64_t company_id_;
};

class AuthActor : public Actor {
public:
    AuthActor(Actor& next, Actor& token_actor, std::string refresh)
        : next_(next), token_actor_(token_actor), refresh_(std::move(refresh)) {}
protected:
    void handle(RequestPtr m) override {
        if (access_.empty()) refresh();
        m->headers["Authorization"] = "Bearer " + access_;
        next_.tell(std::move(m));
    }
private:
    void refresh() {
        auto r = std::make_unique<Request>();
        r->verb = http::verb::post;
        r->target = "/oauth/token";
        r->headers["Content-Type"] = "application/x-www-form-urlencoded";
        r->body = "grant_type=refresh_token&refresh_token=" + refresh_ +
                  "&client_id=" + std::getenv("PROCORE_CLIENT_ID") +
                  "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET");
        auto fut = r->reply.get_future();
        token_actor_.tell(std::move(r));
        Reply rep = fut.get();
        if (rep.status != 200) throw std::runtime_error("refresh failed: " + rep.body);
        auto tok = json::parse(rep.body);
        access_ = tok["access_token"].get<std::string>();
        refresh_ = tok.value("refresh_token", refresh_);
    }
    Actor& next_;
    Actor& token_actor_;
    std::string refresh_;
    std::string access_;
};

struct DrawingInfo {
    std::uint64_t id;
    std::string number;
    int revision_number;
    int32_t discipline_id;
};

static json ask(Actor& entry, const std::string& target) {
    auto r = std::make_unique<Request>();
    r->target = target;
    r->headers["Accept"] = "application/json";
    auto fut = r->reply.get_future();
    entry.tell(std::move(r));
    Reply rep = fut.get();
    if (rep.status != 200) {
        std::cerr << target << " -> " << rep.status
                  << " (see https://developers.procore.com/reference/rest/drawings)\n";
        return json::array();
    }
    return json::parse(rep.body);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: drawing_sync PROJECT_ID\n");
        return 2;
    }
    const int64_t company_id = std::strtoll(std::getenv("MONTHLY_COMPANY_ID"), nullptr, 10);
    const int64_t project_id = std::strtoll(argv[1], nullptr, 10);

    TransportActor transport(kApiHost);
    TransportActor token(kOAuthHost);
    TenancyActor tenancy(transport, company_id);
    AuthActor auth(tenancy, token, std::getenv("PROCORE_REFRESH_TOKEN"));
    for (Actor* a : {static_cast<Actor*>(&transport), static_cast<Actor*>(&token),
                     static_cast<Actor*>(&tenancy), static_cast<Actor*>(&auth)})
        a->start();

    std::cout << "running as " << ask(auth, "/rest/v1.0/me").value("login", "?") << "\n";
    json project = ask(auth, "/rest/v1.0/projects/" + std::to_string(project_id));
    std::cout << "project: " << project.value("name", "?") << "\n";

    std::vector<DrawingInfo> drawings;
    for (const auto& area : ask(auth, "/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas")) {
        const int64_t area_id = area["id"].get<int64_t>();
        char target[160];
        std::snprintf(target, sizeof target, "/rest/v1.0/drawing_areas/%ld/drawings?project_id=%" PRId64,
                      area_id, project_id);
        for (const auto& d : ask(auth, target)) {
            DrawingInfo info;
            info.id = d["id"].get<std::uint64_t>();
            info.number = d.value("number", "");
            info.revision_number = d.value("revision_number", 0);
            info.discipline_id = d.contains("discipline") ? d["discipline"].value("id", 0) : 0;
            drawings.push_back(info);
        }
    }
    int missing_discipline = 0;
    for (const auto& d : drawings)
        if (d.discipline_id == 0) ++missing_discipline;
    std::printf("%zu drawings, %d without discipline\n", drawings.size(), missing_discipline);

    auth.stop();
    tenancy.stop();
    transport.stop();
    token.stop();
    return 0;
}
