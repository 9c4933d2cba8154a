// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_flags

// A request described as a QVariantMap: `value(Key)` is what was put in
// under the key, and `value(Key, Default).toBool()` the literal flag put in
// there, or the default when the key is not put in.

#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtCore/QVariant>
#include <QtCore/QVariantMap>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

QNetworkReply *send(QNetworkAccessManager &Nam, const QVariantMap &Request) {
  QNetworkRequest Built(
      QUrl("https://api.procore.com" + Request.value("path").toString()));
  Built.setRawHeader("Authorization", "Bearer token");
  if (Request.value("with_company", true).toBool())
    Built.setRawHeader("Procore-Company-Id", "42");
  return Nam.get(Built);
}

void run(QNetworkAccessManager &Nam) {
  send(Nam, QVariantMap{{"path", "/rest/v1.0/projects/7/rfis"}});
  send(Nam, QVariantMap{{"path", "/rest/v1.0/projects/7/drawings"},
                        {"with_company", true}});
  send(Nam, QVariantMap{{"path", "/rest/v1.0/projects/7/submittals"},
                        {"with_company", false}});
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :21:10: note: sent here
  send(Nam, QVariantMap{{"path", "/rest/v1.0/me"}, {"with_company", false}});
}
