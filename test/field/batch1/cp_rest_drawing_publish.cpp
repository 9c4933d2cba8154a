// drawing_publish.cpp
//
// CI step of the CAD repository: after a drawing set is approved, upload the
// exported PDF into the Procore drawing area and leave a comment on the pull
// request with a link to the drawing log.
//
//   drawing_publish <project-id> <drawing-area-id> <pdf> <pr-number>

#include <cpprest/filestream.h>
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

using namespace web;
using namespace web::http;
using namespace web::http::client;

static const utility::string_t kTokenUrl = U("https://api.procore.com/oauth/token");
static const utility::string_t kApiBase = U("https://api.procore.com");
static const utility::string_t kGitHubApi = U("https://api.github.com");

struct publish_job {
    int64_t company_id = 0;
    int64_t project_id = 0;
    long drawing_area_id = 0;
    std::string pdf_path;
    int pr_number = 0;
    utility::string_t repo;
};

static pplx::task<utility::string_t> client_token(const utility::string_t& id, const utility::string_t& secret)
{
    http_client oauth(kTokenUrl);
    uri_builder form;
    form.append_query(U("grant_type"), U("client_credentials"));
    form.append_query(U("client_id"), id);
    form.append_query(U("client_secret"), secret);
    return oauth.request(methods::POST, U(""), form.query(), U("application/x-www-form-urlencoded"))
        .then([](http_response r) { return r.extract_json(); })
        .then([](json::value v) { return v.at(U("access_token")).as_string(); });
}

static http_request procore_post(const utility::string_t& path, const json::value& body,
                                 const utility::string_t& token)
{
    http_request req(methods::POST);
    req.set_request_uri(path);
    req.headers().add(header_names::authorization, U("Bearer ") + token);
    req.headers().set_content_type(U("application/json"));
    req.set_body(body);
    return req;
}

static utility::string_t project_path(const publish_job& job, const utility::string_t& tail)
{
    return U("/rest/v1.1/projects/") + utility::conversions::to_string_t(std::to_string(job.project_id)) + tail;
}

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::cerr << "usage: drawing_publish <project-id> <drawing-area-id> <pdf> <pr-number>\n";
        return 2;
    }
    publish_job job;
    job.project_id = std::stoll(argv[1]);
    job.drawing_area_id = std::stol(argv[2]);
    job.pdf_path = argv[3];
    job.pr_number = std::atoi(argv[4]);
    job.company_id = std::strtoll(std::getenv("PROCORE_COMPANY_ID") ? std::getenv("PROCORE_COMPANY_ID") : "0", nullptr, 10);
    job.repo = utility::conversions::to_string_t(std::getenv("GITHUB_REPOSITORY") ? std::getenv("GITHUB_REPOSITORY") : "");

    const utility::string_t token = client_token(
        utility::conversions::to_string_t(std::getenv("PROCORE_CLIENT_ID")),
        utility::conversions::to_string_t(std::getenv("PROCORE_CLIENT_SECRET"))).get();
    const utility::string_t company_hdr = utility::conversions::to_string_t(std::to_string(job.company_id));
    const std::string file_name = job.pdf_path.substr(job.pdf_path.find_last_of('/') + 1);

    http_client api(kApiBase);

    // 1. ask Procore for a presigned upload slot
    json::value up;
    up[U("response_filename")] = json::value::string(utility::conversions::to_string_t(file_name));
    up[U("response_content_type")] = json::value::string(U("application/pdf"));
    http_request slot_req = procore_post(project_path(job, U("/uploads")), up, token);
    slot_req.headers().add(U("Procore-Company-Id"), company_hdr);
    json::value slot = api.request(slot_req).then([](http_response r) { return r.extract_json(); }).get();

    // 2. PUT the file to the presigned storage URL
    const utility::string_t upload_uuid = slot.at(U("uuid")).as_string();
    http_client storage(slot.at(U("url")).as_string());
    auto file = concurrency::streams::fstream::open_istream(utility::conversions::to_string_t(job.pdf_path)).get();
    http_response put = storage.request(methods::PUT, U(""), file, U("application/pdf")).get();
    file.close().wait();
    if (put.status_code() >= 300) {
        std::cerr << "storage upload failed: " << put.status_code() << "\n";
        return 1;
    }

    // 3. register it as a drawing upload in the drawing area
    json::value du;
    du[U("drawing_area_id")] = json::value::number(static_cast<int64_t>(job.drawing_area_id));
    du[U("files")][0][U("upload_uuid")] = json::value::string(upload_uuid);
    http_request du_req = procore_post(project_path(job, U("/drawing_uploads")), du, token);
    json::value queued = api.request(du_req).then([](http_response r) { return r.extract_json(); }).get();
    std::printf("drawing upload %d queued for area %lld\n", queued.at(U("id")).as_integer(),
                static_cast<long long>(job.drawing_area_id));

    // 4. tell the reviewers where to look
    if (job.pr_number > 0 && !job.repo.empty()) {
        http_client gh(kGitHubApi);
        http_request comment(methods::POST);
        comment.set_request_uri(U("/repos/") + job.repo + U("/issues/") +
                                utility::conversions::to_string_t(std::to_string(job.pr_number)) + U("/comments"));
        comment.headers().add(header_names::authorization,
                              U("Bearer ") + utility::conversions::to_string_t(std::getenv("GITHUB_TOKEN") ? std::getenv("GITHUB_TOKEN") : ""));
        comment.headers().add(U("Accept"), U("application/vnd.github+json"));
        json::value body;
        body[U("body")] = json::value::string(
            U("Published to Procore: https://app.procore.com/") +
            utility::conversions::to_string_t(std::to_string(job.project_id)) + U("/project/drawing_log"));
        comment.set_body(body);
        http_response gr = gh.request(comment).get();
        ucout << U("GitHub comment: ") << gr.status_code() << std::endl;
    }
    return 0;
}
