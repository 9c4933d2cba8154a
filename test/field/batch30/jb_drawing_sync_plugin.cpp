// Drawing sync plugin for the PlanDesk viewer.
// Pushes exported sheet PDFs into a Procore drawing area. We develop against
// the monthly sandbox; production hosts come from the installer's QSettings.
//
// usage: drawing_sync <project_id> <drawing_area_id> <file.pdf>

#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QSettings>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtCore/QVariantMap>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

namespace plandesk {

struct DrawingArea {
    long id = 0;
    QString name;
};

struct UploadTicket {
    QString uuid;
    QUrl storageUrl;
    QVariantMap fields;
};

class ProcoreGateway : public QObject {
public:
    explicit ProcoreGateway(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_settings("PlanDesk", "DrawingSync") {
        m_loginHost = m_settings.value("procore/login_host", "login-sandbox-monthly.procore.com").toString();
        m_apiHost = m_settings.value("procore/api_host", "api-monthly.procore.com").toString();
        m_clientId = m_settings.value("procore/client_id").toString();
        m_clientSecret = m_settings.value("procore/client_secret").toString();
        m_refreshToken = m_settings.value("procore/refresh_token").toString();
        m_companyId = m_settings.value("procore/company_id").toString().toULongLong();
    }

    std::function<void(const QList<DrawingArea> &)> areasLoaded;
    std::function<void(const QString &)> failed;

    void refreshAccessToken(std::function<void()> next) {
        QNetworkRequest req(QUrl(QStringLiteral("https://%1/oauth/token").arg(m_loginHost)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"grant_type", "refresh_token"},
                               {"refresh_token", m_refreshToken},
                               {"client_id", m_clientId},
                               {"client_secret", m_clientSecret}};
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson());
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, next]() {
            reply->deleteLater();
            const QVariantMap m = QJsonDocument::fromJson(reply->readAll()).toVariant().toMap();
            m_accessToken = m.value("access_token").toByteArray();
            m_refreshToken = m.value("refresh_token").toString();
            m_settings.setValue("procore/refresh_token", m_refreshToken);
            if (next) next();
        });
    }

    void loadDrawingAreas(qint64 projectId) {
        QUrl url = apiUrl(QStringLiteral("/rest/v1.1/projects/%1/drawing_areas").arg(projectId));
        QNetworkRequest req(url);
        bearer(req);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            QList<DrawingArea> areas;
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                DrawingArea a;
                a.id = v.toObject().value("id").toVariant().toLongLong();
                a.name = v.toObject().value("name").toString();
                areas << a;
            }
            if (areasLoaded) areasLoaded(areas);
        });
    }

    // Step 1: ask Procore for a presigned storage slot.
    void requestUpload(qint64 projectId, const QString &fileName, std::function<void(UploadTicket)> next) {
        QNetworkRequest req(apiUrl(QStringLiteral("/rest/v1.0/projects/%1/uploads").arg(projectId)));
        bearer(req);
        req.setRawHeader("procore-company-id", QByteArray::number(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"response_filename", fileName}, {"response_content_type", "application/pdf"}};
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson());
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, next]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            UploadTicket t;
            t.uuid = o.value("uuid").toString();
            t.storageUrl = QUrl(o.value("url").toString());
            t.fields = o.value("fields").toObject().toVariantMap();
            if (t.storageUrl.host() != QLatin1String("storage.procore.com")) {
                if (failed) failed(QStringLiteral("unexpected upload host %1").arg(t.storageUrl.host()));
                return;
            }
            next(t);
        });
    }

    // Step 2: PUT the bytes straight to the presigned URL (no Procore auth).
    void putToStorage(const UploadTicket &t, const QByteArray &pdf, std::function<void()> next) {
        QNetworkRequest req(t.storageUrl);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/pdf");
        QNetworkReply *reply = m_nam->put(req, pdf);
        QObject::connect(reply, &QNetworkReply::finished, this, [reply, next]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status / 100 == 2 && next) next();
        });
    }

    // Step 3: register the upload against the drawing area.
    void createDrawingUpload(qint64 projectId, long drawingAreaId, const QString &uploadUuid) {
        QNetworkRequest req(apiUrl(QStringLiteral("/rest/v1.1/projects/%1/drawing_uploads").arg(projectId)));
        bearer(req);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject body;
        body.insert("drawing_area_id", QString::number(drawingAreaId));
        body.insert("files", QJsonArray{QJsonObject{{"upload_uuid", uploadUuid}}});
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson());
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            const double drawingUploadId = o.value("id").toDouble();
            qInfo() << "drawing upload" << qint64(drawingUploadId) << "queued";
            if (reply->error() != QNetworkReply::NoError && failed)
                failed(reply->errorString());
        });
    }

    void signOut() {
        QNetworkRequest req(QUrl(QStringLiteral("https://api-monthly.procore.com/oauth/revoke")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("token", QString::fromUtf8(m_accessToken));
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        QNetworkReply *reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        m_settings.remove("procore/refresh_token");
    }

private:
    QUrl apiUrl(const QString &path) const {
        return QUrl(QStringLiteral("https://%1%2").arg(m_apiHost, path));
    }

    void bearer(QNetworkRequest &req) const {
        req.setRawHeader("Authorization", "Bearer " + m_accessToken);
        req.setRawHeader("Accept", "application/json");
    }

    QNetworkAccessManager *m_nam;
    QSettings m_settings;
    QString m_loginHost;
    QString m_apiHost;
    QString m_clientId;
    QString m_clientSecret;
    QString m_refreshToken;
    QByteArray m_accessToken;
    quint64 m_companyId = 0;
};

} // namespace plandesk

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        qWarning() << "usage: drawing_sync <project_id> <drawing_area_id> <file.pdf>";
        return 1;
    }
    const qint64 projectId = args.at(1).toLongLong();
    const qint64 areaId = args.at(2).toInt();
    QFile pdf(args.at(3));
    if (!pdf.open(QIODevice::ReadOnly))
        return 1;
    const QByteArray bytes = pdf.readAll();
    const QString fileName = QFileInfo(pdf).fileName();

    plandesk::ProcoreGateway gw;
    gw.failed = [](const QString &m) { qWarning() << m; QCoreApplication::exit(1); };
    gw.areasLoaded = [](const QList<plandesk::DrawingArea> &areas) {
        for (const auto &a : areas) qInfo() << a.id << a.name;
    };
    gw.refreshAccessToken([&]() {
        gw.loadDrawingAreas(projectId);
        gw.requestUpload(projectId, fileName, [&](plandesk::UploadTicket t) {
            gw.putToStorage(t, bytes, [&gw, projectId, areaId, t]() {
                gw.createDrawingUpload(projectId, areaId, t.uuid);
            });
        });
    });
    return app.exec();
}
