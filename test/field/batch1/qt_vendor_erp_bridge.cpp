// VendorErpBridge: headless module of the accounting plugin. Runs under a
// Procore Developer Managed Service Account and mirrors the supplier list
// from the ERP into the Procore company directory.

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
#include <QMap>
#include <QDebug>
#include <functional>

namespace {

QNetworkRequest erpRequest(const QString &base, const QString &path, const QString &apiKey)
{
    QNetworkRequest req(QUrl(base + path));
    req.setRawHeader("X-Api-Key", apiKey.toUtf8());
    req.setRawHeader("Accept", "application/json");
    return req;
}

} // namespace

class VendorErpBridge : public QObject
{
public:
    explicit VendorErpBridge(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this))
    {
        QSettings s(QSettings::IniFormat, QSettings::SystemScope, "Acme", "ErpBridge");
        m_loginBase = s.value("procore/loginBase", "https://login.procore.com").toString();
        m_apiBase = s.value("procore/apiBase", "https://api.procore.com").toString();
        m_clientId = s.value("procore/clientId").toString();
        m_clientSecret = s.value("procore/clientSecret").toString();
        m_companyName = s.value("procore/companyName").toString();
        m_erpBase = s.value("erp/baseUrl", "https://erp.acme-build.internal:8443").toString();
        m_erpKey = s.value("erp/apiKey").toString();
    }

    void run()
    {
        fetchToken([this]() { resolveCompany([this]() { pullSuppliers(); }); });
    }

private:
    void fetchToken(std::function<void()> next)
    {
        QNetworkRequest req(QUrl(m_loginBase + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        QNetworkReply *reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply, next]() {
            reply->deleteLater();
            m_token = QJsonDocument::fromJson(reply->readAll()).object().value("access_token").toString();
            if (m_token.isEmpty())
                return;
            logIdentity();
            next();
        });
    }

    void logIdentity()
    {
        QNetworkReply *reply = m_nam->get(procoreRequest("/rest/v1.0/me"));
        connect(reply, &QNetworkReply::finished, this, [reply]() {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            qInfo() << "running as" << me.value("login").toString();
        });
    }

    QNetworkRequest procoreRequest(const QString &path) const
    {
        QNetworkRequest req(QUrl(m_apiBase + path));
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    void resolveCompany(std::function<void()> next)
    {
        QNetworkReply *reply = m_nam->get(procoreRequest("/rest/v1.0/companies"));
        connect(reply, &QNetworkReply::finished, this, [this, reply, next]() {
            reply->deleteLater();
            const QJsonArray companies = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : companies) {
                const QJsonObject c = v.toObject();
                if (c.value("name").toString() == m_companyName)
                    m_companyId = c.value("id").toVariant().toLongLong();
            }
            if (m_companyId == 0) {
                qCritical() << "company" << m_companyName << "not visible to service account";
                return;
            }
            loadExistingVendors(next);
        });
    }

    void loadExistingVendors(std::function<void()> next)
    {
        QNetworkRequest req = procoreRequest(
            QString("/rest/v1.0/vendors?company_id=%1").arg(m_companyId));
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, next]() {
            reply->deleteLater();
            const QJsonArray vendors = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : vendors) {
                const QJsonObject o = v.toObject();
                m_vendorByName.insert(o.value("name").toString(),
                                      o.value("id").toVariant().toLongLong());
            }
            next();
        });
    }

    void pullSuppliers()
    {
        QNetworkReply *reply = m_nam->get(erpRequest(m_erpBase, "/api/v2/suppliers?active=1", m_erpKey));
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonArray suppliers = QJsonDocument::fromJson(reply->readAll()).array();
            int created = 0, updated = 0;
            for (const QJsonValue &v : suppliers) {
                const QJsonObject s = v.toObject();
                const int supplierNo = s.value("supplier_no").toInt();
                qint64 vendorId = s.value("procore_vendor_id").toString().toLong();
                if (vendorId == 0)
                    vendorId = m_vendorByName.value(s.value("name").toString(), 0);
                pushVendor(vendorId, supplierNo, s);
                vendorId ? ++updated : ++created;
            }
            qInfo("supplier sync: %d created, %d updated", created, updated);
        });
    }

    void pushVendor(qint64 vendorId, int supplierNo, const QJsonObject &supplier)
    {
        QJsonObject vendor{
            {"name", supplier.value("name").toString()},
            {"abbreviated_name", supplier.value("short_name").toString()},
            {"email_address", supplier.value("email").toString()},
            {"business_phone", supplier.value("phone").toString()},
            {"origin_id", QString::number(supplierNo)},
        };
        const QByteArray body = QJsonDocument(QJsonObject{{"vendor", vendor}}).toJson();

        QNetworkRequest req = procoreRequest(vendorId
            ? QString("/rest/v1.0/vendors/%1?company_id=%2").arg(vendorId).arg(m_companyId)
            : QString("/rest/v1.0/vendors?company_id=%1").arg(m_companyId));
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));

        QNetworkReply *reply = vendorId ? m_nam->sendCustomRequest(req, "PATCH", body)
                                        : m_nam->post(req, body);
        connect(reply, &QNetworkReply::finished, this, [this, reply, supplierNo]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 300) {
                qWarning("vendor push for supplier %d failed with HTTP %d", supplierNo, status);
                return;
            }
            const qint64 id = QJsonDocument::fromJson(reply->readAll()).object()
                                  .value("id").toVariant().toLongLong();
            writeBackVendorId(supplierNo, id);
        });
    }

    void writeBackVendorId(int supplierNo, qint64 vendorId)
    {
        QNetworkRequest req = erpRequest(m_erpBase, QString("/api/v2/suppliers/%1").arg(supplierNo), m_erpKey);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject patch{{"procore_vendor_id", QString::number(vendorId)}};
        QNetworkReply *reply = m_nam->put(req, QJsonDocument(patch).toJson());
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    QNetworkAccessManager *m_nam;
    QString m_loginBase, m_apiBase, m_clientId, m_clientSecret, m_token;
    QString m_companyName;
    QString m_erpBase, m_erpKey;
    qint64 m_companyId = 0;
    QMap<QString, qint64> m_vendorByName;
};
