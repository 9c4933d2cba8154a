// qx_photo_uploader -- moves site photos that superintendents drop into the
// OneDrive folder "Site Photos/Inbox" into the matching Procore project album.
//
// Flow per photo:
//   1. download from OneDrive (Microsoft Graph, pre-authenticated downloadUrl)
//   2. POST /rest/v1.1/projects/{id}/uploads  -> presigned storage.procore.com form
//   3. multipart POST of the bytes to that form
//   4. POST /rest/v1.0/images with the upload uuid
//   5. move the OneDrive item to "Site Photos/Uploaded"
//
// Setup notes: https://support.procore.com/products/online/user-guide/project-level/photos

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QtDebug>

namespace {

struct Reply {
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

Reply finish(QNetworkReply *r)
{
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, [&loop] { loop.quit(); });
    loop.exec();
    Reply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = r->readAll();
    r->deleteLater();
    return out;
}

struct UploadJob {
    QString graphItemId;
    QString fileName;
    QByteArray bytes;
    qint64 projectId = 0;
    uint categoryId = 0;
};

class ProcoreApi {
public:
    ProcoreApi(QNetworkAccessManager *nam, QSettings &s) : m_nam(nam)
    {
        // Contoso's company lives in the us02 zone.
        m_base = QUrl(s.value("procore/api_base", "https://us02.procore.com").toString());
        m_companyId = s.value("procore/company_id").toLongLong();
        m_token = s.value("procore/access_token").toByteArray();
    }

    void decorate(QNetworkRequest &req) const
    {
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
    }

    QUrl endpoint(const QString &path, const QUrlQuery &q = QUrlQuery()) const
    {
        QUrl u = m_base.resolved(QUrl(path));
        u.setQuery(q);
        return u;
    }

    Reply postJson(const QUrl &url, const QJsonObject &body)
    {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return finish(m_nam->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    }

    qint64 ensureAlbum(qint64 projectId, const QString &name)
    {
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId));
        QNetworkRequest req(endpoint("/rest/v1.0/image_categories", q));
        decorate(req);
        const Reply list = finish(m_nam->get(req));
        for (const QJsonValue &v : QJsonDocument::fromJson(list.body).array()) {
            const QJsonObject cat = v.toObject();
            if (cat.value("name").toString() == name)
                return cat.value("id").toVariant().toLongLong();
        }
        const Reply created = postJson(endpoint("/rest/v1.0/image_categories", q),
                                       QJsonObject{{"image_category", QJsonObject{{"name", name}}}});
        return created.json().value("id").toVariant().toLongLong();
    }

    bool upload(const UploadJob &job)
    {
        const QString mime = QMimeDatabase().mimeTypeForFile(job.fileName).name();
        QNetworkRequest req(endpoint(QString("/rest/v1.1/projects/%1/uploads").arg(job.projectId)));
        decorate(req);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject ask{{"response_filename", job.fileName}, {"response_content_type", mime}};
        const Reply presign = finish(m_nam->post(req, QJsonDocument(ask).toJson(QJsonDocument::Compact)));
        if (presign.status != 201) {
            qWarning() << "uploads endpoint refused" << job.fileName << presign.status << presign.body;
            return false;
        }
        const QJsonObject form = presign.json();

        // The form url is something like https://storage.procore.com/api/v5/files/us-east-1/...
        auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        const QJsonObject fields = form.value("fields").toObject();
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
            QHttpPart part;
            part.setHeader(QNetworkRequest::ContentDispositionHeader, QString("form-data; name=\"%1\"").arg(it.key()));
            part.setBody(it.value().toString().toUtf8());
            multi->append(part);
        }
        QHttpPart filePart;
        filePart.setHeader(QNetworkRequest::ContentTypeHeader, mime);
        filePart.setHeader(QNetworkRequest::ContentDispositionHeader,
                           QString("form-data; name=\"file\"; filename=\"%1\"").arg(job.fileName));
        filePart.setBody(job.bytes);
        multi->append(filePart);
        QNetworkReply *storageReply = m_nam->post(QNetworkRequest(QUrl(form.value("url").toString())), multi);
        multi->setParent(storageReply);
        const Reply stored = finish(storageReply);
        if (stored.status / 100 != 2)
            return false;

        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(job.projectId));
        QJsonObject image{{"upload_uuid", form.value("uuid").toString()},
                          {"image_category_id", QString::number(job.categoryId)},
                          {"log_date", QFileInfo(job.fileName).baseName().left(10)}};
        const Reply created = postJson(endpoint("/rest/v1.0/images", q), QJsonObject{{"image", image}});
        if (created.status != 201)
            return false;
        qInfo("image %lld added to project %d", created.json().value("id").toVariant().toLongLong(), job.projectId);
        return true;
    }

private:
    QNetworkAccessManager *m_nam;
    QUrl m_base;
    qint64 m_companyId = 0;
    QByteArray m_token;
};

class OneDriveInbox {
public:
    OneDriveInbox(QNetworkAccessManager *nam, QByteArray token) : m_nam(nam), m_token(std::move(token)) {}

    QJsonArray list(const QString &folder)
    {
        QUrl u(QString("https://graph.microsoft.com/v1.0/me/drive/root:/%1:/children").arg(folder));
        u.setQuery("$top=50");
        return QJsonDocument::fromJson(finish(m_nam->get(graphRequest(u))).body).object().value("value").toArray();
    }

    QByteArray download(const QString &preauthUrl)
    {
        return finish(m_nam->get(QNetworkRequest(QUrl(preauthUrl)))).body;
    }

    bool moveTo(const QString &itemId, const QString &folderId)
    {
        QNetworkRequest req = graphRequest(QUrl("https://graph.microsoft.com/v1.0/me/drive/items/" + itemId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"parentReference", QJsonObject{{"id", folderId}}}};
        return finish(m_nam->sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson())).status == 200;
    }

private:
    QNetworkRequest graphRequest(const QUrl &u) const
    {
        QNetworkRequest req(u);
        req.setRawHeader("Authorization", "Bearer " + m_token);
        return req;
    }

    QNetworkAccessManager *m_nam;
    QByteArray m_token;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("Contoso");
    QCoreApplication::setApplicationName("photo-uploader");

    QSettings settings;
    QNetworkAccessManager nam;
    ProcoreApi procore(&nam, settings);
    OneDriveInbox inbox(&nam, settings.value("graph/access_token").toByteArray());

    const qint64 projectId = settings.value("photos/project_id").toLongLong();
    const QString album = settings.value("photos/album", "Field uploads").toString();
    const QString uploadedFolderId = settings.value("graph/uploaded_folder_id").toString();
    const int maxPerRun = settings.value("photos/max_per_run", 25).toInt();

    const qint64 categoryId = procore.ensureAlbum(projectId, album);
    const QJsonArray items = inbox.list("Site Photos/Inbox");

    int done = 0, failed = 0;
    for (const QJsonValue &v : items) {
        if (done + failed >= maxPerRun)
            break;
        const QJsonObject item = v.toObject();
        if (!item.contains("file"))
            continue;  // sub-folder
        UploadJob job;
        job.graphItemId = item.value("id").toString();
        job.fileName = item.value("name").toString();
        job.projectId = projectId;
        job.categoryId = categoryId;
        job.bytes = inbox.download(item.value("@microsoft.graph.downloadUrl").toString());
        if (job.bytes.isEmpty() || !procore.upload(job)) {
            ++failed;
            continue;
        }
        inbox.moveTo(job.graphItemId, uploadedFolderId);
        ++done;
    }

    qInfo() << "uploaded" << done << "photos," << failed << "failed; album:"
            << QString("https://app.procore.com/%1/project/photos").arg(projectId);
    return failed ? 1 : 0;
}
