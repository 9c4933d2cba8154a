// ERP vendor bridge, loaded by the accounting desktop client as a plugin.
// Authenticates as a Developer Managed Service Account (client credentials),
// mirrors ERP vendor records into the Procore company directory and links
// them to the projects the ERP knows about.
//
// Configuration comes from the environment the client launches us with:
//   PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID, ERP_BASE_URL

#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtCore/QVariantMap>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

namespace erpbridge {

struct ErpVendor {
    QString code;
    QString name;
    QString email;
};

struct ServiceToken {
    QByteArray value;
    int expiresIn = 0;
    qint64 createdAt = 0;
};

class ProcoreGateway : public QObject {
public:
    explicit ProcoreGateway(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        m_login = QUrl(QStringLiteral("https://login.procore.com"));
        m_api.setScheme(QStringLiteral("https"));
        m_api.setHost(env.value("PROCORE_API_HOST", "api.procore.com"));
        m_clientId = env.value("PROCORE_CLIENT_ID");
        m_clientSecret = env.value("PROCORE_CLIENT_SECRET");
        m_companyId = env.value("PROCORE_COMPANY_ID", "0").toLongLong();
        m_erpBase = QUrl(env.value("ERP_BASE_URL", "https://erp.internal.example:8443/api/"));
    }

    std::function<void()> ready;
    std::function<void(const QString &)> failed;

    void authenticate() {
        QNetworkRequest req(m_login.resolved(QUrl(QStringLiteral("/oauth/token"))));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        QNetworkReply *reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                if (failed) failed(QStringLiteral("token: %1").arg(reply->errorString()));
                return;
            }
            const QVariantMap m = QJsonDocument::fromJson(reply->readAll()).toVariant().toMap();
            m_token.value = m.value("access_token").toByteArray();
            m_token.expiresIn = m.value("expires_in").toInt();
            m_token.createdAt = m.value("created_at").toLongLong();
            verifyIdentity();
        });
    }

    void loadVendors(std::function<void()> done) {
        QUrl url = m_api.resolved(QUrl(QStringLiteral("/rest/v1.0/companies/%1/vendors").arg(m_companyId)));
        QUrlQuery q;
        q.addQueryItem("per_page", "1000");
        url.setQuery(q);
        QNetworkReply *reply = m_nam->get(companyRequest(url));
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, done]() {
            reply->deleteLater();
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject o = v.toObject();
                const QString code = o.value("origin_code").toString();
                if (!code.isEmpty())
                    m_vendorByErpCode.insert(code, o.value("id").toVariant().toLongLong());
            }
            if (done) done();
        });
    }

    void upsertVendor(const ErpVendor &erp) {
        QJsonObject vendor{{"name", erp.name}, {"email_address", erp.email}, {"origin_code", erp.code}};
        const QByteArray body = QJsonDocument(QJsonObject{{"vendor", vendor}}).toJson(QJsonDocument::Compact);
        if (m_vendorByErpCode.contains(erp.code)) {
            QUrl url = m_api.resolved(QUrl(QStringLiteral("/rest/v1.0/vendors/%1").arg(m_vendorByErpCode.value(erp.code))));
            QUrlQuery q;
            q.addQueryItem("company_id", QString::number(m_companyId));
            url.setQuery(q);
            QNetworkRequest req(url);
            req.setRawHeader("Authorization", "Bearer " + m_token.value);
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QNetworkReply *reply = m_nam->sendCustomRequest(req, "PATCH", body);
            QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        } else {
            QUrl url = m_api.resolved(QUrl(QStringLiteral("/rest/v1.0/companies/%1/vendors").arg(m_companyId)));
            QNetworkRequest req = companyRequest(url);
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QNetworkReply *reply = m_nam->post(req, body);
            QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, code = erp.code]() {
                reply->deleteLater();
                const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
                m_vendorByErpCode.insert(code, o.value("id").toVariant().toLongLong());
            });
        }
    }

    void linkToProjects(const QString &erpCode) {
        QUrl url = m_api.resolved(QUrl(QStringLiteral("/rest/v1.0/projects")));
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_companyId));
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token.value);
        req.setRawHeader("Procore-CompanyId", QByteArray::number(m_companyId));
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply, erpCode]() {
            reply->deleteLater();
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const int projectId = v.toObject().value("id").toVariant().toInt();
                qInfo() << "vendor" << erpCode << "eligible for project" << projectId;
            }
        });
    }

    void fetchErpVendors(std::function<void(const QList<ErpVendor> &)> done) {
        QNetworkRequest req(m_erpBase.resolved(QUrl(QStringLiteral("vendors?active=1"))));
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [reply, done]() {
            reply->deleteLater();
            QList<ErpVendor> out;
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject o = v.toObject();
                out.append({o.value("code").toString(), o.value("name").toString(), o.value("email").toString()});
            }
            done(out);
        });
    }

private:
    void verifyIdentity() {
        QNetworkRequest me(m_api.resolved(QUrl(QStringLiteral("/rest/v1.0/me"))));
        me.setRawHeader("Authorization", "Bearer " + m_token.value);
        QNetworkReply *meReply = m_nam->get(me);
        QObject::connect(meReply, &QNetworkReply::finished, meReply, &QObject::deleteLater);

        QNetworkReply *companies = m_nam->get(companyRequest(m_api.resolved(QUrl(QStringLiteral("/rest/v1.0/companies")))));
        QObject::connect(companies, &QNetworkReply::finished, this, [this, companies]() {
            companies->deleteLater();
            bool found = false;
            for (const QJsonValue &v : QJsonDocument::fromJson(companies->readAll()).array())
                found = found || v.toObject().value("id").toVariant().toLongLong() == m_companyId;
            if (!found) {
                if (failed) failed(QStringLiteral("service account not installed in company %1").arg(m_companyId));
                return;
            }
            if (ready) ready();
        });
    }

    QNetworkRequest companyRequest(const QUrl &url) const {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token.value);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    QNetworkAccessManager *m_nam;
    QUrl m_login;
    QUrl m_api;
    QUrl m_erpBase;
    QString m_clientId;
    QString m_clientSecret;
    qint64 m_companyId = 0;
    ServiceToken m_token;
    QMap<QString, int> m_vendorByErpCode;
};

} // namespace erpbridge

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    erpbridge::ProcoreGateway gw;
    gw.failed = [](const QString &msg) {
        qCritical() << msg << "- see https://developers.procore.com/documentation/developer-managed-service-accounts";
        QCoreApplication::exit(1);
    };
    gw.ready = [&gw]() {
        gw.loadVendors([&gw]() {
            gw.fetchErpVendors([&gw](const QList<erpbridge::ErpVendor> &vendors) {
                for (const auto &v : vendors) {
                    gw.upsertVendor(v);
                    gw.linkToProjects(v.code);
                }
            });
        });
    };
    gw.authenticate();
    return app.exec();
}
