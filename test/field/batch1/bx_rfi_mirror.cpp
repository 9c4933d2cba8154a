// rfi_mirror: mirrors open Procore RFIs into GitHub issues so the document
// control team can triage them next to the drawings repository.
//
// Runs as a long-lived process under systemd; one pass every five minutes.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct RfiRecord {
    int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    int assignee_id = 0;
};

class Transport {
public:
    Transport(net::io_context& ioc, ssl::context& ctx) : ioc_(ioc), ctx_(ctx) {}
    virtual ~Transport() = default;

    virtual std::string host() const = 0;
    virtual void decorate(Request& req) const = 0;

    Response send(Request& req) {
        std::string h = host();
        beast::ssl_stream<beast::tcp_stream> stream(ioc_, ctx_);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), h.c_str())) {
            beast::error_code ec{static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()};
            throw beast::system_error{ec};
        }
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream).connect(resolver.resolve(h, "443"));
        stream.handshake(ssl::stream_base::client);

        req.set(http::field::host, h);
        req.set(http::field::user_agent, "rfi-mirror/1.4 " BOOST_BEAST_VERSION_STRING);
        decorate(req);
        req.prepare_payload();
        http::write(stream, req);

        beast::flat_buffer buffer;
        Response res;
        http::read(stream, buffer, res);
        beast::error_code ec;
        stream.shutdown(ec);
        return res;
    }

protected:
    net::io_context& ioc_;
    ssl::context& ctx_;
};

class ProcoreTransport : public Transport {
public:
    using Transport::Transport;

    void configure(int64_t company_id, int64_t project_id, std::string token) {
        company_id_ = company_id;
        project_id_ = project_id;
        token_ = std::move(token);
    }

    std::string host() const override { return "api.procore.com"; }

    void decorate(Request& req) const override {
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::accept, "application/json");
    }

    Request list_rfis(int page) const {
        Request req{http::verb::get,
                    "/rest/v1.0/projects/" + std::to_string(project_id_) +
                        "/rfis?filters[status]=open&per_page=100&page=" + std::to_string(page),
                    11};
        req.set("Procore-Company-Id", std::to_string(company_id_));
        return req;
    }

    Request rfi_detail(int64_t rfi_id) const {
        Request req{http::verb::get,
                    "/rest/v1.0/projects/" + std::to_string(project_id_) + "/rfis/" +
                        std::to_string(rfi_id),
                    11};
        return req;
    }

    std::string web_link(int64_t rfi_id) const {
        return "https://app.procore.com/" + std::to_string(project_id_) +
               "/project/rfi/show/" + std::to_string(rfi_id);
    }

private:
    int64_t company_id_ = 0;
    int64_t project_id_ = 0;
    std::string token_;
};

class GitHubTransport : public Transport {
public:
    GitHubTransport(net::io_context& ioc, ssl::context& ctx, std::string repo, std::string token)
        : Transport(ioc, ctx), repo_(std::move(repo)), token_(std::move(token)) {}

    std::string host() const override { return "api.github.com"; }

    void decorate(Request& req) const override {
        req.set(http::field::authorization, "token " + token_);
        req.set(http::field::accept, "application/vnd.github+json");
        req.set(http::field::content_type, "application/json");
    }

    Request create_issue(const std::string& title, const std::string& body) const {
        rapidjson::StringBuffer sb;
        rapidjson::Writer<rapidjson::StringBuffer> w(sb);
        w.StartObject();
        w.Key("title");  w.String(title.c_str());
        w.Key("body");   w.String(body.c_str());
        w.Key("labels"); w.StartArray(); w.String("procore-rfi"); w.EndArray();
        w.EndObject();
        Request req{http::verb::post, "/repos/" + repo_ + "/issues", 11};
        req.body() = sb.GetString();
        return req;
    }

private:
    std::string repo_;
    std::string token_;
};

static std::vector<RfiRecord> parse_rfis(const std::string& body) {
    std::vector<RfiRecord> out;
    rapidjson::Document doc;
    if (doc.Parse(body.c_str()).HasParseError() || !doc.IsArray()) return out;
    for (const auto& v : doc.GetArray()) {
        RfiRecord rec;
        rec.id = v["id"].GetInt64();
        rec.number = v["number"].IsString() ? v["number"].GetString() : "";
        rec.subject = v["subject"].GetString();
        rec.status = v["status"].GetString();
        if (v.HasMember("assignee_id") && v["assignee_id"].IsNumber())
            rec.assignee_id = v["assignee_id"].GetInt();
        out.push_back(std::move(rec));
    }
    return out;
}

static const char* env_or_die(const char* name) {
    const char* v = std::getenv(name);
    if (!v) { std::fprintf(stderr, "missing %s\n", name); std::exit(2); }
    return v;
}

int main() {
    net::io_context ioc;
    ssl::context ctx{ssl::context::tlsv12_client};
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);

    ProcoreTransport procore(ioc, ctx);
    procore.configure(std::strtoll(env_or_die("PROCORE_COMPANY_ID"), nullptr, 10),
                      std::strtoll(env_or_die("PROCORE_PROJECT_ID"), nullptr, 10),
                      env_or_die("PROCORE_TOKEN"));
    GitHubTransport github(ioc, ctx, env_or_die("GITHUB_REPO"), env_or_die("GITHUB_TOKEN"));

    std::unordered_map<int64_t, int> mirrored;  // rfi id -> GitHub issue number
    for (;;) {
        int created = 0;
        for (int page = 1; page <= 20; ++page) {
            Request list = procore.list_rfis(page);
            Response res = procore.send(list);
            if (res.result_int() != 200) {
                std::fprintf(stderr, "rfi list page %d: HTTP %d\n", page, res.result_int());
                break;
            }
            std::vector<RfiRecord> batch = parse_rfis(res.body());
            if (batch.empty()) break;

            for (const RfiRecord& rec : batch) {
                if (mirrored.count(rec.id)) continue;
                Request detail = procore.rfi_detail(rec.id);
                Response d = procore.send(detail);
                rapidjson::Document dd;
                dd.Parse(d.body().c_str());
                std::string question;
                if (!dd.HasParseError() && dd.HasMember("questions") && dd["questions"].Size() > 0)
                    question = dd["questions"][0]["plain_text_body"].GetString();

                std::string body = question + "\n\nProcore: " + procore.web_link(rec.id);
                Request issue = github.create_issue("RFI #" + rec.number + ": " + rec.subject, body);
                Response gr = github.send(issue);
                rapidjson::Document gd;
                gd.Parse(gr.body().c_str());
                int issue_no = gd.HasMember("number") ? gd["number"].GetInt() : 0;
                mirrored[rec.id] = issue_no;
                ++created;
                std::printf("rfi %ld -> issue #%d\n", static_cast<long>(rec.id), issue_no);
            }
        }
        std::printf("pass done, %d new issues, %zu tracked\n", created, mirrored.size());
        std::this_thread::sleep_for(std::chrono::minutes(5));
    }
}
