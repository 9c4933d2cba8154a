// DrawingDownloader: offline-drawings feature of the field tablet plugin.
// Lists the current drawing revisions of a project, downloads the PDFs that
// changed since the last run and reports progress to our own sync backend.

#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QHash>
#include <QFile>
#include <QDir>
#include <QDebug>

struct DrawingRevision {
    qint64 id = 0;
    qint64 drawingId = 0;
    QString number;
    QString revisionNumber;
    QUrl pdfUrl;
};

class DrawingDownloader : public QObject
{
public:
    DrawingDownloader(qint64 companyId, qint64 projectId, const QString &token,
                      QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)),
          m_companyId(companyId), m_projectId(projectId), m_token(token)
    {
        QSettings s;
        m_apiBase = s.value("procore/apiBase", "https://api.procore.com").toString();
        m_cacheDir = s.value("drawings/cacheDir", QDir::homePath() + "/.sitecompanion/drawings").toString();
        m_backend = s.value("backend/url", "https://sync.sitecompanion.io").toString();
        m_maxRetries = s.value("drawings/maxRetries", 3).toInt();
        const QVariantMap known = s.value("drawings/known").toMap();
        for (auto it = known.cbegin(); it != known.cend(); ++it)
            m_knownRevision.insert(it.key().toLongLong(), it.value().toLongLong());
    }

    void start(int page = 1)
    {
        QUrl url(QString("%1/rest/v1.0/projects/%2/drawing_revisions").arg(m_apiBase).arg(m_projectId));
        QUrlQuery q;
        q.addQueryItem("filters[current]", "true");
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", QString::number(kPerPage));
        url.setQuery(q);

        QNetworkReply *reply = m_nam->get(procoreRequest(url));
        connect(reply, &QNetworkReply::finished, this, [this, reply, page]() {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                qWarning() << "drawing list failed:" << reply->errorString();
                return;
            }
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                DrawingRevision rev;
                rev.id = o.value("id").toVariant().toLongLong();
                rev.drawingId = o.value("drawing_id").toVariant().toLongLong();
                rev.number = o.value("number").toString();
                rev.revisionNumber = o.value("revision_number").toString();
                rev.pdfUrl = QUrl(o.value("pdf_url").toString());
                if (m_knownRevision.value(rev.drawingId) != rev.id)
                    m_queue.append(rev);
            }
            const int total = reply->rawHeader("Total").toInt();
            if (page * kPerPage < total)
                start(page + 1);
            else
                downloadNext();
        });
    }

    void showIdentity()
    {
        QNetworkRequest req(QUrl(m_apiBase + "/rest/v1.0/me"));
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [reply]() {
            reply->deleteLater();
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            qInfo("signed in as user %lld", me.value("id").toVariant().toLongLong());
        });
    }

    QString projectWebLink() const
    {
        return QString("https://app.procore.com/%1/project/drawing_areas").arg(m_projectId);
    }

private:
    static constexpr int kPerPage = 200;

    QNetworkRequest procoreRequest(const QUrl &url) const
    {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        return req;
    }

    void downloadNext(int attempt = 0)
    {
        if (m_queue.isEmpty()) {
            reportDone();
            return;
        }
        const DrawingRevision rev = m_queue.first();
        // pdf_url is a presigned storage URL; it must be fetched without our bearer token.
        QNetworkRequest req(rev.pdfUrl);
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, rev, attempt]() {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError && attempt < m_maxRetries) {
                downloadNext(attempt + 1);
                return;
            }
            QDir().mkpath(m_cacheDir);
            QFile f(QString("%1/%2_%3.pdf").arg(m_cacheDir, rev.number, rev.revisionNumber));
            if (f.open(QIODevice::WriteOnly)) {
                f.write(reply->readAll());
                m_knownRevision.insert(rev.drawingId, rev.id);
                ++m_downloaded;
            }
            m_queue.removeFirst();
            downloadNext();
        });
    }

    void reportDone()
    {
        QVariantMap known;
        for (auto it = m_knownRevision.cbegin(); it != m_knownRevision.cend(); ++it)
            known.insert(QString::number(it.key()), it.value());
        QSettings().setValue("drawings/known", known);

        QNetworkRequest req(QUrl(m_backend + "/v1/devices/drawings/report"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{
            {"project_id", QString::number(m_projectId)},
            {"downloaded", m_downloaded},
            {"cached", m_knownRevision.size()},
        };
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        qInfo("project %lld: %d drawings downloaded", m_projectId, m_downloaded);
    }

    QNetworkAccessManager *m_nam;
    qint64 m_companyId;
    qint64 m_projectId;
    QString m_token;
    QString m_apiBase;
    QString m_cacheDir;
    QString m_backend;
    int m_maxRetries = 3;
    int m_downloaded = 0;
    QList<DrawingRevision> m_queue;
    QHash<qint64, qint64> m_knownRevision;
};
