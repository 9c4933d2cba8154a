// drawing_uploader.cpp - "Publish to Procore" command of the CAD plugin.
// Uploads the exported PDF set into a project's drawing area.
// Backend chosen at build time; the plugin ships with the Qt one.
#ifndef USE_CURL
#define USE_QT 1
#endif

#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(USE_QT)
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>
#elif defined(USE_CURL)
#include <curl/curl.h>
#include <string>
#else
#error "select an HTTP backend: -DUSE_QT or -DUSE_CURL"
#endif

#ifdef _WIN32
#define XP_PATH_SEP '\\'
#define xp_snprintf _snprintf
#else
#define XP_PATH_SEP '/'
#define xp_snprintf snprintf
#endif

#define PLUG_LOG(fmt, ...) std::fprintf(stderr, "[publish] %s:%d " fmt "\n", __FILE__, __LINE__, ##__VA_ARGS__)

#define DEFAULT_PROCORE_ENV "production"
#define WEB_BASE            "https://app.procore.com"

struct EnvHosts {
    const char* name;
    const char* login;
    const char* api;
};

static const EnvHosts kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

static const EnvHosts& pick_env() {
    const char* want = std::getenv("PROCORE_ENV");
    if (!want || !*want) want = DEFAULT_PROCORE_ENV;
    for (const auto& e : kEnvironments)
        if (std::strcmp(e.name, want) == 0) return e;
    return kEnvironments[0];
}

#if defined(USE_QT)
// Blocking wrapper around QNetworkAccessManager: the plugin host calls us
// from a worker thread, so we spin a local event loop per request.
class PlatformHttp {
public:
    struct Result {
        int status = 0;
        QByteArray body;
    };

    Result wait(QNetworkReply* reply) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        Result r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError)
            PLUG_LOG("%s: %s", qPrintable(reply->url().toString()), qPrintable(reply->errorString()));
        reply->deleteLater();
        return r;
    }

    QNetworkAccessManager* manager() { return &nam_; }

private:
    QNetworkAccessManager nam_;
};

class DrawingPublisher {
public:
    DrawingPublisher(const EnvHosts& env, qint64 companyId, qint64 projectId)
        : env_(env), companyId_(companyId), projectId_(projectId) {}

    bool refresh(const QString& clientId, const QString& clientSecret, const QString& refreshToken) {
        QNetworkRequest req(QUrl(QString(env_.login) + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("client_secret", clientSecret);
        form.addQueryItem("refresh_token", refreshToken);
        auto r = http_.wait(http_.manager()->post(req, form.toString(QUrl::FullyEncoded).toUtf8()));
        token_ = QJsonDocument::fromJson(r.body).object().value("access_token").toString();
        return r.status == 200 && !token_.isEmpty();
    }

    QNetworkRequest procoreRequest(const QString& path) const {
        QNetworkRequest req(QUrl(QString(env_.api) + path));
        req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    bool areaExists(qint64 areaId) {
        auto r = http_.wait(http_.manager()->get(
            procoreRequest(QString("/rest/v1.0/projects/%1/drawing_areas").arg(projectId_))));
        for (const auto& v : QJsonDocument::fromJson(r.body).array())
            if (v.toObject().value("id").toVariant().toLongLong() == areaId) return true;
        return false;
    }

    // Step 1+2: reserve an upload slot and PUT the file to the presigned storage URL.
    QString uploadFile(const QString& localPath) {
        QNetworkRequest req(QUrl(QString(env_.api) + QString("/rest/v1.0/projects/%1/uploads").arg(projectId_)));
        req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject body{{"response_filename", QFileInfo(localPath).fileName()},
                         {"response_content_type", "application/pdf"}};
        auto slot = http_.wait(http_.manager()->post(req, QJsonDocument(body).toJson()));
        QJsonObject up = QJsonDocument::fromJson(slot.body).object();

        QFile f(localPath);
        if (slot.status != 201 || !f.open(QIODevice::ReadOnly)) return QString();
        QNetworkRequest put(QUrl(up.value("url").toString()));   // https://storage.procore.com/...
        put.setHeader(QNetworkRequest::ContentTypeHeader, "application/pdf");
        auto stored = http_.wait(http_.manager()->put(put, f.readAll()));
        return stored.status / 100 == 2 ? up.value("uuid").toString() : QString();
    }

    // Step 3: turn the uploaded files into a drawing upload in the chosen area.
    bool publish(qint64 areaId, const QStringList& uuids) {
        QJsonArray files;
        for (const auto& u : uuids) files.append(QJsonObject{{"upload_uuid", u}});
        QJsonObject payload{{"drawing_area_id", areaId}, {"files", files}};
        auto r = http_.wait(http_.manager()->post(
            procoreRequest(QString("/rest/v1.1/projects/%1/drawing_uploads").arg(projectId_)),
            QJsonDocument(payload).toJson()));
        const int drawingUploadId = QJsonDocument::fromJson(r.body).object().value("id").toInt();
        PLUG_LOG("drawing upload %d -> HTTP %d", drawingUploadId, r.status);
        return r.status == 201;
    }

    QString reviewLink(qint64 areaId) const {
        return QString("%1/%2/project/drawing_areas/%3/drawing_log").arg(WEB_BASE).arg(projectId_).arg(areaId);
    }

private:
    PlatformHttp http_;
    const EnvHosts& env_;
    qint64 companyId_;
    qint64 projectId_;
    QString token_;
};
#endif  // USE_QT

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const EnvHosts& env = pick_env();
    const qint64 companyId = qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong();
    const qint64 projectId = qEnvironmentVariable("PROCORE_PROJECT_ID").toLongLong();
    const int areaId = qEnvironmentVariableIntValue("PROCORE_DRAWING_AREA_ID");

    DrawingPublisher pub(env, companyId, projectId);
    if (!pub.refresh(qEnvironmentVariable("PROCORE_CLIENT_ID"), qEnvironmentVariable("PROCORE_CLIENT_SECRET"),
                     qEnvironmentVariable("PROCORE_REFRESH_TOKEN"))) {
        PLUG_LOG("sign-in to %s failed", env.login);
        return 1;
    }
    if (!pub.areaExists(areaId)) {
        PLUG_LOG("drawing area %lld not found in project %lld", static_cast<long long>(areaId),
                 static_cast<long long>(projectId));
        return 1;
    }

    QStringList uuids;
    for (int i = 1; i < argc; ++i) {
        QString uuid = pub.uploadFile(QString::fromLocal8Bit(argv[i]));
        if (uuid.isEmpty()) {
            PLUG_LOG("upload of %s failed", argv[i]);
            return 1;
        }
        uuids << uuid;
    }
    if (uuids.isEmpty() || !pub.publish(areaId, uuids)) return 1;
    std::printf("Published %d sheet(s). Review: %s\n", static_cast<int>(uuids.size()),
                qPrintable(pub.reviewLink(areaId)));
    return 0;
}
