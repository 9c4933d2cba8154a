// submittal_report: prints the overdue submittals of a project grouped by
// responsible contractor, for the Monday coordination meeting.
//
//   PROCORE_ACCESS_TOKEN=... pg_submittal_report <company_id> <project_id> [--days N]

#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr const char* kLogin = "https://login.procore.com";
constexpr const char* kApi = "https://api.procore.com";

struct Response {
    long status = 0;
    int total = -1;  // value of the Total header, when present
    std::string body;
};

size_t on_body(char* p, size_t sz, size_t n, void* ud) {
    static_cast<Response*>(ud)->body.append(p, sz * n);
    return sz * n;
}

size_t on_header(char* p, size_t sz, size_t n, void* ud) {
    std::string line(p, sz * n);
    if (line.rfind("Total:", 0) == 0 || line.rfind("total:", 0) == 0)
        static_cast<Response*>(ud)->total = std::stoi(line.substr(6));
    return sz * n;
}

Response curl_get(const std::string& url, const std::string& token, int64_t company_id) {
    Response r;
    CURL* h = curl_easy_init();
    if (!h) throw std::runtime_error("curl_easy_init");
    curl_slist* hdrs = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
    if (company_id > 0)
        hdrs = curl_slist_append(hdrs, ("Procore-Company-Id: " + std::to_string(company_id)).c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &r);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
    return r;
}

struct Submittal {
    int64_t id = 0;
    std::string number;
    std::string title;
    std::string due_date;  // YYYY-MM-DD
    std::string status;
    int64_t spec_section_id = 0;
    int64_t contractor_id = 0;
    std::string contractor;
};

struct PageCursor {
    int page = 0;
    int per_page = 100;
    int total = -1;
    bool done = false;
};

// Generator over all submittals of a project; next() hands out one record at
// a time and fetches the following page only when the buffer runs dry.
class SubmittalGenerator {
public:
    SubmittalGenerator(std::string token, int64_t company_id, int64_t project_id)
        : token_(std::move(token)), company_id_(company_id), project_id_(project_id) {}

    std::optional<Submittal> next() {
        if (pos_ >= buffer_.size()) {
            if (cursor_.done || !fill()) return std::nullopt;
        }
        return buffer_[pos_++];
    }

    int total() const { return cursor_.total; }

private:
    bool fill() {
        ++cursor_.page;
        std::string url = std::string(kApi) + "/rest/v1.1/projects/" +
                          std::to_string(project_id_) + "/submittals?page=" +
                          std::to_string(cursor_.page) + "&per_page=" +
                          std::to_string(cursor_.per_page);
        Response r = curl_get(url, token_, company_id_);
        if (r.status != 200) throw std::runtime_error("submittals page " + std::to_string(cursor_.page) +
                                                      ": HTTP " + std::to_string(r.status));
        cursor_.total = r.total;
        rapidjson::Document doc;
        doc.Parse(r.body.c_str());
        buffer_.clear();
        pos_ = 0;
        if (!doc.IsArray() || doc.Empty()) {
            cursor_.done = true;
            return false;
        }
        for (const auto& v : doc.GetArray()) buffer_.push_back(parse(v));
        if (static_cast<int>(buffer_.size()) < cursor_.per_page) cursor_.done = true;
        return true;
    }

    static std::string str(const rapidjson::Value& v, const char* k) {
        return v.HasMember(k) && v[k].IsString() ? v[k].GetString() : "";
    }

    static Submittal parse(const rapidjson::Value& v) {
        Submittal s;
        s.id = v["id"].GetInt64();
        s.number = str(v, "number");
        s.title = str(v, "title");
        s.due_date = str(v, "due_date");
        if (v.HasMember("status") && v["status"].IsObject()) s.status = str(v["status"], "name");
        if (v.HasMember("specification_section") && v["specification_section"].IsObject())
            s.spec_section_id = v["specification_section"]["id"].GetInt64();
        if (v.HasMember("responsible_contractor") && v["responsible_contractor"].IsObject()) {
            s.contractor_id = v["responsible_contractor"]["id"].GetUint();
            s.contractor = str(v["responsible_contractor"], "name");
        }
        return s;
    }

    std::string token_;
    int64_t company_id_;
    int64_t project_id_;
    PageCursor cursor_;
    std::vector<Submittal> buffer_;
    size_t pos_ = 0;
};

bool token_alive(const std::string& token) {
    Response r = curl_get(std::string(kLogin) + "/oauth/token/info", token, 0);
    return r.status == 200;
}

std::string user_login(const std::string& token, int64_t company_id, int32_t user_id) {
    Response r = curl_get("https://app.procore.com/rest/v1.0/companies/" +
                              std::to_string(company_id) + "/users/" + std::to_string(user_id),
                          token, company_id);
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    return (r.status == 200 && d.IsObject() && d.HasMember("login")) ? d["login"].GetString() : "?";
}

std::string today_minus(int days) {
    std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <company_id> <project_id> [--days N]\n", argv[0]);
        return 2;
    }
    const char* token_env = std::getenv("PROCORE_ACCESS_TOKEN");
    if (!token_env) {
        std::fprintf(stderr, "PROCORE_ACCESS_TOKEN is not set\n");
        return 2;
    }
    const std::string token = token_env;
    const int64_t company_id = std::stoll(argv[1]);
    const int64_t project_id = std::stoll(argv[2]);
    int grace_days = 0;
    if (argc > 4 && std::string(argv[3]) == "--days") grace_days = std::atoi(argv[4]);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!token_alive(token)) {
        std::fprintf(stderr, "access token expired; run `procore-login` again\n");
        return 1;
    }

    Response me = curl_get(std::string(kApi) + "/rest/v1.0/me", token, 0);
    rapidjson::Document med;
    med.Parse(me.body.c_str());
    const int64_t my_id = med.IsObject() && med.HasMember("id") ? med["id"].GetInt64() : 0;

    // Spec section titles; project_id in the query scopes this one.
    std::map<int64_t, std::string> sections;
    Response sr = curl_get(std::string(kApi) + "/rest/v1.0/specification_sections?project_id=" +
                               std::to_string(project_id), token, 0);
    rapidjson::Document sd;
    sd.Parse(sr.body.c_str());
    if (sd.IsArray())
        for (const auto& s : sd.GetArray())
            sections[s["id"].GetInt64()] = s.HasMember("label") ? s["label"].GetString() : "";

    const std::string cutoff = today_minus(grace_days);
    std::map<std::string, std::vector<Submittal>> overdue;
    SubmittalGenerator gen(token, company_id, project_id);
    int seen = 0;
    while (auto s = gen.next()) {
        ++seen;
        if (!s->due_date.empty() && s->due_date < cutoff && s->status != "Closed")
            overdue[s->contractor.empty() ? "(unassigned)" : s->contractor].push_back(*s);
    }

    std::printf("Overdue submittals, project %lld (%d scanned, due before %s)\n",
                static_cast<long long>(project_id), seen, cutoff.c_str());
    for (const auto& [contractor, list] : overdue) {
        std::printf("\n== %s (%zu)\n", contractor.c_str(), list.size());
        for (const Submittal& s : list) {
            std::printf("  %-10s %-40.40s due %s  [%s] #%lld\n", s.number.c_str(), s.title.c_str(),
                        s.due_date.c_str(), sections[s.spec_section_id].c_str(),
                        static_cast<long long>(s.id));
        }
    }
    std::printf("\nreport run by %s; open in Procore: https://app.procore.com/%lld/project/submittals\n",
                my_id ? user_login(token, company_id, static_cast<int32_t>(my_id)).c_str() : "?",
                static_cast<long long>(project_id));
    curl_global_cleanup();
    return 0;
}
