// rx_timecard_sync.cpp - payroll -> Procore timecard sync
//
// Reads the nightly payroll export (CSV on stdin), and pushes it to Procore as
// timecard entries. Stages talk through a typed event bus: each stage emits the
// next event type and subscribers keyed by std::type_index pick it up. Request
// interceptors registered on the bus decorate every outgoing API request.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <typeindex>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using StringRequest = http::request<http::string_body>;

class TypedBus {
public:
    template <class E>
    void on(std::function<void(const E&)> fn) {
        subs_[std::type_index(typeid(E))].push_back([fn](const void* p) { fn(*static_cast<const E*>(p)); });
    }
    template <class E>
    void emit(const E& e) {
        for (auto& f : subs_[std::type_index(typeid(E))]) f(&e);
    }
    void intercept(std::function<void(StringRequest&)> i) { interceptors_.push_back(std::move(i)); }
    void apply(StringRequest& req) const {
        for (const auto& i : interceptors_) i(req);
    }

private:
    std::map<std::type_index, std::vector<std::function<void(const void*)>>> subs_;
    std::vector<std::function<void(StringRequest&)>> interceptors_;
};

struct PayrollRow { std::string email, date, cost_code; double hours; };
struct BatchReady { std::int64_t project_id; std::vector<PayrollRow> rows; };
struct EmployeeResolved { std::int64_t project_id; PayrollRow row; int user_id; };
struct EntryPosted { std::int64_t project_id; std::int64_t entry_id; std::string email; };
struct EntryVoided { std::int64_t project_id; std::int64_t entry_id; };
struct SyncFailed { std::string what; };

struct Hosts { const char* login; const char* api; };

static Hosts hosts_for(const std::string& env) {
    if (env == "monthly") return {"login-monthly.procore.com", "api-monthly.procore.com"};
    if (env == "sandbox") return {"login-sandbox.procore.com", "sandbox.procore.com"};
    return {"login.procore.com", "api.procore.com"};
}

class HttpsConnection {
public:
    HttpsConnection(net::io_context& ioc, ssl::context& ctx, const TypedBus& bus, std::string host)
        : ioc_(ioc), bus_(bus), host_(std::move(host)), stream_(ioc, ctx) {}

    void connect() {
        if (!SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str()))
            throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                        net::error::get_ssl_category()));
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(stream_).connect(resolver.resolve(host_, "443"));
        stream_.handshake(ssl::stream_base::client);
    }

    http::response<http::string_body> send(StringRequest req) {
        req.set(http::field::host, host_);
        req.set(http::field::user_agent, "timecard-sync/2.3");
        bus_.apply(req);
        req.prepare_payload();
        http::write(stream_, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(stream_, buf, res);
        return res;
    }

    beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }
    const std::string& host() const { return host_; }

private:
    net::io_context& ioc_;
    const TypedBus& bus_;
    std::string host_;
    beast::ssl_stream<beast::tcp_stream> stream_;
};

static std::string to_json(const rapidjson::Value& v) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    v.Accept(w);
    return sb.GetString();
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: timecard-sync <company_id> <project_id> < payroll.csv\n";
        return 2;
    }
    const std::int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    const std::int64_t project_id = std::strtoll(argv[2], nullptr, 10);
    const char* env = std::getenv("PROCORE_ENV");
    const Hosts hosts = hosts_for(env ? env : "production");

    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    TypedBus bus;
    HttpsConnection login(ioc, ctx, bus, hosts.login);
    HttpsConnection api(ioc, ctx, bus, hosts.api);

    // 1. token (refresh grant, the refresh token lives in the vault-injected env)
    login.connect();
    StringRequest tok_req{http::verb::post, "/oauth/token", 11};
    tok_req.set(http::field::content_type, "application/x-www-form-urlencoded");
    tok_req.body() = std::string("grant_type=refresh_token&client_id=") + std::getenv("PROCORE_CLIENT_ID") +
                     "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET") +
                     "&refresh_token=" + std::getenv("PROCORE_REFRESH_TOKEN");
    auto tok_res = login.send(std::move(tok_req));
    rapidjson::Document tok;
    tok.Parse(tok_res.body().c_str());
    if (tok_res.result_int() != 200 || !tok.HasMember("access_token")) {
        std::cerr << "token refresh failed (" << tok_res.result_int() << ")\n";
        return 1;
    }
    const std::string token = tok["access_token"].GetString();

    bus.intercept([&](StringRequest& req) {
        if (req[http::field::host] != hosts.api) return;
        req.set(http::field::authorization, "Bearer " + token);
        req.set("Procore-Company-Id", std::to_string(company_id));
        req.set(http::field::accept, "application/json");
    });
    api.connect();

    // cost codes are looked up once per run
    std::map<std::string, unsigned> cost_code_ids;
    {
        StringRequest req{http::verb::get, "/rest/v1.0/projects/" + std::to_string(project_id) + "/cost_codes", 11};
        auto res = api.send(std::move(req));
        rapidjson::Document doc;
        doc.Parse(res.body().c_str());
        if (doc.IsArray())
            for (const auto& cc : doc.GetArray())
                cost_code_ids[cc["full_code"].GetString()] = cc["id"].GetUint();
    }

    bus.on<BatchReady>([&](const BatchReady& b) {
        for (const auto& row : b.rows) {
            StringRequest req{http::verb::get,
                              "/rest/v1.0/companies/" + std::to_string(company_id) + "/users?filters[search]=" + row.email,
                              11};
            auto res = api.send(std::move(req));
            rapidjson::Document doc;
            doc.Parse(res.body().c_str());
            if (res.result_int() != 200 || !doc.IsArray() || doc.Empty()) {
                bus.emit(SyncFailed{"no Procore user for " + row.email});
                continue;
            }
            int user_id = doc[0]["id"].GetInt();
            bus.emit(EmployeeResolved{b.project_id, row, user_id});
        }
    });

    bus.on<EmployeeResolved>([&](const EmployeeResolved& e) {
        rapidjson::Document body(rapidjson::kObjectType);
        auto& a = body.GetAllocator();
        rapidjson::Value entry(rapidjson::kObjectType);
        entry.AddMember("party_id", e.user_id, a);
        entry.AddMember("date", rapidjson::Value(e.row.date.c_str(), a), a);
        entry.AddMember("hours", rapidjson::Value(std::to_string(e.row.hours).c_str(), a), a);
        auto cc = cost_code_ids.find(e.row.cost_code);
        if (cc != cost_code_ids.end()) entry.AddMember("cost_code_id", cc->second, a);
        body.AddMember("timecard_entry", entry, a);

        StringRequest req{http::verb::post, "/rest/v1.0/projects/" + std::to_string(e.project_id) + "/timecard_entries", 11};
        req.set(http::field::content_type, "application/json");
        req.body() = to_json(body);
        auto res = api.send(std::move(req));
        rapidjson::Document out;
        out.Parse(res.body().c_str());
        if (res.result_int() == 201 && out.HasMember("id"))
            bus.emit(EntryPosted{e.project_id, out["id"].GetInt64(), e.row.email});
        else
            bus.emit(SyncFailed{"POST timecard_entries " + std::to_string(res.result_int()) + ": " + res.body()});
    });

    // Payroll sends reversals as zero-hour rows; those void the entry we posted earlier.
    bus.on<EntryVoided>([&](const EntryVoided& v) {
        http::request<http::empty_body> req{http::verb::delete_,
                                            "/rest/v1.0/projects/" + std::to_string(v.project_id) +
                                                "/timecard_entries/" + std::to_string(v.entry_id),
                                            11};
        req.set(http::field::host, api.host());
        req.set(http::field::authorization, "Bearer " + token);
        http::write(api.stream(), req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(api.stream(), buf, res);
        if (res.result_int() >= 300) bus.emit(SyncFailed{"DELETE entry " + std::to_string(v.entry_id)});
    });

    bus.on<EntryPosted>([](const EntryPosted& p) { std::cout << "posted " << p.entry_id << " for " << p.email << "\n"; });
    bus.on<SyncFailed>([](const SyncFailed& f) { std::cerr << "[sync] " << f.what << "\n"; });

    // stdin: email,date,hours,cost_code[,voids_entry_id]
    BatchReady batch{project_id, {}};
    std::string line;
    int line_no = 0;
    while (std::getline(std::cin, line)) {
        if (++line_no == 1) continue;  // header
        std::stringstream ss(line);
        std::string email, date, hours, code, voids;
        std::getline(ss, email, ',');
        std::getline(ss, date, ',');
        std::getline(ss, hours, ',');
        std::getline(ss, code, ',');
        std::getline(ss, voids, ',');
        if (!voids.empty())
            bus.emit(EntryVoided{project_id, std::strtoll(voids.c_str(), nullptr, 10)});
        else
            batch.rows.push_back({email, date, code, std::stod(hours)});
    }
    bus.emit(batch);
    std::cout << batch.rows.size() << " rows processed, " << line_no << " lines read\n";
    return 0;
}
