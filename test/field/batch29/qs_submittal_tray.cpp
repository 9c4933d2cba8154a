// submittal_tray.cpp -- background agent behind the "Submittals" tray icon.
// Polls ball-in-court submittals and lets the reviewer approve from the
// desktop. QA runs it against the monthly sandbox (--monthly).
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
#include <QSettings>
#include <QDebug>

enum class Env { Production, Monthly };

struct Hosts {
    QString login;
    QString api;
};

static Hosts hostsFor(Env env) {
    Hosts h;
    if (env == Env::Monthly) {
        h.login = QStringLiteral("https://api-monthly.procore.com");
        h.api = QStringLiteral("https://api-monthly.procore.com");
    } else {
        h.login = QStringLiteral("https://login.procore.com");
        h.api = QStringLiteral("https://api.procore.com");
    }
    return h;
}

struct Submittal {
    qint64 id = 0;
    QString title;
    QString status;
    qint64 ballInCourtUserId = 0;
};

static void applyAuth(QNetworkRequest &req, const QByteArray &token) {
    req.setRawHeader("Authorization", "Bearer " + token);
    req.setRawHeader("Accept", "application/json");
}

static void applyCompany(QNetworkRequest &req, qint64 companyId) {
    req.setRawHeader("Procore-Company-Id", QString::number(companyId).toLatin1());
}

class ApiClient : public QObject {
    Q_OBJECT
public:
    ApiClient(const Hosts &hosts, qint64 companyId, QObject *parent = nullptr)
        : QObject(parent), m_hosts(hosts), m_companyId(companyId),
          m_nam(new QNetworkAccessManager(this)) {}

    void setRefreshToken(const QString &rt) { m_refresh = rt; }

signals:
    void ready();
    void submittalsArrived(qint64 projectId, const QJsonArray &rows);
    void actionDone(qint64 submittalId, int httpStatus);

public slots:
    void refresh() {
        QNetworkRequest req(QUrl(m_hosts.login + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", m_refresh);
        form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
        QNetworkReply *reply = m_nam->post(req, form.query().toUtf8());
        connect(reply, SIGNAL(finished()), this, SLOT(onTokenReply()));
    }

    void revoke() {
        QNetworkRequest req(QUrl(m_hosts.login + "/oauth/revoke"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        m_nam->post(req, "token=" + m_token);
    }

    void listCompanies() {
        QNetworkRequest req(QUrl(m_hosts.api + "/rest/v1.0/companies"));
        applyAuth(req, m_token);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, reply, &QNetworkReply::deleteLater);
    }

    void fetchSubmittals(qint64 projectId) {
        QUrl url(m_hosts.api + QString("/rest/v1.0/projects/%1/submittals").arg(projectId));
        url.setQuery("filters[ball_in_court_id]=" + QString::number(m_userId));
        QNetworkRequest req(url);
        applyAuth(req, m_token);
        applyCompany(req, m_companyId);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, projectId]() {
            reply->deleteLater();
            emit submittalsArrived(projectId, QJsonDocument::fromJson(reply->readAll()).array());
        });
    }

    void approve(qint64 projectId, qint64 submittalId, const QString &comment) {
        QNetworkRequest req(QUrl(m_hosts.api +
            QString("/rest/v1.1/projects/%1/submittals/%2").arg(projectId).arg(submittalId)));
        applyAuth(req, m_token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject approver{{"user_id", m_userId}, {"response", "Approved"}, {"comment", comment}};
        QJsonObject body{{"submittal", QJsonObject{{"approvers", QJsonArray{approver}}}}};
        QNetworkReply *reply = m_nam->sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson());
        connect(reply, &QNetworkReply::finished, this, [this, reply, submittalId]() {
            reply->deleteLater();
            emit actionDone(submittalId,
                            reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
        });
    }

    void fetchMe() {
        QNetworkRequest req(QUrl(m_hosts.api + "/rest/v1.0/me"));
        applyAuth(req, m_token);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            m_userId = me.value("id").toVariant().toLongLong();
            emit ready();
        });
    }

private slots:
    void onTokenReply() {
        auto *reply = qobject_cast<QNetworkReply *>(sender());
        reply->deleteLater();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        m_token = o.value("access_token").toString().toUtf8();
        m_refresh = o.value("refresh_token").toString();
        fetchMe();
    }

private:
    Hosts m_hosts;
    qint64 m_companyId;
    qint64 m_userId = 0;
    QNetworkAccessManager *m_nam;
    QByteArray m_token;
    QString m_refresh;
};

class TrayController : public QObject {
    Q_OBJECT
public:
    TrayController(qint64 projectId, QObject *parent = nullptr)
        : QObject(parent), m_projectId(projectId) {}

signals:
    void pollSubmittals(qint64 projectId);
    void approveSubmittal(qint64 projectId, qint64 submittalId, const QString &comment);

public slots:
    void poll() { emit pollSubmittals(m_projectId); }

    void onSubmittals(qint64 projectId, const QJsonArray &rows) {
        int fresh = 0;
        for (const QJsonValue &v : rows) {
            const QJsonObject o = v.toObject();
            Submittal s;
            s.id = o.value("id").toVariant().toLongLong();
            s.title = o.value("title").toString();
            s.status = o.value("status").toObject().value("name").toString();
            s.ballInCourtUserId = o.value("ball_in_court").toArray().first()
                                      .toObject().value("id").toInt();
            if (!m_cache.contains(s.id)) ++fresh;
            m_cache.insert(s.id, s);
        }
        if (fresh > 0)
            qInfo() << fresh << "new submittals - open"
                    << QString("https://app.procore.com/%1/project/submittal_logs").arg(projectId);
    }

    void onQuickApprove(qint64 submittalId) {
        emit approveSubmittal(m_projectId, submittalId, QStringLiteral("Approved from tray"));
    }

    void onActionDone(qint64 submittalId, int httpStatus) {
        qInfo() << "submittal" << submittalId << "->" << httpStatus;
        m_cache.remove(submittalId);
    }

private:
    qint64 m_projectId;
    QHash<int, Submittal> m_cache;
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const Env env = app.arguments().contains("--monthly") ? Env::Monthly : Env::Production;
    QSettings settings("Builders", "submittal-tray");
    const qint64 companyId = settings.value("company_id").toLongLong();
    const qint64 projectId = settings.value("project_id").toString().toInt();

    ApiClient api(hostsFor(env), companyId);
    api.setRefreshToken(settings.value("refresh_token").toString());
    TrayController tray(projectId);

    QObject::connect(&tray, SIGNAL(pollSubmittals(qint64)), &api, SLOT(fetchSubmittals(qint64)));
    QObject::connect(&tray, &TrayController::approveSubmittal, &api, &ApiClient::approve);
    QObject::connect(&api, SIGNAL(submittalsArrived(qint64,QJsonArray)),
                     &tray, SLOT(onSubmittals(qint64,QJsonArray)));
    QObject::connect(&api, &ApiClient::actionDone, &tray, &TrayController::onActionDone);
    QObject::connect(&api, &ApiClient::ready, &tray, &TrayController::poll);
    QObject::connect(&api, &ApiClient::ready, &api, &ApiClient::listCompanies);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &api, &ApiClient::revoke);

    QTimer timer;
    QObject::connect(&timer, SIGNAL(timeout()), &tray, SLOT(poll()));
    const int pollSeconds = settings.value("poll_seconds", 120).toInt();
    timer.start(pollSeconds * 1000);
    api.refresh();
    return app.exec();
}
