// submittal_mirror — mirrors one project's submittal log into the site status
// board. The log on large jobs runs to tens of MB, so the list is read with a
// rapidjson SAX handler instead of a DOM. Status changes made on the board are
// written back with PATCH. Runs against the developer sandbox until go-live.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace mirror {

const char* const kApiHost = "https://sandbox.procore.com";
const char* const kAuthHost = "https://sandbox.procore.com";

struct Config {
    int64_t company_id = 0;
    int64_t project_id = 0;
    std::string client_id, client_secret, refresh_token, slack_path;
};

struct Submittal {
    int64_t id = 0;
    std::string number;
    std::string title;
    std::string status;
    int64_t spec_section_id = 0;
    int64_t responsible_contractor_id = 0;
    int revision = 0;
};

struct Approver {
    int user_id = 0;
    std::string name;
    std::string response;
};

// GET /projects/{id}/submittals. Depth 1 is a submittal, depth 2 a nested
// object whose key we remember in parent_.
class SubmittalListHandler
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SubmittalListHandler> {
  public:
    explicit SubmittalListHandler(std::vector<Submittal>& out) : out_(out) {}

    bool StartObject() {
        if (++depth_ == 1) cur_ = Submittal{};
        if (depth_ == 2) parent_ = key_;
        return true;
    }
    bool EndObject(rapidjson::SizeType) {
        if (depth_ == 1) out_.push_back(cur_);
        if (depth_ == 2) parent_.clear();
        --depth_;
        return true;
    }
    bool Key(const char* s, rapidjson::SizeType len, bool) {
        key_.assign(s, len);
        return true;
    }
    bool String(const char* s, rapidjson::SizeType len, bool) {
        if (depth_ == 1 && key_ == "number") cur_.number.assign(s, len);
        if (depth_ == 1 && key_ == "title") cur_.title.assign(s, len);
        if (depth_ == 2 && parent_ == "status" && key_ == "name") cur_.status.assign(s, len);
        return true;
    }
    // rapidjson calls the narrowest callback that holds the literal, so all
    // four funnel into one 64-bit path.
    bool Int(int i) { return Integer(i); }
    bool Uint(unsigned u) { return Integer(u); }
    bool Int64(int64_t i) { return Integer(i); }
    bool Uint64(uint64_t u) { return Integer(static_cast<int64_t>(u)); }

  private:
    bool Integer(int64_t v) {
        if (depth_ == 1 && key_ == "id") cur_.id = v;
        if (depth_ == 1 && key_ == "revision") cur_.revision = static_cast<int>(v);
        if (depth_ == 2 && key_ == "id" && parent_ == "specification_section") cur_.spec_section_id = v;
        if (depth_ == 2 && key_ == "id" && parent_ == "responsible_contractor")
            cur_.responsible_contractor_id = v;
        return true;
    }

    std::vector<Submittal>& out_;
    Submittal cur_;
    std::string key_, parent_;
    int depth_ = 0;
};

// "approvers": [{"id": .., "response": {"name": ..}, "user": {"id": .., "name": ..}}]
class ApproverHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ApproverHandler> {
  public:
    explicit ApproverHandler(std::vector<Approver>& out) : out_(out) {}

    bool StartObject() {
        if (in_list_ && ++depth_ == 1) cur_ = Approver{};
        if (in_list_ && depth_ == 2) parent_ = key_;
        return true;
    }
    bool EndObject(rapidjson::SizeType) {
        if (in_list_ && depth_ == 1) out_.push_back(cur_);
        if (in_list_) --depth_;
        return true;
    }
    bool StartArray() { in_list_ = in_list_ || key_ == "approvers"; return true; }
    bool EndArray(rapidjson::SizeType) { in_list_ = depth_ > 0; return true; }
    bool Key(const char* s, rapidjson::SizeType len, bool) { key_.assign(s, len); return true; }
    bool String(const char* s, rapidjson::SizeType len, bool) {
        if (depth_ == 2 && parent_ == "user" && key_ == "name") cur_.name.assign(s, len);
        if (depth_ == 2 && parent_ == "response" && key_ == "name") cur_.response.assign(s, len);
        return true;
    }
    bool Int(int i) {
        if (depth_ == 2 && parent_ == "user" && key_ == "id") cur_.user_id = i;
        return true;
    }

  private:
    std::vector<Approver>& out_;
    Approver cur_;
    std::string key_, parent_;
    bool in_list_ = false;
    int depth_ = 0;
};

Config load_config(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    rapidjson::Document doc;
    if (doc.Parse(ss.str().c_str()).HasParseError()) throw std::runtime_error("bad " + path);
    Config c;
    c.company_id = doc["company_id"].GetInt();
    c.project_id = doc["project_id"].GetInt64();
    c.client_id = doc["client_id"].GetString();
    c.client_secret = doc["client_secret"].GetString();
    c.refresh_token = doc["refresh_token"].GetString();
    c.slack_path = doc.HasMember("slack_path") ? doc["slack_path"].GetString() : "";
    return c;
}

std::string patch_body(const Submittal& s, int64_t status_id) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("submittal");
    w.StartObject();
    w.Key("status_id");
    w.Int64(status_id);
    w.Key("specification_section_id");
    w.Int(static_cast<int>(s.spec_section_id));
    w.Key("responsible_contractor_id");
    w.Int64(s.responsible_contractor_id);
    w.EndObject();
    w.EndObject();
    return sb.GetString();
}

std::string refresh(Config& cfg) {
    httplib::Client auth(kAuthHost);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", cfg.client_id},
                         {"client_secret", cfg.client_secret},
                         {"refresh_token", cfg.refresh_token}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) throw std::runtime_error("token refresh failed");
    rapidjson::Document doc;
    doc.Parse(res->body.c_str());
    cfg.refresh_token = doc["refresh_token"].GetString();
    const int expires_in = doc["expires_in"].GetInt();
    std::cerr << "token valid for " << expires_in << "s\n";
    return doc["access_token"].GetString();
}

class Api {
  public:
    Api(std::string token, int64_t company) : cli_(kApiHost), token_(std::move(token)), company_(company) {
        cli_.set_connection_timeout(10);
    }

    std::vector<Submittal> list(int64_t project_id) {
        std::vector<Submittal> all;
        for (int page = 1; page < 500; ++page) {
            const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) +
                                     "/submittals?per_page=200&page=" + std::to_string(page);
            auto res = cli_.Get(path, headers());
            if (!res || res->status != 200) throw std::runtime_error("list failed");
            const size_t before = all.size();
            SubmittalListHandler h(all);
            rapidjson::Reader reader;
            rapidjson::StringStream ss(res->body.c_str());
            if (!reader.Parse(ss, h)) throw std::runtime_error("bad submittal JSON");
            if (all.size() - before < 200) break;
        }
        return all;
    }

    std::vector<Approver> approvers(int64_t project_id, int64_t submittal_id) {
        const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/submittals/" +
                                 std::to_string(submittal_id);
        httplib::Headers h{{"Authorization", "Bearer " + token_},
                           {"X-Procore-Company-Id", std::to_string(company_)}};
        auto res = cli_.Get(path, h);
        std::vector<Approver> out;
        if (!res || res->status != 200) return out;
        ApproverHandler handler(out);
        rapidjson::Reader reader;
        rapidjson::StringStream ss(res->body.c_str());
        reader.Parse(ss, handler);
        return out;
    }

    bool update(int64_t project_id, const Submittal& s, int64_t status_id) {
        const std::string path = "/rest/v1.0/projects/" + std::to_string(project_id) + "/submittals/" +
                                 std::to_string(s.id);
        auto res = cli_.Patch(path, headers(), patch_body(s, status_id), "application/json");
        return res && res->status == 200;
    }

    std::string whoami() {
        auto res = cli_.Get("/rest/v1.0/me", {{"Authorization", "Bearer " + token_}});
        return res ? res->body : std::string();
    }

  private:
    httplib::Headers headers() const {
        return {{"Authorization", "Bearer " + token_}, {"Procore-Company-Id", std::to_string(company_)}};
    }

    httplib::Client cli_;
    std::string token_;
    int64_t company_;
};

}  // namespace mirror

int main(int argc, char** argv) {
    try {
        mirror::Config cfg = mirror::load_config(argc > 1 ? argv[1] : "mirror.json");
        mirror::Api api(mirror::refresh(cfg), cfg.company_id);
        std::cerr << "as " << api.whoami() << "\n";
        int pending = 0;
        for (const auto& s : api.list(cfg.project_id)) {
            if (s.status != "Open") continue;
            for (const auto& a : api.approvers(cfg.project_id, s.id))
                if (a.response == "Approved") api.update(cfg.project_id, s, /*closed*/ 3);
            ++pending;
        }
        if (!cfg.slack_path.empty()) {
            httplib::Client slack("https://hooks.slack.com");
            slack.Post(cfg.slack_path, "{\"text\":\"" + std::to_string(pending) + " submittals open\"}",
                       "application/json");
        }
    } catch (const std::exception& e) {
        std::cerr << "submittal_mirror: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
