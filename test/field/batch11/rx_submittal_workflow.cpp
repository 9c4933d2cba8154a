// rx_submittal_workflow.cpp - submittal workflow engine (service account)
//
// Runs nightly under a Developer Managed Service Account. Work is expressed as
// commands queued on a dispatcher; each command name maps to a handler that
// performs the HTTP call, and the dispatcher runs the command's on_success /
// on_error continuation with the parsed result. Header interceptors are
// registered per command namespace.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

using nlohmann::json;

struct Env {
    std::string login;
    std::string api;
};

static const std::map<std::string, Env> kEnvs = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

struct Command {
    std::string name;
    json args;
    std::function<void(const json&)> on_success;
    std::function<void(const std::string&)> on_error;
};

class Dispatcher {
public:
    using Handler = std::function<cpr::Response(const Command&)>;
    using Interceptor = std::function<void(cpr::Header&)>;

    void handle(const std::string& name, Handler h) { handlers_[name] = std::move(h); }
    void intercept(const std::string& prefix, Interceptor i) { interceptors_.emplace_back(prefix, std::move(i)); }
    void enqueue(Command c) { queue_.push_back(std::move(c)); }

    cpr::Header headers_for(const Command& cmd) const {
        cpr::Header h{{"Accept", "application/json"}};
        for (const auto& [prefix, fn] : interceptors_)
            if (cmd.name.compare(0, prefix.size(), prefix) == 0) fn(h);
        return h;
    }

    void run() {
        while (!queue_.empty()) {
            Command cmd = std::move(queue_.front());
            queue_.pop_front();
            auto it = handlers_.find(cmd.name);
            if (it == handlers_.end()) {
                if (cmd.on_error) cmd.on_error("no handler for " + cmd.name);
                continue;
            }
            cpr::Response r = it->second(cmd);
            if (r.status_code >= 200 && r.status_code < 300) {
                if (cmd.on_success) cmd.on_success(r.text.empty() ? json::object() : json::parse(r.text));
            } else if (cmd.on_error) {
                cmd.on_error(cmd.name + ": HTTP " + std::to_string(r.status_code) + " " + r.text);
            }
        }
    }

private:
    std::map<std::string, Handler> handlers_;
    std::vector<std::pair<std::string, Interceptor>> interceptors_;
    std::deque<Command> queue_;
};

struct WorkflowState {
    Env env;
    std::string token;
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    std::map<std::int64_t, int> reminders_sent;  // submittal id -> reminder count
    std::string sendgrid_key;
};

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: submittal-workflow <env> <company_id> <project_id>\n";
        return 2;
    }
    WorkflowState st;
    st.env = kEnvs.at(argv[1]);
    st.company_id = std::stoll(argv[2]);
    st.project_id = std::stoll(argv[3]);
    const char* sg = std::getenv("SENDGRID_API_KEY");
    st.sendgrid_key = sg ? sg : "";

    // Service account: client credentials, no user in the loop.
    cpr::Response tok = cpr::Post(cpr::Url{st.env.login + "/oauth/token"},
                                  cpr::Payload{{"grant_type", "client_credentials"},
                                               {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                                               {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")}});
    if (tok.status_code != 200) {
        std::cerr << "token request failed: " << tok.status_code << "\n";
        return 1;
    }
    st.token = json::parse(tok.text).at("access_token").get<std::string>();

    Dispatcher d;
    d.intercept("", [&st](cpr::Header& h) { h["Authorization"] = "Bearer " + st.token; });
    auto company_header = [&st](cpr::Header& h) { h["Procore-Company-Id"] = std::to_string(st.company_id); };
    d.intercept("identity.", company_header);
    d.intercept("submittals.", company_header);
    d.intercept("workflow.", company_header);

    d.handle("identity.whoami", [&](const Command& c) {
        return cpr::Get(cpr::Url{st.env.api + "/rest/v1.0/me"}, d.headers_for(c));
    });
    d.handle("company.resolve", [&](const Command& c) {
        return cpr::Get(cpr::Url{st.env.api + "/rest/v1.0/companies"}, d.headers_for(c));
    });
    d.handle("submittals.list", [&](const Command& c) {
        return cpr::Get(cpr::Url{st.env.api + "/rest/v1.1/projects/" + std::to_string(st.project_id) + "/submittals"},
                        d.headers_for(c), cpr::Parameters{{"filters[status_id]", c.args.value("status", "")}});
    });
    d.handle("workflow.advance", [&](const Command& c) {
        cpr::Session s;
        s.SetUrl(cpr::Url{st.env.api + "/rest/v1.1/projects/" + std::to_string(st.project_id) + "/submittals/" +
                          std::to_string(c.args.at("submittal_id").get<std::int64_t>())});
        s.SetHeader(d.headers_for(c));
        s.UpdateHeader(cpr::Header{{"Content-Type", "application/json"}});
        s.SetBody(cpr::Body{json{{"submittal", {{"status_id", c.args.at("status_id")}}}}.dump()});
        return s.Patch();
    });
    d.handle("notify.email", [&](const Command& c) {
        json mail = {{"personalizations", {{{"to", {{{"email", c.args.at("to")}}}}}}},
                     {"from", {{"email", "workflow@acme-builders.com"}}},
                     {"subject", c.args.at("subject")},
                     {"content", {{{"type", "text/plain"}, {"value", c.args.at("body")}}}}};
        return cpr::Post(cpr::Url{"https://api.sendgrid.com/v3/mail/send"},
                         cpr::Header{{"Authorization", "Bearer " + st.sendgrid_key},
                                     {"Content-Type", "application/json"}},
                         cpr::Body{mail.dump()});
    });

    auto log_error = [](const std::string& e) { std::cerr << "[workflow] " << e << "\n"; };

    d.enqueue({"identity.whoami", {}, [](const json& me) { std::cout << "running as " << me.value("login", "?") << "\n"; },
               log_error});
    d.enqueue({"company.resolve", {}, [&st](const json& companies) {
                   for (const auto& c : companies)
                       if (c.at("id").get<std::int64_t>() == st.company_id)
                           std::cout << "company: " << c.value("name", "") << "\n";
               },
               log_error});
    d.enqueue({"submittals.list", {{"status", "open"}}, [&](const json& subs) {
                   for (const auto& s : subs) {
                       const auto submittal_id = s.at("id").get<std::int64_t>();
                       if (!s.contains("approvers") || s["approvers"].empty()) continue;
                       const auto& first = s["approvers"][0];
                       int32_t approver_id = first.at("user").at("id").get<int32_t>();
                       const std::string resp = first.value("response_name", "");
                       if (resp == "Approved" || resp == "Approved as Noted") {
                           d.enqueue({"workflow.advance", {{"submittal_id", submittal_id}, {"status_id", 3}},
                                      [submittal_id](const json&) { std::cout << "advanced " << submittal_id << "\n"; },
                                      log_error});
                       } else if (++st.reminders_sent[submittal_id] <= 3) {
                           d.enqueue({"notify.email",
                                      {{"to", first.at("user").value("email", "")},
                                       {"subject", "Submittal waiting on you: " + s.value("title", "")},
                                       {"body", "Open it at https://app.procore.com/" + std::to_string(st.project_id) +
                                                    "/project/submittal_logs/" + std::to_string(submittal_id) +
                                                    " (approver " + std::to_string(approver_id) + ")"}},
                                      nullptr, log_error});
                       }
                   }
               },
               log_error});
    d.run();
    return 0;
}
