// cpp-httplib 0.11 (httplib.h): declarations only, a stub for the fuzzer only.
#pragma once
#ifndef MPR_FUZZ_HTTPLIB_H
#define MPR_FUZZ_HTTPLIB_H

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace std {
// <regex>, as far as httplib::Request::matches needs it.
template <class It> class sub_match {
public:
  string str() const;
};
template <class It> class match_results {
public:
  const sub_match<It> &operator[](size_t N) const;
  size_t size() const;
};
using smatch = match_results<string::const_iterator>;
} // namespace std

namespace httplib {

namespace detail {
struct ci {
  bool operator()(const std::string &s1, const std::string &s2) const;
};
} // namespace detail

using Headers = std::multimap<std::string, std::string, detail::ci>;
using Params = std::multimap<std::string, std::string>;
using Match = std::smatch;
using Progress = std::function<bool(uint64_t current, uint64_t total)>;

struct Response;
using ResponseHandler = std::function<bool(const Response &response)>;
using ContentReceiver =
    std::function<bool(const char *data, size_t data_length)>;

class DataSink;
using ContentProvider =
    std::function<bool(size_t offset, size_t length, DataSink &sink)>;
using ContentProviderWithoutLength =
    std::function<bool(size_t offset, DataSink &sink)>;

struct MultipartFormData {
  std::string name;
  std::string content;
  std::string filename;
  std::string content_type;
};
using MultipartFormDataItems = std::vector<MultipartFormData>;

struct Request {
  std::string method;
  std::string path;
  Headers headers;
  std::string body;
  std::string target;
  Params params;
  Match matches;
  Progress progress;

  bool has_header(const std::string &key) const;
  std::string get_header_value(const std::string &key, size_t id = 0) const;
  void set_header(const std::string &key, const std::string &val);
  bool has_param(const std::string &key) const;
  std::string get_param_value(const std::string &key, size_t id = 0) const;
};

struct Response {
  std::string version;
  int status = -1;
  std::string reason;
  Headers headers;
  std::string body;
  std::string location;

  bool has_header(const std::string &key) const;
  std::string get_header_value(const std::string &key, size_t id = 0) const;
  void set_header(const std::string &key, const std::string &val);
  void set_redirect(const std::string &url, int status = 302);
  void set_content(const char *s, size_t n, const std::string &content_type);
  void set_content(const std::string &s, const std::string &content_type);
};

class Server {
public:
  using Handler = std::function<void(const Request &, Response &)>;
  Server();
  virtual ~Server();
  Server &Get(const std::string &pattern, Handler handler);
  Server &Post(const std::string &pattern, Handler handler);
  Server &Put(const std::string &pattern, Handler handler);
  Server &Patch(const std::string &pattern, Handler handler);
  Server &Delete(const std::string &pattern, Handler handler);
  Server &Options(const std::string &pattern, Handler handler);
  Server &set_default_headers(Headers headers);
  bool listen(const char *host, int port, int socket_flags = 0);
  void stop();
};

enum class Error { Success = 0, Unknown, Connection };

class Result {
public:
  Result(std::unique_ptr<Response> &&res, Error err,
         Headers &&request_headers = Headers{});
  operator bool() const;
  bool operator==(std::nullptr_t) const;
  bool operator!=(std::nullptr_t) const;
  const Response &value() const;
  Response &value();
  const Response &operator*() const;
  Response &operator*();
  const Response *operator->() const;
  Response *operator->();
  Error error() const;

private:
  std::unique_ptr<Response> res_;
  Error err_;
  Headers request_headers_;
};

// The verbs of ClientImpl and Client, one macro for the two classes.
#define MPR_FUZZ_HTTPLIB_VERBS                                                 \
  Result Get(const std::string &path);                                         \
  Result Get(const std::string &path, const Headers &headers);                 \
  Result Get(const std::string &path, Progress progress);                      \
  Result Get(const std::string &path, const Headers &headers,                  \
             Progress progress);                                               \
  Result Get(const std::string &path, ContentReceiver content_receiver);       \
  Result Get(const std::string &path, const Headers &headers,                  \
             ContentReceiver content_receiver);                                \
  Result Get(const std::string &path, const Params &params,                    \
             const Headers &headers, Progress progress = nullptr);             \
  Result Head(const std::string &path);                                        \
  Result Head(const std::string &path, const Headers &headers);                \
  Result Post(const std::string &path);                                        \
  Result Post(const std::string &path, const Headers &headers);                \
  Result Post(const std::string &path, const char *body,                       \
              size_t content_length, const std::string &content_type);         \
  Result Post(const std::string &path, const Headers &headers,                 \
              const char *body, size_t content_length,                         \
              const std::string &content_type);                                \
  Result Post(const std::string &path, const std::string &body,                \
              const std::string &content_type);                                \
  Result Post(const std::string &path, const Headers &headers,                 \
              const std::string &body, const std::string &content_type);       \
  Result Post(const std::string &path, const Params &params);                  \
  Result Post(const std::string &path, const Headers &headers,                 \
              const Params &params);                                           \
  Result Post(const std::string &path, const MultipartFormDataItems &items);   \
  Result Post(const std::string &path, const Headers &headers,                 \
              const MultipartFormDataItems &items);                            \
  Result Put(const std::string &path);                                         \
  Result Put(const std::string &path, const std::string &body,                 \
             const std::string &content_type);                                 \
  Result Put(const std::string &path, const Headers &headers,                  \
             const std::string &body, const std::string &content_type);        \
  Result Put(const std::string &path, const Params &params);                   \
  Result Put(const std::string &path, const Headers &headers,                  \
             const Params &params);                                            \
  Result Patch(const std::string &path);                                       \
  Result Patch(const std::string &path, const std::string &body,               \
               const std::string &content_type);                               \
  Result Patch(const std::string &path, const Headers &headers,                \
               const std::string &body, const std::string &content_type);      \
  Result Delete(const std::string &path);                                      \
  Result Delete(const std::string &path, const Headers &headers);              \
  Result Delete(const std::string &path, const std::string &body,              \
                const std::string &content_type);                              \
  Result Delete(const std::string &path, const Headers &headers,               \
                const std::string &body, const std::string &content_type);     \
  Result Options(const std::string &path);                                     \
  Result Options(const std::string &path, const Headers &headers);             \
  bool send(Request &req, Response &res, Error &error);                        \
  Result send(const Request &req);                                             \
  void set_default_headers(Headers headers);                                   \
  void set_basic_auth(const std::string &username,                             \
                      const std::string &password);                            \
  void set_bearer_token_auth(const std::string &token);                        \
  void set_keep_alive(bool on);                                                \
  void set_follow_location(bool on);                                           \
  void set_proxy(const std::string &host, int port);

class ClientImpl {
public:
  explicit ClientImpl(const std::string &host);
  explicit ClientImpl(const std::string &host, int port);
  virtual ~ClientImpl();
  virtual bool is_valid() const;
  MPR_FUZZ_HTTPLIB_VERBS
};

class Client {
public:
  explicit Client(const std::string &scheme_host_port);
  explicit Client(const std::string &host, int port);
  Client(Client &&) = default;
  ~Client();
  bool is_valid() const;
  MPR_FUZZ_HTTPLIB_VERBS

private:
  std::unique_ptr<ClientImpl> cli_;
};

class SSLClient : public ClientImpl {
public:
  explicit SSLClient(const std::string &host);
  explicit SSLClient(const std::string &host, int port);
  ~SSLClient() override;
  bool is_valid() const override;
  void enable_server_certificate_verification(bool enabled);
};

#undef MPR_FUZZ_HTTPLIB_VERBS

} // namespace httplib

#endif // MPR_FUZZ_HTTPLIB_H
