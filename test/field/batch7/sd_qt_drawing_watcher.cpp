// sd_qt_drawing_watcher.cpp
//
// Tray helper for the site trailer PC: polls a project's drawing areas on the
// Procore developer sandbox, notices newly published revisions and pulls the
// PDFs down for the plotter. Everything hangs off QNetworkReply::finished.
#include <QCoreApplication>
#include <QDebug>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

static const QString kLoginBase = QStringLiteral("https://login-sandbox.procore.com");
static const QString kApiBase = QStringLiteral("https://sandbox.procore.com");
static const QString kRateLimitDoc =
    QStringLiteral("https://developers.procore.com/documentation/rate-limiting");

using JsonHandler = std::function<void(const QJsonDocument&)>;

class DrawingWatcher : public QObject {
 public:
  DrawingWatcher(qint64 companyId, qint64 projectId, QObject* parent = nullptr)
      : QObject(parent), nam_(new QNetworkAccessManager(this)),
        companyId_(companyId), projectId_(projectId) {
    const auto env = QProcessEnvironment::systemEnvironment();
    clientId_ = env.value("PROCORE_CLIENT_ID");
    clientSecret_ = env.value("PROCORE_CLIENT_SECRET");
    refreshToken_ = env.value("PROCORE_REFRESH_TOKEN");
    connect(&pollTimer_, &QTimer::timeout, this, [this] { fetchDrawingAreas(); });
  }

  std::function<void(qint64, const QString&)> onRevision;

  void start(int pollMinutes) {
    pollTimer_.setInterval(pollMinutes * 60 * 1000);
    refreshAccessToken();
  }

 private:
  QNetworkRequest apiRequest(const QString& path, const QUrlQuery& query = {}) const {
    QUrl url(kApiBase + path);
    if (!query.isEmpty()) url.setQuery(query);
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + accessToken_.toUtf8());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
    req.setRawHeader("Accept", "application/json");
    return req;
  }

  // Wires a reply to a JSON handler; 429/503 get rescheduled.
  void handleReply(QNetworkReply* reply, JsonHandler onJson) {
    connect(reply, &QNetworkReply::finished, this, [this, reply, onJson] {
      reply->deleteLater();
      const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
      if (status == 429 || status == 503) {
        const int waitSec = reply->rawHeader("Retry-After").toInt();
        qWarning() << "throttled, see" << kRateLimitDoc;
        retryLater(reply->request().url(), waitSec > 0 ? waitSec : 30, onJson);
        return;
      }
      if (reply->error() != QNetworkReply::NoError) {
        qWarning() << reply->request().url() << reply->errorString();
        return;
      }
      onJson(QJsonDocument::fromJson(reply->readAll()));
    });
  }

  void retryLater(const QUrl& url, int seconds, JsonHandler onJson) {
    QTimer::singleShot(seconds * 1000, this, [this, url, onJson] {
      QNetworkRequest again(url);
      again.setRawHeader("Authorization", "Bearer " + accessToken_.toUtf8());
      again.setRawHeader("Accept", "application/json");
      handleReply(nam_->get(again), onJson);
    });
  }

  void refreshAccessToken() {
    QNetworkRequest req(QUrl("https://sandbox.procore.com/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("client_id", clientId_);
    form.addQueryItem("client_secret", clientSecret_);
    form.addQueryItem("refresh_token", refreshToken_);
    QNetworkReply* reply = nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
    handleReply(reply, [this](const QJsonDocument& doc) {
      accessToken_ = doc.object().value("access_token").toString();
      refreshToken_ = doc.object().value("refresh_token").toString(refreshToken_);
      const int expiresIn = doc.object().value("expires_in").toInt(7200);
      QTimer::singleShot((expiresIn - 300) * 1000, this, [this] { refreshAccessToken(); });
      checkTokenInfo();
    });
  }

  void checkTokenInfo() {
    QNetworkRequest req(QUrl(kLoginBase + "/oauth/token/info"));
    req.setRawHeader("Authorization", "Bearer " + accessToken_.toUtf8());
    handleReply(nam_->get(req), [this](const QJsonDocument& doc) {
      qInfo() << "token scopes:" << doc.object().value("scope").toString();
      fetchMe();
    });
  }

  void fetchMe() {
    QNetworkRequest req(QUrl(kApiBase + "/rest/v1.0/me"));
    req.setRawHeader("Authorization", "Bearer " + accessToken_.toUtf8());
    handleReply(nam_->get(req), [this](const QJsonDocument& doc) {
      const qint64 userId = doc.object().value("id").toVariant().toLongLong();
      qInfo() << "signed in as" << doc.object().value("login").toString() << userId;
      fetchDrawingAreas();
      if (!pollTimer_.isActive()) pollTimer_.start();
    });
  }

  void fetchDrawingAreas() {
    const QString path = QString("/rest/v1.0/projects/%1/drawing_areas").arg(projectId_);
    handleReply(nam_->get(apiRequest(path)), [this](const QJsonDocument& doc) {
      changed_ = 0;
      pendingAreas_ = doc.array().size();
      for (const QJsonValue& v : doc.array()) {
        const QJsonObject area = v.toObject();
        const int areaId = area.value("id").toInt();
        fetchDrawings(areaId, area.value("name").toString());
      }
    });
  }

  void fetchDrawings(qint64 areaId, const QString& areaName) {
    QUrlQuery q;
    q.addQueryItem("project_id", QString::number(projectId_));
    const QString path = QString("/rest/v1.0/drawing_areas/%1/drawings").arg(areaId);
    handleReply(nam_->get(apiRequest(path, q)), [this, areaName](const QJsonDocument& doc) {
      for (const QJsonValue& v : doc.array()) {
        const QJsonObject d = v.toObject();
        const qint64 drawingId = d.value("id").toVariant().toLongLong();
        const QJsonObject rev = d.value("current_revision").toObject();
        const QString revNumber = rev.value("revision_number").toString();
        if (knownRevisions_.value(drawingId) == revNumber) continue;
        knownRevisions_.insert(drawingId, revNumber);
        ++changed_;
        qInfo() << areaName << d.value("number").toString() << "now at rev" << revNumber;
        downloadPdf(drawingId, rev.value("pdf_url").toString());
      }
      if (--pendingAreas_ == 0) qInfo() << changed_ << "drawings changed this pass";
    });
  }

  void downloadPdf(qint64 drawingId, const QString& pdfUrl) {
    if (pdfUrl.isEmpty()) return;
    // pdf_url is a pre-signed storage link; no API headers on purpose.
    QNetworkReply* reply = nam_->get(QNetworkRequest(QUrl(pdfUrl)));
    connect(reply, &QNetworkReply::finished, this, [this, reply, drawingId] {
      reply->deleteLater();
      if (reply->error() == QNetworkReply::NoError && onRevision)
        onRevision(drawingId, QString::fromUtf8(reply->readAll().toBase64().left(16)));
    });
  }

  QNetworkAccessManager* nam_;
  QTimer pollTimer_;
  QString clientId_, clientSecret_, accessToken_, refreshToken_;
  qint64 companyId_;
  qint64 projectId_;
  QHash<int, QString> knownRevisions_;  // drawing id -> last seen revision
  int pendingAreas_ = 0;
  int changed_ = 0;
};

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const QStringList args = app.arguments();
  if (args.size() < 3) {
    qCritical() << "usage: drawing-watcher <company_id> <project_id> [poll_minutes]";
    return 2;
  }
  const qint64 companyId = args.at(1).toLongLong();
  const qint64 projectId = args.at(2).toLongLong();
  const int pollMinutes = args.size() > 3 ? args.at(3).toInt() : 10;

  DrawingWatcher watcher(companyId, projectId);
  watcher.onRevision = [](qint64 drawingId, const QString& head) {
    qInfo() << "downloaded drawing" << drawingId << head;
  };
  watcher.start(pollMinutes);
  return app.exec();
}
