// RfiWatcher: polls open RFIs for the projects pinned in the desktop
// plugin and posts a Slack message whenever the ball-in-court changes.

#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QSettings>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>
#include <QDebug>

static const char kTokenUrl[] = "https://api.procore.com/oauth/token";
static const char kApiBase[] = "https://api.procore.com";

class ProcoreRequest : public QNetworkRequest
{
public:
    ProcoreRequest(const QUrl &url, const QString &token, qint64 companyId)
        : QNetworkRequest(url)
    {
        setRawHeader("Authorization", QByteArray("Bearer ") + token.toUtf8());
        setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    }
};

struct RfiSnapshot {
    qint64 id = 0;
    QString number;
    QString subject;
    QString status;
    QString ballInCourt;
    int createdById = 0;
};

class RfiWatcher : public QObject
{
public:
    RfiWatcher(qint64 companyId, QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_companyId(companyId)
    {
        QSettings s;
        m_slackWebhook = s.value("slack/webhookUrl").toString();
        m_clientId = s.value("procore/clientId").toString();
        m_clientSecret = s.value("procore/clientSecret").toString();
        m_refreshToken = s.value("procore/refreshToken").toString();
        m_pollSeconds = s.value("rfi/pollSeconds", 300).toInt();
        connect(&m_timer, &QTimer::timeout, this, [this]() { pollAll(); });
    }

    void watchProject(qint64 projectId) { m_projects.append(projectId); }

    void start()
    {
        authenticate();
        m_timer.start(m_pollSeconds * 1000);
    }

private:
    void authenticate()
    {
        QNetworkRequest req{QUrl(QString::fromLatin1(kTokenUrl))};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QJsonObject body{
            {"grant_type", "refresh_token"},
            {"client_id", m_clientId},
            {"client_secret", m_clientSecret},
            {"refresh_token", m_refreshToken},
        };
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            m_token = o.value("access_token").toString();
            if (o.contains("refresh_token"))
                m_refreshToken = o.value("refresh_token").toString();
            pollAll();
        });
    }

    void pollAll()
    {
        if (m_token.isEmpty())
            return;
        for (qint64 projectId : qAsConst(m_projects)) {
            QUrl url(QString("%1/rest/v1.0/projects/%2/rfis").arg(kApiBase).arg(projectId));
            QUrlQuery q;
            q.addQueryItem("filters[status]", "open");
            q.addQueryItem("per_page", "100");
            url.setQuery(q);
            fetchPage(projectId, ProcoreRequest(url, m_token, m_companyId));
        }
    }

    void fetchPage(qint64 projectId, const QNetworkRequest &req)
    {
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, projectId]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 401) {
                authenticate();
                return;
            }
            const QJsonArray rfis = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : rfis)
                handleRfi(projectId, v.toObject());

            const QString next = nextLink(QString::fromUtf8(reply->rawHeader("Link")));
            if (!next.isEmpty()) {
                QNetworkRequest nextReq{QUrl(next)};
                nextReq.setRawHeader("Authorization", QByteArray("Bearer ") + m_token.toUtf8());
                fetchPage(projectId, nextReq);
            }
        });
    }

    static QString nextLink(const QString &linkHeader)
    {
        static const QRegularExpression re(QStringLiteral("<([^>]+)>;\\s*rel=\"next\""));
        const QRegularExpressionMatch m = re.match(linkHeader);
        return m.hasMatch() ? m.captured(1) : QString();
    }

    void handleRfi(qint64 projectId, const QJsonObject &o)
    {
        RfiSnapshot snap;
        snap.id = o.value("id").toVariant().toLongLong();
        snap.number = o.value("number").toString();
        snap.subject = o.value("subject").toString();
        snap.status = o.value("status").toString();
        snap.ballInCourt = o.value("ball_in_court").toObject().value("name").toString();
        snap.createdById = o.value("created_by").toObject().value("id").toVariant().toLongLong();

        const QString previous = m_lastBallInCourt.value(snap.id);
        m_lastBallInCourt.insert(snap.id, snap.ballInCourt);
        if (previous.isEmpty() || previous == snap.ballInCourt)
            return;
        notifySlack(projectId, snap, previous);
    }

    void notifySlack(qint64 projectId, const RfiSnapshot &snap, const QString &previous)
    {
        if (m_slackWebhook.isEmpty())
            return;
        const QString link = QString("https://app.procore.com/%1/project/rfi/show/%2")
                                 .arg(projectId).arg(snap.id);
        QJsonObject msg{
            {"text", QString("RFI #%1 \"%2\" moved from %3 to %4\n%5")
                         .arg(snap.number, snap.subject, previous, snap.ballInCourt, link)},
        };
        QNetworkRequest req{QUrl(m_slackWebhook)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(msg).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    QNetworkAccessManager *m_nam;
    QTimer m_timer;
    qint64 m_companyId;
    QVector<qint64> m_projects;
    QMap<qint64, QString> m_lastBallInCourt;
    QString m_slackWebhook;
    QString m_clientId;
    QString m_clientSecret;
    QString m_refreshToken;
    QString m_token;
    int m_pollSeconds = 300;
};
