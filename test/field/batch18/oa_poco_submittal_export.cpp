// submittal-export: dumps a project's submittal log and drawing areas to JSON for
// the document-control spreadsheet. The client classes mirror what
// openapi-generator emits for our Procore spec subset; main() is hand-written.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using Poco::JSON::Array;
using Poco::JSON::Object;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace org { namespace openapitools { namespace client {

class ApiConfiguration {
public:
    std::map<std::string, std::string>& defaultHeaders() { return defaultHeaders_; }
    void setAccessTokenProvider(std::function<std::string()> f) { tokenProvider_ = std::move(f); }
    std::string accessToken() const { return tokenProvider_ ? tokenProvider_() : std::string(); }
private:
    std::map<std::string, std::string> defaultHeaders_{{"Accept", "application/json"}};
    std::function<std::string()> tokenProvider_;
};

class ApiClient {
public:
    explicit ApiClient(std::shared_ptr<ApiConfiguration> cfg) : cfg_(std::move(cfg)) {}

    // basePath is owned by each *Api instance in this generator flavour.
    Poco::Dynamic::Var callApi(const std::string& basePath, const std::string& method, const std::string& path,
                               const std::map<std::string, std::string>& queryParams,
                               const std::map<std::string, std::string>& headerParams,
                               const std::string& body) {
        Poco::URI uri(basePath + path);
        for (const auto& q : queryParams) uri.addQueryParameter(q.first, q.second);

        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort());
        HTTPRequest req(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& h : cfg_->defaultHeaders()) req.set(h.first, h.second);
        for (const auto& h : headerParams) req.set(h.first, h.second);
        req.set("Authorization", "Bearer " + cfg_->accessToken());
        if (!body.empty()) {
            req.setContentType("application/json");
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }

        std::ostream& os = session.sendRequest(req);
        os << body;
        HTTPResponse resp;
        std::istream& is = session.receiveResponse(resp);
        std::string raw;
        Poco::StreamCopier::copyToString(is, raw);
        int status = resp.getStatus();
        if (status >= 400) throw std::runtime_error("HTTP " + std::to_string(status) + " for " + path + ": " + raw);
        Poco::JSON::Parser parser;
        return parser.parse(raw);
    }

private:
    std::shared_ptr<ApiConfiguration> cfg_;
};

inline std::string replaceParam(std::string path, const std::string& name, Poco::Int64 value) {
    auto pos = path.find(name);
    if (pos != std::string::npos) path.replace(pos, name.size(), Poco::NumberFormatter::format(value));
    return path;
}

// ---- models ---------------------------------------------------------------

struct Submittal {
    int id = 0;
    std::string number;
    std::string title;
    std::string status;
    Poco::Int64 responsibleContractorId = 0;

    static Submittal fromJson(const Object::Ptr& o) {
        Submittal s;
        s.id = o->getValue<int>("id");
        s.number = o->optValue<std::string>("number", "");
        s.title = o->optValue<std::string>("title", "");
        Object::Ptr st = o->getObject("status");
        if (st) s.status = st->optValue<std::string>("name", "");
        Object::Ptr rc = o->getObject("responsible_contractor");
        if (rc) s.responsibleContractorId = rc->getValue<Poco::Int64>("id");
        return s;
    }
};

struct DrawingArea {
    Poco::Int64 id = 0;
    std::string name;
    static DrawingArea fromJson(const Object::Ptr& o) {
        return {o->getValue<Poco::Int64>("id"), o->optValue<std::string>("name", "")};
    }
};

// ---- APIs -----------------------------------------------------------------

class SubmittalsApi {
public:
    SubmittalsApi(std::shared_ptr<ApiClient> c, std::string basePath) : client_(std::move(c)), basePath_(std::move(basePath)) {}

    std::vector<Submittal> listSubmittals(Poco::Int64 projectId, int page) {
        std::string path = replaceParam("/rest/v1.1/projects/{project_id}/submittals", "{project_id}", projectId);
        std::map<std::string, std::string> queryParams{{"page", std::to_string(page)}, {"per_page", "200"}};
        std::map<std::string, std::string> headerParams;
        Poco::Dynamic::Var res = client_->callApi(basePath_, HTTPRequest::HTTP_GET, path, queryParams, headerParams, "");
        std::vector<Submittal> out;
        Array::Ptr arr = res.extract<Array::Ptr>();
        for (size_t i = 0; i < arr->size(); ++i) out.push_back(Submittal::fromJson(arr->getObject(static_cast<unsigned>(i))));
        return out;
    }

private:
    std::shared_ptr<ApiClient> client_;
    std::string basePath_;
};

class DrawingsApi {
public:
    DrawingsApi(std::shared_ptr<ApiClient> c, std::string basePath) : client_(std::move(c)), basePath_(std::move(basePath)) {}

    std::vector<DrawingArea> listDrawingAreas(Poco::Int64 companyId, Poco::Int64 projectId) {
        std::string path = replaceParam("/rest/v1.0/projects/{project_id}/drawing_areas", "{project_id}", projectId);
        std::map<std::string, std::string> queryParams;
        std::map<std::string, std::string> headerParams{{"Procore-Company-Id", Poco::NumberFormatter::format(companyId)}};
        Poco::Dynamic::Var res = client_->callApi(basePath_, HTTPRequest::HTTP_GET, path, queryParams, headerParams, "");
        std::vector<DrawingArea> out;
        Array::Ptr arr = res.extract<Array::Ptr>();
        for (size_t i = 0; i < arr->size(); ++i) out.push_back(DrawingArea::fromJson(arr->getObject(static_cast<unsigned>(i))));
        return out;
    }

private:
    std::shared_ptr<ApiClient> client_;
    std::string basePath_;
};

class MeApi {
public:
    MeApi(std::shared_ptr<ApiClient> c, std::string basePath) : client_(std::move(c)), basePath_(std::move(basePath)) {}
    std::string whoAmI() {
        std::map<std::string, std::string> none;
        Poco::Dynamic::Var res = client_->callApi(basePath_, HTTPRequest::HTTP_GET, "/rest/v1.0/me", none, none, "");
        return res.extract<Object::Ptr>()->optValue<std::string>("login", "");
    }
private:
    std::shared_ptr<ApiClient> client_;
    std::string basePath_;
};

}}} // namespace org::openapitools::client

// ---- application --------------------------------------------------------------

namespace oac = org::openapitools::client;

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: submittal-export <company_id> <project_id> <out.json>\n";
        return 2;
    }
    const Poco::Int64 companyId = Poco::NumberParser::parse64(argv[1]);
    const int projectId = Poco::NumberParser::parse(argv[2]);

    auto cfg = std::make_shared<oac::ApiConfiguration>();
    cfg->setAccessTokenProvider([] {
        const char* t = std::getenv("PROCORE_TOKEN");
        return std::string(t ? t : "");
    });
    auto client = std::make_shared<oac::ApiClient>(cfg);

    const std::string apiBase = "https://api.procore.com";
    oac::MeApi me(client, apiBase);
    oac::DrawingsApi drawings(client, apiBase);
    // submittals v1.1 lives on the new host per the release notes
    oac::SubmittalsApi submittals(client, "https://app.procore.com");

    std::cerr << "exporting as " << me.whoAmI() << "\n";

    Object root;
    Array subsJson;
    int total = 0;
    for (int page = 1;; ++page) {
        auto batch = submittals.listSubmittals(projectId, page);
        for (const auto& s : batch) {
            Object row;
            row.set("id", s.id);
            row.set("number", s.number);
            row.set("title", s.title);
            row.set("status", s.status);
            row.set("responsible_contractor_id", s.responsibleContractorId);
            subsJson.add(row);
            ++total;
        }
        if (batch.size() < 200) break;
    }
    root.set("submittals", subsJson);

    Array areasJson;
    for (const auto& a : drawings.listDrawingAreas(companyId, projectId)) {
        Object row;
        row.set("id", a.id);
        row.set("name", a.name);
        areasJson.add(row);
    }
    root.set("drawing_areas", areasJson);
    root.set("project_url", "https://app.procore.com/" + std::to_string(projectId) + "/project/submittal_logs");

    std::ofstream out(argv[3]);
    root.stringify(out, 2);
    std::cerr << total << " submittals written to " << argv[3] << "\n";
    return 0;
}
