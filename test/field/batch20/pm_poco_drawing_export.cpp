// drawing_export.cpp - native core of the "Export Drawing Log" Revit add-in.
// The add-in (C#) P/Invokes the mpr_* functions below; the C++ side owns the
// HTTPS sessions and JSON parsing so the add-in needs no HTTP stack of its own.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace drawlog {

class DrawingExporter {
    struct Impl;
    std::unique_ptr<Impl> impl_;

public:
    struct Area { int64_t id; std::string name; };
    struct Drawing { int64_t id; std::string number; std::string title; int revision_count; };
    struct Revision { int64_t id; std::string revision_number; std::string drawing_date; };

    DrawingExporter(std::string access_token, int64_t company_id);
    ~DrawingExporter();

    std::string ProjectName(int64_t project_id);
    std::vector<Area> Areas(int64_t project_id);
    std::vector<Drawing> Drawings(int64_t project_id, int64_t area_id);
    std::vector<Revision> Revisions(int64_t project_id, int64_t drawing_id);
    void Revoke(const std::string& client_id, const std::string& client_secret);
};

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

struct DrawingExporter::Impl {
    std::string token;
    int64_t company_id;
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
    const int port = 443;
    HTTPSClientSession api{"api.procore.com", static_cast<Poco::UInt16>(port), ctx};
    // drawing areas are still only exposed through the old vapid route
    HTTPSClientSession legacy{"app.procore.com", static_cast<Poco::UInt16>(port), ctx};

    HTTPRequest get(const std::string& path) const {
        HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
        req.set("Authorization", "Bearer " + token);
        req.set("Accept", "application/json");
        return req;
    }

    void add_company(HTTPRequest& req) const {
        req.set("Procore-Company-Id", std::to_string(company_id));
    }

    Poco::Dynamic::Var send(HTTPSClientSession& s, HTTPRequest& req, const std::string& body = {}) {
        if (!body.empty()) req.setContentLength(static_cast<std::streamsize>(body.size()));
        std::ostream& os = s.sendRequest(req);
        if (!body.empty()) os << body;
        HTTPResponse resp;
        std::istream& is = s.receiveResponse(resp);
        std::string text;
        Poco::StreamCopier::copyToString(is, text);
        if (resp.getStatus() >= 400)
            throw std::runtime_error(req.getURI() + " -> " + std::to_string(resp.getStatus()));
        if (text.empty()) return {};
        return Poco::JSON::Parser().parse(text);
    }
};

DrawingExporter::DrawingExporter(std::string access_token, int64_t company_id)
    : impl_(new Impl{std::move(access_token), company_id}) {}
DrawingExporter::~DrawingExporter() = default;

std::string DrawingExporter::ProjectName(int64_t project_id) {
    HTTPRequest req = impl_->get("/rest/v1.0/projects/" + std::to_string(project_id) +
                                 "?company_id=" + std::to_string(impl_->company_id));
    impl_->add_company(req);
    auto obj = impl_->send(impl_->api, req).extract<Poco::JSON::Object::Ptr>();
    return obj->getValue<std::string>("name");
}

std::vector<DrawingExporter::Area> DrawingExporter::Areas(int64_t project_id) {
    HTTPRequest req = impl_->get("/vapid/projects/" + std::to_string(project_id) + "/drawing_areas");
    impl_->add_company(req);
    auto arr = impl_->send(impl_->legacy, req).extract<Poco::JSON::Array::Ptr>();
    std::vector<Area> out;
    for (size_t i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(static_cast<unsigned>(i));
        out.push_back({o->getValue<int>("id"), o->optValue<std::string>("name", "")});
    }
    return out;
}

std::vector<DrawingExporter::Drawing> DrawingExporter::Drawings(int64_t project_id, int64_t area_id) {
    HTTPRequest req = impl_->get("/rest/v1.1/drawing_areas/" + std::to_string(area_id) +
                                 "/drawings?project_id=" + std::to_string(project_id));
    impl_->add_company(req);
    auto arr = impl_->send(impl_->api, req).extract<Poco::JSON::Array::Ptr>();
    std::vector<Drawing> out;
    for (size_t i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(static_cast<unsigned>(i));
        out.push_back({o->getValue<Poco::Int64>("id"), o->optValue<std::string>("number", ""),
                       o->optValue<std::string>("title", ""), o->optValue<int>("revisions_count", 0)});
    }
    return out;
}

std::vector<DrawingExporter::Revision> DrawingExporter::Revisions(int64_t project_id, int64_t drawing_id) {
    HTTPRequest req = impl_->get("/rest/v1.0/projects/" + std::to_string(project_id) +
                                 "/drawing_revisions?filters[drawing_id]=" + std::to_string(drawing_id));
    auto arr = impl_->send(impl_->api, req).extract<Poco::JSON::Array::Ptr>();
    std::vector<Revision> out;
    for (size_t i = 0; i < arr->size(); ++i) {
        auto o = arr->getObject(static_cast<unsigned>(i));
        out.push_back({o->getValue<Poco::Int64>("id"), o->optValue<std::string>("revision_number", ""),
                       o->optValue<std::string>("drawing_date", "")});
    }
    return out;
}

void DrawingExporter::Revoke(const std::string& client_id, const std::string& client_secret) {
    HTTPSClientSession login("login.procore.com", static_cast<Poco::UInt16>(impl_->port), impl_->ctx);
    HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/revoke", HTTPRequest::HTTP_1_1);
    Poco::Net::HTMLForm form;
    form.add("token", impl_->token);
    form.add("client_id", client_id);
    form.add("client_secret", client_secret);
    form.prepareSubmit(req);
    form.write(login.sendRequest(req));
    HTTPResponse resp;
    login.receiveResponse(resp);
}

} // namespace drawlog

// ---------------------------------------------------------------------------
// C ABI (ProcoreDrawingLog.Native.cs mirrors these declarations)
// ---------------------------------------------------------------------------
extern "C" {

typedef struct mpr_exporter mpr_exporter;
typedef void (*mpr_row_cb)(void* user, const char* csv_line);

#define MPR_OK 0
#define MPR_ERR (-1)

static thread_local char g_err[512];

mpr_exporter* mpr_exporter_open(const char* token, int64_t company_id) {
    try {
        return reinterpret_cast<mpr_exporter*>(new drawlog::DrawingExporter(token, company_id));
    } catch (const std::exception& e) {
        std::snprintf(g_err, sizeof g_err, "%s", e.what());
        return nullptr;
    }
}

void mpr_exporter_close(mpr_exporter* h, const char* client_id, const char* client_secret) {
    auto* ex = reinterpret_cast<drawlog::DrawingExporter*>(h);
    if (!ex) return;
    try { ex->Revoke(client_id, client_secret); } catch (...) {}
    delete ex;
}

const char* mpr_last_error(void) { return g_err; }

int mpr_get_project(mpr_exporter* h, int64_t project_id, char* name, size_t name_len) {
    try {
        auto* ex = reinterpret_cast<drawlog::DrawingExporter*>(h);
        std::snprintf(name, name_len, "%s", ex->ProjectName(project_id).c_str());
        return MPR_OK;
    } catch (const std::exception& e) {
        std::snprintf(g_err, sizeof g_err, "%s", e.what());
        return MPR_ERR;
    }
}

int mpr_export_drawing_log(mpr_exporter* h, int64_t project_id, mpr_row_cb cb, void* user) {
    try {
        auto* ex = reinterpret_cast<drawlog::DrawingExporter*>(h);
        int rows = 0;
        char line[1024];
        for (const auto& area : ex->Areas(project_id)) {
            for (const auto& d : ex->Drawings(project_id, area.id)) {
                std::snprintf(line, sizeof line, "%lld,%s,%s,%s,%d", static_cast<long long>(d.id),
                              area.name.c_str(), d.number.c_str(), d.title.c_str(), d.revision_count);
                cb(user, line);
                ++rows;
            }
        }
        return rows;
    } catch (const std::exception& e) {
        std::snprintf(g_err, sizeof g_err, "%s", e.what());
        return MPR_ERR;
    }
}

int mpr_export_revisions(mpr_exporter* h, int64_t project_id, unsigned int drawing_id,
                         mpr_row_cb cb, void* user) {
    try {
        auto* ex = reinterpret_cast<drawlog::DrawingExporter*>(h);
        int rows = 0;
        char line[512];
        for (const auto& r : ex->Revisions(project_id, drawing_id)) {
            std::snprintf(line, sizeof line, "%u,%lld,%s,%s", drawing_id, static_cast<long long>(r.id),
                          r.revision_number.c_str(), r.drawing_date.c_str());
            cb(user, line);
            ++rows;
        }
        return rows;
    } catch (const std::exception& e) {
        std::snprintf(g_err, sizeof g_err, "%s", e.what());
        return MPR_ERR;
    }
}

} // extern "C"
