// meeting_minutes_export: sandbox tool that signs in with an authorization
// code, lists a project's meetings and dumps topics into a minutes digest
// that is posted to the team's chat webhook.
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

using json = nlohmann::json;

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

struct Origin {
  std::string_view scheme_host;
};
inline std::string operator+(Origin o, std::string_view path) {
  std::string url(o.scheme_host);
  url.append(path);
  return url;
}

// Developer sandbox
constexpr Origin kSandboxApi{"https://sandbox.procore.com"};
constexpr Origin kSandboxAuth{"https://sandbox.procore.com"};
constexpr Origin kChat{"https://hooks.chat.example.net"};

struct ExchangeCode {
  std::string code;
  std::string redirect_uri;
};
struct GetMe {};
struct ListMeetings {
  std::int64_t project_id;
};
struct GetMeeting {
  std::int64_t project_id;
  std::int64_t meeting_id;
};
struct ListMeetingTopics {
  std::int64_t project_id;
  std::int64_t meeting_id;
};
struct PostDigest {
  std::string text;
};

using Request =
    std::variant<ExchangeCode, GetMe, ListMeetings, GetMeeting, ListMeetingTopics, PostDigest>;

struct Context {
  std::string client_id;
  std::string client_secret;
  std::string token;
  std::optional<std::int64_t> company_id;
};

using Headers = std::map<std::string, std::string>;

Headers bearer(const Context &ctx) { return {{"Authorization", "Bearer " + ctx.token}}; }

Headers company_scoped(const Context &ctx) {
  Headers h = bearer(ctx);
  if (ctx.company_id) h["Procore-Company-Id"] = std::to_string(*ctx.company_id);
  return h;
}

struct Call {
  std::string url;
  Headers headers;
  std::optional<std::string> post_body;
};

Call build(const Request &req, const Context &ctx) {
  return std::visit(
      overloaded{
          [&](const ExchangeCode &r) -> Call {
            json b{{"grant_type", "authorization_code"}, {"code", r.code},
                   {"client_id", ctx.client_id}, {"client_secret", ctx.client_secret},
                   {"redirect_uri", r.redirect_uri}};
            return {kSandboxAuth + "/oauth/token", {{"Content-Type", "application/json"}}, b.dump()};
          },
          [&](const GetMe &) -> Call {
            return {kSandboxApi + "/rest/v1.0/me", bearer(ctx), std::nullopt};
          },
          [&](const ListMeetings &r) -> Call {
            return {kSandboxApi + "/rest/v1.0/meetings?project_id=" + std::to_string(r.project_id),
                    company_scoped(ctx), std::nullopt};
          },
          [&](const GetMeeting &r) -> Call {
            return {kSandboxApi + "/rest/v1.0/meetings/" + std::to_string(r.meeting_id) +
                        "?project_id=" + std::to_string(r.project_id),
                    company_scoped(ctx), std::nullopt};
          },
          [&](const ListMeetingTopics &r) -> Call {
            return {kSandboxApi + "/rest/v1.0/meeting_topics?project_id=" +
                        std::to_string(r.project_id) + "&meeting_id=" + std::to_string(r.meeting_id),
                    bearer(ctx), std::nullopt};
          },
          [&](const PostDigest &r) -> Call {
            json b{{"text", r.text}};
            return {kChat + "/services/minutes", {{"Content-Type", "application/json"}}, b.dump()};
          },
      },
      req);
}

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata) {
  static_cast<std::string *>(userdata)->append(ptr, size * nmemb);
  return size * nmemb;
}

struct Reply {
  long status = 0;
  std::string body;
};

std::optional<Reply> send(const Request &req, const Context &ctx) {
  auto [url, headers, post_body] = build(req, ctx);
  CURL *curl = curl_easy_init();
  if (!curl) return std::nullopt;

  curl_slist *list = nullptr;
  for (const auto &[name, value] : headers)
    list = curl_slist_append(list, (name + ": " + value).c_str());

  Reply reply;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  if (post_body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->c_str());

  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    std::fprintf(stderr, "request to %s failed: %s\n", url.c_str(), curl_easy_strerror(rc));
    return std::nullopt;
  }
  return reply;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <auth_code> <company_id> <project_id>\n", argv[0]);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);

  Context ctx;
  ctx.client_id = std::getenv("PROCORE_CLIENT_ID") ? std::getenv("PROCORE_CLIENT_ID") : "";
  ctx.client_secret = std::getenv("PROCORE_CLIENT_SECRET") ? std::getenv("PROCORE_CLIENT_SECRET") : "";
  ctx.company_id = std::strtoll(argv[2], nullptr, 10);
  const std::int64_t project_id = std::strtoll(argv[3], nullptr, 10);

  auto tok = send(ExchangeCode{argv[1], "urn:ietf:wg:oauth:2.0:oob"}, ctx);
  if (!tok || tok->status != 200) return 1;
  ctx.token = json::parse(tok->body).at("access_token").get<std::string>();

  if (auto me = send(GetMe{}, ctx); me && me->status == 200) {
    auto who = json::parse(me->body);
    std::printf("signed in as %s (user %" PRId64 ")\n", who.value("login", "?").c_str(),
                who.value("id", std::int64_t{0}));
  }

  auto meetings = send(ListMeetings{project_id}, ctx);
  if (!meetings || meetings->status != 200) return 1;

  std::string digest;
  int meeting_count = 0;
  for (const auto &m : json::parse(meetings->body)) {
    const std::int64_t meeting_id = m.at("id").get<std::int64_t>();
    ++meeting_count;

    auto detail = send(GetMeeting{project_id, meeting_id}, ctx);
    if (!detail || detail->status != 200) continue;
    auto info = json::parse(detail->body);
    char line[256];
    std::snprintf(line, sizeof line, "meeting %d: %s\n", static_cast<int>(meeting_id),
                  info.value("title", "").c_str());
    digest += line;

    auto topics = send(ListMeetingTopics{project_id, meeting_id}, ctx);
    if (!topics || topics->status != 200) continue;
    for (const auto &t : json::parse(topics->body))
      digest += "  - " + t.value("title", std::string{}) + "\n";
  }

  std::printf("%d meetings exported\n", meeting_count);
  if (auto posted = send(PostDigest{digest}, ctx); !posted || posted->status >= 300)
    std::fprintf(stderr, "chat webhook rejected digest\n");

  curl_global_cleanup();
  return 0;
}
