// qn_drawing_sync.cpp
// CAD desktop plugin: publishes exported PDF sheets to the Procore developer
// sandbox as a drawing upload, then lists the drawing areas and current
// revisions so the plugin can mark sheets as "in Procore".
// Qt5 Core/Network/Concurrent, no moc.

#include <QCoreApplication>
#include <QDebug>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>
#include <QtConcurrent/QtConcurrentRun>

#define SANDBOX_LOGIN "https://sandbox.procore.com"
#define SANDBOX_API "https://sandbox.procore.com"

struct DrawingRevision {
    qint64 drawingId = 0;
    qint64 revisionId = 0;
    QString number;
    QString revisionNumber;
    unsigned drawingAreaId = 0;
};

static QByteArray fetch(QNetworkAccessManager &nam, QNetworkRequest req)
{
    QEventLoop loop;
    QNetworkReply *reply = nam.get(req);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

static QByteArray send(QNetworkAccessManager &nam, QNetworkRequest req, const QByteArray &verb,
                       const QByteArray &body)
{
    QEventLoop loop;
    QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray out = reply->readAll();
    reply->deleteLater();
    return out;
}

static void copyHeaders(QNetworkRequest &req, const QMap<QByteArray, QByteArray> &h)
{
    for (auto it = h.cbegin(); it != h.cend(); ++it)
        req.setRawHeader(it.key(), it.value());
}

class DrawingPublisher {
public:
    DrawingPublisher()
    {
        QSettings s;
        m_companyId = s.value("sandbox/company_id").toLongLong();
        m_projectId = s.value("sandbox/project_id").toLongLong();
        m_clientId = s.value("sandbox/client_id").toString();
        m_clientSecret = s.value("sandbox/client_secret").toString();
        m_refresh = s.value("sandbox/refresh_token").toString();
    }

    bool refresh()
    {
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", m_refresh);
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        QNetworkRequest req(QUrl(SANDBOX_LOGIN "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QNetworkAccessManager nam;
        const QJsonObject tok = QJsonDocument::fromJson(
            send(nam, req, "POST", form.toString(QUrl::FullyEncoded).toUtf8())).object();
        if (!tok.contains("access_token"))
            return false;
        m_refresh = tok.value("refresh_token").toString();
        QSettings().setValue("sandbox/refresh_token", m_refresh);

        m_headers.clear();
        m_headers.insert("Authorization", "Bearer " + tok.value("access_token").toString().toUtf8());
        m_headers.insert("Procore-Company-Id", QByteArray::number(m_companyId));
        m_headers.insert("Accept", "application/json");
        return true;
    }

    // Direct upload: ask Procore for a presigned S3 slot, PUT the file there.
    QString uploadFile(const QString &path)
    {
        QNetworkAccessManager nam;
        QFileInfo fi(path);
        QJsonObject reqBody{{"response_filename", fi.fileName()},
                            {"response_content_type", "application/pdf"}};
        QNetworkRequest req(QUrl(QStringLiteral(SANDBOX_API "/rest/v1.1/projects/%1/uploads")
                                     .arg(m_projectId)));
        copyHeaders(req, m_headers);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject slot = QJsonDocument::fromJson(
            send(nam, req, "POST", QJsonDocument(reqBody).toJson(QJsonDocument::Compact))).object();

        // Presigned URL, e.g. https://storage.procore.com/... ; no Procore auth on this hop.
        QNetworkRequest put(QUrl(slot.value("url").toString()));
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        send(nam, put, "PUT", f.readAll());
        return slot.value("uuid").toString();
    }

    void createDrawingUpload(const QStringList &uuids, qint64 areaId)
    {
        QNetworkAccessManager nam;
        QJsonArray files;
        for (const QString &u : uuids)
            files.append(QJsonObject{{"upload_uuid", u}});
        QJsonObject body{{"drawing_upload", QJsonObject{{"drawing_area_id", areaId},
                                                        {"files", files}}}};
        QNetworkRequest req(QUrl(QStringLiteral(SANDBOX_API "/rest/v1.1/projects/%1/drawing_uploads")
                                     .arg(m_projectId)));
        req.setRawHeader("Authorization", m_headers.value("Authorization"));
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        send(nam, req, "POST", QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    QVector<DrawingRevision> currentRevisions()
    {
        QNetworkAccessManager nam;
        QUrl url(QStringLiteral(SANDBOX_API "/rest/v1.0/projects/%1/drawing_revisions").arg(m_projectId));
        QUrlQuery q;
        q.addQueryItem("filters[current]", "true");
        url.setQuery(q);
        QNetworkRequest req(url);
        copyHeaders(req, m_headers);

        QVector<DrawingRevision> out;
        const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, req)).array();
        for (const QJsonValue &v : arr) {
            const QJsonObject o = v.toObject();
            DrawingRevision r;
            r.revisionId = o.value("id").toVariant().toLongLong();
            r.drawingId = o.value("drawing_id").toVariant().toLongLong();
            r.number = o.value("number").toString();
            r.revisionNumber = o.value("revision_number").toString();
            r.drawingAreaId = o.value("drawing_area").toObject().value("id").toString().toUInt();
            out.append(r);
        }
        return out;
    }

private:
    qint64 m_companyId = 0;
    qint64 m_projectId = 0;
    QString m_clientId, m_clientSecret, m_refresh;
    QMap<QByteArray, QByteArray> m_headers;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("PlanForge");
    QCoreApplication::setApplicationName("ProcoreDrawingBridge");
    if (argc < 3) {
        qCritical() << "usage: drawing_sync <drawing_area_id> <sheet.pdf>...";
        return 64;
    }

    DrawingPublisher pub;
    if (!pub.refresh()) {
        qCritical() << "sandbox token refresh failed";
        return 1;
    }

    const qint64 areaId = QByteArray(argv[1]).toLongLong();
    QVector<QFuture<QString>> uploads;
    for (int i = 2; i < argc; ++i) {
        const QString path = QString::fromLocal8Bit(argv[i]);
        uploads.append(QtConcurrent::run([&pub, path]() { return pub.uploadFile(path); }));
    }
    QStringList uuids;
    for (QFuture<QString> &f : uploads)
        if (!f.result().isEmpty())
            uuids << f.result();
    pub.createDrawingUpload(uuids, areaId);

    QHash<qint64, int> sheetsPerArea;
    for (const DrawingRevision &r : pub.currentRevisions())
        sheetsPerArea[r.drawingAreaId] += 1;
    for (auto it = sheetsPerArea.cbegin(); it != sheetsPerArea.cend(); ++it)
        qInfo() << "area" << it.key() << "has" << it.value() << "current sheets";
    return 0;
}
