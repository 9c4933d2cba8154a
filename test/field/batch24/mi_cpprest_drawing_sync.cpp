// drawing-sync: lists drawing areas/drawings of a project and posts a digest
// to the team channel.  Usage:
//
//   drawing-sync --env production|sandbox|monthly --company ID --project ID
//
// MPR migration status: PROCORE_MPR_HOSTS=1 turns on the new hosts for the
// main client.  The revision lookup still uses the vapid importer code path.
// TODO(MPR): finish migrating legacy_drawing_revisions() and drop kOldApiRoot.
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

using namespace web;
using namespace web::http;
using namespace web::http::client;

enum class Env { Production, Sandbox, Monthly };

// Old vapid root of the 2019 importer (our account lived on zone us02).
// Kept for compatibility; do not use in new code.
static const utility::string_t kOldApiRoot = U("https://us02.procore.com/vapid");
static const utility::string_t kSlackWebhook = U("https://hooks.slack.com/services/T000/B000/XXXXXXXX");

static bool g_use_mpr_hosts = false;

static Env env_from_string(const std::string &s)
{
    if (s == "sandbox" || s == "dev" || s == "developer")
        return Env::Sandbox;
    if (s == "monthly")
        return Env::Monthly;
    return Env::Production;
}

static utility::string_t login_base(Env env)
{
    switch (env) {
    case Env::Production: return U("https://login.procore.com");
    case Env::Sandbox:    return U("https://login-sandbox.procore.com");
    case Env::Monthly:    return U("https://api-monthly.procore.com");
    }
    return U("https://login.procore.com");
}

static utility::string_t api_base(Env env)
{
    switch (env) {
    case Env::Production: return U("https://api.procore.com");
    case Env::Sandbox:    return U("https://sandbox.procore.com");
    case Env::Monthly:    return U("https://api-monthly.procore.com");
    }
    return U("https://api.procore.com");
}

static http_client make_api_client(Env env)
{
    if (g_use_mpr_hosts)
        return http_client(api_base(env) + U("/rest/v1.0"));
    // pre-MPR default, kept until ops flips the flag everywhere
    return http_client(U("https://app.procore.com/rest/v1.0"));
}

// Deprecated: use make_api_client(env).
[[deprecated("use make_api_client(env)")]] static http_client make_vapid_client()
{
    return http_client(kOldApiRoot);
}

static utility::string_t g_token;

static http_request authed(const method &m, const utility::string_t &path)
{
    http_request req(m);
    req.set_request_uri(path);
    req.headers().add(U("Authorization"), U("Bearer ") + g_token);
    return req;
}

static json::value refresh_access_token(Env env, const std::string &client_id, const std::string &refresh)
{
    http_client login(login_base(env));
    const utility::string_t body = U("grant_type=refresh_token&client_id=") + utility::conversions::to_string_t(client_id) +
                                   U("&refresh_token=") + utility::conversions::to_string_t(refresh);
    http_response resp = login.request(methods::POST, U("/oauth/token"), body, U("application/x-www-form-urlencoded")).get();
    return resp.extract_json().get();
}

static json::value list_companies(http_client &api)
{
    return api.request(authed(methods::GET, U("/companies"))).get().extract_json().get();
}

static json::value list_drawing_areas(http_client &api, int64_t company_id, int project_id)
{
    http_request req = authed(methods::GET, U("/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) +
                                                U("/drawing_areas"));
    req.headers().add(U("Procore-Company-Id"), company_id);
    return api.request(req).get().extract_json().get();
}

static json::value list_drawings(http_client &api, int64_t company_id, int64_t drawing_area_id)
{
    uri_builder b(U("/drawing_areas/"));
    b.append_path(utility::conversions::to_string_t(std::to_string(drawing_area_id)));
    b.append_path(U("drawings"));
    http_request req = authed(methods::GET, b.to_string());
    req.headers().add(U("Company-Id"), company_id);
    return api.request(req).get().extract_json().get();
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static json::value legacy_drawing_revisions(int64_t project_id, int64_t drawing_id)
{
    http_client vapid = make_vapid_client();
    const utility::string_t path = U("/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) +
                                   U("/drawings/") + utility::conversions::to_string_t(std::to_string(drawing_id)) +
                                   U("/revisions");
    return vapid.request(authed(methods::GET, path)).get().extract_json().get();
}
#pragma clang diagnostic pop

static void post_digest(const utility::string_t &text)
{
    http_client slack(kSlackWebhook);
    json::value msg;
    msg[U("text")] = json::value::string(text);
    slack.request(methods::POST, U(""), msg).wait();
}

int main(int argc, char **argv)
{
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2)
        args[argv[i]] = argv[i + 1];
    if (!args.count("--company") || !args.count("--project")) {
        std::cerr << "usage: drawing-sync --env NAME --company ID --project ID\n"
                  << "see https://developers.procore.com/reference/rest/drawings\n";
        return 2;
    }
    const char *flag = std::getenv("PROCORE_MPR_HOSTS");
    g_use_mpr_hosts = flag && std::string(flag) == "1";
    const Env env = env_from_string(args.count("--env") ? args["--env"] : "production");
    const int64_t company_id = std::stoll(args["--company"]);
    const int project_id = std::stoi(args["--project"]);
    const char *token = std::getenv("PROCORE_ACCESS_TOKEN");
    g_token = utility::conversions::to_string_t(token ? token : "");

    try {
        if (const char *refresh = std::getenv("PROCORE_REFRESH_TOKEN")) {
            json::value tok = refresh_access_token(env, std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "", refresh);
            g_token = tok.at(U("access_token")).as_string();
        }
        http_client api = make_api_client(env);
        json::value companies = list_companies(api);
        std::cout << companies.as_array().size() << " companies visible\n";

        json::value areas = list_drawing_areas(api, company_id, project_id);
        int drawing_count = 0;
        utility::string_t digest = U("Drawings for project ") + utility::conversions::to_string_t(std::to_string(project_id)) + U(":\n");
        for (const json::value &area : areas.as_array()) {
            const int64_t area_id = area.at(U("id")).as_number().to_int64();
            json::value drawings = list_drawings(api, company_id, area_id);
            for (const json::value &d : drawings.as_array()) {
                const int32_t drawing_id = d.at(U("id")).as_integer();
                digest += U("- ") + d.at(U("number")).as_string() + U("\n");
                json::value revs = legacy_drawing_revisions(project_id, drawing_id);
                drawing_count += static_cast<int>(revs.as_array().size());
            }
        }
        digest += U("Open: https://app.procore.com/") + utility::conversions::to_string_t(std::to_string(company_id)) +
                  U("/project/drawing_log?project_id=") + utility::conversions::to_string_t(std::to_string(project_id));
        std::cout << drawing_count << " drawing revisions\n";
        post_digest(digest);
    } catch (const std::exception &e) {
        std::cerr << "drawing-sync: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
