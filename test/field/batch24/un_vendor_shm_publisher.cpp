// vendor_shm_publisher.cpp
//
// Keeps the company vendor directory in a QSharedMemory block so the
// estimating add-in (a 32-bit Excel plugin, hence the fixed layout) can look
// vendors up without its own Procore login. One writer (this process), many
// readers; readers check ShmHeader::generation before and after copying.

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSharedMemory>
#include <QtCore/QTimer>
#include <QtCore/QUrlQuery>
#include <QtCore/QVector>
#include <QtCore/QDebug>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <cstring>

static const char kShmKey[] = "procore.vendors.v4";
static const int kMaxVendors = 4096;
static const QString kLogin = QStringLiteral("https://login.procore.com");
static const QString kApi = QStringLiteral("https://api.procore.com");

#pragma pack(push, 1)
struct ShmHeader {
    quint32 magic;       // 'PVND'
    quint32 generation;  // bumped after every full write
    quint32 count;
    quint32 slotSize;
    qint64 companyId;
    qint64 updatedAtMs;
};  // 32 bytes

struct VendorSlot {
    qint64 id;
    quint32 projectId;   // 0 = company directory entry; kept 32-bit, the add-in is 32-bit
    quint16 active : 1;
    quint16 isUnion : 1;
    quint16 prequalified : 1;
    quint16 spare : 13;
    quint16 tradeCount;
    char name[112];
};  // 128 bytes
#pragma pack(pop)

static_assert(sizeof(ShmHeader) == 32, "add-in reads a 32 byte header");
static_assert(sizeof(VendorSlot) == 128, "add-in reads 128 byte slots");

class VendorPublisher {
public:
    VendorPublisher(qint64 companyId, qint64 projectId, QString refreshToken)
        : m_companyId(companyId), m_projectId(projectId), m_refresh(std::move(refreshToken)),
          m_shm(QString::fromLatin1(kShmKey)) {}

    bool attach() {
        const int bytes = int(sizeof(ShmHeader) + kMaxVendors * sizeof(VendorSlot));
        if (!m_shm.create(bytes) && !m_shm.attach()) {
            qWarning() << "shared memory:" << m_shm.errorString();
            return false;
        }
        return true;
    }

    void start() { refresh(); }

private:
    QNetworkRequest apiRequest(const QUrl& url) const {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_access.toUtf8());
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    void refresh() {
        QNetworkRequest req(QUrl(kLogin + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", m_refresh);
        form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
        form.addQueryItem("client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET"));
        QNetworkReply* reply = m_net.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, [this, reply] {
            reply->deleteLater();
            const QJsonObject tok = QJsonDocument::fromJson(reply->readAll()).object();
            m_access = tok.value("access_token").toString();
            m_refresh = tok.value("refresh_token").toString(m_refresh);
            whoAmI();
        });
    }

    void whoAmI() {
        QNetworkReply* reply = m_net.get(apiRequest(QUrl(kApi + "/rest/v1.0/me")));
        QObject::connect(reply, &QNetworkReply::finished, [this, reply] {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            qInfo() << "publishing as" << me.value("login").toString();
            fetchCompanyVendors();
        });
    }

    void fetchCompanyVendors() {
        QNetworkRequest req = apiRequest(QUrl(
            QStringLiteral("https://app.procore.com/rest/v1.0/vendors?company_id=%1&per_page=1000")
                .arg(m_companyId)));
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply* reply = m_net.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply] {
            reply->deleteLater();
            m_slots.clear();
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : arr) {
                const QJsonObject o = v.toObject();
                VendorSlot s{};
                s.id = o.value("id").toVariant().toLongLong();
                s.projectId = 0;
                fill(s, o);
                m_slots.push_back(s);
            }
            fetchProjectVendors();
        });
    }

    void fetchProjectVendors() {
        QNetworkRequest req = apiRequest(
            QUrl(kApi + QStringLiteral("/rest/v1.0/projects/%1/vendors").arg(m_projectId)));
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(m_companyId));
        QNetworkReply* reply = m_net.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply] {
            reply->deleteLater();
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : arr) {
                const QJsonObject o = v.toObject();
                const int vendorId = o.value("id").toInt();
                VendorSlot s{};
                s.id = vendorId;
                s.projectId = m_projectId;
                fill(s, o);
                m_slots.push_back(s);
            }
            publish();
        });
    }

    static void fill(VendorSlot& s, const QJsonObject& o) {
        s.active = o.value("is_active").toBool();
        s.isUnion = o.value("union_member").toBool();
        s.prequalified = o.value("prequalified").toBool();
        s.tradeCount = quint16(o.value("trades").toArray().size());
        const QByteArray name = o.value("name").toString().toUtf8().left(sizeof s.name - 1);
        std::memcpy(s.name, name.constData(), size_t(name.size()));
    }

    void publish() {
        const int n = qMin(m_slots.size(), kMaxVendors);
        m_shm.lock();
        auto* base = static_cast<char*>(m_shm.data());
        ShmHeader hdr{};
        std::memcpy(&hdr, base, sizeof hdr);
        hdr.magic = 0x444e5650;  // "PVND"
        hdr.count = quint32(n);
        hdr.slotSize = sizeof(VendorSlot);
        hdr.companyId = m_companyId;
        hdr.updatedAtMs = QDateTime::currentMSecsSinceEpoch();
        std::memcpy(base + sizeof hdr, m_slots.constData(), size_t(n) * sizeof(VendorSlot));
        ++hdr.generation;
        std::memcpy(base, &hdr, sizeof hdr);
        m_shm.unlock();

        qInfo().noquote() << n << "vendors published; directory:"
                          << QStringLiteral("https://app.procore.com/%1/company/vendors").arg(m_companyId);
        reportMetrics(n);
    }

    void reportMetrics(int count) {
        QNetworkRequest req(QUrl(QStringLiteral("https://metrics.internal.buildco.net/v1/gauge")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"name", "procore.vendors.published"}, {"value", count}};
        QNetworkReply* reply = m_net.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    qint64 m_companyId;
    qint64 m_projectId;
    QString m_refresh;
    QString m_access;
    QSharedMemory m_shm;
    QNetworkAccessManager m_net;
    QVector<VendorSlot> m_slots;
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        qCritical() << "usage: vendor_shm_publisher <company_id> <project_id> <refresh_token>";
        return 2;
    }
    VendorPublisher pub(args.at(1).toLongLong(), args.at(2).toLongLong(), args.at(3));
    if (!pub.attach()) return 1;
    pub.start();
    QTimer::singleShot(120000, &app, &QCoreApplication::quit);
    return app.exec();
}
