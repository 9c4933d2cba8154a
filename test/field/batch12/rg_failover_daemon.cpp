// rg_failover_daemon: keeps each tenant's Procore mirror pointed at a healthy
// region. Every tenant has a primary and a standby region code; when the
// primary stops answering we flip to the standby and re-sync the project list.
//
// FAILOVER_TENANTS="<company_id>:<primary>:<standby>[,...]"
// FAILOVER_STATUS_URL=https://status.internal.example.net/api/v2/components
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <cstdlib>
#include <iostream>

struct RegionHosts {
    QString login;
    QString api;
};

static const QMap<QString, RegionHosts> kRegions = {
    {"us01", {"https://login.procore.com", "https://api.procore.com"}},
    {"us02", {"https://login.procore.com", "https://us02.procore.com"}},
    {"sbx", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

struct TenantState {
    qint64 companyId = 0;
    QString primary;
    QString standby;
    QString active;
    QByteArray accessToken;
    QByteArray refreshToken;
    int consecutiveFailures = 0;
};

class FailoverDaemon : public QObject {
public:
    explicit FailoverDaemon(QObject* parent = nullptr) : QObject(parent), nam_(new QNetworkAccessManager(this)) {
        statusUrl_ = QString::fromLocal8Bit(qgetenv("FAILOVER_STATUS_URL"));
        clientId_ = qgetenv("PROCORE_CLIENT_ID");
        clientSecret_ = qgetenv("PROCORE_CLIENT_SECRET");
    }

    bool loadTenants() {
        const QString spec = QString::fromLocal8Bit(qgetenv("FAILOVER_TENANTS"));
        for (const QString& item : spec.split(',', Qt::SkipEmptyParts)) {
            const QStringList parts = item.split(':');
            if (parts.size() != 3 || !kRegions.contains(parts[1]) || !kRegions.contains(parts[2])) {
                std::cerr << "bad tenant spec: " << item.toStdString() << "\n";
                return false;
            }
            TenantState t;
            t.companyId = parts[0].toLongLong();
            t.primary = parts[1];
            t.standby = parts[2];
            t.active = t.primary;
            t.refreshToken = qgetenv(QString("PROCORE_REFRESH_%1").arg(t.companyId).toLatin1());
            tenants_.insert(t.companyId, t);
        }
        return !tenants_.isEmpty();
    }

    void start() {
        for (auto it = tenants_.begin(); it != tenants_.end(); ++it) refreshToken(it.key());
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [this] {
            for (auto it = tenants_.begin(); it != tenants_.end(); ++it) probe(it.key());
        });
        timer->start(30 * 1000);
    }

private:
    // Request factory: every REST call for a tenant should come from here.
    QNetworkRequest makeTenantRequest(const TenantState& t, const QString& path) const {
        QNetworkRequest req(QUrl(kRegions.value(t.active).api + path));
        req.setRawHeader("Authorization", "Bearer " + t.accessToken);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(t.companyId));
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    void refreshToken(qint64 companyId) {
        TenantState& t = tenants_[companyId];
        QNetworkRequest req(QUrl(kRegions.value(t.active).login + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", QString::fromLatin1(clientId_));
        form.addQueryItem("client_secret", QString::fromLatin1(clientSecret_));
        form.addQueryItem("refresh_token", QString::fromLatin1(t.refreshToken));
        QNetworkReply* reply = nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply, companyId] {
            reply->deleteLater();
            const QJsonObject obj = QJsonDocument::fromJson(reply->readAll()).object();
            TenantState& ts = tenants_[companyId];
            ts.accessToken = obj.value("access_token").toString().toLatin1();
            ts.refreshToken = obj.value("refresh_token").toString().toLatin1();
        });
    }

    void probe(qint64 companyId) {
        const TenantState& t = tenants_[companyId];
        // /me is cheap and does not need a company; good enough as a liveness check
        QNetworkRequest req(QUrl(kRegions.value(t.active).api + "/rest/v1.0/me"));
        req.setRawHeader("Authorization", "Bearer " + t.accessToken);
        QNetworkReply* reply = nam_->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, companyId] {
            reply->deleteLater();
            TenantState& ts = tenants_[companyId];
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() == QNetworkReply::NoError && status == 200) {
                ts.consecutiveFailures = 0;
                checkCompanyAccess(companyId);
                return;
            }
            if (++ts.consecutiveFailures >= 3 && ts.active != ts.standby) failover(companyId);
        });
    }

    void checkCompanyAccess(qint64 companyId) {
        const TenantState& t = tenants_[companyId];
        QNetworkRequest req = makeTenantRequest(t, QString("/rest/v1.0/companies/%1/users?per_page=1").arg(companyId));
        QNetworkReply* reply = nam_->get(req);
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    void failover(qint64 companyId) {
        TenantState& t = tenants_[companyId];
        std::cerr << "company " << companyId << ": " << t.active.toStdString() << " -> "
                  << t.standby.toStdString() << "\n";
        t.active = t.standby;
        t.consecutiveFailures = 0;
        reportStatus(companyId, "degraded");
        resyncProjects(companyId);
    }

    void resyncProjects(qint64 companyId) {
        const TenantState& t = tenants_[companyId];
        // written during the March outage; bypasses the factory so it can run
        // before the token cache is warm on the standby
        QUrl url(kRegions.value(t.active).api + "/rest/v1.0/projects");
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(companyId));
        q.addQueryItem("per_page", "300");
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + t.accessToken);
        QNetworkReply* reply = nam_->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, companyId] {
            reply->deleteLater();
            const QJsonArray projects = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : projects) {
                const int projectId = v.toObject().value("id").toInt();
                touchProject(companyId, projectId);
            }
        });
    }

    void touchProject(qint64 companyId, qint64 projectId) {
        const TenantState& t = tenants_[companyId];
        QNetworkRequest req = makeTenantRequest(t, QString("/rest/v1.0/projects/%1").arg(projectId));
        QNetworkReply* reply = nam_->get(req);
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    void reportStatus(qint64 companyId, const QString& state) {
        if (statusUrl_.isEmpty()) return;
        QNetworkRequest req{QUrl(statusUrl_)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject body{{"component", QString("procore-%1").arg(companyId)},
                         {"status", state},
                         {"link", QString("https://app.procore.com/%1/company/home").arg(companyId)}};
        QNetworkReply* reply = nam_->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    QNetworkAccessManager* nam_;
    QHash<qint64, TenantState> tenants_;
    QString statusUrl_;
    QByteArray clientId_;
    QByteArray clientSecret_;
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    FailoverDaemon daemon;
    if (!daemon.loadTenants()) {
        std::cerr << "no tenants configured (FAILOVER_TENANTS)\n";
        return 2;
    }
    daemon.start();
    return app.exec();
}
