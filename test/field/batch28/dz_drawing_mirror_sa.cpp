// dz_drawing_mirror_sa.cpp
// Mirrors the current drawing set of every active project onto the plan-room
// NAS. Runs headless as a Developer Managed Service Account, so it uses the
// client-credentials grant; there is no user and no refresh token.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using json = nlohmann::json;
namespace fs = std::filesystem;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace mirror {

struct Endpoint {
    std::string_view host;
    Poco::UInt16 port = 443;
};

constexpr Endpoint kLogin{.host = "login.procore.com"};
constexpr Endpoint kApi{.host = "api.procore.com"};

struct RequestSpec {
    std::string method = HTTPRequest::HTTP_GET;
    std::string path;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type;
};

struct Reply {
    int status = 0;
    std::string body;
};

struct RequestContext {
    RequestSpec* request;
    std::int64_t company_id;
};

struct DrawingArea {
    std::int64_t id;
    std::string name;
};

struct DrawingRevision {
    long id;
    std::string number;
    std::string title;
    std::string png_url;
};

template <typename T>
concept Transport = requires(T t, const RequestSpec& spec) {
    { t.exchange(spec) } -> std::same_as<Reply>;
};

class PocoTransport {
public:
    explicit PocoTransport(Endpoint ep)
        : ctx_(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "")),
          session_(std::string(ep.host), ep.port, ctx_) {
        session_.setTimeout(Poco::Timespan(30, 0));
    }

    Reply exchange(const RequestSpec& spec) {
        HTTPRequest req(spec.method, spec.path, HTTPRequest::HTTP_1_1);
        for (const auto& [name, value] : spec.headers) req.set(name, value);
        if (!spec.body.empty()) {
            req.setContentType(spec.content_type);
            req.setContentLength(static_cast<std::streamsize>(spec.body.size()));
        }
        session_.sendRequest(req) << spec.body;
        HTTPResponse resp;
        std::istream& in = session_.receiveResponse(resp);
        std::ostringstream out;
        Poco::StreamCopier::copyStream(in, out);
        return {.status = static_cast<int>(resp.getStatus()), .body = out.str()};
    }

private:
    Poco::Net::Context::Ptr ctx_;
    Poco::Net::HTTPSClientSession session_;
};

void stamp_company(RequestContext ctx) {
    ctx.request->headers.emplace_back("Procore-Company-Id", std::to_string(ctx.company_id));
}

template <Transport T>
std::string client_credentials_token(T& login, std::string_view id, std::string_view secret) {
    RequestSpec spec{.method = HTTPRequest::HTTP_POST,
                     .path = "/oauth/token",
                     .headers = {},
                     .body = "grant_type=client_credentials&client_id=" + std::string(id) +
                             "&client_secret=" + std::string(secret),
                     .content_type = "application/x-www-form-urlencoded"};
    auto [status, body] = login.exchange(spec);
    if (status != 200) throw std::runtime_error("token request failed: " + std::to_string(status));
    const json parsed = json::parse(body);
    return parsed.at("access_token").get<std::string>();
}

template <Transport T>
bool company_visible(T& api, const std::string& bearer, std::int64_t company_id) {
    RequestSpec spec{.path = "/rest/v1.0/companies", .headers = {{"Authorization", bearer}}};
    Reply reply = api.exchange(spec);
    if (reply.status != 200) return false;
    for (const auto& c : json::parse(reply.body))
        if (c.value("id", std::int64_t{0}) == company_id) return true;
    return false;
}

template <Transport T>
std::vector<std::int64_t> project_ids(T& api, const std::string& bearer, std::int64_t company_id) {
    RequestSpec spec{.path = "/rest/v1.0/projects?company_id=" + std::to_string(company_id),
                     .headers = {{"Authorization", bearer}}};
    stamp_company({.request = &spec, .company_id = company_id});
    Reply reply = api.exchange(spec);
    std::vector<std::int64_t> ids;
    for (const auto& p : json::parse(reply.body)) ids.push_back(p.value("id", std::int64_t{0}));
    return ids;
}

template <Transport T>
std::vector<DrawingArea> drawing_areas(T& api, const std::string& bearer, std::int64_t company_id,
                                       std::int64_t project_id) {
    RequestSpec spec{.path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas",
                     .headers = {{"Authorization", bearer},
                                 {"X-Procore-Company-Id", std::to_string(company_id)}}};
    Reply reply = api.exchange(spec);
    std::vector<DrawingArea> areas;
    if (reply.status != 200) return areas;
    for (const auto& a : json::parse(reply.body))
        areas.push_back({.id = a.value("id", std::int64_t{0}), .name = a.value("name", "")});
    return areas;
}

template <Transport T>
std::vector<DrawingRevision> current_drawings(T& api, const std::string& bearer,
                                              std::int64_t company_id, std::int64_t project_id,
                                              const DrawingArea& area) {
    RequestSpec spec{.path = "/rest/v1.0/drawing_areas/" + std::to_string(area.id) +
                             "/drawings?project_id=" + std::to_string(project_id),
                     .headers = {{"Authorization", bearer}}};
    stamp_company({.request = &spec, .company_id = company_id});
    Reply reply = api.exchange(spec);
    std::vector<DrawingRevision> out;
    if (reply.status != 200) return out;
    for (const auto& d : json::parse(reply.body)) {
        const auto& rev = d.at("current_revision");
        out.push_back({.id = rev.value("id", std::int64_t{0}),
                       .number = d.value("number", ""),
                       .title = d.value("title", ""),
                       .png_url = rev.value("png_url", "")});
    }
    return out;
}

bool download(const std::string& url, const fs::path& target) {
    Poco::URI uri(url);
    if (!uri.getHost().ends_with("storage.procore.com")) {
        std::cerr << "refusing non-storage URL " << uri.getHost() << '\n';
        return false;
    }
    PocoTransport storage{{.host = uri.getHost(), .port = uri.getPort()}};
    auto [status, body] = storage.exchange({.path = uri.getPathAndQuery()});
    if (status != 200) return false;
    std::ofstream(target, std::ios::binary) << body;
    return true;
}

}  // namespace mirror

int main(int argc, char** argv) {
    using namespace mirror;
    if (argc < 3) {
        std::cerr << "usage: drawing_mirror <company_id> <nas_root> [project_id]\n";
        return 2;
    }
    const std::int64_t company_id = Poco::NumberParser::parse64(argv[1]);
    const fs::path root = argv[2];
    const char* id = std::getenv("PROCORE_SA_CLIENT_ID");
    const char* secret = std::getenv("PROCORE_SA_CLIENT_SECRET");
    if (!id || !secret) return 2;

    PocoTransport login{kLogin};
    const std::string bearer = "Bearer " + client_credentials_token(login, id, secret);

    PocoTransport api{kApi};
    if (!company_visible(api, bearer, company_id)) {
        std::cerr << "service account is not installed in company " << company_id << '\n';
        return 1;
    }

    std::vector<std::int64_t> projects;
    if (argc > 3) projects.push_back(Poco::NumberParser::parse(argv[3]));
    else projects = project_ids(api, bearer, company_id);

    int downloaded = 0;
    for (const std::int64_t project_id : projects) {
        for (const auto& area : drawing_areas(api, bearer, company_id, project_id)) {
            const fs::path dir = root / std::to_string(project_id) / area.name;
            fs::create_directories(dir);
            for (const auto& rev : current_drawings(api, bearer, company_id, project_id, area)) {
                if (rev.png_url.empty()) continue;
                if (download(rev.png_url, dir / (rev.number + ".png"))) ++downloaded;
            }
        }
    }
    std::cout << "mirrored " << downloaded << " sheets\n";
    return 0;
}
