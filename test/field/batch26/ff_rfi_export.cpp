// rfi_export: dump a project's RFIs (with their latest reply) to CSV for the
// weekly owner meeting. Run with --sandbox against the developer sandbox.
//
//   rfi_export <company_id> <project_id> [--sandbox] > rfis.csv
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pc {

using company_id = long long;
using ProjectId = long long;
using RfiId = std::int32_t;

struct Endpoints {
    const char* login;
    const char* api;
};

Endpoints endpoints(bool sandbox = false) {
    if (sandbox) return {"https://sandbox.procore.com", "https://sandbox.procore.com"};
    return {"https://login.procore.com", "https://api.procore.com"};
}

static bool g_sandbox = false;
static std::string g_token;

std::string api_path(const std::string& rest, const char* version = "v1.0") {
    return std::string("/rest/") + version + "/" + rest;
}

static httplib::Client& api() {
    static std::unique_ptr<httplib::Client> cli;
    if (!cli) {
        cli = std::make_unique<httplib::Client>(endpoints(g_sandbox).api);
        cli->set_connection_timeout(10);
        cli->set_read_timeout(60);
    }
    return *cli;
}

static httplib::Headers base_headers() {
    return {{"Authorization", "Bearer " + g_token}, {"Accept", "application/json"}};
}

httplib::Result get(const std::string& path) {
    return api().Get(path, base_headers());
}

httplib::Result get(const std::string& path, company_id company) {
    auto h = base_headers();
    h.emplace("Procore-Company-Id", std::to_string(company));
    return api().Get(path, h);
}

httplib::Result get(const char* path, company_id company) {
    return get(std::string(path), company);
}

httplib::Result post(const std::string& path, const std::string& body,
                     std::optional<company_id> company = std::nullopt) {
    auto h = base_headers();
    if (company) h.emplace("Procore-Company-Id", std::to_string(*company));
    return api().Post(path, h, body, "application/json");
}

bool login(const std::string& client_id, const std::string& secret,
           const std::string& refresh_token) {
    httplib::Client auth(endpoints(g_sandbox).login);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", client_id},
                         {"client_secret", secret},
                         {"refresh_token", refresh_token}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) return false;
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) return false;
    g_token = d["access_token"].GetString();
    return true;
}

}  // namespace pc

struct RfiRow {
    pc::RfiId id;
    std::string number;
    std::string subject;
    std::int64_t assignee_id;
    std::string status;
    std::string last_reply;
};

static std::string csv_escape(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

static std::string str_or(const rapidjson::Value& v, const char* key, const char* dflt = "") {
    if (v.HasMember(key) && v[key].IsString()) return v[key].GetString();
    return dflt;
}

static std::string latest_reply(pc::company_id company, pc::ProjectId project, pc::RfiId rfi) {
    auto res = pc::get(pc::api_path("projects/" + std::to_string(project) + "/rfis/" +
                                    std::to_string(rfi)),
                       company);
    if (!res || res->status != 200) return "";
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    if (!d.IsObject() || !d.HasMember("questions")) return "";
    const auto& qs = d["questions"];
    if (!qs.IsArray() || qs.Empty()) return "";
    const auto& answers = qs[qs.Size() - 1]["answers"];
    if (!answers.IsArray() || answers.Empty()) return "";
    return str_or(answers[answers.Size() - 1], "plain_text_body");
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: rfi_export <company_id> <project_id> [--sandbox]\n"
                  << "see https://developers.procore.com/reference/rest/rfis\n";
        return 2;
    }
    pc::company_id company = std::atoll(argv[1]);
    pc::ProjectId project = std::stoi(argv[2]);
    pc::g_sandbox = argc > 3 && std::string(argv[3]) == "--sandbox";

    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!cid || !sec || !rt || !pc::login(cid, sec, rt)) {
        std::cerr << "login failed\n";
        return 1;
    }

    if (auto me = pc::get("/rest/v1.0/me"); me && me->status == 200) {
        rapidjson::Document d;
        d.Parse(me->body.c_str());
        std::cerr << "exporting as " << str_or(d, "login") << "\n";
    }

    auto proj = pc::get(pc::api_path("projects/" + std::to_string(project) +
                                     "?company_id=" + std::to_string(company)),
                        company);
    if (!proj || proj->status != 200) {
        std::cerr << "no access to project " << project << "\n";
        return 1;
    }

    std::vector<RfiRow> rows;
    for (int page = 1; page < 50; ++page) {
        auto res = pc::get(pc::api_path("projects/" + std::to_string(project) +
                                        "/rfis?per_page=100&page=" + std::to_string(page)));
        if (!res || res->status != 200) break;
        rapidjson::Document d;
        d.Parse(res->body.c_str());
        if (!d.IsArray() || d.Empty()) break;
        for (const auto& r : d.GetArray()) {
            RfiRow row;
            row.id = static_cast<pc::RfiId>(r["id"].GetInt64());
            row.number = str_or(r, "number");
            row.subject = str_or(r, "subject");
            row.assignee_id = r.HasMember("assignee") && r["assignee"].IsObject()
                                  ? r["assignee"]["id"].GetInt()
                                  : 0;
            row.status = str_or(r, "status");
            rows.push_back(row);
        }
    }

    std::cout << "id,number,subject,assignee_id,status,last_reply\n";
    int exported = 0;
    for (auto& row : rows) {
        row.last_reply = latest_reply(company, project, row.id);
        std::cout << row.id << ',' << csv_escape(row.number) << ',' << csv_escape(row.subject)
                  << ',' << row.assignee_id << ',' << row.status << ','
                  << csv_escape(row.last_reply) << '\n';
        ++exported;
    }

    // Tag the project so the next run only picks up changes.
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("name");
    w.String("rfi_export_last_run");
    w.Key("count");
    w.Int(exported);
    w.EndObject();
    auto tag = pc::post(pc::api_path("projects/" + std::to_string(project) + "/custom_field_values"),
                        sb.GetString());
    if (!tag || tag->status / 100 != 2) std::cerr << "could not tag project\n";

    httplib::Client reports("reports.internal", 8080);
    reports.Post("/ingest/rfi-count", "{\"count\":" + std::to_string(exported) + "}",
                 "application/json");
    return 0;
}
