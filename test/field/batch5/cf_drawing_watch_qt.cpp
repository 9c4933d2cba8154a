// cf_drawing_watch_qt.cpp - polls the drawing areas of a project and posts a
// Slack message when a new drawing shows up.
//
// Settings live in ~/.config/Acme/DrawingWatch.conf (or the INI file given as
// argv[1]); PROCORE_* environment variables win over the file.
#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QSet>
#include <QSettings>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <QtGlobal>

#include <memory>

namespace {

struct Config {
    QString loginHost;
    QString apiHost;
    QString clientId;
    QString clientSecret;
    QString refreshToken;
    QString slackWebhook;
    qint64 companyId = 0;
    qint64 projectId = 0;
    int pollSeconds = 300;
    QList<QPair<QByteArray, QByteArray>> headers;
};

Config loadConfig(QSettings& s) {
    Config cfg;
    s.beginGroup(QStringLiteral("procore"));
    cfg.loginHost = s.value(QStringLiteral("login_host"), QStringLiteral("login.procore.com")).toString();
    cfg.apiHost = s.value(QStringLiteral("api_host"), QStringLiteral("app.procore.com")).toString();
    cfg.clientId = s.value(QStringLiteral("client_id")).toString();
    cfg.clientSecret = s.value(QStringLiteral("client_secret")).toString();
    cfg.refreshToken = s.value(QStringLiteral("refresh_token")).toString();
    cfg.companyId = s.value(QStringLiteral("company_id"), 0).toLongLong();
    cfg.projectId = s.value(QStringLiteral("project_id"), 0).toInt();
    cfg.pollSeconds = s.value(QStringLiteral("poll_seconds"), 300).toInt();
    s.endGroup();
    cfg.slackWebhook = s.value(QStringLiteral("slack/webhook")).toString();

    // Environment overrides (CI and the docker image set these).
    cfg.loginHost = qEnvironmentVariable("PROCORE_LOGIN_HOST", cfg.loginHost);
    cfg.apiHost = qEnvironmentVariable("PROCORE_API_HOST", cfg.apiHost);
    cfg.refreshToken = qEnvironmentVariable("PROCORE_REFRESH_TOKEN", cfg.refreshToken);
    if (qEnvironmentVariableIsSet("PROCORE_COMPANY_ID"))
        cfg.companyId = qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong();

    // Extra headers: [headers] section, one key per header.
    s.beginGroup(QStringLiteral("headers"));
    const QStringList keys = s.childKeys();
    for (const QString& k : keys)
        cfg.headers.append({k.toUtf8(), s.value(k).toString().toUtf8()});
    s.endGroup();
    if (keys.isEmpty()) {
        cfg.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
        cfg.headers.append(qMakePair(QByteArray("Procore-Company-Id"), QByteArray::number(cfg.companyId)));
    }
    return cfg;
}

class DrawingWatcher {
public:
    DrawingWatcher(Config cfg, QNetworkAccessManager* nam) : cfg_(std::move(cfg)), nam_(nam) {}

    void start() {
        refreshToken();
        QObject::connect(&timer_, &QTimer::timeout, nam_, [this] { listAreas(); });
        timer_.start(cfg_.pollSeconds * 1000);
    }

private:
    QNetworkRequest apiRequest(const QString& path, bool withConfigHeaders = true) const {
        QNetworkRequest req(QUrl(QStringLiteral("https://%1%2").arg(cfg_.apiHost, path)));
        req.setRawHeader("Authorization", "Bearer " + token_);
        if (withConfigHeaders) {
            for (const auto& h : cfg_.headers)
                req.setRawHeader(h.first, h.second);
        }
        return req;
    }

    void refreshToken() {
        QNetworkRequest req(QUrl(QStringLiteral("https://%1/oauth/token").arg(cfg_.loginHost)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("client_id"), cfg_.clientId);
        form.addQueryItem(QStringLiteral("client_secret"), cfg_.clientSecret);
        form.addQueryItem(QStringLiteral("refresh_token"), cfg_.refreshToken);
        QNetworkReply* reply = nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, nam_, [this, reply] {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            token_ = o.value(QStringLiteral("access_token")).toString().toUtf8();
            const QString rt = o.value(QStringLiteral("refresh_token")).toString();
            if (!rt.isEmpty()) cfg_.refreshToken = rt;
            whoAmI();
            listAreas();
        });
    }

    void whoAmI() {
        // /me is not company scoped, so skip the configured header set.
        QNetworkReply* reply = nam_->get(apiRequest(QStringLiteral("/rest/v1.0/me"), false));
        QObject::connect(reply, &QNetworkReply::finished, nam_, [reply] {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            qInfo("watching as %s", qPrintable(me.value(QStringLiteral("login")).toString()));
        });
    }

    void listAreas() {
        const QString path = QStringLiteral("/rest/v1.0/projects/%1/drawing_areas").arg(cfg_.projectId);
        QNetworkReply* reply = nam_->get(apiRequest(path));
        QObject::connect(reply, &QNetworkReply::finished, nam_, [this, reply] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 401) {
                refreshToken();
                return;
            }
            const QJsonArray areas = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : areas) {
                const QJsonObject a = v.toObject();
                const qint64 areaId = a.value(QStringLiteral("id")).toVariant().toLongLong();
                areaNames_.insert(areaId, a.value(QStringLiteral("name")).toString());
                listDrawings(areaId);
            }
        });
    }

    void listDrawings(qint64 areaId) {
        const QString path = QStringLiteral("/rest/v1.0/drawing_areas/%1/drawings?project_id=%2")
                                 .arg(areaId)
                                 .arg(cfg_.projectId);
        QNetworkReply* reply = nam_->get(apiRequest(path));
        QObject::connect(reply, &QNetworkReply::finished, nam_, [this, reply, areaId] {
            reply->deleteLater();
            const QJsonArray drawings = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : drawings) {
                const QJsonObject d = v.toObject();
                const qint64 drawingId = d.value(QStringLiteral("id")).toVariant().toLongLong();
                if (seen_.contains(drawingId)) continue;
                seen_.insert(drawingId);
                if (!firstPass_) notify(areaNames_.value(areaId), d.value(QStringLiteral("number")).toString());
            }
            firstPass_ = false;
        });
    }

    void notify(const QString& area, const QString& number) {
        if (cfg_.slackWebhook.isEmpty()) return;
        const QString link = QStringLiteral("https://app.procore.com/%1/project/drawing_log").arg(cfg_.projectId);
        QJsonObject msg;
        msg.insert(QStringLiteral("text"),
                   QStringLiteral("New drawing %1 in %2: %3").arg(number, area, link));
        QNetworkRequest req{QUrl(cfg_.slackWebhook)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply* reply = nam_->post(req, QJsonDocument(msg).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    Config cfg_;
    QNetworkAccessManager* nam_;
    QTimer timer_;
    QByteArray token_;
    QSet<qint64> seen_;
    QHash<int, QString> areaNames_;
    bool firstPass_ = true;
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Acme"));
    QCoreApplication::setApplicationName(QStringLiteral("DrawingWatch"));

    std::unique_ptr<QSettings> settings =
        argc > 1 ? std::make_unique<QSettings>(QString::fromLocal8Bit(argv[1]), QSettings::IniFormat)
                 : std::make_unique<QSettings>();
    QNetworkAccessManager nam;
    DrawingWatcher watcher(loadConfig(*settings), &nam);
    watcher.start();
    return app.exec();
}
