// spec_indexer - builds the local full-text index of Procore specification
// sections for the estimating desktop plugin. Traits-driven: every endpoint is
// a struct, the client is a CRTP base parameterised by policies.
#include <cpr/cpr.h>
#include <json/json.h>

#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace specidx {

// --------------------------------------------------------------- traits
struct SpecificationSetsEndpoint {
    static constexpr const char* path = "/rest/v1.0/specification_sets";
    using id_type = std::int64_t;
    static constexpr bool project_scoped = true;
    static constexpr bool has_revisions = false;
};

struct SpecificationSectionsEndpoint {
    static constexpr const char* path = "/rest/v1.0/specification_sections";
    using id_type = std::int64_t;
    static constexpr bool project_scoped = true;
    static constexpr bool has_revisions = true;
};

struct SpecificationSectionRevisionsEndpoint {
    static constexpr const char* path = "/rest/v1.0/specification_section_revisions";
    using id_type = long;
    static constexpr bool project_scoped = true;
    static constexpr bool has_revisions = false;
};

struct CompaniesEndpoint {
    static constexpr const char* path = "/rest/v1.0/companies";
    using id_type = std::int64_t;
    static constexpr bool project_scoped = false;
    static constexpr bool has_revisions = false;
};

// --------------------------------------------------------------- policies
struct TokenAuth {
    std::string token;
    void decorate(cpr::Header& h) const { h["Authorization"] = "Bearer " + token; }
};

struct ProcoreCompanyScope {
    std::int64_t company = 0;
    void decorate(cpr::Header& h) const { h["Procore-Company-Id"] = std::to_string(company); }
};

// Kept from the 2019 plugin; the gateway in front of the old on-prem mirror
// wanted this spelling.
struct LegacyCompanyScope {
    std::int64_t company = 0;
    void decorate(cpr::Header& h) const { h["X-Procore-Company-Id"] = std::to_string(company); }
};

template <int MaxAttempts>
struct SimpleRetry {
    template <typename F>
    cpr::Response run(F&& f) const {
        cpr::Response r;
        for (int attempt = 0; attempt < MaxAttempts; ++attempt) {
            r = f();
            if (r.status_code != 429 && r.status_code < 500) break;
        }
        return r;
    }
};

// --------------------------------------------------------------- CRTP base
template <typename Derived, typename Auth, typename Scope, typename Retry>
class ClientBase {
public:
    ClientBase(Auth a, Scope s) : auth_(std::move(a)), scope_(std::move(s)) {}

    template <typename Endpoint>
    Json::Value fetch(std::int64_t projectId, int page = 1) {
        cpr::Header headers{{"Accept", "application/json"}};
        auth_.decorate(headers);
        scope_.decorate(headers);
        static_cast<const Derived&>(*this).extraHeaders(headers);

        cpr::Parameters params{{"page", std::to_string(page)}, {"per_page", "200"}};
        if constexpr (Endpoint::project_scoped) {
            params.Add({"project_id", std::to_string(projectId)});
        }
        const std::string url = static_cast<const Derived&>(*this).baseUrl() + Endpoint::path;
        cpr::Response r = retry_.run([&] { return cpr::Get(cpr::Url{url}, headers, params); });
        return parse(r.text);
    }

    template <typename Endpoint>
    Json::Value fetchOne(typename Endpoint::id_type id, std::int64_t projectId) {
        cpr::Header headers;
        auth_.decorate(headers);
        scope_.decorate(headers);
        std::string url = static_cast<const Derived&>(*this).baseUrl() + Endpoint::path + "/" +
                          std::to_string(id) + "?project_id=" + std::to_string(projectId);
        return parse(retry_.run([&] { return cpr::Get(cpr::Url{url}, headers); }).text);
    }

protected:
    static Json::Value parse(const std::string& text) {
        Json::CharReaderBuilder b;
        std::unique_ptr<Json::CharReader> reader(b.newCharReader());
        Json::Value root;
        std::string errs;
        reader->parse(text.data(), text.data() + text.size(), &root, &errs);
        return root;
    }

    Auth auth_;
    Scope scope_;
    Retry retry_;
};

// --------------------------------------------------------------- environments
class MonthlyClient
    : public ClientBase<MonthlyClient, TokenAuth, ProcoreCompanyScope, SimpleRetry<3>> {
public:
    using ClientBase::ClientBase;
    std::string baseUrl() const { return "https://api-monthly.procore.com"; }
    void extraHeaders(cpr::Header& h) const { h["User-Agent"] = "spec-indexer/1.4 (monthly)"; }
};

class MirrorClient
    : public ClientBase<MirrorClient, TokenAuth, LegacyCompanyScope, SimpleRetry<5>> {
public:
    using ClientBase::ClientBase;
    std::string baseUrl() const { return "https://api.procore.com"; }
    void extraHeaders(cpr::Header& h) const { h["User-Agent"] = "spec-indexer/1.4 (mirror)"; }
};

// --------------------------------------------------------------- oauth
std::string exchangeCode(const std::string& code, const std::string& clientId,
                         const std::string& secret) {
    cpr::Response r = cpr::Post(cpr::Url{"https://login-sandbox-monthly.procore.com/oauth/token"},
                                cpr::Payload{{"grant_type", "authorization_code"},
                                             {"code", code},
                                             {"client_id", clientId},
                                             {"client_secret", secret},
                                             {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}});
    Json::Value root;
    std::istringstream(r.text) >> root;
    return root.get("access_token", "").asString();
}

// --------------------------------------------------------------- index model
struct SectionDoc {
    SpecificationSectionsEndpoint::id_type id = 0;
    SpecificationSectionRevisionsEndpoint::id_type currentRevisionId = 0;
    std::int64_t setId = 0;
    std::string number;
    std::string description;
};

std::string downloadPdf(const std::string& token, std::int64_t companyId,
                        std::int64_t projectId, std::int64_t revisionId) {
    const std::string url = "https://app.procore.com/rest/v1.0/specification_section_revisions/" +
                            std::to_string(revisionId) + "/download?project_id=" +
                            std::to_string(projectId);
    cpr::Response r = cpr::Get(cpr::Url{url}, cpr::Bearer{token},
                               cpr::Header{{"Procore-Company-Id", std::to_string(companyId)}});
    return r.status_code == 200 ? r.text : std::string{};
}

template <typename Client>
std::vector<SectionDoc> indexProject(Client& client, std::int64_t projectId) {
    std::vector<SectionDoc> out;
    for (int page = 1; page <= 20; ++page) {
        Json::Value sections = client.template fetch<SpecificationSectionsEndpoint>(projectId, page);
        if (!sections.isArray() || sections.empty()) break;
        for (const auto& s : sections) {
            SectionDoc d;
            d.id = s["id"].asInt64();
            d.setId = s["specification_set_id"].asInt64();
            d.currentRevisionId = s["current_revision"]["id"].asInt();
            d.number = s["number"].asString();
            d.description = s["description"].asString();
            out.push_back(d);
        }
    }
    return out;
}

} // namespace specidx

int main(int argc, char** argv) {
    using namespace specidx;
    if (argc < 4) {
        std::cerr << "spec_indexer <token> <company_id> <project_id> [--mirror]\n";
        return 1;
    }
    const std::string token = argv[1];
    const std::int64_t companyId = std::stoll(argv[2]);
    const std::int64_t projectId = std::stoll(argv[3]);

    if (argc > 4 && std::string(argv[4]) == "--mirror") {
        MirrorClient mirror(TokenAuth{token}, LegacyCompanyScope{companyId});
        auto docs = indexProject(mirror, projectId);
        std::cout << "mirror sections: " << docs.size() << "\n";
        return 0;
    }

    MonthlyClient client(TokenAuth{token}, ProcoreCompanyScope{companyId});
    Json::Value companies = client.fetch<CompaniesEndpoint>(0);
    std::cout << "companies visible: " << companies.size() << "\n";

    Json::Value sets = client.fetch<SpecificationSetsEndpoint>(projectId);
    std::cout << "specification sets: " << sets.size() << "\n";

    auto docs = indexProject(client, projectId);
    std::map<std::int64_t, int> perSet;
    for (const auto& d : docs) perSet[d.setId]++;
    for (const auto& kv : perSet) std::cout << "  set " << kv.first << ": " << kv.second << "\n";

    if (!docs.empty()) {
        Json::Value rev = client.fetchOne<SpecificationSectionRevisionsEndpoint>(
            docs.front().currentRevisionId, projectId);
        std::string pdf = downloadPdf(token, companyId, projectId, docs.front().currentRevisionId);
        std::cout << "first revision " << rev["revision"].asString() << ", pdf bytes " << pdf.size()
                  << "\n";
    }
    std::cout << "docs: https://developers.procore.com/reference/rest/specification-sections\n";
    return 0;
}
