// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17 %qt_flags

// URLs resolved against a base (QUrl::resolved): an absolute-path
// reference keeps the base's scheme and host, a relative one the base's
// path up to its last '/', an absolute URL replaces the base. The host a
// request goes to is the one the resolution keeps.

#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

QUrl apiBase(bool Legacy) {
  if (Legacy)
    return QUrl(QStringLiteral("https://app.procore.com"));
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-MESSAGES: :27:10: note: used for a REST API endpoint here
  // CHECK-FIXES: {{^}}    return QUrl(QStringLiteral("https://api.procore.com"));{{$}}
  return QUrl(QStringLiteral("https://api.procore.com/rest/v1.0/"));
}

QNetworkReply *listProjects(QNetworkAccessManager &Manager, bool Legacy) {
  QNetworkRequest Request(
      apiBase(Legacy).resolved(QUrl(QStringLiteral("/rest/v1.0/projects"))));
  Request.setRawHeader("Procore-Company-Id", "42");
  return Manager.get(Request);
}

QNetworkReply *listVendors(QNetworkAccessManager &Manager) {
  // Relative to the base's path: https://api.procore.com/rest/v1.0/vendors.
  QNetworkRequest Request(
      apiBase(false).resolved(QUrl(QStringLiteral("vendors"))));
  Request.setRawHeader("Procore-Company-Id", "42");
  return Manager.get(Request);
}

QNetworkReply *projectPage(QNetworkAccessManager &Manager) {
  // An absolute reference: the web base is only where it is resolved from.
  QUrl Web(QStringLiteral("https://app.procore.com/"));
  QNetworkRequest Request(Web.resolved(
      QUrl(QStringLiteral("https://api.procore.com/rest/v1.0/me"))));
  return Manager.get(Request);
}
