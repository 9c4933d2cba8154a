// vendor_sync_plugin/vendor_directory.cpp
//
// Vendor directory bridge for the estimating desktop app. The plugin ABI only
// exposes VendorDirectory; the Impl keeps the settings-driven base URLs, the
// company id and the QNetworkAccessManager-backed transport.

#include <QCoreApplication>
#include <QDebug>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>

#include <memory>
#include <utility>

namespace vendorsync {

struct RequestInfo {
    QByteArray verb = "GET";
    QString path;
    QUrlQuery query;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

struct ReplyData {
    int status = 0;
    QByteArray body;
};

struct VendorRecord {
    qint64 id = 0;
    QString name;
    QString trade;
    int employee_count = 0;
};

class QtTransport {
public:
    ReplyData send(const QUrl& base, const RequestInfo& info) {
        QUrl url(base);
        url.setPath(url.path() + info.path);
        url.setQuery(info.query);
        QNetworkRequest req(url);
        for (const auto& h : info.headers) req.setRawHeader(h.first, h.second);
        QNetworkReply* reply = nullptr;
        if (info.verb == "GET")
            reply = manager_.get(req);
        else if (info.verb == "POST")
            reply = manager_.post(req, info.body);
        else
            reply = manager_.sendCustomRequest(req, info.verb, info.body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        ReplyData out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        reply->deleteLater();
        return out;
    }

private:
    QNetworkAccessManager manager_;
};

class VendorDirectory {
public:
    explicit VendorDirectory(QSettings& settings);
    ~VendorDirectory();

    bool exchangeCode(const QString& code, const QString& redirectUri);
    QJsonObject me();
    QList<VendorRecord> vendors();
    QList<VendorRecord> projectVendors(qint64 projectId);
    QJsonObject vendor(qint64 vendorId);
    QJsonObject createVendor(const QString& name, const QString& trade);
    QJsonObject renameVendor(qint64 vendorId, const QString& name);
    QUrl directoryPage() const;

private:
    class Impl;
    std::unique_ptr<Impl> d;
};

class VendorDirectory::Impl {
public:
    explicit Impl(QSettings& s)
        : apiBase(s.value("procore/apiBase",
                          QStringLiteral("https://us02.procore.com")).toString()),
          loginBase(s.value("procore/loginBase",
                            QStringLiteral("https://login.procore.com")).toString()),
          clientId(s.value("procore/clientId").toString()),
          clientSecret(s.value("procore/clientSecret").toString()),
          companyId(s.value("procore/companyId").toLongLong()) {}

    ReplyData call(RequestInfo info) {
        info.headers.append({"Authorization", "Bearer " + accessToken.toUtf8()});
        info.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        return transport.send(apiBase, info);
    }

    ReplyData companyCall(RequestInfo info) {
        info.headers.append({"Procore-Company-Id", QByteArray::number(companyId)});
        return call(std::move(info));
    }

    ReplyData oauth(RequestInfo info) { return transport.send(loginBase, info); }

    static VendorRecord toRecord(const QJsonObject& o) {
        VendorRecord r;
        r.id = o.value("id").toInt();
        r.name = o.value("name").toString();
        r.trade = o.value("trade_name").toString();
        r.employee_count = o.value("employees_count").toInt();
        return r;
    }

    QUrl apiBase;
    QUrl loginBase;
    QString clientId;
    QString clientSecret;
    QString accessToken;
    qint64 companyId;
    QMap<int, QString> nameById;
    QtTransport transport;
};

VendorDirectory::VendorDirectory(QSettings& settings) : d(std::make_unique<Impl>(settings)) {}
VendorDirectory::~VendorDirectory() = default;

bool VendorDirectory::exchangeCode(const QString& code, const QString& redirectUri) {
    RequestInfo info;
    info.verb = "POST";
    info.path = QStringLiteral("/oauth/token");
    info.headers.append(qMakePair(QByteArray("Content-Type"),
                                  QByteArray("application/x-www-form-urlencoded")));
    QUrlQuery form;
    form.addQueryItem("grant_type", "authorization_code");
    form.addQueryItem("code", code);
    form.addQueryItem("client_id", d->clientId);
    form.addQueryItem("client_secret", d->clientSecret);
    form.addQueryItem("redirect_uri", redirectUri);
    info.body = form.toString(QUrl::FullyEncoded).toUtf8();
    const ReplyData r = d->oauth(info);
    d->accessToken = QJsonDocument::fromJson(r.body).object().value("access_token").toString();
    return r.status == 200 && !d->accessToken.isEmpty();
}

QJsonObject VendorDirectory::me() {
    RequestInfo info;
    info.path = QStringLiteral("/rest/v1.0/me");
    return QJsonDocument::fromJson(d->call(info).body).object();
}

QList<VendorRecord> VendorDirectory::vendors() {
    RequestInfo info;
    info.path = QStringLiteral("/rest/v1.0/vendors");
    info.query.addQueryItem("company_id", QString::number(d->companyId));
    QList<VendorRecord> out;
    const QJsonArray arr = QJsonDocument::fromJson(d->companyCall(info).body).array();
    for (const auto& v : arr) {
        out.append(Impl::toRecord(v.toObject()));
        d->nameById.insert(out.last().id, out.last().name);
    }
    return out;
}

QList<VendorRecord> VendorDirectory::projectVendors(qint64 projectId) {
    RequestInfo info;
    info.path = QStringLiteral("/rest/v1.0/projects/%1/vendors").arg(projectId);
    QList<VendorRecord> out;
    const QJsonArray arr = QJsonDocument::fromJson(d->companyCall(info).body).array();
    for (const auto& v : arr) out.append(Impl::toRecord(v.toObject()));
    return out;
}

QJsonObject VendorDirectory::vendor(qint64 vendorId) {
    RequestInfo info;
    info.path = QStringLiteral("/rest/v1.0/vendors/%1").arg(vendorId);
    info.query.addQueryItem("company_id", QString::number(d->companyId));
    return QJsonDocument::fromJson(d->call(info).body).object();
}

QJsonObject VendorDirectory::createVendor(const QString& name, const QString& trade) {
    RequestInfo info;
    info.verb = "POST";
    info.path = QStringLiteral("/rest/v1.0/vendors");
    info.query.addQueryItem("company_id", QString::number(d->companyId));
    info.headers.append({"Procore-Company-Id", QByteArray::number(d->companyId)});
    QJsonObject vendor{{"name", name}, {"trade_name", trade}};
    info.body = QJsonDocument(QJsonObject{{"vendor", vendor}}).toJson(QJsonDocument::Compact);
    return QJsonDocument::fromJson(d->call(info).body).object();
}

QJsonObject VendorDirectory::renameVendor(qint64 vendorId, const QString& name) {
    RequestInfo info;
    info.verb = "PATCH";
    info.path = QStringLiteral("/rest/v1.0/vendors/%1").arg(vendorId);
    info.query.addQueryItem("company_id", QString::number(d->companyId));
    info.headers.append({"Procore-CompanyId", QByteArray::number(d->companyId)});
    info.body = QJsonDocument(QJsonObject{{"vendor", QJsonObject{{"name", name}}}})
                    .toJson(QJsonDocument::Compact);
    return QJsonDocument::fromJson(d->call(info).body).object();
}

QUrl VendorDirectory::directoryPage() const {
    return QUrl(QStringLiteral("https://app.procore.com/%1/company/directory/vendors")
                    .arg(d->companyId));
}

}  // namespace vendorsync

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QSettings settings(QStringLiteral("Northwind Estimating"), QStringLiteral("VendorSync"));
    vendorsync::VendorDirectory dir(settings);

    const QStringList args = app.arguments();
    if (args.size() < 3) {
        qWarning() << "usage: vendorsync <auth-code> <project-id> [vendor-id new-name]";
        return 2;
    }
    if (!dir.exchangeCode(args.at(1), QStringLiteral("urn:ietf:wg:oauth:2.0:oob"))) {
        qWarning() << "authorization failed";
        return 1;
    }
    qInfo() << "signed in as" << dir.me().value("login").toString();

    const qint64 projectId = args.at(2).toLongLong();
    int withoutTrade = 0;
    for (const auto& v : dir.vendors())
        if (v.trade.isEmpty()) ++withoutTrade;
    qInfo() << withoutTrade << "vendors have no trade; review at" << dir.directoryPage().toString();
    qInfo() << dir.projectVendors(projectId).size() << "vendors on project" << projectId;

    if (args.size() >= 5) {
        const qint64 vendorId = args.at(3).toInt();
        qInfo() << dir.vendor(vendorId);
        qInfo() << dir.renameVendor(vendorId, args.at(4));
    } else if (args.size() == 4) {
        qInfo() << dir.createVendor(args.at(3), QStringLiteral("General"));
    }
    return 0;
}
