// photo_uploader.cpp - drops a folder of site photos into a project album.
// Talks to the developer sandbox until the customer pilot is signed off.
// Each photo is a QRunnable on the global QThreadPool; a runnable owns its own
// QNetworkAccessManager and spins a local QEventLoop per request.
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRunnable>
#include <QSettings>
#include <QThreadPool>
#include <QUrlQuery>
#include <atomic>
#include <functional>

static const QString kLoginBase = QStringLiteral("https://sandbox.procore.com");
static const QString kApiBase = QStringLiteral("https://sandbox.procore.com");

struct Session {
    QByteArray token;
    qint64 companyId = 0;
};

static QNetworkRequest apiRequest(const Session& s, const QString& path)
{
    QNetworkRequest req(QUrl(kApiBase + path));
    req.setRawHeader("Authorization", "Bearer " + s.token);
    req.setRawHeader("Procore-Company-ID", QByteArray::number(s.companyId));
    return req;
}

// Blocking helper for use inside worker threads (and main before the pool starts).
static QByteArray waitFor(QNetworkReply* reply, int* status)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

static QByteArray refreshToken(QNetworkAccessManager& nam, const QString& refresh)
{
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
    form.addQueryItem("client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET"));
    form.addQueryItem("refresh_token", refresh);
    QNetworkRequest req(QUrl(kLoginBase + "/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    int status = 0;
    QByteArray body = waitFor(nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8()), &status);
    return QJsonDocument::fromJson(body).object().value("access_token").toString().toUtf8();
}

struct UploadResult {
    QString file;
    bool ok = false;
    int imageId = 0;
};

class PhotoUploadTask : public QRunnable {
public:
    PhotoUploadTask(Session s, qint64 projectId, qint64 albumId, QString file,
                    std::function<void(const UploadResult&)> done)
        : s_(std::move(s)), projectId_(projectId), albumId_(albumId), file_(std::move(file)), done_(std::move(done)) {}

    void run() override
    {
        QNetworkAccessManager nam;
        UploadResult res;
        res.file = file_;
        int status = 0;

        // 1. ask Procore for a presigned upload slot
        QNetworkRequest slotReq = apiRequest(s_, QString("/rest/v1.1/projects/%1/uploads").arg(projectId_));
        slotReq.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject slotBody{{"response_filename", QFileInfo(file_).fileName()},
                             {"response_content_type", "image/jpeg"}};
        QJsonObject slot = QJsonDocument::fromJson(
            waitFor(nam.post(slotReq, QJsonDocument(slotBody).toJson()), &status)).object();
        if (status != 201) { done_(res); return; }

        // 2. send the bytes straight to storage.procore.com (no Procore auth there)
        auto* form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        const QJsonObject fields = slot.value("fields").toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            QHttpPart part;
            part.setHeader(QNetworkRequest::ContentDispositionHeader, QString("form-data; name=\"%1\"").arg(it.key()));
            part.setBody(it.value().toString().toUtf8());
            form->append(part);
        }
        auto* f = new QFile(file_, form);
        f->open(QIODevice::ReadOnly);
        QHttpPart filePart;
        filePart.setHeader(QNetworkRequest::ContentDispositionHeader, "form-data; name=\"file\"; filename=\"photo.jpg\"");
        filePart.setBodyDevice(f);
        form->append(filePart);
        QNetworkReply* up = nam.post(QNetworkRequest(QUrl(slot.value("url").toString())), form);
        form->setParent(up);
        waitFor(up, &status);
        if (status >= 300) { done_(res); return; }

        // 3. register the image in the album
        QNetworkRequest imgReq(QUrl(kApiBase + QString("/rest/v1.0/images?project_id=%1").arg(projectId_)));
        imgReq.setRawHeader("Authorization", "Bearer " + s_.token);
        imgReq.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject image{{"image_category_id", QString::number(albumId_)},
                          {"upload_uuid", slot.value("uuid").toString()},
                          {"log_date", QFileInfo(file_).lastModified().date().toString(Qt::ISODate)}};
        QByteArray created = waitFor(nam.post(imgReq, QJsonDocument(QJsonObject{{"image", image}}).toJson()), &status);
        res.ok = status == 201;
        int imageId = QJsonDocument::fromJson(created).object().value("id").toInt();
        res.imageId = imageId;
        done_(res);
    }

private:
    Session s_;
    qint64 projectId_;
    qint64 albumId_;
    QString file_;
    std::function<void(const UploadResult&)> done_;
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 4) {
        qWarning("usage: photo_uploader PROJECT_ID ALBUM_NAME FOLDER");
        return 2;
    }
    QSettings settings("Acme", "PhotoUploader");
    QNetworkAccessManager nam;
    Session s;
    s.token = refreshToken(nam, settings.value("refresh_token").toString());
    s.companyId = settings.value("company_id").toInt();
    const qint64 projectId = QString(argv[1]).toLongLong();

    int status = 0;
    QNetworkRequest meReq(QUrl(kApiBase + "/rest/v1.0/me"));
    meReq.setRawHeader("Authorization", "Bearer " + s.token);
    QJsonObject me = QJsonDocument::fromJson(waitFor(nam.get(meReq), &status)).object();
    if (status == 401) {
        qWarning("session expired; re-authorize at %s/oauth/authorize", qPrintable(QString("https://login-sandbox.procore.com")));
        return 1;
    }
    qInfo("uploading as %s", qPrintable(me.value("login").toString()));

    QNetworkRequest catReq = apiRequest(s, QString("/rest/v1.0/image_categories?project_id=%1").arg(projectId));
    QJsonArray cats = QJsonDocument::fromJson(waitFor(nam.get(catReq), &status)).array();
    QMap<QString, qint64> albums;
    for (const auto& c : cats)
        albums.insert(c.toObject().value("name").toString(), c.toObject().value("id").toVariant().toLongLong());
    if (!albums.contains(argv[2])) {
        qWarning("no album named %s", argv[2]);
        return 1;
    }
    const qint64 albumId = albums.value(argv[2]);

    QMutex resultsMu;
    QList<UploadResult> results;
    std::atomic<int> pending{0};
    const QStringList photos = QDir(argv[3]).entryList({"*.jpg", "*.jpeg"}, QDir::Files);
    QThreadPool::globalInstance()->setMaxThreadCount(4);
    for (const QString& name : photos) {
        ++pending;
        QThreadPool::globalInstance()->start(new PhotoUploadTask(s, projectId, albumId, QDir(argv[3]).filePath(name),
                                                                 [&](const UploadResult& r) {
                                                                     QMutexLocker lock(&resultsMu);
                                                                     results.append(r);
                                                                     --pending;
                                                                 }));
    }
    QThreadPool::globalInstance()->waitForDone();

    int failed = 0;
    for (const auto& r : results) {
        if (!r.ok) ++failed;
        qInfo("%s -> %s", qPrintable(r.file), r.ok ? qPrintable(QString::number(r.imageId)) : "FAILED");
    }
    qInfo("%d of %d photos uploaded; album: https://app.procore.com/%lld/project/photos", int(results.size()) - failed,
          int(photos.size()), static_cast<long long>(projectId));
    return failed ? 1 : 0;
}
