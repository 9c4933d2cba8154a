// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_flags

// A loop with an explicit iterator over a header map (`for (auto It =
// Headers.begin(); It != Headers.end(); ++It)`) walks the map whole, as a
// range-for does: the request gets what the map holds for that request,
// through `It->first` or a Qt iterator's `It.key()`, even when the map
// is filled by handlers the request passed through first.

#include <QtCore/QByteArray>
#include <QtCore/QMap>
#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkRequest>

#include <curl/curl.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

struct Event {
  std::string Url;
  std::map<std::string, std::string> Headers;
};

class Bus {
public:
  using Handler = std::function<void(Event &)>;
  void add(Handler H) { Chain.push_back(std::move(H)); }
  void dispatch(Event &E) {
    for (auto &H : Chain)
      H(E);
  }

private:
  std::vector<Handler> Chain;
};

void curlSink(Event &E) {
  curl_slist *Lines = nullptr;
  for (auto It = E.Headers.begin(); It != E.Headers.end(); ++It)
    Lines = curl_slist_append(Lines, (It->first + ": " + It->second).c_str());
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, E.Url.c_str());
  curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, Lines);
  curl_easy_perform(Curl);
}

void dispatched() {
  Bus Scoped;
  Scoped.add([](Event &E) { E.Headers["Procore-Company-Id"] = "42"; });
  Scoped.add(curlSink);
  Event Listing{"https://api.procore.com/rest/v1.0/projects"};
  Scoped.dispatch(Listing);
  // Sent without the handler that adds the header.
  Event Direct{"https://api.procore.com/rest/v1.0/vendors"};
  curlSink(Direct);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :47:3: note: sent here
}

void qtSend(QNetworkAccessManager &Nam, const QString &Path,
            const QMap<QByteArray, QByteArray> &Headers) {
  QNetworkRequest Request(QUrl("https://api.procore.com" + Path));
  for (auto It = Headers.constBegin(); It != Headers.constEnd(); ++It)
    Request.setRawHeader(It.key(), It.value());
  Nam.get(Request);
}

void qtCalls(QNetworkAccessManager &Nam) {
  QMap<QByteArray, QByteArray> Scoped;
  Scoped.insert("Procore-Company-Id", "42");
  qtSend(Nam, "/rest/v1.0/projects/7/rfis", Scoped);
  QMap<QByteArray, QByteArray> Unscoped;
  Unscoped.insert("Accept", "application/json");
  qtSend(Nam, "/rest/v1.0/projects/7/submittals", Unscoped);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :68:3: note: sent here
}
