// RUN: %check_mpr_lint %s procore-company-header %t -- --config="{CheckOptions: {procore-company-header.ServiceAccount: true}}" -- -std=c++17 %qt_flags

// With ServiceAccount, GET /rest/v1.0/me and /rest/v1.0/companies need the
// header too.

#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

QNetworkReply *me(QNetworkAccessManager &Nam, qint64 company_id) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/me"));
  return Nam.get(Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/me' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: URL set here
  // CHECK-FIXES: Req.setRawHeader("Procore-Company-Id", QByteArray::number(company_id));
  // CHECK-FIXES: return Nam.get(Req);
}

QNetworkReply *companies(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/companies"));
  return Nam.sendCustomRequest(Req, "GET");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: URL set here
}

// Negatives: the header is sent; OAuth never needs it.
QNetworkReply *companiesWithHeader(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/companies"));
  Req.setRawHeader("Procore-Company-Id", "8");
  return Nam.get(Req);
}
QNetworkReply *token(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://login.procore.com/oauth/token"));
  return Nam.post(Req, QByteArray("grant_type=client_credentials"));
}
