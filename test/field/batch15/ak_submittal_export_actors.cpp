// submittal_export - QA job: walks the submittal log of one project in the
// developer sandbox company, checks each responsible contractor and uploads
// a CSV to the presigned S3 URL handed to us by the CI pipeline.
//
// Pipeline: dispatcher -> tenancy -> auth -> api transport
// Token refresh and the S3 upload each have their own actor + client.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <future>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <variant>

using json = nlohmann::json;

constexpr char kApiHost[] = "https://sandbox.procore.com";
constexpr char kOAuthHost[] = "https://sandbox.procore.com";

struct Reply {
    int status = 0;
    std::string body;
};

struct GetReq {
    std::string path;
    httplib::Headers headers;
    std::promise<Reply> reply;
};
struct PutReq {
    std::string path;
    httplib::Headers headers;
    std::string body;
    std::string content_type;
    std::promise<Reply> reply;
};
struct Stop {};
using Msg = std::variant<GetReq, PutReq, Stop>;

template <typename T>
class Mailbox {
public:
    void send(T m) {
        std::lock_guard<std::mutex> g(mu_);
        q_.push_back(std::move(m));
        cv_.notify_one();
    }
    T receive() {
        std::unique_lock<std::mutex> g(mu_);
        cv_.wait(g, [&] { return !q_.empty(); });
        T m = std::move(q_.front());
        q_.pop_front();
        return m;
    }
private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<T> q_;
};

static Reply to_reply(const httplib::Result& res) {
    if (!res) return {0, httplib::to_string(res.error())};
    return {res->status, res->body};
}

// Owns one httplib::Client and performs exactly what the message says.
void transport_actor(const std::string& base, Mailbox<Msg>& inbox) {
    httplib::Client cli(base);
    cli.set_connection_timeout(10);
    cli.set_read_timeout(60);
    for (;;) {
        Msg m = inbox.receive();
        if (std::holds_alternative<Stop>(m)) break;
        std::visit([&](auto& req) {
            using T = std::decay_t<decltype(req)>;
            if constexpr (std::is_same_v<T, GetReq>) {
                req.reply.set_value(to_reply(cli.Get(req.path, req.headers)));
            } else if constexpr (std::is_same_v<T, PutReq>) {
                req.reply.set_value(
                    to_reply(cli.Put(req.path, req.headers, req.body, req.content_type)));
            }
        }, m);
    }
}

// Adds the bearer token; refreshes it through its own client on the OAuth host.
void auth_actor(Mailbox<Msg>& inbox, Mailbox<Msg>& out, std::string refresh_token) {
    httplib::Client oauth(kOAuthHost);
    std::string access;
    auto refresh = [&] {
        httplib::Params form{{"grant_type", "refresh_token"},
                             {"refresh_token", refresh_token},
                             {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                             {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}};
        auto res = oauth.Post("/oauth/token", form);
        if (!res || res->status != 200) return false;
        auto tok = json::parse(res->body);
        access = tok.at("access_token").get<std::string>();
        refresh_token = tok.value("refresh_token", refresh_token);
        return true;
    };
    if (!refresh()) std::cerr << "auth: initial refresh failed\n";
    for (;;) {
        Msg m = inbox.receive();
        if (auto* g = std::get_if<GetReq>(&m)) g->headers.emplace("Authorization", "Bearer " + access);
        bool stop = std::holds_alternative<Stop>(m);
        out.send(std::move(m));
        if (stop) break;
    }
}

// Scopes every message that passes through it to the sandbox company.
void tenancy_actor(Mailbox<Msg>& inbox, Mailbox<Msg>& out, int64_t company_id) {
    for (;;) {
        Msg m = inbox.receive();
        if (auto* g = std::get_if<GetReq>(&m))
            g->headers.emplace("Procore-Company-Id", std::to_string(company_id));
        bool stop = std::holds_alternative<Stop>(m);
        out.send(std::move(m));
        if (stop) break;
    }
}

struct SubmittalRow {
    int id;
    std::string title;
    std::string status;
    int64_t vendor_id;
};

class Dispatcher {
public:
    Dispatcher(Mailbox<Msg>& scoped, Mailbox<Msg>& unscoped, int64_t company_id)
        : scoped_(scoped), unscoped_(unscoped), company_id_(company_id) {}

    json ask(Mailbox<Msg>& box, std::string path, httplib::Headers h = {}) {
        GetReq req{std::move(path), std::move(h), {}};
        auto fut = req.reply.get_future();
        box.send(Msg{std::move(req)});
        Reply r = fut.get();
        if (r.status != 200) {
            std::cerr << "HTTP " << r.status << "\n";
            return json();
        }
        return json::parse(r.body);
    }

    bool company_visible() {
        json companies = ask(unscoped_, "/rest/v1.0/companies");
        for (const auto& c : companies)
            if (c["id"].get<int64_t>() == company_id_) return true;
        return false;
    }

    std::string project_name(int64_t project_id) {
        return ask(scoped_, "/rest/v1.0/projects/" + std::to_string(project_id)).value("name", "");
    }

    std::vector<SubmittalRow> submittals(int64_t project_id) {
        std::vector<SubmittalRow> rows;
        for (int page = 1;; ++page) {
            json batch = ask(scoped_, "/rest/v1.1/projects/" + std::to_string(project_id) +
                                          "/submittals?page=" + std::to_string(page) + "&per_page=100");
            if (!batch.is_array() || batch.empty()) break;
            for (const auto& s : batch) {
                SubmittalRow row;
                row.id = s["id"].get<int>();
                row.title = s.value("title", "");
                row.status = s.contains("status") ? s["status"].value("name", "") : "";
                row.vendor_id = s["responsible_contractor"].is_object()
                                    ? s["responsible_contractor"]["id"].get<int64_t>() : 0;
                rows.push_back(row);
            }
        }
        return rows;
    }

    bool vendor_active(int64_t vendor_id) {
        // vendor lookups already carry the company id, no need for a tenancy hop
        httplib::Headers h{{"X-Procore-Company-Id", std::to_string(company_id_)}};
        json v = ask(unscoped_, "/rest/v1.0/companies/" + std::to_string(company_id_) +
                                    "/vendors/" + std::to_string(vendor_id), h);
        return v.value("is_active", false);
    }

private:
    Mailbox<Msg>& scoped_;
    Mailbox<Msg>& unscoped_;
    int64_t company_id_;
};

static std::string csv_escape(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: submittal_export PROJECT_ID S3_HOST S3_PRESIGNED_PATH\n";
        return 2;
    }
    const int64_t company_id = std::stoll(std::getenv("SANDBOX_COMPANY_ID"));
    const int64_t project_id = std::stoll(argv[1]);

    Mailbox<Msg> tenancy_in, auth_in, api_in, s3_in;
    std::thread api([&] { transport_actor(kApiHost, api_in); });
    std::thread s3([&] { transport_actor(std::string("https://") + argv[2], s3_in); });
    std::thread auth([&] { auth_actor(auth_in, api_in, std::getenv("PROCORE_REFRESH_TOKEN")); });
    std::thread tenancy([&] { tenancy_actor(tenancy_in, auth_in, company_id); });

    Dispatcher d(tenancy_in, auth_in, company_id);
    if (!d.company_visible()) {
        std::cerr << "sandbox company " << company_id << " not visible to this token\n";
    }
    std::ostringstream csv;
    csv << "project,submittal_id,title,status,vendor_active\n";
    const std::string pname = d.project_name(project_id);
    for (const auto& row : d.submittals(project_id)) {
        csv << csv_escape(pname) << ',' << row.id << ',' << csv_escape(row.title) << ','
            << csv_escape(row.status) << ','
            << (row.vendor_id ? (d.vendor_active(row.vendor_id) ? "yes" : "no") : "n/a") << '\n';
    }

    PutReq up{argv[3], {}, csv.str(), "text/csv", {}};
    auto up_fut = up.reply.get_future();
    s3_in.send(Msg{std::move(up)});
    Reply ur = up_fut.get();
    std::cout << "upload status " << ur.status << "\n";

    tenancy_in.send(Stop{});
    tenancy.join();
    auth.join();
    api.join();
    s3_in.send(Stop{});
    s3.join();
    return ur.status == 200 ? 0 : 1;
}
