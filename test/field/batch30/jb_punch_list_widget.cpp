// Punch list side panel for the Sitewalk desktop app.
// The panel UI lives in the host application; this plugin only owns the
// Procore traffic and hands results back through std::function callbacks.

#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QSettings>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

namespace sitewalk {

struct PunchItem {
    qint64 id = 0;
    qint64 projectId = 0;
    int assigneeId = 0;
    QString name;
    QString status;
    int position = 0;
};

struct OAuthSession {
    QString accessToken;
    QString refreshToken;
    qint64 companyId = 0;
    int expiresIn = 0;
};

class ProcoreGateway : public QObject {
public:
    explicit ProcoreGateway(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {
        QSettings s(QStringLiteral("Sitewalk"), QStringLiteral("PunchPanel"));
        const QString loginHost = s.value("procore/login_host", "login.procore.com").toString();
        m_loginBase = QUrl(QStringLiteral("https://%1/").arg(loginHost));
        m_apiBase.setScheme(QStringLiteral("https"));
        m_apiBase.setHost(s.value("procore/api_host", "api.procore.com").toString());
        m_clientId = s.value("procore/client_id").toString();
        m_clientSecret = s.value("procore/client_secret").toString();
        m_redirectUri = s.value("procore/redirect_uri", "urn:ietf:wg:oauth:2.0:oob").toString();
        m_session.companyId = s.value("procore/company_id").toLongLong();
        m_session.refreshToken = s.value("procore/refresh_token").toString();
    }

    std::function<void(const QList<PunchItem> &)> itemsLoaded;
    std::function<void(qint64, const QString &)> projectSeen;
    std::function<void(const QString &)> failed;

    QUrl authorizeUrl() const {
        QUrl url = m_loginBase.resolved(QUrl(QStringLiteral("/oauth/authorize")));
        QUrlQuery q;
        q.addQueryItem("response_type", "code");
        q.addQueryItem("client_id", m_clientId);
        q.addQueryItem("redirect_uri", m_redirectUri);
        url.setQuery(q);
        return url;
    }

    void exchangeCode(const QString &code, std::function<void()> done) {
        QNetworkRequest req(m_loginBase.resolved(QUrl(QStringLiteral("/oauth/token"))));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "authorization_code");
        form.addQueryItem("code", code);
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        form.addQueryItem("redirect_uri", m_redirectUri);
        QNetworkReply *reply = m_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, done]() {
            storeTokens(reply);
            if (done) done();
        });
    }

    // Called from the panel's 90 minute timer.
    void refresh(std::function<void()> done) {
        QNetworkRequest req(QUrl(QStringLiteral("https://api.procore.com/oauth/token")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", m_session.refreshToken);
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        QNetworkReply *reply = m_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, done]() {
            storeTokens(reply);
            if (done) done();
        });
    }

    void loadProjects() {
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_session.companyId));
        q.addQueryItem("per_page", QString::number(kPageSize));
        QNetworkReply *reply = m_nam->get(authorized(QStringLiteral("/rest/v1.0/projects"), q));
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject p = v.toObject();
                m_projectNames.insert(p.value("id").toVariant().toLongLong(), p.value("name").toString());
                if (projectSeen) projectSeen(p.value("id").toVariant().toLongLong(), p.value("name").toString());
            }
        });
    }

    void loadPunchItems(qint64 projectId, int page = 1) {
        QUrl url = m_apiBase.resolved(QUrl(QStringLiteral("/rest/v1.0/punch_items")));
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId));
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", QString::number(kPageSize));
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_session.accessToken.toUtf8());
        req.setRawHeader("Accept", "application/json");
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, projectId]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                if (failed) failed(QStringLiteral("punch items: HTTP %1").arg(status));
                return;
            }
            QList<PunchItem> items;
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                PunchItem item;
                item.id = o.value("id").toVariant().toLongLong();
                item.projectId = projectId;
                item.assigneeId = o.value("assignee").toObject().value("id").toVariant().toLongLong();
                item.name = o.value("name").toString();
                item.status = o.value("status").toString();
                item.position = items.size();
                items.append(item);
            }
            if (itemsLoaded) itemsLoaded(items);
        });
    }

    void closeItem(qint64 projectId, const QJsonObject &itemJson) {
        const qint64 itemId = itemJson.value("id").toInt();
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId));
        QJsonObject body;
        body.insert("punch_item", QJsonObject{{"status", "closed"}});
        QNetworkRequest req = authorized(QStringLiteral("/rest/v1.0/punch_items/%1").arg(itemId), q);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_nam->sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    // Opened in the user's browser, not an API call.
    QUrl punchListWebLink(qint64 projectId) const {
        return QUrl(QStringLiteral("https://app.procore.com/%1/project/punch_list").arg(projectId));
    }

    QUrl helpLink() const {
        return QUrl(QStringLiteral("https://support.procore.com/products/online/user-guide/project-level/punch-list"));
    }

    QString projectName(qint64 id) const { return m_projectNames.value(id); }

private:
    static constexpr int kPageSize = 100;

    QNetworkRequest authorized(const QString &path, const QUrlQuery &query) const {
        QUrl url = m_apiBase.resolved(QUrl(path));
        url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_session.accessToken.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_session.companyId));
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    void storeTokens(QNetworkReply *reply) {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            if (failed) failed(reply->errorString());
            return;
        }
        const QVariantMap m = QJsonDocument::fromJson(reply->readAll()).toVariant().toMap();
        m_session.accessToken = m.value("access_token").toString();
        m_session.refreshToken = m.value("refresh_token").toString();
        m_session.expiresIn = m.value("expires_in").toInt();
        QSettings s(QStringLiteral("Sitewalk"), QStringLiteral("PunchPanel"));
        s.setValue("procore/refresh_token", m_session.refreshToken);
    }

    QNetworkAccessManager *m_nam;
    QUrl m_loginBase;
    QUrl m_apiBase;
    QString m_clientId;
    QString m_clientSecret;
    QString m_redirectUri;
    OAuthSession m_session;
    QHash<int, QString> m_projectNames;
};

} // namespace sitewalk

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    sitewalk::ProcoreGateway gw;
    gw.failed = [](const QString &msg) { qWarning() << "procore:" << msg; };
    gw.itemsLoaded = [](const QList<sitewalk::PunchItem> &items) {
        for (const auto &it : items)
            qInfo() << it.id << it.name << it.status << "assignee" << it.assigneeId;
        QCoreApplication::quit();
    };
    gw.projectSeen = [&gw](qint64 id, const QString &name) {
        qInfo() << "project" << id << name << gw.punchListWebLink(id).toString();
    };
    if (argc < 3) {
        qInfo() << "authorize at" << gw.authorizeUrl().toString();
        return 1;
    }
    const qint64 projectId = QString::fromLocal8Bit(argv[2]).toLongLong();
    gw.exchangeCode(QString::fromLocal8Bit(argv[1]), [&gw, projectId]() {
        gw.loadProjects();
        gw.loadPunchItems(projectId);
    });
    return app.exec();
}
