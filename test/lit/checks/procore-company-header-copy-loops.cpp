// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_flags

// A transport that copies the caller's headers one at a time (a range-for
// over pairs or name and value records, a NULL-terminated array indexed by
// the loop's counter, a curl_slist walked node by node) sends what the
// caller's list holds, read where the caller builds it. A loop that may
// skip an element, or a list handed to code the analysis cannot see, stays
// unknown.

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkRequest>
#include <curl/curl.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

void pocoSend(const std::string &Path, const HeaderList &Headers) {
  Poco::Net::HTTPSClientSession Session("api.procore.com", 443);
  Poco::Net::HTTPRequest Request("GET", Path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto &[Name, Value] : Headers)
    Request.set(Name, Value);
  Session.sendRequest(Request);
}

HeaderList baseHeaders(const std::string &Token) {
  HeaderList Headers;
  Headers.emplace_back("Authorization", "Bearer " + Token);
  return Headers;
}

HeaderList companyHeaders(const std::string &Token, long long Company) {
  HeaderList Headers = baseHeaders(Token);
  Headers.emplace_back("Procore-Company-Id", std::to_string(Company));
  return Headers;
}

void pairsFromHelpers(const std::string &Token) {
  pocoSend("/rest/v1.0/projects/1/rfis", companyHeaders(Token, 8));
  pocoSend("/rest/v1.0/projects/1/rfis", baseHeaders(Token));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/1/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-19]]:3: note: sent here
}

// A NULL-terminated array of header lines, copied by index.
int curlGet(const char *Url, const char **ExtraHeaders) {
  curl_slist *Lines = curl_slist_append(nullptr, "Authorization: Bearer t");
  for (int I = 0; ExtraHeaders[I] != nullptr; ++I)
    Lines = curl_slist_append(Lines, ExtraHeaders[I]);
  CURL *Handle = curl_easy_init();
  curl_easy_setopt(Handle, CURLOPT_URL, Url);
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Lines);
  return curl_easy_perform(Handle);
}

void nullTerminatedArrays() {
  const char *Scoped[] = {"Accept: application/json", "Procore-Company-Id: 8",
                          NULL};
  curlGet("https://api.procore.com/rest/v1.0/projects/2/users", Scoped);
  const char *Plain[] = {"Accept: application/json", NULL};
  curlGet("https://api.procore.com/rest/v1.0/projects/2/users", Plain);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/2/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-10]]:10: note: sent here
}

// A curl_slist the caller builds, walked node by node.
long curlPerform(const char *Url, curl_slist *Extra) {
  curl_slist *Lines = curl_slist_append(nullptr, "Authorization: Bearer t");
  for (curl_slist *Node = Extra; Node; Node = Node->next)
    Lines = curl_slist_append(Lines, Node->data);
  CURL *Handle = curl_easy_init();
  curl_easy_setopt(Handle, CURLOPT_URL, Url);
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Lines);
  return curl_easy_perform(Handle);
}

void walkedLists() {
  curl_slist *Scoped = curl_slist_append(nullptr, "Procore-Company-Id: 8");
  curlPerform("https://api.procore.com/rest/v1.0/projects/3/users", Scoped);
  curlPerform("https://api.procore.com/rest/v1.0/projects/3/users",
              curl_slist_append(nullptr, "Accept: application/json"));
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/projects/3/users' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: sent here
}

// Name and value records in a request struct, joined into lines.
struct Header {
  std::string Name;
  std::string Value;
};
struct Request {
  std::string Url;
  std::vector<Header> Headers;
};

Request withHeader(Request R, std::string Name, std::string Value) {
  R.Headers.push_back({std::move(Name), std::move(Value)});
  return R;
}

long perform(const Request &R) {
  curl_slist *Lines = nullptr;
  for (const Header &H : R.Headers)
    Lines = curl_slist_append(Lines, (H.Name + ": " + H.Value).c_str());
  CURL *Handle = curl_easy_init();
  curl_easy_setopt(Handle, CURLOPT_URL, R.Url.c_str());
  curl_easy_setopt(Handle, CURLOPT_HTTPHEADER, Lines);
  return curl_easy_perform(Handle);
}

void recordsJoinedIntoLines() {
  Request Scoped{"https://api.procore.com/rest/v1.0/vendors", {}};
  perform(withHeader(Scoped, "Procore-Company-Id", "8"));
  Request Misspelled{"https://api.procore.com/rest/v1.0/vendors", {}};
  perform(withHeader(Misspelled, "X-Procore-Company-Id", "8"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: sent here
  // CHECK-MESSAGES: :[[@LINE-3]]:34: note: did you mean 'Procore-Company-Id'?
}

// Qt: a QList of QPairs appended to, copied with setRawHeader.
QNetworkReply *qtGet(QNetworkAccessManager &Manager, const QUrl &Url,
                     const QList<QPair<QByteArray, QByteArray>> &Headers) {
  QNetworkRequest Request(Url);
  for (const auto &H : Headers)
    Request.setRawHeader(H.first, H.second);
  return Manager.get(Request);
}

void qtLists(QNetworkAccessManager &Manager) {
  QList<QPair<QByteArray, QByteArray>> Scoped;
  Scoped.append(qMakePair(QByteArray("Procore-Company-Id"), QByteArray("8")));
  qtGet(Manager, QUrl("https://api.procore.com/rest/v1.0/projects/4/rfis"),
        Scoped);
  QList<QPair<QByteArray, QByteArray>> Plain;
  Plain.append(qMakePair(QByteArray("Accept"), QByteArray("text/plain")));
  qtGet(Manager, QUrl("https://api.procore.com/rest/v1.0/projects/4/rfis"),
        Plain);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/projects/4/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-13]]:10: note: sent here
}

// A loop that may skip an element copies some of them only: each element
// is judged as the loop reads it.
void pocoSendScoped(const std::string &Path, const HeaderList &Headers,
                    bool CompanyScoped) {
  Poco::Net::HTTPSClientSession Session("api.procore.com", 443);
  Poco::Net::HTTPRequest Request("GET", Path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto &[Name, Value] : Headers) {
    if (!CompanyScoped && Name == "Procore-Company-Id")
      continue;
    Request.set(Name, Value);
  }
  Session.sendRequest(Request);
}

void skippingLoops(const std::string &Token) {
  pocoSendScoped("/rest/v1.0/projects/5/rfis", companyHeaders(Token, 8), true);
  pocoSendScoped("/rest/v1.0/projects/5/rfis", companyHeaders(Token, 8), false);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/5/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: sent here
}

// Middleware the analysis cannot see may add any header: not reported.
using Middleware = std::function<void(Request &)>;
void decorated(const std::vector<Middleware> &Chain) {
  Request R{"https://api.procore.com/rest/v1.0/projects/6/rfis", {}};
  for (const Middleware &Step : Chain)
    Step(R);
  perform(R);
}

} // namespace
