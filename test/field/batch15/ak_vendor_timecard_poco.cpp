// vendor_timecard_bridge - runs under a Developer Managed Service Account
// (client-credentials grant). Mirrors Procore vendors into the ERP supplier
// table and pulls yesterday's timecard entries for payroll.
//
//   dispatcher --> auth --> tenancy --> procore transport (api.procore.com)
//   token actor (login.procore.com)     erp actor (erp-gw.internal:8080)
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using Poco::Net::HTTPMessage;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

struct Response {
    int status = 0;
    std::string body;
};

struct Envelope {
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool tenant_scoped = true;
    std::shared_ptr<std::promise<Response>> reply = std::make_shared<std::promise<Response>>();
    bool poison = false;
};

class Mailbox {
public:
    void push(Envelope e) {
        std::unique_lock<std::mutex> lk(m_);
        q_.push_back(std::move(e));
        lk.unlock();
        cv_.notify_one();
    }
    Envelope pop() {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [this] { return !q_.empty(); });
        Envelope e = std::move(q_.front());
        q_.pop_front();
        return e;
    }
private:
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Envelope> q_;
};

// One session, one thread. Used for Procore (HTTPS) and for the ERP (plain HTTP).
class TransportActor {
public:
    TransportActor(std::unique_ptr<Poco::Net::HTTPClientSession> s) : session_(std::move(s)) {
        thread_ = std::thread([this] { run(); });
    }
    ~TransportActor() {
        Envelope stop;
        stop.poison = true;
        inbox.push(std::move(stop));
        thread_.join();
    }
    Mailbox inbox;

private:
    void run() {
        for (;;) {
            Envelope e = inbox.pop();
            if (e.poison) return;
            Response out;
            try {
                HTTPRequest req(e.method, e.path, HTTPMessage::HTTP_1_1);
                for (const auto& h : e.headers) req.set(h.first, h.second);
                req.setContentLength(static_cast<std::streamsize>(e.body.size()));
                std::ostream& os = session_->sendRequest(req);
                os << e.body;
                HTTPResponse resp;
                std::istream& is = session_->receiveResponse(resp);
                Poco::StreamCopier::copyToString(is, out.body);
                out.status = static_cast<int>(resp.getStatus());
            } catch (const Poco::Exception& ex) {
                out.body = ex.displayText();
            }
            e.reply->set_value(std::move(out));
        }
    }
    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
    std::thread thread_;
};

Poco::JSON::Object::Ptr parse_object(const std::string& s) {
    return Poco::JSON::Parser().parse(s).extract<Poco::JSON::Object::Ptr>();
}
Poco::JSON::Array::Ptr parse_array(const std::string& s) {
    return Poco::JSON::Parser().parse(s).extract<Poco::JSON::Array::Ptr>();
}

// Client-credentials: no refresh token, we simply ask again when it expires.
std::string fetch_service_token(TransportActor& login, const std::string& id, const std::string& secret) {
    Envelope e;
    e.method = HTTPRequest::HTTP_POST;
    e.path = "/oauth/token";
    e.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    e.body = "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret;
    auto fut = e.reply->get_future();
    login.inbox.push(std::move(e));
    Response r = fut.get();
    if (r.status != 200) throw std::runtime_error("token request failed: " + r.body);
    return parse_object(r.body)->getValue<std::string>("access_token");
}

// Stage actors: take an envelope, decorate, hand to the next mailbox.
void run_stage(Mailbox& in, std::function<void(Envelope&)> decorate, std::function<Mailbox&(const Envelope&)> next) {
    for (;;) {
        Envelope e = in.pop();
        if (!e.poison) decorate(e);
        Mailbox& out = next(e);
        const bool stop = e.poison;
        out.push(std::move(e));
        if (stop) return;
    }
}

struct TimecardQuery {
    long project_id;
    std::string date;
};

int main() {
    const int64_t company_id = std::stoll(std::getenv("PROCORE_COMPANY_ID"));
    const std::string client_id = std::getenv("PROCORE_CLIENT_ID");
    const std::string client_secret = std::getenv("PROCORE_CLIENT_SECRET");

    Poco::Net::Context::Ptr tls = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED);
    TransportActor login(std::make_unique<Poco::Net::HTTPSClientSession>("login.procore.com", 443, tls));
    TransportActor procore(std::make_unique<Poco::Net::HTTPSClientSession>("api.procore.com", 443, tls));
    TransportActor erp(std::make_unique<Poco::Net::HTTPClientSession>("erp-gw.internal", 8080));

    const std::string token = fetch_service_token(login, client_id, client_secret);

    Mailbox auth_in, tenancy_in;
    std::thread tenancy([&] {
        run_stage(tenancy_in,
                  [&](Envelope& e) { e.headers.emplace_back("Procore-Company-Id", std::to_string(company_id)); },
                  [&](const Envelope&) -> Mailbox& { return procore.inbox; });
    });
    std::thread auth([&] {
        run_stage(auth_in,
                  [&](Envelope& e) { e.headers.emplace_back("Authorization", "Bearer " + token); },
                  [&](const Envelope& e) -> Mailbox& { return e.tenant_scoped ? tenancy_in : procore.inbox; });
    });

    auto call = [&](const std::string& path, bool scoped) {
        Envelope e;
        e.method = HTTPRequest::HTTP_GET;
        e.path = path;
        e.tenant_scoped = scoped;
        auto fut = e.reply->get_future();
        auth_in.push(std::move(e));
        return fut.get();
    };

    // Sanity check that the DMSA is installed: /companies never needs the header.
    Response companies = call("/rest/v1.0/companies", false);
    std::cout << "companies: HTTP " << companies.status << "\n";

    Response vendors = call("/rest/v1.0/vendors?company_id=" + std::to_string(company_id), true);
    if (vendors.status == 200) {
        auto arr = parse_array(vendors.body);
        int synced = 0;
        for (size_t i = 0; i < arr->size(); ++i) {
            auto v = arr->getObject(static_cast<unsigned>(i));
            const Poco::Int64 vendor_id = v->getValue<Poco::Int64>("id");
            Poco::JSON::Object supplier;
            supplier.set("external_ref", "PROCORE-" + std::to_string(vendor_id));
            supplier.set("name", v->optValue<std::string>("name", ""));
            supplier.set("payment_terms_days", 30);
            supplier.set("procore_url", "https://app.procore.com/" + std::to_string(company_id) +
                                            "/company/directory/vendors/" + std::to_string(vendor_id));
            std::ostringstream body;
            supplier.stringify(body);
            Envelope e;
            e.method = HTTPRequest::HTTP_PUT;
            e.path = "/api/v2/suppliers/PROCORE-" + std::to_string(vendor_id);
            e.headers = {{"Content-Type", "application/json"}, {"X-Erp-Source", "procore-bridge"}};
            e.body = body.str();
            auto fut = e.reply->get_future();
            erp.inbox.push(std::move(e));
            if (fut.get().status / 100 == 2) ++synced;
        }
        std::cout << "suppliers synced: " << synced << "\n";
    }

    std::vector<TimecardQuery> queries;
    for (const char* p : {"PAYROLL_PROJECT_A", "PAYROLL_PROJECT_B"})
        if (const char* v = std::getenv(p)) queries.push_back({std::stol(v), std::getenv("PAYROLL_DATE")});
    for (const auto& q : queries) {
        Response r = call("/rest/v1.0/projects/" + std::to_string(q.project_id) +
                              "/timecard_entries?filters[date]=" + q.date, true);
        std::cout << "project " << q.project_id << " timecards: HTTP " << r.status
                  << " (" << (r.status == 200 ? parse_array(r.body)->size() : 0) << " entries)\n";
    }

    Envelope stop;
    stop.poison = true;
    auth_in.push(std::move(stop));
    auth.join();
    tenancy.join();
    return 0;
}
