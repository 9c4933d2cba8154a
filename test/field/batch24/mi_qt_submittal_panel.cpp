// SubmittalPanel backend for the estimating desktop plugin.
//
// The plugin is half-way through the MPR host migration: the environment
// ("production", "sandbox", "monthly") comes from --procore-env or the
// PROCORE_ENV variable, and the "network/useMprHosts" setting turns on the
// per-environment login/API hosts.  Old settings files still carry the
// legacy base, which is why the compat constants below stay for now.
#include <QtCore/QCoreApplication>
#include <QtCore/QCommandLineParser>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QSettings>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

namespace {

enum class ProcoreEnvironment { Production, DeveloperSandbox, MonthlySandbox };

// Kept for compatibility with 3.x settings files; do not use in new code.
const char kLegacyRestBase[] = "https://app.procore.com/rest/v1.0";
const char kWebBase[] = "https://app.procore.com";
const char kSupportArticle[] = "https://support.procore.com/products/online/user-guide/project-level/submittals";

ProcoreEnvironment parseEnvironment(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("sandbox") || n == QLatin1String("developer"))
        return ProcoreEnvironment::DeveloperSandbox;
    if (n == QLatin1String("monthly") || n == QLatin1String("monthly-sandbox"))
        return ProcoreEnvironment::MonthlySandbox;
    return ProcoreEnvironment::Production;
}

QString loginHost(ProcoreEnvironment env)
{
    switch (env) {
    case ProcoreEnvironment::Production:       return QStringLiteral("https://login.procore.com");
    case ProcoreEnvironment::DeveloperSandbox: return QStringLiteral("https://login-sandbox.procore.com");
    case ProcoreEnvironment::MonthlySandbox:   return QStringLiteral("https://login-sandbox-monthly.procore.com");
    }
    return QString();
}

QString apiHost(ProcoreEnvironment env)
{
    switch (env) {
    case ProcoreEnvironment::Production:       return QStringLiteral("https://api.procore.com");
    case ProcoreEnvironment::DeveloperSandbox: return QStringLiteral("https://sandbox.procore.com");
    case ProcoreEnvironment::MonthlySandbox:   return QStringLiteral("https://api-monthly.procore.com");
    }
    return QString();
}

// Pre-MPR behaviour, still used when useMprHosts is off.
// TODO(MPR-77): delete together with the settings migration.
QString legacyLoginHost(ProcoreEnvironment env)
{
    switch (env) {
    case ProcoreEnvironment::Production:       return QStringLiteral("https://app.procore.com");
    case ProcoreEnvironment::DeveloperSandbox: return QStringLiteral("https://sandbox.procore.com");
    case ProcoreEnvironment::MonthlySandbox:   return loginHost(env); // monthly never had a legacy host
    }
    return QString();
}

} // namespace

class SubmittalBackend
{
public:
    SubmittalBackend(ProcoreEnvironment env, bool useMprHosts)
        : m_env(env), m_useMprHosts(useMprHosts) {}

    void setAccessToken(const QString &token) { m_token = token.toUtf8(); }
    void setCompanyId(qint64 companyId) { m_companyId = companyId; }

    // Authorization-code exchange after the embedded browser redirect.
    void exchangeCode(const QString &code, const QString &clientId, const QString &redirectUri,
                      std::function<void(QByteArray)> done)
    {
        const QString base = m_useMprHosts ? loginHost(m_env) : legacyLoginHost(m_env);
        QNetworkRequest req(QUrl(base + QStringLiteral("/oauth/token")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "authorization_code");
        form.addQueryItem("code", code);
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("redirect_uri", redirectUri);
        QNetworkReply *reply = m_nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, [reply, done]() {
            done(reply->readAll());
            reply->deleteLater();
        });
    }

    void fetchMe(std::function<void(QJsonObject)> done)
    {
        QNetworkRequest req(QUrl(restBase() + QStringLiteral("/me")));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *reply = m_nam.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [reply, done]() {
            done(QJsonDocument::fromJson(reply->readAll()).object());
            reply->deleteLater();
        });
    }

    void fetchProjects(std::function<void(QList<qint64>)> done)
    {
        QUrl url(restBase() + QStringLiteral("/projects"));
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_companyId));
        q.addQueryItem("per_page", QString::number(m_pageSize));
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply *reply = m_nam.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [reply, done]() {
            QList<qint64> ids;
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr)
                ids.append(v.toObject().value("id").toVariant().toLongLong());
            done(ids);
            reply->deleteLater();
        });
    }

    void fetchSubmittals(int projectId, std::function<void(QJsonArray)> done)
    {
        const QString path = QStringLiteral("/projects/%1/submittals").arg(projectId);
        QNetworkRequest req(QUrl(restBase() + path));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply *reply = m_nam.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [reply, done]() {
            done(QJsonDocument::fromJson(reply->readAll()).array());
            reply->deleteLater();
        });
    }

    // Deprecated: the 3.x panel used this; still wired to the "Refresh" button.
    // TODO(MPR-77): switch the button to fetchSubmittals() and delete.
    void fetchSubmittalLegacy(qint64 projectId, qint64 submittalId, std::function<void(QJsonObject)> done)
    {
        const QString url = QStringLiteral("%1/projects/%2/submittals/%3")
                                .arg(QLatin1String(kLegacyRestBase)).arg(projectId).arg(submittalId);
        QNetworkRequest req{QUrl(url)};
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply *reply = m_nam.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [reply, done]() {
            done(QJsonDocument::fromJson(reply->readAll()).object());
            reply->deleteLater();
        });
    }

    void updateSubmittalStatus(qint64 projectId, qint64 submittalId, qint64 statusId)
    {
        QNetworkRequest req(QUrl(restBase() + QStringLiteral("/projects/%1/submittals/%2")
                                                  .arg(projectId).arg(submittalId)));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject submittal{{"status_id", statusId}};
        QJsonObject body{{"submittal", submittal}};
        QNetworkReply *reply = m_nam.sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson());
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    QUrl projectHomeLink(qint64 projectId) const
    {
        return QUrl(QStringLiteral("%1/%2/project/home?project_id=%3")
                        .arg(QLatin1String(kWebBase)).arg(m_companyId).arg(projectId));
    }

    QUrl helpLink() const { return QUrl(QLatin1String(kSupportArticle)); }

private:
    QString restBase() const
    {
        if (!m_useMprHosts)
            return QLatin1String(kLegacyRestBase);
        return apiHost(m_env) + QStringLiteral("/rest/v1.0");
    }

    ProcoreEnvironment m_env;
    bool m_useMprHosts = false;
    QByteArray m_token;
    qint64 m_companyId = 0;
    int m_pageSize = 100;
    QNetworkAccessManager m_nam;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    QCommandLineOption envOpt("procore-env", "production, sandbox or monthly", "name");
    QCommandLineOption companyOpt("company", "Procore company id", "id");
    parser.addOption(envOpt);
    parser.addOption(companyOpt);
    parser.process(app);

    const QProcessEnvironment sysEnv = QProcessEnvironment::systemEnvironment();
    const QString envName = parser.isSet(envOpt) ? parser.value(envOpt) : sysEnv.value("PROCORE_ENV");
    QSettings settings("Acme", "EstimatingPlugin");
    const bool useMpr = settings.value("network/useMprHosts", false).toBool();

    SubmittalBackend backend(parseEnvironment(envName), useMpr);
    backend.setAccessToken(sysEnv.value("PROCORE_ACCESS_TOKEN"));
    backend.setCompanyId(parser.value(companyOpt).toLongLong());

    backend.fetchMe([](QJsonObject me) {
        qInfo("signed in as %s", qPrintable(me.value("login").toString()));
    });
    backend.fetchProjects([&backend](QList<qint64> ids) {
        for (qint64 id : ids) {
            backend.fetchSubmittals(static_cast<int>(id), [id](QJsonArray subs) {
                int open = 0;
                for (const QJsonValue &s : subs) {
                    const int submittalId = s.toObject().value("id").toInt();
                    if (s.toObject().value("status").toObject().value("name").toString() == "Open") {
                        ++open;
                        qInfo("  open submittal %d", submittalId);
                    }
                }
                qInfo("project %lld: %d open submittals", static_cast<long long>(id), open);
            });
        }
    });
    return app.exec();
}
