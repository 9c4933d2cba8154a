// submittal_sync.cpp
//
// Async job that copies approved submittals from Procore into the document
// control system (DocCtl) and flags them in Procore once they are filed.
// Scheduled every 15 minutes by the integration host.

#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>
#include <pplx/pplxtasks.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

namespace subsync {

struct ProcoreConn {
    utility::string_t api_base = U("https://api.procore.com");
    utility::string_t token;
    int64_t company_id = 0;
    int64_t project_id = 0;
};

struct Submittal {
    int64_t id = 0;
    utility::string_t number;
    utility::string_t title;
    int revision = 0;
    int64_t spec_section_id = 0;
};

static http_headers procore_headers(const ProcoreConn& c)
{
    http_headers h;
    h.add(header_names::authorization, U("Bearer ") + c.token);
    h.add(header_names::accept, U("application/json"));
    h.add(U("Procore-Company-Id"), utility::conversions::to_string_t(std::to_string(c.company_id)));
    return h;
}

static http_request make_list_request(const ProcoreConn& c, int page)
{
    uri_builder ub(U("/rest/v1.0/projects"));
    ub.append_path(utility::conversions::to_string_t(std::to_string(c.project_id)));
    ub.append_path(U("submittals"));
    ub.append_query(U("filters[status_id]"), U("approved"));
    ub.append_query(U("page"), page);
    ub.append_query(U("per_page"), 100);

    http_request req(methods::GET);
    req.set_request_uri(ub.to_uri());
    for (const auto& h : procore_headers(c))
        req.headers().add(h.first, h.second);
    return req;
}

static http_request make_mark_filed_request(const ProcoreConn& c, const Submittal& s)
{
    uri_builder ub(U("/rest/v1.1/projects"));
    ub.append_path(utility::conversions::to_string_t(std::to_string(c.project_id)));
    ub.append_path(U("submittals"));
    ub.append_path(utility::conversions::to_string_t(std::to_string(s.id)));

    json::value body;
    body[U("submittal")][U("custom_textarea_1")] = json::value::string(U("Filed in DocCtl"));

    http_request req(methods::PATCH);
    req.set_request_uri(ub.to_uri());
    req.headers().add(header_names::authorization, U("Bearer ") + c.token);
    req.set_body(body);
    return req;
}

static pplx::task<std::vector<Submittal>> fetch_page(http_client& procore, const ProcoreConn& c, int page)
{
    return procore.request(make_list_request(c, page))
        .then([](http_response resp) {
            if (resp.status_code() != status_codes::OK)
                throw http_exception(U("list submittals: ") + resp.reason_phrase());
            return resp.extract_json();
        })
        .then([](json::value v) {
            std::vector<Submittal> out;
            for (const auto& item : v.as_array()) {
                Submittal s;
                s.id = item.at(U("id")).as_integer();
                s.number = item.at(U("number")).as_string();
                s.title = item.at(U("title")).as_string();
                s.revision = item.has_integer_field(U("revision")) ? item.at(U("revision")).as_integer() : 0;
                if (item.has_field(U("specification_section")) && !item.at(U("specification_section")).is_null())
                    s.spec_section_id = item.at(U("specification_section")).at(U("id")).as_number().to_int64();
                out.push_back(s);
            }
            return out;
        });
}

static pplx::task<bool> file_in_docctl(http_client& docctl, const Submittal& s)
{
    json::value doc;
    doc[U("source")] = json::value::string(U("procore"));
    doc[U("external_id")] = json::value::number(s.id);
    doc[U("number")] = json::value::string(s.number);
    doc[U("title")] = json::value::string(s.title);
    doc[U("revision")] = json::value::number(s.revision);

    http_request req(methods::POST);
    req.set_request_uri(U("/api/documents"));
    req.headers().add(U("X-DocCtl-Key"), U("svc-procore"));
    req.set_body(doc);
    return docctl.request(req).then([](http_response r) {
        return r.status_code() == status_codes::Created || r.status_code() == status_codes::OK;
    });
}

static pplx::task<void> run_sync_job(ProcoreConn conn)
{
    auto procore = std::make_shared<http_client>(conn.api_base);
    auto docctl = std::make_shared<http_client>(U("https://docctl.corp.local"));

    return fetch_page(*procore, conn, 1).then([=](std::vector<Submittal> subs) {
        std::vector<pplx::task<void>> jobs;
        for (const auto& s : subs) {
            jobs.push_back(file_in_docctl(*docctl, s).then([=](bool filed) {
                if (!filed) {
                    ucout << U("DocCtl rejected submittal ") << s.number << std::endl;
                    return pplx::task_from_result();
                }
                return procore->request(make_mark_filed_request(conn, s))
                    .then([=](http_response r) {
                        ucout << s.number << U(" -> ") << r.status_code() << std::endl;
                    });
            }));
        }
        return pplx::when_all(jobs.begin(), jobs.end());
    });
}

} // namespace subsync

int main()
{
    subsync::ProcoreConn conn;
    const char* tok = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* project = std::getenv("PROCORE_PROJECT_ID");
    if (!tok || !company || !project) {
        std::cerr << "PROCORE_TOKEN, PROCORE_COMPANY_ID and PROCORE_PROJECT_ID are required\n";
        return 2;
    }
    conn.token = utility::conversions::to_string_t(tok);
    conn.company_id = std::strtoll(company, nullptr, 10);
    conn.project_id = std::strtoll(project, nullptr, 10);

    try {
        subsync::run_sync_job(conn).wait();
    } catch (const std::exception& e) {
        std::cerr << "submittal sync failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
