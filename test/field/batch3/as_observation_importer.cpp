// obs_import -- bulk-creates Procore observations from the safety walk CSV
// export (one row per finding, optional photo), then leaves a summary
// comment on the tracking issue in GitHub.
//
//   obs_import [--sandbox] <company_id> <project_id> <findings.csv> <gh_issue_number>
//
// CSV columns: title,type,location_id,assignee_id,due_date,description,photo
// Observation fields: https://developers.procore.com/reference/rest/observations

#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Hosts {
    utility::string_t login;
    utility::string_t api;
};

static Hosts hostsFor(bool sandbox) {
    if (sandbox) {
        return {U("https://sandbox.procore.com"),
                U("https://sandbox.procore.com")};
    }
    return {U("https://login.procore.com"), U("https://api.procore.com")};
}

struct RequestSpec {
    method verb = methods::GET;
    utility::string_t absolute_url;   // set for non-Procore targets
    utility::string_t path;
    HeaderList headers;
    json::value json_body;
    std::vector<unsigned char> raw_body;
    std::function<void(const json::value&)> on_done;
};

struct ObservationRow {
    int line_no = 0;
    utility::string_t title;
    utility::string_t type_name;
    int location_id = 0;
    int64_t assignee_id = 0;
    utility::string_t due_date;
    utility::string_t description;
    std::string photo_path;
};

template <typename Fn>
pplx::task<http_response> withRetry(Fn fn, int attempts,
                                    std::chrono::milliseconds backoff = std::chrono::milliseconds(500)) {
    return fn().then([fn, attempts, backoff](pplx::task<http_response> prev) -> pplx::task<http_response> {
        try {
            http_response r = prev.get();
            const bool transient = r.status_code() == 429 || r.status_code() >= 500;
            if (!transient || attempts <= 1) return pplx::task_from_result(r);
        } catch (const http_exception&) {
            if (attempts <= 1) throw;
        }
        std::this_thread::sleep_for(backoff);
        return withRetry(fn, attempts - 1, backoff * 2);
    });
}

static HeaderList procoreHeaders(int64_t companyId) {
    return {{"Procore-Company-Id", std::to_string(companyId)}, {"Accept", "application/json"}};
}

class Executor {
public:
    Executor(const utility::string_t& apiBase, std::shared_ptr<utility::string_t> token) : api_(apiBase, config()) {
        api_.add_handler([token](http_request req, std::shared_ptr<http_pipeline_stage> next) {
            req.headers().add(header_names::authorization, U("Bearer ") + *token);
            req.headers().add(header_names::user_agent, U("obs-import/1.4 (safety@acme-build.com)"));
            return next->propagate(req);
        });
    }

    void enqueue(RequestSpec spec) { queue_.push_back(std::move(spec)); }

    pplx::task<void> drain() {
        if (queue_.empty()) return pplx::task_from_result();
        auto spec = std::make_shared<RequestSpec>(std::move(queue_.front()));
        queue_.pop_front();
        return execute(spec).then([this, spec](json::value v) {
            if (spec->on_done) spec->on_done(v);
            return drain();
        });
    }

    int failures() const { return failures_; }

private:
    static http_client_config config() {
        http_client_config c;
        c.set_timeout(std::chrono::seconds(60));
        c.set_chunksize(64 * 1024);
        return c;
    }

    pplx::task<json::value> execute(std::shared_ptr<RequestSpec> spec) {
        auto send = [this, spec]() {
            http_request req(spec->verb);
            for (const auto& h : spec->headers) req.headers().add(h.first, h.second);
            if (!spec->raw_body.empty()) req.set_body(spec->raw_body);
            else if (!spec->json_body.is_null()) req.set_body(spec->json_body);
            if (!spec->absolute_url.empty()) {
                http_client external(spec->absolute_url);
                return external.request(req);
            }
            req.set_request_uri(spec->path);
            return api_.request(req);
        };
        return withRetry(send, 3).then([this, spec](http_response r) {
            if (r.status_code() >= 300) {
                ++failures_;
                std::cerr << "HTTP " << r.status_code() << " for " << spec->path << spec->absolute_url << "\n";
                return pplx::task_from_result(json::value::null());
            }
            if (r.headers().content_type().find(U("json")) == utility::string_t::npos)
                return pplx::task_from_result(json::value::null());
            return r.extract_json();
        });
    }

    http_client api_;
    std::deque<RequestSpec> queue_;
    int failures_ = 0;
};

static pplx::task<utility::string_t> fetchToken(const Hosts& hosts) {
    http_client login(hosts.login);
    http_request req(methods::POST);
    req.set_request_uri(U("/oauth/token"));
    std::string form = "grant_type=refresh_token&client_id=" + std::string(std::getenv("PROCORE_CLIENT_ID")) +
                       "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET") +
                       "&refresh_token=" + std::getenv("PROCORE_REFRESH_TOKEN");
    req.set_body(form, "application/x-www-form-urlencoded");
    return login.request(req)
        .then([](http_response r) { return r.extract_json(); })
        .then([](json::value v) { return v.at(U("access_token")).as_string(); });
}

static std::vector<ObservationRow> readRows(const std::string& file) {
    std::vector<ObservationRow> rows;
    std::ifstream in(file);
    std::string line;
    int lineNo = 0;
    std::getline(in, line);   // header
    while (std::getline(in, line)) {
        ++lineNo;
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');) cols.push_back(c);
        if (cols.size() < 6) continue;
        ObservationRow row;
        row.line_no = lineNo;
        row.title = cols[0];
        row.type_name = cols[1];
        row.location_id = std::stoll(cols[2]);
        row.assignee_id = cols[3].empty() ? 0 : std::stoll(cols[3]);
        row.due_date = cols[4];
        row.description = cols[5];
        if (cols.size() > 6) row.photo_path = cols[6];
        rows.push_back(row);
    }
    return rows;
}

static std::vector<unsigned char> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

int main(int argc, char** argv) {
    int arg = 1;
    const bool sandbox = argc > 1 && std::string(argv[1]) == "--sandbox";
    if (sandbox) ++arg;
    if (argc - arg < 4) {
        std::cerr << "usage: obs_import [--sandbox] <company_id> <project_id> <csv> <issue>\n";
        return 2;
    }
    const int64_t companyId = std::stoll(argv[arg]);
    const int64_t projectId = std::stoll(argv[arg + 1]);
    const std::string csvPath = argv[arg + 2];
    const int issueNumber = std::stoi(argv[arg + 3]);

    const Hosts hosts = hostsFor(sandbox);
    auto token = std::make_shared<utility::string_t>(fetchToken(hosts).get());
    Executor exec(hosts.api, token);

    std::map<utility::string_t, int64_t> typeIds;
    RequestSpec types;
    types.path = U("/rest/v1.0/observations/types?project_id=") + std::to_string(projectId);
    types.headers = procoreHeaders(companyId);
    types.on_done = [&typeIds](const json::value& v) {
        if (!v.is_array()) return;
        for (const auto& t : v.as_array())
            typeIds[t.at(U("name")).as_string()] = t.at(U("id")).as_number().to_int64();
    };
    exec.enqueue(types);
    exec.drain().wait();

    const auto rows = readRows(csvPath);
    int created = 0;
    for (const auto& row : rows) {
        auto createObservation = [&, row](const utility::string_t& uploadUuid) {
            json::value item = json::value::object();
            item[U("name")] = json::value::string(row.title);
            item[U("type_id")] = json::value::number(typeIds[row.type_name]);
            item[U("location_id")] = json::value::number(row.location_id);
            if (row.assignee_id) item[U("assignee_id")] = json::value::number(row.assignee_id);
            item[U("due_date")] = json::value::string(row.due_date);
            item[U("description")] = json::value::string(row.description);
            if (!uploadUuid.empty()) item[U("upload_uuids")][0] = json::value::string(uploadUuid);
            RequestSpec create;
            create.verb = methods::POST;
            create.path = U("/rest/v1.0/observations/items?project_id=") + std::to_string(projectId);
            create.headers = procoreHeaders(companyId);
            create.json_body[U("observation")] = item;
            create.on_done = [&created, line = row.line_no](const json::value& v) {
                if (!v.has_field(U("id"))) return;
                double createdId = v.at(U("id")).as_double();
                ++created;
                std::cout << "row " << line << " -> observation " << static_cast<int64_t>(createdId) << "\n";
            };
            exec.enqueue(create);
        };

        if (row.photo_path.empty()) {
            createObservation(U(""));
            continue;
        }
        RequestSpec upload;
        upload.verb = methods::POST;
        upload.path = U("/rest/v1.0/projects/") + std::to_string(projectId) + U("/uploads");
        upload.headers = {{"Accept", "application/json"}};
        upload.json_body[U("response_filename")] = json::value::string(row.photo_path);
        upload.json_body[U("response_content_type")] = json::value::string(U("image/jpeg"));
        upload.on_done = [&exec, row, createObservation](const json::value& v) {
            if (!v.has_field(U("url"))) return;
            RequestSpec put;   // presigned storage URL, no Procore auth
            put.verb = methods::PUT;
            put.absolute_url = v.at(U("url")).as_string();
            put.headers = {{"Content-Type", "image/jpeg"}};
            put.raw_body = slurp(row.photo_path);
            exec.enqueue(put);
            createObservation(v.at(U("uuid")).as_string());
        };
        exec.enqueue(upload);
    }
    exec.drain().wait();

    RequestSpec comment;
    comment.verb = methods::POST;
    comment.absolute_url = U("https://api.github.com/repos/acme-build/safety-walks/issues/") +
                           std::to_string(issueNumber) + U("/comments");
    comment.headers = {{"Authorization", std::string("token ") + std::getenv("GITHUB_TOKEN")},
                       {"Accept", "application/vnd.github+json"}};
    comment.json_body[U("body")] = json::value::string(
        "Imported " + std::to_string(created) + " of " + std::to_string(rows.size()) +
        " findings into https://app.procore.com/" + std::to_string(projectId) + "/project/observations/list (" +
        std::to_string(exec.failures()) + " failed requests)");
    exec.enqueue(comment);
    exec.drain().wait();
    return exec.failures() == 0 ? 0 : 1;
}
