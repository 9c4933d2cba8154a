// rfi_sync: mirrors open RFIs of one Procore project into the field team's
// tracker backend. Run from cron on the site server.
//
//   rfi_sync --env production --company 12345 --project 67890 [--dry-run]
#include <QByteArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

#include <cstdio>
#include <cstdlib>

struct ProcoreEnv {
    const char *name;
    const char *loginBase;
    const char *apiBase;
};

static const ProcoreEnv kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

static const char *kTrackerBase = "https://tracker.fieldops.internal/api/v2";

struct RfiRow {
    qint64 id = 0;
    QString number;
    QString subject;
    qint64 assigneeId = 0;
    int daysOpen = 0;
};

static const ProcoreEnv &selectEnv(const QString &name)
{
    for (const ProcoreEnv &e : kEnvironments) {
        if (name == QLatin1String(e.name))
            return e;
    }
    return kEnvironments[0];
}

QNetworkRequest buildRequest(const QString &base, const QString &path,
                             const QUrlQuery &query = QUrlQuery())
{
    QUrl url(base + path);
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    req.setRawHeader("Accept", "application/json");
    req.setRawHeader("User-Agent", "rfi-sync/1.4");
    return req;
}

void addAuthHeaders(QNetworkRequest &req, const QString &token, qint64 companyId)
{
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
}

static QByteArray waitForReply(QNetworkReply *reply, int *status)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

static QString refreshAccessToken(QNetworkAccessManager &nam, const ProcoreEnv &env)
{
    const char *refresh = std::getenv("PROCORE_REFRESH_TOKEN");
    const char *clientId = std::getenv("PROCORE_CLIENT_ID");
    const char *secret = std::getenv("PROCORE_CLIENT_SECRET");
    if (!refresh || !clientId || !secret)
        return QString();

    QJsonObject payload{{"grant_type", "refresh_token"},
                        {"refresh_token", refresh},
                        {"client_id", clientId},
                        {"client_secret", secret}};
    QNetworkRequest req = buildRequest(env.loginBase, "/oauth/token");
    int status = 0;
    QByteArray body = waitForReply(
        nam.post(req, QJsonDocument(payload).toJson(QJsonDocument::Compact)), &status);
    if (status != 200) {
        std::fprintf(stderr, "token refresh failed: HTTP %d\n", status);
        return QString();
    }
    return QJsonDocument::fromJson(body).object().value("access_token").toString();
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"env", "production|sandbox|monthly", "env", "production"});
    parser.addOption({"company", "Procore company id", "id"});
    parser.addOption({"project", "Procore project id", "id"});
    parser.addOption({"dry-run", "do not write to the tracker"});
    parser.process(app);

    const ProcoreEnv &env = selectEnv(parser.value("env"));
    const int companyId = parser.value("company").toInt();
    const qint64 projectId = parser.value("project").toLongLong();
    const bool dryRun = parser.isSet("dry-run");

    QNetworkAccessManager nam;
    const QString token = refreshAccessToken(nam, env);
    if (token.isEmpty())
        return 2;

    QUrlQuery filters;
    filters.addQueryItem("filters[status]", "open");
    filters.addQueryItem("per_page", "100");
    QNetworkRequest listReq = buildRequest(
        env.apiBase, QString("/rest/v1.0/projects/%1/rfis").arg(projectId), filters);
    addAuthHeaders(listReq, token, companyId);

    int status = 0;
    QByteArray body = waitForReply(nam.get(listReq), &status);
    if (status != 200) {
        std::fprintf(stderr, "rfi list failed: HTTP %d\n", status);
        return 1;
    }

    QVector<RfiRow> rows;
    for (const QJsonValue &v : QJsonDocument::fromJson(body).array()) {
        const QJsonObject o = v.toObject();
        RfiRow row;
        row.id = o.value("id").toVariant().toLongLong();
        row.number = o.value("number").toString();
        row.subject = o.value("subject").toString();
        row.assigneeId = o.value("assignee").toObject().value("id").toInt();
        row.daysOpen = o.value("days_open").toInt();
        rows.append(row);
    }

    int pushed = 0;
    for (const RfiRow &row : rows) {
        // Reply count is shown next to the subject in the tracker.
        QNetworkRequest repliesReq = buildRequest(
            env.apiBase,
            QString("/rest/v1.0/projects/%1/rfis/%2/replies").arg(projectId).arg(row.id));
        repliesReq.setRawHeader("Authorization", listReq.rawHeader("Authorization"));
        QByteArray repliesBody = waitForReply(nam.get(repliesReq), &status);
        const int replyCount = status == 200
            ? QJsonDocument::fromJson(repliesBody).array().size() : 0;

        const QString link = QString("https://app.procore.com/%1/project/rfi/show/%2")
                                 .arg(projectId).arg(row.id);
        QJsonObject issue{{"external_id", QString::number(row.id)},
                          {"title", QString("RFI %1: %2").arg(row.number, row.subject)},
                          {"assignee_ref", QString::number(row.assigneeId)},
                          {"replies", replyCount},
                          {"age_days", row.daysOpen},
                          {"url", link}};
        if (dryRun) {
            std::printf("would push RFI %lld (%d replies)\n",
                        static_cast<long long>(row.id), replyCount);
            continue;
        }
        QNetworkRequest trackerReq = buildRequest(kTrackerBase, "/issues/upsert");
        const char *trackerKey = std::getenv("TRACKER_API_KEY");
        trackerReq.setRawHeader("X-Api-Key", trackerKey ? trackerKey : "");
        waitForReply(nam.post(trackerReq, QJsonDocument(issue).toJson()), &status);
        if (status / 100 == 2)
            ++pushed;
    }

    std::printf("%d of %d RFIs pushed\n", pushed, static_cast<int>(rows.size()));
    return 0;
}
