// XFAIL: *
// RUN: %check_mpr_lint %s procore-base-domain %t -- -- -std=c++17 %qt_flags
// Known miss: QUrl::resolved() puts the path on the base inside QUrl, so the
// legacy host of the base is not reported.

#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

QNetworkReply *legacyResolved(QNetworkAccessManager &Manager) {
  const QUrl Base(QStringLiteral("https://app.procore.com"));
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: base URL for REST API endpoints on legacy host 'app.procore.com'; MPR requires 'api.procore.com' [procore-base-domain]
  // CHECK-FIXES: {{^}}  const QUrl Base(QStringLiteral("https://api.procore.com"));{{$}}
  return Manager.get(QNetworkRequest(Base.resolved(QUrl(QStringLiteral("/rest/v1.0/me")))));
}
