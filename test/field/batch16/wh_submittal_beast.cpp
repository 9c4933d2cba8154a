// submittal-hookd: async Beast receiver for Procore "Submittals" webhooks.
// For every create/update it re-reads the submittal, looks up the responsible
// contractor and forwards a record to the document-control service.
//
// Route: POST /hooks/companies/<company_id>/submittals  (one hook per company)

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

static std::string g_access_token;
static std::string g_refresh_token;
static const std::string kApi = "https://api.procore.com";
static const std::string kDocControl = "https://doccontrol.internal.hartwell-build.com/api/records";

static size_t collect(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

// GET against the Procore REST API; always carries the company header.
static long procore_get(const std::string& url, int64_t company_id, std::string& out) {
    CURL* h = curl_easy_init();
    if (!h) return -1;
    struct curl_slist* hdrs = nullptr;
    hdrs = curl_slist_append(hdrs, ("Authorization: Bearer " + g_access_token).c_str());
    hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return status;
}

static bool refresh_access_token(const std::string& client_id, const std::string& secret) {
    CURL* h = curl_easy_init();
    if (!h) return false;
    std::string body = "grant_type=refresh_token&client_id=" + client_id +
                       "&client_secret=" + secret + "&refresh_token=" + g_refresh_token;
    std::string out;
    curl_easy_setopt(h, CURLOPT_URL, "https://login.procore.com/oauth/token");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) return false;
    rapidjson::Document d;
    d.Parse(out.c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) return false;
    g_access_token = d["access_token"].GetString();
    if (d.HasMember("refresh_token")) g_refresh_token = d["refresh_token"].GetString();
    return true;
}

// The vendor id already scopes the request and company_id is in the query,
// so this goes out with just the token.
static std::string fetch_vendor_name(int64_t company_id, int vendor_id) {
    std::string url = kApi + "/rest/v1.0/vendors/" + std::to_string(vendor_id) +
                      "?company_id=" + std::to_string(company_id);
    std::string out;
    CURL* h = curl_easy_init();
    struct curl_slist* hdrs = curl_slist_append(nullptr, ("Authorization: Bearer " + g_access_token).c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    rapidjson::Document d;
    d.Parse(out.c_str());
    return (!d.HasParseError() && d.HasMember("name")) ? d["name"].GetString() : "";
}

static void forward_to_doccontrol(const std::string& record) {
    CURL* h = curl_easy_init();
    struct curl_slist* hdrs = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, kDocControl.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, record.c_str());
    curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
}

static void process_submittal(int64_t company_id, int64_t project_id, int64_t submittal_id) {
    std::string url = kApi + "/rest/v1.1/projects/" + std::to_string(project_id) +
                      "/submittals/" + std::to_string(submittal_id);
    std::string body;
    long status = procore_get(url, company_id, body);
    if (status == 401 && refresh_access_token(std::getenv("PROCORE_CLIENT_ID"),
                                              std::getenv("PROCORE_CLIENT_SECRET"))) {
        body.clear();
        status = procore_get(url, company_id, body);
    }
    if (status != 200) {
        std::cerr << "submittal " << submittal_id << ": HTTP " << status << "\n";
        return;
    }
    rapidjson::Document sub;
    sub.Parse(body.c_str());
    if (sub.HasParseError()) return;

    std::string vendor;
    if (sub.HasMember("responsible_contractor") && sub["responsible_contractor"].IsObject()) {
        int vendor_id = sub["responsible_contractor"]["id"].GetInt();
        vendor = fetch_vendor_name(company_id, vendor_id);
    }
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("source"); w.String("procore");
    w.Key("submittal_id"); w.Int64(submittal_id);
    w.Key("project_id"); w.Int64(project_id);
    w.Key("title"); w.String(sub.HasMember("title") ? sub["title"].GetString() : "");
    w.Key("contractor"); w.String(vendor.c_str());
    w.EndObject();
    forward_to_doccontrol(sb.GetString());
}

class Session : public std::enable_shared_from_this<Session> {
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> req_;
    http::response<http::string_body> res_;

public:
    explicit Session(tcp::socket&& s) : stream_(std::move(s)) {}
    void run() { do_read(); }

private:
    void do_read() {
        req_ = {};
        http::async_read(stream_, buffer_, req_,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return;
        handle();
        res_.set(http::field::server, "submittal-hookd/1.4");
        res_.set(http::field::content_type, "application/json");
        res_.keep_alive(req_.keep_alive());
        res_.prepare_payload();
        http::async_write(stream_, res_,
                          beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec || !res_.keep_alive()) {
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
            return;
        }
        do_read();
    }

    void handle() {
        res_ = {};
        res_.version(req_.version());
        const std::string target(req_.target());
        const std::string prefix = "/hooks/companies/";
        if (req_.method() != http::verb::post || target.rfind(prefix, 0) != 0) {
            res_.result(http::status::not_found);
            res_.body() = R"({"error":"no route"})";
            return;
        }
        int64_t route_company = std::stoll(target.substr(prefix.size()));
        rapidjson::Document ev;
        ev.Parse(req_.body().c_str());
        if (ev.HasParseError() || !ev.HasMember("resource_id")) {
            res_.result(http::status::bad_request);
            res_.body() = R"({"error":"unparseable delivery"})";
            return;
        }
        int64_t company_id = ev["company_id"].GetInt64();
        int64_t project_id = ev["project_id"].GetInt64();
        int64_t resource_id = ev["resource_id"].GetInt64();
        if (company_id != route_company) {
            res_.result(http::status::forbidden);
            res_.body() = R"({"error":"company mismatch"})";
            return;
        }
        res_.set("X-Resource-Id", std::to_string(resource_id));
        std::string event_type = ev["event_type"].GetString();
        if (event_type != "delete") process_submittal(company_id, project_id, resource_id);
        res_.result(http::status::ok);
        res_.body() = R"({"ok":true})";
    }
};

class Listener : public std::enable_shared_from_this<Listener> {
    net::io_context& ioc_;
    tcp::acceptor acceptor_;

public:
    Listener(net::io_context& ioc, tcp::endpoint ep) : ioc_(ioc), acceptor_(ioc, ep) {}
    void run() { do_accept(); }

private:
    void do_accept() {
        acceptor_.async_accept(net::make_strand(ioc_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (!ec) std::make_shared<Session>(std::move(socket))->run();
        do_accept();
    }
};

int main(int argc, char* argv[]) {
    unsigned short port = argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 8443;
    if (const char* t = std::getenv("PROCORE_ACCESS_TOKEN")) g_access_token = t;
    if (const char* r = std::getenv("PROCORE_REFRESH_TOKEN")) g_refresh_token = r;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    net::io_context ioc{1};
    std::make_shared<Listener>(ioc, tcp::endpoint{net::ip::make_address("0.0.0.0"), port})->run();
    std::cout << "submittal-hookd listening on " << port << std::endl;
    ioc.run();
    curl_global_cleanup();
    return 0;
}
