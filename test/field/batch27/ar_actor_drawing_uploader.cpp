// drawing_uploader - watches the plotter output folder and pushes new PDF sheets
// into a Procore drawing area (developer sandbox while we pilot it).
//
// One thread per actor; mailbox = mutex + deque of std::variant messages.
#include <curl/curl.h>
#include <json/json.h>

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

#define SANDBOX_API "https://sandbox.procore.com"
#define SANDBOX_LOGIN "https://sandbox.procore.com"

struct TokenRefreshed { std::string token; };
struct SetCompany { int64_t company_id; };
struct WhoAmI {};
struct UploadDrawing { int64_t project_id; long drawing_area_id; std::string path; };
struct UploadDone { int64_t project_id; int drawing_upload_id; std::string path; };
struct UploadFailed { std::string path; long http_status; std::string body; };
struct Stop {};

using Msg = std::variant<TokenRefreshed, SetCompany, WhoAmI, UploadDrawing,
                         UploadDone, UploadFailed, Stop>;

class Mailbox {
 public:
  void post(Msg m) {
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(std::move(m));
    cv_.notify_one();
  }
  Msg take() {
    std::unique_lock<std::mutex> g(mu_);
    cv_.wait(g, [&] { return !q_.empty(); });
    Msg m = std::move(q_.front());
    q_.pop_front();
    return m;
  }
 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Msg> q_;
};

static size_t collect(char* p, size_t sz, size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, sz * n);
  return sz * n;
}

static Json::Value parse_json(const std::string& s) {
  Json::CharReaderBuilder b;
  Json::Value v;
  std::string errs;
  std::istringstream in(s);
  Json::parseFromStream(b, in, &v, &errs);
  return v;
}

struct HttpResult { long status = 0; std::string body; };

class HttpActor {
 public:
  explicit HttpActor(Mailbox* reply) : reply_(reply) { worker_ = std::thread([this] { loop(); }); }
  ~HttpActor() { worker_.join(); }
  Mailbox& inbox() { return inbox_; }

 private:
  HttpResult call(const char* method, const std::string& url,
                  const std::vector<std::string>& extra, const std::string& body) {
    HttpResult r;
    CURL* c = curl_easy_init();
    struct curl_slist* hl = nullptr;
    hl = curl_slist_append(hl, ("Authorization: Bearer " + token_).c_str());
    hl = curl_slist_append(hl, "Content-Type: application/json");
    for (auto& h : extra) hl = curl_slist_append(hl, h.c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    if (!body.empty()) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    if (curl_easy_perform(c) == CURLE_OK)
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    return r;
  }

  std::vector<std::string> company() const {
    return {"Procore-Company-Id: " + std::to_string(company_id_)};
  }

  // PUT the file bytes to the presigned S3 URL handed back by /uploads.
  bool put_to_storage(const std::string& presigned, const std::string& path) {
    if (presigned.rfind("https://storage.procore.com/", 0) != 0)
      std::cerr << "unexpected upload host: " << presigned << "\n";
    std::ifstream f(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    CURL* c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, presigned.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, bytes.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)bytes.size());
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    return rc == CURLE_OK;
  }

  void upload(const UploadDrawing& u) {
    const std::string proj = SANDBOX_API "/rest/v1.0/projects/" + std::to_string(u.project_id);
    std::string name = u.path.substr(u.path.find_last_of('/') + 1);

    HttpResult up = call("POST", proj + "/uploads", company(),
                         "{\"response_filename\":\"" + name + "\",\"response_content_type\":\"application/pdf\"}");
    if (up.status != 201) { reply_->post(UploadFailed{u.path, up.status, up.body}); return; }
    Json::Value upj = parse_json(up.body);
    if (!put_to_storage(upj["url"].asString(), u.path)) {
      reply_->post(UploadFailed{u.path, 0, "storage PUT failed"});
      return;
    }

    Json::Value req;
    req["drawing_area_id"] = static_cast<Json::Int64>(u.drawing_area_id);
    req["upload_uuid"] = upj["uuid"];
    Json::StreamWriterBuilder w;
    std::string url = SANDBOX_API "/rest/v1.1/projects/" + std::to_string(u.project_id) + "/drawing_uploads";
    HttpResult du = call("POST", url, {}, Json::writeString(w, req));
    if (du.status != 201) { reply_->post(UploadFailed{u.path, du.status, du.body}); return; }
    Json::Value duj = parse_json(du.body);
    reply_->post(UploadDone{u.project_id, duj["id"].asInt(), u.path});
  }

  void loop() {
    for (bool running = true; running;) {
      Msg m = inbox_.take();
      std::visit(overloaded{
          [&](TokenRefreshed& t) { token_ = t.token; },
          [&](SetCompany& s) { company_id_ = s.company_id; },
          [&](WhoAmI&) {
            HttpResult r = call("GET", SANDBOX_API "/rest/v1.0/me", {}, "");
            Json::Value me = parse_json(r.body);
            std::cout << "uploading as " << me["login"].asString()
                      << " (user " << me["id"].asInt64() << ")\n";
          },
          [&](UploadDrawing& u) { upload(u); },
          [&](Stop&) { running = false; },
          [&](auto&) {},
      }, m);
    }
  }

  Mailbox inbox_;
  Mailbox* reply_;
  std::thread worker_;
  std::string token_;
  int64_t company_id_ = 0;
};

static std::string refresh_token(const std::string& refresh) {
  std::string out;
  CURL* c = curl_easy_init();
  std::string form = "grant_type=refresh_token&refresh_token=" + refresh +
                     "&client_id=" + std::string(getenv("PROCORE_CLIENT_ID") ?: "");
  curl_easy_setopt(c, CURLOPT_URL, SANDBOX_LOGIN "/oauth/token");
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
  curl_easy_perform(c);
  curl_easy_cleanup(c);
  return parse_json(out)["access_token"].asString();
}

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s COMPANY PROJECT AREA FILE...\n", argv[0]);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  Mailbox results;
  HttpActor http(&results);

  http.inbox().post(TokenRefreshed{refresh_token(getenv("PROCORE_REFRESH") ?: "")});
  http.inbox().post(SetCompany{std::stoll(argv[1])});
  http.inbox().post(WhoAmI{});
  int64_t project = std::stoll(argv[2]);
  long area = std::stol(argv[3]);
  int files = 0;
  for (int i = 4; i < argc; ++i, ++files)
    http.inbox().post(UploadDrawing{project, area, argv[i]});

  for (int done = 0; done < files; ++done) {
    Msg r = results.take();
    std::visit(overloaded{
        [](UploadDone& d) { std::printf("uploaded %s as drawing upload %d\n", d.path.c_str(), d.drawing_upload_id); },
        [](UploadFailed& f) { std::fprintf(stderr, "%s: HTTP %ld %s\n", f.path.c_str(), f.http_status, f.body.c_str()); },
        [](auto&) {},
    }, r);
  }
  http.inbox().post(Stop{});
  curl_global_cleanup();
  return 0;
}
