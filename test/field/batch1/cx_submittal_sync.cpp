// submittal_sync: mirrors a project's Procore submittals into the
// document-control service so QA can track review turnaround.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace docsync {

constexpr const char* kProcoreApi = "https://api.procore.com";
constexpr const char* kDocControl = "http://doccontrol.internal:8080";

struct HttpReply {
    int status = 0;
    std::string body;
};

using HeaderMap = std::map<std::string, std::string>;
using RequestFn = std::function<HttpReply()>;

// Retries throttling, transport errors and 5xx with exponential backoff.
RequestFn with_backoff(RequestFn inner, int max_attempts = 4) {
    return [inner = std::move(inner), max_attempts]() {
        HttpReply reply;
        auto delay = std::chrono::milliseconds(250);
        for (int attempt = 1; attempt <= max_attempts; ++attempt) {
            reply = inner();
            if (reply.status != 0 && reply.status != 429 && reply.status < 500) break;
            std::this_thread::sleep_for(delay);
            delay *= 2;
        }
        return reply;
    };
}

httplib::Headers to_httplib(const HeaderMap& in) {
    httplib::Headers out;
    for (const auto& [name, value] : in) out.emplace(name, value);
    return out;
}

class HttplibTransport {
public:
    explicit HttplibTransport(const std::string& base) : cli_(base) {
        cli_.set_connection_timeout(10);
        cli_.set_read_timeout(30);
    }

    HttpReply get(const std::string& path, const HeaderMap& hdrs) {
        auto res = cli_.Get(path, to_httplib(hdrs));
        return res ? HttpReply{res->status, res->body} : HttpReply{};
    }

    HttpReply post(const std::string& path, const HeaderMap& hdrs, const std::string& body) {
        auto res = cli_.Post(path, to_httplib(hdrs), body, "application/json");
        return res ? HttpReply{res->status, res->body} : HttpReply{};
    }

private:
    httplib::Client cli_;
};

template <typename Transport>
class ApiClient {
public:
    ApiClient(Transport& transport, HeaderMap base_headers)
        : transport_(transport), base_headers_(std::move(base_headers)) {}

    std::optional<json> get(const std::string& path) {
        auto call = with_backoff([this, path] { return transport_.get(path, base_headers_); });
        auto [status, body] = call();
        if (status != 200) {
            std::cerr << "GET " << path << " -> " << status << "\n";
            return std::nullopt;
        }
        return json::parse(body);
    }

    bool post(const std::string& path, const json& payload) {
        auto call = with_backoff([this, path, text = payload.dump()] {
            return transport_.post(path, base_headers_, text);
        });
        return call().status / 100 == 2;
    }

private:
    Transport& transport_;
    HeaderMap base_headers_;
};

struct SubmittalRow {
    int64_t id = 0;
    int project_id = 0;
    std::string number;
    std::string title;
    std::string status;
    int revision = 0;
};

std::vector<SubmittalRow> parse_submittals(const json& arr, int64_t project_id) {
    std::vector<SubmittalRow> rows;
    for (const auto& item : arr) {
        SubmittalRow row;
        row.id = item.at("id").get<int64_t>();
        row.project_id = project_id;
        row.number = item.value("number", "");
        row.title = item.value("title", "");
        if (item.contains("status") && item["status"].is_object())
            row.status = item["status"].value("name", "");
        row.revision = item.value("revision", 0);
        rows.push_back(std::move(row));
    }
    return rows;
}

// Attachments only come back on the detail endpoint.
std::vector<std::string> attachment_names(const std::string& token, int64_t project_id,
                                          int64_t submittal_id) {
    httplib::Client cli(kProcoreApi);
    HeaderMap hdrs{{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
    const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                             "/submittals/" + std::to_string(submittal_id);
    std::vector<std::string> names;
    auto res = cli.Get(path, to_httplib(hdrs));
    if (!res || res->status != 200) return names;
    auto body = json::parse(res->body);
    for (const auto& att : body.value("attachments", json::array()))
        names.push_back(att.value("name", ""));
    return names;
}

}  // namespace docsync

int main(int argc, char** argv) {
    using namespace docsync;
    if (argc < 2) {
        std::cerr << "usage: submittal_sync <project-id>\n";
        return 2;
    }
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company_env = std::getenv("PROCORE_COMPANY_ID");
    if (!token || !company_env) {
        std::cerr << "PROCORE_TOKEN and PROCORE_COMPANY_ID must be set\n";
        return 2;
    }
    const long company_id = std::atol(company_env);
    const int64_t project_id = std::stoll(argv[1]);

    HttplibTransport procore_http(kProcoreApi);
    ApiClient<HttplibTransport> procore(procore_http, {
        {"Authorization", std::string("Bearer ") + token},
        {"Procore-Company-Id", std::to_string(company_id)},
        {"Accept", "application/json"},
    });

    HttplibTransport doc_http(kDocControl);
    ApiClient<HttplibTransport> doccontrol(doc_http, {{"X-Service", "submittal-sync"}});

    int page = 1;
    int synced = 0;
    for (;;) {
        auto batch = procore.get("/rest/v1.1/projects/" + std::to_string(project_id) +
                                 "/submittals?page=" + std::to_string(page) + "&per_page=100");
        if (!batch || batch->empty()) break;
        for (const auto& row : parse_submittals(*batch, project_id)) {
            json doc{{"external_id", row.id}, {"project", row.project_id},
                     {"number", row.number}, {"title", row.title},
                     {"status", row.status}, {"revision", row.revision}};
            if (row.status == "Approved")
                doc["attachments"] = attachment_names(token, project_id, row.id);
            if (doccontrol.post("/api/submittals", doc)) ++synced;
        }
        ++page;
    }
    std::cout << "synced " << synced << " submittals\n";
    return 0;
}
