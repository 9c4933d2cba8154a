// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_flags

#include <QtCore/QTimer>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

// A request made in a lambda the library runs later (a timer's) reads the
// parameters of the function around it through its captures: it is judged
// with each caller's arguments.
static void fetchLater(QNetworkAccessManager *Nam, const QString &Path) {
  QTimer::singleShot(100, [=]() {
    QNetworkRequest Request(QUrl("https://api.procore.com" + Path));
    Request.setRawHeader("Authorization", "Bearer t");
    Nam->get(Request);
  });
}

// A retry that rebuilds the request from the first one's URL sends a
// request of its own: the finding goes to the retry that builds it.
static void getWithRetry(QNetworkAccessManager *Nam,
                         const QNetworkRequest &Request, int Attempt) {
  QNetworkReply *Reply = Nam->get(Request);
  QObject::connect(Reply, &QNetworkReply::finished, [=]() {
    Reply->deleteLater();
    if (Reply->error() == QNetworkReply::NoError || Attempt >= 3)
      return;
    QTimer::singleShot(1000, [=]() {
      QNetworkRequest Again(Request.url());
      Again.setRawHeader("Authorization", Request.rawHeader("Authorization"));
      getWithRetry(Nam, Again, Attempt + 1);
    });
  });
}

int main() {
  QNetworkAccessManager Nam;
  fetchLater(&Nam, "/rest/v1.0/projects");
  // CHECK-MESSAGES: :17:5: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: request built here
  // CHECK-MESSAGES: :15:21: note: URL set here
  fetchLater(&Nam, "/rest/v1.0/me");

  QNetworkRequest Logs(QUrl("https://api.procore.com/rest/v1.0/projects/5/manpower_logs"));
  Logs.setRawHeader("Authorization", "Bearer t");
  Logs.setRawHeader("Procore-Company-Id", "42");
  getWithRetry(&Nam, Logs, 1);
  // CHECK-MESSAGES: :33:7: warning: Procore API request to '/rest/v1.0/projects/5/manpower_logs' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
  // CHECK-MESSAGES: :25:26: note: sent here
}
