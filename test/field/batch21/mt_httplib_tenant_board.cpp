// tenant_board: tiny internal web app for the support team. It runs on a
// jump box and shows, per customer company, the projects, open RFIs and the
// company directory, using the integration user that every customer adds to
// their Procore directory. One httplib::Client per company, created on first
// use with that company's default headers and then reused.
//
//   GET /tenants                      companies the integration user can see
//   GET /tenants/<company>/projects
//   GET /tenants/<company>/rfis?project=<project>
//   GET /tenants/<company>/people

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

const char* const kApiBase = "https://api.procore.com";
const char* const kLoginBase = "https://login.procore.com";

struct TenantSettings {
    std::int64_t company_id;
    std::string display_name;
    bool enabled;
};

// Overrides from ops; companies not listed here are shown with their Procore name.
const std::vector<TenantSettings> kTenantSettings = {
    {18432, "Halvorsen (pilot)", true},
    {27713, "Northgate GC", true},
    {31007, "Brightline - churned", false},
};

Json::Value parse_json(const std::string& text) {
    Json::CharReaderBuilder b;
    Json::Value v;
    std::string errs;
    std::istringstream in(text);
    if (!Json::parseFromStream(b, in, &v, &errs)) return Json::Value(Json::arrayValue);
    return v;
}

std::string to_text(const Json::Value& v) {
    Json::StreamWriterBuilder w;
    w["indentation"] = "  ";
    return Json::writeString(w, v);
}

class TenantDirectory {
public:
    explicit TenantDirectory(std::string token) : token_(std::move(token)), bootstrap_(kApiBase) {
        bootstrap_.set_bearer_token_auth(token_.c_str());
    }

    bool token_valid() {
        httplib::Client login(kLoginBase);
        auto res = login.Get("/oauth/token/info", {{"Authorization", "Bearer " + token_}});
        return res && res->status == 200;
    }

    // Before any company is picked: which companies can we see at all?
    Json::Value companies() {
        std::lock_guard<std::mutex> lock(mu_);
        auto res = bootstrap_.Get("/rest/v1.0/companies");
        if (!res || res->status != 200) return Json::Value(Json::arrayValue);
        return parse_json(res->body);
    }

    httplib::Client& client_for(std::int64_t company_id) {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = clients_.find(company_id);
        if (it != clients_.end()) return *it->second;
        auto cli = std::make_unique<httplib::Client>(kApiBase);
        cli->set_bearer_token_auth(token_.c_str());
        cli->set_default_headers({{"Procore-Company-Id", std::to_string(company_id)},
                                  {"Accept", "application/json"}});
        cli->set_read_timeout(20, 0);
        return *clients_.emplace(company_id, std::move(cli)).first->second;
    }

    Json::Value company_people(std::int64_t company_id) {
        httplib::Client admin(kApiBase);
        admin.set_bearer_token_auth(token_.c_str());
        httplib::Headers h = {{"X-Procore-Company-Id", std::to_string(company_id)}};
        auto res = admin.Get(("/rest/v1.0/companies/" + std::to_string(company_id) + "/users").c_str(), h);
        if (!res || res->status != 200) return Json::Value(Json::arrayValue);
        return parse_json(res->body);
    }

private:
    std::string token_;
    httplib::Client bootstrap_;
    std::mutex mu_;
    std::unordered_map<std::int64_t, std::unique_ptr<httplib::Client>> clients_;
};

const TenantSettings* settings_for(std::int64_t company_id) {
    for (const auto& t : kTenantSettings)
        if (t.company_id == company_id) return &t;
    return nullptr;
}

void reply_json(httplib::Response& res, const Json::Value& v) {
    res.set_content(to_text(v), "application/json");
}

}  // namespace

int main(int argc, char** argv) {
    const char* token = std::getenv("PROCORE_ACCESS_TOKEN");
    if (!token) {
        std::cerr << "PROCORE_ACCESS_TOKEN missing\n";
        return 2;
    }
    const int port = argc > 1 ? std::atoi(argv[1]) : 8088;

    TenantDirectory dir(token);
    if (!dir.token_valid()) {
        std::cerr << "token rejected by Procore; re-run the OAuth helper\n";
        return 3;
    }

    httplib::Server svr;

    svr.Get("/tenants", [&](const httplib::Request&, httplib::Response& res) {
        Json::Value out(Json::arrayValue);
        for (const auto& c : dir.companies()) {
            const std::int64_t id = c["id"].asInt64();
            const TenantSettings* s = settings_for(id);
            if (s && !s->enabled) continue;
            Json::Value row;
            row["id"] = Json::Int64(id);
            row["name"] = s ? s->display_name : c["name"].asString();
            row["procore_url"] = "https://app.procore.com/" + std::to_string(id) + "/company/home";
            out.append(row);
        }
        reply_json(res, out);
    });

    svr.Get(R"(/tenants/(\d+)/projects)", [&](const httplib::Request& req, httplib::Response& res) {
        const std::int64_t company_id = std::stoll(req.matches[1]);
        auto r = dir.client_for(company_id).Get(
            ("/rest/v1.0/projects?company_id=" + std::to_string(company_id)).c_str());
        if (!r) {
            res.status = 502;
            return;
        }
        res.status = r->status;
        res.set_content(r->body, "application/json");
    });

    svr.Get(R"(/tenants/(\d+)/rfis)", [&](const httplib::Request& req, httplib::Response& res) {
        const int company_id = std::stoi(req.matches[1]);
        if (!req.has_param("project")) {
            res.status = 400;
            return;
        }
        const std::int64_t project_id = std::stoll(req.get_param_value("project"));
        auto r = dir.client_for(company_id).Get(
            ("/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis?filters[status]=open").c_str());
        if (!r || r->status != 200) {
            res.status = 502;
            return;
        }
        Json::Value out(Json::arrayValue);
        for (const auto& rfi : parse_json(r->body)) {
            Json::Value row;
            const int rfi_id = rfi["id"].asInt();
            row["id"] = rfi_id;
            row["subject"] = rfi["subject"];
            row["due_date"] = rfi["due_date"];
            row["ball_in_court"] = rfi["ball_in_court"].isArray() && !rfi["ball_in_court"].empty()
                                       ? rfi["ball_in_court"][0]["name"] : Json::Value();
            out.append(row);
        }
        reply_json(res, out);
    });

    svr.Get(R"(/tenants/(\d+)/people)", [&](const httplib::Request& req, httplib::Response& res) {
        const std::int64_t company_id = std::stoll(req.matches[1]);
        reply_json(res, dir.company_people(company_id));
    });

    std::cout << "tenant_board listening on 127.0.0.1:" << port << "\n";
    svr.listen("127.0.0.1", port);
    return 0;
}
