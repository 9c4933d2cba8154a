// POCO Foundation, Net, NetSSL and JSON (Poco::URI, Poco::Net::HTTP*, Poco::JSON...): declarations only, a stub for the fuzzer only.
#pragma once
#ifndef MPR_FUZZ_POCO_H
#define MPR_FUZZ_POCO_H

#include <sstream>
#include <string>
#include <vector>

namespace Poco {

typedef signed char Int8; typedef unsigned char UInt8;
typedef signed short Int16; typedef unsigned short UInt16;
typedef signed int Int32; typedef unsigned int UInt32;
typedef signed long Int64; typedef unsigned long UInt64;

template <class C> class AutoPtr {
public:
  AutoPtr();
  AutoPtr(C *ptr);
  AutoPtr(const AutoPtr &ptr);
  ~AutoPtr();
  AutoPtr &operator=(const AutoPtr &ptr);
  C *operator->() const;
  C *get() const;
  bool isNull() const;
  operator bool() const;
};

class ReferenceCounter;
template <class C> class ReleasePolicy;
template <class C, class RC = ReferenceCounter, class RP = ReleasePolicy<C>>
class SharedPtr {
public:
  SharedPtr();
  SharedPtr(C *ptr);
  SharedPtr(const SharedPtr &ptr);
  ~SharedPtr();
  SharedPtr &operator=(const SharedPtr &ptr);
  C *operator->() const;
  C &operator*() const;
  C *get() const;
  bool isNull() const;
  operator bool() const;
};

class URI {
public:
  URI();
  explicit URI(const std::string &uri);
  explicit URI(const char *uri);
  URI(const std::string &scheme, const std::string &pathEtc);
  URI(const std::string &scheme, const std::string &authority, const std::string &pathEtc);
  URI(const std::string &scheme, const std::string &authority, const std::string &path, const std::string &query);
  URI(const URI &uri);
  URI(const URI &baseURI, const std::string &relativeURI);
  ~URI();
  URI &operator=(const URI &uri);
  std::string toString() const;
  const std::string &getScheme() const;
  std::string getAuthority() const;
  const std::string &getHost() const;
  void setHost(const std::string &host);
  unsigned short getPort() const;
  void setPort(unsigned short port);
  const std::string &getPath() const;
  void setPath(const std::string &path);
  std::string getQuery() const;
  void setQuery(const std::string &query);
  void addQueryParameter(const std::string &param, const std::string &val = "");
  std::string getPathAndQuery() const;
};

class StreamCopier {
public:
  static std::streamsize copyStream(std::istream &istr, std::ostream &ostr, std::size_t bufferSize = 8192);
  static std::streamsize copyToString(std::istream &istr, std::string &str, std::size_t bufferSize = 8192);
};

template <typename T, typename... Args>
std::string format(const std::string &fmt, T arg1, Args... args);
template <typename T, typename... Args>
std::string format(const char *fmt, T arg1, Args... args);

namespace Dynamic {
class Var {
public:
  Var();
  template <typename T> Var(const T &val);
  Var(const char *pVal);
  Var(const Var &other);
  ~Var();
  Var &operator=(const Var &other);
  template <typename T> T convert() const;
  template <typename T> operator T() const;
  template <typename T> const T &extract() const;
  bool isEmpty() const;
};
} // namespace Dynamic

namespace JSON {
class Array;
class Object {
public:
  typedef SharedPtr<Object> Ptr;
  explicit Object(int options = 0);
  Object(const Object &copy);
  ~Object();
  Dynamic::Var get(const std::string &key) const;
  SharedPtr<Array> getArray(const std::string &key) const;
  Ptr getObject(const std::string &key) const;
  template <typename T> T getValue(const std::string &key) const;
  template <typename T> T optValue(const std::string &key, const T &def) const;
  bool has(const std::string &key) const;
  void set(const std::string &key, const Dynamic::Var &value);
};
class Array {
public:
  typedef SharedPtr<Array> Ptr;
  Array(int options = 0);
  ~Array();
  Dynamic::Var get(unsigned int index) const;
  Object::Ptr getObject(unsigned int index) const;
  template <typename T> T getElement(unsigned int index) const;
  std::size_t size() const;
};
class Parser {
public:
  Parser();
  virtual ~Parser();
  Dynamic::Var parse(const std::string &json);
  Dynamic::Var parse(std::istream &in);
};
} // namespace JSON

namespace Net {

class NameValueCollection {
public:
  NameValueCollection();
  NameValueCollection(const NameValueCollection &nvc);
  virtual ~NameValueCollection();
  const std::string &operator[](const std::string &name) const;
  void set(const std::string &name, const std::string &value);
  void add(const std::string &name, const std::string &value);
  const std::string &get(const std::string &name) const;
  bool has(const std::string &name) const;
  void erase(const std::string &name);
};

class MessageHeader : public NameValueCollection {
public:
  MessageHeader();
  virtual ~MessageHeader();
};

class HTTPMessage : public MessageHeader {
public:
  void setVersion(const std::string &version);
  void setContentLength(std::streamsize length);
  void setContentType(const std::string &mediaType);
  void setKeepAlive(bool keepAlive);
  static const std::string HTTP_1_0;
  static const std::string HTTP_1_1;
  static const std::string CONTENT_LENGTH;
  static const std::string CONTENT_TYPE;

protected:
  HTTPMessage();
  HTTPMessage(const std::string &version);
  virtual ~HTTPMessage();
};

class HTTPRequest : public HTTPMessage {
public:
  HTTPRequest();
  explicit HTTPRequest(const std::string &version);
  HTTPRequest(const std::string &method, const std::string &uri);
  HTTPRequest(const std::string &method, const std::string &uri, const std::string &version);
  HTTPRequest(const HTTPRequest &other);
  virtual ~HTTPRequest();
  HTTPRequest &operator=(const HTTPRequest &);
  void setMethod(const std::string &method);
  const std::string &getMethod() const;
  void setURI(const std::string &uri);
  const std::string &getURI() const;
  void setHost(const std::string &host);
  void setCredentials(const std::string &scheme, const std::string &authInfo);
  static const std::string HTTP_GET;
  static const std::string HTTP_HEAD;
  static const std::string HTTP_PUT;
  static const std::string HTTP_POST;
  static const std::string HTTP_OPTIONS;
  static const std::string HTTP_DELETE;
  static const std::string HTTP_TRACE;
  static const std::string HTTP_CONNECT;
  static const std::string HTTP_PATCH;
  static const std::string HOST;
  static const std::string AUTHORIZATION;
};

class HTTPResponse : public HTTPMessage {
public:
  enum HTTPStatus { HTTP_OK = 200, HTTP_CREATED = 201, HTTP_NO_CONTENT = 204, HTTP_BAD_REQUEST = 400, HTTP_UNAUTHORIZED = 401, HTTP_FORBIDDEN = 403, HTTP_NOT_FOUND = 404, HTTP_INTERNAL_SERVER_ERROR = 500 };
  HTTPResponse();
  HTTPResponse(HTTPStatus status);
  virtual ~HTTPResponse();
  HTTPStatus getStatus() const;
  const std::string &getReason() const;
};

class HTTPSession {
public:
  enum { HTTP_PORT = 80 };
  void setKeepAlive(bool keepAlive);

protected:
  HTTPSession();
  virtual ~HTTPSession();
};

class HTTPClientSession : public HTTPSession {
public:
  HTTPClientSession();
  HTTPClientSession(const std::string &host, Poco::UInt16 port = HTTPSession::HTTP_PORT);
  virtual ~HTTPClientSession();
  void setHost(const std::string &host);
  const std::string &getHost() const;
  void setPort(Poco::UInt16 port);
  Poco::UInt16 getPort() const;
  virtual std::ostream &sendRequest(HTTPRequest &request);
  virtual std::istream &receiveResponse(HTTPResponse &response);
};

class Context {
public:
  typedef Poco::AutoPtr<Context> Ptr;
  enum Usage { TLS_CLIENT_USE, TLS_SERVER_USE, CLIENT_USE, SERVER_USE, TLSV1_CLIENT_USE, TLSV1_SERVER_USE, TLSV1_1_CLIENT_USE, TLSV1_1_SERVER_USE, TLSV1_2_CLIENT_USE, TLSV1_2_SERVER_USE, TLSV1_3_CLIENT_USE, TLSV1_3_SERVER_USE };
  enum VerificationMode { VERIFY_NONE = 0x00, VERIFY_RELAXED = 0x01, VERIFY_STRICT = 0x01 | 0x02, VERIFY_ONCE = 0x01 | 0x04 };
  Context(Usage usage, const std::string &privateKeyFile, const std::string &certificateFile, const std::string &caLocation, VerificationMode verificationMode = VERIFY_RELAXED, int verificationDepth = 9, bool loadDefaultCAs = false, const std::string &cipherList = "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
  Context(Usage usage, const std::string &caLocation, VerificationMode verificationMode = VERIFY_RELAXED, int verificationDepth = 9, bool loadDefaultCAs = false, const std::string &cipherList = "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
  ~Context();
};

class HTTPSClientSession : public HTTPClientSession {
public:
  enum { HTTPS_PORT = 443 };
  HTTPSClientSession();
  HTTPSClientSession(const std::string &host, Poco::UInt16 port = HTTPS_PORT);
  explicit HTTPSClientSession(Context::Ptr pContext);
  HTTPSClientSession(const std::string &host, Poco::UInt16 port, Context::Ptr pContext);
  ~HTTPSClientSession();
};

class HTMLForm : public NameValueCollection {
public:
  HTMLForm();
  explicit HTMLForm(const std::string &encoding);
  HTMLForm(const HTTPRequest &request, std::istream &requestBody);
  ~HTMLForm();
  void prepareSubmit(HTTPRequest &request, int options = 0);
  void write(std::ostream &ostr, const std::string &boundary);
  void write(std::ostream &ostr);
};

} // namespace Net
} // namespace Poco

#endif // MPR_FUZZ_POCO_H
