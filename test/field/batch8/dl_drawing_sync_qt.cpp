// drawing_sync_qt.cpp - CAD-server plugin that pushes plotted PDF sheets to Procore.
// Runs unattended on the plot server, so it authenticates with a Developer
// Managed Service Account (client_credentials) configured in drawing_sync.ini.
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPair>
#include <QtCore/QSettings>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHttpMultiPart>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <map>
#include <memory>

#define DS_API extern "C" Q_DECL_EXPORT

typedef void (*ds_progress_cb)(int done, int total, const char *file, void *user);

DS_API int ds_open(const char *ini_path);
DS_API void ds_close(int h);
DS_API int ds_company_count(int h);
DS_API int ds_load_areas(int h, qint64 project_id);
DS_API int ds_upload_drawings(int h, qint64 project_id, int drawing_area_id, const char *const *files,
                              int nfiles, ds_progress_cb cb, void *user);

namespace {

const QHash<QString, QPair<QString, QString>> kHosts = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

// Sheet revision lookup still goes through the old vapid endpoint.
const QString kLegacyBase = QStringLiteral("https://us02.procore.com/vapid");

QByteArray waitFor(QNetworkReply *reply, int *status = nullptr)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray data = reply->readAll();
    reply->deleteLater();
    return data;
}

} // namespace

class DrawingSync {
public:
    explicit DrawingSync(const QString &ini) : m_settings(ini, QSettings::IniFormat)
    {
        const QString env = m_settings.value("procore/environment", "production").toString();
        const auto hosts = kHosts.value(env, kHosts.value("production"));
        m_loginBase = hosts.first;
        m_apiBase = m_settings.value("procore/api_base", hosts.second).toString();
        m_companyId = m_settings.value("procore/company_id").toString().toLongLong();
    }

    bool authenticate()
    {
        QNetworkRequest req(QUrl(m_loginBase + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", m_settings.value("procore/client_id").toString());
        form.addQueryItem("client_secret", m_settings.value("procore/client_secret").toString());
        int status = 0;
        QByteArray body = waitFor(m_nam.post(req, form.query(QUrl::FullyEncoded).toUtf8()), &status);
        m_token = QJsonDocument::fromJson(body).object().value("access_token").toString().toUtf8();
        return status == 200 && !m_token.isEmpty();
    }

    QNetworkRequest request(const QString &url, bool withCompany = true) const
    {
        QNetworkRequest req{QUrl(url)};
        req.setRawHeader("Authorization", "Bearer " + m_token);
        if (withCompany)
            req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        return req;
    }

    int companyCount()
    {
        QByteArray body = waitFor(m_nam.get(request(m_apiBase + "/rest/v1.0/companies", false)));
        return QJsonDocument::fromJson(body).array().size();
    }

    int loadAreas(qint64 projectId)
    {
        QUrl url(m_apiBase + QStringLiteral("/rest/v1.0/projects/%1/drawing_areas").arg(projectId));
        const QJsonArray arr = QJsonDocument::fromJson(waitFor(m_nam.get(request(url.toString())))).array();
        m_areaNames.clear();
        for (const QJsonValue &v : arr)
            m_areaNames.insert(v.toObject().value("id").toVariant().toLongLong(), v.toObject().value("name").toString());
        return m_areaNames.size();
    }

    QJsonObject latestRevision(qint64 projectId, const QString &number)
    {
        QUrl url(kLegacyBase + QStringLiteral("/projects/%1/drawing_revisions").arg(projectId));
        QUrlQuery q;
        q.addQueryItem("filters[number]", number);
        url.setQuery(q);
        const QJsonArray arr = QJsonDocument::fromJson(waitFor(m_nam.get(request(url.toString())))).array();
        return arr.isEmpty() ? QJsonObject() : arr.first().toObject();
    }

    // Returns the upload uuid, or an empty string on failure.
    QString uploadFile(const QString &path)
    {
        QFileInfo fi(path);
        QNetworkRequest req = request(m_apiBase + QStringLiteral("/rest/v1.0/companies/%1/uploads").arg(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject o{{"response_filename", fi.fileName()}, {"response_content_type", "application/pdf"}};
        QJsonObject up = QJsonDocument::fromJson(
                             waitFor(m_nam.post(req, QJsonDocument(o).toJson(QJsonDocument::Compact))))
                             .object();
        const QUrl s3(up.value("url").toString());
        if (!s3.host().endsWith(QLatin1String("storage.procore.com")) && !s3.host().endsWith(QLatin1String("amazonaws.com")))
            return QString();

        auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        const QJsonObject fields = up.value("fields").toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            QHttpPart part;
            part.setHeader(QNetworkRequest::ContentDispositionHeader, QString("form-data; name=\"%1\"").arg(it.key()));
            part.setBody(it.value().toString().toUtf8());
            multi->append(part);
        }
        auto *file = new QFile(path, multi);
        if (!file->open(QIODevice::ReadOnly))
            return QString();
        QHttpPart filePart;
        filePart.setHeader(QNetworkRequest::ContentDispositionHeader,
                           QString("form-data; name=\"file\"; filename=\"%1\"").arg(fi.fileName()));
        filePart.setBodyDevice(file);
        multi->append(filePart);
        QNetworkReply *reply = m_nam.post(QNetworkRequest(s3), multi);
        multi->setParent(reply);
        int status = 0;
        waitFor(reply, &status);
        return status / 100 == 2 ? up.value("uuid").toString() : QString();
    }

    bool createDrawingUpload(qint64 projectId, int areaId, const QStringList &uploadUuids)
    {
        QNetworkRequest req(QUrl(m_apiBase + QStringLiteral("/rest/v1.1/projects/%1/drawing_uploads").arg(projectId)));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject body{{"drawing_area_id", areaId}, {"files", QJsonArray::fromStringList(uploadUuids)}};
        int status = 0;
        waitFor(m_nam.post(req, QJsonDocument(QJsonObject{{"drawing_upload", body}}).toJson()), &status);
        return status == 201;
    }

private:
    QSettings m_settings;
    QNetworkAccessManager m_nam;
    QString m_loginBase, m_apiBase;
    QByteArray m_token;
    qint64 m_companyId = 0;
    QHash<int, QString> m_areaNames;
};

namespace {
std::map<int, std::unique_ptr<DrawingSync>> g_sync;
int g_nextId = 1;
DrawingSync *at(int h)
{
    auto it = g_sync.find(h);
    return it == g_sync.end() ? nullptr : it->second.get();
}
} // namespace

DS_API int ds_open(const char *ini_path)
{
    auto s = std::make_unique<DrawingSync>(QString::fromLocal8Bit(ini_path));
    if (!s->authenticate())
        return -1;
    g_sync[g_nextId] = std::move(s);
    return g_nextId++;
}

DS_API void ds_close(int h) { g_sync.erase(h); }

DS_API int ds_company_count(int h)
{
    DrawingSync *s = at(h);
    return s ? s->companyCount() : -1;
}

DS_API int ds_load_areas(int h, qint64 project_id)
{
    DrawingSync *s = at(h);
    return s ? s->loadAreas(project_id) : -1;
}

DS_API int ds_upload_drawings(int h, qint64 project_id, int drawing_area_id, const char *const *files,
                              int nfiles, ds_progress_cb cb, void *user)
{
    DrawingSync *s = at(h);
    if (!s)
        return -1;
    QStringList uuids;
    for (int i = 0; i < nfiles; ++i) {
        const QString path = QString::fromLocal8Bit(files[i]);
        const QJsonObject rev = s->latestRevision(project_id, QFileInfo(path).baseName());
        if (!rev.isEmpty() && rev.value("revision_number").toString() == "FINAL")
            continue; // sheet already issued, don't overwrite
        const QString uuid = s->uploadFile(path);
        if (!uuid.isEmpty())
            uuids << uuid;
        if (cb)
            cb(i + 1, nfiles, files[i], user);
    }
    if (uuids.isEmpty())
        return 0;
    return s->createDrawingUpload(project_id, drawing_area_id, uuids) ? uuids.size() : -2;
}
