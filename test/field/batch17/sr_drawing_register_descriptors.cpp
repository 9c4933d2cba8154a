// drawing_register — exports a project's drawing register (areas, drawings,
// latest revisions) to CSV for the document controller, and pushes title
// corrections back. The JSON <-> struct mapping is table driven so the same
// reader/writer serves every record type.
//
// usage: drawing_register <env> <project_id> [area_id] < corrections.json
#include <json/json.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

using Poco::Net::HTTPMessage;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace reg {

struct Environment {
    const char* name;
    const char* login_host;
    const char* api_host;
};

const Environment kEnvironments[] = {
    {"production", "login.procore.com", "api.procore.com"},
    {"sandbox", "login-sandbox.procore.com", "sandbox.procore.com"},
    {"monthly", "login-sandbox-monthly.procore.com", "sandbox-monthly.procore.com"},
};

// ---- field descriptors -----------------------------------------------------
template <class T>
using Member = std::variant<int64_t T::*, int T::*, std::string T::*, bool T::*>;

template <class T>
struct Field {
    const char* key;
    Member<T> member;
    bool writable;
};

template <class T, size_t N>
void read_fields(const Json::Value& v, T& obj, const Field<T> (&table)[N]) {
    for (const auto& f : table) {
        const Json::Value& x = v[f.key];
        if (x.isNull()) continue;
        std::visit(
            [&](auto m) {
                using M = std::decay_t<decltype(obj.*m)>;
                if constexpr (std::is_same_v<M, int64_t>) obj.*m = x.asInt64();
                else if constexpr (std::is_same_v<M, int>) obj.*m = x.asInt();
                else if constexpr (std::is_same_v<M, std::string>) obj.*m = x.asString();
                else obj.*m = x.asBool();
            },
            f.member);
    }
}

template <class T, size_t N>
Json::Value write_fields(const T& obj, const Field<T> (&table)[N]) {
    Json::Value out(Json::objectValue);
    for (const auto& f : table) {
        if (!f.writable) continue;
        std::visit(
            [&](auto m) {
                using M = std::decay_t<decltype(obj.*m)>;
                if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, std::string>)
                    out[f.key] = obj.*m;
                else
                    out[f.key] = static_cast<Json::Int>(obj.*m);
            },
            f.member);
    }
    return out;
}

// ---- records ---------------------------------------------------------------
struct DrawingArea {
    int64_t id = 0;
    std::string name;
    int drawing_count = 0;
};
const Field<DrawingArea> kAreaFields[] = {
    {"id", &DrawingArea::id, false},
    {"name", &DrawingArea::name, false},
    {"drawings_count", &DrawingArea::drawing_count, false},
};

struct Drawing {
    int64_t id = 0;
    std::string number;
    std::string title;
    int64_t drawing_area_id = 0;
    int64_t discipline_id = 0;
    bool obsolete = false;
};
const Field<Drawing> kDrawingFields[] = {
    {"id", &Drawing::id, false},
    {"number", &Drawing::number, true},
    {"title", &Drawing::title, true},
    {"drawing_area_id", &Drawing::drawing_area_id, false},
    {"discipline_id", &Drawing::discipline_id, true},
    {"obsolete", &Drawing::obsolete, false},
};

struct Revision {
    int64_t id = 0;
    int64_t drawing_id = 0;
    int drawing_set_id = 0;
    std::string revision_number;
    int page_count = 0;
};
const Field<Revision> kRevisionFields[] = {
    {"id", &Revision::id, false},
    {"drawing_id", &Revision::drawing_id, false},
    {"drawing_set_id", &Revision::drawing_set_id, false},
    {"revision_number", &Revision::revision_number, false},
    {"number_of_pages", &Revision::page_count, false},
};

template <class T, size_t N>
std::vector<T> read_list(const Json::Value& arr, const Field<T> (&table)[N]) {
    std::vector<T> out;
    for (const auto& v : arr) {
        T obj;
        read_fields(v, obj, table);
        out.push_back(obj);
    }
    return out;
}

// ---- transport -------------------------------------------------------------
class Client {
  public:
    Client(const Environment& env, int64_t company_id) : env_(env), company_id_(company_id) {}

    void login(const std::string& client_id, const std::string& secret, const std::string& code) {
        Poco::Net::HTTPSClientSession auth(env_.login_host, 443);
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPMessage::HTTP_1_1);
        req.setContentType("application/x-www-form-urlencoded");
        const std::string form = "grant_type=authorization_code&code=" + code + "&client_id=" + client_id +
                                 "&client_secret=" + secret + "&redirect_uri=urn:ietf:wg:oauth:2.0:oob";
        token_ = exchange(auth, req, form)["access_token"].asString();
    }

    std::vector<DrawingArea> areas(int64_t project_id) {
        HTTPRequest req = rest(HTTPRequest::HTTP_GET, "/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas");
        req.set("Procore-Company-Id", std::to_string(company_id_));
        return read_list(call(req), kAreaFields);
    }

    std::vector<Drawing> drawings(int64_t project_id, int64_t area_id) {
        HTTPRequest req = rest(HTTPRequest::HTTP_GET, "/rest/v1.0/drawing_areas/" + std::to_string(area_id) +
                                                          "/drawings?project_id=" + std::to_string(project_id));
        return read_list(call(req), kDrawingFields);
    }

    std::vector<Revision> revisions(int64_t project_id, int64_t drawing_id) {
        HTTPRequest req = rest(HTTPRequest::HTTP_GET, "/rest/v1.0/projects/" + std::to_string(project_id) +
                                                          "/drawing_revisions?filters[drawing_id]=" +
                                                          std::to_string(drawing_id));
        req.set("Procore-Company-Id", std::to_string(company_id_));
        return read_list(call(req), kRevisionFields);
    }

    void update(int64_t project_id, const Drawing& d) {
        HTTPRequest req = rest(HTTPRequest::HTTP_PATCH, "/rest/v1.0/projects/" + std::to_string(project_id) +
                                                            "/drawings/" + std::to_string(d.id));
        req.set("Procore-Company-Id", std::to_string(company_id_));
        Json::Value body;
        body["drawing"] = write_fields(d, kDrawingFields);
        req.setContentType("application/json");
        call(req, Json::writeString(Json::StreamWriterBuilder(), body));
    }

  private:
    HTTPRequest rest(const std::string& method, const std::string& path) const {
        HTTPRequest req(method, path, HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token_);
        req.set("Accept", "application/json");
        return req;
    }

    Json::Value call(HTTPRequest& req, const std::string& body = {}) {
        Poco::Net::HTTPSClientSession api(env_.api_host, 443);
        return exchange(api, req, body);
    }

    static Json::Value exchange(Poco::Net::HTTPSClientSession& s, HTTPRequest& req, const std::string& body) {
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        s.sendRequest(req) << body;
        HTTPResponse resp;
        std::istream& in = s.receiveResponse(resp);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        const int status = static_cast<int>(resp.getStatus());
        if (status >= 400) throw std::runtime_error(req.getURI() + ": HTTP " + std::to_string(status));
        Json::Value root;
        std::string errs;
        std::istringstream is(text);
        if (!Json::parseFromStream(Json::CharReaderBuilder(), is, &root, &errs)) throw std::runtime_error(errs);
        return root;
    }

    const Environment& env_;
    int64_t company_id_;
    std::string token_;
};

}  // namespace reg

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: drawing_register <production|sandbox|monthly> <project_id> [area_id]\n";
        return 2;
    }
    const reg::Environment* env = nullptr;
    for (const auto& e : reg::kEnvironments)
        if (std::strcmp(e.name, argv[1]) == 0) env = &e;
    if (!env) return 2;
    const int64_t project_id = std::stoll(argv[2]);
    const int only_area = argc > 3 ? std::atoi(argv[3]) : 0;
    try {
        reg::Client client(*env, std::strtoll(std::getenv("PROCORE_COMPANY_ID"), nullptr, 10));
        client.login(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                     std::getenv("PROCORE_AUTH_CODE"));
        std::cout << "area,number,title,revision,pages,link\n";
        for (const auto& area : client.areas(project_id)) {
            if (only_area && area.id != only_area) continue;
            for (const auto& d : client.drawings(project_id, area.id)) {
                const auto revs = client.revisions(project_id, d.id);
                const std::string rev = revs.empty() ? "-" : revs.back().revision_number;
                const int pages = revs.empty() ? 0 : revs.back().page_count;
                std::cout << area.name << ',' << d.number << ',' << d.title << ',' << rev << ',' << pages
                          << ",https://app.procore.com/" << project_id << "/project/drawing_areas/" << area.id
                          << "/drawing_log\n";
            }
        }
        Json::Value fixes;
        std::cin >> fixes;
        for (const auto& fix : fixes) {
            reg::Drawing d;
            reg::read_fields(fix, d, reg::kDrawingFields);
            client.update(project_id, d);
        }
    } catch (const std::exception& e) {
        std::cerr << "drawing_register: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
