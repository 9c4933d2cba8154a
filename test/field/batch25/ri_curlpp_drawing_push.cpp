// drawing_push - CLI used by the document control desk to push a PDF drawing
// set into a project's drawing log.
//
//   drawing_push [--monthly] <company_id> <project_id> <drawing_set.pdf>
//
// First run: prints the authorize link, the user pastes the code back
// (authorization-code grant, out-of-band redirect).
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <list>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

namespace {

struct Hosts {
    std::string login;
    std::string api;
};

Hosts hostsFor(bool monthly) {
    if (monthly)
        return {"https://api-monthly.procore.com",
                "https://api-monthly.procore.com"};
    return {"https://login.procore.com",
            "https://api.procore.com"};
}

const char* const kRedirect = "urn:ietf:wg:oauth:2.0:oob";
const char* const kHelpLink = "https://support.procore.com/products/online/user-guide/project-level/drawings";

// Move-only description of one HTTP call.
class HttpCall {
public:
    HttpCall(std::string method, std::string url) : method_(std::move(method)), url_(std::move(url)) {}
    HttpCall(HttpCall&&) = default;
    HttpCall& operator=(HttpCall&&) = default;
    HttpCall(const HttpCall&) = delete;
    HttpCall& operator=(const HttpCall&) = delete;

    HttpCall&& json(const Json::Value& v) && {
        Json::StreamWriterBuilder b;
        b["indentation"] = "";
        body_ = Json::writeString(b, v);
        headers_.push_back("Content-Type: application/json");
        return std::move(*this);
    }
    HttpCall&& form(std::string urlencoded) && {
        body_ = std::move(urlencoded);
        return std::move(*this);
    }
    HttpCall&& header(std::string h) && {
        headers_.push_back(std::move(h));
        return std::move(*this);
    }

    const std::string& method() const { return method_; }
    const std::string& url() const { return url_; }
    const std::string& body() const { return body_; }
    const std::list<std::string>& headers() const { return headers_; }

private:
    std::string method_, url_, body_;
    std::list<std::string> headers_;
};

// Owns curlpp's global state plus the bearer token; every call sent through it
// gets the Authorization header added.
class ScopedSession {
public:
    explicit ScopedSession(std::string token) : token_(std::move(token)) {}
    ScopedSession(const ScopedSession&) = delete;
    ScopedSession& operator=(const ScopedSession&) = delete;

    Json::Value send(HttpCall call) {
        std::list<std::string> headers = call.headers();
        if (!token_.empty()) headers.push_back("Authorization: Bearer " + token_);
        return raw(std::move(call), headers);
    }

    static Json::Value raw(HttpCall call, const std::list<std::string>& headers) {
        curlpp::Easy easy;
        std::ostringstream out;
        easy.setOpt(curlpp::options::Url(call.url()));
        easy.setOpt(curlpp::options::HttpHeader(headers));
        easy.setOpt(curlpp::options::WriteStream(&out));
        if (call.method() != "GET") {
            easy.setOpt(curlpp::options::CustomRequest(call.method()));
            easy.setOpt(curlpp::options::PostFields(call.body()));
            easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(call.body().size())));
        }
        easy.perform();
        long code = curlpp::infos::ResponseCode::get(easy);
        if (code >= 400) throw std::runtime_error(call.url() + " returned " + std::to_string(code));
        Json::Value v;
        std::istringstream in(out.str());
        in >> v;
        return v;
    }

private:
    curlpp::Cleanup cleanup_;
    std::string token_;
};

std::string exchangeCode(const Hosts& hosts, const std::string& client_id,
                         const std::string& client_secret, const std::string& code) {
    std::string form = "grant_type=authorization_code&code=" + code + "&client_id=" + client_id +
                       "&client_secret=" + client_secret + "&redirect_uri=" + kRedirect;
    Json::Value tok = ScopedSession::raw(HttpCall("POST", hosts.login + "/oauth/token").form(form), {});
    return tok["access_token"].asString();
}

void uploadToStorage(const Json::Value& upload, const std::string& pdf_path) {
    // upload["url"] is a presigned https://storage.procore.com/... URL.
    curlpp::Easy easy;
    curlpp::Forms parts;
    for (const auto& key : upload["fields"].getMemberNames())
        parts.push_back(new curlpp::FormParts::Content(key, upload["fields"][key].asString()));
    parts.push_back(new curlpp::FormParts::File("file", pdf_path));
    easy.setOpt(curlpp::options::Url(upload["url"].asString()));
    easy.setOpt(curlpp::options::HttpPost(parts));
    easy.perform();
}

}  // namespace

int main(int argc, char** argv) {
    int arg = 1;
    bool monthly = argc > 1 && std::string(argv[1]) == "--monthly";
    if (monthly) ++arg;
    if (argc - arg < 3) {
        std::cerr << "usage: drawing_push [--monthly] <company_id> <project_id> <set.pdf>\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[arg]);
    const std::int64_t project_id = std::stoll(argv[arg + 1]);
    const std::string pdf = argv[arg + 2];
    const Hosts hosts = hostsFor(monthly);
    const std::string client_id = "drawing-push-desktop";
    const std::string client_secret = "kept-in-keychain";

    std::cout << "Open this link and paste the code:\n  " << hosts.login
              << "/oauth/authorize?response_type=code&client_id=" << client_id
              << "&redirect_uri=" << kRedirect << "\ncode> ";
    std::string code;
    std::getline(std::cin, code);

    ScopedSession session(exchangeCode(hosts, client_id, client_secret, code));
    const std::string company_hdr = "Procore-Company-Id: " + std::to_string(company_id);
    const std::string project_path = "/rest/v1.1/projects/" + std::to_string(project_id);

    // Let the user pick the drawing area the set belongs to.
    Json::Value areas = session.send(
        HttpCall("GET", hosts.api + "/rest/v1.1/projects/" + std::to_string(project_id) + "/drawing_areas")
            .header(company_hdr));
    for (Json::ArrayIndex i = 0; i < areas.size(); ++i)
        std::printf("  [%u] %s\n", i, areas[i]["name"].asCString());
    std::cout << "area> ";
    unsigned pick = 0;
    std::cin >> pick;
    if (pick >= areas.size()) return 1;
    unsigned drawing_area_id = areas[pick]["id"].asUInt();

    // 1. ask for a presigned slot, 2. put the bytes there, 3. register the upload.
    Json::Value req;
    req["response_filename"] = pdf;
    req["response_content_type"] = "application/pdf";
    Json::Value upload = session.send(
        HttpCall("POST", hosts.api + project_path + "/uploads").json(req).header(company_hdr));
    uploadToStorage(upload, pdf);

    Json::Value du;
    du["drawing_upload"]["drawing_area_id"] = drawing_area_id;
    du["drawing_upload"]["upload_uuids"].append(upload["uuid"]);
    Json::Value created = session.send(
        HttpCall("POST", hosts.api + "/rest/v1.1/drawing_areas/" + std::to_string(drawing_area_id) +
                             "/drawing_uploads")
            .json(du));

    std::printf("drawing upload %lld queued for area %u\n",
                static_cast<long long>(created["id"].asInt64()), drawing_area_id);
    std::cout << "Drawing log: https://app.procore.com/" << project_id << "/project/drawing_log\n"
              << "Help: " << kHelpLink << "\n";
    return 0;
}
