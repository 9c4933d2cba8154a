// drawing_pull: background daemon that mirrors Procore drawing areas and
// drawing revisions into the local plan-room cache used by the site kiosks.
//
// Layout: DrawingPlanner (main thread) builds requests, NetWorker (own
// thread, own QNetworkAccessManager) sends them.  Requests travel over
// queued connections, so QNetworkRequest is registered as a metatype.
#include <QCoreApplication>
#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaType>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

namespace {
const char kApiBase[] = "https://api.procore.com";
const char kTokenUrl[] = "https://api.procore.com/oauth/token";
const char kKioskLink[] = "https://app.procore.com/%1/project/drawings?project_id=%2";
const int kPerPage = 100;
}  // namespace

class NetWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public slots:
    void start() { m_nam = new QNetworkAccessManager(this); }

    void sendGet(const QNetworkRequest &req, const QString &tag) {
        QNetworkReply *reply = m_nam->get(req);
        hook(reply, tag);
    }

    void sendPost(const QNetworkRequest &req, const QByteArray &body, const QString &tag) {
        QNetworkReply *reply = m_nam->post(req, body);
        hook(reply, tag);
    }

signals:
    void replyReady(const QString &tag, int status, const QByteArray &body);

private:
    void hook(QNetworkReply *reply, const QString &tag) {
        connect(reply, &QNetworkReply::finished, this, [this, reply, tag]() {
            const int status =
                reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            reply->deleteLater();
            emit replyReady(tag, status, body);
        });
    }

    QNetworkAccessManager *m_nam = nullptr;
};

class DrawingPlanner : public QObject {
    Q_OBJECT
public:
    explicit DrawingPlanner(QSettings &settings, QObject *parent = nullptr)
        : QObject(parent), m_settings(settings) {
        m_companyId = settings.value("procore/company_id").toLongLong();
        m_projectId = settings.value("procore/project_id").toLongLong();
        m_accessToken = settings.value("auth/access_token").toString();
    }

    void refreshToken() {
        QNetworkRequest req{QUrl(QString::fromLatin1(kTokenUrl))};
        req.setHeader(QNetworkRequest::ContentTypeHeader,
                      "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", m_settings.value("auth/client_id").toString());
        form.addQueryItem("client_secret", m_settings.value("auth/client_secret").toString());
        form.addQueryItem("refresh_token", m_settings.value("auth/refresh_token").toString());
        emit postRequested(req, form.query(QUrl::FullyEncoded).toUtf8(), "token");
    }

    void whoAmI() { emit getRequested(authed("/rest/v1.0/me"), "me"); }

    void listAreas() {
        const QString path = QStringLiteral("/rest/v1.1/projects/%1/drawing_areas").arg(m_projectId);
        emit getRequested(authed(path), "areas");
    }

    void listDrawings(qint64 areaId, int page) {
        QNetworkRequest req = scoped(
            QStringLiteral("/rest/v1.1/drawing_areas/%1/drawings").arg(areaId),
            {{"page", QString::number(page)}, {"per_page", QString::number(kPerPage)}});
        emit getRequested(req, QStringLiteral("drawings:%1").arg(areaId));
    }

    void listRevisions(qint64 drawingId) {
        QNetworkRequest req = scoped(
            QStringLiteral("/rest/v1.0/projects/%1/drawing_revisions").arg(m_projectId),
            {{"filters[drawing_id]", QString::number(drawingId)}});
        emit getRequested(req, QStringLiteral("revisions:%1").arg(drawingId));
    }

    QString kioskUrl() const {
        return QString::fromLatin1(kKioskLink).arg(m_companyId).arg(m_projectId);
    }

public slots:
    void onReply(const QString &tag, int status, const QByteArray &body) {
        if (status == 401 && tag != "token") {
            refreshToken();
            return;
        }
        if (status < 200 || status >= 300) {
            qWarning() << tag << "failed with HTTP" << status;
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (tag == "token") {
            m_accessToken = doc.object().value("access_token").toString();
            m_settings.setValue("auth/access_token", m_accessToken);
            m_settings.setValue("auth/refresh_token", doc.object().value("refresh_token").toString());
            listAreas();
        } else if (tag == "me") {
            qInfo() << "running as" << doc.object().value("login").toString();
        } else if (tag == "areas") {
            for (const QJsonValue &v : doc.array()) {
                const qint64 areaId = v.toObject().value("id").toVariant().toLongLong();
                m_areas.append(areaId);
                listDrawings(areaId, 1);
            }
        } else if (tag.startsWith("drawings:")) {
            const QJsonArray drawings = doc.array();
            for (const QJsonValue &v : drawings) {
                const QJsonObject d = v.toObject();
                const int drawingId = d.value("id").toInt();
                m_numbers.insert(drawingId, d.value("number").toString());
                listRevisions(drawingId);
            }
            if (drawings.size() == kPerPage) {
                const int nextPage = m_pageByTag.value(tag, 1) + 1;
                m_pageByTag.insert(tag, nextPage);
                listDrawings(tag.section(':', 1).toLongLong(), nextPage);
            }
        } else if (tag.startsWith("revisions:")) {
            for (const QJsonValue &v : doc.array()) {
                const QJsonObject r = v.toObject();
                const qint64 revisionId = r.value("id").toVariant().toLongLong();
                const int revisionNumber = r.value("revision_number").toString().toInt();
                qInfo() << "revision" << revisionId << "rev" << revisionNumber
                        << r.value("pdf_url").toString();
            }
        }
    }

signals:
    void getRequested(const QNetworkRequest &req, const QString &tag);
    void postRequested(const QNetworkRequest &req, const QByteArray &body, const QString &tag);

private:
    QNetworkRequest authed(const QString &path, const QList<QPair<QString, QString>> &query = {}) const {
        QUrl url(QString::fromLatin1(kApiBase) + path);
        if (!query.isEmpty()) {
            QUrlQuery q;
            q.setQueryItems(query);
            url.setQuery(q);
        }
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    QNetworkRequest scoped(const QString &path, const QList<QPair<QString, QString>> &query = {}) const {
        QNetworkRequest req = authed(path, query);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        return req;
    }

    QSettings &m_settings;
    qint64 m_companyId = 0;
    qint64 m_projectId = 0;
    QString m_accessToken;
    QList<qint64> m_areas;
    QHash<qint64, QString> m_numbers;
    QHash<QString, int> m_pageByTag;
};

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("PlanRoom");
    QCoreApplication::setApplicationName("drawing_pull");
    qRegisterMetaType<QNetworkRequest>();

    QSettings settings;
    DrawingPlanner planner(settings);

    QThread netThread;
    auto *worker = new NetWorker;
    worker->moveToThread(&netThread);
    QObject::connect(&netThread, &QThread::started, worker, &NetWorker::start);
    QObject::connect(&netThread, &QThread::finished, worker, &QObject::deleteLater);
    QObject::connect(&planner, &DrawingPlanner::getRequested, worker, &NetWorker::sendGet,
                     Qt::QueuedConnection);
    QObject::connect(&planner, &DrawingPlanner::postRequested, worker, &NetWorker::sendPost,
                     Qt::QueuedConnection);
    QObject::connect(worker, &NetWorker::replyReady, &planner, &DrawingPlanner::onReply,
                     Qt::QueuedConnection);
    netThread.start();

    qInfo() << "kiosk page:" << planner.kioskUrl();
    QTimer::singleShot(0, &planner, [&planner]() {
        planner.whoAmI();
        planner.listAreas();
    });

    const int exitCode = app.exec();
    netThread.quit();
    netThread.wait();
    return exitCode;
}
