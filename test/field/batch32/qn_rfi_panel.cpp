// qn_rfi_panel.cpp
// Data layer for the "Open RFIs" dock panel of the estimating desktop plugin.
// Refreshes the OAuth token from the stored refresh token, then loads RFIs
// and their assignees into an in-memory model the widget layer reads.
// No moc in this target: everything is wired with lambdas.

#include <QCoreApplication>
#include <QDebug>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

using HeaderMap = QMap<QByteArray, QByteArray>;

struct RfiRow {
    qint64 id = 0;
    QString number;
    QString subject;
    QString status;
    int assigneeId = 0;
    QString assigneeName;
    int daysOpen = 0;
};

struct PanelConfig {
    QString loginBase;
    QString apiBase;
    int companyId = 0;
    qint64 projectId = 0;
    QString clientId;
    QString clientSecret;
};

static QByteArray fetch(QNetworkAccessManager &nam, QNetworkRequest req)
{
    QEventLoop loop;
    QNetworkReply *reply = nam.get(req);
    QObject::connect(reply, &QNetworkReply::finished, [&loop]() { loop.quit(); });
    loop.exec();
    QByteArray data = reply->readAll();
    if (reply->error() != QNetworkReply::NoError) {
        qWarning() << "request failed:" << req.url().toString(QUrl::RemoveQuery)
                   << reply->errorString();
        data.clear();
    }
    reply->deleteLater();
    return data;
}

static void applyHeaders(QNetworkRequest &req, const HeaderMap &headers)
{
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it)
        req.setRawHeader(it.key(), it.value());
}

static PanelConfig loadConfig()
{
    QSettings s;
    PanelConfig c;
    c.loginBase = s.value("procore/login_base", "https://api.procore.com").toString();
    c.apiBase = s.value("procore/api_base", "https://api.procore.com").toString();
    c.companyId = s.value("procore/company_id").toInt();
    c.projectId = s.value("procore/project_id").toLongLong();
    c.clientId = s.value("oauth/client_id").toString();
    c.clientSecret = s.value("oauth/client_secret").toString();
    return c;
}

static QString refreshAccessToken(QNetworkAccessManager &nam, const PanelConfig &cfg)
{
    QSettings s;
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("refresh_token", s.value("oauth/refresh_token").toString());
    form.addQueryItem("client_id", cfg.clientId);
    form.addQueryItem("client_secret", cfg.clientSecret);

    QNetworkRequest req(QUrl(cfg.loginBase + "/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QEventLoop loop;
    QNetworkReply *reply = nam.post(req, form.query(QUrl::FullyEncoded).toUtf8());
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject tok = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();

    const QString rotated = tok.value("refresh_token").toString();
    if (!rotated.isEmpty())
        s.setValue("oauth/refresh_token", rotated);
    return tok.value("access_token").toString();
}

static HeaderMap defaultHeaders(const PanelConfig &cfg, const QString &token)
{
    HeaderMap h;
    h.insert("Authorization", "Bearer " + token.toUtf8());
    h.insert("Accept", "application/json");
    h.insert("Procore-Company-Id", QByteArray::number(cfg.companyId));
    h.insert("User-Agent", "EstimatorRfiPanel/2.3");
    return h;
}

static QVector<RfiRow> loadOpenRfis(QNetworkAccessManager &nam, const PanelConfig &cfg,
                                    const HeaderMap &headers)
{
    QUrl url(cfg.apiBase + QStringLiteral("/rest/v1.0/projects/%1/rfis").arg(cfg.projectId));
    QUrlQuery q;
    q.addQueryItem("filters[status]", "open");
    q.addQueryItem("per_page", "100");
    url.setQuery(q);
    QNetworkRequest req(url);
    applyHeaders(req, headers);

    QVector<RfiRow> rows;
    const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, req)).array();
    for (const QJsonValue &v : arr) {
        const QJsonObject o = v.toObject();
        RfiRow r;
        r.id = o.value("id").toVariant().toLongLong();
        r.number = o.value("number").toString();
        r.subject = o.value("subject").toString();
        r.status = o.value("status").toString();
        const QJsonObject assignee = o.value("assignee").toObject();
        r.assigneeId = assignee.value("id").toInt();
        r.daysOpen = o.value("days_open").toInt();
        rows.append(r);
    }
    return rows;
}

static QHash<qint64, QString> loadProjectUsers(QNetworkAccessManager &nam, const PanelConfig &cfg,
                                               const QString &token)
{
    QHash<qint64, QString> names;
    int page = 1;
    while (page < 50) {
        QUrl url(cfg.apiBase + QStringLiteral("/rest/v1.0/projects/%1/users").arg(cfg.projectId));
        QUrlQuery q;
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", "100");
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, req)).array();
        if (arr.isEmpty())
            break;
        for (const QJsonValue &v : arr) {
            const QJsonObject u = v.toObject();
            names.insert(u.value("id").toString().toLongLong(), u.value("name").toString());
        }
        ++page;
    }
    return names;
}

static QJsonObject rfiDetail(QNetworkAccessManager &nam, const PanelConfig &cfg,
                             const HeaderMap &headers, qint64 rfiId)
{
    QNetworkRequest req(QUrl(cfg.apiBase + QStringLiteral("/rest/v1.0/projects/%1/rfis/%2")
                                               .arg(cfg.projectId).arg(rfiId)));
    applyHeaders(req, headers);
    return QJsonDocument::fromJson(fetch(nam, req)).object();
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("NorthBeam");
    QCoreApplication::setApplicationName("EstimatorPlugin");

    QNetworkAccessManager nam;
    const PanelConfig cfg = loadConfig();
    const QString token = refreshAccessToken(nam, cfg);
    if (token.isEmpty()) {
        qCritical() << "could not refresh token; ask the user to sign in again";
        return 2;
    }
    const HeaderMap headers = defaultHeaders(cfg, token);

    QVector<RfiRow> rows = loadOpenRfis(nam, cfg, headers);
    const QHash<qint64, QString> users = loadProjectUsers(nam, cfg, token);
    for (RfiRow &r : rows)
        r.assigneeName = users.value(r.assigneeId, QStringLiteral("(unassigned)"));

    int overdue = 0;
    for (const RfiRow &r : rows) {
        if (r.daysOpen > 14) {
            ++overdue;
            const QJsonObject d = rfiDetail(nam, cfg, headers, r.id);
            qInfo().noquote() << r.number << r.subject << "->" << r.assigneeName
                              << "due" << d.value("due_date").toString();
        }
    }
    qInfo() << rows.size() << "open RFIs," << overdue << "older than two weeks";
    // Help link shown in the panel footer.
    qInfo() << "See https://support.procore.com/products/online/user-guide/project-level/rfi";
    return 0;
}
