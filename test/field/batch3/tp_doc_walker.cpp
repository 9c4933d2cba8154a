// docwalk: walks the Documents tool folder tree of a Procore project, prints it,
// and optionally pulls the latest version of every PDF into a local mirror.
// Pushes a couple of gauges to Datadog so the archive dashboard stays green.
//
//   PROCORE_TOKEN=... PROCORE_COMPANY=... docwalk <project_id> [--env monthly] [--mirror DIR]
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <list>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <variant>

namespace dw {

struct ProductionHosts {
    static constexpr const char* api = "https://app.procore.com";
    static constexpr const char* web = "https://app.procore.com";
};
struct SandboxHosts {
    static constexpr const char* api = "https://sandbox.procore.com";
    static constexpr const char* web = "https://sandbox.procore.com";
};
struct MonthlyHosts {
    static constexpr const char* api = "https://api-monthly.procore.com";
    static constexpr const char* web = "https://sandbox-monthly.procore.com";
};
using Environment = std::variant<ProductionHosts, SandboxHosts, MonthlyHosts>;

template <class T> T field(const Json::Value& v, const char* key);
template <> inline int64_t field<int64_t>(const Json::Value& v, const char* k) { return v[k].asInt64(); }
template <> inline std::string field<std::string>(const Json::Value& v, const char* k) { return v[k].asString(); }
template <> inline bool field<bool>(const Json::Value& v, const char* k) { return v[k].asBool(); }

template <class... Segs>
std::string path(Segs&&... segs) {
    std::ostringstream os;
    os << "/rest/v1.0";
    ((os << '/' << segs), ...);
    return os.str();
}

struct CurlppTransport {
    curlpp::Cleanup cleanup;

    std::string send(const std::string& url, const std::list<std::string>& headers, long& status,
                     const std::string* post_body = nullptr) {
        curlpp::Easy easy;
        std::ostringstream out;
        easy.setOpt(curlpp::options::Url(url));
        easy.setOpt(curlpp::options::HttpHeader(headers));
        easy.setOpt(curlpp::options::FollowLocation(true));
        easy.setOpt(curlpp::options::Timeout(60));
        easy.setOpt(curlpp::options::WriteStream(&out));
        if (post_body) {
            easy.setOpt(curlpp::options::PostFields(*post_body));
            easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(post_body->size())));
        }
        easy.perform();
        status = curlpp::infos::ResponseCode::get(easy);
        return out.str();
    }
};

inline Json::Value parse(const std::string& s) {
    Json::Value v;
    std::istringstream in(s);
    in >> v;
    return v;
}

template <class Transport, class Hosts>
class ProcoreClient {
public:
    ProcoreClient(std::string token, int64_t company) : token_(std::move(token)), company_(company) {}

    Json::Value get(const std::string& p) {
        long status = 0;
        std::string body = t_.send(std::string(Hosts::api) + p,
                                   {"Authorization: Bearer " + token_,
                                    "Procore-Company-Id: " + std::to_string(company_),
                                    "Accept: application/json"},
                                   status);
        if (status != 200) throw std::runtime_error(p + " returned " + std::to_string(status));
        return parse(body);
    }

    // /files/{id} 302s to storage when the version is ready; we only want the JSON.
    Json::Value file(int64_t project_id, int64_t file_id) {
        long status = 0;
        std::string url = std::string(Hosts::api) + path("files", file_id) + "?project_id=" + std::to_string(project_id);
        std::string body = t_.send(url, {"Authorization: Bearer " + token_, "Accept: application/json"}, status);
        return status == 200 ? parse(body) : Json::Value();
    }

    Transport& transport() { return t_; }

private:
    Transport t_;
    std::string token_;
    int64_t company_;
};

template <class Derived>
struct Resource {
    template <class C>
    static Json::Value find(C& c, int64_t project_id, int64_t id) {
        return c.get(path(Derived::path, id) + "?project_id=" + std::to_string(project_id));
    }
    template <class C>
    static Json::Value root(C& c, int64_t project_id) {
        return c.get(path(Derived::path) + "?project_id=" + std::to_string(project_id));
    }
};
struct Folders : Resource<Folders> { static constexpr auto path = "folders"; };

struct Stats {
    int folders = 0;
    int files = 0;
    int mirrored = 0;
    int64_t bytes = 0;
};

using FolderIndex = std::map<int, std::string>;  // folder id -> display path

}  // namespace dw

template <class Client>
void walk(Client& c, int64_t project_id, const Json::Value& folder, const std::string& prefix, int depth,
          dw::FolderIndex& folder_path, const std::string& mirror, dw::Stats& st) {
    if (depth > 12) return;  // Procore allows deep nesting; we don't need all of it
    for (const auto& sub : folder["folders"]) {
        int64_t sub_id = dw::field<int64_t>(sub, "id");
        std::string name = prefix + "/" + dw::field<std::string>(sub, "name");
        folder_path[sub_id] = name;
        ++st.folders;
        std::cout << std::string(depth * 2, ' ') << name << "/\n";
        walk(c, project_id, dw::Folders::find(c, project_id, sub_id), name, depth + 1, folder_path, mirror, st);
    }
    for (const auto& f : folder["files"]) {
        ++st.files;
        unsigned file_id = f["id"].asUInt();
        std::string fname = dw::field<std::string>(f, "name");
        std::cout << std::string(depth * 2, ' ') << "  " << fname << "\n";
        if (mirror.empty() || fname.size() < 4 || fname.substr(fname.size() - 4) != ".pdf") continue;
        Json::Value meta = c.file(project_id, file_id);
        const Json::Value& versions = meta["file_versions"];
        if (!versions.isArray() || versions.empty()) continue;
        const Json::Value& latest = versions[versions.size() - 1];
        std::string storage_url = latest["url"].asString();  // presigned storage.procore.com link
        long code = 0;
        std::string blob = c.transport().send(storage_url, {}, code);
        if (code != 200) { std::cerr << "download failed for " << fname << " (" << code << ")\n"; continue; }
        std::ofstream(mirror + "/" + std::to_string(file_id) + "_" + fname, std::ios::binary) << blob;
        st.bytes += static_cast<int64_t>(blob.size());
        ++st.mirrored;
    }
}

template <class Client>
void push_metrics(Client& c, const dw::Stats& st, int64_t project_id) {
    const char* key = std::getenv("DD_API_KEY");
    if (!key) return;
    Json::Value series(Json::arrayValue);
    long now = static_cast<long>(std::time(nullptr));
    for (auto [metric, value] : {std::pair<const char*, double>{"docwalk.files", st.files},
                                 {"docwalk.mirrored", st.mirrored}, {"docwalk.bytes", double(st.bytes)}}) {
        Json::Value s;
        s["metric"] = metric;
        s["points"][0][0] = Json::Int64(now);
        s["points"][0][1] = value;
        s["tags"][0] = "project:" + std::to_string(project_id);
        series.append(s);
    }
    Json::Value payload;
    payload["series"] = series;
    std::string body = Json::FastWriter().write(payload);
    long code = 0;
    c.transport().send("https://api.datadoghq.com/api/v1/series",
                       {"DD-API-KEY: " + std::string(key), "Content-Type: application/json"}, code, &body);
    if (code >= 300) std::cerr << "datadog: HTTP " << code << "\n";
}

int main(int argc, char** argv) {
    if (argc < 2) { std::cerr << "usage: docwalk <project_id> [--env production|sandbox|monthly] [--mirror DIR]\n"; return 2; }
    const char* tok = std::getenv("PROCORE_TOKEN");
    const char* co = std::getenv("PROCORE_COMPANY");
    if (!tok || !co) { std::cerr << "PROCORE_TOKEN and PROCORE_COMPANY are required\n"; return 2; }
    int64_t project_id = std::stoll(argv[1]);
    std::string mirror;
    dw::Environment env = dw::ProductionHosts{};
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--mirror") mirror = argv[i + 1];
        else if (a == "--env") {
            std::string e = argv[i + 1];
            env = e == "sandbox" ? dw::Environment{dw::SandboxHosts{}}
                : e == "monthly" ? dw::Environment{dw::MonthlyHosts{}} : dw::Environment{dw::ProductionHosts{}};
        }
    }
    return std::visit([&](auto hosts) -> int {
        using H = decltype(hosts);
        dw::ProcoreClient<dw::CurlppTransport, H> client(tok, std::stoll(co));
        dw::FolderIndex folder_path;
        dw::Stats st;
        try {
            Json::Value root = dw::Folders::root(client, project_id);
            walk(client, project_id, root, "", 0, folder_path, mirror, st);
        } catch (const std::exception& e) {
            std::cerr << "docwalk: " << e.what() << "\n";
            return 1;
        }
        std::cout << st.folders << " folders, " << st.files << " files, " << st.mirrored << " mirrored\n"
                  << "open in Procore: " << H::web << "/" << project_id << "/project/documents\n";
        push_metrics(client, st, project_id);
        return 0;
    }, env);
}
