// drawing_watch: desktop helper for the plotting room. Looks for drawing
// revisions published since the last run and downloads their PDFs into the
// shared plot queue folder.
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Config {
    QString apiBase;
    QString loginBase;
    QString token;
    qint64 companyId = 0;
    qint64 projectId = 0;
    QString queueDir;
    int pageSize = 100;
};

QString envOr(const char *name, const char *fallback)
{
    const char *v = std::getenv(name);
    return QString::fromUtf8(v && *v ? v : fallback);
}

Config loadConfig()
{
    Config c;
    c.apiBase = envOr("PROCORE_API_BASE", "https://app.procore.com");
    c.loginBase = envOr("PROCORE_LOGIN_BASE", "https://login.procore.com");
    c.token = envOr("PROCORE_ACCESS_TOKEN", "");
    c.companyId = std::stoll(envOr("PROCORE_COMPANY_ID", "0").toStdString());
    c.projectId = std::stoll(envOr("PROCORE_PROJECT_ID", "0").toStdString());
    c.queueDir = envOr("PLOT_QUEUE_DIR", "/srv/plotqueue");
    c.pageSize = std::stoi(envOr("PROCORE_PAGE_SIZE", "100").toStdString());
    return c;
}

} // namespace

QNetworkRequest buildRequest(const Config &cfg, const QString &path,
                             const QUrlQuery &query = QUrlQuery())
{
    QUrl url(cfg.apiBase + path);
    url.setQuery(query);
    QNetworkRequest req(url);
    req.setRawHeader("Accept", "application/json");
    return req;
}

void addProcoreHeaders(QNetworkRequest &req, const Config &cfg)
{
    req.setRawHeader("Authorization", "Bearer " + cfg.token.toUtf8());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(cfg.companyId));
}

QJsonDocument fetchJson(QNetworkAccessManager &nam, const QNetworkRequest &req)
{
    QNetworkReply *reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray body = reply->readAll();
    reply->deleteLater();
    if (status != 200) {
        std::fprintf(stderr, "GET %s -> %d\n", qPrintable(req.url().path()), status);
        return QJsonDocument();
    }
    return QJsonDocument::fromJson(body);
}

static bool downloadTo(QNetworkAccessManager &nam, const QUrl &url, const QString &file)
{
    // pdf_url is a presigned storage link, no auth headers on it.
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    QFile out(file);
    bool ok = reply->error() == QNetworkReply::NoError && out.open(QIODevice::WriteOnly);
    if (ok)
        out.write(reply->readAll());
    reply->deleteLater();
    return ok;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Config cfg = loadConfig();
    QNetworkAccessManager nam;

    // Make sure the cached token still belongs to a company we can see.
    QNetworkRequest companiesReq = buildRequest(cfg, "/rest/v1.0/companies");
    companiesReq.setRawHeader("Authorization", "Bearer " + cfg.token.toUtf8());
    if (fetchJson(nam, companiesReq).array().isEmpty()) {
        std::fprintf(stderr, "token has no companies, re-run the login helper\n");
        return 2;
    }

    QNetworkRequest areasReq = buildRequest(
        cfg, QString("/rest/v1.1/projects/%1/drawing_areas").arg(cfg.projectId));
    addProcoreHeaders(areasReq, cfg);
    const QJsonArray areas = fetchJson(nam, areasReq).array();

    QSet<qint64> queuedRevisions;
    QVector<int> seenDrawingIds;
    int downloaded = 0;

    for (const QJsonValue &a : areas) {
        const int areaId = a.toObject().value("id").toInt();
        const QString areaName = a.toObject().value("name").toString();

        QUrlQuery pageQuery;
        pageQuery.addQueryItem("per_page", QString::number(cfg.pageSize));
        QNetworkRequest drawingsReq = buildRequest(
            cfg, QString("/rest/v1.1/drawing_areas/%1/drawings").arg(areaId), pageQuery);
        drawingsReq.setRawHeader("Authorization", "Bearer " + cfg.token.toUtf8());
        for (const QJsonValue &d : fetchJson(nam, drawingsReq).array())
            seenDrawingIds.append(d.toObject().value("id").toVariant().toLongLong());

        QUrlQuery revQuery;
        revQuery.addQueryItem("drawing_area_id", QString::number(areaId));
        revQuery.addQueryItem("filters[current]", "true");
        QNetworkRequest revReq = buildRequest(
            cfg, QString("/rest/v1.0/projects/%1/drawing_revisions").arg(cfg.projectId),
            revQuery);
        addProcoreHeaders(revReq, cfg);

        for (const QJsonValue &r : fetchJson(nam, revReq).array()) {
            const QJsonObject rev = r.toObject();
            const qint64 revisionId = rev.value("id").toVariant().toLongLong();
            if (queuedRevisions.contains(revisionId))
                continue;
            const QString pdf = rev.value("pdf_url").toString();
            if (pdf.isEmpty())
                continue;
            const QString file = QDir(cfg.queueDir).filePath(
                QString("%1_%2_rev%3.pdf").arg(areaName, rev.value("number").toString(),
                                               rev.value("revision_number").toString()));
            if (downloadTo(nam, QUrl(pdf), file)) {
                queuedRevisions.insert(revisionId);
                ++downloaded;
            }
        }
    }

    std::printf("%d drawings across %d areas, %d PDFs queued\n",
                static_cast<int>(seenDrawingIds.size()), static_cast<int>(areas.size()),
                downloaded);
    std::printf("review at https://app.procore.com/%lld/project/drawing_log\n",
                static_cast<long long>(cfg.projectId));
    return 0;
}
