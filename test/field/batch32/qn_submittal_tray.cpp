// qn_submittal_tray.cpp
// Tray plugin backend: polls Procore for submittals where the signed-in user
// is ball-in-court and produces notification rows for the shell.
// Qt5 Core + Network only; built without moc, so no Q_OBJECT here.

#include <QCoreApplication>
#include <QDateTime>
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
#include <QVector>

namespace {

const QString kLoginBase = QStringLiteral("https://login.procore.com");
const QString kApiBase = QStringLiteral("https://api.procore.com");
// Only used to build "open in browser" links for the notification balloon.
const QString kWebBase = QStringLiteral("https://app.procore.com");

struct Submittal {
    qint64 id = 0;
    qint64 projectId = 0;
    QString number;
    int revision = 0;
    QString title;
    QString status;
    QDateTime dueDate;
};

struct Session {
    QString accessToken;
    QString refreshToken;
    qint64 companyId = 0;
    qint64 userId = 0;
};

QByteArray fetch(QNetworkAccessManager &nam, QNetworkRequest req)
{
    QEventLoop loop;
    QNetworkReply *reply = nam.get(req);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        qWarning() << "GET" << req.url().path() << "->" << status << reply->errorString();
    reply->deleteLater();
    return body;
}

QByteArray postForm(QNetworkAccessManager &nam, QNetworkRequest req, const QUrlQuery &form)
{
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QEventLoop loop;
    QNetworkReply *reply = nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

QNetworkRequest apiRequest(const QString &path, const Session &s, const QUrlQuery &query = {})
{
    QUrl url(kApiBase + path);
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + s.accessToken.toUtf8());
    req.setRawHeader("Accept", "application/json");
    return req;
}

bool exchangeCode(QNetworkAccessManager &nam, Session &s, const QString &code)
{
    QSettings settings;
    QUrlQuery form;
    form.addQueryItem("grant_type", "authorization_code");
    form.addQueryItem("code", code);
    form.addQueryItem("client_id", settings.value("oauth/client_id").toString());
    form.addQueryItem("client_secret", settings.value("oauth/client_secret").toString());
    form.addQueryItem("redirect_uri", "http://localhost:8765/callback");

    QNetworkRequest req(QUrl(kLoginBase + "/oauth/token"));
    const QJsonObject tok = QJsonDocument::fromJson(postForm(nam, req, form)).object();
    s.accessToken = tok.value("access_token").toString();
    s.refreshToken = tok.value("refresh_token").toString();
    settings.setValue("oauth/refresh_token", s.refreshToken);
    return !s.accessToken.isEmpty();
}

void loadIdentity(QNetworkAccessManager &nam, Session &s)
{
    QSettings settings;
    s.companyId = settings.value("procore/company_id").toLongLong();
    const QJsonObject me = QJsonDocument::fromJson(fetch(nam, apiRequest("/rest/v1.0/me", s))).object();
    s.userId = me.value("id").toVariant().toLongLong();
    qDebug() << "signed in as" << me.value("login").toString();
}

QVector<qint64> activeProjects(QNetworkAccessManager &nam, const Session &s)
{
    QVector<qint64> ids;
    int page = 1;
    const int perPage = 100;
    for (;;) {
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(s.companyId));
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", QString::number(perPage));
        QNetworkRequest req = apiRequest("/rest/v1.0/projects", s, q);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(s.companyId));
        const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, req)).array();
        for (const QJsonValue &v : arr) {
            const QJsonObject p = v.toObject();
            if (p.value("active").toBool())
                ids.append(p.value("id").toVariant().toLongLong());
        }
        if (arr.size() < perPage)
            break;
        ++page;
    }
    return ids;
}

QVector<Submittal> ballInCourt(QNetworkAccessManager &nam, const Session &s, qint64 projectId)
{
    QUrlQuery q;
    q.addQueryItem("filters[ball_in_court_id]", QString::number(s.userId));
    q.addQueryItem("per_page", "200");
    const QNetworkRequest req = apiRequest(
        QStringLiteral("/rest/v1.1/projects/%1/submittals").arg(projectId), s, q);
    const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, req)).array();

    QVector<Submittal> out;
    out.reserve(arr.size());
    for (const QJsonValue &v : arr) {
        const QJsonObject o = v.toObject();
        Submittal sub;
        sub.id = o.value("id").toInt();
        sub.projectId = projectId;
        sub.number = o.value("number").toString();
        sub.revision = o.value("revision").toInt();
        sub.title = o.value("title").toString();
        sub.status = o.value("status").toObject().value("name").toString();
        sub.dueDate = QDateTime::fromString(o.value("due_date").toString(), Qt::ISODate);
        out.append(sub);
    }
    return out;
}

QString browserLink(const Session &s, const Submittal &sub)
{
    return QStringLiteral("%1/%2/project/submittal_logs/%3")
        .arg(kWebBase).arg(sub.projectId).arg(sub.id) + "?company=" + QString::number(s.companyId);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("SiteDesk");
    QCoreApplication::setApplicationName("SubmittalTray");

    QNetworkAccessManager nam;
    Session session;
    if (argc > 1) {
        if (!exchangeCode(nam, session, QString::fromLocal8Bit(argv[1]))) {
            qCritical() << "token exchange failed";
            return 1;
        }
    } else {
        QSettings settings;
        session.accessToken = settings.value("oauth/access_token").toString();
    }
    loadIdentity(nam, session);

    QHash<int, QDateTime> lastNotified;
    int pollCount = 0;
    auto poll = [&]() {
        ++pollCount;
        for (qint64 pid : activeProjects(nam, session)) {
            for (const Submittal &sub : ballInCourt(nam, session, pid)) {
                if (lastNotified.contains(sub.id))
                    continue;
                lastNotified.insert(sub.id, QDateTime::currentDateTimeUtc());
                qInfo().noquote() << "[submittal]" << sub.number << "rev" << sub.revision
                                  << sub.title << "due" << sub.dueDate.toString(Qt::ISODate)
                                  << browserLink(session, sub);
            }
        }
        qDebug() << "poll" << pollCount << "done," << lastNotified.size() << "tracked";
    };

    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, poll);
    timer.start(5 * 60 * 1000);
    QTimer::singleShot(0, poll);
    return app.exec();
}
