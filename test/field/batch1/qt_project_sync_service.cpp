// ProjectSyncService: part of the "Site Companion" desktop plugin.
// Pulls the company's projects and their team rosters from Procore and
// keeps a local cache that the tray widget reads from.

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
#include <QHash>
#include <QVector>
#include <QDateTime>
#include <QDebug>
#include <functional>

struct ProjectInfo {
    int id = 0;
    QString name;
    QString projectNumber;
    QString stage;
    QDateTime updatedAt;
};

struct TeamMember {
    qint64 userId = 0;
    QString name;
    QString email;
};

class ProjectSyncService : public QObject
{
public:
    explicit ProjectSyncService(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this))
    {
        QSettings settings;
        m_apiBase = settings.value("procore/apiBase", "https://app.procore.com").toString();
        m_loginBase = settings.value("procore/loginBase", "https://login.procore.com").toString();
        m_clientId = settings.value("procore/clientId").toString();
        m_clientSecret = settings.value("procore/clientSecret").toString();
        m_refreshToken = settings.value("procore/refreshToken").toString();
        m_companyId = settings.value("procore/companyId").toLongLong();
        m_pageSize = settings.value("sync/pageSize", 100).toInt();
    }

    std::function<void(int)> onProjectsSynced;
    std::function<void(qint64, const QVector<TeamMember> &)> onTeamSynced;

    void refreshAccessToken(std::function<void(bool)> done)
    {
        QNetworkRequest req(QUrl(m_loginBase + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");

        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", m_refreshToken);
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);

        QNetworkReply *reply = m_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply, done]() {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                qWarning() << "token refresh failed" << reply->errorString();
                done(false);
                return;
            }
            const QJsonObject tok = QJsonDocument::fromJson(reply->readAll()).object();
            m_accessToken = tok.value("access_token").toString();
            m_refreshToken = tok.value("refresh_token").toString();
            QSettings().setValue("procore/refreshToken", m_refreshToken);
            done(!m_accessToken.isEmpty());
        });
    }

    void syncProjects(int page = 1)
    {
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_companyId));
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", QString::number(m_pageSize));

        QNetworkReply *reply = m_nam->get(apiRequest("/rest/v1.0/projects", q));
        connect(reply, &QNetworkReply::finished, this, [this, reply, page]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                qWarning() << "projects page" << page << "returned HTTP" << status;
                return;
            }
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                ProjectInfo p;
                p.id = o.value("id").toInt();
                p.name = o.value("name").toString();
                p.projectNumber = o.value("project_number").toString();
                p.stage = o.value("stage").toString();
                p.updatedAt = QDateTime::fromString(o.value("updated_at").toString(), Qt::ISODate);
                m_projects.insert(p.id, p);
            }
            if (arr.size() == m_pageSize) {
                syncProjects(page + 1);
            } else if (onProjectsSynced) {
                onProjectsSynced(m_projects.size());
            }
        });
    }

    void syncTeam(qint64 projectId)
    {
        QUrl url(m_apiBase + QString("/rest/v1.0/projects/%1/users").arg(projectId));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
        req.setRawHeader("Accept", "application/json");

        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, projectId]() {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError)
                return;
            QVector<TeamMember> team;
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            team.reserve(arr.size());
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                TeamMember m;
                m.userId = o.value("id").toVariant().toLongLong();
                m.name = o.value("name").toString();
                m.email = o.value("email_address").toString();
                team.append(m);
            }
            if (onTeamSynced)
                onTeamSynced(projectId, team);
        });
    }

    void syncAllTeams()
    {
        for (auto it = m_projects.cbegin(); it != m_projects.cend(); ++it)
            syncTeam(it.key());
    }

    QString webLinkFor(qint64 projectId) const
    {
        return QStringLiteral("https://app.procore.com/%1/project/home").arg(projectId);
    }

    int cachedProjectCount() const { return m_projects.size(); }

private:
    QNetworkRequest apiRequest(const QString &path, const QUrlQuery &query = QUrlQuery()) const
    {
        QUrl url(m_apiBase + path);
        url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", QStringLiteral("Bearer %1").arg(m_accessToken).toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    QNetworkAccessManager *m_nam;
    QString m_apiBase;
    QString m_loginBase;
    QString m_clientId;
    QString m_clientSecret;
    QString m_refreshToken;
    QString m_accessToken;
    qint64 m_companyId = 0;
    int m_pageSize = 100;
    QHash<int, ProjectInfo> m_projects;
};
