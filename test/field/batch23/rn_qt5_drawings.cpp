// drawing_mirror: part of the plan-room desktop tool. Lists the drawing areas
// of a project, the drawings inside each, checks the latest revisions and
// uploads marked-up PDFs back. Runs synchronously on a worker thread.
#include <QByteArray>
#include <QCoreApplication>
#include <QDebug>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using RawHeaders = std::vector<std::pair<QByteArray, QByteArray>>;

struct Endpoint {
    std::string_view key;
    const char* base;
    const char* path;
};

constexpr std::array<Endpoint, 6> kEndpoints{{
    {"token", "https://api.procore.com", "/oauth/token"},
    {"companies", "https://api.procore.com", "/rest/v1.0/companies"},
    {"areas", "https://api.procore.com", "/rest/v1.1/projects/%1/drawing_areas"},
    {"drawings", "https://api.procore.com", "/rest/v1.1/drawing_areas/%1/drawings"},
    {"revisions", "https://api.procore.com", "/rest/v1.1/projects/%1/drawing_revisions"},
    {"uploads", "https://api.procore.com", "/rest/v1.1/projects/%1/uploads"},
}};

QUrl endpointUrl(std::string_view key, qint64 id = 0) {
    auto it = std::find_if(kEndpoints.begin(), kEndpoints.end(),
                           [key](const Endpoint& e) { return e.key == key; });
    if (it == kEndpoints.end()) return {};
    QString path = QString::fromLatin1(it->path);
    if (path.contains("%1")) path = path.arg(id);
    return QUrl(QString::fromLatin1(it->base) + path);
}

struct DrawingRow {
    qint64 id = 0;
    QString number;
    QString title;
    int current_revision_id = 0;
};

class DrawingMirror {
public:
    DrawingMirror(QString token, qint64 company_id)
        : token_(std::move(token)), company_id_(company_id) {}

    bool refreshToken(const QString& client_id, const QString& refresh_token) {
        QUrlQuery form;
        const std::vector<std::pair<QString, QString>> fields{
            {"grant_type", "refresh_token"}, {"client_id", client_id}, {"refresh_token", refresh_token}};
        std::for_each(fields.begin(), fields.end(),
                      [&form](const auto& f) { form.addQueryItem(f.first, f.second); });
        QNetworkRequest req = build(endpointUrl("token"), {{"Content-Type", "application/x-www-form-urlencoded"}});
        QNetworkReply* reply = nam_.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        auto doc = wait(reply);
        if (!doc) return false;
        token_ = doc->object().value("access_token").toString();
        return !token_.isEmpty();
    }

    std::vector<qint64> companyIds() {
        QNetworkReply* reply = nam_.get(build(endpointUrl("companies"), authHeaders()));
        return idsOf(wait(reply));
    }

    std::vector<qint64> drawingAreas(qint64 project_id) {
        QNetworkReply* reply = nam_.get(build(endpointUrl("areas", project_id), companyHeaders()));
        auto doc = wait(reply);
        std::vector<qint64> ids;
        if (!doc) return ids;
        const QJsonArray arr = doc->array();
        std::transform(arr.begin(), arr.end(), std::back_inserter(ids),
                       [](const QJsonValue& v) { return qint64(v.toObject().value("id").toInt()); });
        return ids;
    }

    std::vector<DrawingRow> drawings(qint64 area_id) {
        QNetworkReply* reply = nam_.get(build(endpointUrl("drawings", area_id), companyHeaders()));
        auto doc = wait(reply);
        std::vector<DrawingRow> rows;
        if (!doc) return rows;
        const QJsonArray arr = doc->array();
        std::transform(arr.begin(), arr.end(), std::back_inserter(rows), [](const QJsonValue& v) {
            const QJsonObject o = v.toObject();
            DrawingRow r;
            r.id = o.value("id").toVariant().toLongLong();
            r.number = o.value("number").toString();
            r.title = o.value("title").toString();
            r.current_revision_id = o.value("current_revision_id").toVariant().toLongLong();
            return r;
        });
        return rows;
    }

    int revisionCount(qint64 project_id, qint64 drawing_id) {
        QUrl url = endpointUrl("revisions", project_id);
        QUrlQuery q;
        q.addQueryItem("filters[drawing_id]", QString::number(drawing_id));
        url.setQuery(q);
        QNetworkReply* reply = nam_.get(build(url, authHeaders()));
        auto doc = wait(reply);
        return doc ? doc->array().size() : 0;
    }

    bool markReviewed(qint64 project_id, qint64 revision_id) {
        QUrl url(QStringLiteral("https://api.procore.com/rest/v1.1/projects/%1/drawing_revisions/%2")
                     .arg(project_id).arg(revision_id));
        RawHeaders h = authHeaders();
        h.emplace_back("Content-Type", "application/json");
        h.emplace_back("Company-Id", QByteArray::number(company_id_));
        const QJsonObject body{{"drawing_revision", QJsonObject{{"reviewed", true}}}};
        QNetworkReply* reply =
            nam_.sendCustomRequest(build(url, h), "PATCH", QJsonDocument(body).toJson(QJsonDocument::Compact));
        return wait(reply).has_value();
    }

    bool uploadMarkup(qint64 project_id, const QString& pdf_path) {
        QFile file(pdf_path);
        if (!file.open(QIODevice::ReadOnly)) return false;
        RawHeaders h = companyHeaders();
        h.emplace_back("Content-Type", "application/json");
        const QJsonObject body{{"response_filename", pdf_path.section('/', -1)},
                               {"response_content_type", "application/pdf"}};
        QNetworkReply* reply = nam_.post(build(endpointUrl("uploads", project_id), h),
                                         QJsonDocument(body).toJson(QJsonDocument::Compact));
        auto doc = wait(reply);
        if (!doc) return false;
        // Presigned S3-style URL on storage.procore.com; no auth headers allowed there.
        const QUrl put_url(doc->object().value("url").toString());
        QNetworkReply* put = nam_.put(build(put_url, {{"Content-Type", "application/pdf"}}), file.readAll());
        return wait(put).has_value();
    }

    static QString webLink(qint64 project_id, qint64 drawing_id) {
        return QStringLiteral("https://app.procore.com/%1/project/drawing_log/view/%2").arg(project_id).arg(drawing_id);
    }

private:
    RawHeaders authHeaders() const {
        return {{"Authorization", "Bearer " + token_.toUtf8()}, {"Accept", "application/json"}};
    }

    RawHeaders companyHeaders() const {
        RawHeaders h = authHeaders();
        h.emplace_back("Procore-Company-Id", QByteArray::number(company_id_));
        return h;
    }

    static QNetworkRequest build(const QUrl& url, const RawHeaders& headers) {
        QNetworkRequest req(url);
        std::for_each(headers.begin(), headers.end(),
                      [&req](const auto& h) { req.setRawHeader(h.first, h.second); });
        return req;
    }

    static std::optional<QJsonDocument> wait(QNetworkReply* reply) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->readAll();
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError || status >= 400) {
            qWarning() << reply->url().toString() << "->" << status;
            return std::nullopt;
        }
        return QJsonDocument::fromJson(data);
    }

    static std::vector<qint64> idsOf(const std::optional<QJsonDocument>& doc) {
        std::vector<qint64> ids;
        if (!doc) return ids;
        const QJsonArray arr = doc->array();
        std::transform(arr.begin(), arr.end(), std::back_inserter(ids),
                       [](const QJsonValue& v) { return v.toObject().value("id").toVariant().toLongLong(); });
        return ids;
    }

    QNetworkAccessManager nam_;
    QString token_;
    qint64 company_id_;
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        qWarning() << "usage: drawing_mirror <token> <company_id> <project_id> [markup.pdf]";
        return 2;
    }
    const qint64 company_id = args.at(2).toLongLong();
    const qint64 project_id = args.at(3).toLongLong();
    DrawingMirror mirror(args.at(1), company_id);

    const auto companies = mirror.companyIds();
    if (std::find(companies.begin(), companies.end(), company_id) == companies.end())
        qWarning() << "token has no access to company" << company_id;

    const auto areas = mirror.drawingAreas(project_id);
    std::vector<DrawingRow> all;
    std::for_each(areas.begin(), areas.end(), [&](qint64 area_id) {
        auto rows = mirror.drawings(area_id);
        std::move(rows.begin(), rows.end(), std::back_inserter(all));
    });

    const int revisions = std::accumulate(all.begin(), all.end(), 0, [&](int n, const DrawingRow& d) {
        return n + mirror.revisionCount(project_id, d.id);
    });
    std::for_each(all.begin(), all.end(), [&](const DrawingRow& d) {
        if (d.current_revision_id != 0) mirror.markReviewed(project_id, d.current_revision_id);
        qInfo().noquote() << d.number << d.title << DrawingMirror::webLink(project_id, d.id);
    });
    qInfo() << all.size() << "drawings," << revisions << "revisions in" << areas.size() << "areas";

    if (args.size() > 4 && !mirror.uploadMarkup(project_id, args.at(4))) return 1;
    return 0;
}
