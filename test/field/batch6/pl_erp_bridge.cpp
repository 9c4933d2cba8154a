// erp-bridge -- exports Procore cost data into the ERP staging API.
//
// Each Procore resource has an exporter that registers itself by name; the
// run list comes from argv (default: everything, in registration order).
// Every request to Procore goes through a small interceptor chain installed
// on the http_client pipeline (auth, company header, request id).
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;
using utility::conversions::to_string_t;

namespace bridge {

struct Context {
    std::shared_ptr<http_client> procore;
    std::shared_ptr<http_client> erp;
    utility::string_t access_token;
    std::int64_t company_id = 0;
    std::vector<std::int64_t> project_ids;
};

class Exporter {
public:
    virtual ~Exporter() = default;
    virtual pplx::task<void> run(Context& ctx) = 0;
};

class ExporterRegistry {
public:
    using Factory = std::function<std::unique_ptr<Exporter>()>;
    static ExporterRegistry& get() {
        static ExporterRegistry instance;
        return instance;
    }
    void add(std::string name, Factory f) { order_.push_back(name); factories_[std::move(name)] = std::move(f); }
    const std::vector<std::string>& names() const { return order_; }
    std::unique_ptr<Exporter> make(const std::string& name) const {
        auto it = factories_.find(name);
        return it == factories_.end() ? nullptr : it->second();
    }

private:
    std::vector<std::string> order_;
    std::map<std::string, Factory> factories_;
};

struct ExporterRegistrar {
    ExporterRegistrar(const char* name, ExporterRegistry::Factory f) { ExporterRegistry::get().add(name, std::move(f)); }
};

// ---- interceptors -------------------------------------------------------
struct Interceptor {
    std::string name;
    std::function<void(http_request&)> apply;
    std::vector<utility::string_t> skip_prefixes;  // request paths the interceptor leaves alone
};

std::vector<Interceptor>& interceptors() {
    static std::vector<Interceptor> chain;
    return chain;
}

void install_interceptors(Context& ctx) {
    interceptors().push_back({"auth", [&ctx](http_request& r) {
        r.headers().add(header_names::authorization, U("Bearer ") + ctx.access_token);
    }, {}});
    // /me and /companies are account level and don't take the company header.
    interceptors().push_back({"company", [&ctx](http_request& r) {
        r.headers().add(U("Procore-Company-Id"), to_string_t(std::to_string(ctx.company_id)));
    }, {U("/rest/v1.0/me"), U("/rest/v1.0/companies")}});
    interceptors().push_back({"request-id", [](http_request& r) {
        r.headers().add(U("X-Request-Id"), to_string_t(std::to_string(std::rand())));
    }, {}});

    ctx.procore->add_handler([](http_request req, std::shared_ptr<http_pipeline_stage> next) {
        const utility::string_t path = req.request_uri().path();
        for (const auto& ic : interceptors()) {
            bool skip = false;
            for (const auto& prefix : ic.skip_prefixes) skip = skip || path.rfind(prefix, 0) == 0;
            if (!skip) ic.apply(req);
        }
        return next->propagate(req);
    });
}

json::value get_json(Context& ctx, const utility::string_t& path) {
    http_response res = ctx.procore->request(methods::GET, path).get();
    if (res.status_code() != status_codes::OK) {
        std::cerr << "GET " << utility::conversions::to_utf8string(path) << " -> " << res.status_code() << "\n";
        return json::value::array();
    }
    return res.extract_json().get();
}

pplx::task<void> push_to_erp(Context& ctx, const utility::string_t& resource, json::value rows) {
    return ctx.erp->request(methods::POST, U("/api/v2/staging/") + resource, rows)
        .then([resource](http_response r) {
            std::cout << utility::conversions::to_utf8string(resource) << ": ERP answered " << r.status_code() << "\n";
        });
}

}  // namespace bridge

namespace {
using namespace bridge;

class VendorsExporter : public Exporter {
public:
    pplx::task<void> run(Context& ctx) override {
        json::value vendors = get_json(ctx, U("/rest/v1.0/vendors?company_id=") + to_string_t(std::to_string(ctx.company_id)));
        json::value rows = json::value::array();
        size_t n = 0;
        for (const auto& v : vendors.as_array()) {
            json::value row;
            row[U("procore_vendor_id")] = json::value::number(v.at(U("id")).as_number().to_int64());
            row[U("name")] = v.at(U("name"));
            rows[n++] = row;
        }
        return push_to_erp(ctx, U("suppliers"), rows);
    }
};
ExporterRegistrar reg_vendors("vendors", [] { return std::unique_ptr<Exporter>(new VendorsExporter); });

class ProjectsExporter : public Exporter {
public:
    pplx::task<void> run(Context& ctx) override {
        json::value projects = get_json(ctx, U("/rest/v1.0/projects?company_id=") + to_string_t(std::to_string(ctx.company_id)));
        json::value rows = json::value::array();
        size_t n = 0;
        for (const auto& p : projects.as_array()) {
            double procore_id = p.at(U("id")).as_double();
            json::value row;
            row[U("job_number")] = p.at(U("project_number"));
            row[U("external_ref")] = json::value::number(procore_id);
            rows[n++] = row;
        }
        return push_to_erp(ctx, U("jobs"), rows);
    }
};
ExporterRegistrar reg_projects("projects", [] { return std::unique_ptr<Exporter>(new ProjectsExporter); });

class CommitmentsExporter : public Exporter {
public:
    pplx::task<void> run(Context& ctx) override {
        json::value rows = json::value::array();
        size_t n = 0;
        for (std::int64_t project_id : ctx.project_ids) {
            auto path = U("/rest/v1.0/purchase_order_contracts?project_id=") + to_string_t(std::to_string(project_id));
            for (const auto& po : get_json(ctx, path).as_array()) {
                int vendor_id = po.at(U("vendor")).at(U("id")).as_integer();
                json::value row;
                row[U("po_number")] = po.at(U("number"));
                row[U("procore_po_id")] = json::value::number(po.at(U("id")).as_number().to_int64());
                row[U("supplier_ref")] = json::value::number(vendor_id);
                row[U("job_ref")] = json::value::number(project_id);
                rows[n++] = row;
            }
        }
        return push_to_erp(ctx, U("purchase_orders"), rows);
    }
};
ExporterRegistrar reg_commitments("commitments", [] { return std::unique_ptr<Exporter>(new CommitmentsExporter); });

class CostCodesExporter : public Exporter {
public:
    pplx::task<void> run(Context& ctx) override {
        json::value rows = json::value::array();
        size_t n = 0;
        for (std::int64_t project_id : ctx.project_ids) {
            http_request req(methods::GET);
            req.set_request_uri(U("/rest/v1.0/cost_codes?project_id=") + to_string_t(std::to_string(project_id)));
            http_response res = ctx.procore->request(req).get();
            if (res.status_code() != status_codes::OK) continue;
            for (const auto& cc : res.extract_json().get().as_array()) {
                json::value row;
                row[U("code")] = cc.at(U("full_code"));
                row[U("job_ref")] = json::value::number(project_id);
                rows[n++] = row;
            }
        }
        return push_to_erp(ctx, U("cost_codes"), rows);
    }
};
ExporterRegistrar reg_cost_codes("cost_codes", [] { return std::unique_ptr<Exporter>(new CostCodesExporter); });

class EmployeesExporter : public Exporter {
public:
    pplx::task<void> run(Context& ctx) override {
        auto path = U("/rest/v1.0/companies/") + to_string_t(std::to_string(ctx.company_id)) + U("/users?filters[employee]=true");
        return ctx.procore->request(methods::GET, path)
            .then([](http_response r) { return r.extract_json(); })
            .then([&ctx](json::value users) {
                json::value rows = json::value::array();
                size_t n = 0;
                for (const auto& u : users.as_array()) {
                    json::value row;
                    row[U("employee_ref")] = json::value::number(u.at(U("id")).as_number().to_int64());
                    row[U("email")] = u.at(U("email_address"));
                    rows[n++] = row;
                }
                return push_to_erp(ctx, U("employees"), rows);
            });
    }
};
ExporterRegistrar reg_employees("employees", [] { return std::unique_ptr<Exporter>(new EmployeesExporter); });

// Refresh-token grant; the refresh token lives in the bridge's secret store.
utility::string_t refresh_access_token(const utility::string_t& refresh_token) {
    http_client auth(U("https://api.procore.com"));
    json::value body;
    body[U("grant_type")] = json::value::string(U("refresh_token"));
    body[U("client_id")] = json::value::string(to_string_t(std::getenv("PROCORE_CLIENT_ID")));
    body[U("client_secret")] = json::value::string(to_string_t(std::getenv("PROCORE_CLIENT_SECRET")));
    body[U("refresh_token")] = json::value::string(refresh_token);
    http_response res = auth.request(methods::POST, U("/oauth/token"), body).get();
    return res.extract_json().get().at(U("access_token")).as_string();
}

}  // namespace

int main(int argc, char** argv) {
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    if (!company || !refresh || !std::getenv("PROCORE_CLIENT_ID") || !std::getenv("PROCORE_CLIENT_SECRET")) {
        std::cerr << "PROCORE_COMPANY_ID, PROCORE_REFRESH_TOKEN, PROCORE_CLIENT_ID/SECRET are required\n";
        return 2;
    }
    Context ctx;
    ctx.company_id = std::stoll(company);
    ctx.procore = std::make_shared<http_client>(U("https://api.procore.com"));
    ctx.erp = std::make_shared<http_client>(U("http://erp-staging.internal:8085"));
    ctx.access_token = refresh_access_token(to_string_t(refresh));
    install_interceptors(ctx);

    // Sanity check before exporting anything.
    http_response me = ctx.procore->request(methods::GET, U("/rest/v1.0/me")).get();
    if (me.status_code() != status_codes::OK) {
        std::cerr << "token rejected (" << me.status_code() << ")\n";
        return 1;
    }
    for (const auto& p : get_json(ctx, U("/rest/v1.0/projects?company_id=") + to_string_t(company)).as_array()) {
        ctx.project_ids.push_back(p.at(U("id")).as_number().to_int64());
    }

    std::vector<std::string> run_list(argv + 1, argv + argc);
    if (run_list.empty()) run_list = ExporterRegistry::get().names();
    int failures = 0;
    for (const auto& name : run_list) {
        auto exporter = ExporterRegistry::get().make(name);
        if (!exporter) { std::cerr << "no exporter named " << name << "\n"; ++failures; continue; }
        try {
            exporter->run(ctx).wait();
        } catch (const std::exception& e) {
            std::cerr << name << " failed: " << e.what() << "\n";
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
