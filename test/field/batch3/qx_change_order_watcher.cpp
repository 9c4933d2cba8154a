// qx_change_order_watcher -- daemon that polls Procore change order packages
// for every project of the company, and when a package changes status it
//   * posts a message in the commercial team's Teams channel (Microsoft Graph)
//   * pushes the new amount to the ERP commitment on the intranet.
//
// Authenticates as a Developer Managed Service Account (client credentials).
// Environment is chosen with --env production|sandbox|monthly.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
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
#include <QtDebug>
#include <functional>

struct Environment {
    const char *name;
    const char *login;
    const char *api;
};

static const Environment kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

class ProcoreApi {
public:
    ProcoreApi(QNetworkAccessManager *nam, const Environment &env, QSettings &s)
        : m_nam(nam), m_base(QString::fromLatin1(env.api)), m_login(QString::fromLatin1(env.login))
    {
        m_clientId = s.value("dmsa/client_id").toString();
        m_clientSecret = s.value("dmsa/client_secret").toString();
        m_companyId = s.value("dmsa/company_id").toLongLong();
    }

    void authenticate(std::function<void(bool)> done)
    {
        QNetworkRequest req(m_login.resolved(QUrl("/oauth/token")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        QNetworkReply *reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, [this, reply, done] {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            m_token = o.value("access_token").toString().toUtf8();
            m_expiresAt = QDateTime::currentDateTimeUtc().addSecs(o.value("expires_in").toInt(7200) - 60);
            done(!m_token.isEmpty());
        });
    }

    bool tokenExpired() const { return QDateTime::currentDateTimeUtc() >= m_expiresAt; }

    void authorize(QNetworkRequest &req) const
    {
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Accept", "application/json");
    }

    void decorate(QNetworkRequest &req) const
    {
        authorize(req);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
    }

    QUrl url(const QString &path, const QUrlQuery &query = {}) const
    {
        QUrl u = m_base;
        u.setPath(path);
        u.setQuery(query);
        return u;
    }

    // Startup check: make sure the service account was installed in the company.
    QNetworkReply *listCompanies()
    {
        QNetworkRequest req(url("/rest/v1.0/companies"));
        authorize(req);  // company list is global, no company context needed
        return m_nam->get(req);
    }

    QNetworkReply *listProjects(int page)
    {
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_companyId));
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", "100");
        QNetworkRequest req(url("/rest/v1.1/projects", q));
        decorate(req);
        return m_nam->get(req);
    }

    QNetworkReply *listChangeOrderPackages(qint64 projectId)
    {
        QNetworkRequest req(url(QString("/rest/v1.0/projects/%1/change_order_packages").arg(projectId)));
        decorate(req);
        return m_nam->get(req);
    }

    qint64 companyId() const { return m_companyId; }
    QNetworkAccessManager *nam() const { return m_nam; }

private:
    QNetworkAccessManager *m_nam;
    QUrl m_base;
    QUrl m_login;
    QString m_clientId;
    QString m_clientSecret;
    qint64 m_companyId = 0;
    QByteArray m_token;
    QDateTime m_expiresAt;
};

class Watcher {
public:
    Watcher(ProcoreApi *api, QSettings &s) : m_api(api)
    {
        m_teamsUrl = QUrl(QString("https://graph.microsoft.com/v1.0/teams/%1/channels/%2/messages")
                              .arg(s.value("teams/team_id").toString(), s.value("teams/channel_id").toString()));
        m_graphToken = s.value("teams/token").toByteArray();
        m_erpBase = QUrl(s.value("erp/base", "https://erp.intranet.contoso-build.com:8443/api/v2/").toString());
    }

    void poll()
    {
        ++m_round;
        QNetworkReply *reply = m_api->listProjects(1);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply] {
            reply->deleteLater();
            const QJsonArray projects = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &p : projects)
                pollProject(p.toObject().value("id").toVariant().toLongLong());
        });
    }

private:
    void pollProject(qint64 projectId)
    {
        QNetworkReply *reply = m_api->listChangeOrderPackages(projectId);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply, projectId] {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                qWarning() << "project" << projectId << reply->errorString();
                return;
            }
            const QJsonArray packages = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : packages) {
                const QJsonObject pkg = v.toObject();
                const qint64 id = pkg.value("id").toVariant().toLongLong();
                const QString status = pkg.value("status").toString();
                if (m_lastStatus.value(id) == status)
                    continue;
                const bool firstSeen = !m_lastStatus.contains(id);
                m_lastStatus.insert(id, status);
                if (!firstSeen)
                    fetchDetailAndNotify(reply->request(), projectId, id);
            }
        });
    }

    // Grand total is only on the show endpoint, so fetch it for changed packages.
    void fetchDetailAndNotify(const QNetworkRequest &listReq, qint64 projectId, qint64 packageId)
    {
        QNetworkRequest detail(m_api->url(QString("/rest/v1.0/projects/%1/change_order_packages/%2").arg(projectId).arg(packageId)));
        detail.setRawHeader("Authorization", listReq.rawHeader("Authorization"));
        QNetworkReply *reply = m_api->nam()->get(detail);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply, projectId] {
            reply->deleteLater();
            const QJsonObject pkg = QJsonDocument::fromJson(reply->readAll()).object();
            const double amount = pkg.value("grand_total").toString().toDouble();
            const QString number = pkg.value("number").toString();
            const QString link = QString("https://app.procore.com/%1/project/change_order_packages/%2")
                                     .arg(projectId).arg(pkg.value("id").toVariant().toLongLong());
            notifyTeams(QString("Change order %1 is now <b>%2</b> (%3) &ndash; <a href=\"%4\">open</a>")
                            .arg(number, pkg.value("status").toString(), QString::number(amount, 'f', 2), link));
            pushToErp(number, amount);
        });
    }

    void notifyTeams(const QString &html)
    {
        QJsonObject body{{"body", QJsonObject{{"contentType", "html"}, {"content", html}}}};
        QNetworkRequest req(m_teamsUrl);
        req.setRawHeader("Authorization", "Bearer " + m_graphToken);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_api->nam()->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    void pushToErp(const QString &coNumber, double amount)
    {
        QUrl u = m_erpBase.resolved(QUrl("commitments/change-orders"));
        QNetworkRequest req(u);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject body{{"number", coNumber}, {"amount", amount}, {"round", m_round}};
        QNetworkReply *reply = m_api->nam()->sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson());
        QObject::connect(reply, &QNetworkReply::finished, [reply, coNumber] {
            const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (http >= 300)
                qWarning() << "ERP rejected" << coNumber << "HTTP" << http;
            reply->deleteLater();
        });
    }

    ProcoreApi *m_api;
    QHash<int, QString> m_lastStatus;
    QUrl m_teamsUrl;
    QByteArray m_graphToken;
    QUrl m_erpBase;
    int m_round = 0;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("Contoso");
    QCoreApplication::setApplicationName("change-order-watcher");

    QCommandLineParser cli;
    cli.addHelpOption();
    QCommandLineOption envOpt("env", "production | sandbox | monthly", "env", "production");
    cli.addOption(envOpt);
    cli.process(app);

    const Environment *env = &kEnvironments[0];
    for (const Environment &e : kEnvironments)
        if (cli.value(envOpt) == QLatin1String(e.name))
            env = &e;

    QSettings settings;
    QNetworkAccessManager nam;
    ProcoreApi api(&nam, *env, settings);
    Watcher watcher(&api, settings);
    const int intervalSec = settings.value("poll/interval_sec", 300).toInt();

    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        if (api.tokenExpired())
            api.authenticate([&](bool ok) { if (ok) watcher.poll(); });
        else
            watcher.poll();
    });

    api.authenticate([&](bool ok) {
        if (!ok) {
            qCritical() << "client_credentials grant failed on" << env->login;
            QCoreApplication::exit(1);
            return;
        }
        QNetworkReply *reply = api.listCompanies();
        QObject::connect(reply, &QNetworkReply::finished, [&, reply] {
            reply->deleteLater();
            const QJsonArray companies = QJsonDocument::fromJson(reply->readAll()).array();
            qInfo() << "service account sees" << companies.size() << "companies";
            watcher.poll();
            timer.start(intervalSec * 1000);
        });
    });

    return app.exec();
}
