// procore_drawings.cpp - backend of the "Procore Sheets" panel in our CAD plugin.
// Talks to the monthly sandbox while the plugin is in beta.
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <json/json.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace sheets {

struct Environment {
    const char* login;
    const char* api;
};

constexpr Environment kMonthly{"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
constexpr const char* kRevokeUrl = "https://api-monthly.procore.com/oauth/revoke";
constexpr const char* kSlackHook = "https://hooks.slack.com/services/T000/B000/plugin-beta";

// ---- operations -----------------------------------------------------------
struct ListDrawingAreas   { int64_t company_id; int64_t project_id; };
struct ListDrawings       { int64_t company_id; int64_t project_id; int64_t drawing_area_id; };
struct ListRevisions      { int64_t company_id; int64_t project_id; int64_t drawing_id; };
struct ListSubmittals     { int64_t project_id; std::string status; };
struct CreateUpload       { int64_t company_id; int64_t project_id; std::string filename; };

using Operation = std::variant<ListDrawingAreas, ListDrawings, ListRevisions, ListSubmittals, CreateUpload>;

struct Call {
    std::string method;
    std::string path;
    std::list<std::string> headers;
    std::string body;
};

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

inline std::string cid(int64_t company_id) { return "Procore-Company-Id: " + std::to_string(company_id); }

inline Call describe(const Operation& op) {
    return std::visit(overloaded{
        [](const ListDrawingAreas& o) {
            return Call{"GET", "/rest/v1.1/projects/" + std::to_string(o.project_id) + "/drawing_areas",
                        {cid(o.company_id)}, ""};
        },
        [](const ListDrawings& o) {
            return Call{"GET", "/rest/v1.1/drawing_areas/" + std::to_string(o.drawing_area_id) +
                                   "/drawings?project_id=" + std::to_string(o.project_id),
                        {cid(o.company_id)}, ""};
        },
        [](const ListRevisions& o) {
            return Call{"GET", "/rest/v1.0/projects/" + std::to_string(o.project_id) +
                                   "/drawing_revisions?filters[drawing_id]=" + std::to_string(o.drawing_id),
                        {cid(o.company_id)}, ""};
        },
        [](const ListSubmittals& o) {
            return Call{"GET", "/rest/v1.1/projects/" + std::to_string(o.project_id) +
                                   "/submittals?filters[status]=" + o.status,
                        {"Accept: application/json"}, ""};
        },
        [](const CreateUpload& o) {
            return Call{"POST", "/rest/v1.0/projects/" + std::to_string(o.project_id) + "/uploads",
                        {cid(o.company_id), "Content-Type: application/json"},
                        "{\"response_filename\":\"" + o.filename + "\",\"response_content_type\":\"application/pdf\"}"};
        },
    }, op);
}

struct DrawingSummary {
    uint32_t id = 0;
    int64_t drawing_area_id = 0;
    std::string number;
    std::string title;
};

class Session {
public:
    explicit Session(std::string token) : token_(std::move(token)) {}

    Json::Value send(const Operation& op) {
        Call c = describe(op);
        c.headers.push_back("Authorization: Bearer " + token_);
        std::ostringstream out;
        curlpp::Easy h;
        h.setOpt(curlpp::options::Url(std::string(kMonthly.api) + c.path));
        h.setOpt(curlpp::options::HttpHeader(c.headers));
        h.setOpt(curlpp::options::CustomRequest(c.method));
        h.setOpt(curlpp::options::WriteStream(&out));
        if (!c.body.empty()) h.setOpt(curlpp::options::PostFields(c.body));
        h.perform();
        if (curlpp::infos::ResponseCode::get(h) >= 400) throw std::runtime_error("request failed: " + c.path);
        Json::Value v;
        std::istringstream in(out.str());
        in >> v;
        return v;
    }

    void putToStorage(const std::string& presignedUrl, const std::string& pdfPath) {
        std::ifstream f(pdfPath, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        curlpp::Easy h;
        h.setOpt(curlpp::options::Url(presignedUrl));  // https://storage.procore.com/... signed URL
        h.setOpt(curlpp::options::CustomRequest("PUT"));
        h.setOpt(curlpp::options::PostFields(data));
        h.setOpt(curlpp::options::PostFieldSize(static_cast<long>(data.size())));
        h.perform();
    }

    void revoke(const std::string& clientId, const std::string& clientSecret) {
        curlpp::Easy h;
        std::ostringstream sink;
        h.setOpt(curlpp::options::Url(kRevokeUrl));
        h.setOpt(curlpp::options::PostFields("token=" + token_ + "&client_id=" + clientId +
                                             "&client_secret=" + clientSecret));
        h.setOpt(curlpp::options::WriteStream(&sink));
        h.perform();
    }

private:
    std::string token_;
};

inline std::string viewerLink(int64_t company_id, int project_id) {
    return "https://app.procore.com/" + std::to_string(company_id) + "/project/drawing_log?project_id=" +
           std::to_string(project_id);
}

inline void notifySlack(const std::string& text) {
    Json::Value msg;
    msg["text"] = text;
    curlpp::Easy h;
    std::ostringstream sink;
    h.setOpt(curlpp::options::Url(kSlackHook));
    h.setOpt(curlpp::options::HttpHeader(std::list<std::string>{"Content-Type: application/json"}));
    h.setOpt(curlpp::options::PostFields(Json::FastWriter().write(msg)));
    h.setOpt(curlpp::options::WriteStream(&sink));
    h.perform();
}

} // namespace sheets

// Entry points called by the plugin host (C++ side of the panel).
std::vector<sheets::DrawingSummary> LoadSheetIndex(sheets::Session& s, int64_t company_id, int64_t project_id) {
    std::vector<sheets::DrawingSummary> result;
    for (const auto& area : s.send(sheets::ListDrawingAreas{company_id, project_id})) {
        const int64_t area_id = area["id"].asInt64();
        for (const auto& d : s.send(sheets::ListDrawings{company_id, project_id, area_id})) {
            sheets::DrawingSummary sum;
            sum.id = d["id"].asLargestUInt();
            sum.drawing_area_id = area_id;
            sum.number = d["number"].asString();
            sum.title = d["title"].asString();
            result.push_back(sum);
        }
    }
    return result;
}

int CountOpenSubmittals(sheets::Session& s, int64_t project_id) {
    Json::Value subs = s.send(sheets::ListSubmittals{project_id, "open"});
    return static_cast<int>(subs.size());
}

std::string PublishMarkup(sheets::Session& s, int64_t company_id, int64_t project_id, const std::string& pdf) {
    Json::Value upload = s.send(sheets::CreateUpload{company_id, project_id, "markup.pdf"});
    s.putToStorage(upload["url"].asString(), pdf);
    sheets::notifySlack("Markup uploaded for project " + std::to_string(project_id) + ": " +
                        sheets::viewerLink(company_id, project_id));
    return upload["uuid"].asString();
}

Json::Value LatestRevision(sheets::Session& s, int64_t company_id, int64_t project_id, int64_t drawing_id) {
    Json::Value revs = s.send(sheets::ListRevisions{company_id, project_id, drawing_id});
    return revs.empty() ? Json::Value() : revs[revs.size() - 1];
}
