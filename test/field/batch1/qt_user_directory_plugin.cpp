// UserDirectoryPlugin: keeps the Procore company directory in step with the
// HR roster. New hires get an onboarding issue in the IT GitHub repo, leavers
// are deactivated in Procore.

#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QSet>
#include <QVector>
#include <QDebug>

namespace env {

QString loginHostFor(const QString &name)
{
    if (name == "monthly")
        return QStringLiteral("login-sandbox-monthly.procore.com");
    if (name == "sandbox")
        return QStringLiteral("login-sandbox.procore.com");
    return QStringLiteral("login.procore.com");
}

QString apiHostFor(const QString &name)
{
    if (name == "monthly")
        return QStringLiteral("api-monthly.procore.com");
    if (name == "sandbox")
        return QStringLiteral("sandbox.procore.com");
    return QStringLiteral("app.procore.com");
}

} // namespace env

class UserDirectoryPlugin : public QObject
{
public:
    UserDirectoryPlugin(const QString &token, QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_token(token)
    {
        QSettings s;
        m_env = s.value("procore/env", "production").toString();
        m_companyId = s.value("procore/companyId").toLongLong();
        m_githubRepo = s.value("github/repo", "acme-build/it-requests").toString();
        m_githubToken = s.value("github/token").toString();
        for (const QVariant &v : s.value("hr/activeEmails").toList())
            m_hrEmails.insert(v.toString().toLower());
    }

    QUrl loginUrl(const QString &path) const
    {
        QUrl u;
        u.setScheme("https");
        u.setHost(env::loginHostFor(m_env));
        u.setPath(path);
        return u;
    }

    void reconcile()
    {
        QUrlQuery q;
        q.addQueryItem("filters[is_employee]", "true");
        q.addQueryItem("per_page", "1000");
        QNetworkReply *reply = m_nam->get(directoryRequest(
            QString("/rest/v1.0/companies/%1/users").arg(m_companyId), q));
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            QSet<QString> procoreEmails;
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject o = v.toObject();
                const QString email = o.value("email_address").toString().toLower();
                procoreEmails.insert(email);
                if (!o.value("is_active").toBool())
                    continue;
                if (!m_hrEmails.contains(email)) {
                    uint userId = o.value("id").toVariant().toUInt();
                    m_leavers.append(userId);
                }
            }
            for (const QString &email : qAsConst(m_hrEmails)) {
                if (!procoreEmails.contains(email))
                    openOnboardingIssue(email);
            }
            for (int userId : qAsConst(m_leavers))
                deactivate(userId);
        });
    }

private:
    QNetworkRequest directoryRequest(const QString &path, const QUrlQuery &query = QUrlQuery()) const
    {
        QUrl u;
        u.setScheme("https");
        u.setHost(env::apiHostFor(m_env));
        u.setPath(path);
        u.setQuery(query);
        QNetworkRequest req(u);
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        return req;
    }

    void deactivate(qint64 userId)
    {
        QUrl u;
        u.setScheme("https");
        u.setHost(env::apiHostFor(m_env));
        u.setPath(QString("/rest/v1.0/companies/%1/users/%2").arg(m_companyId).arg(userId));
        QNetworkRequest req(u);
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");

        const QJsonObject body{{"user", QJsonObject{{"is_active", false}}}};
        QNetworkReply *reply = m_nam->sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson());
        connect(reply, &QNetworkReply::finished, this, [reply, userId]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            qInfo("deactivate user %lld -> HTTP %d", userId, status);
        });
    }

    void openOnboardingIssue(const QString &email)
    {
        QNetworkRequest req(QUrl(QString("https://api.github.com/repos/%1/issues").arg(m_githubRepo)));
        req.setRawHeader("Authorization", "token " + m_githubToken.toUtf8());
        req.setRawHeader("Accept", "application/vnd.github+json");
        const QString directory = QString("https://app.procore.com/%1/company/directory/users")
                                      .arg(m_companyId);
        const QJsonObject body{
            {"title", QString("Procore onboarding: %1").arg(email)},
            {"body", QString("Invite %1 in the company directory: %2").arg(email, directory)},
            {"labels", QJsonArray{"procore", "onboarding"}},
        };
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson());
        connect(reply, &QNetworkReply::finished, this, [reply, email]() {
            reply->deleteLater();
            const int issueNumber = QJsonDocument::fromJson(reply->readAll()).object()
                                        .value("number").toInt();
            qInfo() << "opened onboarding issue" << issueNumber << "for" << email;
        });
    }

    QNetworkAccessManager *m_nam;
    QString m_token;
    QString m_env;
    qint64 m_companyId = 0;
    QString m_githubRepo, m_githubToken;
    QSet<QString> m_hrEmails;
    QVector<int> m_leavers;
};
