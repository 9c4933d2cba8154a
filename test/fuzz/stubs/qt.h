// Qt 5 Core and Network (QString, QUrl, QNetworkAccessManager, QJson*...): declarations only, a stub for the fuzzer only.
#pragma once
#ifndef MPR_FUZZ_QT_H
#define MPR_FUZZ_QT_H

#include <string>

typedef signed char qint8; typedef unsigned char quint8;
typedef short qint16; typedef unsigned short quint16;
typedef int qint32; typedef unsigned int quint32;
typedef long long qint64; typedef unsigned long long quint64;
typedef qint64 qlonglong; typedef quint64 qulonglong;
typedef unsigned char uchar; typedef unsigned short ushort;
typedef unsigned int uint; typedef unsigned long ulong;

template <typename Enum> class QFlags {
public:
  constexpr QFlags() noexcept;
  constexpr QFlags(Enum flags) noexcept;
  constexpr operator int() const noexcept;
};

class QByteArray;
class QUrlQuery;
class QVariant;

class QChar {
public:
  constexpr QChar() noexcept;
  constexpr QChar(char16_t ch) noexcept;
  constexpr QChar(char ch) noexcept;
};
class QLatin1Char {
public:
  constexpr explicit QLatin1Char(char c) noexcept;
  constexpr operator QChar() const noexcept;
};
class QLatin1String {
public:
  constexpr explicit QLatin1String(const char *s) noexcept;
  constexpr QLatin1String(const char *s, int size) noexcept;
  constexpr const char *latin1() const noexcept;
};

class QString {
public:
  QString() noexcept; QString(const QChar *unicode, int size = -1);
  QString(QChar c); QString(QLatin1String latin1);
  QString(const QString &other) noexcept; QString(const char *ch);
  QString(const QByteArray &a);
  QString &operator=(const QString &other) noexcept;
  QString &operator+=(const QString &s);
  QString &append(const QString &s);
  bool isEmpty() const;
  QString arg(qlonglong a, int fieldwidth = 0, int base = 10, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(qulonglong a, int fieldwidth = 0, int base = 10, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(long a, int fieldwidth = 0, int base = 10, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(ulong a, int fieldwidth = 0, int base = 10, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(int a, int fieldWidth = 0, int base = 10, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(uint a, int fieldWidth = 0, int base = 10, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(double a, int fieldWidth = 0, char fmt = 'g', int prec = -1, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(const QString &a, int fieldWidth = 0, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(QLatin1String a, int fieldWidth = 0, QChar fillChar = QLatin1Char(' ')) const;
  QString arg(const QString &a1, const QString &a2) const;
  static QString asprintf(const char *format, ...);
  int toInt(bool *ok = nullptr, int base = 10) const; uint toUInt(bool *ok = nullptr, int base = 10) const;
  long toLong(bool *ok = nullptr, int base = 10) const; qlonglong toLongLong(bool *ok = nullptr, int base = 10) const;
  qulonglong toULongLong(bool *ok = nullptr, int base = 10) const; double toDouble(bool *ok = nullptr) const;
  static QString number(int, int base = 10); static QString number(uint, int base = 10);
  static QString number(long, int base = 10); static QString number(ulong, int base = 10);
  static QString number(qlonglong, int base = 10); static QString number(qulonglong, int base = 10);
  static QString number(double, char f = 'g', int prec = 6);
  QByteArray toUtf8() const;
  static QString fromUtf8(const char *str, int size = -1);
  static QString fromUtf16(const char16_t *str, int size = -1);
  static QString fromStdString(const std::string &s);
  std::string toStdString() const;
};
const QString operator+(const QString &s1, const QString &s2);
const QString operator+(const QString &s1, const char *s2); const QString operator+(const char *s1, const QString &s2);
const QString operator+(const QString &s1, QChar s2); const QString operator+(QChar s1, const QString &s2);
bool operator==(const QString &s1, const QString &s2) noexcept;

// An immediately called lambda around a UTF-16 literal, as in Qt 5.
#define QT_UNICODE_LITERAL(str) u"" str
#define QStringLiteral(str)                                                    \
  ([]() noexcept -> QString {                                                  \
    return QString::fromUtf16(QT_UNICODE_LITERAL(str),                         \
                              int(sizeof(QT_UNICODE_LITERAL(str)) / 2 - 1));   \
  }())

class QByteArray {
public:
  QByteArray() noexcept;
  QByteArray(const char *data, int size = -1);
  QByteArray(const QByteArray &other) noexcept;
  QByteArray &operator=(const QByteArray &other) noexcept;
  bool isEmpty() const;
  int toInt(bool *ok = nullptr, int base = 10) const; uint toUInt(bool *ok = nullptr, int base = 10) const;
  qlonglong toLongLong(bool *ok = nullptr, int base = 10) const; qulonglong toULongLong(bool *ok = nullptr, int base = 10) const;
  static QByteArray number(int, int base = 10); static QByteArray number(uint, int base = 10);
  static QByteArray number(qlonglong, int base = 10); static QByteArray number(qulonglong, int base = 10);
  static QByteArray number(double, char f = 'g', int prec = 6);
  static QByteArray fromStdString(const std::string &s);
  std::string toStdString() const;
};
const QByteArray operator+(const QByteArray &a1, const QByteArray &a2);
const QByteArray operator+(const QByteArray &a1, const char *a2); const QByteArray operator+(const char *a1, const QByteArray &a2);
#define QByteArrayLiteral(str)                                                 \
  ([]() -> QByteArray { return QByteArray(str, int(sizeof(str) - 1)); }())

template <class T1, class T2> struct QPair {
  constexpr QPair();
  constexpr QPair(const T1 &t1, const T2 &t2);
  T1 first;
  T2 second;
};
template <class T1, class T2> constexpr QPair<T1, T2> qMakePair(const T1 &x, const T2 &y);

template <typename T> class QList {
public:
  typedef T *iterator;
  typedef const T *const_iterator;
  QList() noexcept;
  QList(std::initializer_list<T> args);
  void append(const T &t); void prepend(const T &t);
  void push_back(const T &t); int size() const;
  const T &at(int i) const;
  const_iterator begin() const;
  const_iterator end() const;
};
template <class Key, class T> class QMap {
public:
  void insert(const Key &key, const T &value);
  const T value(const Key &key, const T &defaultValue = T()) const;
  T &operator[](const Key &key);
};
template <class Key, class T> class QHash {
public:
  void insert(const Key &key, const T &value);
  const T value(const Key &key) const;
  T &operator[](const Key &key);
};

class QVariant {
public:
  QVariant() noexcept;
  QVariant(int i); QVariant(uint ui); QVariant(qlonglong ll); QVariant(qulonglong ull);
  QVariant(bool b); QVariant(double d); QVariant(const char *str);
  QVariant(const QByteArray &bytearray); QVariant(const QString &string);
  int toInt(bool *ok = nullptr) const; uint toUInt(bool *ok = nullptr) const;
  qlonglong toLongLong(bool *ok = nullptr) const; qulonglong toULongLong(bool *ok = nullptr) const;
  QString toString() const;
};

class QMessageLogger {
public:
  constexpr QMessageLogger(const char *file, int line, const char *function);
  void debug(const char *msg, ...) const;
  void warning(const char *msg, ...) const;
};
#define qDebug QMessageLogger(nullptr, 0, nullptr).debug
#define qWarning QMessageLogger(nullptr, 0, nullptr).warning

class QJsonArray;
class QJsonObject;
class QJsonValue {
public:
  enum Type { Null = 0x0, Bool = 0x1, Double = 0x2, String = 0x3, Array = 0x4, Object = 0x5, Undefined = 0x80 };
  QJsonValue(Type = Null); QJsonValue(bool b); QJsonValue(double n); QJsonValue(int n);
  QJsonValue(qint64 v); QJsonValue(const QString &s); QJsonValue(const char *s);
  QJsonValue(const QJsonArray &a); QJsonValue(const QJsonObject &o);
  QJsonValue(const QJsonValue &other);
  QVariant toVariant() const; int toInt(int defaultValue = 0) const;
  double toDouble(double defaultValue = 0) const; QString toString() const;
  QJsonArray toArray() const; QJsonObject toObject() const;
};
class QJsonValueRef {
public:
  operator QJsonValue() const;
  QJsonValueRef &operator=(const QJsonValue &val);
  QVariant toVariant() const; int toInt() const; double toDouble() const; QString toString() const;
  QJsonObject toObject() const;
};
class QJsonObject {
public:
  QJsonObject();
  QJsonValue value(const QString &key) const;
  QJsonValue operator[](const QString &key) const;
  QJsonValueRef operator[](const QString &key);
  QJsonValue value(QLatin1String key) const;
  QJsonValue operator[](QLatin1String key) const;
  QJsonValueRef operator[](QLatin1String key);
};
class QJsonArray {
public:
  class const_iterator {
  public:
    QJsonValue operator*() const;
    const_iterator &operator++();
    bool operator!=(const const_iterator &o) const;
  };
  QJsonArray();
  int size() const;
  const_iterator begin() const;
  const_iterator end() const;
};
class QJsonDocument {
public:
  static QJsonDocument fromJson(const QByteArray &json, void *error = nullptr);
  QJsonObject object() const;
  QJsonArray array() const;
};

class QObject {
public:
  explicit QObject(QObject *parent = nullptr);
  virtual ~QObject();
};
class QIODevice : public QObject {
public:
  QByteArray readAll();
};
class QHttpMultiPart;

class QUrl {
public:
  enum ParsingMode { TolerantMode, StrictMode, DecodedMode };
  enum ComponentFormattingOption {
    PrettyDecoded = 0x000000, EncodeSpaces = 0x100000, EncodeUnicode = 0x200000,
    EncodeDelimiters = 0x400000 | 0x800000, EncodeReserved = 0x1000000, DecodeReserved = 0x2000000,
    FullyEncoded = EncodeSpaces | EncodeUnicode | EncodeDelimiters | EncodeReserved,
    FullyDecoded = FullyEncoded | DecodeReserved | 0x4000000
  };
  typedef QFlags<ComponentFormattingOption> ComponentFormattingOptions;
  QUrl(); QUrl(const QUrl &copy);
  QUrl(const QString &url, ParsingMode mode = TolerantMode);
  QUrl &operator=(const QUrl &url);
  QString toString(ComponentFormattingOptions options = PrettyDecoded) const;
  static QUrl fromUserInput(const QString &userInput);
  void setScheme(const QString &scheme);
  void setHost(const QString &host, ParsingMode mode = DecodedMode);
  QString host(ComponentFormattingOptions = FullyDecoded) const;
  void setPort(int port);
  void setPath(const QString &path, ParsingMode mode = DecodedMode);
  QString path(ComponentFormattingOptions options = FullyDecoded) const;
  void setQuery(const QString &query, ParsingMode mode = TolerantMode);
  void setQuery(const QUrlQuery &query);
  QUrl resolved(const QUrl &relative) const;
};
class QUrlQuery {
public:
  QUrlQuery();
  explicit QUrlQuery(const QString &queryString);
  void addQueryItem(const QString &key, const QString &value);
  QString toString(QUrl::ComponentFormattingOptions encoding = QUrl::PrettyDecoded) const;
};

class QNetworkRequest {
public:
  enum KnownHeaders { ContentTypeHeader, ContentLengthHeader, LocationHeader, LastModifiedHeader, CookieHeader, SetCookieHeader, ContentDispositionHeader, UserAgentHeader, ServerHeader };
  QNetworkRequest();
  explicit QNetworkRequest(const QUrl &url);
  QNetworkRequest(const QNetworkRequest &other);
  QNetworkRequest &operator=(const QNetworkRequest &other);
  QUrl url() const;
  void setUrl(const QUrl &url);
  void setHeader(KnownHeaders header, const QVariant &value);
  QByteArray rawHeader(const QByteArray &headerName) const;
  void setRawHeader(const QByteArray &headerName, const QByteArray &value);
};
class QNetworkReply : public QIODevice {};
class QNetworkAccessManager : public QObject {
public:
  explicit QNetworkAccessManager(QObject *parent = nullptr);
  QNetworkReply *head(const QNetworkRequest &request);
  QNetworkReply *get(const QNetworkRequest &request);
  QNetworkReply *post(const QNetworkRequest &request, QIODevice *data);
  QNetworkReply *post(const QNetworkRequest &request, const QByteArray &data);
  QNetworkReply *put(const QNetworkRequest &request, QIODevice *data);
  QNetworkReply *put(const QNetworkRequest &request, const QByteArray &data);
  QNetworkReply *deleteResource(const QNetworkRequest &request);
  QNetworkReply *sendCustomRequest(const QNetworkRequest &request, const QByteArray &verb, QIODevice *data = nullptr);
  QNetworkReply *sendCustomRequest(const QNetworkRequest &request, const QByteArray &verb, const QByteArray &data);
  QNetworkReply *post(const QNetworkRequest &request, QHttpMultiPart *multiPart);
  QNetworkReply *put(const QNetworkRequest &request, QHttpMultiPart *multiPart);
};

#endif // MPR_FUZZ_QT_H
