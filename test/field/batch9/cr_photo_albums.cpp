// album_uploader - field tablet tool: drops a folder of site photos into a
// Procore photo album (image category). cpr + rapidjson, CRTP client whose
// environment subclasses provide the hosts; auth/scope are policies.
#include <cpr/cpr.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace albums {

// ------------------------------------------------------------ traits
struct ImageCategoriesEndpoint {
    static constexpr const char* path = "/rest/v1.0/image_categories";
    using id_type = std::int64_t;
    static constexpr bool project_in_path = false;
};

struct ImagesEndpoint {
    static constexpr const char* path = "/rest/v1.0/images";
    using id_type = std::int64_t;
    static constexpr bool project_in_path = false;
};

struct UploadsEndpoint {
    static constexpr const char* path = "/uploads";
    using id_type = std::string;  // uuid
    static constexpr bool project_in_path = true;
};

// ------------------------------------------------------------ policies
struct BearerPolicy {
    std::string token;
    void apply(cpr::Header& h) const { h["Authorization"] = "Bearer " + token; }
};

struct CompanyScopePolicy {
    std::int64_t companyId = 0;
    void apply(cpr::Header& h) const { h["Procore-Company-Id"] = std::to_string(companyId); }
};

// ------------------------------------------------------------ CRTP base
template <typename Derived, typename Auth, typename Scope>
class ClientBase {
public:
    ClientBase(Auth a, Scope s) : auth_(std::move(a)), scope_(std::move(s)) {}

    cpr::Header headers() const {
        cpr::Header h{{"Accept", "application/json"}};
        auth_.apply(h);
        scope_.apply(h);
        return h;
    }

    template <typename Endpoint>
    std::string url(std::int64_t projectId) const {
        const std::string base = static_cast<const Derived&>(*this).apiBase();
        if constexpr (Endpoint::project_in_path) {
            return base + "/rest/v1.0/projects/" + std::to_string(projectId) + Endpoint::path;
        } else {
            return base + Endpoint::path + "?project_id=" + std::to_string(projectId);
        }
    }

    template <typename Endpoint>
    cpr::Response get(std::int64_t projectId) const {
        return cpr::Get(cpr::Url{url<Endpoint>(projectId)}, headers());
    }

    template <typename Endpoint>
    cpr::Response post(std::int64_t projectId, const std::string& json) const {
        cpr::Header h = headers();
        h["Content-Type"] = "application/json";
        return cpr::Post(cpr::Url{url<Endpoint>(projectId)}, h, cpr::Body{json});
    }

    const Auth& auth() const { return auth_; }

protected:
    Auth auth_;
    Scope scope_;
};

class Production : public ClientBase<Production, BearerPolicy, CompanyScopePolicy> {
public:
    using ClientBase::ClientBase;
    std::string apiBase() const { return "https://api.procore.com"; }
    std::string loginBase() const { return "https://login.procore.com"; }
};

// ------------------------------------------------------------ helpers
std::string readFile(const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string fileName(const std::string& p) {
    auto slash = p.find_last_of('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
}

void revoke(const std::string& token, const std::string& clientId, const std::string& secret) {
    cpr::Post(cpr::Url{"https://api.procore.com/oauth/revoke"},
              cpr::Payload{{"token", token}, {"client_id", clientId}, {"client_secret", secret}});
}

// Registers the uploaded blob as an image in the album.
bool createImage(const Production& api, std::int64_t projectId, int albumId,
                 const std::string& uploadUuid, const std::string& name) {
    std::ostringstream body;
    body << R"({"image":{"image_category_id":)" << albumId << R"(,"upload_uuid":")" << uploadUuid
         << R"(","name":")" << name << R"("}})";
    cpr::Header h{{"Content-Type", "application/json"}};
    h["Authorization"] = "Bearer " + api.auth().token;
    cpr::Response r = cpr::Post(cpr::Url{api.url<ImagesEndpoint>(projectId)}, h, cpr::Body{body.str()});
    return r.status_code == 201;
}

} // namespace albums

int main(int argc, char** argv) {
    using namespace albums;
    if (argc < 6) {
        std::cerr << "album_uploader <token> <company_id> <project_id> <album name> <files...>\n";
        return 2;
    }
    const std::string token = argv[1];
    const std::int64_t companyId = std::stoll(argv[2]);
    const std::int64_t projectId = std::stoll(argv[3]);
    const std::string albumName = argv[4];

    Production api(BearerPolicy{token}, CompanyScopePolicy{companyId});

    cpr::Response me = cpr::Get(cpr::Url{api.apiBase() + "/rest/v1.0/me"}, cpr::Bearer{token});
    if (me.status_code != 200) {
        std::cerr << "token rejected (" << me.status_code << ")\n";
        return 1;
    }

    rapidjson::Document cats;
    cats.Parse(api.get<ImageCategoriesEndpoint>(projectId).text.c_str());
    std::map<std::int64_t, std::string> albumNames;
    int albumId = 0;
    if (cats.IsArray()) {
        for (auto& c : cats.GetArray()) {
            albumNames[c["id"].GetInt64()] = c["name"].GetString();
            if (albumName == c["name"].GetString()) albumId = c["id"].GetInt();
        }
    }
    if (albumId == 0) {
        std::cerr << "album '" << albumName << "' not found among " << albumNames.size() << "\n";
        return 1;
    }

    int uploaded = 0;
    for (int i = 5; i < argc; ++i) {
        const std::string name = fileName(argv[i]);
        cpr::Response up = api.post<UploadsEndpoint>(
            projectId, R"({"response_filename":")" + name + R"(","response_content_type":"image/jpeg"})");
        rapidjson::Document u;
        u.Parse(up.text.c_str());
        if (!u.IsObject() || !u.HasMember("url")) continue;
        const std::string presigned = u["url"].GetString();
        if (presigned.rfind("https://storage.procore.com/", 0) != 0) {
            std::cerr << "unexpected upload host for " << name << "\n";
            continue;
        }
        cpr::Response put = cpr::Put(cpr::Url{presigned}, cpr::Body{readFile(argv[i])},
                                     cpr::Header{{"Content-Type", "image/jpeg"}});
        if (put.status_code / 100 != 2) continue;
        if (createImage(api, projectId, albumId, u["uuid"].GetString(), name)) ++uploaded;
    }

    std::cout << uploaded << " of " << (argc - 5) << " photos added. View them at https://app.procore.com/"
              << companyId << "/project/photos?project_id=" << projectId << "\n";
    revoke(token, std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "",
           std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "");
    return 0;
}
