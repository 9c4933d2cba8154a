// sm_beast_drawing_log.cpp - helper process of the CAD plugin: exports the
// drawing log of one project (areas -> drawings -> revisions) to a TSV file.
//
// One keep-alive TLS connection; the session is a phase machine advanced from
// the async completion handlers.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

constexpr char kApiHost[] = "api.procore.com";
constexpr char kAuthHost[] = "app.procore.com";
constexpr char kPort[] = "443";
constexpr int kHttpVersion = 11;
constexpr std::size_t kMaxRevisionLookups = 200;

void fail(beast::error_code ec, const char* what) {
    std::cerr << "drawing-log: " << what << ": " << ec.message() << "\n";
}

// Blocking pre-flight so the plugin can prompt for a new login before we
// start the export.
bool token_is_valid(net::io_context& ioc, ssl::context& ctx, const std::string& token) {
    tcp::resolver resolver(ioc);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), kAuthHost)) return false;
    beast::get_lowest_layer(stream).connect(resolver.resolve(kAuthHost, kPort));
    stream.handshake(ssl::stream_base::client);

    http::request<http::empty_body> req{http::verb::get, "/oauth/token/info", kHttpVersion};
    req.set(http::field::host, kAuthHost);
    req.set(http::field::authorization, "Bearer " + token);
    http::write(stream, req);

    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.shutdown(ec);
    return res.result() == http::status::ok;
}

class DrawingLogSession : public std::enable_shared_from_this<DrawingLogSession> {
public:
    enum class Phase { Areas, Drawings, Revisions, Done };

    DrawingLogSession(net::io_context& ioc, ssl::context& ctx, std::string token,
                      int64_t company_id, int64_t project_id)
        : resolver_(net::make_strand(ioc)),
          stream_(net::make_strand(ioc), ctx),
          token_(std::move(token)),
          company_id_(company_id),
          project_id_(project_id),
          log_("drawing-log-" + std::to_string(project_id) + ".tsv") {}

    void run() {
        if (!SSL_set_tlsext_host_name(stream_.native_handle(), kApiHost))
            return fail(beast::error_code(static_cast<int>(::ERR_get_error()),
                                          net::error::get_ssl_category()), "sni");
        resolver_.async_resolve(kApiHost, kPort,
            beast::bind_front_handler(&DrawingLogSession::on_resolve, shared_from_this()));
    }

private:
    std::string target() const {
        const std::string project = std::to_string(project_id_);
        switch (phase_) {
        case Phase::Areas:
            return "/rest/v1.1/projects/" + project + "/drawing_areas";
        case Phase::Drawings:
            return "/rest/v1.1/drawing_areas/" + std::to_string(area_ids_[cursor_]) +
                   "/drawings?project_id=" + project;
        case Phase::Revisions:
            return "/rest/v1.0/projects/" + project + "/drawing_revisions?filters[drawing_id]=" +
                   std::to_string(drawing_ids_[cursor_]);
        case Phase::Done:
            break;
        }
        return {};
    }

    void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) return fail(ec, "resolve");
        req_.version(kHttpVersion);
        req_.method(http::verb::get);
        req_.target(target());
        req_.set(http::field::host, kApiHost);
        req_.set(http::field::user_agent, "drawing-log-plugin/2.3 " BOOST_BEAST_VERSION_STRING);
        req_.set(http::field::accept, "application/json");
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
        beast::get_lowest_layer(stream_).async_connect(results,
            beast::bind_front_handler(&DrawingLogSession::on_connect, shared_from_this()));
    }

    void on_connect(beast::error_code ec, tcp::resolver::results_type::endpoint_type) {
        if (ec) return fail(ec, "connect");
        stream_.async_handshake(ssl::stream_base::client,
            beast::bind_front_handler(&DrawingLogSession::on_handshake, shared_from_this()));
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return fail(ec, "handshake");
        req_.set(http::field::authorization, "Bearer " + token_);
        req_.set("Procore-Company-Id", std::to_string(company_id_));
        http::async_write(stream_, req_,
            beast::bind_front_handler(&DrawingLogSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "write");
        res_ = {};
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buffer_, res_,
            beast::bind_front_handler(&DrawingLogSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "read");
        if (res_.result() == http::status::ok)
            consume(res_.body());
        else
            std::cerr << req_.target() << " -> HTTP " << res_.result_int() << "\n";
        advance();
        if (phase_ == Phase::Done) return finish();
        send_next();
    }

    void consume(const std::string& body) {
        rapidjson::Document doc;
        if (doc.Parse(body.c_str()).HasParseError() || !doc.IsArray()) return;
        for (const auto& item : doc.GetArray()) {
            if (!item.IsObject() || !item.HasMember("id")) continue;
            switch (phase_) {
            case Phase::Areas:
                area_ids_.push_back(item["id"].GetInt64());
                break;
            case Phase::Drawings:
                drawing_ids_.push_back(item["id"].GetInt64());
                break;
            case Phase::Revisions:
                if (item.HasMember("revision_number") && item["revision_number"].IsString())
                    log_ << drawing_ids_[cursor_] << '\t'
                         << item["revision_number"].GetString() << '\n';
                break;
            case Phase::Done:
                break;
            }
        }
    }

    void advance() {
        ++cursor_;
        if (phase_ == Phase::Areas) {
            phase_ = Phase::Drawings;
            cursor_ = 0;
        }
        if (phase_ == Phase::Drawings && cursor_ >= area_ids_.size()) {
            phase_ = Phase::Revisions;
            cursor_ = 0;
        }
        if (phase_ == Phase::Revisions &&
            cursor_ >= std::min(drawing_ids_.size(), kMaxRevisionLookups))
            phase_ = Phase::Done;
    }

    // Keep-alive: same connection, drop the previous request's fields and
    // retarget instead of going through resolve/connect again.
    void send_next() {
        req_.clear();
        req_.target(target());
        req_.set(http::field::host, kApiHost);
        req_.set(http::field::authorization, "Bearer " + token_);
        req_.set(http::field::accept, "application/json");
        http::async_write(stream_, req_,
            beast::bind_front_handler(&DrawingLogSession::on_write, shared_from_this()));
    }

    void finish() {
        log_.flush();
        std::cout << "export done, compare with https://app.procore.com/" << project_id_
                  << "/project/drawing_log\n";
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
    }

    tcp::resolver resolver_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    beast::flat_buffer buffer_;
    http::request<http::empty_body> req_;
    http::response<http::string_body> res_;
    std::string token_;
    int64_t company_id_;
    int64_t project_id_;
    Phase phase_ = Phase::Areas;
    std::size_t cursor_ = 0;
    std::vector<int64_t> area_ids_;
    std::vector<long> drawing_ids_;
    std::ofstream log_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::getenv("PROCORE_TOKEN") || !std::getenv("PROCORE_COMPANY_ID")) {
        std::cerr << "usage: drawing-log PROJECT_ID (PROCORE_TOKEN, PROCORE_COMPANY_ID set)\n";
        return 2;
    }
    const std::string token = std::getenv("PROCORE_TOKEN");
    const int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    const int64_t project_id = std::stoll(argv[1]);

    net::io_context ioc;
    ssl::context ctx{ssl::context::tlsv12_client};
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    if (!token_is_valid(ioc, ctx, token)) {
        std::cerr << "token expired, sign in again from the plugin\n";
        return 3;
    }
    std::make_shared<DrawingLogSession>(ioc, ctx, token, company_id, project_id)->run();
    ioc.run();
    return 0;
}
