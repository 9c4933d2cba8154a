// rx_webhook_erp_relay.cpp
//
// Receives Procore webhook deliveries, turns each one into an event on an
// in-process bus, and lets the subscribers fetch the full resource from
// Procore and forward it to the ERP (Vista gateway). Write-backs to Procore
// (the ERP document number) are published as events as well.
//
// Build: g++ -std=c++17 rx_webhook_erp_relay.cpp -lssl -lcrypto -pthread
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

using nlohmann::json;

namespace relay {

struct Event {
    std::string name;
    json payload;
};

class EventBus {
public:
    using Handler = std::function<void(const Event&)>;

    void subscribe(const std::string& name, Handler h) {
        std::lock_guard<std::mutex> lock(mu_);
        handlers_[name].push_back(std::move(h));
    }

    void publish(const Event& ev) {
        std::vector<Handler> targets;
        {
            std::lock_guard<std::mutex> lock(mu_);
            auto it = handlers_.find(ev.name);
            if (it == handlers_.end()) {
                std::cerr << "[bus] no subscriber for " << ev.name << "\n";
                return;
            }
            targets = it->second;
        }
        for (auto& h : targets) h(ev);
    }

private:
    std::mutex mu_;
    std::map<std::string, std::vector<Handler>> handlers_;
};

struct RelayConfig {
    std::string procore_api = "https://api.procore.com";
    std::string procore_login = "https://login.procore.com";
    std::string erp_base = "https://vista-gateway.acme-builders.internal";
    int listen_port = 8088;
    std::int64_t company_id = 0;
    std::string client_id, client_secret, refresh_token, access_token;
};

class ProcoreClient {
public:
    using Interceptor = std::function<void(httplib::Headers&)>;

    explicit ProcoreClient(RelayConfig& cfg) : cfg_(cfg), api_(cfg.procore_api) {
        api_.set_read_timeout(30, 0);
    }

    void add_interceptor(Interceptor i) { interceptors_.push_back(std::move(i)); }

    httplib::Result get(const std::string& path) {
        auto headers = base_headers();
        for (auto& i : interceptors_) i(headers);
        return api_.Get(path.c_str(), headers);
    }

    httplib::Result patch(const std::string& path, const json& body) {
        auto headers = base_headers();
        for (auto& i : interceptors_) i(headers);
        return api_.Patch(path.c_str(), headers, body.dump(), "application/json");
    }

    // Identity lookups don't need the interceptors.
    httplib::Result get_plain(const std::string& path) {
        return api_.Get(path.c_str(), base_headers());
    }

    bool refresh() {
        httplib::Client login(cfg_.procore_login);
        httplib::Params form{{"grant_type", "refresh_token"},
                             {"client_id", cfg_.client_id},
                             {"client_secret", cfg_.client_secret},
                             {"refresh_token", cfg_.refresh_token}};
        auto res = login.Post("/oauth/token", form);
        if (!res || res->status != 200) return false;
        auto tok = json::parse(res->body);
        cfg_.access_token = tok.at("access_token").get<std::string>();
        cfg_.refresh_token = tok.value("refresh_token", cfg_.refresh_token);
        return true;
    }

private:
    httplib::Headers base_headers() const {
        return {{"Authorization", "Bearer " + cfg_.access_token}, {"Accept", "application/json"}};
    }

    RelayConfig& cfg_;
    httplib::Client api_;
    std::vector<Interceptor> interceptors_;
};

void wire(EventBus& bus, ProcoreClient& procore, RelayConfig& cfg) {
    procore.add_interceptor([&cfg](httplib::Headers& h) {
        h.emplace("Procore-Company-Id", std::to_string(cfg.company_id));
    });

    bus.subscribe("procore.Commitment Change Orders", [&](const Event& ev) {
        const std::int64_t project_id = ev.payload.at("project_id").get<std::int64_t>();
        const std::int64_t cco_id = ev.payload.at("resource_id").get<std::int64_t>();
        auto res = procore.get("/rest/v1.0/projects/" + std::to_string(project_id) +
                               "/commitment_change_orders/" + std::to_string(cco_id));
        if (!res || res->status != 200) {
            bus.publish({"relay.failed", {{"resource_id", cco_id}, {"stage", "fetch"}}});
            return;
        }
        bus.publish({"erp.push", {{"kind", "cco"}, {"project_id", project_id},
                                  {"resource_id", cco_id}, {"record", json::parse(res->body)}}});
    });

    bus.subscribe("procore.Change Events", [&](const Event& ev) {
        const std::int64_t project_id = ev.payload.at("project_id").get<std::int64_t>();
        int change_event_id = ev.payload.at("resource_id").get<int>();
        auto res = procore.get_plain("/rest/v1.0/change_events/" + std::to_string(change_event_id) +
                                     "?project_id=" + std::to_string(project_id));
        if (!res || res->status != 200) {
            bus.publish({"relay.failed", {{"resource_id", change_event_id}, {"stage", "fetch"}}});
            return;
        }
        bus.publish({"erp.push", {{"kind", "change_event"}, {"project_id", project_id},
                                  {"resource_id", change_event_id}, {"record", json::parse(res->body)}}});
    });

    bus.subscribe("erp.push", [&](const Event& ev) {
        httplib::Client erp(cfg.erp_base);
        const auto& rec = ev.payload.at("record");
        json doc = {
            {"source", "procore"},
            {"kind", ev.payload.at("kind")},
            {"external_id", ev.payload.at("resource_id")},
            {"record", rec},
            {"link", "https://app.procore.com/" + std::to_string(cfg.company_id) + "/project/home"},
        };
        auto res = erp.Post("/api/v2/change-documents", doc.dump(), "application/json");
        if (res && res->status == 201) {
            auto ack = json::parse(res->body);
            bus.publish({"procore.writeback", {{"kind", ev.payload.at("kind")},
                                               {"project_id", ev.payload.at("project_id")},
                                               {"resource_id", ev.payload.at("resource_id")},
                                               {"erp_number", ack.value("document_number", "")}}});
        } else {
            bus.publish({"relay.failed", {{"resource_id", ev.payload.at("resource_id")}, {"stage", "erp"}}});
        }
    });

    bus.subscribe("procore.writeback", [&](const Event& ev) {
        if (ev.payload.at("kind") != "cco") return;  // change events have no custom field yet
        const auto project_id = ev.payload.at("project_id").get<std::int64_t>();
        const auto cco_id = ev.payload.at("resource_id").get<std::int64_t>();
        json body = {{"commitment_change_order", {{"number", ev.payload.at("erp_number")}}}};
        auto res = procore.patch("/rest/v1.0/projects/" + std::to_string(project_id) +
                                 "/commitment_change_orders/" + std::to_string(cco_id), body);
        if (!res || res->status >= 300)
            std::cerr << "[writeback] cco " << cco_id << " failed\n";
    });

    bus.subscribe("relay.failed", [](const Event& ev) {
        std::cerr << "[relay] failed: " << ev.payload.dump() << "\n";
    });
}

}  // namespace relay

int main(int argc, char** argv) {
    relay::RelayConfig cfg;
    if (const char* c = std::getenv("PROCORE_COMPANY_ID")) cfg.company_id = std::strtoll(c, nullptr, 10);
    if (const char* v = std::getenv("PROCORE_CLIENT_ID")) cfg.client_id = v;
    if (const char* v = std::getenv("PROCORE_CLIENT_SECRET")) cfg.client_secret = v;
    if (const char* v = std::getenv("PROCORE_REFRESH_TOKEN")) cfg.refresh_token = v;

    relay::EventBus bus;
    relay::ProcoreClient procore(cfg);
    if (!procore.refresh()) {
        std::cerr << "token refresh failed\n";
        return 1;
    }

    auto me = procore.get_plain("/rest/v1.0/me");
    if (me && me->status == 200)
        std::cout << "relay running as " << json::parse(me->body).value("login", "?") << "\n";

    // One-off: point the company's webhook hook at this relay.
    if (argc > 1 && std::string(argv[1]) == "--register") {
        const char* public_url = std::getenv("RELAY_PUBLIC_URL");
        httplib::Client admin("https://app.procore.com");
        httplib::Headers h{{"Authorization", "Bearer " + cfg.access_token},
                           {"Procore-Company-Id", std::to_string(cfg.company_id)}};
        json hook = {{"hook", {{"api_version", "v2"},
                               {"namespace", "acme-erp-relay"},
                               {"destination_url", public_url ? public_url : ""}}}};
        auto res = admin.Post(("/rest/v1.0/webhooks/hooks?company_id=" + std::to_string(cfg.company_id)).c_str(), h,
                              hook.dump(), "application/json");
        const int status = res ? res->status : -1;
        std::cout << "register hook: HTTP " << status << "\n";
        return status == 201 ? 0 : 1;
    }

    relay::wire(bus, procore, cfg);

    httplib::Server server;
    server.Post("/hooks/procore", [&](const httplib::Request& req, httplib::Response& res) {
        json hook = json::parse(req.body, nullptr, false);
        if (hook.is_discarded() || !hook.contains("resource_name")) {
            res.status = 400;
            return;
        }
        res.status = 202;  // ack fast, Procore retries on timeouts
        bus.publish({"procore." + hook["resource_name"].get<std::string>(), hook});
    });
    std::cout << "listening on :" << cfg.listen_port << "\n";
    server.listen("0.0.0.0", cfg.listen_port);
    return 0;
}
