// kv_qt_submittal_agent.cpp
//
// Tray-side agent for the estimating desktop app: keeps a local mirror of the
// open submittals for the projects the user pinned in Settings.  All config
// lives in QSettings (shared with the main app) and is copied into a
// QVariantMap once at start-up; requests are described as QVariantMaps and
// pushed through send().
#include <QCoreApplication>
#include <QSettings>
#include <QVariantMap>
#include <QStringList>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QUrl>
#include <QUrlQuery>
#include <QTimer>
#include <QHash>
#include <QDebug>
#include <functional>

static QVariantMap loadSettings(QSettings &s)
{
    QVariantMap cfg;
    cfg["login_base"]    = s.value("oauth/login_base", "https://login.procore.com");
    cfg["api_base"]      = s.value("api/base", "https://api.procore.com");
    cfg["client_id"]     = s.value("oauth/client_id");
    cfg["client_secret"] = s.value("oauth/client_secret");
    cfg["refresh_token"] = s.value("oauth/refresh_token");
    cfg["company_id"]    = s.value("procore/company_id");   // string in the ini
    cfg["project_ids"]   = s.value("procore/pinned_projects").toStringList();
    cfg["poll_minutes"]  = s.value("sync/poll_minutes", 15);
    cfg["page_size"]     = s.value("sync/page_size", 100);
    return cfg;
}

struct SubmittalRow {
    qint64 id = 0;
    qint64 projectId = 0;
    QString number;
    QString title;
    QString status;
    int attachmentCount = 0;
};

class SubmittalAgent : public QObject
{
public:
    explicit SubmittalAgent(QSettings &settings, QObject *parent = nullptr)
        : QObject(parent), m_settings(settings), m_cfg(loadSettings(settings))
    {
        const int minutes = m_cfg.value("poll_minutes").toInt();
        m_timer.setInterval(minutes * 60 * 1000);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { syncAll(); });
    }

    void start()
    {
        refreshToken([this] {
            fetchMe();
            syncAll();
            m_timer.start();
        });
    }

    void refreshToken(std::function<void()> then)
    {
        QUrl url(m_cfg.value("login_base").toString() + "/oauth/token");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", m_cfg.value("refresh_token").toString());
        form.addQueryItem("client_id", m_cfg.value("client_id").toString());
        form.addQueryItem("client_secret", m_cfg.value("client_secret").toString());

        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QNetworkReply *reply = m_nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, then] {
            reply->deleteLater();
            const QVariantMap tok = QJsonDocument::fromJson(reply->readAll()).object().toVariantMap();
            m_accessToken = tok.value("access_token").toString();
            if (tok.contains("refresh_token")) {
                m_cfg["refresh_token"] = tok.value("refresh_token");
                m_settings.setValue("oauth/refresh_token", tok.value("refresh_token"));
            }
            then();
        });
    }

    // Describes a request as a map: method, path, query (map), body (map),
    // with_company (bool, default true).
    QNetworkReply *send(const QVariantMap &r)
    {
        QUrl url(m_cfg.value("api_base").toString() + r.value("path").toString());
        const QVariantMap params = r.value("query").toMap();
        if (!params.isEmpty()) {
            QUrlQuery q;
            for (auto it = params.constBegin(); it != params.constEnd(); ++it)
                q.addQueryItem(it.key(), it.value().toString());
            url.setQuery(q);
        }
        QNetworkRequest nr(url);
        nr.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
        nr.setRawHeader("Accept", "application/json");
        if (r.value("with_company", true).toBool())
            nr.setRawHeader("Procore-Company-Id", m_cfg.value("company_id").toString().toUtf8());

        const QString method = r.value("method", "GET").toString();
        if (method == "GET")
            return m_nam.get(nr);
        nr.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QByteArray body = QJsonDocument(QJsonObject::fromVariantMap(r.value("body").toMap())).toJson();
        return m_nam.sendCustomRequest(nr, method.toUtf8(), body);
    }

    void fetchMe()
    {
        QVariantMap r{{"method", "GET"}, {"path", "/rest/v1.0/me"}, {"with_company", false}};
        QNetworkReply *reply = send(r);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            m_userId = me.value("id").toVariant().toLongLong();
            qInfo() << "signed in as" << me.value("login").toString() << m_userId;
        });
    }

    void syncAll()
    {
        const QStringList pinned = m_cfg.value("project_ids").toStringList();
        for (const QString &pid : pinned) {
            int projectId = pid.toInt();
            checkProject(projectId);
            listSubmittals(pid.toLongLong(), 1);
            fetchDistribution(pid.toLongLong());
        }
    }

    // Make sure the pinned project still exists / is active before syncing.
    void checkProject(int projectId)
    {
        QVariantMap r{{"method", "GET"},
                      {"path", QString("/rest/v1.0/projects/%1").arg(projectId)},
                      {"query", QVariantMap{{"company_id", m_cfg.value("company_id")}}},
                      {"with_company", false}};
        QNetworkReply *reply = send(r);
        QObject::connect(reply, &QNetworkReply::finished, this, [reply, projectId] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 404)
                qWarning() << "pinned project" << projectId << "is gone";
        });
    }

    void listSubmittals(qint64 projectId, int page)
    {
        QVariantMap r{{"method", "GET"},
                      {"path", QString("/rest/v1.1/projects/%1/submittals").arg(projectId)},
                      {"query", QVariantMap{{"page", page},
                                            {"per_page", m_cfg.value("page_size")}}}};
        QNetworkReply *reply = send(r);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, projectId, page] {
            reply->deleteLater();
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                SubmittalRow row;
                row.id = o.value("id").toVariant().toLongLong();
                row.projectId = projectId;
                row.number = o.value("number").toString();
                row.title = o.value("title").toString();
                row.status = o.value("status").toObject().value("name").toString();
                row.attachmentCount = o.value("attachments").toArray().size();
                m_rows.insert(row.id, row);
            }
            if (arr.size() == m_cfg.value("page_size").toInt())
                listSubmittals(projectId, page + 1);
        });
    }

    // Called from the main app over the local socket when the user flips a
    // submittal to "Closed" in the side panel.
    void closeSubmittal(const QVariantMap &msg)
    {
        const qint64 projectId = msg.value("project_id").toLongLong();
        const int submittalId = msg.value("submittal_id").toInt();
        QVariantMap r{{"method", "PATCH"},
                      {"path", QString("/rest/v1.1/projects/%1/submittals/%2").arg(projectId).arg(submittalId)},
                      {"body", QVariantMap{{"submittal", QVariantMap{{"status_id", msg.value("status_id")}}}}}};
        QNetworkReply *reply = send(r);
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    // Distribution list for the "who gets notified" tooltip.
    void fetchDistribution(qint64 projectId)
    {
        QUrl url(m_cfg.value("api_base").toString()
                 + QString("/rest/v1.0/projects/%1/users").arg(projectId));
        QNetworkRequest nr(url);
        nr.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
        QNetworkReply *reply = m_nam.get(nr);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array())
                m_userNames.insert(v.toObject().value("id").toVariant().toLongLong(),
                                   v.toObject().value("name").toString());
        });
    }

    QUrl webLinkFor(qint64 projectId) const
    {
        return QUrl(QString("https://app.procore.com/%1/project/submittal_logs")
                        .arg(projectId));
    }

    void signOut()
    {
        QUrl url("https://api.procore.com/oauth/revoke");
        QUrlQuery form;
        form.addQueryItem("token", m_accessToken);
        form.addQueryItem("client_id", m_cfg.value("client_id").toString());
        form.addQueryItem("client_secret", m_cfg.value("client_secret").toString());
        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        m_nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        m_settings.remove("oauth/refresh_token");
    }

private:
    QSettings &m_settings;
    QVariantMap m_cfg;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QString m_accessToken;
    qint64 m_userId = 0;
    QHash<qint64, SubmittalRow> m_rows;
    QHash<qint64, QString> m_userNames;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("Northgate Estimating");
    QCoreApplication::setApplicationName("SubmittalAgent");
    QSettings settings;
    SubmittalAgent agent(settings);
    agent.start();
    return app.exec();
}
