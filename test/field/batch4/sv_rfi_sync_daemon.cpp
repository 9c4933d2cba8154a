// sv_rfi_sync_daemon.cpp
//
// Periodically pulls RFIs for the projects listed in rfi-sync.json, reminds
// assignees about overdue ones and pushes vendor e-mail corrections made in
// the estimating tool back into the Procore company directory.
//
// Requests are plain values: every helper returns a new Request, nothing is
// mutated in place, and only `send()` touches the network.

#include <cpr/cpr.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace procore {

constexpr std::string_view kApiBase = "https://api.procore.com";
constexpr std::string_view kLoginBase = "https://login.procore.com";
constexpr std::string_view kSandboxApi = "https://sandbox.procore.com";
constexpr std::string_view kSandboxLogin = "https://sandbox.procore.com";
constexpr std::string_view kWebBase = "https://app.procore.com";

struct Header {
    std::string name;
    std::string value;
};

struct Request {
    std::string method;
    std::string url;
    std::vector<Header> headers;
    std::string body;
};

Request get(std::string url) { return Request{"GET", std::move(url), {}, {}}; }

Request post(std::string url, std::string body) {
    return Request{"POST", std::move(url), {}, std::move(body)};
}

Request patch(std::string url, std::string body) {
    return Request{"PATCH", std::move(url), {}, std::move(body)};
}

Request withHeader(Request req, std::string name, std::string value) {
    req.headers.push_back({std::move(name), std::move(value)});
    return req;
}

Request withCompany(Request req, std::optional<int64_t> companyId) {
    if (!companyId) return req;
    return withHeader(std::move(req), "Procore-Company-Id", std::to_string(*companyId));
}

Request withBearer(Request req, const std::string& token) {
    return withHeader(std::move(req), "Authorization", "Bearer " + token);
}

}  // namespace procore

struct Config {
    std::string clientId;
    std::string clientSecret;
    std::string refreshToken;
    bool sandbox = false;
    std::optional<int64_t> companyId;
    std::vector<int64_t> projectIds;
};

Config loadConfig(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    const json j = json::parse(in);

    Config cfg;
    cfg.clientId = j.at("client_id").get<std::string>();
    cfg.clientSecret = j.at("client_secret").get<std::string>();
    cfg.refreshToken = j.value("refresh_token", std::string{});
    cfg.sandbox = j.value("sandbox", false);
    if (j.contains("company_id")) cfg.companyId = j["company_id"].get<int64_t>();
    for (const auto& id : j.value("project_ids", json::array()))
        cfg.projectIds.push_back(id.get<int>());
    return cfg;
}

cpr::Response send(const procore::Request& req) {
    cpr::Header hdr;
    for (const auto& [name, value] : req.headers) hdr[name] = value;

    if (req.method == "PATCH") {
        cpr::Session session;
        session.SetUrl(cpr::Url{req.url});
        session.SetHeader(hdr);
        session.SetBody(cpr::Body{req.body});
        return session.Patch();
    }
    if (req.method == "POST") return cpr::Post(cpr::Url{req.url}, hdr, cpr::Body{req.body});
    return cpr::Get(cpr::Url{req.url}, hdr);
}

// --- commands ---------------------------------------------------------------

struct GetProjects { int64_t companyId; };
struct ListRfis { int64_t projectId; int page; };
struct UpdateVendor { int64_t vendorId; std::string email; };

using Command = std::variant<GetProjects, ListRfis, UpdateVendor>;

struct ToRequest {
    std::string_view api;
    std::string token;
    std::optional<int64_t> companyId;

    procore::Request operator()(const GetProjects& c) const {
        auto req = procore::get(fmt::format("{}/rest/v1.0/projects?company_id={}", api,
                                            c.companyId));
        return procore::withCompany(procore::withBearer(req, token), c.companyId);
    }

    procore::Request operator()(const ListRfis& c) const {
        std::ostringstream url;
        url << api << "/rest/v1.0/projects/" << c.projectId
            << "/rfis?page=" << c.page << "&per_page=100&filters[status]=open";
        auto req = procore::withBearer(procore::get(url.str()), token);
        procore::withCompany(req, companyId);
        return req;
    }

    procore::Request operator()(const UpdateVendor& c) const {
        std::string url{api};
        url += "/rest/v1.0/vendors/";
        url += std::to_string(c.vendorId);
        url.append("?company_id=").append(std::to_string(companyId.value_or(0)));
        const json body = {{"vendor", {{"email_address", c.email}}}};
        return procore::withCompany(procore::withBearer(procore::patch(url, body.dump()), token),
                                    companyId);
    }
};

struct Rfi {
    int64_t id = 0;
    std::string subject;
    int64_t assigneeId = 0;
    int daysOverdue = 0;
};

std::string refreshAccessToken(const Config& cfg) {
    const std::string_view login = cfg.sandbox ? procore::kSandboxLogin : procore::kLoginBase;
    const json form = {{"grant_type", "refresh_token"},
                       {"client_id", cfg.clientId},
                       {"client_secret", cfg.clientSecret},
                       {"refresh_token", cfg.refreshToken}};
    auto req = procore::withHeader(procore::post(fmt::format("{}/oauth/token", login), form.dump()),
                                   "Content-Type", "application/json");
    const auto resp = send(req);
    if (resp.status_code != 200) throw std::runtime_error("token refresh failed: " + resp.text);
    return json::parse(resp.text).at("access_token").get<std::string>();
}

void remindAssignee(const ToRequest& ctx, int64_t projectId, const Rfi& rfi) {
    const json body = {{"comment", {{"body", fmt::format("Reminder: RFI is {} days overdue",
                                                         rfi.daysOverdue)}}}};
    auto req = procore::withBearer(
        procore::post(fmt::format("{}/rest/v1.0/projects/{}/rfis/{}/replies", ctx.api, projectId,
                                  rfi.id),
                      body.dump()),
        ctx.token);
    auto scoped = procore::withCompany(req, ctx.companyId);
    const auto resp = send(req);
    if (resp.status_code >= 300)
        std::cerr << "reminder for RFI " << rfi.id << " failed: " << resp.status_code << '\n';
}

int main(int argc, char** argv) {
    const fs::path cfgPath = argc > 1 ? fs::path(argv[1]) : fs::path("rfi-sync.json");
    if (!fs::exists(cfgPath)) {
        std::cerr << "missing config " << cfgPath << '\n';
        return 1;
    }
    const Config cfg = loadConfig(cfgPath);
    const ToRequest ctx{cfg.sandbox ? procore::kSandboxApi : procore::kApiBase,
                        refreshAccessToken(cfg), cfg.companyId};

    const auto me = send(procore::withBearer(
        procore::get(fmt::format("{}/rest/v1.0/me", ctx.api)), ctx.token));
    std::cout << "running as " << json::parse(me.text).value("login", "?") << '\n';

    std::vector<Command> commands{GetProjects{cfg.companyId.value_or(0)}};
    for (const auto projectId : cfg.projectIds) commands.push_back(ListRfis{projectId, 1});

    std::map<int64_t, std::vector<Rfi>> overdueByProject;
    for (const auto& cmd : commands) {
        const auto resp = send(std::visit(ctx, cmd));
        if (resp.status_code != 200) {
            std::cerr << "request failed with HTTP " << resp.status_code << '\n';
            continue;
        }
        const auto* list = std::get_if<ListRfis>(&cmd);
        if (!list) continue;
        for (const auto& r : json::parse(resp.text)) {
            Rfi rfi{r.at("id").get<int64_t>(), r.value("subject", ""),
                    r.value("assignee_id", int64_t{0}), r.value("days_overdue", 0)};
            if (rfi.daysOverdue > 0) overdueByProject[list->projectId].push_back(std::move(rfi));
        }
    }

    int reminded = 0;
    for (const auto& [projectId, rfis] : overdueByProject) {
        for (const auto& rfi : rfis) {
            remindAssignee(ctx, projectId, rfi);
            ++reminded;
        }
        std::cout << fmt::format("{}/{}/project/rfis?project_id={}", procore::kWebBase,
                                 cfg.companyId.value_or(0), projectId)
                  << "  (" << rfis.size() << " overdue)\n";
    }

    // Vendor e-mail corrections exported by the estimating tool.
    const fs::path fixes = cfgPath.parent_path() / "vendor-email-fixes.json";
    if (fs::exists(fixes)) {
        std::ifstream in(fixes);
        for (const auto& [key, email] : json::parse(in).items()) {
            const Command fix = UpdateVendor{std::stoll(key), email.get<std::string>()};
            const auto resp = send(std::visit(ctx, fix));
            std::cout << "vendor " << key << ": HTTP " << resp.status_code << '\n';
        }
    }
    std::cout << reminded << " reminders sent\n";
    return 0;
}
