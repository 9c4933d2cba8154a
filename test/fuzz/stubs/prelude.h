// A few declarations of the standard library and libcurl, just enough for
// the checks to see strings, containers and requests. The tracing fuzzer
// serves this one file under every header name a fixture includes, so each
// input parses in milliseconds instead of pulling in the real headers.
#pragma once

namespace std {
using size_t = decltype(sizeof 0);

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
  operator basic_string_view<C>() const;
};
using string = basic_string<char>;
template <class C>
basic_string<C> operator+(const basic_string<C> &A, const basic_string<C> &B);
template <class C>
basic_string<C> operator+(const basic_string<C> &A, const C *B);
template <class C>
basic_string<C> operator+(const C *A, const basic_string<C> &B);
string to_string(long long Value);

template <class T> class vector {
public:
  vector();
  void push_back(const T &Value);
  template <class... A> void emplace_back(A &&...Arguments);
  T *begin() const;
  T *end() const;
  size_t size() const;
};

template <class K, class V> struct pair {
  K first;
  V second;
};
template <class K, class V> class map {
public:
  V &operator[](const K &Key);
  template <class... A> void emplace(A &&...Arguments);
  void insert(const pair<K, V> &Entry);
};

class ostringstream {
public:
  ostringstream &operator<<(const char *Text);
  ostringstream &operator<<(const string &Text);
  ostringstream &operator<<(long long Value);
  string str() const;
};
} // namespace std

extern "C" {
int snprintf(char *Buffer, std::size_t Size, const char *Format, ...);
int sprintf(char *Buffer, const char *Format, ...);

typedef void CURL;
struct curl_slist;
typedef enum { CURLE_OK = 0 } CURLcode;
typedef enum {
  CURLOPT_URL = 10002,
  CURLOPT_POSTFIELDS = 10015,
  CURLOPT_HTTPHEADER = 10023,
  CURLOPT_CUSTOMREQUEST = 10036,
  CURLOPT_POST = 47,
} CURLoption;
CURL *curl_easy_init(void);
CURLcode curl_easy_setopt(CURL *Handle, CURLoption Option, ...);
CURLcode curl_easy_perform(CURL *Handle);
void curl_easy_cleanup(CURL *Handle);
struct curl_slist *curl_slist_append(struct curl_slist *List, const char *Line);
}
