// drawing_fetch: mirror the current drawing set of a project to the site office NAS.
//   drawing_fetch <project_id> <out_dir> [<area_name>]
// Credentials come from the environment (PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET,
// PROCORE_REFRESH_TOKEN, PROCORE_COMPANY_ID).
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Types.h>
#include <Poco/URI.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace {

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kOAuthHost = "api.procore.com";
constexpr std::string_view kApiHost = "api.procore.com";
constexpr std::string_view kWebLink = "https://app.procore.com";
constexpr Poco::UInt16 kHttpsPort = 443;
constexpr int kMaxAttempts = 3;

struct RefreshToken { std::string client_id, client_secret, refresh_token; };
struct ListDrawingAreas { Poco::Int64 company_id; Poco::Int64 project_id; };
struct ListDrawings { Poco::Int64 company_id; Poco::Int64 project_id; int area_id; };
struct DownloadPdf { std::string presigned_url; };
using Request = std::variant<RefreshToken, ListDrawingAreas, ListDrawings, DownloadPdf>;

struct Ok { int status; std::string body; };
struct Failed { std::string reason; };
using Response = std::variant<Ok, Failed>;

struct Drawing { Poco::Int64 id; std::string number; std::string title; Poco::Int64 revision_id; std::string pdf_url; };

std::string g_access_token;

template <class T> constexpr bool is_rest_v = std::is_same_v<T, ListDrawingAreas> || std::is_same_v<T, ListDrawings>;

HeaderPairs bearer() { return {{"Authorization", "Bearer " + g_access_token}, {"Accept", "application/json"}}; }
HeaderPairs company_of(Poco::Int64 id) { return {{"Procore-Company-Id", std::to_string(id)}}; }
HeaderPairs operator+(HeaderPairs a, const HeaderPairs& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string url_for(const Request& r) {
    const std::string api = "https://" + std::string{kApiHost};
    return std::visit(overloaded{
        [](const RefreshToken&) { return "https://" + std::string{kOAuthHost} + "/oauth/token"; },
        [&](const ListDrawingAreas& q) { return api + "/rest/v1.1/projects/" + std::to_string(q.project_id) + "/drawing_areas"; },
        [&](const ListDrawings& q) {
            return api + "/rest/v1.1/drawing_areas/" + std::to_string(q.area_id) + "/drawings?project_id=" + std::to_string(q.project_id);
        },
        [](const DownloadPdf& q) { return q.presigned_url; },
    }, r);
}

HeaderPairs headers_for(const Request& r) {
    return std::visit(overloaded{
        [](const RefreshToken&) -> HeaderPairs { return {{"Content-Type", "application/x-www-form-urlencoded"}}; },
        [](const ListDrawingAreas& q) { return bearer() + company_of(q.company_id); },
        [](const ListDrawings&) { return bearer(); },
        [](const DownloadPdf&) -> HeaderPairs { return {}; },  // presigned S3 URL, no auth
    }, r);
}

std::optional<std::string> body_for(const Request& r) {
    if (const auto* t = std::get_if<RefreshToken>(&r))
        return "grant_type=refresh_token&client_id=" + t->client_id + "&client_secret=" + t->client_secret +
               "&refresh_token=" + t->refresh_token;
    return std::nullopt;
}

Response send(const Request& r) {
    try {
        const Poco::URI uri(url_for(r));
        Poco::Net::HTTPSClientSession session(uri.getHost(), kHttpsPort);
        const auto body = body_for(r);
        Poco::Net::HTTPRequest req(body ? Poco::Net::HTTPRequest::HTTP_POST : Poco::Net::HTTPRequest::HTTP_GET,
                                   uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : headers_for(r)) req.set(name, value);
        if (body) req.setContentLength(static_cast<std::streamsize>(body->size()));
        std::ostream& out = session.sendRequest(req);
        if (body) out << *body;
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        return Ok{static_cast<int>(resp.getStatus()), std::move(text)};
    } catch (const Poco::Exception& e) {
        return Failed{e.displayText()};
    }
}

Response send_with_retry(const Request& r) {
    Response res = Failed{"not attempted"};
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
        res = send(r);
        if (const auto* ok = std::get_if<Ok>(&res); ok && ok->status < 500) break;
    }
    return res;
}

Poco::Dynamic::Var json_of(const Response& res) {
    const auto* ok = std::get_if<Ok>(&res);
    if (!ok || ok->status != 200) return {};
    Poco::JSON::Parser parser;
    return parser.parse(ok->body);
}

std::vector<Drawing> parse_drawings(const Poco::JSON::Array::Ptr& arr) {
    std::vector<Drawing> out;
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
        const auto obj = arr->getObject(static_cast<unsigned>(i));
        const auto rev = obj->getObject("current_revision");
        if (!rev) continue;
        out.push_back(Drawing{
            /*id=*/obj->getValue<Poco::Int64>("id"),
            /*number=*/obj->optValue<std::string>("number", ""),
            /*title=*/obj->optValue<std::string>("title", ""),
            /*revision_id=*/rev->getValue<int>("id"),
            /*pdf_url=*/rev->optValue<std::string>("pdf_url", ""),
        });
    }
    return out;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: drawing_fetch <project_id> <out_dir> [<area_name>]\n";
        return 2;
    }
    const Poco::Int64 project_id = std::stoll(argv[1]);
    const std::string out_dir = argv[2];
    const std::optional<std::string> only_area = argc > 3 ? std::optional<std::string>{argv[3]} : std::nullopt;
    const Poco::Int64 company_id = std::stoll(env("PROCORE_COMPANY_ID"));

    const auto token = json_of(send(RefreshToken{env("PROCORE_CLIENT_ID"), env("PROCORE_CLIENT_SECRET"), env("PROCORE_REFRESH_TOKEN")}));
    if (token.isEmpty()) {
        std::cerr << "could not refresh token\n";
        return 1;
    }
    g_access_token = token.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("access_token");

    const auto areas = json_of(send_with_retry(ListDrawingAreas{company_id, project_id}));
    if (areas.isEmpty()) return 1;

    int saved = 0;
    const auto area_list = areas.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < area_list->size(); ++i) {
        const auto area = area_list->getObject(static_cast<unsigned>(i));
        const auto name = area->optValue<std::string>("name", "");
        if (only_area && *only_area != name) continue;
        const int area_id = area->getValue<int>("id");

        const auto drawings = json_of(send_with_retry(ListDrawings{company_id, project_id, area_id}));
        if (drawings.isEmpty()) continue;
        for (const auto& [id, number, title, revision_id, pdf_url] : parse_drawings(drawings.extract<Poco::JSON::Array::Ptr>())) {
            const auto pdf = send(DownloadPdf{pdf_url});
            const auto* ok = std::get_if<Ok>(&pdf);
            if (!ok || ok->status != 200) {
                std::cerr << "skip " << number << " (" << kWebLink << "/" << project_id << "/project/drawing_log/view_fullscreen/" << revision_id << ")\n";
                continue;
            }
            std::ofstream(out_dir + "/" + number + ".pdf", std::ios::binary) << ok->body;
            ++saved;
        }
    }
    std::cout << saved << " drawings mirrored to " << out_dir << '\n';
    return 0;
}
