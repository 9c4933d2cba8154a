// estimating_plugin.cpp - Procore bridge DLL for the Estimator desktop add-in.
// The Delphi host sees a flat C API; inside we block on a QEventLoop per request.
#include <QtCore/QByteArray>
#include <QtCore/QEventLoop>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSettings>
#include <QtCore/QTimer>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#if defined(_WIN32)
#define PC_API __declspec(dllexport)
#else
#define PC_API __attribute__((visibility("default")))
#endif

extern "C" {
typedef int pc_handle;
typedef void (*pc_project_cb)(long long project_id, const char *name, void *user);
typedef void (*pc_company_cb)(long long company_id, const char *name, void *user);
typedef void (*pc_rfi_cb)(long rfi_id, const char *subject, const char *status, void *user);

PC_API pc_handle pc_open(const char *settings_path);
PC_API void pc_close(pc_handle h);
PC_API int pc_refresh_token(pc_handle h);
PC_API int pc_set_company(pc_handle h, unsigned company_id);
PC_API int pc_list_companies(pc_handle h, pc_company_cb cb, void *user);
PC_API int pc_list_projects(pc_handle h, pc_project_cb cb, void *user);
PC_API int pc_list_rfis(pc_handle h, long long project_id, pc_rfi_cb cb, void *user);
PC_API long long pc_current_user_id(pc_handle h);
PC_API int pc_project_web_link(long long project_id, char *buf, int buflen);
}

namespace {

struct Endpoints {
    QString login;
    QString api;
};

Endpoints endpointsFor(const QString &env)
{
    if (env == QLatin1String("sandbox"))
        return {QStringLiteral("https://login-sandbox.procore.com"),
                QStringLiteral("https://sandbox.procore.com")};
    if (env == QLatin1String("monthly"))
        return {QStringLiteral("https://login-sandbox-monthly.procore.com"),
                QStringLiteral("https://api-monthly.procore.com")};
    return {QStringLiteral("https://login.procore.com"),
            QStringLiteral("https://app.procore.com")};
}

const char *kTelemetryUrl = "https://telemetry.estimatorpro.example.com/v1/events";

} // namespace

class Client {
public:
    explicit Client(const QString &settingsPath);
    ~Client();

    bool refresh();
    QJsonDocument companyGet(const QString &path, const QUrlQuery &q = {});
    QJsonDocument userGet(const QString &path);
    QJsonDocument rfis(qint64 projectId);
    void setCompany(qint64 id);
    void track(const QString &event);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

struct Client::Impl {
    QSettings settings;
    QNetworkAccessManager nam;
    Endpoints ep;
    QString accessToken;
    qint64 companyId = 0;
    int timeoutMs = 30000;

    explicit Impl(const QString &path) : settings(path, QSettings::IniFormat)
    {
        ep = endpointsFor(settings.value("procore/environment", "production").toString());
        companyId = settings.value("procore/company_id").toLongLong();
        accessToken = settings.value("procore/access_token").toString();
        timeoutMs = settings.value("net/timeout_ms", 30000).toInt();
    }

    QByteArray finish(QNetworkReply *reply, int *status = nullptr)
    {
        QEventLoop loop;
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        timer.start(timeoutMs);
        loop.exec();
        if (!reply->isFinished())
            reply->abort();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

    QNetworkRequest authed(const QString &url) const
    {
        QNetworkRequest req{QUrl(url)};
        req.setRawHeader("Authorization", "Bearer " + accessToken.toUtf8());
        req.setRawHeader("Accept", "application/json");
        return req;
    }
};

Client::Client(const QString &settingsPath) : d(new Impl(settingsPath)) {}
Client::~Client() = default;

bool Client::refresh()
{
    QNetworkRequest req{QUrl(d->ep.login + "/oauth/token")};
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("refresh_token", d->settings.value("procore/refresh_token").toString());
    form.addQueryItem("client_id", d->settings.value("procore/client_id").toString());
    form.addQueryItem("client_secret", d->settings.value("procore/client_secret").toString());
    int status = 0;
    QByteArray body = d->finish(d->nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8()), &status);
    if (status != 200)
        return false;
    QJsonObject o = QJsonDocument::fromJson(body).object();
    d->accessToken = o.value("access_token").toString();
    d->settings.setValue("procore/access_token", d->accessToken);
    d->settings.setValue("procore/refresh_token", o.value("refresh_token").toString());
    return !d->accessToken.isEmpty();
}

QJsonDocument Client::companyGet(const QString &path, const QUrlQuery &q)
{
    QUrl url(d->ep.api + path);
    url.setQuery(q);
    QNetworkRequest req = d->authed(url.toString());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(d->companyId));
    return QJsonDocument::fromJson(d->finish(d->nam.get(req)));
}

// Only for endpoints that are not company scoped (/me, /companies).
QJsonDocument Client::userGet(const QString &path)
{
    return QJsonDocument::fromJson(d->finish(d->nam.get(d->authed(d->ep.api + path))));
}

QJsonDocument Client::rfis(qint64 projectId)
{
    QNetworkRequest req = d->authed(
        QStringLiteral("%1/rest/v1.0/projects/%2/rfis").arg(d->ep.api).arg(projectId));
    req.setRawHeader("Accept-Language", "en");
    return QJsonDocument::fromJson(d->finish(d->nam.get(req)));
}

void Client::setCompany(qint64 id)
{
    d->companyId = id;
    d->settings.setValue("procore/company_id", id);
}

void Client::track(const QString &event)
{
    QNetworkRequest req{QUrl(QString::fromLatin1(kTelemetryUrl))};
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QJsonObject o{{"event", event}, {"app", "estimator-procore"}};
    d->finish(d->nam.post(req, QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

// ---------------------------------------------------------------- handle table

namespace {
std::mutex g_mu;
std::map<int, std::unique_ptr<Client>> g_clients;
int g_nextHandle = 1;

Client *lookup(pc_handle h)
{
    std::lock_guard<std::mutex> lock(g_mu);
    auto it = g_clients.find(h);
    return it == g_clients.end() ? nullptr : it->second.get();
}
} // namespace

extern "C" {

PC_API pc_handle pc_open(const char *settings_path)
{
    std::lock_guard<std::mutex> lock(g_mu);
    int h = g_nextHandle++;
    g_clients[h].reset(new Client(QString::fromUtf8(settings_path)));
    return h;
}

PC_API void pc_close(pc_handle h)
{
    std::lock_guard<std::mutex> lock(g_mu);
    g_clients.erase(h);
}

PC_API int pc_refresh_token(pc_handle h)
{
    Client *c = lookup(h);
    return c && c->refresh() ? 0 : -1;
}

PC_API int pc_set_company(pc_handle h, unsigned company_id)
{
    Client *c = lookup(h);
    if (!c)
        return -1;
    c->setCompany(company_id);
    return 0;
}

PC_API int pc_list_companies(pc_handle h, pc_company_cb cb, void *user)
{
    Client *c = lookup(h);
    if (!c)
        return -1;
    const QJsonArray arr = c->userGet("/rest/v1.0/companies").array();
    for (const QJsonValue &v : arr) {
        QJsonObject o = v.toObject();
        cb(o.value("id").toVariant().toLongLong(), o.value("name").toString().toUtf8().constData(), user);
    }
    return arr.size();
}

PC_API int pc_list_projects(pc_handle h, pc_project_cb cb, void *user)
{
    Client *c = lookup(h);
    if (!c)
        return -1;
    int total = 0;
    for (int page = 1; page < 50; ++page) {
        QUrlQuery q;
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", "100");
        const QJsonArray arr = c->companyGet("/rest/v1.0/projects", q).array();
        for (const QJsonValue &v : arr) {
            QJsonObject o = v.toObject();
            cb(o.value("id").toVariant().toLongLong(), o.value("name").toString().toUtf8().constData(), user);
        }
        total += arr.size();
        if (arr.size() < 100)
            break;
    }
    c->track("projects_listed");
    return total;
}

PC_API int pc_list_rfis(pc_handle h, long long project_id, pc_rfi_cb cb, void *user)
{
    Client *c = lookup(h);
    if (!c)
        return -1;
    const QJsonArray arr = c->rfis(project_id).array();
    for (const QJsonValue &v : arr) {
        QJsonObject o = v.toObject();
        cb(o.value("id").toInt(), o.value("subject").toString().toUtf8().constData(),
           o.value("status").toString().toUtf8().constData(), user);
    }
    return arr.size();
}

PC_API long long pc_current_user_id(pc_handle h)
{
    Client *c = lookup(h);
    if (!c)
        return -1;
    return c->userGet("/rest/v1.0/me").object().value("id").toVariant().toLongLong();
}

PC_API int pc_project_web_link(long long project_id, char *buf, int buflen)
{
    QByteArray url = QStringLiteral("https://app.procore.com/%1/project/home").arg(project_id).toUtf8();
    if (buflen <= url.size())
        return -1;
    std::memcpy(buf, url.constData(), url.size() + 1);
    return url.size();
}

} // extern "C"
