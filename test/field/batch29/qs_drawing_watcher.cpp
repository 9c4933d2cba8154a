// drawing_watcher.cpp -- desktop helper that watches Procore drawing
// revisions (developer sandbox while we finish certification) and uploads
// marked-up PDFs. RequestFactory builds requests, Transport sends them.
#include <QCoreApplication>
#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QUrl>
#include <QUrlQuery>
#include <QFile>
#include <QDebug>

namespace env {
const char *const kOAuthHost = "https://sandbox.procore.com";
const char *const kApiHost = "https://sandbox.procore.com";
const char *const kWebHost = "https://sandbox.procore.com";
}

enum class Verb { Get, Post, Put, Delete };

class Transport : public QObject {
    Q_OBJECT
public:
    explicit Transport(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

signals:
    void replyReady(const QString &tag, int status, const QByteArray &body);

public slots:
    void send(const QString &tag, const QNetworkRequest &req, Verb verb, const QByteArray &body) {
        QNetworkReply *reply = nullptr;
        switch (verb) {
        case Verb::Get:    reply = m_nam->get(req); break;
        case Verb::Post:   reply = m_nam->post(req, body); break;
        case Verb::Put:    reply = m_nam->put(req, body); break;
        case Verb::Delete: reply = m_nam->deleteResource(req); break;
        }
        connect(reply, &QNetworkReply::finished, this, [this, tag, reply]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            emit replyReady(tag, status, reply->readAll());
        });
    }

private:
    QNetworkAccessManager *m_nam;
};

class RequestFactory : public QObject {
    Q_OBJECT
public:
    RequestFactory(qint64 companyId, QObject *parent = nullptr)
        : QObject(parent), m_companyId(companyId) {}

    void setAccessToken(const QByteArray &tok) { m_token = tok; }

signals:
    void requestReady(const QString &tag, const QNetworkRequest &req, Verb verb,
                      const QByteArray &body);

public slots:
    void exchangeCode(const QString &code) {
        QNetworkRequest req(QUrl(QString(env::kOAuthHost) + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject o{{"grant_type", "authorization_code"},
                      {"code", code},
                      {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"},
                      {"client_id", qEnvironmentVariable("PROCORE_CLIENT_ID")},
                      {"client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET")}};
        emit requestReady("token", req, Verb::Post, QJsonDocument(o).toJson(QJsonDocument::Compact));
    }

    void listDrawingAreas(qint64 projectId) {
        QNetworkRequest req = api(QString("/rest/v1.1/projects/%1/drawing_areas").arg(projectId));
        emit requestReady("areas", req, Verb::Get, {});
    }

    void listDrawings(qint64 projectId, qint64 areaId) {
        QNetworkRequest req = api(QString("/rest/v1.1/projects/%1/drawing_areas/%2/drawings")
                                      .arg(projectId).arg(areaId));
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        emit requestReady("drawings", req, Verb::Get, {});
    }

    void listRevisions(qint64 projectId, qint64 drawingId) {
        QNetworkRequest req = apiForCompany(
            QString("/rest/v1.0/projects/%1/drawing_revisions?drawing_id=%2")
                .arg(projectId).arg(drawingId));
        emit requestReady("revisions", req, Verb::Get, {});
    }

    void attachMarkup(qint64 projectId, qint64 revisionId, const QString &uploadUuid) {
        QNetworkRequest req = api(QString("/rest/v1.0/projects/%1/drawing_revisions/%2")
                                      .arg(projectId).arg(revisionId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject body{{"drawing_revision", QJsonObject{{"upload_uuid", uploadUuid}}}};
        emit requestReady("markup", req, Verb::Put, QJsonDocument(body).toJson());
    }

    void removeStaleUpload(qint64 projectId, const QString &uploadUuid) {
        QNetworkRequest req = apiForCompany(
            QString("/rest/v1.0/projects/%1/uploads/%2").arg(projectId).arg(uploadUuid));
        emit requestReady("upload-delete", req, Verb::Delete, {});
    }

    void pushToStorage(const QUrl &presignedUrl, const QByteArray &pdf) {
        // presigned S3-style URL handed back by /uploads; no auth, no company header
        QNetworkRequest req(presignedUrl);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/pdf");
        emit requestReady("storage", req, Verb::Put, pdf);
    }

private:
    QNetworkRequest api(const QString &path) const {
        QNetworkRequest req(QUrl(QString(env::kApiHost) + path));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        return req;
    }
    QNetworkRequest apiForCompany(const QString &path) const {
        QNetworkRequest req = api(path);
        req.setRawHeader("procore-company-id", QByteArray::number(m_companyId));
        return req;
    }

    qint64 m_companyId;
    QByteArray m_token;
};

class DrawingWatcher : public QObject {
    Q_OBJECT
public:
    DrawingWatcher(RequestFactory *f, qint64 projectId, QObject *parent = nullptr)
        : QObject(parent), m_factory(f), m_projectId(projectId) {}

public slots:
    void onReply(const QString &tag, int status, const QByteArray &body) {
        if (status >= 400) {
            qWarning() << tag << "HTTP" << status << body.left(200);
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (tag == "token") {
            m_factory->setAccessToken(doc.object().value("access_token").toString().toUtf8());
            m_factory->listDrawingAreas(m_projectId);
        } else if (tag == "areas") {
            for (const QJsonValue &v : doc.array())
                m_factory->listDrawings(m_projectId, v.toObject().value("id").toVariant().toLongLong());
        } else if (tag == "drawings") {
            for (const QJsonValue &v : doc.array()) {
                const QJsonObject d = v.toObject();
                m_drawingIds.append(d.value("id").toInt());
                const int pages = d.value("page_count").toInt();
                qInfo() << d.value("number").toString() << "pages" << pages;
            }
            for (int id : m_drawingIds)
                m_factory->listRevisions(m_projectId, id);
        } else if (tag == "revisions") {
            for (const QJsonValue &v : doc.array()) {
                const QJsonObject r = v.toObject();
                const double revisionId = r.value("id").toDouble();
                qInfo() << "revision" << static_cast<qint64>(revisionId)
                        << QString("%1/%2/project/drawing_log").arg(env::kWebHost).arg(m_projectId);
            }
        }
    }

private:
    RequestFactory *m_factory;
    qint64 m_projectId;
    QList<int> m_drawingIds;
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        qCritical() << "usage: drawing_watcher <company_id> <project_id> <auth_code>";
        return 2;
    }
    const qint64 companyId = args.at(1).toLongLong();
    const qint64 projectId = args.at(2).toLongLong();

    Transport transport;
    RequestFactory factory(companyId);
    DrawingWatcher watcher(&factory, projectId);

    QObject::connect(&factory, &RequestFactory::requestReady, &transport, &Transport::send);
    QObject::connect(&transport, &Transport::replyReady, &watcher, &DrawingWatcher::onReply);

    factory.exchangeCode(args.at(3));
    return app.exec();
}
