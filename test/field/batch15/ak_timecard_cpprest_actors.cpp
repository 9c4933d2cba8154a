// crew_hours_export - weekly labour export. Reads timecard entries (REST) and
// the old timesheet totals (vapid) for every active project, names the crew
// from the company directory and drops a CSV on the presigned S3 URL the
// payroll team gives us.
//
// Actors (each a std::thread with a Mailbox<Message>):
//   dispatcher -> auth -> tenancy -> { rest transport | legacy transport }
//   token actor (OAuth), s3 actor (upload)
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

enum class Route { Rest, Legacy, OAuth, Upload };

struct Result {
    status_code status = 0;
    json::value body;
};

struct Call {
    method verb = methods::GET;
    utility::string_t uri;  // path+query, or full URL for uploads
    std::vector<std::pair<utility::string_t, utility::string_t>> headers;
    utility::string_t body;
    Route route = Route::Rest;
    bool scoped = true;
    std::shared_ptr<std::promise<Result>> reply = std::make_shared<std::promise<Result>>();
};
struct Shutdown {};
using Message = std::variant<Call, Shutdown>;

class Mailbox {
public:
    void put(Message m) {
        std::lock_guard<std::mutex> lock(mu_);
        items_.push_back(std::move(m));
        ready_.notify_one();
    }
    Message get() {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [&] { return !items_.empty(); });
        Message m = std::move(items_.front());
        items_.pop_front();
        return m;
    }
private:
    std::mutex mu_;
    std::condition_variable ready_;
    std::deque<Message> items_;
};

// A transport actor owns one http_client and never edits what it sends.
void transport(const utility::string_t& base, Mailbox& inbox) {
    http_client client(base);
    for (;;) {
        Message m = inbox.get();
        if (std::holds_alternative<Shutdown>(m)) return;
        Call& c = std::get<Call>(m);
        Result out;
        try {
            http_request req(c.verb);
            req.set_request_uri(c.uri);
            for (const auto& h : c.headers) req.headers().add(h.first, h.second);
            if (!c.body.empty()) req.set_body(c.body, U("application/json"));
            http_response resp = client.request(req).get();
            out.status = resp.status_code();
            if (resp.headers().content_type().find(U("json")) != utility::string_t::npos)
                out.body = resp.extract_json().get();
        } catch (const std::exception& ex) {
            std::cerr << "transport " << base << ": " << ex.what() << "\n";
        }
        c.reply->set_value(std::move(out));
    }
}

void uploader(Mailbox& inbox) {
    for (;;) {
        Message m = inbox.get();
        if (std::holds_alternative<Shutdown>(m)) return;
        Call& c = std::get<Call>(m);
        uri target(c.uri);
        http_client s3(uri_builder().set_scheme(target.scheme()).set_host(target.host()).to_uri());
        http_response resp = s3.request(methods::PUT, target.resource().to_string(), c.body, U("text/csv")).get();
        c.reply->set_value(Result{resp.status_code(), json::value()});
    }
}

Result await(Mailbox& box, Call c) {
    auto fut = c.reply->get_future();
    box.put(std::move(c));
    return fut.get();
}

int main() {
    const int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    const utility::string_t presigned = std::getenv("PAYROLL_UPLOAD_URL");

    Mailbox rest_in, legacy_in, oauth_in, s3_in, tenancy_in, auth_in;
    std::thread rest([&] { transport(U("https://api.procore.com"), rest_in); });
    std::thread legacy([&] { transport(U("https://app.procore.com"), legacy_in); });
    std::thread oauth([&] { transport(U("https://login.procore.com"), oauth_in); });
    std::thread s3([&] { uploader(s3_in); });

    // tenancy: stamp the company, then route by transport
    std::thread tenancy([&] {
        for (;;) {
            Message m = tenancy_in.get();
            if (auto* c = std::get_if<Call>(&m)) {
                c->headers.emplace_back(U("Procore-Company-Id"), std::to_string(company_id));
                (c->route == Route::Legacy ? legacy_in : rest_in).put(std::move(m));
                continue;
            }
            rest_in.put(Shutdown{});
            legacy_in.put(Shutdown{});
            return;
        }
    });

    // auth: refresh once through the OAuth transport, then add the bearer
    std::thread auth([&] {
        json::value form = json::value::object();
        form[U("grant_type")] = json::value::string(U("refresh_token"));
        form[U("refresh_token")] = json::value::string(std::getenv("PROCORE_REFRESH_TOKEN"));
        form[U("client_id")] = json::value::string(std::getenv("PROCORE_CLIENT_ID"));
        form[U("client_secret")] = json::value::string(std::getenv("PROCORE_CLIENT_SECRET"));
        Call refresh;
        refresh.verb = methods::POST;
        refresh.uri = U("/oauth/token");
        refresh.body = form.serialize();
        refresh.route = Route::OAuth;
        Result tok = await(oauth_in, std::move(refresh));
        const utility::string_t bearer = U("Bearer ") + tok.body[U("access_token")].as_string();
        for (;;) {
            Message m = auth_in.get();
            if (auto* c = std::get_if<Call>(&m)) {
                c->headers.emplace_back(U("Authorization"), bearer);
                (c->scoped ? tenancy_in : rest_in).put(std::move(m));
                continue;
            }
            tenancy_in.put(std::move(m));
            return;
        }
    });

    auto get = [&](utility::string_t path, bool scoped = true, Route route = Route::Rest) {
        Call c;
        c.uri = std::move(path);
        c.scoped = scoped;
        c.route = route;
        return await(auth_in, std::move(c)).body;
    };

    json::value companies = get(U("/rest/v1.0/companies"), false);
    std::cout << "token sees " << companies.size() << " companies\n";

    // company id is already in the path, so this one can skip the tenancy hop
    std::unordered_map<int64_t, utility::string_t> crew;
    json::value users = get(U("/rest/v1.0/companies/") + std::to_string(company_id) + U("/users?per_page=500"), false);
    for (const auto& u : users.as_array())
        crew[u.at(U("id")).as_integer()] = u.at(U("name")).as_string();

    std::ostringstream csv;
    csv << "project_id,user,date,hours,source\n";
    int rows = 0;
    json::value projects = get(U("/rest/v1.0/projects?company_id=") + std::to_string(company_id));
    for (const auto& p : projects.as_array()) {
        const int64_t project_id = p.at(U("id")).as_number().to_int64();
        const auto pid = std::to_string(project_id);
        json::value entries = get(U("/rest/v1.0/projects/") + pid + U("/timecard_entries?filters[date_range]=last_week"));
        for (const auto& e : entries.as_array()) {
            const int64_t user_id = e.at(U("login_information")).at(U("id")).as_number().to_int64();
            csv << pid << ',' << crew[user_id] << ',' << e.at(U("date")).as_string() << ','
                << e.at(U("hours")).as_double() << ",rest\n";
            ++rows;
        }
        json::value sheets = get(U("/vapid/projects/") + pid + U("/timesheets?range=last_week"), true, Route::Legacy);
        if (sheets.is_array()) {
            for (const auto& s : sheets.as_array()) {
                csv << pid << ",," << s.at(U("date")).as_string() << ','
                    << s.at(U("total_hours")).as_double() << ",vapid\n";
                ++rows;
            }
        }
    }

    Call up;
    up.uri = presigned;
    up.body = csv.str();
    up.route = Route::Upload;
    Result r = await(s3_in, std::move(up));
    std::cout << rows << " rows uploaded, HTTP " << r.status << "\n";

    auth_in.put(Shutdown{});
    auth.join();
    tenancy.join();
    rest.join();
    legacy.join();
    oauth_in.put(Shutdown{});
    oauth.join();
    s3_in.put(Shutdown{});
    s3.join();
    return 0;
}
