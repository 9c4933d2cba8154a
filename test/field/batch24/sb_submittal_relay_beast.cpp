// subrelay: mirrors overdue Procore submittals into the design team's GitHub
// tracker and stamps the tracker link back onto the submittal.
//
//   subrelay <company_id> <project_id> [sandbox]
//
// Plain synchronous Beast; one TLS connection per request is fine at our volume.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

enum Env { ENV_PROD, ENV_SANDBOX, ENV_COUNT };

struct EnvHosts {
    const char *login;
    const char *api;
};

static const EnvHosts kEnv[ENV_COUNT] = {
    {"login.procore.com", "api.procore.com"},
    {"sandbox.procore.com",
     "sandbox.procore.com"},
};

static const char kGithubHost[] = "api.github.com";
static const char kGithubRepo[] = "/repos/acme-design/site-coordination/issues";

struct PendingSubmittal {
    int id;
    uint64_t ball_in_court_id;
    int days_overdue;
    char title[160];
};

static char g_token[256];

static const char *id_str(char *b, size_t cap, long id)
{
    snprintf(b, cap, "%ld", id);
    return b;
}

static int https_call(net::io_context &ioc, ssl::context &tls, const char *host,
                      http::verb verb, const char *target, const char *auth,
                      const std::string &body, const char *ctype,
                      long long company_id, std::string &out)
{
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    tcp::resolver resolver(ioc);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, "443"));
    stream.handshake(ssl::stream_base::client);

    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "subrelay/1.4");
    if (auth && *auth)
        req.set(http::field::authorization, auth);
    if (company_id != 0) {
        char cid[24];
        snprintf(cid, sizeof cid, "%lld", company_id);
        req.set("Procore-Company-Id", cid);
    }
    if (!body.empty()) {
        req.set(http::field::content_type, ctype);
        req.body() = body;
        req.prepare_payload();
    }
    http::write(stream, req);

    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    out = res.body();
    beast::error_code ec;
    stream.shutdown(ec);
    return static_cast<int>(res.result_int());
}

static int parse_pending(const std::string &json, PendingSubmittal *out, int max)
{
    const char *p = json.c_str();
    int n = 0;
    while (n < max && (p = strstr(p, "{\"id\":")) != nullptr) {
        PendingSubmittal &s = out[n];
        if (sscanf(p, "{\"id\":%d", &s.id) != 1)
            break;
        p += 6;
        const char *b = strstr(p, "\"ball_in_court\":[{\"id\":");
        s.ball_in_court_id = b ? strtoull(b + 23, nullptr, 10) : 0;
        const char *d = strstr(p, "\"days_overdue\":");
        s.days_overdue = d ? atoi(d + 15) : 0;
        const char *t = strstr(p, "\"title\":\"");
        s.title[0] = '\0';
        if (t) {
            t += 9;
            size_t k = strcspn(t, "\"");
            if (k >= sizeof s.title)
                k = sizeof s.title - 1;
            memcpy(s.title, t, k);
            s.title[k] = '\0';
        }
        n++;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: subrelay <company_id> <project_id> [sandbox]\n");
        return 2;
    }
    long long company_id = 0;
    sscanf(argv[1], "%lld", &company_id);
    long long project_id = std::strtoll(argv[2], nullptr, 10);
    Env env = (argc > 3 && strcmp(argv[3], "sandbox") == 0) ? ENV_SANDBOX : ENV_PROD;

    net::io_context ioc;
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);

    std::string out;
    char target[384], form[768], auth[300];
    size_t off;

    // refresh the stored token first
    off = (size_t)snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s",
                           getenv("SUBRELAY_REFRESH") ? getenv("SUBRELAY_REFRESH") : "");
    snprintf(form + off, sizeof form - off, "&client_id=%s&client_secret=%s",
             getenv("SUBRELAY_CLIENT_ID"), getenv("SUBRELAY_CLIENT_SECRET"));
    int st = https_call(ioc, tls, kEnv[env].login, http::verb::post, "/oauth/token", nullptr,
                        form, "application/x-www-form-urlencoded", 0, out);
    const char *at = strstr(out.c_str(), "\"access_token\":\"");
    if (st != 200 || !at) {
        fprintf(stderr, "token refresh failed (%d)\n", st);
        return 1;
    }
    at += 16;
    strcpy(auth, "Bearer ");
    strncat(auth, at, strcspn(at, "\""));
    strncpy(g_token, auth, sizeof g_token - 1);

    st = https_call(ioc, tls, kEnv[env].api, http::verb::get, "/rest/v1.0/me", auth, "", nullptr, 0, out);
    if (st != 200)
        return 1;

    snprintf(target, sizeof target,
             "/rest/v1.1/projects/%lld/submittals?filters[overdue]=true&per_page=%d", project_id, 100);
    st = https_call(ioc, tls, kEnv[env].api, http::verb::get, target, auth, "", nullptr, company_id, out);
    static PendingSubmittal subs[100];
    int n = parse_pending(out, subs, 100);

    const char *gh_tok = getenv("GITHUB_TOKEN");
    char gh_auth[128];
    snprintf(gh_auth, sizeof gh_auth, "token %s", gh_tok ? gh_tok : "");

    for (int i = 0; i < n; i++) {
        PendingSubmittal &s = subs[i];
        char uid[24], body[1024], link[256];

        // who holds the ball - resolve to a name for the issue text
        snprintf(target, sizeof target, "/rest/v1.0/companies/%lld/users/%s", company_id,
                 id_str(uid, sizeof uid, (long)s.ball_in_court_id));
        https_call(ioc, tls, kEnv[env].api, http::verb::get, target, auth, "", nullptr, company_id, out);
        const char *nm = strstr(out.c_str(), "\"name\":\"");
        char who[96] = "unknown";
        if (nm) {
            nm += 8;
            size_t k = strcspn(nm, "\"");
            memcpy(who, nm, k < sizeof who - 1 ? k : sizeof who - 1);
            who[k < sizeof who - 1 ? k : sizeof who - 1] = '\0';
        }

        snprintf(link, sizeof link, "https://app.procore.com/%lld/project/submittal_logs/%d",
                 project_id, s.id);
        snprintf(body, sizeof body,
                 "{\"title\":\"[submittal %d] %s\",\"body\":\"%d days overdue, with %s.\\n%s\"}",
                 s.id, s.title, s.days_overdue, who, link);
        st = https_call(ioc, tls, kGithubHost, http::verb::post, kGithubRepo, gh_auth, body,
                        "application/json", 0, out);
        if (st != 201)
            continue;
        int issue_no = atoi(strstr(out.c_str(), "\"number\":") ? strstr(out.c_str(), "\"number\":") + 9 : "0");

        // stamp the tracker reference onto the submittal
        off = (size_t)snprintf(target, sizeof target, "/rest/v1.1/projects/%lld", project_id);
        snprintf(target + off, sizeof target - off, "/submittals/%d", s.id);
        snprintf(body, sizeof body, "{\"submittal\":{\"private\":false,\"description\":"
                 "\"Tracked as design issue #%d\"}}", issue_no);
        st = https_call(ioc, tls, kEnv[env].api, http::verb::patch, target, auth, body,
                        "application/json", 0, out);
        printf("submittal %d -> issue #%d (%d)\n", s.id, issue_no, st);
    }
    return 0;
}
