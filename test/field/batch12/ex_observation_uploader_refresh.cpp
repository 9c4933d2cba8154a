// observation_uploader: the safety team's tablet app queues observations
// while offline; this tool drains the queue into Procore. Access tokens
// expire mid-batch, so every API call refreshes once on 401 and re-sends.
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/Types.h>
#include <Poco/URI.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Poco::JSON::Object;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPSClientSession;

template <typename T>
struct Outcome {
    bool ok = false;
    T value{};
    int status = 0;
    std::string error;
    static Outcome success(T v) { return {true, std::move(v), 200, {}}; }
    static Outcome failure(int st, std::string e) { return {false, T{}, st, std::move(e)}; }
};

template <typename F>
auto with_backoff(int attempts, F fn) -> decltype(fn()) {
    long delay_ms = 500;
    auto out = fn();
    for (int i = 1; i < attempts && !out.ok && (out.status == 0 || out.status >= 500); ++i) {
        Poco::Thread::sleep(delay_ms);
        delay_ms *= 2;
        out = fn();
    }
    return out;
}

struct Observation {
    Poco::Int64 project_id = 0;
    std::string name;
    std::string description;
    int observation_type_id = 0;
    Poco::Int64 location_id = 0;
};

class ObservationClient {
public:
    ObservationClient(Poco::Int64 company_id, std::string access, std::string refresh,
                      std::string client_id, std::string secret)
        : company_id_(company_id), access_(std::move(access)), refresh_(std::move(refresh)),
          client_id_(std::move(client_id)), secret_(std::move(secret)),
          ctx_(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "")) {}

    HTTPRequest make_request(const std::string& method, const std::string& path) const {
        HTTPRequest req(method, path, HTTPRequest::HTTP_1_1);
        req.setCredentials("Bearer", access_);
        req.set("Procore-Company-Id", std::to_string(company_id_));
        req.setContentType("application/json");
        return req;
    }

    Outcome<std::string> refresh() {
        HTTPSClientSession s("api.procore.com", 443, ctx_);
        HTTPRequest req(HTTPRequest::HTTP_POST, "/oauth/token", HTTPRequest::HTTP_1_1);
        Poco::Net::HTMLForm form;
        form.set("grant_type", "refresh_token");
        form.set("refresh_token", refresh_);
        form.set("client_id", client_id_);
        form.set("client_secret", secret_);
        form.prepareSubmit(req);
        form.write(s.sendRequest(req));
        HTTPResponse res;
        std::string text;
        Poco::StreamCopier::copyToString(s.receiveResponse(res), text);
        if (res.getStatus() != HTTPResponse::HTTP_OK)
            return Outcome<std::string>::failure(res.getStatus(), text);
        auto obj = Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
        access_ = obj->getValue<std::string>("access_token");
        if (obj->has("refresh_token")) refresh_ = obj->getValue<std::string>("refresh_token");
        return Outcome<std::string>::success(access_);
    }

    // Sends req; on 401 refreshes once and re-sends the same request object.
    Outcome<Poco::Dynamic::Var> send(HTTPRequest& req, const std::string& body) {
        using O = Outcome<Poco::Dynamic::Var>;
        try {
            HTTPSClientSession session(kApiHost, 443, ctx_);
            req.setContentLength(static_cast<std::streamsize>(body.size()));
            session.sendRequest(req) << body;
            HTTPResponse res;
            std::string text;
            Poco::StreamCopier::copyToString(session.receiveResponse(res), text);
            if (res.getStatus() == HTTPResponse::HTTP_UNAUTHORIZED) {
                auto r = refresh();
                if (!r.ok) return O::failure(r.status, "token refresh failed: " + r.error);
                req.setCredentials("Bearer", r.value);
                session.sendRequest(req) << body;
                text.clear();
                Poco::StreamCopier::copyToString(session.receiveResponse(res), text);
            }
            int st = static_cast<int>(res.getStatus());
            if (st / 100 != 2) return O::failure(st, text);
            return O::success(Poco::JSON::Parser().parse(text));
        } catch (const Poco::Exception& e) {
            return O::failure(0, e.displayText());
        }
    }

    Outcome<std::vector<Poco::Int64>> observation_type_ids(Poco::Int64 project_id) {
        auto req = make_request(HTTPRequest::HTTP_GET,
                                "/rest/v1.0/observations/types?project_id=" + std::to_string(project_id));
        auto r = with_backoff(3, [&] { return send(req, ""); });
        if (!r.ok) return Outcome<std::vector<Poco::Int64>>::failure(r.status, r.error);
        std::vector<Poco::Int64> ids;
        auto arr = r.value.extract<Poco::JSON::Array::Ptr>();
        for (size_t i = 0; i < arr->size(); ++i)
            ids.push_back(arr->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id"));
        return Outcome<std::vector<Poco::Int64>>::success(std::move(ids));
    }

    Outcome<Poco::Int64> create(const Observation& o) {
        Object item;
        item.set("name", o.name);
        item.set("description", o.description);
        item.set("type_id", o.observation_type_id);
        if (o.location_id) item.set("location_id", o.location_id);
        Object root;
        root.set("observation", item);
        std::ostringstream body;
        root.stringify(body);
        auto req = make_request(HTTPRequest::HTTP_POST,
                                "/rest/v1.0/observations/items?project_id=" + std::to_string(o.project_id));
        auto r = with_backoff(3, [&] { return send(req, body.str()); });
        if (!r.ok) return Outcome<Poco::Int64>::failure(r.status, r.error);
        return Outcome<Poco::Int64>::success(
            r.value.extract<Object::Ptr>()->getValue<Poco::Int64>("id"));
    }

    // Presigned upload slot for the photo; the file itself goes to storage.
    Outcome<std::string> request_upload(Poco::Int64 project_id, const std::string& filename) {
        HTTPSClientSession session(kApiHost, 443, ctx_);
        HTTPRequest req(HTTPRequest::HTTP_POST,
                        "/rest/v1.1/projects/" + std::to_string(project_id) + "/uploads",
                        HTTPRequest::HTTP_1_1);
        req.setCredentials("Bearer", access_);
        req.setContentType("application/json");
        std::string body = "{\"response_filename\":\"" + filename + "\",\"response_content_type\":\"image/jpeg\"}";
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(req) << body;
        HTTPResponse res;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(res), text);
        if (res.getStatus() != HTTPResponse::HTTP_CREATED)
            return Outcome<std::string>::failure(res.getStatus(), text);
        return Outcome<std::string>::success(
            Poco::JSON::Parser().parse(text).extract<Object::Ptr>()->getValue<std::string>("url"));
    }

    bool put_to_storage(const std::string& presigned, const std::string& bytes) {
        Poco::URI uri(presigned);  // https://storage.procore.com/... (presigned)
        HTTPSClientSession s(uri.getHost(), uri.getPort(), ctx_);
        HTTPRequest req(HTTPRequest::HTTP_PUT, uri.getPathAndQuery(), HTTPRequest::HTTP_1_1);
        req.setContentLength(static_cast<std::streamsize>(bytes.size()));
        s.sendRequest(req) << bytes;
        HTTPResponse res;
        s.receiveResponse(res).ignore(1 << 20);
        return res.getStatus() / 100 == 2;
    }

private:
    static constexpr const char* kApiHost = "api.procore.com";
    Poco::Int64 company_id_;
    std::string access_, refresh_, client_id_, secret_;
    Poco::Net::Context::Ptr ctx_;
};

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: observation_uploader <company_id> <project_id> <title> [photo.jpg]\n";
        return 2;
    }
    Poco::Int64 company_id = Poco::NumberParser::parse64(argv[1]);
    Poco::Int64 project_id = Poco::NumberParser::parse(argv[2]);
    const char* env[] = {"PROCORE_ACCESS_TOKEN", "PROCORE_REFRESH_TOKEN", "PROCORE_CLIENT_ID",
                         "PROCORE_CLIENT_SECRET"};
    std::vector<std::string> creds;
    for (const char* name : env) {
        const char* v = std::getenv(name);
        if (!v) { std::cerr << name << " not set\n"; return 2; }
        creds.emplace_back(v);
    }
    ObservationClient client(company_id, creds[0], creds[1], creds[2], creds[3]);

    auto types = client.observation_type_ids(project_id);
    if (!types.ok || types.value.empty()) {
        std::cerr << "no observation types (" << types.status << "); configure them at "
                  << "https://app.procore.com/" << company_id << "/company/admin/observations\n";
        return 1;
    }
    Observation o;
    o.project_id = project_id;
    o.name = argv[3];
    o.description = "Logged from the field tablet";
    o.observation_type_id = types.value.front();
    auto created = client.create(o);
    if (!created.ok) {
        std::cerr << "upload failed (" << created.status << "): " << created.error
                  << "\nsee https://support.procore.com/products/online/user-guide/project-level/observations\n";
        return 1;
    }
    std::cout << "observation " << created.value << " created\n";
    if (argc > 4) {
        auto slot = client.request_upload(project_id, "photo.jpg");
        std::ifstream in(argv[4], std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!slot.ok || !client.put_to_storage(slot.value, bytes))
            std::cerr << "photo upload failed; attach it at https://app.procore.com/" << project_id
                      << "/project/observations/items/" << created.value << "\n";
    }
    return 0;
}
