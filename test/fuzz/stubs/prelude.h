// A few declarations of the standard library and libcurl, just enough for
// the checks to see strings, containers and requests. The tracing fuzzer
// serves this file under every standard and libcurl header name a seed
// includes (and the library stubs under the names headers.txt lists), so
// each input parses in milliseconds instead of pulling in the real headers.
#pragma once
// Served under many names, each its own file: the guard keeps one copy.
#ifndef MPR_FUZZ_PRELUDE_H
#define MPR_FUZZ_PRELUDE_H

typedef decltype(sizeof 0) size_t;
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
#define NULL __null

namespace std {
using size_t = decltype(sizeof 0);
using nullptr_t = decltype(nullptr);
using ::int8_t;
using ::int16_t;
using ::int32_t;
using ::int64_t;
using ::uint8_t;
using ::uint16_t;
using ::uint32_t;
using ::uint64_t;

template <class T, T V> struct integral_constant {
  static constexpr T value = V;
};
using true_type = integral_constant<bool, true>;
using false_type = integral_constant<bool, false>;
template <class A, class B> struct is_same : false_type {};
template <class A> struct is_same<A, A> : true_type {};
template <class A, class B> inline constexpr bool is_same_v = is_same<A, B>::value;
template <class T> struct remove_reference { using type = T; };
template <class T> struct remove_reference<T &> { using type = T; };
template <class T> struct remove_reference<T &&> { using type = T; };
template <class T> using remove_reference_t = typename remove_reference<T>::type;
template <class T> struct remove_cv { using type = T; };
template <class T> struct remove_cv<const T> { using type = T; };
template <class T> using remove_cv_t = typename remove_cv<T>::type;
template <class T> struct decay { using type = remove_cv_t<remove_reference_t<T>>; };
template <class T> using decay_t = typename decay<T>::type;
template <bool B, class T = void> struct enable_if {};
template <class T> struct enable_if<true, T> { using type = T; };
template <bool B, class T = void> using enable_if_t = typename enable_if<B, T>::type;
template <class T> T &&declval() noexcept;
template <class T> constexpr remove_reference_t<T> &&move(T &&Value) noexcept {
  return static_cast<remove_reference_t<T> &&>(Value);
}
template <class T> constexpr T &&forward(remove_reference_t<T> &Value) noexcept {
  return static_cast<T &&>(Value);
}
template <class T> constexpr T &&forward(remove_reference_t<T> &&Value) noexcept {
  return static_cast<T &&>(Value);
}

template <class E> class initializer_list {
  const E *Begin;
  size_t Size;
  constexpr initializer_list(const E *B, size_t S) : Begin(B), Size(S) {}

public:
  constexpr initializer_list() : Begin(nullptr), Size(0) {}
  constexpr size_t size() const { return Size; }
  constexpr const E *begin() const { return Begin; }
  constexpr const E *end() const { return Begin + Size; }
};

template <class T> struct less {
  bool operator()(const T &A, const T &B) const;
};
template <class C> struct char_traits;
template <class T> class allocator;

template <class C> class basic_string_view {
public:
  basic_string_view();
  basic_string_view(const C *Text);
  const C *data() const;
  size_t size() const;
};
using string_view = basic_string_view<char>;

template <class C> class basic_string {
public:
  using const_iterator = const C *;
  using iterator = C *;
  basic_string();
  basic_string(const C *Text);
  basic_string(const basic_string &Other);
  basic_string(basic_string_view<C> View);
  basic_string &operator=(const basic_string &Other);
  basic_string &operator+=(const basic_string &Other);
  basic_string &operator+=(const C *Text);
  basic_string &append(const basic_string &Other);
  basic_string &append(const C *Text);
  const C *c_str() const;
  const C *data() const;
  size_t size() const;
  bool empty() const;
  void clear();
  operator basic_string_view<C>() const;
};
using string = basic_string<char>;
template <class C>
basic_string<C> operator+(const basic_string<C> &A, const basic_string<C> &B);
template <class C>
basic_string<C> operator+(const basic_string<C> &A, const C *B);
template <class C>
basic_string<C> operator+(const C *A, const basic_string<C> &B);
template <class C>
bool operator==(const basic_string<C> &A, const basic_string<C> &B);
template <class C> bool operator==(const basic_string<C> &A, const C *B);
template <class C> bool operator==(const C *A, const basic_string<C> &B);
template <class C>
bool operator!=(const basic_string<C> &A, const basic_string<C> &B);
template <class C> bool operator!=(const basic_string<C> &A, const C *B);
template <class C> bool operator!=(const C *A, const basic_string<C> &B);
string to_string(long long Value);
double stod(const string &Text, size_t *Index = nullptr);
// The narrow conversions and the wide ones procore-id-width's fixes use.
int stoi(const string &Text, size_t *Index = nullptr, int Base = 10);
long stol(const string &Text, size_t *Index = nullptr, int Base = 10);
long long stoll(const string &Text, size_t *Index = nullptr, int Base = 10);
unsigned long stoul(const string &Text, size_t *Index = nullptr, int Base = 10);
unsigned long long stoull(const string &Text, size_t *Index = nullptr,
                          int Base = 10);

template <class T> class vector {
public:
  using iterator = T *;
  using const_iterator = const T *;
  vector();
  vector(initializer_list<T> Values);
  void push_back(const T &Value);
  template <class... A> void emplace_back(A &&...Arguments);
  T *begin() const;
  T *end() const;
  size_t size() const;
  T &operator[](size_t Index) const;
};

template <class K, class V> struct pair {
  K first;
  V second;
};
template <class K, class V, class Compare = less<K>> class map {
public:
  using iterator = pair<const K, V> *;
  using const_iterator = const pair<const K, V> *;
  map();
  map(initializer_list<pair<const K, V>> Values);
  V &operator[](const K &Key);
  template <class... A> void emplace(A &&...Arguments);
  void insert(const pair<K, V> &Entry);
  iterator begin();
  const_iterator begin() const;
  iterator end();
  const_iterator end() const;
  void clear();
};
template <class K, class V, class Compare = less<K>> class multimap {
public:
  using iterator = pair<const K, V> *;
  using const_iterator = const pair<const K, V> *;
  multimap();
  multimap(initializer_list<pair<const K, V>> Values);
  template <class It> multimap(It First, It Last);
  multimap &operator=(initializer_list<pair<const K, V>> Values);
  template <class... A> iterator emplace(A &&...Arguments);
  iterator insert(const pair<const K, V> &Entry);
  iterator begin();
  const_iterator begin() const;
  iterator end();
  const_iterator end() const;
  void clear();
};

using streamsize = long;
class ostream {
public:
  ostream &operator<<(const char *Text);
  ostream &operator<<(const string &Text);
  ostream &operator<<(long long Value);
};
class istream {
public:
  explicit operator bool() const;
};
istream &getline(istream &In, string &Line, char Delimiter);
istream &getline(istream &In, string &Line);

class ostringstream : public ostream {
public:
  ostringstream &operator<<(const char *Text);
  ostringstream &operator<<(const string &Text);
  ostringstream &operator<<(long long Value);
  string str() const;
};
class istringstream : public istream {
public:
  explicit istringstream(const string &Text);
};

class exception {
public:
  virtual ~exception();
  virtual const char *what() const noexcept;
};
class runtime_error : public exception {
public:
  explicit runtime_error(const string &What);
  explicit runtime_error(const char *What);
};

template <class> class function;
template <class R, class... A> class function<R(A...)> {
public:
  function() noexcept;
  function(nullptr_t) noexcept;
  function(const function &Other);
  template <class F, class = decltype(static_cast<R>(
                         declval<F &>()(declval<A>()...)))>
  function(F Callable) {}
  function &operator=(const function &Other);
  R operator()(A... Arguments) const;
  explicit operator bool() const noexcept;
};

template <class T> struct default_delete {};
template <class T, class D = default_delete<T>> class unique_ptr {
public:
  constexpr unique_ptr() noexcept;
  constexpr unique_ptr(nullptr_t) noexcept;
  explicit unique_ptr(T *Pointer) noexcept;
  unique_ptr(unique_ptr &&Other) noexcept;
  template <class U, class E> unique_ptr(unique_ptr<U, E> &&Other) noexcept;
  unique_ptr(const unique_ptr &) = delete;
  unique_ptr &operator=(unique_ptr &&Other) noexcept;
  ~unique_ptr();
  T &operator*() const;
  T *operator->() const noexcept;
  T *get() const noexcept;
  explicit operator bool() const noexcept;
};
template <class T, class... A> unique_ptr<T> make_unique(A &&...Arguments);

template <class T> class shared_ptr {
public:
  constexpr shared_ptr() noexcept;
  constexpr shared_ptr(nullptr_t) noexcept;
  template <class Y> explicit shared_ptr(Y *Pointer);
  shared_ptr(const shared_ptr &Other) noexcept;
  template <class Y> shared_ptr(const shared_ptr<Y> &Other) noexcept;
  shared_ptr &operator=(const shared_ptr &Other) noexcept;
  ~shared_ptr();
  T &operator*() const noexcept;
  T *operator->() const noexcept;
  T *get() const noexcept;
  explicit operator bool() const noexcept;
};
template <class T, class... A> shared_ptr<T> make_shared(A &&...Arguments);
template <class T> class enable_shared_from_this {
protected:
  constexpr enable_shared_from_this() noexcept;

public:
  shared_ptr<T> shared_from_this();
  shared_ptr<const T> shared_from_this() const;
};

struct nullopt_t {
  explicit constexpr nullopt_t(int) {}
};
inline constexpr nullopt_t nullopt{0};
template <class T> class optional {
public:
  constexpr optional() noexcept;
  constexpr optional(nullopt_t) noexcept;
  optional(const optional &Other);
  template <class U = T,
            class = enable_if_t<!is_same_v<decay_t<U>, optional>>>
  constexpr optional(U &&Value);
  optional &operator=(const optional &Other);
  template <class U = T,
            class = enable_if_t<!is_same_v<decay_t<U>, optional>>>
  optional &operator=(U &&Value);
  constexpr explicit operator bool() const noexcept;
  constexpr bool has_value() const noexcept;
  constexpr T &operator*() &;
  constexpr const T &operator*() const &;
  constexpr T &value() &;
  constexpr const T &value() const &;
  template <class U> constexpr T value_or(U &&Default) const &;
};

template <class... T> class variant {
public:
  constexpr variant();
  variant(const variant &Other);
  template <class U, class = enable_if_t<!is_same_v<decay_t<U>, variant>>>
  constexpr variant(U &&Value);
  variant &operator=(const variant &Other);
  constexpr size_t index() const noexcept;
};
template <class T, class...> struct __first_alternative { using type = T; };
template <class V, class... T>
constexpr auto visit(V &&Visitor, const variant<T...> &Value)
    -> decltype(static_cast<V &&>(Visitor)(
        declval<const typename __first_alternative<T...>::type &>()));
template <class V, class... T>
constexpr auto visit(V &&Visitor, variant<T...> &Value)
    -> decltype(static_cast<V &&>(Visitor)(
        declval<typename __first_alternative<T...>::type &>()));
} // namespace std

#define PRId64 "ld"
#define PRIu64 "lu"
#define SCNd64 "ld"

extern "C" {
int snprintf(char *Buffer, std::size_t Size, const char *Format, ...);
int sprintf(char *Buffer, const char *Format, ...);
int printf(const char *Format, ...);
void *memset(void *Destination, int Byte, std::size_t Size);
char *getenv(const char *Name);
int atoi(const char *Text);
long atol(const char *Text);
long long atoll(const char *Text);
long strtol(const char *Text, char **End, int Base);
long long strtoll(const char *Text, char **End, int Base);
unsigned long strtoul(const char *Text, char **End, int Base);
unsigned long long strtoull(const char *Text, char **End, int Base);

typedef void CURL;
struct curl_slist {
  char *data;
  struct curl_slist *next;
};
typedef enum { CURLE_OK = 0 } CURLcode;
typedef enum { CURLINFO_RESPONSE_CODE = 0x200002 } CURLINFO;
typedef enum {
  CURLOPT_URL = 10002,
  CURLOPT_POSTFIELDS = 10015,
  CURLOPT_HTTPHEADER = 10023,
  CURLOPT_CUSTOMREQUEST = 10036,
  CURLOPT_POST = 47,
  CURLOPT_TIMEOUT = 13,
  CURLOPT_HTTPGET = 80,
} CURLoption;
CURLcode curl_easy_getinfo(CURL *Handle, CURLINFO Info, ...);
void curl_easy_reset(CURL *Handle);
void curl_slist_free_all(struct curl_slist *List);
CURL *curl_easy_init(void);
CURLcode curl_easy_setopt(CURL *Handle, CURLoption Option, ...);
CURLcode curl_easy_perform(CURL *Handle);
void curl_easy_cleanup(CURL *Handle);
struct curl_slist *curl_slist_append(struct curl_slist *List, const char *Line);
}

namespace std {
using ::atoi;
using ::atol;
using ::atoll;
using ::getenv;
using ::strtol;
using ::strtoll;
using ::strtoul;
using ::strtoull;
using ::memset;
using ::printf;
using ::snprintf;
using ::sprintf;
} // namespace std

#endif // MPR_FUZZ_PRELUDE_H
