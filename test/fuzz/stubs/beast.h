// Boost.Beast HTTP over Boost.Asio (boost::beast::http, boost::asio::ip::tcp, asio::ssl), Boost 1.74: declarations only, a stub for the fuzzer only.
#pragma once
#ifndef MPR_FUZZ_BEAST_H
#define MPR_FUZZ_BEAST_H

#include <string>
#include <string_view>

#define BOOST_DO_STRINGIZE(X) #X
#define BOOST_STRINGIZE(X) BOOST_DO_STRINGIZE(X)
#define BOOST_BEAST_VERSION 300
#define BOOST_BEAST_VERSION_STRING "Boost.Beast/" BOOST_STRINGIZE(BOOST_BEAST_VERSION)

// OpenSSL, as far as boost/asio/ssl includes it.
extern "C" {
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
long SSL_ctrl(SSL *ssl, int cmd, long larg, void *parg);
}
#define SSL_CTRL_SET_TLSEXT_HOSTNAME 55
#define TLSEXT_NAMETYPE_host_name 0
#define SSL_set_tlsext_host_name(s, name) SSL_ctrl(s, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)name)

namespace boost {

template <class charT, class traits = std::char_traits<charT>> class basic_string_view {
public:
  typedef std::size_t size_type;
  static constexpr size_type npos = size_type(-1);
  constexpr basic_string_view() noexcept;
  constexpr basic_string_view(const charT *str);
  constexpr basic_string_view(const charT *str, size_type len);
  basic_string_view(const std::basic_string<charT> &str) noexcept;
  explicit operator std::basic_string<charT>() const;
  std::basic_string<charT> to_string() const;
  constexpr const charT *data() const noexcept;
  constexpr size_type size() const noexcept;
  constexpr bool empty() const noexcept;
  constexpr void remove_prefix(size_type n);
  constexpr void remove_suffix(size_type n);
  constexpr basic_string_view substr(size_type pos, size_type n = npos) const;
  constexpr size_type find(basic_string_view s, size_type pos = 0) const noexcept;
  constexpr size_type find(charT c, size_type pos = 0) const noexcept;
  constexpr size_type find(const charT *s, size_type pos = 0) const noexcept;
};
typedef basic_string_view<char> string_view;
template <class charT, class traits> constexpr bool operator==(basic_string_view<charT, traits> x, basic_string_view<charT, traits> y) noexcept;
template <class charT, class traits> constexpr bool operator==(basic_string_view<charT, traits> x, const charT *y) noexcept;
template <class charT, class traits> constexpr bool operator==(const charT *x, basic_string_view<charT, traits> y) noexcept;
template <class charT, class traits> constexpr bool operator!=(basic_string_view<charT, traits> x, basic_string_view<charT, traits> y) noexcept;
template <class charT, class traits> constexpr bool operator!=(basic_string_view<charT, traits> x, const charT *y) noexcept;
template <class charT, class traits> constexpr bool operator!=(const charT *x, basic_string_view<charT, traits> y) noexcept;

namespace system {
class error_code {
public:
  error_code() noexcept;
  std::string message() const;
  explicit operator bool() const noexcept;
};
} // namespace system

namespace asio {
using std::string_view;
class any_io_executor {};
class io_context {
public:
  typedef any_io_executor executor_type;
  io_context();
  executor_type get_executor() noexcept;
  std::size_t run();
};

namespace ip {
template <typename InternetProtocol> class basic_endpoint {
public:
  basic_endpoint() noexcept;
  unsigned short port() const noexcept;
};
template <typename InternetProtocol> class basic_resolver_results {
public:
  typedef typename InternetProtocol::endpoint endpoint_type;
  const endpoint_type *begin() const;
  const endpoint_type *end() const;
  bool empty() const noexcept;
};
template <typename InternetProtocol, typename Executor = any_io_executor> class basic_resolver {
public:
  typedef basic_resolver_results<InternetProtocol> results_type;
  template <typename ExecutionContext> explicit basic_resolver(ExecutionContext &context);
  results_type resolve(string_view host, string_view service);
  results_type resolve(string_view host, string_view service, boost::system::error_code &ec);
  template <typename ResolveHandler>
  void async_resolve(string_view host, string_view service, ResolveHandler &&handler) {}
};
class tcp;
} // namespace ip

template <typename Protocol, typename Executor = any_io_executor> class basic_socket {
public:
  typedef typename Protocol::endpoint endpoint_type;
  template <typename ExecutionContext> explicit basic_socket(ExecutionContext &context);
  void connect(const endpoint_type &peer_endpoint);
};
template <typename Protocol, typename Executor = any_io_executor>
class basic_stream_socket : public basic_socket<Protocol, Executor> {
public:
  template <typename ExecutionContext> explicit basic_stream_socket(ExecutionContext &context);
};

namespace ip {
class tcp {
public:
  typedef basic_endpoint<tcp> endpoint;
  typedef basic_stream_socket<tcp> socket;
  typedef basic_resolver<tcp> resolver;
};
} // namespace ip

template <typename Protocol, typename Executor, typename EndpointSequence>
typename Protocol::endpoint connect(basic_socket<Protocol, Executor> &s, const EndpointSequence &endpoints);

namespace ssl {
class context_base {
public:
  enum method { sslv23, sslv23_client, sslv23_server, tlsv12, tlsv12_client, tlsv12_server, tlsv13, tlsv13_client, tlsv13_server, tls, tls_client, tls_server };
};
typedef int verify_mode;
const int verify_none = 0x00;
const int verify_peer = 0x01;
const int verify_fail_if_no_peer_cert = 0x02;
const int verify_client_once = 0x04;
class context : public context_base {
public:
  explicit context(method m);
  ~context();
  void set_default_verify_paths();
  void set_verify_mode(verify_mode v);
};
class stream_base {
public:
  enum handshake_type { client, server };
};
} // namespace ssl
} // namespace asio

namespace beast {
namespace net = boost::asio;
using error_code = boost::system::error_code;
using string_view = boost::string_view;

class unlimited_rate_policy {};
template <class Protocol, class Executor = net::any_io_executor, class RatePolicy = unlimited_rate_policy>
class basic_stream {
public:
  typedef typename Protocol::socket socket_type;
  typedef typename Protocol::endpoint endpoint_type;
  template <class... Args> explicit basic_stream(Args &&...args);
  socket_type &socket() noexcept;
  void connect(const endpoint_type &ep);
  template <class EndpointSequence> typename Protocol::endpoint connect(const EndpointSequence &endpoints);
  template <class EndpointSequence, class RangeConnectHandler>
  void async_connect(const EndpointSequence &endpoints, RangeConnectHandler &&handler) {}
  void close();
};
using tcp_stream = basic_stream<net::ip::tcp, net::any_io_executor, unlimited_rate_policy>;

template <class NextLayer> class ssl_stream : public net::ssl::stream_base {
public:
  template <class Arg> ssl_stream(Arg &&arg, net::ssl::context &ctx);
  SSL *native_handle();
  NextLayer &next_layer() noexcept;
  void handshake(handshake_type type);
  void shutdown();
};

template <class T> struct lowest_layer_type_impl { using type = T; };
template <class N> struct lowest_layer_type_impl<ssl_stream<N>> { using type = typename lowest_layer_type_impl<N>::type; };
template <class T> using lowest_layer_type = typename lowest_layer_type_impl<T>::type;
template <class T> lowest_layer_type<T> &get_lowest_layer(T &t) noexcept;

template <class Allocator> class basic_flat_buffer {
public:
  basic_flat_buffer() noexcept;
};
using flat_buffer = basic_flat_buffer<std::allocator<char>>;
class multi_buffer {
public:
  multi_buffer() noexcept;
};

namespace http {
enum class verb { unknown = 0, delete_, get, head, post, put, connect, options, trace, copy, lock, mkcol, move, propfind, proppatch, search, unlock, bind, rebind, unbind, acl, report, mkactivity, checkout, merge, msearch, notify, subscribe, unsubscribe, patch, purge, mkcalendar, link, unlink };
enum class field : unsigned short { unknown = 0, accept, accept_charset, accept_encoding, accept_language, authorization, cache_control, connection, content_encoding, content_length, content_type, cookie, date, expect, host, if_none_match, location, origin, proxy_authorization, referer, server, set_cookie, transfer_encoding, user_agent, www_authenticate };
enum class status : unsigned { unknown = 0, ok = 200, created = 201, no_content = 204, bad_request = 400, unauthorized = 401, forbidden = 403, not_found = 404, internal_server_error = 500 };

template <class Allocator> class basic_fields {
public:
  basic_fields() = default;
  string_view at(field name) const;
  string_view at(string_view name) const;
  string_view operator[](field name) const;
  string_view operator[](string_view name) const;
  void insert(field name, const string_view &value);
  void insert(string_view name, const string_view &value);
  void set(field name, const string_view &value);
  void set(string_view name, const string_view &value);
  std::size_t erase(field name);
  std::size_t erase(string_view name);
};
using fields = basic_fields<std::allocator<char>>;

template <bool isRequest, class Fields = fields> class header;
template <class Fields> class header<true, Fields> : public Fields {
public:
  header() = default;
  unsigned version() const noexcept;
  void version(unsigned value) noexcept;
  verb method() const;
  void method(verb v);
  string_view target() const;
  void target(string_view s);
};
template <class Fields> class header<false, Fields> : public Fields {
public:
  header() = default;
  unsigned version() const noexcept;
  void version(unsigned value) noexcept;
  status result() const;
  void result(status v);
};

template <bool isRequest, class Body, class Fields = fields> class message : public header<isRequest, Fields> {
public:
  using header_type = header<isRequest, Fields>;
  using body_type = Body;
  message() = default;
  template <class Version, class = std::enable_if_t<isRequest && sizeof(Version) != 0>>
  message(verb method, string_view target, Version version);
  template <class Version, class BodyArg, class = std::enable_if_t<isRequest && sizeof(Version) != 0>>
  message(verb method, string_view target, Version version, BodyArg &&body_arg);
  template <class Version, class = std::enable_if_t<!isRequest && sizeof(Version) != 0>>
  message(status result, Version version);
  header_type const &base() const;
  header_type &base();
  void keep_alive(bool value);
  void prepare_payload();
  typename Body::value_type &body() & noexcept;
  typename Body::value_type const &body() const & noexcept;
};
template <class Body, class Fields = fields> using request = message<true, Body, Fields>;
template <class Body, class Fields = fields> using response = message<false, Body, Fields>;

template <class CharT, class Traits = std::char_traits<CharT>, class Allocator = std::allocator<CharT>>
struct basic_string_body {
  using value_type = std::basic_string<CharT>;
};
using string_body = basic_string_body<char>;
struct empty_body {
  struct value_type {};
};
template <class DynamicBuffer> struct basic_dynamic_body {
  using value_type = DynamicBuffer;
};
using dynamic_body = basic_dynamic_body<multi_buffer>;

template <class SyncWriteStream, bool isRequest, class Body, class Fields>
std::size_t write(SyncWriteStream &stream, const message<isRequest, Body, Fields> &msg);
template <class SyncWriteStream, bool isRequest, class Body, class Fields>
std::size_t write(SyncWriteStream &stream, const message<isRequest, Body, Fields> &msg, error_code &ec);
template <class AsyncWriteStream, bool isRequest, class Body, class Fields, class WriteHandler>
void async_write(AsyncWriteStream &stream, const message<isRequest, Body, Fields> &msg, WriteHandler &&handler) {}
template <class SyncReadStream, class DynamicBuffer, bool isRequest, class Body, class Allocator>
std::size_t read(SyncReadStream &stream, DynamicBuffer &buffer, message<isRequest, Body, basic_fields<Allocator>> &msg);
template <class AsyncReadStream, class DynamicBuffer, bool isRequest, class Body, class Allocator, class ReadHandler>
void async_read(AsyncReadStream &stream, DynamicBuffer &buffer, message<isRequest, Body, basic_fields<Allocator>> &msg, ReadHandler &&handler) {}
} // namespace http
} // namespace beast
} // namespace boost

#endif // MPR_FUZZ_BEAST_H
