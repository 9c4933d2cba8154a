// DrawingDrop: tray tool that pushes PDF sheet sets from the plot folder into
// a Procore project's drawing area. Settings live in QSettings ("Acme/DrawingDrop").
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QSettings>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

namespace {

const QString kLogin = QStringLiteral("https://login.procore.com");
const QString kApi = QStringLiteral("https://api.procore.com");

struct Reply {
  int status = 0;
  QByteArray body;
  QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

// Chainable description of one HTTP call; build() turns it into a
// QNetworkRequest, send() runs it synchronously on the given manager.
class ProcoreRequest {
 public:
  static ProcoreRequest to(const QString& base) { return ProcoreRequest(base); }

  ProcoreRequest& path(const QString& p) { m_path += p; return *this; }
  ProcoreRequest& query(const QString& k, const QString& v) { m_query.addQueryItem(k, v); return *this; }
  ProcoreRequest& header(const QByteArray& k, const QByteArray& v) {
    m_headers.append(qMakePair(k, v));
    return *this;
  }
  ProcoreRequest& bearer(const QString& token) { return header("Authorization", "Bearer " + token.toUtf8()); }
  ProcoreRequest& companyScope(qint64 companyId) {
    return header("Procore-Company-Id", QByteArray::number(companyId));
  }
  ProcoreRequest& jsonBody(const QJsonObject& o) {
    m_body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    m_contentType = "application/json";
    return *this;
  }
  ProcoreRequest& formBody(const QUrlQuery& q) {
    m_body = q.toString(QUrl::FullyEncoded).toUtf8();
    m_contentType = "application/x-www-form-urlencoded";
    return *this;
  }
  ProcoreRequest& rawBody(const QByteArray& data, const QByteArray& type) {
    m_body = data;
    m_contentType = type;
    return *this;
  }

  QNetworkRequest build() const {
    QUrl url(m_base + m_path);
    if (!m_query.isEmpty()) url.setQuery(m_query);
    QNetworkRequest req(url);
    for (const auto& h : m_headers) req.setRawHeader(h.first, h.second);
    if (!m_contentType.isEmpty()) req.setHeader(QNetworkRequest::ContentTypeHeader, m_contentType);
    return req;
  }

  Reply send(QNetworkAccessManager& nam, const QByteArray& verb = "GET") const {
    QNetworkReply* r = nam.sendCustomRequest(build(), verb, m_body);
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = r->readAll();
    r->deleteLater();
    return out;
  }

 private:
  explicit ProcoreRequest(QString base) : m_base(std::move(base)) {}
  QString m_base, m_path;
  QUrlQuery m_query;
  QList<QPair<QByteArray, QByteArray>> m_headers;
  QByteArray m_body, m_contentType;
};

QString refreshAccessToken(QNetworkAccessManager& nam, QSettings& s) {
  QUrlQuery form;
  form.addQueryItem("grant_type", "refresh_token");
  form.addQueryItem("refresh_token", s.value("refresh_token").toString());
  form.addQueryItem("client_id", s.value("client_id").toString());
  form.addQueryItem("client_secret", s.value("client_secret").toString());
  Reply r = ProcoreRequest::to(kLogin).path("/oauth/token").formBody(form).send(nam, "POST");
  if (r.status != 200) return {};
  const QJsonObject tok = r.json().object();
  s.setValue("refresh_token", tok.value("refresh_token").toString());
  return tok.value("access_token").toString();
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QSettings settings("Acme", "DrawingDrop");
  QNetworkAccessManager nam;

  const qint64 companyId = settings.value("company_id").toLongLong();
  const qint64 projectId = settings.value("project_id").toLongLong();
  const QString areaName = settings.value("drawing_area", "Construction Set").toString();
  const QString plotDir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : settings.value("plot_dir").toString();

  const QString token = refreshAccessToken(nam, settings);
  if (token.isEmpty()) {
    qWarning() << "could not refresh Procore token";
    return 1;
  }
  const QString projectPath = "/rest/v1.0/projects/" + QString::number(projectId);

  // Find the drawing area by name.
  Reply areas = ProcoreRequest::to("https://app.procore.com")
                    .path(projectPath + "/drawing_areas")
                    .bearer(token)
                    .companyScope(companyId)
                    .send(nam);
  int areaId = 0;
  for (const QJsonValue& a : areas.json().array()) {
    if (a.toObject().value("name").toString() == areaName) areaId = a.toObject().value("id").toInt();
  }
  if (areaId == 0) {
    qWarning() << "drawing area" << areaName << "not found, HTTP" << areas.status;
    return 2;
  }

  QJsonArray uploadIds;
  const QFileInfoList pdfs = QDir(plotDir).entryInfoList({"*.pdf"}, QDir::Files);
  for (const QFileInfo& fi : pdfs) {
    QFile f(fi.absoluteFilePath());
    if (!f.open(QIODevice::ReadOnly)) continue;

    // 1) ask Procore for a presigned upload slot
    QJsonObject slot{{"response_filename", fi.fileName()}, {"response_content_type", "application/pdf"}};
    Reply up = ProcoreRequest::to(kApi)
                   .path(projectPath + "/uploads")
                   .bearer(token)
                   .companyScope(companyId)
                   .jsonBody(slot)
                   .send(nam, "POST");
    if (up.status != 201 && up.status != 200) {
      qWarning() << "upload slot failed for" << fi.fileName() << up.status;
      continue;
    }
    const QJsonObject u = up.json().object();

    // 2) PUT the bytes to the presigned storage URL (no Procore headers there)
    Reply put = ProcoreRequest::to(u.value("url").toString()).rawBody(f.readAll(), "application/pdf").send(nam, "PUT");
    if (put.status >= 300) {
      qWarning() << "storage PUT failed" << put.status;
      continue;
    }
    uploadIds.append(u.value("uuid").toString());
  }
  if (uploadIds.isEmpty()) return 0;

  // 3) hand the uploads to the drawing log
  QJsonObject du{{"drawing_upload", QJsonObject{{"drawing_area_id", QString::number(areaId)},
                                                {"upload_uuids", uploadIds}}}};
  ProcoreRequest submit = ProcoreRequest::to(kApi).path("/rest/v1.1" + projectPath.mid(10) + "/drawing_uploads");
  submit.bearer(token).jsonBody(du);
  submit.header("X-Procore-Company-Id", QByteArray::number(companyId));
  Reply done = submit.send(nam, "POST");
  qInfo() << "drawing upload:" << done.status;

  // 4) show what is now in the area
  Reply revs = ProcoreRequest::to(kApi)
                   .path(projectPath + "/drawing_revisions")
                   .query("filters[drawing_area_id]", QString::number(areaId))
                   .bearer(token)
                   .companyScope(companyId)
                   .send(nam);
  for (const QJsonValue& v : revs.json().array()) {
    const QJsonObject rev = v.toObject();
    double drawingId = rev.value("drawing_id").toDouble();
    qInfo().noquote() << rev.value("number").toString() << rev.value("revision_number").toString()
                      << QString::number(drawingId, 'f', 0);
  }
  qInfo().noquote() << "Open in Procore: https://app.procore.com/" + QString::number(projectId) +
                           "/project/drawing_log";
  return 0;
}
