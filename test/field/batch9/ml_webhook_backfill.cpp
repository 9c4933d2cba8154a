// ml_webhook_backfill.cpp - replays webhook deliveries that our receiver
// missed while it was down.  For every hook of the project it pages through the
// delivery log, re-reads each failed RFI event's resource from Procore and
// posts it to the internal event ingest, exactly as the live receiver would.
//
// usage: webhook_backfill <company_id> <project_id> [since ISO-8601]
#include <curl/curl.h>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <list>
#include <memory>
#include <sstream>
#include <string>

namespace {

constexpr const char* kTokenUrl = "https://login.procore.com/oauth/token";
constexpr const char* kApi = "https://api.procore.com/rest/v1.0";
constexpr const char* kRfiApi = "https://us02.procore.com/rest/v1.0/projects/";
constexpr const char* kIngest = "https://events.internal.acme.io/v1/ingest/procore";
constexpr int kPageSize = 100;

enum class Kind { Token, Hooks, Deliveries, Rfi, Ingest };

struct Request {
    Kind kind;
    int hook_id = 0;
    Json::Int64 resource_id = 0;
    int page = 1;
    std::string body;
};

struct Engine;

struct Ctx {
    CURL* easy = nullptr;
    curl_slist* slist = nullptr;
    std::string url;
    std::string resp;
    Request req;
    void (*done)(Engine&, Ctx&, long) = nullptr;
};

struct Engine {
    CURLM* multi = nullptr;
    std::list<Request> queue;
    std::list<std::unique_ptr<Ctx>> live;
    Json::Int64 company_id = 0;
    Json::Int64 project_id = 0;
    std::string since;
    std::string access, refresh;
    bool token_pending = false;
    int replayed = 0;
};

size_t sink(char* p, size_t s, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, s * n);
    return s * n;
}

bool parse(const std::string& text, Json::Value& out) {
    Json::CharReaderBuilder b;
    std::istringstream in(text);
    std::string errs;
    return Json::parseFromStream(b, in, &out, &errs);
}

void onToken(Engine& e, Ctx& c, long code) {
    Json::Value v;
    e.token_pending = false;
    if (code != 200 || !parse(c.resp, v)) {
        std::cerr << "refresh failed: " << code << "\n";
        std::exit(1);
    }
    e.access = v["access_token"].asString();
    e.refresh = v.get("refresh_token", e.refresh).asString();
}

void onHooks(Engine& e, Ctx& c, long code) {
    Json::Value hooks;
    if (code != 200 || !parse(c.resp, hooks)) return;
    for (const auto& h : hooks) {
        Request r{Kind::Deliveries};
        r.hook_id = h["id"].asInt();
        e.queue.push_back(r);
    }
}

void onDeliveries(Engine& e, Ctx& c, long code) {
    Json::Value list;
    if (code != 200 || !parse(c.resp, list)) return;
    for (const auto& d : list) {
        int status = d.get("response_status", 0).asInt();
        if (status >= 200 && status < 300) continue;
        if (d["started_at"].asString() < e.since) continue;
        const Json::Value& ev = d["event"];
        if (ev["resource_name"].asString() != "RFIs" || ev["event_type"].asString() == "delete") continue;
        Request r{Kind::Rfi};
        r.resource_id = ev["resource_id"].asInt64();
        e.queue.push_back(r);
    }
    if (static_cast<int>(list.size()) == kPageSize) {
        Request more = c.req;
        more.page++;
        e.queue.push_back(more);
    }
}

void onRfi(Engine& e, Ctx& c, long code) {
    Json::Value rfi;
    if (code != 200 || !parse(c.resp, rfi)) return;
    Json::Value envelope;
    envelope["source"] = "backfill";
    envelope["company_id"] = e.company_id;
    envelope["project_id"] = e.project_id;
    envelope["resource"] = rfi;
    Request r{Kind::Ingest};
    r.body = Json::writeString(Json::StreamWriterBuilder(), envelope);
    e.queue.push_back(r);
}

void onIngest(Engine& e, Ctx& c, long code) {
    if (code == 202) e.replayed++;
    else std::cerr << "ingest rejected (" << code << "): " << c.resp << "\n";
}

std::unique_ptr<Ctx> build(Engine& e, const Request& r) {
    auto c = std::make_unique<Ctx>();
    c->req = r;
    c->easy = curl_easy_init();
    const std::string pid = std::to_string(e.project_id);
    const std::string company_hdr = "Procore-Company-Id: " + std::to_string(e.company_id);
    switch (r.kind) {
    case Kind::Token:
        c->url = kTokenUrl;
        c->req.body = "grant_type=refresh_token&client_id=" + std::string(std::getenv("PROCORE_CLIENT_ID")) +
                      "&client_secret=" + std::getenv("PROCORE_CLIENT_SECRET") + "&refresh_token=" + e.refresh;
        c->done = onToken;
        break;
    case Kind::Hooks:
        c->url = std::string(kApi) + "/webhooks/hooks?project_id=" + pid;
        c->slist = curl_slist_append(c->slist, company_hdr.c_str());
        c->done = onHooks;
        break;
    case Kind::Deliveries:
        c->url = std::string(kApi) + "/webhooks/hooks/" + std::to_string(r.hook_id) +
                 "/deliveries?project_id=" + pid + "&page=" + std::to_string(r.page) +
                 "&per_page=" + std::to_string(kPageSize);
        c->slist = curl_slist_append(c->slist, ("Procore-CompanyId: " + std::to_string(e.company_id)).c_str());
        c->done = onDeliveries;
        break;
    case Kind::Rfi:
        c->url = kRfiApi + pid + "/rfis/" + std::to_string(r.resource_id);
        c->slist = curl_slist_append(c->slist, company_hdr.c_str());
        c->done = onRfi;
        break;
    case Kind::Ingest:
        c->url = kIngest;
        c->slist = curl_slist_append(c->slist, "Content-Type: application/json");
        c->slist = curl_slist_append(c->slist, ("X-Ingest-Key: " + std::string(std::getenv("INGEST_KEY"))).c_str());
        c->done = onIngest;
        break;
    }
    if (r.kind == Kind::Hooks || r.kind == Kind::Deliveries || r.kind == Kind::Rfi)
        c->slist = curl_slist_append(c->slist, ("Authorization: Bearer " + e.access).c_str());
    if (!c->req.body.empty()) curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, c->req.body.c_str());
    curl_easy_setopt(c->easy, CURLOPT_URL, c->url.c_str());
    curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->slist);
    curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, &c->resp);
    curl_easy_setopt(c->easy, CURLOPT_PRIVATE, c.get());
    return c;
}

void start(Engine& e) {
    while (!e.queue.empty() && e.live.size() < 6) {
        if (e.token_pending && e.queue.front().kind != Kind::Token) break;
        Request r = e.queue.front();
        e.queue.pop_front();
        if (r.kind == Kind::Token) e.token_pending = true;
        e.live.push_back(build(e, r));
        curl_multi_add_handle(e.multi, e.live.back()->easy);
    }
}

void reap(Engine& e, CURLMsg* m) {
    Ctx* raw = nullptr;
    long code = 0;
    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&raw));
    curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &code);
    curl_multi_remove_handle(e.multi, m->easy_handle);
    if (code == 401 && raw->req.kind != Kind::Token && raw->req.kind != Kind::Ingest) {
        e.queue.push_back(raw->req);
        if (!e.token_pending) e.queue.push_front(Request{Kind::Token});
    } else {
        raw->done(e, *raw, code);
    }
    curl_slist_free_all(raw->slist);
    curl_easy_cleanup(raw->easy);
    e.live.remove_if([raw](const std::unique_ptr<Ctx>& p) { return p.get() == raw; });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " <company_id> <project_id> [since]\n";
        return 2;
    }
    Engine e;
    e.company_id = std::stoll(argv[1]);
    e.project_id = std::stoll(argv[2]);
    e.since = argc > 3 ? argv[3] : "1970-01-01T00:00:00Z";
    e.refresh = std::getenv("PROCORE_REFRESH_TOKEN") ? std::getenv("PROCORE_REFRESH_TOKEN") : "";

    curl_global_init(CURL_GLOBAL_DEFAULT);
    e.multi = curl_multi_init();
    e.queue.push_back(Request{Kind::Token});
    e.queue.push_back(Request{Kind::Hooks});
    int running = 0;
    do {
        start(e);
        curl_multi_perform(e.multi, &running);
        int left = 0;
        while (CURLMsg* m = curl_multi_info_read(e.multi, &left))
            if (m->msg == CURLMSG_DONE) reap(e, m);
        if (running) curl_multi_poll(e.multi, nullptr, 0, 1000, nullptr);
    } while (running || !e.live.empty() || !e.queue.empty());
    curl_multi_cleanup(e.multi);
    curl_global_cleanup();
    std::cout << "replayed " << e.replayed << " RFI events\n";
    std::cout << "review hooks: https://app.procore.com/" << e.project_id << "/project/admin/webhooks\n";
    return 0;
}
