// Procore drawings bridge for the Acme BIM viewer. The viewer loads this as a
// plugin; the exported entry points list drawing areas/drawings for the
// project configured in the viewer settings and let a user drop a punch item
// from a clash marker.
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>
#include <QDebug>

#include <optional>

namespace pcq {

using CompanyId = qint64;
using ProjectId = qint64;

const char* const kApiBase = "https://api.procore.com";
const char* const kApiBaseUs02 = "https://us02.procore.com";
const char* const kLoginBase = "https://login.procore.com";

static QByteArray g_token;

QString api_base() {
    QSettings s("Acme", "BimViewer");
    return s.value("procore/region").toString() == "us02" ? kApiBaseUs02 : kApiBase;
}

QString api_path(const QString& rest, const char* version = "v1.0") {
    return QStringLiteral("/rest/%1/%2").arg(QLatin1String(version), rest);
}

static QNetworkRequest make_request(const QString& path,
                                    std::optional<CompanyId> company = std::nullopt) {
    QNetworkRequest req(QUrl(api_base() + path));
    req.setRawHeader("Authorization", "Bearer " + g_token);
    req.setRawHeader("Accept", "application/json");
    if (company) req.setRawHeader("Procore-Company-Id", QByteArray::number(*company));
    return req;
}

static QJsonDocument wait_json(QNetworkReply* reply) {
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray data = reply->readAll();
    reply->deleteLater();
    if (status / 100 != 2) {
        qWarning() << "procore request failed" << status << reply->url().path();
        return {};
    }
    return QJsonDocument::fromJson(data);
}

QJsonDocument get(QNetworkAccessManager& nam, const QString& path) {
    return wait_json(nam.get(make_request(path)));
}
QJsonDocument get(QNetworkAccessManager& nam, const QString& path, CompanyId company) {
    return wait_json(nam.get(make_request(path, company)));
}
QJsonDocument get(QNetworkAccessManager& nam, const char* path) {
    return get(nam, QString::fromLatin1(path));
}
QJsonDocument post(QNetworkAccessManager& nam, const QString& path, const QJsonObject& body,
                   std::optional<CompanyId> company = std::nullopt) {
    QNetworkRequest req = make_request(path, company);
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    return wait_json(nam.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

bool refresh(QNetworkAccessManager& nam) {
    QSettings s("Acme", "BimViewer");
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("client_id", s.value("procore/client_id").toString());
    form.addQueryItem("refresh_token", s.value("procore/refresh_token").toString());
    QNetworkRequest req(QUrl(QString(kLoginBase) + "/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QJsonDocument tok = wait_json(nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8()));
    if (!tok.isObject()) return false;
    g_token = tok.object().value("access_token").toString().toUtf8();
    s.setValue("procore/refresh_token", tok.object().value("refresh_token").toString());
    return !g_token.isEmpty();
}

}  // namespace pcq

struct DrawingEntry {
    qint64 id = 0;
    qint64 area_id = 0;
    QString number;
    QString title;
    int revision_count = 0;
};

static QVector<DrawingEntry> list_drawings(QNetworkAccessManager& nam, pcq::CompanyId company,
                                           pcq::ProjectId project) {
    QVector<DrawingEntry> out;
    const QJsonArray areas =
        pcq::get(nam, pcq::api_path(QString("projects/%1/drawing_areas").arg(project)), company)
            .array();
    for (const QJsonValue& a : areas) {
        const int areaId = a.toObject().value("id").toInt();
        const QJsonArray drawings =
            pcq::get(nam, pcq::api_path(QString("drawing_areas/%1/drawings?project_id=%2")
                                            .arg(areaId)
                                            .arg(project)))
                .array();
        for (const QJsonValue& d : drawings) {
            const QJsonObject o = d.toObject();
            DrawingEntry e;
            e.id = o.value("id").toVariant().toLongLong();
            e.area_id = areaId;
            e.number = o.value("number").toString();
            e.title = o.value("title").toString();
            out.push_back(e);
        }
    }
    for (DrawingEntry& e : out) {
        const QJsonArray revs =
            pcq::get(nam,
                     pcq::api_path(QString("projects/%1/drawing_revisions?filters[drawing_id]=%2")
                                       .arg(project)
                                       .arg(e.id)),
                     company)
                .array();
        e.revision_count = revs.size();
    }
    return out;
}

static bool drop_punch_item(QNetworkAccessManager& nam, pcq::CompanyId company,
                            pcq::ProjectId project, const QString& title, qint64 drawing_id) {
    QJsonObject item{{"name", title},
                     {"description", QString("Clash marker on drawing %1").arg(drawing_id)},
                     {"project_id", project}};
    QJsonDocument r = pcq::post(
        nam, pcq::api_path(QString("punch_items?project_id=%1").arg(project)),
        QJsonObject{{"punch_item", item}});
    (void)company;
    return r.isObject() && r.object().contains("id");
}

static void send_telemetry(QNetworkAccessManager& nam, int drawings, int areas) {
    QNetworkRequest req(QUrl("https://telemetry.acme-bim.com/v1/events"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QJsonObject ev{{"event", "procore_drawings_loaded"}, {"drawings", drawings}, {"areas", areas}};
    nam.post(req, QJsonDocument(ev).toJson(QJsonDocument::Compact));
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QNetworkAccessManager nam;
    if (!pcq::refresh(nam)) {
        qCritical() << "Procore sign-in expired; reconnect from Settings > Integrations";
        return 1;
    }

    QSettings s("Acme", "BimViewer");
    const pcq::ProjectId project = s.value("procore/project_id").toInt();
    pcq::CompanyId company = s.value("procore/company_id").toLongLong();
    if (company == 0) {
        const QJsonArray companies = pcq::get(nam, "/rest/v1.0/companies").array();
        if (companies.isEmpty()) return 1;
        company = companies.first().toObject().value("id").toVariant().toLongLong();
        s.setValue("procore/company_id", company);
    }
    const QJsonObject me = pcq::get(nam, pcq::api_path("me")).object();
    qInfo() << "signed in as" << me.value("login").toString();

    const QVector<DrawingEntry> drawings = list_drawings(nam, company, project);
    QSet<qint64> areas;
    for (const DrawingEntry& e : drawings) {
        areas.insert(e.area_id);
        qInfo().noquote() << e.number << e.title << "revisions:" << e.revision_count
                          << QString("https://app.procore.com/%1/project/drawing_areas/%2/drawings")
                                 .arg(project)
                                 .arg(e.area_id);
    }
    if (argc > 2 && !drawings.isEmpty())
        drop_punch_item(nam, company, project, QString::fromLocal8Bit(argv[1]),
                        drawings.first().id);
    send_telemetry(nam, drawings.size(), areas.size());
    return 0;
}
