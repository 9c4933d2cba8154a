// drawing_cache_plugin.cpp -- CAD add-in that pulls the current drawing set
// of a project into the local sheet cache. The host application loads the
// plugin, calls procore_plugin_entry() with its settings JSON and owns the
// OAuth token. The "transport" setting picks a backend from the table below:
// "curlpp" (default) or "offline" (serves whatever is already cached).
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <list>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

struct HttpCall {
    std::string verb;
    std::string url;
    std::list<std::string> headers;
    std::string payload;
};

struct HttpResult {
    long code = 0;
    std::string body;
};

struct backend_vtbl {
    const char* id;
    void* (*open)(const Json::Value* settings);
    bool (*perform)(void* self, const void* call, void* result);
    void (*close)(void* self);
};

class BackendTable {
public:
    static std::map<std::string, const backend_vtbl*>& all() {
        static std::map<std::string, const backend_vtbl*> t;
        return t;
    }
    struct Add {
        explicit Add(const backend_vtbl* v) { all()[v->id] = v; }
    };
};

// --------------------------------------------------------------- curlpp
namespace {
void* curlpp_open(const Json::Value*) { return new curlpp::Cleanup; }

bool curlpp_perform(void*, const void* opaque_call, void* opaque_result) {
    const auto& call = *static_cast<const HttpCall*>(opaque_call);
    auto& res = *static_cast<HttpResult*>(opaque_result);
    try {
        curlpp::Easy req;
        std::ostringstream sink;
        req.setOpt(curlpp::options::Url(call.url));
        req.setOpt(curlpp::options::CustomRequest(call.verb));
        req.setOpt(curlpp::options::HttpHeader(call.headers));
        req.setOpt(curlpp::options::FollowLocation(true));
        if (!call.payload.empty()) req.setOpt(curlpp::options::PostFields(call.payload));
        req.setOpt(curlpp::options::WriteStream(&sink));
        req.perform();
        res.code = curlpp::infos::ResponseCode::get(req);
        res.body = sink.str();
        return true;
    } catch (const curlpp::LibcurlRuntimeError& e) {
        std::cerr << "drawing-cache: " << e.what() << "\n";
        return false;
    }
}

void curlpp_close(void* self) { delete static_cast<curlpp::Cleanup*>(self); }
const backend_vtbl kCurlpp{"curlpp", curlpp_open, curlpp_perform, curlpp_close};
BackendTable::Add addCurlpp(&kCurlpp);

// --------------------------------------------------------------- offline
void* offline_open(const Json::Value* s) { return new std::string((*s)["cache_dir"].asString()); }
bool offline_perform(void* self, const void* opaque_call, void* opaque_result) {
    const auto& call = *static_cast<const HttpCall*>(opaque_call);
    auto& res = *static_cast<HttpResult*>(opaque_result);
    std::ifstream in(*static_cast<std::string*>(self) + "/" + std::to_string(std::hash<std::string>{}(call.url)));
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    res.code = 200;
    res.body = ss.str();
    return true;
}
void offline_close(void* self) { delete static_cast<std::string*>(self); }
const backend_vtbl kOffline{"offline", offline_open, offline_perform, offline_close};
BackendTable::Add addOffline(&kOffline);
}  // namespace

// --------------------------------------------------------------- procore
static std::string login_base_for(bool sandbox) {
    return sandbox ? "https://login-sandbox.procore.com" : "https://login.procore.com";
}

static std::string api_base_for(const std::string& zone, bool sandbox) {
    if (sandbox) return "https://sandbox.procore.com";
    if (zone == "us02") return "https://us02.procore.com";
    return "https://api.procore.com";
}

struct SheetRef {
    int id;
    unsigned revision_id;
    std::string number;
    std::string pdf_url;
};

class DrawingSource {
public:
    DrawingSource(const backend_vtbl* b, const Json::Value& s)
        : be_(b), self_(b->open(&s)), token_(s["access_token"].asString()),
          company_(std::stoll(s["company_id"].asString())),
          api_(api_base_for(s["zone"].asString(), s["sandbox"].asBool())),
          login_(login_base_for(s["sandbox"].asBool())) {}
    ~DrawingSource() { be_->close(self_); }

    bool token_valid() {
        HttpCall call{"GET", login_ + "/oauth/token/info", {"Authorization: Bearer " + token_}, ""};
        return fetch(call).code == 200;
    }

    Json::Value get(const std::string& path, bool company_scoped) {
        HttpCall call{"GET", api_ + path, {"Authorization: Bearer " + token_, "Accept: application/json"}, ""};
        if (company_scoped) call.headers.push_back("Procore-Company-Id: " + std::to_string(company_));
        HttpResult r = fetch(call);
        Json::Value out;
        Json::CharReaderBuilder rb;
        std::string errs;
        std::istringstream is(r.body);
        if (r.code != 200 || !Json::parseFromStream(rb, is, &out, &errs)) return Json::Value(Json::arrayValue);
        return out;
    }

    HttpResult fetch(const HttpCall& call) {
        HttpResult r;
        be_->perform(self_, &call, &r);
        return r;
    }

private:
    const backend_vtbl* be_;
    void* self_;
    std::string token_;
    int64_t company_;
    std::string api_;
    std::string login_;
};

static std::vector<SheetRef> current_sheets(DrawingSource& src, int64_t project_id) {
    std::vector<SheetRef> sheets;
    const std::string pid = std::to_string(project_id);
    Json::Value areas = src.get("/rest/v1.0/projects/" + pid + "/drawing_areas", true);
    for (const auto& area : areas) {
        Json::Int64 area_id = area["id"].asInt64();
        Json::Value drawings = src.get("/rest/v1.1/drawing_areas/" + std::to_string(area_id) +
                                           "/drawings?project_id=" + pid, false);
        for (const auto& d : drawings) {
            SheetRef s;
            s.id = d["id"].asInt();
            s.number = d["number"].asString();
            const Json::Value& rev = d["current_revision"];
            s.revision_id = rev["id"].asUInt();
            s.pdf_url = rev["pdf_url"].asString();
            sheets.push_back(s);
        }
    }
    return sheets;
}

extern "C" int procore_plugin_entry(const char* settings_json) {
    Json::Value settings;
    Json::CharReaderBuilder rb;
    std::string errs;
    std::istringstream is(settings_json ? settings_json : "{}");
    if (!Json::parseFromStream(rb, is, &settings, &errs)) return -1;

    auto& table = BackendTable::all();
    auto it = table.find(settings.get("transport", "curlpp").asString());
    if (it == table.end()) return -2;

    DrawingSource src(it->second, settings);
    if (!src.token_valid()) return -3;
    Json::Value me = src.get("/rest/v1.0/me", false);
    std::clog << "drawing-cache: signed in as " << me["login"].asString() << "\n";

    const int64_t project_id = std::stoll(settings["project_id"].asString());
    const std::string cache = settings["cache_dir"].asString();
    int downloaded = 0;
    for (const auto& sheet : current_sheets(src, project_id)) {
        // pdf_url is a presigned link; it must not get our bearer token
        if (sheet.pdf_url.rfind("https://storage.procore.com/", 0) != 0) continue;
        HttpResult pdf = src.fetch(HttpCall{"GET", sheet.pdf_url, {}, ""});
        std::ofstream(cache + "/" + sheet.number + "_" + std::to_string(sheet.revision_id) + ".pdf",
                      std::ios::binary) << pdf.body;
        ++downloaded;
    }
    std::clog << "drawing-cache: " << downloaded << " sheets refreshed\n";
    return downloaded;
}
