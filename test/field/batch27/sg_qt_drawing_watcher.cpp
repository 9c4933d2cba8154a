// drawing_watcher: headless Qt tool that watches a project's drawing log in the
// monthly sandbox and mirrors every new revision PDF into a local folder.
// No moc: everything is driven by lambdas connected to QTimer::timeout and
// QNetworkReply::finished. Request building and sending are separate slots on
// the same timer, with the shared decorate slot connected between them.
#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>
#include <QVariant>

static const char* kTokenUrl = "https://api-monthly.procore.com/oauth/token";
static const char* kApiBase = "https://api-monthly.procore.com";
static const char* kWebBase = "https://app.procore.com";

struct SessionState {
    QString accessToken;
    QString refreshToken;
    qint64 companyId = 0;
    qint64 projectId = 0;
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        qCritical() << "usage: drawing_watcher <company_id> <project_id> <out_dir>";
        return 2;
    }

    SessionState s;
    s.companyId = args.at(1).toLongLong();
    s.projectId = args.at(2).toLongLong();
    s.refreshToken = qEnvironmentVariable("PROCORE_REFRESH_TOKEN");
    QDir outDir(args.at(3));
    outDir.mkpath(QStringLiteral("."));

    QNetworkAccessManager nam;
    QTimer tokenTimer;
    QTimer pollTimer;
    QTimer revisionTimer;
    QHash<int, QString> revisionNumbers;
    QNetworkRequest areasReq;
    QNetworkRequest revisionsReq;

    auto apiRequest = [&](const QString& path) {
        QNetworkRequest req(QUrl(QString::fromLatin1(kApiBase) + path));
        req.setRawHeader("Authorization", "Bearer " + s.accessToken.toUtf8());
        req.setRawHeader("Accept", "application/json");
        return req;
    };

    // Shared "decorate request" slot body.
    auto decorate = [&](QNetworkRequest& req) {
        req.setRawHeader("Procore-Company-Id", QByteArray::number(s.companyId));
    };

    // ---- token refresh -----------------------------------------------------
    QObject::connect(&tokenTimer, &QTimer::timeout, [&] {
        tokenTimer.setInterval(90 * 60 * 1000);
        QNetworkRequest req{QUrl(QString::fromLatin1(kTokenUrl))};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"grant_type", "refresh_token"},
                               {"refresh_token", s.refreshToken},
                               {"client_id", qEnvironmentVariable("PROCORE_CLIENT_ID")},
                               {"client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET")}};
        QNetworkReply* reply = nam.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, [&, reply] {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                qWarning() << "token refresh failed:" << reply->errorString();
                return;
            }
            const QJsonObject tok = QJsonDocument::fromJson(reply->readAll()).object();
            s.accessToken = tok.value("access_token").toString();
            s.refreshToken = tok.value("refresh_token").toString(s.refreshToken);
            if (!pollTimer.isActive()) {
                QNetworkReply* me = nam.get(apiRequest(QStringLiteral("/rest/v1.0/me")));
                QObject::connect(me, &QNetworkReply::finished, [me] {
                    me->deleteLater();
                    const QJsonObject who = QJsonDocument::fromJson(me->readAll()).object();
                    qInfo() << "watching drawings as" << who.value("login").toString();
                });
                pollTimer.start(5 * 60 * 1000);
                revisionTimer.start(15 * 60 * 1000);
            }
        });
    });

    // ---- drawing areas: build -> decorate -> send ---------------------------
    QObject::connect(&pollTimer, &QTimer::timeout, [&] {
        areasReq = apiRequest(QStringLiteral("/rest/v1.0/projects/%1/drawing_areas").arg(s.projectId));
    });
    QObject::connect(&pollTimer, &QTimer::timeout, [&] { decorate(areasReq); });
    QObject::connect(&pollTimer, &QTimer::timeout, [&] {
        QNetworkReply* reply = nam.get(areasReq);
        QObject::connect(reply, &QNetworkReply::finished, [&, reply] {
            reply->deleteLater();
            const QJsonArray areas = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : areas) {
                const int areaId = v.toObject().value("id").toInt();
                QNetworkRequest req = apiRequest(
                    QStringLiteral("/rest/v1.1/drawing_areas/%1/drawings?project_id=%2")
                        .arg(areaId)
                        .arg(s.projectId));
                decorate(req);
                QNetworkReply* dr = nam.get(req);
                QObject::connect(dr, &QNetworkReply::finished, [dr, areaId] {
                    dr->deleteLater();
                    const QJsonArray drawings = QJsonDocument::fromJson(dr->readAll()).array();
                    qInfo() << "area" << areaId << "holds" << drawings.size() << "drawings";
                });
            }
        });
    });

    // ---- revisions: build -> send --------------------------------------------
    QObject::connect(&revisionTimer, &QTimer::timeout, [&] {
        revisionsReq = apiRequest(
            QStringLiteral("/rest/v1.0/projects/%1/drawing_revisions?per_page=200").arg(s.projectId));
    });
    QObject::connect(&revisionTimer, &QTimer::timeout, [&] {
        QNetworkReply* reply = nam.get(revisionsReq);
        QObject::connect(reply, &QNetworkReply::finished, [&, reply] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 401) {
                tokenTimer.start(0);
                return;
            }
            const QJsonArray revs = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : revs) {
                const QJsonObject rev = v.toObject();
                const qint64 revId = rev.value("id").toVariant().toLongLong();
                const QString number = rev.value("revision_number").toString();
                if (revisionNumbers.value(revId) == number) continue;
                revisionNumbers.insert(revId, number);

                const QString pdf = rev.value("pdf_url").toString();
                if (pdf.isEmpty()) continue;
                QNetworkReply* file = nam.get(QNetworkRequest(QUrl(pdf)));
                QObject::connect(file, &QNetworkReply::finished, [&, file, revId, number] {
                    file->deleteLater();
                    QFile out(outDir.filePath(QStringLiteral("%1_rev%2.pdf").arg(revId).arg(number)));
                    if (out.open(QIODevice::WriteOnly)) out.write(file->readAll());
                    qInfo().noquote() << "new revision" << number << "see"
                                      << QString::fromLatin1(kWebBase) +
                                             QStringLiteral("/%1/project/drawing_log").arg(s.projectId);
                });
            }
        });
    });

    tokenTimer.start(0);
    return app.exec();
}
