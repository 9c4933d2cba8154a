// C++ REST SDK 2.10 on Linux (cpprest/http_client.h, json.h, uri.h; pplx tasks): declarations only, a stub for the fuzzer only.
#pragma once
#ifndef MPR_FUZZ_CPPREST_H
#define MPR_FUZZ_CPPREST_H

#include <map>
#include <memory>
#include <string>
#include <vector>

#define _XPLATSTR(x) x
#define U(x) _XPLATSTR(x)

namespace utility {
typedef char char_t;
typedef std::string string_t;
typedef std::ostream ostream_t;
typedef std::istream istream_t;
namespace conversions {
inline utility::string_t &&to_string_t(std::string &&s) { return std::move(s); }
inline const utility::string_t &to_string_t(const std::string &s) { return s; }
} // namespace conversions
} // namespace utility
typedef std::string utf8string;

namespace pplx {
enum task_group_status { not_complete, completed, canceled };
typedef task_group_status task_status;
class cancellation_token {
public:
  static cancellation_token none();
};
template <typename _ReturnType> class task;
namespace details {
template <typename _Type> struct _UnwrapTaskType { typedef _Type _Type_t; };
template <typename _Type> struct _UnwrapTaskType<task<_Type>> { typedef _Type _Type_t; };
} // namespace details
template <typename _ReturnType> class task {
public:
  typedef _ReturnType result_type;
  task();
  task(const task &_Other);
  task &operator=(const task &_Other);
  template <typename _Function>
  auto then(const _Function &_Func) const
      -> task<typename details::_UnwrapTaskType<decltype(_Func(std::declval<_ReturnType>()))>::_Type_t> {
    return {};
  }
  task_status wait() const;
  _ReturnType get() const;
};
} // namespace pplx

namespace web {

class uri {
public:
  uri();
  uri(const utility::char_t *uri_string);
  uri(const utility::string_t &uri_string);
  uri(const uri &) = default;
  uri &operator=(const uri &) = default;
  const utility::string_t &host() const;
  const utility::string_t &path() const;
  const utility::string_t &query() const;
  utility::string_t to_string() const;
  static utility::string_t encode_data_string(const utility::string_t &data);
};

class uri_builder {
public:
  uri_builder() = default;
  uri_builder(const uri &uri_str);
  const utility::string_t &query() const;
  uri_builder &set_host(const utility::string_t &host, bool do_encoding = false);
  uri_builder &set_path(const utility::string_t &path, bool do_encoding = false);
  uri_builder &append_path(const utility::string_t &path, bool do_encoding = false);
  uri_builder &append_query(const utility::string_t &query, bool do_encoding = false);
  template <typename T>
  uri_builder &append_query(const utility::string_t &name, const T &value, bool do_encoding = true);
  uri_builder &append(const uri &relative_uri);
  utility::string_t to_string() const;
  uri to_uri() const;
};

namespace json {
class array;
class object;
class number {
public:
  bool is_int32() const;
  bool is_uint32() const;
  bool is_int64() const;
  bool is_uint64() const;
  double to_double() const;
  int32_t to_int32() const;
  uint32_t to_uint32() const;
  int64_t to_int64() const;
  uint64_t to_uint64() const;
};
class value {
public:
  enum value_type { Number, Boolean, String, Object, Array, Null };
  value();
  value(int32_t value);
  value(uint32_t value);
  value(int64_t value);
  value(uint64_t value);
  value(double value);
  explicit value(bool value);
  explicit value(utility::string_t value);
  explicit value(const utility::char_t *value);
  value(const value &);
  value &operator=(const value &);
  static value number(int64_t value);
  static value string(utility::string_t value);
  static value object(bool keep_order = false);
  static value parse(const utility::string_t &value);
  bool is_null() const;
  bool is_integer() const;
  utility::string_t serialize() const;
  double as_double() const;
  int as_integer() const;
  const json::number &as_number() const;
  bool as_bool() const;
  json::array &as_array();
  const json::array &as_array() const;
  const json::object &as_object() const;
  const utility::string_t &as_string() const;
  bool has_field(const utility::string_t &key) const;
  json::value &at(size_t index);
  const json::value &at(size_t index) const;
  json::value &at(const utility::string_t &key);
  const json::value &at(const utility::string_t &key) const;
  value &operator[](const utility::string_t &key);
  value &operator[](size_t index);
};
class array {
  typedef std::vector<json::value> storage_type;

public:
  typedef storage_type::iterator iterator;
  typedef storage_type::const_iterator const_iterator;
  iterator begin();
  const_iterator begin() const;
  iterator end();
  const_iterator end() const;
  json::value &at(size_t index);
  const json::value &at(size_t index) const;
  json::value &operator[](size_t index);
  size_t size() const;
};
class object {
public:
  json::value &at(const utility::string_t &key);
  const json::value &at(const utility::string_t &key) const;
  json::value &operator[](const utility::string_t &key);
  size_t size() const;
};
} // namespace json

namespace http {
typedef utility::string_t method;
typedef unsigned short status_code;
class methods {
public:
  static const method GET;
  static const method POST;
  static const method PUT;
  static const method DEL;
  static const method HEAD;
  static const method OPTIONS;
  static const method TRCE;
  static const method CONNECT;
  static const method MERGE;
  static const method PATCH;
};
class status_codes {
public:
  static const status_code OK;
  static const status_code Unauthorized;
};
class header_names {
public:
  static const utility::string_t accept;
  static const utility::string_t authorization;
  static const utility::string_t content_type;
  static const utility::string_t host;
  static const utility::string_t user_agent;
};

class http_headers {
public:
  typedef utility::string_t key_type;
  http_headers();
  http_headers(const http_headers &other);
  http_headers &operator=(const http_headers &other);
  template <typename _t1> void add(const key_type &name, const _t1 &value);
  void remove(const key_type &name);
  bool has(const key_type &name) const;
  utility::string_t &operator[](const key_type &name);
};

class http_response {
public:
  http_response();
  http::status_code status_code() const;
  http_headers &headers();
  const http_headers &headers() const;
  pplx::task<utility::string_t> extract_string(bool ignore_content_type = false) const;
  pplx::task<json::value> extract_json(bool ignore_content_type = false) const;
};

class http_request {
public:
  http_request();
  http_request(http::method mtd);
  const http::method &method() const;
  void set_method(const http::method &method) const;
  uri request_uri() const;
  void set_request_uri(const uri &uri);
  http_headers &headers();
  const http_headers &headers() const;
  void set_body(const utility::string_t &body_text, const utility::string_t &content_type = utility::string_t("text/plain"));
  void set_body(const json::value &body_data);
  pplx::task<json::value> extract_json(bool ignore_content_type = false) const;
};

class http_pipeline_stage : public std::enable_shared_from_this<http_pipeline_stage> {
public:
  http_pipeline_stage() = default;
  virtual ~http_pipeline_stage() = default;
  virtual pplx::task<http_response> propagate(http_request request) = 0;

protected:
  const std::shared_ptr<http_pipeline_stage> &next_stage() const;
};

namespace client {
class http_client_config {
public:
  http_client_config();
  void set_validate_certificates(bool validate_certs);
};

class http_client {
public:
  http_client(const uri &base_uri);
  http_client(const uri &base_uri, const http_client_config &client_config);
  ~http_client() noexcept;
  const uri &base_uri() const;
  void add_handler(const std::function<pplx::task<http_response>(http_request, std::shared_ptr<http::http_pipeline_stage>)> &handler);
  void add_handler(const std::shared_ptr<http::http_pipeline_stage> &stage);
  pplx::task<http_response> request(http_request request, const pplx::cancellation_token &token = pplx::cancellation_token::none());
  pplx::task<http_response> request(const method &mtd, const pplx::cancellation_token &token = pplx::cancellation_token::none());
  pplx::task<http_response> request(const method &mtd, const utility::string_t &path_query_fragment, const pplx::cancellation_token &token = pplx::cancellation_token::none());
  pplx::task<http_response> request(const method &mtd, const utility::string_t &path_query_fragment, const json::value &body_data, const pplx::cancellation_token &token = pplx::cancellation_token::none());
  pplx::task<http_response> request(const method &mtd, const utf8string &path_query_fragment, const utf8string &body_data, const utf8string &content_type = "text/plain; charset=utf-8", const pplx::cancellation_token &token = pplx::cancellation_token::none());
  pplx::task<http_response> request(const method &mtd, const utf8string &path_query_fragment, const utf8string &body_data, const pplx::cancellation_token &token);
};
} // namespace client
} // namespace http
} // namespace web

#endif // MPR_FUZZ_CPPREST_H
