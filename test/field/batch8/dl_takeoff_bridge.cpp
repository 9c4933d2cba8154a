// takeoff_bridge.cpp - Procore connector for the QuickTakeoff desktop plugin.
// Loaded by the plugin host via LoadLibrary/dlopen; exports a small C API.
// Settings live in takeoff.ini (key=value), written by the host's login dialog.
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#ifdef _WIN32
#define TB_API __declspec(dllexport)
#else
#define TB_API __attribute__((visibility("default")))
#endif

using json = nlohmann::json;

extern "C" {
typedef uint32_t tb_handle;
TB_API tb_handle tb_create(const char *ini_path);
TB_API void tb_destroy(tb_handle h);
TB_API int tb_refresh(tb_handle h);
TB_API int tb_drawing_count(tb_handle h, int64_t project_id);
TB_API int tb_push_quantity(tb_handle h, int64_t project_id, unsigned drawing_id, const char *item_json);
TB_API int64_t tb_current_user(tb_handle h);
TB_API int tb_logout(tb_handle h);
TB_API const char *tb_help_url(void);
}

class TakeoffClient {
public:
    explicit TakeoffClient(const std::string &iniPath);
    ~TakeoffClient();
    bool refresh();
    json send(const std::string &method, const std::string &path, const json &body = nullptr);
    json me();
    bool pushQuantity(int64_t projectId, const json &item);
    bool revoke();
    int64_t defaultProject() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct TakeoffClient::Impl {
    std::map<std::string, std::string> settings;
    std::string iniPath, loginHost, apiHost, accessToken;
    int64_t companyId = 0;
    int defaultProjectId = 0;

    std::string value(const std::string &key, const std::string &def = "") const
    {
        auto it = settings.find(key);
        return it == settings.end() ? def : it->second;
    }

    void load()
    {
        std::ifstream in(iniPath);
        for (std::string line; std::getline(in, line);) {
            auto eq = line.find('=');
            if (eq != std::string::npos && line[0] != ';')
                settings[line.substr(0, eq)] = line.substr(eq + 1);
        }
        const std::string env = value("procore.env", "production");
        if (env == "monthly") {
            loginHost = "login-sandbox-monthly.procore.com";
            apiHost = "api-monthly.procore.com";
        } else if (env == "sandbox") {
            loginHost = "login-sandbox.procore.com";
            apiHost = "sandbox.procore.com";
        } else {
            loginHost = "login.procore.com";
            apiHost = "api.procore.com";
        }
        accessToken = value("procore.access_token");
        companyId = std::stoll(value("procore.company_id", "0"));
        defaultProjectId = std::stoi(value("procore.project_id", "0"));
    }

    void save() const
    {
        std::ofstream out(iniPath, std::ios::trunc);
        for (const auto &kv : settings)
            out << kv.first << '=' << kv.second << '\n';
    }

    static json readJson(Poco::Net::HTTPSClientSession &s, Poco::Net::HTTPResponse &resp)
    {
        std::string body;
        Poco::StreamCopier::copyToString(s.receiveResponse(resp), body);
        return body.empty() ? json() : json::parse(body, nullptr, false);
    }
};

TakeoffClient::TakeoffClient(const std::string &iniPath) : impl_(std::make_unique<Impl>())
{
    impl_->iniPath = iniPath;
    impl_->load();
}

TakeoffClient::~TakeoffClient() = default;

int64_t TakeoffClient::defaultProject() const { return impl_->defaultProjectId; }

bool TakeoffClient::refresh()
{
    Poco::Net::HTTPSClientSession s(impl_->loginHost);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/token", Poco::Net::HTTPMessage::HTTP_1_1);
    json form = {{"grant_type", "refresh_token"},
                 {"refresh_token", impl_->value("procore.refresh_token")},
                 {"client_id", impl_->value("procore.client_id")},
                 {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}};
    std::string body = form.dump();
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    s.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    json tok = Impl::readJson(s, resp);
    if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK || !tok.contains("access_token"))
        return false;
    impl_->accessToken = tok["access_token"].get<std::string>();
    impl_->settings["procore.access_token"] = impl_->accessToken;
    impl_->settings["procore.refresh_token"] = tok["refresh_token"].get<std::string>();
    impl_->save();
    return true;
}

json TakeoffClient::send(const std::string &method, const std::string &path, const json &body)
{
    Poco::Net::HTTPSClientSession s(impl_->apiHost);
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + impl_->accessToken);
    req.set("Procore-Company-Id", std::to_string(impl_->companyId));
    std::string payload = body.is_null() ? std::string() : body.dump();
    if (!payload.empty()) {
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(payload.size()));
    }
    s.sendRequest(req) << payload;
    Poco::Net::HTTPResponse resp;
    return Impl::readJson(s, resp);
}

json TakeoffClient::me()
{
    Poco::Net::HTTPSClientSession s(impl_->apiHost);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, "/rest/v1.0/me", Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + impl_->accessToken);
    s.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    return Impl::readJson(s, resp);
}

bool TakeoffClient::pushQuantity(int64_t projectId, const json &item)
{
    Poco::Net::HTTPSClientSession s(impl_->apiHost);
    std::string path = "/rest/v1.0/budget_line_items?project_id=" + std::to_string(projectId);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + impl_->accessToken);
    std::string payload = json{{"budget_line_item", item}}.dump();
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(payload.size()));
    s.sendRequest(req) << payload;
    Poco::Net::HTTPResponse resp;
    Impl::readJson(s, resp);
    return resp.getStatus() == Poco::Net::HTTPResponse::HTTP_CREATED;
}

bool TakeoffClient::revoke()
{
    Poco::Net::HTTPSClientSession s("api.procore.com", 443);
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/revoke", Poco::Net::HTTPMessage::HTTP_1_1);
    std::string body = json{{"token", impl_->accessToken}, {"client_id", impl_->value("procore.client_id")}}.dump();
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    s.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    s.receiveResponse(resp);
    return resp.getStatus() == Poco::Net::HTTPResponse::HTTP_OK;
}

// ------------------------------------------------------------------ C API

static std::map<tb_handle, std::unique_ptr<TakeoffClient>> g_clients;
static tb_handle g_next = 1;

static TakeoffClient *find(tb_handle h)
{
    auto it = g_clients.find(h);
    return it == g_clients.end() ? nullptr : it->second.get();
}

extern "C" {

TB_API tb_handle tb_create(const char *ini_path)
{
    g_clients.emplace(g_next, std::make_unique<TakeoffClient>(ini_path));
    return g_next++;
}

TB_API void tb_destroy(tb_handle h) { g_clients.erase(h); }

TB_API int tb_refresh(tb_handle h)
{
    TakeoffClient *c = find(h);
    return c && c->refresh() ? 0 : -1;
}

TB_API int tb_drawing_count(tb_handle h, int64_t project_id)
{
    TakeoffClient *c = find(h);
    if (!c)
        return -1;
    if (project_id == 0)
        project_id = c->defaultProject();
    const std::string base = "/rest/v1.0/projects/" + std::to_string(project_id);
    json areas = c->send("GET", base + "/drawing_areas");
    int total = 0;
    for (const auto &area : areas) {
        int areaId = area["id"].get<int>();
        json drawings = c->send("GET", base + "/drawings?drawing_area_id=" + std::to_string(areaId));
        total += static_cast<int>(drawings.size());
    }
    return total;
}

TB_API int tb_push_quantity(tb_handle h, int64_t project_id, unsigned drawing_id, const char *item_json)
{
    TakeoffClient *c = find(h);
    if (!c)
        return -1;
    json item = json::parse(item_json, nullptr, false);
    if (item.is_discarded())
        return -2;
    item["description"] = item.value("description", std::string()) + " (drawing " + std::to_string(drawing_id) + ")";
    return c->pushQuantity(project_id, item) ? 0 : -3;
}

TB_API int64_t tb_current_user(tb_handle h)
{
    TakeoffClient *c = find(h);
    if (!c)
        return -1;
    json me = c->me();
    return me.value("id", int64_t{0});
}

TB_API int tb_logout(tb_handle h)
{
    TakeoffClient *c = find(h);
    return c && c->revoke() ? 0 : -1;
}

TB_API const char *tb_help_url(void)
{
    return "https://support.procore.com/products/online/user-guide/project-level/drawings";
}

} // extern "C"
