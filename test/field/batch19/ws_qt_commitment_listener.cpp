// commitment_listener: headless Qt5 service that receives Procore webhook
// deliveries for Commitments (purchase orders / subcontracts) and posts a
// summary to the finance channel. Authenticates as a Developer Managed
// Service Account (client_credentials), so there is no user in the loop.
#include <QtCore/QCoreApplication>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <functional>

namespace {

struct Endpoints {
    QString login;
    QString api;
};

Endpoints endpointsFor(const QString& env)
{
    if (env == QLatin1String("monthly"))
        return {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"};
    if (env == QLatin1String("sandbox"))
        return {"https://login-sandbox.procore.com", "https://sandbox.procore.com"};
    return {"https://login.procore.com", "https://api.procore.com"};
}

const char* kFinanceWebhook = "https://hooks.slack.com/services/T000/B000/finance";

class ProcoreService : public QObject {
public:
    ProcoreService(Endpoints ep, qint64 companyId, QObject* parent = nullptr)
        : QObject(parent), ep_(std::move(ep)), companyId_(companyId), nam_(new QNetworkAccessManager(this)) {}

    void authenticate(const QString& clientId, const QString& secret, std::function<void(bool)> done)
    {
        QNetworkRequest req(QUrl(ep_.login + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("client_secret", secret);
        QNetworkReply* reply = nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply, done]() {
            reply->deleteLater();
            const auto obj = QJsonDocument::fromJson(reply->readAll()).object();
            token_ = obj.value("access_token").toString();
            done(reply->error() == QNetworkReply::NoError && !token_.isEmpty());
        });
    }

    QNetworkRequest apiRequest(const QString& path) const
    {
        QNetworkRequest req(QUrl(ep_.api + path));
        req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
        return req;
    }

    void getJson(const QNetworkRequest& req, std::function<void(QJsonDocument)> cb)
    {
        QNetworkReply* reply = nam_->get(req);
        connect(reply, &QNetworkReply::finished, this, [reply, cb]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                qWarning("GET %s -> %d", qPrintable(reply->url().path()), status);
                cb(QJsonDocument());
                return;
            }
            cb(QJsonDocument::fromJson(reply->readAll()));
        });
    }

    void verifyCompanyAccess(std::function<void(bool)> done)
    {
        getJson(apiRequest("/rest/v1.0/companies"), [this, done](QJsonDocument doc) {
            for (const auto& c : doc.array()) {
                if (c.toObject().value("id").toVariant().toLongLong() == companyId_) {
                    done(true);
                    return;
                }
            }
            done(false);
        });
    }

    void logServiceUser()
    {
        QNetworkRequest req(QUrl(ep_.api + "/rest/v1.0/me"));
        req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        QNetworkReply* reply = nam_->get(req);
        connect(reply, &QNetworkReply::finished, this, [reply]() {
            reply->deleteLater();
            const auto me = QJsonDocument::fromJson(reply->readAll()).object();
            qInfo("service account: %s", qPrintable(me.value("login").toString()));
        });
    }

    void fetchPurchaseOrder(qint64 projectId, qint64 poId, std::function<void(QJsonObject)> cb)
    {
        const QString path = QString("/rest/v1.0/purchase_order_contracts/%1?project_id=%2").arg(poId).arg(projectId);
        getJson(apiRequest(path), [cb](QJsonDocument doc) { cb(doc.object()); });
    }

    void fetchWorkOrder(qint64 projectId, int contractId, std::function<void(QJsonObject)> cb)
    {
        QNetworkRequest req(QUrl(ep_.api + QString("/rest/v1.0/work_order_contracts/%1?project_id=%2")
                                                .arg(contractId).arg(projectId)));
        req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        req.setRawHeader("Procore-CompanyId", QByteArray::number(companyId_));
        getJson(req, [cb](QJsonDocument doc) { cb(doc.object()); });
    }

    void postToFinance(const QString& text)
    {
        QNetworkRequest req{QUrl(kFinanceWebhook)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        nam_->post(req, QJsonDocument(QJsonObject{{"text", text}}).toJson(QJsonDocument::Compact));
    }

private:
    Endpoints ep_;
    qint64 companyId_;
    QNetworkAccessManager* nam_;
    QString token_;
};

// Vendor names seen so far, keyed by Procore vendor id.
QHash<int, QString> g_vendorNames;

void handlePayload(ProcoreService* svc, const QJsonObject& ev)
{
    const QString resource = ev.value("resource_name").toString();
    const qint64 projectId = ev.value("project_id").toVariant().toLongLong();
    const int contractId = ev.value("resource_id").toInt();

    auto summarize = [svc, projectId](const QJsonObject& c) {
        const QJsonObject vendor = c.value("vendor").toObject();
        g_vendorNames.insert(vendor.value("id").toInt(), vendor.value("name").toString());
        svc->postToFinance(QString("%1 %2 (%3) is now %4 - https://app.procore.com/projects/%5/commitments")
                               .arg(c.value("number").toString(), c.value("title").toString(),
                                    vendor.value("name").toString(), c.value("status").toString())
                               .arg(projectId));
    };

    if (resource == QLatin1String("Purchase Order Contracts"))
        svc->fetchPurchaseOrder(projectId, ev.value("resource_id").toVariant().toLongLong(), summarize);
    else if (resource == QLatin1String("Work Order Contracts"))
        svc->fetchWorkOrder(projectId, contractId, summarize);
}

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const auto env = QProcessEnvironment::systemEnvironment();
    const qint64 companyId = env.value("PROCORE_COMPANY_ID").toLongLong();
    const quint16 port = static_cast<quint16>(env.value("HOOK_PORT", "8091").toInt());

    auto* svc = new ProcoreService(endpointsFor(env.value("PROCORE_ENV")), companyId, &app);
    svc->authenticate(env.value("PROCORE_CLIENT_ID"), env.value("PROCORE_CLIENT_SECRET"), [svc](bool ok) {
        if (!ok) {
            qCritical("client_credentials grant failed");
            QCoreApplication::exit(2);
            return;
        }
        svc->logServiceUser();
        svc->verifyCompanyAccess([](bool ok) {
            if (!ok) qWarning("service account is not installed in the configured company");
        });
    });

    QTcpServer server;
    QObject::connect(&server, &QTcpServer::newConnection, [&server, svc]() {
        QTcpSocket* sock = server.nextPendingConnection();
        QObject::connect(sock, &QTcpSocket::readyRead, [sock, svc]() {
            const QByteArray raw = sock->readAll();
            const int split = raw.indexOf("\r\n\r\n");
            sock->write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            sock->disconnectFromHost();
            if (split < 0) return;
            const auto doc = QJsonDocument::fromJson(raw.mid(split + 4));
            if (doc.isObject()) handlePayload(svc, doc.object());
        });
        QObject::connect(sock, &QTcpSocket::disconnected, sock, &QObject::deleteLater);
    });
    if (!server.listen(QHostAddress::Any, port)) {
        qCritical("cannot listen on %d", port);
        return 1;
    }
    return app.exec();
}
