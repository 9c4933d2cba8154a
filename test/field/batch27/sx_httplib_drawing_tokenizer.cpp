// drawing_index.cpp - part of the CAD add-in (Windows + Linux builds). Builds
// a local index of drawing numbers -> Procore drawing ids so the add-in can
// link sheets to their Procore counterpart. Talks to the developer sandbox
// until the customer pilot goes live.
//
// We cannot pull in a JSON library in the add-in host (ABI clashes with the CAD
// vendor's bundled copy), so this uses a tiny incremental tokenizer fed
// directly from cpp-httplib's content receiver, chunk by chunk.

#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace cadlink {

constexpr const char* kAuthHost = "https://sandbox.procore.com";
constexpr const char* kApiHost = "https://sandbox.procore.com";

// Numbers arrive as raw text from the tokenizer.
static long parse_num(const std::string& s) { return std::strtol(s.c_str(), nullptr, 10); }

class IncrementalTokenizer {
  public:
    struct Sink {
        virtual ~Sink() = default;
        virtual void begin_object(const std::vector<std::string>& path) = 0;
        virtual void end_object(const std::vector<std::string>& path) = 0;
        virtual void scalar(const std::vector<std::string>& path, const std::string& raw,
                            bool quoted) = 0;
    };
    explicit IncrementalTokenizer(Sink& sink) : sink_(sink) {}

    void feed(const char* p, size_t n) {
        for (size_t i = 0; i < n; ++i) step(p[i]);
    }

  private:
    enum class State { Normal, String, Escape };

    void flush_bare() {
        if (bare_.empty()) return;
        sink_.scalar(keys_, bare_, false);
        bare_.clear();
    }
    void step(char c) {
        switch (state_) {
        case State::Escape:
            buf_.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c);
            state_ = State::String;
            return;
        case State::String:
            if (c == '\\') { state_ = State::Escape; return; }
            if (c != '"') { buf_.push_back(c); return; }
            state_ = State::Normal;
            if (expect_key_) keys_.back() = buf_;
            else sink_.scalar(keys_, buf_, true);
            return;
        case State::Normal:
            break;
        }
        switch (c) {
        case '{': stack_.push_back('{'); keys_.emplace_back(); expect_key_ = true;
                  sink_.begin_object(keys_); break;
        case '[': stack_.push_back('['); keys_.emplace_back("[]"); expect_key_ = false; break;
        case '}': flush_bare(); sink_.end_object(keys_); pop(); break;
        case ']': flush_bare(); pop(); break;
        case ':': expect_key_ = false; break;
        case ',': flush_bare(); expect_key_ = !stack_.empty() && stack_.back() == '{'; break;
        case '"': buf_.clear(); state_ = State::String; break;
        case ' ': case '\n': case '\r': case '\t': flush_bare(); break;
        default: bare_.push_back(c); break;
        }
    }
    void pop() {
        if (!stack_.empty()) { stack_.pop_back(); keys_.pop_back(); }
        expect_key_ = false;
    }

    Sink& sink_;
    State state_ = State::Normal;
    std::vector<char> stack_;
    std::vector<std::string> keys_;
    std::string buf_, bare_;
    bool expect_key_ = false;
};

struct DrawingArea {
    int64_t id = 0;
    std::string name;
};

struct Drawing {
    int64_t id = 0;
    std::string number;
    std::string title;
    int64_t revision_id = 0;
    std::string revision_number;
};

// path for an element of the top-level array is {"[]", key}; nested objects add a level.
struct AreaSink : IncrementalTokenizer::Sink {
    std::vector<DrawingArea> areas;
    void begin_object(const std::vector<std::string>& p) override {
        if (p.size() == 2) areas.emplace_back();
    }
    void end_object(const std::vector<std::string>&) override {}
    void scalar(const std::vector<std::string>& p, const std::string& raw, bool) override {
        if (p.size() != 2 || areas.empty()) return;
        if (p[1] == "id") areas.back().id = parse_num(raw);
        else if (p[1] == "name") areas.back().name = raw;
    }
};

struct DrawingSink : IncrementalTokenizer::Sink {
    std::vector<Drawing> drawings;
    void begin_object(const std::vector<std::string>& p) override {
        if (p.size() == 2) drawings.emplace_back();
    }
    void end_object(const std::vector<std::string>&) override {}
    void scalar(const std::vector<std::string>& p, const std::string& raw, bool) override {
        if (drawings.empty()) return;
        Drawing& d = drawings.back();
        if (p.size() == 2) {
            if (p[1] == "id") d.id = parse_num(raw);
            else if (p[1] == "number") d.number = raw;
            else if (p[1] == "title") d.title = raw;
        } else if (p.size() == 3 && p[1] == "current_revision") {
            if (p[2] == "id") d.revision_id = std::strtoll(raw.c_str(), nullptr, 10);
            else if (p[2] == "revision_number") d.revision_number = raw;
        }
    }
};

struct TokenSink : IncrementalTokenizer::Sink {
    std::string access_token;
    void begin_object(const std::vector<std::string>&) override {}
    void end_object(const std::vector<std::string>&) override {}
    void scalar(const std::vector<std::string>& p, const std::string& raw, bool) override {
        if (p.size() == 1 && p[0] == "access_token") access_token = raw;
    }
};

std::string refresh_access_token(const std::string& client_id, const std::string& secret,
                                 const std::string& refresh_token) {
    httplib::Client auth(kAuthHost);
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"client_id", client_id},
                         {"client_secret", secret},
                         {"refresh_token", refresh_token}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200) return {};
    TokenSink sink;
    IncrementalTokenizer tok(sink);
    tok.feed(res->body.data(), res->body.size());
    return sink.access_token;
}

}  // namespace cadlink

int main(int argc, char** argv) {
    using namespace cadlink;
    if (argc < 6) {
        std::cerr << "usage: drawing_index CLIENT_ID SECRET REFRESH_TOKEN COMPANY_ID PROJECT_ID\n"
                  << "see https://support.procore.com/products/online/user-guide/project-level/drawings\n";
        return 2;
    }
    const int64_t company_id = std::strtoll(argv[4], nullptr, 10);
    const int64_t project_id = std::strtoll(argv[5], nullptr, 10);

    std::string token = refresh_access_token(argv[1], argv[2], argv[3]);
    if (token.empty()) { std::cerr << "token refresh failed\n"; return 1; }

    httplib::Client api(kApiHost);
    api.set_read_timeout(120, 0);
    httplib::Headers headers{{"Authorization", "Bearer " + token},
                             {"Procore-Company-Id", std::to_string(company_id)}};

    AreaSink areas;
    IncrementalTokenizer area_tok(areas);
    auto res = api.Get("/rest/v1.0/projects/" + std::to_string(project_id) + "/drawing_areas",
                       headers, [&](const char* data, size_t len) {
                           area_tok.feed(data, len);
                           return true;
                       });
    if (!res || res->status != 200) { std::cerr << "drawing_areas failed\n"; return 1; }

    std::map<std::string, int64_t> index;  // sheet number -> drawing id
    for (const DrawingArea& area : areas.areas) {
        DrawingSink sink;
        IncrementalTokenizer tok(sink);
        httplib::Headers dh{{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
        auto r = api.Get("/rest/v1.0/drawing_areas/" + std::to_string(area.id) + "/drawings?project_id=" +
                             std::to_string(project_id),
                         dh, [&](const char* data, size_t len) {
                             tok.feed(data, len);
                             return true;
                         });
        if (!r || r->status != 200) {
            std::cerr << "area " << area.name << ": HTTP " << (r ? r->status : -1) << "\n";
            continue;
        }
        for (const Drawing& d : sink.drawings) index[d.number] = d.id;
        std::cerr << area.name << ": " << sink.drawings.size() << " drawings\n";
    }

    for (const auto& kv : index) std::cout << kv.first << '\t' << kv.second << '\n';
    return 0;
}
