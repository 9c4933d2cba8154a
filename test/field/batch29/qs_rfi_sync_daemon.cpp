// rfi_sync_daemon.cpp -- headless Qt daemon that mirrors open Procore RFIs
// into the site office cache. Controller and ApiClient only talk via signals.
#include <QCoreApplication>
#include <QObject>
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
#include <QSettings>

static const QString kLoginBase = QStringLiteral("https://login.procore.com");
static const QString kApiBase = QStringLiteral("https://api.procore.com");

struct RfiRecord {
    qint64 id = 0;
    qint64 projectId = 0;
    int assigneeId = 0;
    QString subject;
    QString status;
    QString webLink;
};

class ApiClient : public QObject {
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

    void setTokens(const QString &access, const QString &refresh) {
        m_access = access.toUtf8();
        m_refresh = refresh;
    }

signals:
    void meLoaded(qint64 userId, const QString &login);
    void projectsLoaded(qint64 companyId, const QList<qint64> &projectIds);
    void rfisLoaded(qint64 projectId, const QList<RfiRecord> &rfis);
    void rfiDetailLoaded(const RfiRecord &rfi);
    void tokenRefreshed();
    void failed(const QString &what, int httpStatus);

public slots:
    void refreshToken() {
        QNetworkRequest req(QUrl(kLoginBase + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", m_refresh);
        form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
        form.addQueryItem("client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET"));
        QNetworkReply *reply = m_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            m_access = o.value("access_token").toString().toUtf8();
            m_refresh = o.value("refresh_token").toString();
            emit tokenRefreshed();
        });
    }

    void onRequestMe() {
        QNetworkRequest req = authorized(QUrl(kApiBase + "/rest/v1.0/me"));
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            emit meLoaded(o.value("id").toVariant().toLongLong(), o.value("login").toString());
        });
    }

    void onRequestProjects(qint64 companyId) {
        QUrl url(kApiBase + "/rest/v1.0/projects");
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(companyId));
        q.addQueryItem("per_page", QString::number(kPageSize));
        url.setQuery(q);
        QNetworkRequest req = withCompany(authorized(url), companyId);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, companyId]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                emit failed("projects", status);
                return;
            }
            QList<qint64> ids;
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr)
                ids << v.toObject().value("id").toVariant().toLongLong();
            emit projectsLoaded(companyId, ids);
        });
    }

    void onFetchRfis(qint64 companyId, qint64 projectId) {
        QUrl url(kApiBase + QString("/rest/v1.0/projects/%1/rfis").arg(projectId));
        QUrlQuery q;
        q.addQueryItem("filters[status]", "open");
        url.setQuery(q);
        QNetworkRequest req = withCompany(authorized(url), companyId);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, &ApiClient::onRfiListFinished);
        m_pendingProject.insert(reply, projectId);
    }

    void onFetchRfiDetail(qint64 companyId, qint64 projectId, qint64 rfiId) {
        Q_UNUSED(companyId);
        QNetworkRequest req = authorized(
            QUrl(kApiBase + QString("/rest/v1.0/projects/%1/rfis/%2").arg(projectId).arg(rfiId)));
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, projectId]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            RfiRecord r;
            r.id = o.value("id").toInt();
            r.projectId = projectId;
            r.assigneeId = o.value("assignee").toObject().value("id").toInt();
            r.subject = o.value("subject").toString();
            r.status = o.value("status").toString();
            emit rfiDetailLoaded(r);
        });
    }

private slots:
    void onRfiListFinished() {
        auto *reply = qobject_cast<QNetworkReply *>(sender());
        if (!reply) return;
        reply->deleteLater();
        const qint64 projectId = m_pendingProject.take(reply);
        QList<RfiRecord> out;
        const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
        for (const QJsonValue &v : arr) {
            const QJsonObject o = v.toObject();
            RfiRecord r;
            r.id = o.value("id").toVariant().toLongLong();
            r.projectId = projectId;
            r.subject = o.value("subject").toString();
            r.status = o.value("status").toString();
            r.webLink = QString("https://app.procore.com/%1/project/rfis/show/%2")
                            .arg(projectId).arg(r.id);
            out << r;
        }
        emit rfisLoaded(projectId, out);
    }

private:
    QNetworkRequest authorized(const QUrl &url) const {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_access);
        req.setRawHeader("Accept", "application/json");
        return req;
    }
    static QNetworkRequest withCompany(QNetworkRequest req, qint64 companyId) {
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        return req;
    }

    static constexpr int kPageSize = 100;
    QNetworkAccessManager *m_nam;
    QByteArray m_access;
    QString m_refresh;
    QHash<QNetworkReply *, qint64> m_pendingProject;
};

class SyncController : public QObject {
    Q_OBJECT
public:
    explicit SyncController(qint64 companyId, QObject *parent = nullptr)
        : QObject(parent), m_companyId(companyId) {}

public slots:
    void start() {
        emit requestMe();
        emit requestProjects(m_companyId);
    }

signals:
    void requestMe();
    void requestProjects(qint64 companyId);
    void fetchRfis(qint64 companyId, qint64 projectId);
    void fetchRfiDetail(qint64 companyId, qint64 projectId, int rfiId);

public slots:
    void onProjects(qint64 companyId, const QList<qint64> &projectIds) {
        for (qint64 pid : projectIds)
            emit fetchRfis(companyId, pid);
    }
    void onRfis(qint64 projectId, const QList<RfiRecord> &rfis) {
        int overdue = 0;
        for (const RfiRecord &r : rfis) {
            if (r.status == "open") ++overdue;
            if (!m_seen.contains(r.id))
                emit fetchRfiDetail(m_companyId, projectId, r.id);
            m_seen.insert(r.id, r.status);
        }
        qInfo() << "project" << projectId << "open rfis:" << overdue;
    }
    void onDetail(const RfiRecord &r) {
        qInfo() << "rfi" << r.id << r.subject << "assignee" << r.assigneeId;
    }

private:
    qint64 m_companyId;
    QHash<qint64, QString> m_seen;
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QSettings cfg("SiteOffice", "rfi-sync");
    const qint64 companyId = cfg.value("procore/company_id").toLongLong();

    ApiClient api;
    api.setTokens(cfg.value("procore/access_token").toString(),
                  cfg.value("procore/refresh_token").toString());
    SyncController ctl(companyId);

    QObject::connect(&ctl, &SyncController::requestMe, &api, &ApiClient::onRequestMe);
    QObject::connect(&ctl, &SyncController::requestProjects, &api, &ApiClient::onRequestProjects);
    QObject::connect(&ctl, &SyncController::fetchRfis, &api, &ApiClient::onFetchRfis);
    QObject::connect(&ctl, &SyncController::fetchRfiDetail, &api, &ApiClient::onFetchRfiDetail);
    QObject::connect(&api, &ApiClient::projectsLoaded, &ctl, &SyncController::onProjects);
    QObject::connect(&api, &ApiClient::rfisLoaded, &ctl, &SyncController::onRfis);
    QObject::connect(&api, &ApiClient::rfiDetailLoaded, &ctl, &SyncController::onDetail);
    QObject::connect(&api, SIGNAL(tokenRefreshed()), &ctl, SLOT(start()));
    QObject::connect(&api, &ApiClient::failed, [](const QString &what, int status) {
        qWarning() << what << "failed with HTTP" << status
                   << "- see https://developers.procore.com/documentation/restful-api-overview";
    });

    QTimer refresh;
    QObject::connect(&refresh, &QTimer::timeout, &api, &ApiClient::refreshToken);
    refresh.start(90 * 60 * 1000);
    QTimer::singleShot(0, &api, &ApiClient::refreshToken);
    return app.exec();
}
