// drawing-archive: nightly job that copies the current drawing set of a
// project to the company S3 archive bucket. Presigned S3 PUT URLs come from
// our own archive service; the PDFs come from Procore's file storage.
#include <curlpp/Easy.hpp>
#include <curlpp/Exception.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#define PROCORE_LOGIN "https://sandbox.procore.com"
#define PROCORE_API "https://sandbox.procore.com"
#define ARCHIVE_SVC "https://archive.internal.example.com/v2"

struct DrawingRev {
    long id = 0;
    int64_t drawing_id = 0;
    std::string number;
    std::string title;
    std::string pdf_url;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual std::list<std::string> headers() const = 0;

    std::string get(const std::string& url) {
        curlpp::Easy easy;
        std::ostringstream out;
        easy.setOpt(curlpp::options::Url(url));
        easy.setOpt(curlpp::options::HttpHeader(headers()));
        easy.setOpt(curlpp::options::WriteStream(&out));
        easy.setOpt(curlpp::options::FollowLocation(true));
        easy.perform();
        status_ = curlpp::infos::ResponseCode::get(easy);
        return out.str();
    }

    long status() const { return status_; }

protected:
    long status_ = 0;
};

class ProcoreTransport : public Transport {
public:
    void authenticate(const std::string& client_id, const std::string& secret,
                      const std::string& refresh) {
        curlpp::Easy easy;
        std::ostringstream out;
        std::string form = "grant_type=refresh_token&client_id=" + client_id +
                           "&client_secret=" + secret + "&refresh_token=" + refresh;
        easy.setOpt(curlpp::options::Url(PROCORE_LOGIN "/oauth/token"));
        easy.setOpt(curlpp::options::PostFields(form));
        easy.setOpt(curlpp::options::WriteStream(&out));
        easy.perform();

        Json::Value tok;
        std::istringstream in(out.str());
        in >> tok;
        access_token_ = tok["access_token"].asString();
    }

    void select_company(int64_t company_id) { company_id_ = company_id; }

    std::list<std::string> headers() const override {
        std::list<std::string> h;
        h.push_back("Authorization: Bearer " + access_token_);
        h.push_back("Procore-Company-Id: " + std::to_string(company_id_));
        return h;
    }

    Json::Value get_json(const std::string& path) {
        Json::Value v;
        std::istringstream in(get(PROCORE_API + path));
        in >> v;
        return v;
    }

private:
    std::string access_token_;
    int64_t company_id_ = 0;
};

class S3Transport : public Transport {
public:
    std::list<std::string> headers() const override {
        return {"Content-Type: application/pdf", "x-amz-server-side-encryption: AES256"};
    }

    bool put(const std::string& presigned_url, const std::string& bytes) {
        curlpp::Easy easy;
        std::ostringstream sink;
        easy.setOpt(curlpp::options::Url(presigned_url));
        easy.setOpt(curlpp::options::HttpHeader(headers()));
        easy.setOpt(curlpp::options::CustomRequest("PUT"));
        easy.setOpt(curlpp::options::PostFields(bytes));
        easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(bytes.size())));
        easy.setOpt(curlpp::options::WriteStream(&sink));
        easy.perform();
        return curlpp::infos::ResponseCode::get(easy) == 200;
    }
};

static std::string presign(Transport& plain, const std::string& key) {
    std::string body = plain.get(ARCHIVE_SVC "/presign?key=" + key);
    Json::Value v;
    std::istringstream in(body);
    in >> v;
    return v["url"].asString();
}

class NoAuth : public Transport {
public:
    std::list<std::string> headers() const override { return {}; }
};

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s COMPANY_ID PROJECT_ID BUCKET_PREFIX\n", argv[0]);
        return 2;
    }
    curlpp::Cleanup cleanup;
    const int64_t company_id = std::strtoll(argv[1], nullptr, 10);
    const int64_t project_id = std::strtoll(argv[2], nullptr, 10);
    const std::string prefix = argv[3];

    ProcoreTransport procore;
    S3Transport s3;
    NoAuth plain;
    try {
        procore.authenticate(std::getenv("PROCORE_CLIENT_ID"), std::getenv("PROCORE_CLIENT_SECRET"),
                             std::getenv("PROCORE_REFRESH_TOKEN"));
        procore.select_company(company_id);

        Json::Value me = procore.get_json("/rest/v1.0/me");
        std::printf("archiving as %s\n", me["login"].asCString());

        Json::Value areas = procore.get_json("/rest/v1.1/projects/" + std::to_string(project_id) +
                                             "/drawing_areas");
        std::unordered_map<int64_t, std::vector<DrawingRev>> by_area;
        for (const Json::Value& area : areas) {
            const int64_t area_id = area["id"].asInt64();
            Json::Value revs = procore.get_json(
                "/rest/v1.0/drawing_areas/" + std::to_string(area_id) + "/drawings?project_id=" +
                std::to_string(project_id));
            for (const Json::Value& d : revs) {
                const Json::Value& cur = d["current_revision"];
                DrawingRev r;
                r.id = cur["id"].asLargestInt();
                r.drawing_id = d["id"].asLargestInt();
                r.number = d["number"].asString();
                r.title = d["title"].asString();
                r.pdf_url = cur["pdf_url"].asString();
                by_area[area_id].push_back(r);
            }
            std::printf("area %u: %zu drawings\n", static_cast<unsigned>(area_id),
                        by_area[area_id].size());
        }

        int uploaded = 0, failed = 0;
        for (const auto& kv : by_area) {
            for (const DrawingRev& r : kv.second) {
                std::string pdf = plain.get(r.pdf_url);
                std::string key = prefix + "/" + std::to_string(project_id) + "/" + r.number + ".pdf";
                if (s3.put(presign(plain, key), pdf)) ++uploaded; else ++failed;
            }
        }
        std::printf("done: %d uploaded, %d failed\n", uploaded, failed);
        std::printf("project: https://app.procore.com/%lld/project/drawing_log\n",
                    static_cast<long long>(project_id));
        return failed == 0 ? 0 : 1;
    } catch (const curlpp::LibcurlRuntimeError& e) {
        std::fprintf(stderr, "curl: %s (code %d)\n", e.what(), static_cast<int>(e.whatCode()));
        return 1;
    }
}
