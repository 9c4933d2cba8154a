// drawsync - runs on the plotter box in the trailer. Authenticates as a
// Developer Managed Service Account (client credentials) and pulls the current
// drawing set for the print queue.
//
//   drawsync companies
//   drawsync whoami
//   drawsync areas <project_id>
//   drawsync drawings <project_id> <area_id>
//   drawsync revisions <project_id> <drawing_id>
//   drawsync fetch <project_id> <revision_id> <out.pdf>
#include <cpr/cpr.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Environment {
    const char* name;
    const char* login;
    const char* api;
};

const Environment kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://sandbox-monthly.procore.com"},
};

struct Context {
    std::string login_url;
    std::string api_url;
    std::string client_id;
    std::string client_secret;
    std::string token;
    std::int64_t company_id = 0;

    void authenticate() {
        cpr::Response r = cpr::Post(cpr::Url{login_url + "/oauth/token"},
                                    cpr::Payload{{"grant_type", "client_credentials"},
                                                 {"client_id", client_id},
                                                 {"client_secret", client_secret}});
        if (r.status_code != 200) throw std::runtime_error("token request failed: " + r.text);
        rapidjson::Document doc;
        doc.Parse(r.text.c_str());
        token = doc["access_token"].GetString();
    }

    cpr::Header headers() const {
        return cpr::Header{{"Procore-Company-Id", std::to_string(company_id)},
                           {"Accept", "application/json"}};
    }

    rapidjson::Document request(const std::string& method, const std::string& path,
                                const std::string& body = std::string()) {
        cpr::Url url{api_url + path};
        cpr::Response r;
        if (method == "GET")
            r = cpr::Get(url, cpr::Bearer{token}, headers());
        else if (method == "POST")
            r = cpr::Post(url, cpr::Bearer{token}, headers(), cpr::Body{body});
        else
            throw std::invalid_argument("unsupported method " + method);
        if (r.status_code >= 400)
            throw std::runtime_error(method + " " + path + " -> " + std::to_string(r.status_code));
        rapidjson::Document doc;
        doc.Parse(r.text.c_str());
        return doc;
    }
};

using Args = std::vector<std::string>;

int cmd_companies(Context& ctx, const Args&) {
    rapidjson::Document doc = ctx.request("GET", "/rest/v1.0/companies");
    for (const auto& c : doc.GetArray())
        std::printf("%" PRId64 "  %s\n", c["id"].GetInt64(), c["name"].GetString());
    return 0;
}

int cmd_whoami(Context& ctx, const Args&) {
    cpr::Response r = cpr::Get(cpr::Url{ctx.api_url + "/rest/v1.0/me"}, cpr::Bearer{ctx.token});
    rapidjson::Document doc;
    doc.Parse(r.text.c_str());
    if (doc.HasParseError() || !doc.IsObject()) return 1;
    std::printf("service account: %s (%" PRId64 ")\n", doc["login"].GetString(),
                doc["id"].GetInt64());
    return 0;
}

int cmd_areas(Context& ctx, const Args& args) {
    if (args.empty()) return 2;
    const std::int64_t project_id = std::strtoll(args[0].c_str(), nullptr, 10);
    rapidjson::Document doc =
        ctx.request("GET", "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas");
    for (const auto& a : doc.GetArray())
        std::printf("%" PRId64 "  %s\n", a["id"].GetInt64(), a["name"].GetString());
    return 0;
}

int cmd_drawings(Context& ctx, const Args& args) {
    if (args.size() < 2) return 2;
    const std::int64_t project_id = std::strtoll(args[0].c_str(), nullptr, 10);
    const int area_id = std::atoi(args[1].c_str());
    rapidjson::Document doc = ctx.request(
        "GET", "/rest/v1.1/drawing_areas/" + std::to_string(area_id) +
                   "/drawings?project_id=" + std::to_string(project_id));
    std::size_t count = 0;
    for (const auto& d : doc.GetArray()) {
        std::printf("%-12s %s\n", d["number"].GetString(), d["title"].GetString());
        ++count;
    }
    std::printf("%zu drawings\n", count);
    return 0;
}

int cmd_revisions(Context& ctx, const Args& args) {
    if (args.size() < 2) return 2;
    const std::int64_t project_id = std::strtoll(args[0].c_str(), nullptr, 10);
    const std::int64_t drawing_id = std::strtoll(args[1].c_str(), nullptr, 10);
    rapidjson::Document doc =
        ctx.request("GET", "/rest/v1.0/projects/" + std::to_string(project_id) +
                               "/drawing_revisions?filters[drawing_id]=" + std::to_string(drawing_id));
    for (const auto& rev : doc.GetArray()) {
        const int revision_id = rev["id"].GetInt();
        const int page_count = rev.HasMember("pages") ? rev["pages"].GetInt() : 1;
        std::printf("%d  rev %s  (%d pages)\n", revision_id, rev["revision_number"].GetString(),
                    page_count);
    }
    return 0;
}

// The revision's "pdf_url" is a presigned storage link, no auth headers needed.
int cmd_fetch(Context& ctx, const Args& args) {
    if (args.size() < 3) return 2;
    const std::int64_t project_id = std::strtoll(args[0].c_str(), nullptr, 10);
    const std::int64_t revision_id = std::strtoll(args[1].c_str(), nullptr, 10);
    rapidjson::Document rev =
        ctx.request("GET", "/rest/v1.0/projects/" + std::to_string(project_id) +
                               "/drawing_revisions/" + std::to_string(revision_id));
    if (!rev.HasMember("pdf_url") || !rev["pdf_url"].IsString()) return 1;
    cpr::Response file = cpr::Get(cpr::Url{rev["pdf_url"].GetString()});
    if (file.status_code != 200) return 1;
    std::ofstream(args[2], std::ios::binary) << file.text;
    std::printf("wrote %lld bytes\n", static_cast<long long>(file.downloaded_bytes));
    return 0;
}

struct Command {
    const char* name;
    int (*run)(Context&, const std::vector<std::string>&);
};

const Command kCommands[] = {
    {"companies", cmd_companies}, {"whoami", cmd_whoami},       {"areas", cmd_areas},
    {"drawings", cmd_drawings},   {"revisions", cmd_revisions}, {"fetch", cmd_fetch},
};

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: drawsync <command> [args]\n");
        return 2;
    }
    Context ctx;
    const char* which = *env("DRAWSYNC_ENV") ? env("DRAWSYNC_ENV") : "production";
    for (const auto& e : kEnvironments) {
        if (std::strcmp(e.name, which) == 0) {
            ctx.login_url = e.login;
            ctx.api_url = e.api;
        }
    }
    ctx.client_id = env("DRAWSYNC_CLIENT_ID");
    ctx.client_secret = env("DRAWSYNC_CLIENT_SECRET");
    ctx.company_id = std::strtoll(env("DRAWSYNC_COMPANY_ID"), nullptr, 10);

    for (const auto& c : kCommands) {
        if (std::strcmp(c.name, argv[1]) != 0) continue;
        try {
            ctx.authenticate();
            return c.run(ctx, Args(argv + 2, argv + argc));
        } catch (const std::exception& ex) {
            std::fprintf(stderr, "drawsync: %s\n", ex.what());
            return 1;
        }
    }
    std::fprintf(stderr, "unknown command %s\n", argv[1]);
    return 2;
}
