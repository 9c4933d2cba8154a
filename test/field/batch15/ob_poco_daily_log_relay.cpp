// ob_poco_daily_log_relay.cpp
//
// Relays crew notes from the yard system into Procore daily logs. Requests are
// published as Envelope events on a topic bus ("project.notes.create",
// "directory.vendors", ...). Handlers subscribe with a topic pattern; a
// trailing ".*" matches a whole family, "*" matches everything.
#include <Poco/Dynamic/Var.h>
#include <Poco/Environment.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#define PROCORE_AUTH_HOST "app.procore.com"
#define PROCORE_API_HOST "api.procore.com"

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

struct Envelope {
    std::string topic;
    std::string host;
    std::string path;
    std::string method = HTTPRequest::HTTP_GET;
    std::map<std::string, std::string> headers;
    std::string body;
    int status = 0;
    std::string reply;
};

class TopicBus {
public:
    using Handler = std::function<void(Envelope&)>;

    int on(const std::string& pattern, Handler h) {
        handlers_.push_back({++seq_, pattern, std::move(h)});
        return seq_;
    }
    void off(int id) {
        for (auto it = handlers_.begin(); it != handlers_.end(); ++it)
            if (it->id == id) { handlers_.erase(it); return; }
    }
    void publish(Envelope& env) {
        for (auto& h : handlers_)
            if (matches(h.pattern, env.topic)) h.fn(env);
    }

private:
    static bool matches(const std::string& pattern, const std::string& topic) {
        if (pattern == "*") return true;
        if (pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0)
            return topic.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
        return pattern == topic;
    }
    struct Entry {
        int id;
        std::string pattern;
        Handler fn;
    };
    std::vector<Entry> handlers_;
    int seq_ = 0;
};

static Poco::Net::Context::Ptr tls() {
    static Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
    return ctx;
}

static void https_sink(Envelope& env) {
    const Poco::UInt16 port = 443;
    Poco::Net::HTTPSClientSession session(env.host, port, tls());
    session.setTimeout(Poco::Timespan(20, 0));
    HTTPRequest req(env.method, env.path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& h : env.headers) req.set(h.first, h.second);
    if (!env.body.empty()) {
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(env.body.size()));
    }
    std::ostream& out = session.sendRequest(req);
    out << env.body;
    HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    env.status = static_cast<int>(resp.getStatus());
    std::ostringstream ss;
    Poco::StreamCopier::copyStream(in, ss);
    env.reply = ss.str();
}

static Poco::JSON::Array::Ptr parse_array(const std::string& s) {
    return Poco::JSON::Parser().parse(s).extract<Poco::JSON::Array::Ptr>();
}

int main() {
    using Poco::Environment;
    const Poco::Int64 company_id = std::stoll(Environment::get("PROCORE_COMPANY_ID"));
    const Poco::Int64 project_id = std::stoll(Environment::get("PROCORE_PROJECT_ID"));
    std::string access_token;

    TopicBus bus;
    bus.on("*", [&](Envelope& e) {
        if (e.host.find("procore.com") != std::string::npos && e.topic.rfind("oauth.", 0) != 0)
            e.headers["Authorization"] = "Bearer " + access_token;
    });
    bus.on("project.*", [&](Envelope& e) { e.headers["Procore-Company-Id"] = std::to_string(company_id); });
    // Directory sync module (ported from the old vendor importer).
    bus.on("directory.*", [&](Envelope& e) { e.headers["X-Procore-Company-Id"] = std::to_string(company_id); });
    const int trace = bus.on("*", [](Envelope& e) { std::clog << "-> " << e.method << " " << e.host << e.path << "\n"; });
    bus.on("*", https_sink);

    // Refresh the relay's token.
    Envelope refresh{"oauth.token", PROCORE_AUTH_HOST, "/oauth/token", HTTPRequest::HTTP_POST};
    Poco::JSON::Object grant;
    grant.set("grant_type", "refresh_token");
    grant.set("refresh_token", Environment::get("PROCORE_REFRESH_TOKEN"));
    grant.set("client_id", Environment::get("PROCORE_CLIENT_ID"));
    grant.set("client_secret", Environment::get("PROCORE_CLIENT_SECRET"));
    std::ostringstream gb;
    grant.stringify(gb);
    refresh.body = gb.str();
    bus.publish(refresh);
    if (refresh.status != 200) {
        std::cerr << "refresh failed (" << refresh.status << ")\n";
        return 1;
    }
    access_token = Poco::JSON::Parser().parse(refresh.reply).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("access_token");

    Envelope me{"user.me", PROCORE_API_HOST, "/rest/v1.0/me"};
    bus.publish(me);

    // Map yard crew codes to Procore vendors.
    Envelope vendors{"directory.vendors", PROCORE_API_HOST,
                     "/rest/v1.0/vendors?company_id=" + std::to_string(company_id) + "&filters[is_active]=true"};
    bus.publish(vendors);
    std::map<std::string, Poco::Int64> vendor_by_code;
    if (vendors.status == 200) {
        auto arr = parse_array(vendors.reply);
        for (size_t i = 0; i < arr->size(); ++i) {
            auto v = arr->getObject(static_cast<unsigned>(i));
            unsigned vendor_id = v->getValue<unsigned>("id");
            if (v->has("abbreviated_name")) vendor_by_code[v->getValue<std::string>("abbreviated_name")] = vendor_id;
        }
    }

    bus.off(trace);

    // Yesterday's crew notes, one line per note: CODE|text
    std::string line;
    int relayed = 0;
    const std::string date = Environment::get("LOG_DATE", "2024-05-01");
    while (std::getline(std::cin, line)) {
        const auto bar = line.find('|');
        if (bar == std::string::npos) continue;
        const auto code = line.substr(0, bar);

        Envelope note{"project.notes.create", PROCORE_API_HOST,
                      "/rest/v1.0/projects/" + std::to_string(project_id) + "/notes_logs", HTTPRequest::HTTP_POST};
        Poco::JSON::Object entry, wrapper;
        entry.set("date", date);
        entry.set("comment", line.substr(bar + 1));
        auto found = vendor_by_code.find(code);
        if (found != vendor_by_code.end()) entry.set("vendor_id", found->second);
        wrapper.set("notes_log", entry);
        std::ostringstream nb;
        wrapper.stringify(nb);
        note.body = nb.str();
        bus.publish(note);
        if (note.status == 201) ++relayed;
    }

    Envelope logs{"project.daily_logs", PROCORE_API_HOST,
                  "/rest/v1.0/projects/" + std::to_string(project_id) + "/daily_logs?filters[start_date]=" + date};
    bus.publish(logs);

    Envelope slack{"chat.slack", "hooks.slack.com", Environment::get("SLACK_WEBHOOK_PATH", "/services/T0/B0/x"),
                   HTTPRequest::HTTP_POST};
    slack.body = "{\"text\":\"Relayed " + std::to_string(relayed) + " crew notes. Review: https://app.procore.com/" +
                 std::to_string(project_id) + "/project/daily_log/list\"}";
    bus.publish(slack);

    // Done for today: revoke so a leaked token is useless overnight.
    Envelope revoke{"oauth.revoke", "login.procore.com", "/oauth/revoke", HTTPRequest::HTTP_POST};
    revoke.body = "{\"token\":\"" + access_token + "\",\"client_id\":\"" + Environment::get("PROCORE_CLIENT_ID") +
                  "\",\"client_secret\":\"" + Environment::get("PROCORE_CLIENT_SECRET") + "\"}";
    bus.publish(revoke);
    return 0;
}
