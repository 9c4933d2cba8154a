// rfi_export: dumps every RFI of a project to CSV for the document control team.
//
//   pg_rfi_export <company_id> <project_id> <out.csv>
//
// Credentials come from PROCORE_CLIENT_ID / PROCORE_CLIENT_SECRET /
// PROCORE_REFRESH_TOKEN (authorization-code app, refresh token stored by the
// desktop launcher).

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

const char* kLoginBase = "https://login.procore.com";
const char* kApiBase = "https://api.procore.com";

size_t append_body(char* ptr, size_t size, size_t nmemb, void* userdata) {
    static_cast<std::string*>(userdata)->append(ptr, size * nmemb);
    return size * nmemb;
}

struct HttpResult {
    long status = 0;
    std::string body;
};

class Http {
public:
    Http() : curl_(curl_easy_init()) {
        if (!curl_) throw std::runtime_error("curl_easy_init failed");
    }
    ~Http() { curl_easy_cleanup(curl_); }
    Http(const Http&) = delete;
    Http& operator=(const Http&) = delete;

    HttpResult send(const std::string& url, const std::vector<std::string>& headers,
                    const std::string* post_body = nullptr) {
        curl_easy_reset(curl_);
        HttpResult res;
        struct curl_slist* list = nullptr;
        for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append_body);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &res.body);
        if (post_body) curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, post_body->c_str());
        CURLcode rc = curl_easy_perform(curl_);
        curl_slist_free_all(list);
        if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &res.status);
        return res;
    }

private:
    CURL* curl_;
};

std::string env_or_die(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) throw std::runtime_error(std::string("missing env ") + name);
    return v;
}

std::string refresh_access_token(Http& http) {
    std::string body = "grant_type=refresh_token&client_id=" + env_or_die("PROCORE_CLIENT_ID") +
                       "&client_secret=" + env_or_die("PROCORE_CLIENT_SECRET") +
                       "&refresh_token=" + env_or_die("PROCORE_REFRESH_TOKEN");
    HttpResult res = http.send(std::string(kLoginBase) + "/oauth/token",
                               {"Content-Type: application/x-www-form-urlencoded"}, &body);
    if (res.status != 200) throw std::runtime_error("token refresh failed: " + res.body);
    return json::parse(res.body).at("access_token").get<std::string>();
}

// Range over one paginated list endpoint. Pages are pulled lazily: the first
// page when begin() is called, the next one when operator++ runs off the end
// of the buffered page.
template <typename T>
class Paginator {
public:
    using Parser = T (*)(const json&);

    Paginator(Http& http, std::string token, std::string path,
              std::optional<int64_t> company_id, Parser parse, int per_page = 100)
        : http_(http), token_(std::move(token)), path_(std::move(path)),
          company_id_(company_id), parse_(parse), per_page_(per_page) {}

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        iterator() = default;
        explicit iterator(Paginator* owner) : owner_(owner) { fetch(); }

        reference operator*() const { return buffer_[pos_]; }
        pointer operator->() const { return &buffer_[pos_]; }

        iterator& operator++() {
            if (++pos_ < buffer_.size()) return *this;
            if (buffer_.size() < static_cast<size_t>(owner_->per_page_)) {
                owner_ = nullptr;  // short page: that was the last one
            } else {
                fetch();
            }
            return *this;
        }
        bool operator==(const iterator& o) const { return owner_ == o.owner_; }
        bool operator!=(const iterator& o) const { return !(*this == o); }

    private:
        void fetch() {
            ++page_;
            buffer_ = owner_->fetch_page(page_);
            pos_ = 0;
            if (buffer_.empty()) owner_ = nullptr;
        }

        Paginator* owner_ = nullptr;
        std::vector<T> buffer_;
        size_t pos_ = 0;
        int page_ = 0;
    };

    iterator begin() { return iterator(this); }
    iterator end() { return iterator(); }

private:
    std::vector<T> fetch_page(int page) {
        const char* sep = path_.find('?') == std::string::npos ? "?" : "&";
        std::string url = std::string(kApiBase) + path_ + sep + "page=" + std::to_string(page) +
                          "&per_page=" + std::to_string(per_page_);
        std::vector<std::string> headers{"Authorization: Bearer " + token_,
                                         "Accept: application/json"};
        if (company_id_) headers.push_back("Procore-Company-Id: " + std::to_string(*company_id_));
        HttpResult res = http_.send(url, headers);
        if (res.status != 200)
            throw std::runtime_error("GET " + path_ + " -> " + std::to_string(res.status));
        std::vector<T> out;
        for (const auto& item : json::parse(res.body)) out.push_back(parse_(item));
        return out;
    }

    Http& http_;
    std::string token_;
    std::string path_;
    std::optional<int64_t> company_id_;
    Parser parse_;
    int per_page_;
};

struct Project {
    long id = 0;
    std::string name;
};

struct Rfi {
    int64_t id = 0;
    std::string number;
    std::string subject;
    std::string status;
    int64_t assignee_id = 0;
    std::string due_date;
};

Project parse_project(const json& j) {
    Project p;
    p.id = j.at("id").get<long>();
    p.name = j.value("name", "");
    return p;
}

Rfi parse_rfi(const json& j) {
    Rfi r;
    r.id = j.at("id").get<int64_t>();
    r.number = j.value("number", "");
    r.subject = j.value("subject", "");
    r.status = j.value("status", "");
    if (j.contains("assignee") && j["assignee"].is_object())
        r.assignee_id = j["assignee"].at("id").get<int>();
    if (j.contains("due_date") && j["due_date"].is_string()) r.due_date = j["due_date"];
    return r;
}

std::string csv_escape(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: " << argv[0] << " <company_id> <project_id> <out.csv>\n";
        return 2;
    }
    const int64_t company_id = std::stoll(argv[1]);
    const int64_t project_id = std::atoi(argv[2]);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    try {
        Http http;
        const std::string token = refresh_access_token(http);

        // Who is running the export goes into the CSV footer.
        HttpResult me = http.send(std::string(kApiBase) + "/rest/v1.0/me",
                                  {"Authorization: Bearer " + token});
        std::string exported_by = me.status == 200 ? json::parse(me.body).value("login", "") : "";

        // Make sure the project belongs to the company before dumping anything.
        std::string project_name;
        Paginator<Project> projects(http, token,
                                    "/rest/v1.0/projects?company_id=" + std::to_string(company_id),
                                    std::nullopt, parse_project);
        for (const Project& p : projects) {
            if (p.id == project_id) {
                project_name = p.name;
                break;
            }
        }
        if (project_name.empty()) {
            std::cerr << "project " << project_id << " not found in company " << company_id << "\n";
            return 1;
        }

        std::vector<Rfi> rfis;
        Paginator<Rfi> rfi_pages(http, token,
                                 "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis",
                                 company_id, parse_rfi, 200);
        for (const Rfi& r : rfi_pages) rfis.push_back(r);

        std::ofstream out(argv[3]);
        out << "id,number,subject,status,assignee_id,due_date,link\n";
        for (const Rfi& r : rfis) {
            out << r.id << ',' << csv_escape(r.number) << ',' << csv_escape(r.subject) << ','
                << r.status << ',' << r.assignee_id << ',' << r.due_date << ','
                << "https://app.procore.com/" << project_id << "/project/rfi/show/" << r.id
                << '\n';
        }
        out << "# " << rfis.size() << " RFIs from " << csv_escape(project_name)
            << " exported by " << exported_by << '\n';
        std::cout << "wrote " << rfis.size() << " RFIs to " << argv[3] << "\n";
    } catch (const std::exception& e) {
        std::cerr << "rfi_export: " << e.what() << "\n";
        curl_global_cleanup();
        return 1;
    }
    curl_global_cleanup();
    return 0;
}
