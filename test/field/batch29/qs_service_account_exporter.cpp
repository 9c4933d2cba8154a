// service_account_exporter.cpp -- nightly exporter running as a Procore
// Developer Managed Service Account (client_credentials grant). Pulls the
// company directory, projects and vendors and forwards them to our ETL box.
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
#include <QMap>
#include <QDebug>
#include <QCommandLineParser>

#define PROCORE_LOGIN "https://login.procore.com"
#define PROCORE_API "https://api.procore.com"

struct ExportConfig {
    long companyId = 0;
    QString clientId;
    QString clientSecret;
    QString etlHost = QStringLiteral("etl.internal.acme-builders.net");
    int etlPort = 8443;
};

class ApiClient : public QObject {
    Q_OBJECT
public:
    ApiClient(const ExportConfig &cfg, QObject *parent = nullptr)
        : QObject(parent), m_cfg(cfg), m_nam(new QNetworkAccessManager(this)) {}

signals:
    void authenticated();
    void companiesLoaded(const QJsonArray &companies);
    void projectsLoaded(qint64 companyId, const QJsonArray &projects);
    void vendorsLoaded(qint64 companyId, const QJsonArray &vendors);
    void usersLoaded(qint64 companyId, const QJsonArray &users);

public slots:
    void authenticate() {
        QNetworkRequest req(QUrl(PROCORE_LOGIN "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", m_cfg.clientId);
        form.addQueryItem("client_secret", m_cfg.clientSecret);
        QNetworkReply *reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            m_token = o.value("access_token").toString().toUtf8();
            const int expiresIn = o.value("expires_in").toInt();
            qInfo() << "service account token valid for" << expiresIn << "s";
            emit authenticated();
        });
    }

    void checkTokenInfo() {
        QNetworkRequest req(QUrl(PROCORE_API "/oauth/token/info"));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, reply, &QNetworkReply::deleteLater);
    }

    void fetchMe() {
        QNetworkRequest req(QUrl(PROCORE_API "/rest/v1.0/me"));
        decorate(req, m_cfg.companyId);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [reply]() {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            qInfo() << "running as" << me.value("login").toString()
                    << "id" << me.value("id").toVariant().toLongLong();
        });
    }

    void fetchCompanies() {
        QNetworkRequest req(QUrl(PROCORE_API "/rest/v1.0/companies"));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            emit companiesLoaded(QJsonDocument::fromJson(reply->readAll()).array());
        });
    }

    void fetchProjects(qint64 companyId) {
        QUrl url(PROCORE_API "/rest/v1.0/projects");
        url.setQuery(QStringLiteral("company_id=%1&per_page=300").arg(companyId));
        QNetworkRequest req(url);
        decorate(req, companyId);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, companyId]() {
            reply->deleteLater();
            emit projectsLoaded(companyId, QJsonDocument::fromJson(reply->readAll()).array());
        });
    }

    void fetchVendors(qint64 companyId) {
        QNetworkRequest req(QUrl(PROCORE_API + QStringLiteral("/rest/v1.0/vendors?company_id=%1").arg(companyId)));
        decorate(req, companyId);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, companyId]() {
            reply->deleteLater();
            emit vendorsLoaded(companyId, QJsonDocument::fromJson(reply->readAll()).array());
        });
    }

    void fetchUsers(qint64 companyId) {
        QNetworkRequest req(QUrl(PROCORE_API + QStringLiteral("/rest/v1.0/companies/%1/users").arg(companyId)));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Procore-CompanyId", QByteArray::number(companyId));
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, companyId]() {
            reply->deleteLater();
            emit usersLoaded(companyId, QJsonDocument::fromJson(reply->readAll()).array());
        });
    }

private:
    void decorate(QNetworkRequest &req, qint64 companyId) const {
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        req.setRawHeader("Accept", "application/json");
    }

    ExportConfig m_cfg;
    QNetworkAccessManager *m_nam;
    QByteArray m_token;
};

class EtlSink : public QObject {
    Q_OBJECT
public:
    EtlSink(const ExportConfig &cfg, QObject *parent = nullptr)
        : QObject(parent), m_cfg(cfg), m_nam(new QNetworkAccessManager(this)) {}

public slots:
    void pushVendors(qint64 companyId, const QJsonArray &vendors) {
        QMap<unsigned, QString> names;
        for (const QJsonValue &v : vendors) {
            const QJsonObject o = v.toObject();
            names.insert(o.value("id").toVariant().toUInt(), o.value("name").toString());
        }
        qInfo() << "company" << companyId << "vendors:" << names.size();
        post("vendors", vendors);
    }
    void pushUsers(qint64 companyId, const QJsonArray &users) {
        for (const QJsonValue &v : users) {
            const QJsonObject u = v.toObject();
            const qint64 userId = u.value("id").toInt();
            if (!u.value("is_active").toBool())
                qInfo() << "inactive user" << userId << "in company" << companyId;
        }
        post("users", users);
    }
    void pushProjects(qint64 companyId, const QJsonArray &projects) {
        Q_UNUSED(companyId);
        post("projects", projects);
    }

private:
    void post(const QString &kind, const QJsonArray &rows) {
        QUrl url;
        url.setScheme("https");
        url.setHost(m_cfg.etlHost);
        url.setPort(m_cfg.etlPort);
        url.setPath("/ingest/procore/" + kind);
        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        req.setRawHeader("X-Etl-Source", "procore-exporter");
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(rows).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, reply, &QNetworkReply::deleteLater);
    }

    ExportConfig m_cfg;
    QNetworkAccessManager *m_nam;
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({"company", "Procore company id", "id"});
    parser.process(app);

    ExportConfig cfg;
    cfg.companyId = parser.value("company").toLongLong();
    cfg.clientId = qEnvironmentVariable("PROCORE_DMSA_CLIENT_ID");
    cfg.clientSecret = qEnvironmentVariable("PROCORE_DMSA_CLIENT_SECRET");

    ApiClient api(cfg);
    EtlSink sink(cfg);
    const qint64 companyId = cfg.companyId;

    QObject::connect(&api, &ApiClient::authenticated, &api, &ApiClient::checkTokenInfo);
    QObject::connect(&api, &ApiClient::authenticated, &api, &ApiClient::fetchMe);
    QObject::connect(&api, &ApiClient::authenticated, &api, &ApiClient::fetchCompanies);
    QObject::connect(&api, &ApiClient::companiesLoaded, &api, [&api, companyId](const QJsonArray &all) {
        for (const QJsonValue &c : all) {
            if (c.toObject().value("id").toVariant().toLongLong() != companyId) continue;
            api.fetchProjects(companyId);
            api.fetchVendors(companyId);
            api.fetchUsers(companyId);
        }
    });
    QObject::connect(&api, SIGNAL(projectsLoaded(qint64,QJsonArray)), &sink, SLOT(pushProjects(qint64,QJsonArray)));
    QObject::connect(&api, SIGNAL(vendorsLoaded(qint64,QJsonArray)), &sink, SLOT(pushVendors(qint64,QJsonArray)));
    QObject::connect(&api, &ApiClient::usersLoaded, &sink, &EtlSink::pushUsers);

    api.authenticate();
    return app.exec();
}
