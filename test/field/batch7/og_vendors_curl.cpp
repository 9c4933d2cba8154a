// vendor-compliance-check
//
// ApiConfiguration / ApiClient / *Api are adapted from the openapi-generator
// "cpp-restsdk" templates (we only keep the shape; transport is libcurl and JSON is
// jsoncpp because that is what the rest of the accounting bridge links against).
// Posts a digest of vendors with missing insurance to the #procurement channel.

#include <curl/curl.h>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace procore {

struct ApiConfiguration {
    std::string basePath = "https://app.procore.com";
    std::map<std::string, std::string> defaultHeaders{{"Accept", "application/json"},
                                                      {"User-Agent", "vendor-compliance/1.4"}};
    std::string accessToken;
};

struct ApiResponse {
    long httpCode = 0;
    std::string body;
};

static size_t writeBody(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

class ApiClient {
public:
    explicit ApiClient(std::shared_ptr<ApiConfiguration> cfg) : config_(std::move(cfg)) {}

    static std::string replacePathParams(std::string path, const std::map<std::string, std::string>& values) {
        for (const auto& kv : values) {
            const std::string placeholder = "{" + kv.first + "}";
            for (auto pos = path.find(placeholder); pos != std::string::npos; pos = path.find(placeholder))
                path.replace(pos, placeholder.size(), kv.second);
        }
        return path;
    }

    ApiResponse callApi(const std::string& path, const std::string& method,
                        const std::map<std::string, std::string>& queryParams,
                        const std::map<std::string, std::string>& headerParams,
                        const std::string& body) const {
        CURL* curl = curl_easy_init();
        if (!curl) throw std::runtime_error("curl_easy_init failed");

        std::string url = config_->basePath + path;
        char sep = '?';
        for (const auto& kv : queryParams) {
            char* esc = curl_easy_escape(curl, kv.second.c_str(), static_cast<int>(kv.second.size()));
            url += sep + kv.first + "=" + esc;
            curl_free(esc);
            sep = '&';
        }

        std::map<std::string, std::string> merged = config_->defaultHeaders;
        for (const auto& kv : headerParams) merged[kv.first] = kv.second;
        merged["Authorization"] = "Bearer " + config_->accessToken;
        struct curl_slist* headers = nullptr;
        for (const auto& kv : merged) headers = curl_slist_append(headers, (kv.first + ": " + kv.second).c_str());

        ApiResponse resp;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp.body);
        if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());

        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp.httpCode);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        return resp;
    }

private:
    std::shared_ptr<ApiConfiguration> config_;
};

static Json::Value parseJson(const std::string& text) {
    Json::CharReaderBuilder builder;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    Json::Value root;
    std::string errs;
    if (!reader->parse(text.data(), text.data() + text.size(), &root, &errs))
        throw std::runtime_error("bad JSON: " + errs);
    return root;
}

namespace model {

struct Vendor {
    int64_t id = 0;
    std::string name;
    bool insuranceOnFile = false;
    int employeeCount = 0;

    void fromJson(const Json::Value& v) {
        id = v["id"].asInt();
        name = v["name"].asString();
        insuranceOnFile = !v["insurances"].empty();
        employeeCount = v.get("number_of_employees", 0).asInt();
    }
    Json::Value toJson() const {
        Json::Value v;
        v["id"] = Json::Int64(id);
        v["name"] = name;
        return v;
    }
};

struct Submittal {
    int64_t id = 0;
    int64_t responsibleContractorId = 0;
    unsigned approverId = 0;
    std::string title;

    void fromJson(const Json::Value& v) {
        id = v["id"].asInt64();
        title = v["title"].asString();
        if (v.isMember("responsible_contractor") && !v["responsible_contractor"].isNull())
            responsibleContractorId = v["responsible_contractor"]["id"].asInt64();
        if (v.isMember("approver") && !v["approver"].isNull())
            approverId = v["approver"]["id"].asUInt64();
    }
};

} // namespace model

class VendorsApi {
public:
    explicit VendorsApi(std::shared_ptr<ApiClient> c) : client_(std::move(c)) {}

    std::vector<model::Vendor> listVendors(int64_t companyId, int page, int perPage) {
        auto resp = client_->callApi("/rest/v1.0/vendors", "GET",
                                     {{"company_id", std::to_string(companyId)}, {"page", std::to_string(page)},
                                      {"per_page", std::to_string(perPage)}},
                                     {{"Procore-Company-Id", std::to_string(companyId)}}, "");
        std::vector<model::Vendor> out;
        for (const auto& item : parseJson(resp.body)) {
            model::Vendor v;
            v.fromJson(item);
            out.push_back(v);
        }
        return out;
    }

    model::Vendor getVendor(int64_t companyId, int64_t vendorId) {
        auto path = ApiClient::replacePathParams("/rest/v1.0/vendors/{id}", {{"id", std::to_string(vendorId)}});
        auto resp = client_->callApi(path, "GET", {{"company_id", std::to_string(companyId)}}, {}, "");
        model::Vendor v;
        v.fromJson(parseJson(resp.body));
        return v;
    }

private:
    std::shared_ptr<ApiClient> client_;
};

class SubmittalsApi {
public:
    explicit SubmittalsApi(std::shared_ptr<ApiClient> c) : client_(std::move(c)) {}

    std::vector<model::Submittal> listSubmittals(int64_t companyId, int64_t projectId) {
        auto path = ApiClient::replacePathParams("/rest/v1.0/projects/{project_id}/submittals",
                                                 {{"project_id", std::to_string(projectId)}});
        auto resp = client_->callApi(path, "GET", {}, {{"Procore-Company-Id", std::to_string(companyId)}}, "");
        std::vector<model::Submittal> out;
        for (const auto& item : parseJson(resp.body)) {
            model::Submittal s;
            s.fromJson(item);
            out.push_back(s);
        }
        return out;
    }

private:
    std::shared_ptr<ApiClient> client_;
};

} // namespace procore

static void postToSlack(const std::string& webhookUrl, const std::string& text) {
    Json::Value msg;
    msg["text"] = text;
    const std::string payload = Json::writeString(Json::StreamWriterBuilder(), msg);
    CURL* curl = curl_easy_init();
    struct curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, webhookUrl.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_perform(curl);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s COMPANY_ID PROJECT_ID [VENDOR_ID]\n", argv[0]);
        return 2;
    }
    const int64_t companyId = std::strtoll(argv[1], nullptr, 10);
    const int64_t projectId = std::strtoll(argv[2], nullptr, 10);
    const int perPage = std::getenv("PER_PAGE") ? std::atoi(std::getenv("PER_PAGE")) : 100;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    auto cfg = std::make_shared<procore::ApiConfiguration>();
    cfg->accessToken = std::getenv("PROCORE_ACCESS_TOKEN") ? std::getenv("PROCORE_ACCESS_TOKEN") : "";
    auto client = std::make_shared<procore::ApiClient>(cfg);

    procore::VendorsApi vendorsApi(client);
    std::ostringstream digest;
    int missing = 0;
    for (int page = 1;; ++page) {
        auto vendors = vendorsApi.listVendors(companyId, page, perPage);
        for (const auto& v : vendors) {
            if (v.insuranceOnFile) continue;
            ++missing;
            std::printf("vendor %d: %s has no insurance on file\n", v.id, v.name.c_str());
            digest << "• " << v.name << " <https://app.procore.com/" << companyId
                   << "/company/directory/vendors/" << v.id << "|open>\n";
        }
        if (static_cast<int>(vendors.size()) < perPage) break;
    }

    if (argc > 3) {
        auto vendor = vendorsApi.getVendor(companyId, std::strtoll(argv[3], nullptr, 10));
        std::printf("checked vendor %lld (%s)\n", static_cast<long long>(vendor.id), vendor.name.c_str());
    }

    procore::SubmittalsApi submittalsApi(client);
    for (const auto& s : submittalsApi.listSubmittals(companyId, projectId)) {
        if (s.responsibleContractorId == 0)
            std::printf("project %lld: submittal %lld has no responsible contractor\n",
                        static_cast<long long>(projectId), static_cast<long long>(s.id));
    }

    if (missing > 0 && std::getenv("SLACK_WEBHOOK_URL"))
        postToSlack(std::getenv("SLACK_WEBHOOK_URL"), std::to_string(missing) + " vendors missing insurance:\n" + digest.str());
    curl_global_cleanup();
    return 0;
}
