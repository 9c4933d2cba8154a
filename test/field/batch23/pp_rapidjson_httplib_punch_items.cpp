// punch_sync/punch_client.cpp
//
// Punch-list sync used by the closeout tablets. PunchListClient is the public
// facade; PunchListClient::Impl owns the environment endpoints, the company id
// and the OAuth tokens, and talks to Procore through HttplibTransport.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace punchsync {

struct Endpoints {
    const char* login;
    const char* api;
};

const std::map<std::string, Endpoints> kEndpoints = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly",
     {"https://api-monthly.procore.com",
      "https://api-monthly.procore.com"}},
};

enum class Verb { Get, Post, Patch };

struct PunchRequest {
    Verb verb = Verb::Get;
    std::string path;
    std::string body;
    std::string content_type = "application/json";
    httplib::Headers headers;
};

struct PunchResponse {
    int status = 0;
    std::string body;
};

struct PunchItem {
    int64_t id = 0;
    std::string name;
    std::string status;
    int64_t location_id = 0;
    uint32_t ball_in_court_id = 0;
};

class HttplibTransport {
public:
    explicit HttplibTransport(const std::string& base) : cli_(base) {
        cli_.set_connection_timeout(10);
        cli_.set_read_timeout(60);
    }

    PunchResponse execute(const PunchRequest& r) {
        switch (r.verb) {
        case Verb::Get:
            return wrap(cli_.Get(r.path.c_str(), r.headers));
        case Verb::Post:
            return wrap(cli_.Post(r.path.c_str(), r.headers, r.body, r.content_type.c_str()));
        case Verb::Patch:
            return wrap(cli_.Patch(r.path.c_str(), r.headers, r.body, r.content_type.c_str()));
        }
        return {};
    }

private:
    static PunchResponse wrap(const httplib::Result& res) {
        if (!res) return {0, httplib::to_string(res.error())};
        return {res->status, res->body};
    }
    httplib::Client cli_;
};

class PunchListClient {
public:
    PunchListClient(const std::string& env, int64_t company_id, std::string client_id,
                    std::string client_secret, std::string refresh_token);
    ~PunchListClient();

    bool refresh();
    std::string companies();
    std::string projects();
    std::vector<PunchItem> openItems(int64_t project_id, int page);
    PunchItem item(int64_t project_id, int64_t item_id);
    bool close(int64_t project_id, int64_t item_id);
    int64_t create(int64_t project_id, const std::string& name, int64_t location_id);

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

class PunchListClient::Impl {
public:
    Impl(const Endpoints& ep, int64_t company_id, std::string id, std::string secret,
         std::string refresh)
        : login_(ep.login), api_(ep.api), company_id_(company_id), client_id_(std::move(id)),
          client_secret_(std::move(secret)), refresh_(std::move(refresh)) {}

    bool refresh() {
        PunchRequest r;
        r.verb = Verb::Post;
        r.path = "/oauth/token";
        r.content_type = "application/x-www-form-urlencoded";
        r.body = "grant_type=refresh_token&refresh_token=" + refresh_ + "&client_id=" + client_id_ +
                 "&client_secret=" + client_secret_;
        PunchResponse res = login_.execute(r);
        rapidjson::Document doc;
        if (res.status != 200 || doc.Parse(res.body.c_str()).HasParseError()) return false;
        access_ = doc["access_token"].GetString();
        refresh_ = doc["refresh_token"].GetString();
        return true;
    }

    PunchResponse send(PunchRequest r) {
        r.headers.emplace("Authorization", "Bearer " + access_);
        return api_.execute(r);
    }

    PunchResponse sendCompany(PunchRequest r) {
        r.headers.emplace("Procore-Company-Id", std::to_string(company_id_));
        return send(std::move(r));
    }

    int64_t companyId() const { return company_id_; }

    static PunchItem parse(const rapidjson::Value& v) {
        PunchItem p;
        p.id = v["id"].GetInt64();
        p.name = v["name"].GetString();
        p.status = v["status"].GetString();
        if (v.HasMember("location") && v["location"].IsObject())
            p.location_id = v["location"]["id"].GetInt64();
        if (v.HasMember("ball_in_court") && v["ball_in_court"].IsArray() &&
            !v["ball_in_court"].Empty())
            p.ball_in_court_id = v["ball_in_court"][0]["id"].GetUint();
        return p;
    }

private:
    HttplibTransport login_;
    HttplibTransport api_;
    int64_t company_id_;
    std::string client_id_;
    std::string client_secret_;
    std::string refresh_;
    std::string access_;
};

PunchListClient::PunchListClient(const std::string& env, int64_t company_id, std::string client_id,
                                 std::string client_secret, std::string refresh_token)
    : impl_(std::make_unique<Impl>(kEndpoints.at(env), company_id, std::move(client_id),
                                   std::move(client_secret), std::move(refresh_token))) {}

PunchListClient::~PunchListClient() = default;

bool PunchListClient::refresh() { return impl_->refresh(); }

std::string PunchListClient::companies() {
    PunchRequest r;
    r.path = "/rest/v1.0/companies";
    return impl_->send(r).body;
}

std::string PunchListClient::projects() {
    PunchRequest r;
    r.path = "/rest/v1.0/projects?company_id=" + std::to_string(impl_->companyId());
    return impl_->send(r).body;
}

std::vector<PunchItem> PunchListClient::openItems(int64_t project_id, int page) {
    PunchRequest r;
    r.path = "/rest/v1.0/punch_items?project_id=" + std::to_string(project_id) +
             "&filters[status]=open&page=" + std::to_string(page);
    std::vector<PunchItem> out;
    rapidjson::Document doc;
    if (doc.Parse(impl_->sendCompany(r).body.c_str()).HasParseError() || !doc.IsArray()) return out;
    for (const auto& v : doc.GetArray()) out.push_back(Impl::parse(v));
    return out;
}

PunchItem PunchListClient::item(int64_t project_id, int64_t item_id) {
    PunchRequest r;
    r.path = "/rest/v1.0/punch_items/" + std::to_string(item_id) + "?project_id=" +
             std::to_string(project_id);
    r.headers.emplace("Procore-Company-Id", std::to_string(impl_->companyId()));
    rapidjson::Document doc;
    doc.Parse(impl_->send(r).body.c_str());
    return doc.IsObject() ? Impl::parse(doc) : PunchItem{};
}

bool PunchListClient::close(int64_t project_id, int64_t item_id) {
    PunchRequest r;
    r.verb = Verb::Patch;
    r.path = "/rest/v1.0/punch_items/" + std::to_string(item_id) + "?project_id=" +
             std::to_string(project_id);
    r.body = R"({"punch_item":{"status":"closed"}})";
    return impl_->send(r).status == 200;
}

int64_t PunchListClient::create(int64_t project_id, const std::string& name, int64_t location_id) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("punch_item");
    w.StartObject();
    w.Key("name");
    w.String(name.c_str());
    w.Key("location_id");
    w.Int64(location_id);
    w.EndObject();
    w.EndObject();

    PunchRequest r;
    r.verb = Verb::Post;
    r.path = "/rest/v1.0/punch_items?project_id=" + std::to_string(project_id);
    r.body = buf.GetString();
    rapidjson::Document doc;
    doc.Parse(impl_->sendCompany(r).body.c_str());
    return doc.IsObject() && doc.HasMember("id") ? doc["id"].GetInt64() : 0;
}

// Files a ticket in the internal tracker when a sync run fails.
int openTrackerIssue(const std::string& title) {
    httplib::Client gh("https://api.github.com");
    httplib::Headers h{{"Authorization", std::string("token ") + std::getenv("GH_TOKEN")}};
    const std::string body = "{\"title\":\"" + title + "\"}";
    auto res = gh.Post("/repos/acme-builders/punch-sync/issues", h, body, "application/json");
    rapidjson::Document doc;
    if (!res || doc.Parse(res->body.c_str()).HasParseError()) return -1;
    return doc["number"].GetInt();
}

}  // namespace punchsync

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: punch-sync <env> <company_id> <project_id> [close <item_id>]\n";
        return 2;
    }
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_CLIENT_SECRET");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !secret || !refresh) return 2;

    const int64_t company_id = std::strtoll(argv[2], nullptr, 10);
    long project_id = std::strtol(argv[3], nullptr, 10);
    punchsync::PunchListClient client(argv[1], company_id, cid, secret, refresh);
    if (!client.refresh()) {
        punchsync::openTrackerIssue("punch-sync: token refresh failed");
        return 1;
    }
    std::cout << client.companies() << "\n" << client.projects() << "\n";

    int total = 0;
    for (int page = 1;; ++page) {
        auto items = client.openItems(project_id, page);
        if (items.empty()) break;
        total += static_cast<int>(items.size());
    }
    std::cout << total << " open punch items\n";

    if (argc > 5 && std::string(argv[4]) == "close") {
        const int64_t item_id = std::strtoll(argv[5], nullptr, 10);
        std::cout << client.item(project_id, item_id).name << "\n";
        if (!client.close(project_id, item_id)) {
            const int issue = punchsync::openTrackerIssue("punch-sync: close failed");
            std::cerr << "close failed, tracked as #" << issue << "\n";
        }
    } else if (argc > 5 && std::string(argv[4]) == "add") {
        std::cout << client.create(project_id, argv[5], 0) << "\n";
    }
    return 0;
}
