// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17 %qt_flags

// A request whose base the file cannot resolve (a member set where the
// analysis does not follow) is a Procore REST call when its path is one and
// the file spells a Procore host, also when the host is spelled only in a
// UTF-16 literal (`QStringLiteral`, `u"..."`).

#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkRequest>

static const QString ApiBase = QStringLiteral("https://api.procore.com");

class Uploader {
public:
  Uploader(QNetworkAccessManager *Manager, QString Base)
      : Manager(Manager), Base(std::move(Base)) {}

  void upload(qint64 ProjectId, const QByteArray &Png) {
    QNetworkRequest Request(
        QUrl(Base + QStringLiteral("/rest/v1.0/projects/%1/images").arg(ProjectId)));
    Request.setRawHeader("Authorization", "Bearer token");
    Manager->post(Request, Png);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects/...' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :19:21: note: URL set here
  }

private:
  QNetworkAccessManager *Manager;
  QString Base;
};
