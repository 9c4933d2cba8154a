// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Wide text in C++: a string class of the program whose variadic Format
// hands its arguments to vswprintf, a hand-written transcoder that copies
// its wide parameter character by character into the text it returns, and
// std::wstring_convert. Also: a row of a constant endpoint table picked by
// the caller's index decides both the path and the header flag.

#include <curl/curl.h>

#include <codecvt>
#include <cstdarg>
#include <cstdint>
#include <cwchar>
#include <locale>
#include <string>

class WideText {
public:
  void Format(const wchar_t *Fmt, ...) {
    wchar_t Buffer[512];
    va_list Args;
    va_start(Args, Fmt);
    vswprintf(Buffer, 512, Fmt, Args);
    va_end(Args);
    Text = Buffer;
  }
  std::string ToUtf8() const {
    std::wstring_convert<std::codecvt_utf8<wchar_t>> Convert;
    return Convert.to_bytes(Text);
  }

private:
  std::wstring Text;
};

// UTF-32 to UTF-8 by hand.
static std::string narrow(const wchar_t *Wide) {
  std::string Out;
  for (; *Wide; ++Wide) {
    unsigned long C = static_cast<unsigned long>(*Wide);
    if (C < 0x80) {
      Out += static_cast<char>(C);
    } else {
      Out += static_cast<char>(0xC0 | (C >> 6));
      Out += static_cast<char>(0x80 | (C & 0x3F));
    }
  }
  return Out;
}

static long send(const std::string &Url, bool Company) {
  CURL *Curl = curl_easy_init();
  curl_slist *Headers = curl_slist_append(nullptr, "Accept: application/json");
  if (Company)
    Headers = curl_slist_append(Headers, "Procore-Company-Id: 42");
  curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Headers);
  return curl_easy_perform(Curl);
}

long rfi(std::int64_t Project, std::int64_t Rfi) {
  WideText Url;
  Url.Format(L"%ls/rest/v1.0/projects/%lld/rfis/%lld", L"https://api.procore.com",
             static_cast<long long>(Project), static_cast<long long>(Rfi));
  return send(Url.ToUtf8(), false);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: sent here
}

long vendors() {
  return send(narrow(L"https://api.procore.com/rest/v1.0/vendors"), false);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-15]]:10: note: sent here
}

long me() { return send(narrow(L"https://api.procore.com/rest/v1.0/me"), false); }

// --- A constant table of endpoints ---------------------------------------------

enum class Endpoint { Me, Rfis, Vendors };

struct Row {
  const char *Path;
  bool NeedsCompany;
};

static const Row Endpoints[] = {
    {"https://api.procore.com/rest/v1.0/me", false},
    {"https://api.procore.com/rest/v1.0/projects/7/rfis", true},
    {"https://api.procore.com/rest/v1.0/vendors", false},
};

long call(Endpoint E) {
  const Row &R = Endpoints[static_cast<int>(E)];
  return send(R.Path, R.NeedsCompany);
}

int main() {
  call(Endpoint::Me);
  call(Endpoint::Rfis);
  call(Endpoint::Vendors);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-45]]:10: note: sent here
}
