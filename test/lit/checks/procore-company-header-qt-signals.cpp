// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_flags
// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_include_flags

// Emitting a Qt signal the user's code declares runs every slot connected
// to it, with the signal's arguments: a request built by one object and
// sent by another's slot is the request the emitter built, headers and
// all. Connections by member-function pointer, to a lambda, to another
// signal, and by the SIGNAL/SLOT macros count alike. A slot connected to a
// signal that the library emits runs with arguments nobody here builds,
// whether the library's headers are system headers or not.
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

struct ApiCall {
  QNetworkRequest Request;
  QByteArray Body;
};

class Transport : public QObject {
  Q_OBJECT
public slots:
  void dispatch(const ApiCall &Call) {
    Nam.post(Call.Request, Call.Body);
  }
  void fetch(QNetworkRequest Request) {
    Nam.get(Request);
  }
  void fetchByMacro(const QNetworkRequest &Request) {
    Nam.get(Request);
  }

private:
  QNetworkAccessManager Nam;
};

class Scheduler : public QObject {
  Q_OBJECT
public:
  explicit Scheduler(qint64 CompanyId) : CompanyId(CompanyId) {}

  void postRfi(qint64 ProjectId) {
    QNetworkRequest Req(QUrl(QString("https://api.procore.com/rest/v1.0/projects/%1/rfis").arg(ProjectId)));
    Req.setRawHeader("Procore-Company-Id", QByteArray::number(CompanyId));
    emit send({Req, "{}"});
  }

  void postRfiWithoutHeader(qint64 ProjectId) {
    QNetworkRequest Req(QUrl(QString("https://api.procore.com/rest/v1.0/projects/%1/rfis").arg(ProjectId)));
    Req.setRawHeader("Procore-CompanyId", QByteArray::number(CompanyId));
    emit send({Req, "{}"});
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; it sends 'Procore-CompanyId', which Procore does not read [procore-company-header]
    // CHECK-MESSAGES: :27:5: note: sent here
    // CHECK-MESSAGES: :[[@LINE-4]]:22: note: did you mean 'Procore-Company-Id'?
  }

  void listSubmittals(qint64 ProjectId) {
    QNetworkRequest Req(QUrl(QString("https://api.procore.com/rest/v1.0/projects/%1/submittals").arg(ProjectId)));
    emit forward(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :30:5: note: sent here
  }

  void listSubmittalsWithHeader(qint64 ProjectId) {
    QNetworkRequest Req(QUrl(QString("https://api.procore.com/rest/v1.0/projects/%1/submittals").arg(ProjectId)));
    Req.setRawHeader("procore-company-id", QByteArray::number(CompanyId));
    emit forward(Req);
  }

  void listVendors() {
    QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/vendors"));
    emit viaMacro(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :33:5: note: sent here
  }

  void listProjects() {
    QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.0/projects"));
    Req.setRawHeader("Procore-Company-Id", QByteArray::number(CompanyId));
    emit toLambda(Req);
  }

  void listProjectsWithoutHeader() {
    QNetworkRequest Req(QUrl("https://api.procore.com/rest/v1.1/projects"));
    emit toLambda(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: Procore API request to '/rest/v1.1/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :128:22: note: sent here
  }

signals:
  void send(const ApiCall &Call);
  void relay(QNetworkRequest Request);
  void forward(QNetworkRequest Request);
  void viaMacro(const QNetworkRequest &Request);
  void toLambda(const QNetworkRequest &Request);

private:
  qint64 CompanyId;
};

// A slot of a signal the library emits: its argument is the library's.
class ReplyWatcher : public QObject {
  Q_OBJECT
public:
  void watch(QNetworkAccessManager *Nam) {
    connect(Nam, &QNetworkAccessManager::finished, this,
            &ReplyWatcher::retry);
  }
  void retry(QNetworkReply *Reply) { Again.get(Reply->request()); }

private:
  QNetworkAccessManager Again;
};

void wire(Scheduler &S, Transport &T, QNetworkAccessManager &Nam) {
  QObject::connect(&S, &Scheduler::send, &T, &Transport::dispatch,
                   Qt::QueuedConnection);
  // One signal connected to another: emitting the first emits the second.
  QObject::connect(&S, &Scheduler::forward, &S, &Scheduler::relay);
  QObject::connect(&S, &Scheduler::relay, &T, &Transport::fetch);
  QObject::connect(&S, SIGNAL(viaMacro(QNetworkRequest)), &T,
                   SLOT(fetchByMacro(QNetworkRequest)));
  QObject::connect(&S, &Scheduler::toLambda, &T,
                   [&Nam](const QNetworkRequest &Request) {
                     Nam.get(Request);
                   });
}
