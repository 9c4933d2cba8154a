// manpower_uploader.cpp -- site-office tool that pushes the day's manpower
// sheet (exported from the gate scanner) into Procore daily logs.
// Transport comes from QSettings "transport": "qnam" talks to the network,
// "queue" spools requests to disk when the site link is down.
#include <QtCore/QCoreApplication>
#include <QtCore/QDate>
#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtCore/QSettings>
#include <QtCore/QUrlQuery>
#include <QtCore/QUuid>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

struct RequestSpec {
    QByteArray verb;
    QUrl url;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

struct TransportOps {
    const char *name;
    void *(*create)(QObject *parent);
    QByteArray (*exchange)(void *self, const void *spec, int *status);
    void (*destroy)(void *self);
};

static QHash<QString, const TransportOps *> &transports()
{
    static QHash<QString, const TransportOps *> table;
    return table;
}

// ---------------------------------------------------------------- qnam
static void *qnam_create(QObject *parent) { return new QNetworkAccessManager(parent); }

static QByteArray qnam_exchange(void *self, const void *opaque, int *status)
{
    auto *nam = static_cast<QNetworkAccessManager *>(self);
    const auto *spec = static_cast<const RequestSpec *>(opaque);
    QNetworkRequest req(spec->url);
    for (const auto &h : spec->headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nullptr;
    if (spec->verb == "GET")
        reply = nam->get(req);
    else
        reply = nam->sendCustomRequest(req, spec->verb, spec->body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray data = reply->readAll();
    reply->deleteLater();
    return data;
}

static void qnam_destroy(void *self) { delete static_cast<QNetworkAccessManager *>(self); }
static const TransportOps kQnam{"qnam", qnam_create, qnam_exchange, qnam_destroy};

// ---------------------------------------------------------------- queue
static void *queue_create(QObject *) { return new QDir(QDir::home().filePath(".manpower-spool")); }

static QByteArray queue_exchange(void *self, const void *opaque, int *status)
{
    auto *dir = static_cast<QDir *>(self);
    const auto *spec = static_cast<const RequestSpec *>(opaque);
    dir->mkpath(".");
    QJsonObject rec{{"verb", QString(spec->verb)}, {"url", spec->url.toString()},
                    {"body", QString::fromUtf8(spec->body)}};
    QFile f(dir->filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + ".json"));
    if (f.open(QIODevice::WriteOnly))
        f.write(QJsonDocument(rec).toJson());
    *status = 202;
    return QByteArray("[]");
}

static void queue_destroy(void *self) { delete static_cast<QDir *>(self); }
static const TransportOps kQueue{"queue", queue_create, queue_exchange, queue_destroy};

// ---------------------------------------------------------------- procore
struct Environment {
    QString login;
    QString api;
};

static Environment environmentFor(const QString &name)
{
    if (name == QLatin1String("sandbox"))
        return {QStringLiteral("https://login-sandbox.procore.com"), QStringLiteral("https://sandbox.procore.com")};
    if (name == QLatin1String("monthly"))
        return {QStringLiteral("https://login-sandbox-monthly.procore.com"),
                QStringLiteral("https://api-monthly.procore.com")};
    return {QStringLiteral("https://login.procore.com"), QStringLiteral("https://api.procore.com")};
}

class ProcoreLink
{
public:
    ProcoreLink(const TransportOps *ops, Environment env, qint64 companyId, QObject *parent)
        : m_ops(ops), m_self(ops->create(parent)), m_env(std::move(env)), m_companyId(companyId) {}
    ~ProcoreLink() { m_ops->destroy(m_self); }

    bool refresh(const QString &clientId, const QString &refreshToken)
    {
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("refresh_token", refreshToken);
        RequestSpec spec{"POST", QUrl(m_env.login + "/oauth/token"), form.query(QUrl::FullyEncoded).toUtf8(),
                         {{"Content-Type", "application/x-www-form-urlencoded"}}};
        int status = 0;
        QJsonObject tok = QJsonDocument::fromJson(m_ops->exchange(m_self, &spec, &status)).object();
        m_token = tok.value("access_token").toString().toUtf8();
        return status == 200 && !m_token.isEmpty();
    }

    void revoke(const QString &clientId)
    {
        RequestSpec spec{"POST", QUrl(m_env.login + "/oauth/revoke"),
                         "client_id=" + clientId.toUtf8() + "&token=" + m_token,
                         {{"Content-Type", "application/x-www-form-urlencoded"}}};
        int status = 0;
        m_ops->exchange(m_self, &spec, &status);
    }

    // Header policy: every API request gets auth + JSON; company scope is opt-in.
    QJsonDocument api(const QByteArray &verb, const QString &path, const QJsonObject &body = {},
                      bool companyScoped = true)
    {
        RequestSpec spec{verb, QUrl(m_env.api + path), body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(),
                         {{"Authorization", "Bearer " + m_token}, {"Content-Type", "application/json"}}};
        if (companyScoped)
            spec.headers.append({"Procore-Company-Id", QByteArray::number(m_companyId)});
        int status = 0;
        QByteArray data = m_ops->exchange(m_self, &spec, &status);
        if (status >= 300)
            qWarning("%s %s -> %d", verb.constData(), qPrintable(path), status);
        return QJsonDocument::fromJson(data);
    }

    QJsonDocument postLog(qint64 projectId, const QJsonObject &log)
    {
        RequestSpec spec{"POST", QUrl(QStringLiteral("%1/rest/v1.0/projects/%2/manpower_logs").arg(m_env.api).arg(projectId)),
                         QJsonDocument(QJsonObject{{"manpower_log", log}}).toJson(),
                         {{"Authorization", "Bearer " + m_token}, {"Content-Type", "application/json"},
                          {"Company-Id", QByteArray::number(m_companyId)}}};
        int status = 0;
        return QJsonDocument::fromJson(m_ops->exchange(m_self, &spec, &status));
    }

private:
    const TransportOps *m_ops;
    void *m_self;
    Environment m_env;
    qint64 m_companyId;
    QByteArray m_token;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    transports().insert(kQnam.name, &kQnam);
    transports().insert(kQueue.name, &kQueue);

    QSettings settings("SiteOffice", "manpower-uploader");
    const TransportOps *ops = transports().value(settings.value("transport", "qnam").toString());
    if (!ops)
        return 2;
    const qint64 companyId = settings.value("company_id").toLongLong();
    const qint64 projectId = settings.value("project_id").toInt();
    ProcoreLink link(ops, environmentFor(settings.value("environment").toString()), companyId, &app);
    if (!link.refresh(settings.value("client_id").toString(), settings.value("refresh_token").toString()))
        qFatal("token refresh failed");

    const QJsonArray companies = link.api("GET", "/rest/v1.0/companies", {}, false).array();
    qInfo("%d companies available", int(companies.size()));
    const QJsonArray projects =
        link.api("GET", QStringLiteral("/rest/v1.0/projects?company_id=%1").arg(companyId)).array();
    for (const auto &p : projects)
        if (p.toObject().value("id").toVariant().toLongLong() == projectId)
            qInfo("uploading to %s", qPrintable(p.toObject().value("name").toString()));

    const QString today = QDate::currentDate().toString(Qt::ISODate);
    const QJsonArray existing = link.api("GET", QStringLiteral("/rest/v1.0/projects/%1/manpower_logs?log_date=%2")
                                                    .arg(projectId).arg(today), {}, false).array();
    QSet<qint64> alreadyLogged;
    for (const auto &e : existing)
        alreadyLogged.insert(qint64(e.toObject().value("vendor_id").toDouble()));

    QFile sheet(argc > 1 ? argv[1] : "gate_export.json");
    if (!sheet.open(QIODevice::ReadOnly))
        return 1;
    int posted = 0;
    for (const auto &row : QJsonDocument::fromJson(sheet.readAll()).array()) {
        const QJsonObject entry = row.toObject();
        int vendorId = entry.value("vendor_id").toInt();
        if (alreadyLogged.contains(vendorId))
            continue;
        QJsonObject log{{"date", today}, {"num_workers", entry.value("headcount").toInt()},
                        {"num_hours", entry.value("hours").toDouble()}, {"vendor_id", vendorId},
                        {"notes", "imported from gate scanner"}};
        link.postLog(projectId, log);
        ++posted;
    }
    qInfo("%d manpower entries posted; check https://app.procore.com/%lld/project/home", posted, companyId);
    link.revoke(settings.value("client_id").toString());
    return 0;
}
