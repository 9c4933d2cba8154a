// RFI tray plugin: polls open RFIs assigned to the signed-in user and posts a
// digest to the team's Slack channel. Uses a personal token that the desktop
// shell stores in PROCORE_TOKEN (the shell does the OAuth dance for us).

#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

namespace tray {

struct Rfi {
    quint32 id = 0;
    qint64 projectId = 0;
    QString number;
    QString subject;
    int daysOpen = 0;
};

struct HostPair {
    const char *login;
    const char *api;
};

static HostPair hostsFor(const QString &env) {
    if (env == QLatin1String("sandbox"))
        return {"login-sandbox.procore.com", "sandbox.procore.com"};
    if (env == QLatin1String("monthly"))
        return {"login-sandbox-monthly.procore.com", "api-monthly.procore.com"};
    return {"login.procore.com", "api.procore.com"};
}

// Sandbox token check kept separate: the shell's sandbox tokens expire hourly.
static const char kSandboxTokenInfo[] = "https://sandbox.procore.com/oauth/token/info";

class ProcoreGateway : public QObject {
public:
    explicit ProcoreGateway(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        m_envName = env.value("PROCORE_ENV", "production");
        const HostPair hp = hostsFor(m_envName);
        m_loginHost = QString::fromLatin1(hp.login);
        m_apiHost = QString::fromLatin1(hp.api);
        m_token = env.value("PROCORE_TOKEN").toUtf8();
        m_companyId = env.value("PROCORE_COMPANY_ID", "0").toLongLong();
        m_slackHook = QUrl(env.value("RFI_SLACK_WEBHOOK", "https://hooks.slack.com/services/T000/B000/XXXX"));
    }

    std::function<void(bool)> tokenChecked;
    std::function<void(qint64, const QString &)> userResolved;
    std::function<void(const QList<Rfi> &)> rfisLoaded;

    void checkToken() {
        const QUrl url = (m_envName == QLatin1String("sandbox"))
            ? QUrl(QString::fromLatin1(kSandboxTokenInfo))
            : QUrl(QStringLiteral("https://%1/oauth/token/info").arg(m_loginHost));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (tokenChecked) tokenChecked(status == 200);
        });
    }

    void whoAmI() {
        QNetworkRequest req(api(QStringLiteral("/rest/v1.0/me")));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            m_userId = me.value("id").toVariant().toLongLong();
            if (userResolved) userResolved(m_userId, me.value("login").toString());
        });
    }

    void pickCompany() {
        QNetworkRequest req(api(QStringLiteral("/rest/v1.0/companies")));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            if (m_companyId == 0 && !arr.isEmpty())
                m_companyId = arr.first().toObject().value("id").toVariant().toLongLong();
        });
    }

    void loadRfis(qint64 projectId) {
        QUrl url = api(QStringLiteral("/rest/v1.0/projects/%1/rfis").arg(projectId));
        QUrlQuery q;
        q.addQueryItem("filters[status]", "open");
        q.addQueryItem("filters[assignee_id]", QString::number(m_userId));
        q.addQueryItem("per_page", "50");
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, projectId]() {
            reply->deleteLater();
            QList<Rfi> out;
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                Rfi r;
                r.id = o.value("id").toVariant().toLongLong();
                r.projectId = projectId;
                r.number = o.value("number").toString();
                r.subject = o.value("subject").toString();
                r.daysOpen = o.value("days_open").toInt();
                out.append(r);
                m_openPerProject[projectId] += 1;
            }
            if (rfisLoaded) rfisLoaded(out);
        });
    }

    void replyToRfi(qint64 projectId, qint64 rfiId, const QString &text) {
        const QUrl url = api(QStringLiteral("/rest/v1.0/projects/%1/rfis/%2/replies").arg(projectId).arg(rfiId));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"reply", QJsonObject{{"body", text}}}};
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    void postDigest(const QList<Rfi> &rfis) {
        QStringList lines;
        for (const Rfi &r : rfis) {
            if (m_announced.contains(r.id))
                continue;
            m_announced.insert(r.id);
            const QString link = QStringLiteral("https://app.procore.com/%1/project/rfi/show/%2")
                                     .arg(r.projectId).arg(r.id);
            lines << QStringLiteral("RFI #%1 %2 (%3 days) <%4>").arg(r.number, r.subject).arg(r.daysOpen).arg(link);
        }
        if (lines.isEmpty())
            return;
        QNetworkRequest req(m_slackHook);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"text", lines.join('\n')}};
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson());
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    int openCount(qint64 projectId) const { return m_openPerProject.value(projectId); }

private:
    QUrl api(const QString &path) const {
        QUrl base;
        base.setScheme(QStringLiteral("https"));
        base.setHost(m_apiHost);
        return base.resolved(QUrl(path));
    }

    QNetworkAccessManager *m_nam;
    QString m_envName;
    QString m_loginHost;
    QString m_apiHost;
    QByteArray m_token;
    qint64 m_companyId = 0;
    qint64 m_userId = 0;
    QUrl m_slackHook;
    QMap<qint64, int> m_openPerProject;
    QSet<quint32> m_announced;
};

} // namespace tray

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QList<qint64> projects;
    for (int i = 1; i < args.size(); ++i)
        projects << args.at(i).toLongLong();

    tray::ProcoreGateway gw;
    gw.tokenChecked = [&gw](bool ok) {
        if (!ok) {
            qWarning() << "token rejected; see https://developers.procore.com/documentation/oauth-introduction";
            QCoreApplication::exit(2);
            return;
        }
        gw.pickCompany();
        gw.whoAmI();
    };
    gw.userResolved = [&gw, projects](qint64 userId, const QString &login) {
        qInfo() << "signed in as" << login << userId;
        for (qint64 pid : projects)
            gw.loadRfis(pid);
    };
    gw.rfisLoaded = [&gw](const QList<tray::Rfi> &rfis) { gw.postDigest(rfis); };

    QTimer poll;
    poll.setInterval(15 * 60 * 1000);
    QObject::connect(&poll, &QTimer::timeout, &gw, [&gw]() { gw.checkToken(); });
    poll.start();
    gw.checkToken();
    return app.exec();
}
