// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_flags

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <string>

static const QString kApiBase = QStringLiteral("https://api.procore.com");

// --- Positives ----------------------------------------------------------------

QNetworkReply *listProjects(QNetworkAccessManager &Nam, qint64 company_id) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/projects"));
  Req.setRawHeader("Accept", "application/json");
  return Nam.get(Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: URL set here
  // CHECK-FIXES: Req.setRawHeader("Procore-Company-Id", QByteArray::number(company_id));
  // CHECK-FIXES: return Nam.get(Req);
}

// Base constant and a path; the company id is a QString.
QNetworkReply *createRfi(QNetworkAccessManager &Nam, const QString &companyId) {
  QNetworkRequest Req;
  Req.setUrl(QUrl(kApiBase + "/rest/v1.0/projects/7/rfis"));
  return Nam.post(Req, QByteArray("{}"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: URL set here
  // CHECK-FIXES: Req.setRawHeader("Procore-Company-Id", companyId.toUtf8());
  // CHECK-FIXES: return Nam.post(Req, QByteArray("{}"));
}

// A vapid call on the sandbox; the company id is a std::string.
QNetworkReply *deleteDrawing(QNetworkAccessManager &Nam, const std::string &company_id) {
  QNetworkRequest Req(QUrl(QStringLiteral("https://sandbox.procore.com/vapid/projects/7/drawings/3")));
  return Nam.deleteResource(Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/vapid/projects/7/drawings/3' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: URL set here
  // CHECK-FIXES: Req.setRawHeader("Procore-Company-Id", QByteArray::fromStdString(company_id));
  // CHECK-FIXES: return Nam.deleteResource(Req);
}

// A URL with placeholders.
QNetworkReply *listRfis(QNetworkAccessManager &Nam, int Project) {
  QNetworkRequest Req(QUrl(QString("https://api.procore.com/rest/v1.0/projects/%1/rfis").arg(Project)));
  return Nam.get(Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: URL set here
}

// The request is built by a helper and sent elsewhere.
QNetworkRequest makeRequest(const QString &Path) {
  QNetworkRequest Req(QUrl(kApiBase + Path));
  Req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
  return Req;
}
QNetworkReply *fetchSubmittals(QNetworkAccessManager &Nam) {
  return Nam.get(makeRequest("/rest/v1.0/projects/7/submittals"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/submittals' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-7]]:19: note: URL set here
}
QNetworkReply *uploadDrawing(QNetworkAccessManager &Nam) {
  QNetworkRequest Req = makeRequest("/rest/v1.0/projects/7/drawing_uploads");
  return Nam.put(Req, QByteArray());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/drawing_uploads' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-13]]:19: note: URL set here
}

// A custom verb on /companies is not exempt.
QNetworkReply *patchCompany(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/companies"));
  return Nam.sendCustomRequest(Req, "PATCH", QByteArray("{}"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/companies' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: URL set here
}

// A client class: the fix uses its member; a helper sends for its callers.
class ProcoreApi {
public:
  QNetworkReply *projects() {
    QNetworkRequest Req(QUrl(kApiBase + "/rest/v1.0/projects"));
    return m_nam.get(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-3]]:21: note: URL set here
    // CHECK-FIXES: Req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
    // CHECK-FIXES: return m_nam.get(Req);
  }
  QNetworkReply *send(QNetworkRequest Req) {
    Req.setRawHeader("Accept", "application/json");
    return m_nam.get(Req);
  }
  // Its callers decide what it sends: each finding is at a call, and the
  // shared send is not changed for them.
  // CHECK-FIXES: Req.setRawHeader("Accept", "application/json");
  // CHECK-FIXES-NEXT: return m_nam.get(Req);
  void callers() {
    QNetworkRequest Vendors(QUrl(kApiBase + "/rest/v1.0/vendors"));
    send(Vendors);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-10]]:12: note: sent here
    QNetworkRequest Me(QUrl(kApiBase + "/rest/v1.0/me"));
    send(Me);
  }
  QNetworkReply *withHeader() {
    QNetworkRequest Req(QUrl(kApiBase + "/rest/v1.0/projects"));
    Req.setRawHeader(QByteArrayLiteral("Procore-Company-Id"), QByteArray::number(m_companyId));
    return m_nam.get(Req);
  }

private:
  QNetworkAccessManager m_nam;
  qint64 m_companyId = 0;
};

// The header is there with an empty value.
QNetworkReply *emptyCompany(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/projects"));
  Req.setRawHeader("Procore-Company-Id", "");
  return Nam.get(Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: header set here
}

// --- Negatives ----------------------------------------------------------------

QNetworkReply *withLowercaseHeader(QNetworkAccessManager &Nam, qint64 Id) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/projects"));
  Req.setRawHeader("procore-company-id", QByteArray::number(Id));
  return Nam.get(Req);
}

// The header is set by a helper that takes the request.
void addCompany(QNetworkRequest &Req) { Req.setRawHeader("Procore-Company-Id", "5"); }
QNetworkReply *headerInHelper(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/projects"));
  addCompany(Req);
  return Nam.get(Req);
}

// Exempt: GET /rest/v1.0/me and /rest/v1.0/companies.
QNetworkReply *exempt(QNetworkAccessManager &Nam) {
  QNetworkRequest Me(QUrl("https://api.procore.com/rest/v1.0/me"));
  Nam.get(Me);
  QNetworkRequest Companies(QUrl(kApiBase + "/rest/v1.0/companies"));
  Nam.sendCustomRequest(Companies, "GET");
  return Nam.get(Companies);
}

// OAuth never needs it.
QNetworkReply *token(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://login.procore.com/oauth/token"));
  return Nam.post(Req, QByteArray("grant_type=client_credentials"));
}

// Other hosts.
void otherHosts(QNetworkAccessManager &Nam) {
  QNetworkRequest GitHub(QUrl("https://api.github.com/rest/v1.0/projects"));
  Nam.get(GitHub);
  QNetworkRequest Upload(QUrl("https://storage.procore.com/rest/v1.0/uploads/1"));
  Nam.put(Upload, QByteArray("data"));
}

// A URL that cannot be resolved.
QNetworkReply *unknownUrl(QNetworkAccessManager &Nam, const QUrl &Url) {
  QNetworkRequest Req(Url);
  return Nam.get(Req);
}

// --- Positives: a request built in the argument of the send ------------------

QNetworkReply *temporaryRequest(QNetworkAccessManager &Nam) {
  return Nam.get(QNetworkRequest(QUrl("https://api.procore.com/rest/v1.0/projects/7/rfis")));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/rfis' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}
QNetworkReply *temporaryRequestFromUrl(QNetworkAccessManager &Nam) {
  QUrl Url(kApiBase + "/rest/v1.0/projects/7/tasks");
  return Nam.get(QNetworkRequest{Url});
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/tasks' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

// A default-constructed QByteArray is an empty value.
QNetworkReply *emptyByteArray(QNetworkAccessManager &Nam) {
  QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/projects"));
  Req.setRawHeader("Procore-Company-Id", QByteArray());
  return Nam.get(Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects' sends an empty 'Procore-Company-Id' header [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: URL set here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: header set here
}

// A URL assembled part by part: a base copied, its path and query replaced.
QNetworkReply *urlParts(QNetworkAccessManager &Nam, const QUrl &Base) {
  QUrl Url = Base;
  Url.setPath(QStringLiteral("/rest/v1.0/projects/7/submittals"));
  Url.setQuery(QStringLiteral("page=2"));
  return Nam.get(QNetworkRequest(Url));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/7/submittals?page=2' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
}

QNetworkReply *urlFromScratch(QNetworkAccessManager &Nam) {
  QUrl Url;
  Url.setScheme(QStringLiteral("https"));
  Url.setHost(QStringLiteral("api.procore.com"));
  Url.setPath(QStringLiteral("/rest/v1.0/vendors"));
  QNetworkRequest Req(Url);
  Req.setRawHeader("Procore-Company-Id", "42");
  return Nam.get(Req);
}

// The path replaced on a web link is still a web link.
QNetworkReply *webPath(QNetworkAccessManager &Nam) {
  QUrl Url(QStringLiteral("https://app.procore.com/rest/v1.0/projects"));
  Url.setPath(QStringLiteral("/42/project/home"));
  return Nam.get(QNetworkRequest(Url));
}

// --- A request sent through a const reference -------------------------------------
//
// The helper cannot add the header to a const request: reported at the call
// that hands it over, with no fix-it.

class ConstSend {
public:
  QNetworkReply *send(const QNetworkRequest &Req) { return m_nam.get(Req); }
  void use() {
    QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/projects"));
    send(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :[[@LINE-5]]:60: note: sent here
  }
private:
  QNetworkAccessManager m_nam;
  qint64 m_companyId = 0;
};
