// vendor_directory: cache builder behind the "Procore vendors" palette of our
// CAD plugin.  It downloads the company vendor directory, each vendor's
// insurance records and the company user list, and writes one JSON cache the
// plugin reads at startup.  Also checks GitHub for a newer plugin release.
//
// DirectoryClient lives on its own thread with its own network manager;
// DirectoryBuilder sends it FetchJob structs over queued connections and
// parses the big payloads on the global pool (QtConcurrent::run).
#include <QCoreApplication>
#include <QDebug>
#include <QFile>
#include <QFutureWatcher>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QThread>
#include <QUrlQuery>
#include <QtConcurrent>

namespace cfg {
const QString kApi = QStringLiteral("https://api.procore.com");
const QString kInsuranceTpl = QStringLiteral("https://us02.procore.com/vapid/vendors/%1/insurances");
const QString kRevokeUrl = QStringLiteral("https://app.procore.com/oauth/revoke");
const QString kReleasesUrl =
    QStringLiteral("https://api.github.com/repos/northbeam/cad-procore-palette/releases/latest");
const QString kHelpLink = QStringLiteral("https://support.procore.com/products/online/user-guide/company-level/directory");
}  // namespace cfg

struct FetchJob {
    QNetworkRequest request;
    QString kind;
    QByteArray postBody;  // non-empty => POST
};
Q_DECLARE_METATYPE(FetchJob)

struct VendorRecord {
    qint64 id = 0;
    QString name;
    QString trade;
    QStringList insurancesExpiring;
};
using VendorIndex = QHash<int, VendorRecord>;  // keyed by Procore vendor id

class DirectoryClient : public QObject {
    Q_OBJECT
public slots:
    void setup() { m_nam = new QNetworkAccessManager(this); }

    void fetch(const FetchJob &job) {
        QNetworkReply *reply = job.postBody.isEmpty() ? m_nam->get(job.request)
                                                      : m_nam->post(job.request, job.postBody);
        const QString kind = job.kind;
        connect(reply, &QNetworkReply::finished, this, [this, reply, kind]() {
            const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (http >= 400)
                qWarning() << kind << "HTTP" << http << "- see" << cfg::kHelpLink;
            emit fetched(kind, reply->readAll());
            reply->deleteLater();
        });
    }

signals:
    void fetched(const QString &kind, const QByteArray &body);

private:
    QNetworkAccessManager *m_nam = nullptr;
};

static VendorIndex parseVendors(const QByteArray &body) {
    VendorIndex out;
    for (const QJsonValue &v : QJsonDocument::fromJson(body).array()) {
        const QJsonObject o = v.toObject();
        VendorRecord r;
        r.id = o.value("id").toVariant().toLongLong();
        r.name = o.value("name").toString();
        r.trade = o.value("trade_name").toString();
        out.insert(r.id, r);
    }
    return out;
}

class DirectoryBuilder : public QObject {
    Q_OBJECT
public:
    DirectoryBuilder() {
        QSettings s;
        m_companyId = s.value("procore/company_id").toLongLong();
        m_token = s.value("auth/access_token").toByteArray();
        m_cachePath = s.value("cache/path", "procore_vendors.json").toString();
        connect(&m_parse, &QFutureWatcher<VendorIndex>::finished, this, [this]() {
            m_vendors = m_parse.result();
            for (auto it = m_vendors.cbegin(); it != m_vendors.cend(); ++it)
                requestInsurance(it.value().id);
            m_pendingInsurance = m_vendors.size();
        });
    }

    void begin() {
        emit job({bearer(QUrl(cfg::kReleasesUrl), false), "release", {}});
        emit job({bearer(QUrl(cfg::kApi + "/rest/v1.0/companies"), false), "companies", {}});
        emit job({bearer(QUrl(cfg::kApi + QString("/rest/v1.0/companies/%1/vendors?per_page=1000")
                                              .arg(m_companyId)),
                         true),
                  "vendors", {}});
        emit job({bearer(QUrl(cfg::kApi + QString("/rest/v1.0/companies/%1/users?per_page=1000")
                                              .arg(m_companyId)),
                         false),
                  "users", {}});
    }

    void logout() {
        QUrlQuery form;
        form.addQueryItem("token", QString::fromUtf8(m_token));
        form.addQueryItem("client_id", QSettings().value("auth/client_id").toString());
        QNetworkRequest req{QUrl(cfg::kRevokeUrl)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        emit job({req, "revoke", form.query(QUrl::FullyEncoded).toUtf8()});
    }

public slots:
    void onFetched(const QString &kind, const QByteArray &body) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (kind == "release") {
            const int releaseId = doc.object().value("id").toInt();
            qInfo() << "latest plugin release" << doc.object().value("tag_name").toString()
                    << "(github release" << releaseId << ")";
        } else if (kind == "companies") {
            bool member = false;
            for (const QJsonValue &c : doc.array())
                member |= c.toObject().value("id").toVariant().toLongLong() == m_companyId;
            if (!member)
                qWarning() << "token has no access to company" << m_companyId;
        } else if (kind == "vendors") {
            m_parse.setFuture(QtConcurrent::run(parseVendors, body));
        } else if (kind == "users") {
            m_userCount = doc.array().size();
        } else if (kind.startsWith("insurance:")) {
            const int vendorId = kind.section(':', 1).toInt();
            for (const QJsonValue &v : doc.array()) {
                const QJsonObject ins = v.toObject();
                const QDate exp = QDate::fromString(ins.value("expiration_date").toString(), Qt::ISODate);
                if (exp.isValid() && exp < QDate::currentDate().addDays(30))
                    m_vendors[vendorId].insurancesExpiring << ins.value("insurance_type").toString();
            }
            if (--m_pendingInsurance == 0)
                writeCache();
        } else if (kind == "revoke") {
            QCoreApplication::quit();
        }
    }

signals:
    void job(const FetchJob &job);

private:
    QNetworkRequest bearer(const QUrl &url, bool withCompany) const {
        QNetworkRequest req(url);
        if (url.host() != QLatin1String("api.github.com"))
            req.setRawHeader("Authorization", "Bearer " + m_token);
        if (withCompany)
            req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        return req;
    }

    void requestInsurance(qint64 vendorId) {
        QUrl url(cfg::kInsuranceTpl.arg(vendorId));
        url.setQuery(QString("company_id=%1").arg(m_companyId));
        emit job({bearer(url, true), QString("insurance:%1").arg(vendorId), {}});
    }

    void writeCache() {
        QJsonArray arr;
        for (const VendorRecord &r : qAsConst(m_vendors)) {
            arr.append(QJsonObject{
                {"id", QString::number(r.id)},
                {"name", r.name},
                {"trade", r.trade},
                {"expiring", QJsonArray::fromStringList(r.insurancesExpiring)},
                {"web", QString("https://app.procore.com/%1/company/directory/vendors/%2")
                            .arg(m_companyId)
                            .arg(r.id)}});
        }
        QFile f(m_cachePath);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(QJsonObject{{"vendors", arr}, {"user_count", m_userCount}}).toJson());
        qInfo() << "cached" << arr.size() << "vendors to" << m_cachePath;
        QCoreApplication::quit();
    }

    qint64 m_companyId = 0;
    QByteArray m_token;
    QString m_cachePath;
    int m_userCount = 0;
    int m_pendingInsurance = 0;
    VendorIndex m_vendors;
    QFutureWatcher<VendorIndex> m_parse;
};

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("Northbeam");
    QCoreApplication::setApplicationName("cad-procore-palette");
    qRegisterMetaType<FetchJob>("FetchJob");

    QThread netThread;
    auto *client = new DirectoryClient;
    client->moveToThread(&netThread);
    QObject::connect(&netThread, &QThread::started, client, &DirectoryClient::setup);
    QObject::connect(&netThread, &QThread::finished, client, &QObject::deleteLater);

    DirectoryBuilder builder;
    QObject::connect(&builder, &DirectoryBuilder::job, client, &DirectoryClient::fetch, Qt::QueuedConnection);
    QObject::connect(client, &DirectoryClient::fetched, &builder, &DirectoryBuilder::onFetched,
                     Qt::QueuedConnection);
    netThread.start();

    if (app.arguments().contains("--logout"))
        builder.logout();
    else
        builder.begin();

    const int rc = app.exec();
    netThread.quit();
    netThread.wait();
    return rc;
}
