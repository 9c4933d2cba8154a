// drawing_index: builds an offline index of the current drawing set for a
// Procore project so the field tablet viewer can open sheets without a
// round trip. Console tool, Qt5 only (no GUI module).
//
// The network manager, the selected environment and the token live in
// process-wide lazily initialised statics.

#include <QCoreApplication>
#include <QEventLoop>
#include <QGlobalStatic>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QFile>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

Q_GLOBAL_STATIC(QNetworkAccessManager, g_nam)

namespace {

struct Env {
    QString loginBase;
    QString apiBase;
};

const Env &env()
{
    static const Env e = [] {
        if (qEnvironmentVariable("PROCORE_ENV") == QLatin1String("sandbox"))
            return Env{QStringLiteral("https://login-sandbox.procore.com"),
                       QStringLiteral("https://sandbox.procore.com")};
        return Env{QStringLiteral("https://api.procore.com"),
                   QStringLiteral("https://api.procore.com")};
    }();
    return e;
}

qint64 companyId()
{
    static const qint64 id = qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong();
    return id;
}

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QByteArray waitFor(QNetworkReply *reply, int *status = nullptr)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

const QByteArray &accessToken()
{
    static QByteArray token;
    if (!token.isEmpty())
        return token;

    QNetworkRequest req(QUrl(env().loginBase + QStringLiteral("/oauth/token")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("refresh_token", qEnvironmentVariable("PROCORE_REFRESH_TOKEN"));
    form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
    form.addQueryItem("client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET"));
    const QByteArray body = waitFor(g_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8()));
    token = QJsonDocument::fromJson(body).object().value("access_token").toString().toUtf8();
    return token;
}

QNetworkRequest procoreRequest(const QString &path)
{
    QNetworkRequest req(QUrl(env().apiBase + path));
    req.setRawHeader("Authorization", "Bearer " + accessToken());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId()));
    req.setRawHeader("Accept", "application/json");
    return req;
}

struct DrawingArea {
    qint64 id;
    QString name;
};

struct Drawing {
    qint64 id;
    QString number;
    QString title;
    qint64 currentRevisionId;
};

QVector<DrawingArea> drawingAreas(qint64 projectId)
{
    QVector<DrawingArea> areas;
    const QString path = QStringLiteral("/rest/v1.0/projects/%1/drawing_areas").arg(projectId);
    const QByteArray body = waitFor(g_nam->get(procoreRequest(path)));
    for (const QJsonValue &v : QJsonDocument::fromJson(body).array()) {
        const QJsonObject o = v.toObject();
        areas.append({o.value("id").toVariant().toLongLong(), o.value("name").toString()});
    }
    return areas;
}

QVector<Drawing> drawingsIn(qint64 projectId, int drawingAreaId)
{
    QUrl url(env().apiBase + QStringLiteral("/rest/v1.1/drawing_areas/%1/drawings").arg(drawingAreaId));
    QUrlQuery q;
    q.addQueryItem("project_id", QString::number(projectId));
    url.setQuery(q);

    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + accessToken());
    req.setRawHeader("Procore-CompanyId", QByteArray::number(companyId()));
    const QByteArray body = waitFor(g_nam->get(req));

    QVector<Drawing> drawings;
    for (const QJsonValue &v : QJsonDocument::fromJson(body).array()) {
        const QJsonObject o = v.toObject();
        Drawing d;
        d.id = o.value("id").toVariant().toLongLong();
        d.number = o.value("number").toString();
        d.title = o.value("title").toString();
        d.currentRevisionId = o.value("current_revision_id").toVariant().toLongLong();
        drawings.append(d);
    }
    return drawings;
}

int pdfCountFor(qint64 projectId, const Drawing &d)
{
    const QString path = QStringLiteral("/rest/v1.0/projects/%1/drawing_revisions?drawing_id=%2")
                             .arg(projectId)
                             .arg(d.id);
    int status = 0;
    const QByteArray body = waitFor(g_nam->get(procoreRequest(path)), &status);
    if (status != 200)
        return 0;
    int pdfs = 0;
    for (const QJsonValue &v : QJsonDocument::fromJson(body).array()) {
        const QJsonObject rev = v.toObject();
        const int drawingId = rev.value("drawing_id").toInt();
        if (drawingId == d.id && !rev.value("pdf_url").toString().isEmpty())
            ++pdfs;
    }
    return pdfs;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        out() << "usage: drawing_index <project-id> <out.json>\n";
        return 2;
    }
    const qint64 projectId = QByteArray(argv[1]).toLongLong();

    QNetworkRequest meReq(QUrl(env().apiBase + QStringLiteral("/rest/v1.0/me")));
    meReq.setRawHeader("Authorization", "Bearer " + accessToken());
    const QJsonObject me = QJsonDocument::fromJson(waitFor(g_nam->get(meReq))).object();
    out() << "signed in as " << me.value("login").toString() << "\n";

    QJsonArray index;
    int sheetCount = 0;
    for (const DrawingArea &area : drawingAreas(projectId)) {
        for (const Drawing &d : drawingsIn(projectId, area.id)) {
            QJsonObject entry;
            entry["area"] = area.name;
            entry["id"] = QString::number(d.id);
            entry["number"] = d.number;
            entry["title"] = d.title;
            entry["revision_id"] = QString::number(d.currentRevisionId);
            entry["pdfs"] = pdfCountFor(projectId, d);
            index.append(entry);
            ++sheetCount;
        }
    }

    QFile f(QString::fromLocal8Bit(argv[2]));
    if (!f.open(QIODevice::WriteOnly))
        return 1;
    f.write(QJsonDocument(index).toJson());
    out() << sheetCount << " sheets indexed; browse them at "
          << QStringLiteral("https://app.procore.com/%1/project/drawing_log").arg(projectId) << "\n";
    return 0;
}
