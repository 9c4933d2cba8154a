// daily_log_jobs.cpp
//
// End-of-day jobs for the field daily log, run in parallel per project:
//   * weather job  - pulls observed conditions for the site and writes a
//                    Procore weather log
//   * labor job    - reads the manpower log and sends hours per vendor to the
//                    ERP labour cost interface
// Each job is an independent pplx task chain; main waits for all of them.

#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <cpprest/uri_builder.h>
#include <pplx/pplxtasks.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

struct site {
    int64_t project_id;
    double latitude;
    double longitude;
    utility::string_t erp_job;
};

struct job_context {
    std::shared_ptr<http_client> procore;
    std::shared_ptr<http_client> weather;
    std::shared_ptr<http_client> erp;
    std::map<utility::string_t, utility::string_t> procore_headers;
    utility::string_t log_date;
};

static utility::string_t env_or(const char* name, const char* fallback)
{
    const char* v = std::getenv(name);
    return utility::conversions::to_string_t(v ? v : fallback);
}

static void apply_headers(http_request& req, const std::map<utility::string_t, utility::string_t>& hdrs)
{
    for (const auto& kv : hdrs)
        req.headers().add(kv.first, kv.second);
}

static utility::string_t project_path(int64_t project_id, const utility::string_t& tail)
{
    uri_builder b(U("/rest/v1.0/projects"));
    b.append_path(utility::conversions::to_string_t(std::to_string(project_id)));
    b.append_path(tail);
    return b.to_string();
}

static pplx::task<void> weather_job(std::shared_ptr<job_context> ctx, site s)
{
    uri_builder q(U("/v1/observations/daily"));
    q.append_query(U("lat"), s.latitude);
    q.append_query(U("lon"), s.longitude);
    q.append_query(U("date"), ctx->log_date);

    return ctx->weather->request(methods::GET, q.to_string())
        .then([](http_response r) { return r.extract_json(); })
        .then([ctx, s](json::value obs) {
            json::value entry;
            entry[U("date")] = json::value::string(ctx->log_date);
            entry[U("temperature_high")] = obs.at(U("temp_max")).as_double();
            entry[U("temperature_low")] = obs.at(U("temp_min")).as_double();
            entry[U("precipitation")] = obs.at(U("precip_mm")).as_double();
            entry[U("comments")] = json::value::string(obs.at(U("summary")).as_string());
            json::value body;
            body[U("weather_log")] = entry;

            http_request req(methods::POST);
            req.set_request_uri(project_path(s.project_id, U("weather_logs")));
            apply_headers(req, ctx->procore_headers);
            req.set_body(body);
            return ctx->procore->request(req);
        })
        .then([](http_response r) { return r.extract_json(); })
        .then([s](json::value created) {
            int log_id = created.at(U("id")).as_number().to_int32();
            ucout << U("project ") << s.project_id << U(": weather log ") << log_id << std::endl;
        });
}

static pplx::task<void> labor_job(std::shared_ptr<job_context> ctx, site s)
{
    http_request req(methods::GET);
    uri_builder u(project_path(s.project_id, U("manpower_logs")));
    u.append_query(U("log_date"), ctx->log_date);
    req.set_request_uri(u.to_string());
    apply_headers(req, ctx->procore_headers);

    return ctx->procore->request(req)
        .then([](http_response r) { return r.extract_json(); })
        .then([ctx, s](json::value logs) {
            std::map<int64_t, double> hours_by_vendor;
            for (const auto& e : logs.as_array()) {
                if (!e.has_field(U("vendor")) || e.at(U("vendor")).is_null()) continue;
                double vendor_id = e.at(U("vendor")).at(U("id")).as_double();
                const double workers = e.at(U("num_workers")).as_double();
                const double hours = e.at(U("num_hours")).as_double();
                hours_by_vendor[static_cast<int64_t>(vendor_id)] += workers * hours;
            }

            std::vector<json::value> lines;
            for (const auto& kv : hours_by_vendor) {
                json::value l;
                l[U("procore_vendor_id")] = json::value::number(kv.first);
                l[U("hours")] = json::value::number(kv.second);
                lines.push_back(l);
            }
            json::value batch;
            batch[U("job")] = json::value::string(s.erp_job);
            batch[U("date")] = json::value::string(ctx->log_date);
            batch[U("lines")] = json::value::array(lines);

            http_request post(methods::POST);
            post.set_request_uri(U("/labour/v2/daily-hours"));
            post.headers().add(U("X-ERP-Client"), U("procore-daily-log"));
            post.set_body(batch);
            return ctx->erp->request(post);
        })
        .then([s](http_response r) {
            if (r.status_code() != status_codes::Accepted)
                ucout << U("ERP rejected hours for ") << s.erp_job << U(": ") << r.status_code() << std::endl;
        });
}

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: daily_log_jobs <YYYY-MM-DD>\n";
        return 2;
    }
    auto ctx = std::make_shared<job_context>();
    ctx->procore = std::make_shared<http_client>(env_or("PROCORE_URL", "https://login.procore.com"));
    ctx->weather = std::make_shared<http_client>(U("https://api.weatherprovider.example"));
    ctx->erp = std::make_shared<http_client>(env_or("ERP_URL", "http://erp-gw.corp.local:8080"));
    ctx->log_date = utility::conversions::to_string_t(argv[1]);
    ctx->procore_headers = {
        {U("Authorization"), U("Bearer ") + env_or("PROCORE_TOKEN", "")},
        {U("Accept"), U("application/json")},
        {U("X-Procore-Company-Id"), env_or("PROCORE_COMPANY_ID", "")},
    };

    const std::vector<site> sites = {
        {562949953429811LL, 47.6097, -122.3331, U("J-24017")},
        {562949953430102LL, 45.5152, -122.6784, U("J-24022")},
    };

    std::vector<pplx::task<void>> jobs;
    for (const auto& s : sites) {
        jobs.push_back(weather_job(ctx, s));
        jobs.push_back(labor_job(ctx, s));
    }

    int failed = 0;
    for (auto& j : jobs) {
        try {
            j.wait();
        } catch (const std::exception& e) {
            ++failed;
            std::cerr << "job failed: " << e.what() << "\n";
        }
    }
    return failed == 0 ? 0 : 1;
}
