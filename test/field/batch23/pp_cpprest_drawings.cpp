// drawing_sync/drawings_client.cpp
//
// Pulls drawing areas, drawings and revisions for the plan-room kiosk and
// queues prints on the office plotter. DrawingsClient is the facade the kiosk
// UI links against; Impl and RestTransport are private to this file.

#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace drawingsync {

struct EnvironmentUrls {
    utility::string_t login;
    utility::string_t api;
};

const std::map<std::string, EnvironmentUrls> kEnvironments = {
    {"production", {U("https://login.procore.com"), U("https://api.procore.com")}},
    {"monthly", {U("https://login-sandbox-monthly.procore.com"), U("https://api-monthly.procore.com")}},
};

// Drawing sets are only exposed on the legacy API.
const utility::string_t kLegacyBase = U("https://app.procore.com/vapid");
const utility::string_t kPlotterBase = U("https://plotter.office.internal:8443");

struct RequestDesc {
    method verb = methods::GET;
    utility::string_t path;
    json::value body;
    std::vector<std::pair<utility::string_t, utility::string_t>> headers;
};

struct DrawingInfo {
    std::int64_t id = 0;
    std::int64_t drawing_area_id = 0;
    utility::string_t number;
    utility::string_t title;
    double current_revision_id = 0;
};

class RestTransport {
public:
    explicit RestTransport(const utility::string_t& base) : client_(base, makeConfig()) {}

    json::value send(const RequestDesc& desc) {
        http_request req(desc.verb);
        req.set_request_uri(desc.path);
        for (const auto& h : desc.headers) req.headers().add(h.first, h.second);
        if (!desc.body.is_null()) req.set_body(desc.body);
        http_response res = client_.request(req).get();
        if (res.status_code() >= 400) {
            std::cerr << "HTTP " << res.status_code() << " for " << desc.path << "\n";
            return json::value::null();
        }
        return res.extract_json().get();
    }

private:
    static http_client_config makeConfig() {
        http_client_config cfg;
        cfg.set_timeout(std::chrono::seconds(45));
        return cfg;
    }
    http_client client_;
};

class DrawingsClient {
public:
    DrawingsClient(const std::string& environment, std::int64_t company_id, utility::string_t token);
    ~DrawingsClient();

    bool tokenValid();
    json::value companies();
    std::vector<std::int64_t> drawingAreas(std::int64_t project_id);
    std::vector<DrawingInfo> drawings(std::int64_t project_id, std::int64_t area_id);
    json::value revisions(std::int64_t project_id, std::int64_t drawing_id);
    json::value drawingSets(std::int64_t project_id);
    json::value startUpload(std::int64_t project_id, std::int64_t area_id,
                            const utility::string_t& file_name);
    void queuePrint(const DrawingInfo& drawing, int copies);

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

class DrawingsClient::Impl {
public:
    Impl(const EnvironmentUrls& urls, std::int64_t company_id, utility::string_t token)
        : company_id_(company_id), token_(std::move(token)), login_(urls.login), api_(urls.api),
          legacy_(kLegacyBase), plotter_(kPlotterBase) {}

    json::value tokenInfo() {
        RequestDesc d;
        d.path = U("/oauth/token/info");
        d.headers.emplace_back(U("Authorization"), U("Bearer ") + token_);
        return login_.send(d);
    }

    // Bearer token only. Company scoping is the caller's business.
    json::value send(RequestDesc d) {
        d.headers.emplace_back(U("Authorization"), U("Bearer ") + token_);
        return api_.send(d);
    }

    json::value sendForCompany(RequestDesc d) {
        d.headers.emplace_back(U("Procore-Company-Id"), companyIdText());
        return send(std::move(d));
    }

    json::value legacyGet(RequestDesc d) {
        d.headers.emplace_back(U("Authorization"), U("Bearer ") + token_);
        d.headers.emplace_back(U("Procore-Company-Id"), companyIdText());
        return legacy_.send(d);
    }

    json::value plot(RequestDesc d) { return plotter_.send(d); }

    utility::string_t companyIdText() const {
        return utility::conversions::to_string_t(std::to_string(company_id_));
    }

private:
    std::int64_t company_id_;
    utility::string_t token_;
    RestTransport login_;
    RestTransport api_;
    RestTransport legacy_;
    RestTransport plotter_;
};

DrawingsClient::DrawingsClient(const std::string& environment, std::int64_t company_id,
                               utility::string_t token)
    : impl_(std::make_unique<Impl>(kEnvironments.at(environment), company_id, std::move(token))) {}

DrawingsClient::~DrawingsClient() = default;

bool DrawingsClient::tokenValid() { return !impl_->tokenInfo().is_null(); }

json::value DrawingsClient::companies() {
    RequestDesc d;
    d.path = U("/rest/v1.0/companies");
    return impl_->send(d);
}

std::vector<std::int64_t> DrawingsClient::drawingAreas(std::int64_t project_id) {
    RequestDesc d;
    d.path = U("/rest/v1.0/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) +
             U("/drawing_areas");
    std::vector<std::int64_t> ids;
    json::value areas = impl_->sendForCompany(d);
    if (!areas.is_array()) return ids;
    for (const auto& a : areas.as_array()) ids.push_back(a.at(U("id")).as_number().to_int64());
    return ids;
}

std::vector<DrawingInfo> DrawingsClient::drawings(std::int64_t project_id, std::int64_t area_id) {
    RequestDesc d;
    d.path = U("/rest/v1.0/drawing_areas/") + utility::conversions::to_string_t(std::to_string(area_id)) +
             U("/drawings?project_id=") + utility::conversions::to_string_t(std::to_string(project_id));
    d.headers.emplace_back(U("Procore-Company-Id"), impl_->companyIdText());
    std::vector<DrawingInfo> out;
    json::value list = impl_->send(d);
    if (!list.is_array()) return out;
    for (const auto& item : list.as_array()) {
        DrawingInfo info;
        info.id = item.at(U("id")).as_number().to_int64();
        info.drawing_area_id = item.at(U("drawing_area_id")).as_integer();
        info.number = item.at(U("number")).as_string();
        info.title = item.at(U("title")).as_string();
        info.current_revision_id = item.at(U("current_revision_id")).as_double();
        out.push_back(info);
    }
    return out;
}

json::value DrawingsClient::revisions(std::int64_t project_id, std::int64_t drawing_id) {
    RequestDesc d;
    d.path = U("/rest/v1.0/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) +
             U("/drawing_revisions?filters[drawing_id]=") +
             utility::conversions::to_string_t(std::to_string(drawing_id));
    return impl_->send(d);
}

json::value DrawingsClient::drawingSets(std::int64_t project_id) {
    RequestDesc d;
    d.path = U("/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) +
             U("/drawing_sets");
    return impl_->legacyGet(d);
}

json::value DrawingsClient::startUpload(std::int64_t project_id, std::int64_t area_id,
                                        const utility::string_t& file_name) {
    RequestDesc d;
    d.verb = methods::POST;
    d.path = U("/rest/v1.1/projects/") + utility::conversions::to_string_t(std::to_string(project_id)) +
             U("/drawing_uploads");
    d.body[U("drawing_area_id")] = json::value::number(static_cast<int64_t>(area_id));
    d.body[U("files")][0][U("name")] = json::value::string(file_name);
    return impl_->send(d);
}

void DrawingsClient::queuePrint(const DrawingInfo& drawing, int copies) {
    RequestDesc d;
    d.verb = methods::POST;
    d.path = U("/api/jobs");
    d.body[U("title")] = json::value::string(drawing.number + U(" ") + drawing.title);
    d.body[U("copies")] = json::value::number(copies);
    impl_->plot(d);
}

}  // namespace drawingsync

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: drawings <env> <company_id> <project_id> [upload-file]\n";
        return 2;
    }
    const char* token = std::getenv("PROCORE_TOKEN");
    if (!token) return 2;
    const std::int64_t company_id = std::stoll(argv[2]);
    const std::int64_t project_id = std::stoll(argv[3]);

    drawingsync::DrawingsClient client(argv[1], company_id, token);
    if (!client.tokenValid()) {
        std::cerr << "token rejected\n";
        return 1;
    }
    std::cout << client.companies().serialize() << "\n";
    std::cout << client.drawingSets(project_id).serialize() << "\n";

    const int copies = 2;
    for (std::int64_t area : client.drawingAreas(project_id)) {
        std::cout << "area https://app.procore.com/" << company_id << "/project/drawings/areas/"
                  << area << "\n";
        for (const auto& dwg : client.drawings(project_id, area)) {
            std::cout << dwg.number << "  " << client.revisions(project_id, dwg.id).serialize() << "\n";
            if (dwg.title.find("ISSUED") != std::string::npos) client.queuePrint(dwg, copies);
        }
        if (argc > 4) {
            std::cout << client.startUpload(project_id, area, argv[4]).serialize() << "\n";
            break;
        }
    }
    return 0;
}
