// qn_daily_log_plugin.cpp
// Field-office desktop plugin: pulls today's manpower log for the selected
// project from the Procore monthly sandbox, totals headcount per vendor and
// posts a summary to the site team's Slack channel.
// Qt5 Core/Network; no moc, signals hooked up with lambdas.

#include <QCoreApplication>
#include <QDate>
#include <QDebug>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

namespace cfg {
const char kLogin[] = "https://login-sandbox-monthly.procore.com";
const char kApi[] = "https://api-monthly.procore.com";
const char kSlackHook[] = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
const int kMaxAttempts = 4;
} // namespace cfg

struct Crew {
    long vendorId = 0;
    QString vendorName;
    int workers = 0;
    double hours = 0.0;
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

using JsonHandler = std::function<void(const QJsonDocument &)>;

// Async GET with backoff for the rate-limited endpoints (429 / 503).
static void getWithRetry(QNetworkAccessManager *nam, const QNetworkRequest &req, int attempt,
                         JsonHandler done)
{
    QNetworkReply *reply = nam->get(req);
    QObject::connect(reply, &QNetworkReply::finished, [=]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if ((status == 429 || status == 503) && attempt < cfg::kMaxAttempts) {
            const int delayMs = 1000 << attempt;
            qWarning() << "HTTP" << status << "- retrying in" << delayMs << "ms";
            const QByteArray auth = req.rawHeader("Authorization");
            QTimer::singleShot(delayMs, [=]() {
                QNetworkRequest again(req.url());
                again.setRawHeader("Authorization", auth);
                getWithRetry(nam, again, attempt + 1, done);
            });
            return;
        }
        done(QJsonDocument::fromJson(reply->readAll()));
    });
}

static QString exchangeCode(QNetworkAccessManager &nam, const QString &code)
{
    QSettings s;
    QUrlQuery form;
    form.addQueryItem("grant_type", "authorization_code");
    form.addQueryItem("code", code);
    form.addQueryItem("client_id", s.value("oauth/client_id").toString());
    form.addQueryItem("client_secret", s.value("oauth/client_secret").toString());
    form.addQueryItem("redirect_uri", "urn:ietf:wg:oauth:2.0:oob");
    QNetworkRequest req(QUrl(QString(cfg::kLogin) + "/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QEventLoop loop;
    QNetworkReply *reply = nam.post(req, form.query(QUrl::FullyEncoded).toUtf8());
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject tok = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return tok.value("access_token").toString();
}

static void postToSlack(QNetworkAccessManager &nam, const QString &text)
{
    QNetworkRequest req(QUrl(QString::fromLatin1(cfg::kSlackHook)));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QEventLoop loop;
    QNetworkReply *reply = nam.post(req, QJsonDocument(QJsonObject{{"text", text}}).toJson());
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("FieldOffice");
    QCoreApplication::setApplicationName("DailyLogPlugin");
    if (argc < 2) {
        qCritical() << "usage: daily_log_plugin <authorization-code>";
        return 64;
    }

    QSettings settings;
    const QVariant companyVar = settings.value("procore/company_id");
    const int projectId = settings.value("procore/project_id").toInt();
    const QByteArray companyHeader = companyVar.toString().toUtf8();

    QNetworkAccessManager nam;
    const QString token = exchangeCode(nam, QString::fromLocal8Bit(argv[1]));
    if (token.isEmpty())
        return 1;
    const QByteArray bearer = "Bearer " + token.toUtf8();

    QNetworkRequest meReq(QUrl(QString(cfg::kApi) + "/rest/v1.0/me"));
    meReq.setRawHeader("Authorization", bearer);
    const QJsonObject me = QJsonDocument::fromJson(fetch(nam, meReq)).object();
    const QString reporter = me.value("name").toString();

    QNetworkRequest projReq(QUrl(QString(cfg::kApi) +
                                 QStringLiteral("/rest/v1.0/projects/%1").arg(projectId)));
    projReq.setRawHeader("Authorization", bearer);
    projReq.setRawHeader("Procore-Company-Id", companyHeader);
    const QJsonObject project = QJsonDocument::fromJson(fetch(nam, projReq)).object();
    const QString projectName = project.value("name").toString();

    const QString today = QDate::currentDate().toString(Qt::ISODate);
    QUrl logsUrl(QString(cfg::kApi) +
                 QStringLiteral("/rest/v1.0/projects/%1/manpower_logs").arg(projectId));
    QUrlQuery q;
    q.addQueryItem("log_date", today);
    logsUrl.setQuery(q);
    QNetworkRequest logsReq(logsUrl);
    logsReq.setRawHeader("Authorization", bearer);
    logsReq.setRawHeader("Procore-Company-Id", companyHeader);

    getWithRetry(&nam, logsReq, 1, [&](const QJsonDocument &doc) {
        QHash<long, Crew> crews;
        int totalWorkers = 0;
        for (const QJsonValue &v : doc.array()) {
            const QJsonObject o = v.toObject();
            const QJsonObject vendor = o.value("vendor").toObject();
            const long vid = static_cast<long>(vendor.value("id").toVariant().toLongLong());
            Crew &c = crews[vid];
            c.vendorId = vid;
            c.vendorName = vendor.value("name").toString();
            c.workers += o.value("num_workers").toInt();
            c.hours += o.value("num_hours").toDouble();
            totalWorkers += o.value("num_workers").toInt();
        }

        QStringList lines;
        lines << QStringLiteral("*%1* manpower for %2 (%3 workers), reported by %4")
                     .arg(projectName, today).arg(totalWorkers).arg(reporter);
        for (const Crew &c : crews)
            lines << QStringLiteral("• %1: %2 workers, %3 h")
                         .arg(c.vendorName).arg(c.workers).arg(c.hours, 0, 'f', 1);
        lines << QStringLiteral("https://app.procore.com/%1/project/manpower_logs").arg(projectId);
        postToSlack(nam, lines.join('\n'));
        QCoreApplication::quit();
    });
    return app.exec();
}
