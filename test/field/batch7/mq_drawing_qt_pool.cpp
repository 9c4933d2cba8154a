// drawing_qt_pool.cpp - background drawing-log prefetch for the field tablet
// plugin. Each request is a QRunnable on a QThreadPool that owns a short-lived
// QNetworkAccessManager; results land in a shared in-memory cache that the
// viewer reads when the superintendent opens a sheet offline.
#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMutex>
#include <QtCore/QMutexLocker>
#include <QtCore/QPair>
#include <QtCore/QRunnable>
#include <QtCore/QThreadPool>
#include <QtCore/QUrlQuery>
#include <QtCore/QDebug>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

namespace {

const QString kApiBase = QStringLiteral("https://api.procore.com");
const QString kZoneBase = QStringLiteral("https://us02.procore.com");
const QString kLoginBase = QStringLiteral("https://login.procore.com");
const QString kWebBase = QStringLiteral("https://app.procore.com");
constexpr int kMaxAttempts = 3;

enum class JobKind { Areas, Drawings, Revisions };

struct DrawingJob {
    JobKind kind = JobKind::Areas;
    QByteArray verb = "GET";
    QString base = kApiBase;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray payload;
    qint64 projectId = 0;
    int attempt = 0;
};

struct DrawingCache {
    QMutex mutex;
    QHash<qint64, QJsonObject> areas;
    QHash<qint64, QJsonArray> drawingsByArea;
    QHash<qint64, QJsonArray> revisionsByProject;
};

DrawingCache g_cache;
QByteArray g_token;
qint64 g_companyId = 0;
QThreadPool* g_pool = nullptr;

void withCompany(DrawingJob& job) {
    job.headers.append({"Procore-Company-Id", QByteArray::number(g_companyId)});
}

void submit(const DrawingJob& job);

// Blocking send on the pool thread; the one place requests leave the plugin.
QNetworkReply* transport(QNetworkAccessManager& nam, const DrawingJob& job) {
    QUrl url(job.base + job.path);
    url.setQuery(job.query);
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + g_token);
    req.setRawHeader("Accept", "application/json");
    for (const auto& h : job.headers) req.setRawHeader(h.first, h.second);
    if (!job.payload.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));

    QNetworkReply* reply = job.verb == "GET" ? nam.get(req)
                                             : nam.sendCustomRequest(req, job.verb, job.payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    return reply;
}

void enqueueDrawings(qint64 projectId, int areaId) {
    DrawingJob job;
    job.kind = JobKind::Drawings;
    job.projectId = projectId;
    job.path = QStringLiteral("/rest/v1.1/drawing_areas/%1/drawings").arg(areaId);
    job.query.addQueryItem(QStringLiteral("project_id"), QString::number(projectId));
    submit(job);
}

void handleResult(const DrawingJob& job, const QJsonDocument& doc) {
    QMutexLocker lock(&g_cache.mutex);
    switch (job.kind) {
    case JobKind::Areas:
        for (const QJsonValue& v : doc.array()) {
            const QJsonObject area = v.toObject();
            g_cache.areas.insert(area.value("id").toVariant().toLongLong(), area);
            lock.unlock();
            enqueueDrawings(job.projectId, area.value("id").toInt());
            lock.relock();
        }
        break;
    case JobKind::Drawings: {
        const qint64 areaId = job.path.section('/', 4, 4).toLongLong();
        g_cache.drawingsByArea.insert(areaId, doc.array());
        break;
    }
    case JobKind::Revisions:
        g_cache.revisionsByProject.insert(job.projectId, doc.array());
        break;
    }
}

class TransportTask : public QRunnable {
public:
    explicit TransportTask(DrawingJob job) : job_(std::move(job)) { setAutoDelete(true); }

    void run() override {
        QNetworkAccessManager nam;
        QNetworkReply* reply = transport(nam, job_);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();

        if (status >= 200 && status < 300) {
            handleResult(job_, QJsonDocument::fromJson(body));
            return;
        }
        if (++job_.attempt >= kMaxAttempts) {
            qWarning() << "drawing job failed for good" << job_.path << status;
            return;
        }
        DrawingJob retry = job_;
        if (status == 429 || status >= 500) {
            // back off by shrinking the page instead of sleeping on a pool thread
            const int perPage = retry.query.queryItemValue(QStringLiteral("per_page")).toInt();
            retry.query.removeQueryItem(QStringLiteral("per_page"));
            retry.query.addQueryItem(QStringLiteral("per_page"),
                                     QString::number(perPage > 50 ? perPage / 2 : 50));
        }
        submit(retry);
    }

private:
    DrawingJob job_;
};

void submit(const DrawingJob& job) {
    g_pool->start(new TransportTask(job));
}

void enqueueProject(qint64 projectId) {
    DrawingJob areas;
    areas.kind = JobKind::Areas;
    areas.projectId = projectId;
    areas.path = QStringLiteral("/rest/v1.0/projects/%1/drawing_areas").arg(projectId);
    withCompany(areas);
    submit(areas);

    DrawingJob revisions;
    revisions.kind = JobKind::Revisions;
    revisions.base = kZoneBase;  // tenant lives on us02
    revisions.projectId = projectId;
    revisions.path = QStringLiteral("/rest/v1.0/projects/%1/drawing_revisions").arg(projectId);
    revisions.query.addQueryItem(QStringLiteral("per_page"), QStringLiteral("200"));
    withCompany(revisions);
    submit(revisions);
}

bool tokenStillValid() {
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(kLoginBase + QStringLiteral("/oauth/token/info")));
    req.setRawHeader("Authorization", "Bearer " + g_token);
    QNetworkReply* reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = reply->error() == QNetworkReply::NoError;
    const QJsonObject info = QJsonDocument::fromJson(reply->readAll()).object();
    qInfo() << "token expires in" << info.value("expires_in_seconds").toInt() << "s";
    reply->deleteLater();
    return ok;
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        qCritical() << "usage: drawing_qt_pool <company_id> <project_id>...";
        return 2;
    }
    g_token = qgetenv("PROCORE_TOKEN");
    g_companyId = args.at(1).toLongLong();
    if (!tokenStillValid()) {
        qCritical() << "token expired; sign in again from the plugin settings";
        return 1;
    }

    QThreadPool pool;
    pool.setMaxThreadCount(4);
    g_pool = &pool;

    QList<qint64> projects;
    for (int i = 2; i < args.size(); ++i) projects.append(args.at(i).toLongLong());
    for (qint64 pid : projects) enqueueProject(pid);

    pool.waitForDone();

    QMutexLocker lock(&g_cache.mutex);
    qInfo() << "cached" << g_cache.areas.size() << "areas," << g_cache.drawingsByArea.size()
            << "drawing lists";
    for (qint64 pid : projects)
        qInfo().noquote() << QStringLiteral("%1/%2/project/drawing_log?project_id=%3")
                                 .arg(kWebBase).arg(g_companyId).arg(pid);
    return 0;
}
