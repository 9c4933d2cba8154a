// timecard - command line tool for field supervisors to log crew hours.
//
//   timecard [--env prod|sandbox|monthly] whoami
//   timecard [--env ...] companies
//   timecard [--env ...] list   <company_id> <project_id>
//   timecard [--env ...] add    <company_id> <project_id> <party_id> <hours> <date>
//   timecard [--env ...] delete <company_id> <project_id> <entry_id>
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

namespace tc {

enum class Env { Production, Sandbox, Monthly };

struct Hosts {
    const char* login;
    const char* api;
};

inline Hosts hostsFor(Env env) {
    switch (env) {
    case Env::Sandbox: return {"https://sandbox.procore.com", "https://sandbox.procore.com"};
    case Env::Monthly: return {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
    case Env::Production:
    default: return {"https://login.procore.com", "https://api.procore.com"};
    }
}

// ---- operations -----------------------------------------------------------
struct ExchangePassword { std::string client_id, client_secret, code, redirect_uri; };
struct WhoAmI {};
struct ListCompanies {};
struct ListTimecards  { int64_t company_id; int64_t project_id; };
struct CreateTimecard { int64_t company_id; int64_t project_id; int64_t party_id; double hours; std::string date; };
struct DeleteTimecard { int64_t company_id; int64_t project_id; int64_t entry_id; };

using Op = std::variant<ExchangePassword, WhoAmI, ListCompanies, ListTimecards, CreateTimecard, DeleteTimecard>;

struct Wire {
    bool oauth = false;
    std::string method = "GET";
    std::string path;
    std::list<std::string> headers;
    std::string body;
};

struct ToWire {
    Wire operator()(const ExchangePassword& o) const {
        Wire w;
        w.oauth = true;
        w.method = "POST";
        w.path = "/oauth/token";
        w.headers = {"Content-Type: application/x-www-form-urlencoded"};
        w.body = "grant_type=authorization_code&client_id=" + o.client_id + "&client_secret=" +
                 o.client_secret + "&code=" + o.code + "&redirect_uri=" + o.redirect_uri;
        return w;
    }
    Wire operator()(const WhoAmI&) const {
        Wire w;
        w.path = "/rest/v1.0/me";
        return w;
    }
    Wire operator()(const ListCompanies&) const {
        Wire w;
        w.path = "/rest/v1.0/companies";
        return w;
    }
    Wire operator()(const ListTimecards& o) const {
        Wire w;
        w.path = "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/timecard_entries";
        w.headers = {"Procore-Company-Id: " + std::to_string(o.company_id)};
        return w;
    }
    Wire operator()(const CreateTimecard& o) const {
        Json::Value entry;
        entry["party_id"] = Json::Int64(o.party_id);
        entry["hours"] = o.hours;
        entry["date"] = o.date;
        Json::Value root;
        root["timecard_entry"] = entry;
        Wire w;
        w.method = "POST";
        w.path = "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/timecard_entries";
        w.headers = {"Procore-Company-Id: " + std::to_string(o.company_id), "Content-Type: application/json"};
        w.body = Json::writeString(Json::StreamWriterBuilder(), root);
        return w;
    }
    Wire operator()(const DeleteTimecard& o) const {
        Wire w;
        w.method = "DELETE";
        w.path = "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/timecard_entries/" +
                 std::to_string(o.entry_id);
        w.headers = {"X-Procore-Company-Id: " + std::to_string(o.company_id)};
        return w;
    }
};

class Client {
public:
    explicit Client(Env env) : hosts_(hostsFor(env)) {}
    void setToken(std::string t) { token_ = std::move(t); }

    Json::Value call(const Op& op) {
        Wire w = std::visit(ToWire{}, op);
        std::string base = w.oauth ? hosts_.login : hosts_.api;
        if (!w.oauth) w.headers.push_back("Authorization: Bearer " + token_);

        std::ostringstream out;
        curlpp::Easy req;
        req.setOpt(new curlpp::options::Url(base + w.path));
        req.setOpt(new curlpp::options::HttpHeader(w.headers));
        req.setOpt(new curlpp::options::WriteStream(&out));
        req.setOpt(new curlpp::options::CustomRequest(w.method));
        if (!w.body.empty()) {
            req.setOpt(new curlpp::options::PostFields(w.body));
            req.setOpt(new curlpp::options::PostFieldSize(static_cast<long>(w.body.size())));
        }
        req.perform();

        int code = static_cast<int>(curlpp::infos::ResponseCode::get(req));
        Json::Value root;
        Json::Reader reader;
        if (!out.str().empty() && !reader.parse(out.str(), root))
            throw std::runtime_error("bad JSON from " + w.path);
        if (code >= 400) throw std::runtime_error(w.path + ": HTTP " + std::to_string(code));
        return root;
    }

private:
    Hosts hosts_;
    std::string token_;
};

} // namespace tc

static int usage() {
    std::cerr << "usage: timecard [--env prod|sandbox|monthly] whoami|companies|list|add|delete ...\n";
    return 64;
}

int main(int argc, char** argv) {
    using namespace tc;
    int i = 1;
    Env env = Env::Production;
    if (argc > 2 && std::string(argv[1]) == "--env") {
        std::string e = argv[2];
        env = e == "sandbox" ? Env::Sandbox : e == "monthly" ? Env::Monthly : Env::Production;
        i = 3;
    }
    if (i >= argc) return usage();
    std::string cmd = argv[i++];

    curlpp::Cleanup guard;
    Client client(env);
    const char* token = std::getenv("PROCORE_TOKEN");
    if (!token) {
        const char* code = std::getenv("PROCORE_AUTH_CODE");
        if (!code) return usage();
        Json::Value t = client.call(ExchangePassword{std::getenv("PROCORE_CLIENT_ID"),
                                                     std::getenv("PROCORE_CLIENT_SECRET"), code,
                                                     "urn:ietf:wg:oauth:2.0:oob"});
        client.setToken(t["access_token"].asString());
        std::cerr << "export PROCORE_TOKEN=" << t["access_token"].asString() << "\n";
    } else {
        client.setToken(token);
    }

    try {
        if (cmd == "whoami") {
            Json::Value me = client.call(WhoAmI{});
            std::cout << me["id"].asInt64() << " " << me["login"].asString() << "\n";
        } else if (cmd == "companies") {
            for (const auto& c : client.call(ListCompanies{}))
                std::cout << c["id"].asInt64() << "\t" << c["name"].asString() << "\n";
        } else if (cmd == "list" && argc - i >= 2) {
            int64_t company_id = std::stoll(argv[i]);
            int64_t project_id = std::stoll(argv[i + 1]);
            Json::Value entries = client.call(ListTimecards{company_id, project_id});
            for (Json::ArrayIndex n = 0; n < entries.size(); ++n)
                std::cout << entries[n]["id"].asInt64() << "\t" << entries[n]["date"].asString() << "\t"
                          << entries[n]["hours"].asString() << "\n";
            std::cout << entries.size() << " entries\n";
        } else if (cmd == "add" && argc - i >= 5) {
            int64_t company_id = std::stoll(argv[i]);
            int64_t project_id = std::stoll(argv[i + 1]);
            int party_id = std::stoi(argv[i + 2]);
            double hours = std::stod(argv[i + 3]);
            Json::Value created = client.call(CreateTimecard{company_id, project_id, party_id, hours, argv[i + 4]});
            std::cout << "created " << created["id"].asInt64() << "\n";
        } else if (cmd == "delete" && argc - i >= 3) {
            int64_t company_id = std::stoll(argv[i]);
            int64_t project_id = std::stoll(argv[i + 1]);
            int64_t entry_id = std::stoll(argv[i + 2]);
            client.call(DeleteTimecard{company_id, project_id, entry_id});
            std::cout << "deleted " << entry_id << "\n";
        } else {
            return usage();
        }
    } catch (const std::exception& ex) {
        std::cerr << "timecard: " << ex.what() << "\n";
        return 1;
    }
    return 0;
}
