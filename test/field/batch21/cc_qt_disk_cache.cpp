// drawing_kiosk_cache.cpp -- headless indexer for the jobsite drawing kiosk.
//
// All traffic goes through one QNetworkAccessManager with a QNetworkDiskCache,
// so the kiosk can still show the drawing log when the site LTE drops. The
// disk cache does the ETag / If-None-Match revalidation for us; writes (title
// fixes) are sent with PATCH and then the affected cache entries are removed.
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QStandardPaths>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

namespace {

const QString kApiBase = QStringLiteral("https://api.procore.com");
const QString kLoginBase = QStringLiteral("https://login.procore.com");

struct CachedToken {
    QString accessToken;
    QDateTime expiresAt;
    bool valid() const {
        return !accessToken.isEmpty() && QDateTime::currentDateTimeUtc().secsTo(expiresAt) > 120;
    }
};

class ProcoreCache {
public:
    ProcoreCache(qint64 companyId, QObject* parent)
        : m_companyId(companyId),
          m_nam(new QNetworkAccessManager(parent)),
          m_cache(new QNetworkDiskCache(parent)) {
        m_cache->setCacheDirectory(
            QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/procore");
        m_cache->setMaximumCacheSize(256LL * 1024 * 1024);
        m_nam->setCache(m_cache);
    }

    bool ensureToken(const QString& clientId, const QString& secret, const QString& refreshToken) {
        if (m_token.valid()) return true;
        QNetworkRequest req(QUrl(kLoginBase + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("client_secret", secret);
        form.addQueryItem("refresh_token", refreshToken);
        int status = 0;
        const QByteArray body =
            waitFor(m_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8()), &status);
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        m_token.accessToken = o.value("access_token").toString();
        m_token.expiresAt = QDateTime::currentDateTimeUtc().addSecs(o.value("expires_in").toInt(7200));
        return status == 200 && !m_token.accessToken.isEmpty();
    }

    QJsonObject me() {
        QNetworkRequest req(QUrl(kApiBase + "/rest/v1.0/me"));
        req.setRawHeader("Authorization", "Bearer " + m_token.accessToken.toUtf8());
        return QJsonDocument::fromJson(waitFor(m_nam->get(req))).object();
    }

    QJsonArray projects() {
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_companyId));
        q.addQueryItem("per_page", "300");
        return QJsonDocument::fromJson(waitFor(m_nam->get(makeRequest("/rest/v1.0/projects", q)))).array();
    }

    // Drawing log is what the kiosk shows, so prefer the cached copy.
    QJsonArray drawings(qint64 projectId) {
        QNetworkRequest req(QUrl(kApiBase + QString("/rest/v1.1/projects/%1/drawings").arg(projectId)));
        req.setRawHeader("Authorization", "Bearer " + m_token.accessToken.toUtf8());
        req.setRawHeader("Procore-CompanyId", QByteArray::number(m_companyId));
        req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
        return QJsonDocument::fromJson(waitFor(m_nam->get(req))).array();
    }

    QJsonObject drawingRevision(qint64 projectId, int revisionId) {
        const QString path =
            QString("/rest/v1.0/projects/%1/drawing_revisions/%2").arg(projectId).arg(revisionId);
        return QJsonDocument::fromJson(waitFor(m_nam->get(makeRequest(path)))).object();
    }

    // write-through: PATCH, then evict the item and the list it appears in
    bool renameDrawing(qint64 projectId, qint64 drawingId, const QString& title) {
        const QString listPath = QString("/rest/v1.1/projects/%1/drawings").arg(projectId);
        QNetworkRequest req = makeRequest(listPath + "/" + QString::number(drawingId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject payload{{"drawing", QJsonObject{{"title", title}}}};
        int status = 0;
        waitFor(m_nam->sendCustomRequest(req, "PATCH", QJsonDocument(payload).toJson(QJsonDocument::Compact)),
                &status);
        m_cache->remove(req.url());
        m_cache->remove(QUrl(kApiBase + listPath));
        return status >= 200 && status < 300;
    }

    int cacheHits() const { return m_cacheHits; }

private:
    QNetworkRequest makeRequest(const QString& path, const QUrlQuery& query = QUrlQuery()) const {
        QUrl url(kApiBase + path);
        if (!query.isEmpty()) url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token.accessToken.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        // revalidate against the server, fall back to disk when offline
        req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferNetwork);
        return req;
    }

    QByteArray waitFor(QNetworkReply* reply, int* status = nullptr) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        if (reply->attribute(QNetworkRequest::SourceIsFromCacheAttribute).toBool()) ++m_cacheHits;
        if (status) *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

    qint64 m_companyId;
    QNetworkAccessManager* m_nam;
    QNetworkDiskCache* m_cache;
    CachedToken m_token;
    int m_cacheHits = 0;
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("Northbeam");
    QCoreApplication::setApplicationName("drawing-kiosk");
    QSettings settings;
    QTextStream out(stdout);

    const qint64 companyId = settings.value("procore/company_id").toLongLong();
    ProcoreCache pc(companyId, &app);
    if (!pc.ensureToken(settings.value("procore/client_id").toString(),
                        settings.value("procore/client_secret").toString(),
                        settings.value("procore/refresh_token").toString())) {
        out << "token refresh failed; re-run the kiosk setup wizard\n";
        return 1;
    }
    out << "signed in as " << pc.me().value("login").toString() << "\n";

    for (const QJsonValue& v : pc.projects()) {
        const QJsonObject p = v.toObject();
        int projectId = p.value("id").toInt();
        const QJsonArray drawings = pc.drawings(projectId);
        out << p.value("name").toString() << ": " << drawings.size() << " drawings\n";
        for (const QJsonValue& dv : drawings) {
            const QJsonObject d = dv.toObject();
            const qint64 drawingId = d.value("id").toVariant().toLongLong();
            const QString title = d.value("title").toString();
            if (title != title.trimmed() && !pc.renameDrawing(projectId, drawingId, title.trimmed()))
                out << "  could not fix title of drawing " << drawingId << "\n";
            const qint64 revisionId = d.value("current_revision_id").toVariant().toLongLong();
            const QJsonObject rev = pc.drawingRevision(projectId, revisionId);
            out << "  " << d.value("number").toString() << " rev " << rev.value("revision_number").toString()
                << "\n";
        }
        out << "  web: https://app.procore.com/" << companyId << "/project/drawing_log?project_id="
            << projectId << "\n";
    }
    out << "served from disk cache: " << pc.cacheHits() << "\n";
    return 0;
}
