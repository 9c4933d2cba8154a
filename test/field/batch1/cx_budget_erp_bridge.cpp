// budget_erp_bridge: posts approved ERP invoices to Procore as direct costs
// against the matching budget line, then writes the Procore id back to ERP.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace bridge {

const char* const kProcoreApi = "https://api.procore.com";
const char* const kErpGateway = "http://sap-gw.corp.local:8000";

template <typename F>
auto with_retry(F&& send, int attempts = 3) -> decltype(send()) {
    for (int i = 1;; ++i) {
        auto res = send();
        const bool retryable = !res || res->status == 429 || res->status >= 500;
        if (!retryable || i == attempts) return res;
        std::this_thread::sleep_for(std::chrono::milliseconds(400 * i));
    }
}

struct BudgetLineItem {
    int64_t id = 0;
    std::string cost_code;
    int64_t cost_code_id = 0;
    double original_amount = 0.0;

    static std::string collection(int64_t project_id) {
        return "/rest/v1.0/budget_line_items?project_id=" + std::to_string(project_id);
    }
    static BudgetLineItem from_json(const json& j) {
        BudgetLineItem b;
        b.id = j.at("id").get<int64_t>();
        b.cost_code = j["cost_code"].value("full_code", "");
        b.cost_code_id = j["cost_code"].at("id").get<int64_t>();
        b.original_amount = std::stod(j.value("original_budget_amount", std::string("0")));
        return b;
    }
};

struct DirectCost {
    std::string invoice_number;
    std::string vendor_name;
    std::string received_date;
    double amount = 0.0;
    int64_t cost_code_id = 0;

    static constexpr const char* kEnvelope = "direct_cost";
    static std::string collection(int64_t project_id) {
        return "/rest/v1.1/projects/" + std::to_string(project_id) + "/direct_costs";
    }
    json to_json() const {
        return {{"invoice_number", invoice_number}, {"vendor_name", vendor_name},
                {"received_date", received_date}, {"status", "approved"},
                {"line_items", {{{"cost_code_id", cost_code_id}, {"amount", amount}}}}};
    }
};

template <typename Resource>
class ResourceClient {
public:
    ResourceClient(httplib::Client& cli, std::map<std::string, std::string> headers, int64_t company_id)
        : cli_(cli), headers_(std::move(headers)), company_id_(company_id) {}

    std::vector<Resource> list(int64_t project_id) {
        std::vector<Resource> out;
        auto res = with_retry([&] {
            return cli_.send(with_company(make_request("GET", Resource::collection(project_id))));
        });
        if (!res || res->status != 200) return out;
        const json arr = json::parse(res->body);
        for (const auto& j : arr) out.push_back(Resource::from_json(j));
        return out;
    }

    std::optional<int64_t> create(int64_t project_id, const Resource& r) {
        auto req = make_request("POST", Resource::collection(project_id));
        req.body = json{{Resource::kEnvelope, r.to_json()}}.dump();
        req.set_header("Content-Type", "application/json");
        with_company(req);
        auto res = with_retry([&] { return cli_.send(req); });
        if (!res || res->status != 201) return std::nullopt;
        const json created = json::parse(res->body);
        return created.at("id").get<int64_t>();
    }

private:
    httplib::Request make_request(const std::string& method, const std::string& path) const {
        httplib::Request req;
        req.method = method;
        req.path = path;
        for (const auto& [name, value] : headers_) req.set_header(name, value);
        return req;
    }

    httplib::Request with_company(httplib::Request req) const {
        req.set_header("Procore-Company-Id", std::to_string(company_id_));
        return req;
    }

    httplib::Client& cli_;
    std::map<std::string, std::string> headers_;
    int64_t company_id_;
};

}  // namespace bridge

int main() {
    using namespace bridge;
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!token || !company) return 2;
    const int64_t company_id = std::stoll(company);

    httplib::Client procore(kProcoreApi);
    procore.set_read_timeout(60);
    const std::map<std::string, std::string> auth{{"Authorization", std::string("Bearer ") + token},
                                                  {"Accept", "application/json"}};
    ResourceClient<BudgetLineItem> budget(procore, auth, company_id);
    ResourceClient<DirectCost> direct_costs(procore, auth, company_id);

    httplib::Client erp(kErpGateway);
    const char* erp_password = std::getenv("ERP_PASSWORD");
    erp.set_basic_auth("PROCORE_RFC", erp_password ? erp_password : "");
    auto invoices = erp.Get("/api/ap/invoices?status=APPROVED&procore_synced=false");
    if (!invoices || invoices->status != 200) {
        std::cerr << "ERP gateway unavailable\n";
        return 1;
    }

    using CostCodeIndex = std::map<std::string, int>;
    std::map<int64_t, CostCodeIndex> cost_codes_by_project;
    int posted = 0;
    for (const auto& row : json::parse(invoices->body)) {
        long procore_project = std::stol(row.at("procore_project_id").get<std::string>());
        auto& cost_codes = cost_codes_by_project[procore_project];
        if (cost_codes.empty()) {
            for (const auto& line : budget.list(procore_project))
                cost_codes[line.cost_code] = line.cost_code_id;
        }
        auto code = cost_codes.find(row.value("cost_code", ""));
        if (code == cost_codes.end()) {
            std::cerr << "invoice " << row.value("document_no", "") << ": unknown cost code\n";
            continue;
        }

        DirectCost dc{row.value("document_no", ""), row.value("vendor_name", ""),
                      row.value("posting_date", ""), row.value("amount", 0.0), code->second};
        auto created = direct_costs.create(procore_project, dc);
        if (!created) continue;

        json ack{{"procore_direct_cost_id", *created}, {"procore_synced", true}};
        erp.Patch("/api/ap/invoices/" + row.value("document_no", ""), ack.dump(), "application/json");
        ++posted;
    }
    std::cout << "posted " << posted << " direct costs\n";
    return 0;
}
