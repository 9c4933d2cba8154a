// DrawingSyncPlugin - pulls the current drawing set of the open project into the
// viewer's local cache and pushes markup snapshots back as project photos.
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSettings>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtCore/QVector>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>
#include <memory>

namespace drawingsync {

static const QString kApiBase = QStringLiteral("https://api.procore.com");
static const QString kLoginBase = QStringLiteral("https://login.procore.com");

struct DrawingInfo {
    qint64 id = 0;
    qint64 currentRevisionId = 0;
    QString number;
    QString pdfUrl;
    int revisionCount = 0;
};

class ApiCommand {
public:
    virtual ~ApiCommand() = default;
    virtual QByteArray method() const { return "GET"; }
    virtual QString path() const = 0;
    virtual QByteArray body() const { return QByteArray(); }
    virtual bool needsCompany() const { return true; }
    virtual void prepare(QNetworkRequest& req) {
        if (needsCompany()) req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    }
    virtual void onResult(int status, const QByteArray& raw) = 0;
    void setCompanyId(qint64 id) { m_companyId = id; }

protected:
    qint64 m_companyId = 0;
};

class GetMe : public ApiCommand {
public:
    QString path() const override { return QStringLiteral("/rest/v1.0/me"); }
    bool needsCompany() const override { return false; }
    void onResult(int status, const QByteArray& raw) override {
        if (status == 200) qInfo() << "signed in as" << QJsonDocument::fromJson(raw).object()["login"].toString();
    }
};

class ListDrawings : public ApiCommand {
public:
    ListDrawings(qint64 projectId, qint64 areaId, QVector<DrawingInfo>* out)
        : m_projectId(projectId), m_areaId(areaId), m_out(out) {}
    QString path() const override {
        return QStringLiteral("/rest/v1.1/drawing_areas/%1/drawings?project_id=%2").arg(m_areaId).arg(m_projectId);
    }
    void onResult(int status, const QByteArray& raw) override {
        if (status != 200) return;
        const QJsonArray arr = QJsonDocument::fromJson(raw).array();
        for (const QJsonValue& v : arr) {
            const QJsonObject o = v.toObject();
            DrawingInfo d;
            d.id = o["id"].toVariant().toLongLong();
            d.number = o["number"].toString();
            const QJsonObject rev = o["current_revision"].toObject();
            d.currentRevisionId = rev["id"].toInt();
            d.pdfUrl = rev["pdf_url"].toString();
            d.revisionCount = o["revisions_count"].toInt();
            m_out->append(d);
        }
    }

private:
    qint64 m_projectId;
    qint64 m_areaId;
    QVector<DrawingInfo>* m_out;
};

// Drawing sets are not in the v1.x REST docs yet, the old web endpoint still works.
class LegacyDrawingSets : public ApiCommand {
public:
    explicit LegacyDrawingSets(qint64 projectId) : m_projectId(projectId) {}
    QString path() const override {
        return QStringLiteral("https://app.procore.com/vapid/projects/%1/drawing_sets").arg(m_projectId);
    }
    void onResult(int status, const QByteArray& raw) override {
        if (status == 200)
            qInfo() << QJsonDocument::fromJson(raw).array().size() << "drawing sets";
    }

private:
    qint64 m_projectId;
};

class FetchPdf : public ApiCommand {
public:
    FetchPdf(QString presignedUrl, std::function<void(QByteArray)> sink)
        : m_url(std::move(presignedUrl)), m_sink(std::move(sink)) {}
    QString path() const override { return m_url; }   // storage.procore.com, signed
    bool needsCompany() const override { return false; }
    void prepare(QNetworkRequest& req) override { req.setRawHeader("Authorization", QByteArray()); }
    void onResult(int status, const QByteArray& raw) override {
        if (status == 200) m_sink(raw);
    }

private:
    QString m_url;
    std::function<void(QByteArray)> m_sink;
};

class UploadMarkupPhoto : public ApiCommand {
public:
    UploadMarkupPhoto(qint64 projectId, qint64 revisionId, QByteArray png)
        : m_projectId(projectId), m_revisionId(revisionId), m_png(std::move(png)) {}
    QByteArray method() const override { return "POST"; }
    QString path() const override { return QStringLiteral("/rest/v1.0/projects/%1/images").arg(m_projectId); }
    QByteArray body() const override {
        QJsonObject image{{"description", QStringLiteral("Markup on revision %1").arg(m_revisionId)},
                          {"data", QString::fromLatin1(m_png.toBase64())}};
        return QJsonDocument(QJsonObject{{"image", image}}).toJson(QJsonDocument::Compact);
    }
    void prepare(QNetworkRequest& req) override {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json; charset=utf-8"));
        req.setRawHeader("Idempotency-Key", QByteArray::number(m_revisionId) + "-" + QByteArray::number(m_png.size()));
    }
    void onResult(int status, const QByteArray&) override {
        if (status >= 300) qWarning() << "markup upload failed" << status;
    }

private:
    qint64 m_projectId;
    int m_revisionId;
    QByteArray m_png;
};

class Executor {
public:
    Executor(QNetworkAccessManager* nam, QString base, QByteArray token, qint64 companyId)
        : m_nam(nam), m_base(std::move(base)), m_token(std::move(token)), m_companyId(companyId) {}

    void submit(std::shared_ptr<ApiCommand> cmd) {
        const QString p = cmd->path();
        QNetworkRequest req(p.startsWith(QLatin1String("https://")) ? QUrl(p) : QUrl(m_base + p));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Accept", "application/json");
        cmd->setCompanyId(m_companyId);
        cmd->prepare(req);
        QNetworkReply* reply = nullptr;
        const QByteArray m = cmd->method();
        if (m == "GET") reply = m_nam->get(req);
        else if (m == "POST") reply = m_nam->post(req, cmd->body());
        else reply = m_nam->sendCustomRequest(req, m, cmd->body());
        QObject::connect(reply, &QNetworkReply::finished, [reply, cmd]() {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            cmd->onResult(status, reply->readAll());
            reply->deleteLater();
        });
    }

private:
    QNetworkAccessManager* m_nam;
    QString m_base;
    QByteArray m_token;
    qint64 m_companyId;
};

class DrawingSyncPlugin {
public:
    explicit DrawingSyncPlugin(QNetworkAccessManager* nam) : m_nam(nam) {
        QSettings s(QStringLiteral("Acme"), QStringLiteral("DrawingSync"));
        m_companyId = s.value(QStringLiteral("procore/companyId")).toLongLong();
        m_projectId = s.value(QStringLiteral("procore/projectId")).toInt();
        m_areaId = s.value(QStringLiteral("procore/drawingAreaId")).toLongLong();
        m_refreshToken = s.value(QStringLiteral("procore/refreshToken")).toByteArray();
    }

    void start() {
        QNetworkRequest req(QUrl(kLoginBase + QStringLiteral("/oauth/token")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), QString::fromUtf8(m_refreshToken));
        form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("drawing-sync-desktop"));
        QNetworkReply* reply = m_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, [this, reply]() {
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            if (!o.contains(QStringLiteral("access_token"))) { qWarning() << "token refresh failed"; return; }
            m_exec.reset(new Executor(m_nam, kApiBase, o["access_token"].toString().toUtf8(), m_companyId));
            syncDrawings();
        });
    }

    void syncDrawings() {
        m_exec->submit(std::make_shared<GetMe>());
        m_exec->submit(std::make_shared<LegacyDrawingSets>(m_projectId));
        auto drawings = std::make_shared<QVector<DrawingInfo>>();
        m_exec->submit(std::make_shared<ListDrawings>(m_projectId, m_areaId, drawings.get()));
        qInfo() << "project page:"
                << QStringLiteral("https://app.procore.com/%1/project/home").arg(m_companyId);
        m_pending = drawings;
    }

    void cachePdfs() {
        for (const DrawingInfo& d : *m_pending) {
            const qint64 revisionId = d.currentRevisionId;
            m_exec->submit(std::make_shared<FetchPdf>(d.pdfUrl, [revisionId](QByteArray pdf) {
                qInfo() << "cached revision" << revisionId << pdf.size() << "bytes";
            }));
        }
    }

    void pushMarkup(qint64 revisionId, const QByteArray& png) {
        m_exec->submit(std::make_shared<UploadMarkupPhoto>(m_projectId, revisionId, png));
    }

private:
    QNetworkAccessManager* m_nam;
    std::unique_ptr<Executor> m_exec;
    std::shared_ptr<QVector<DrawingInfo>> m_pending;
    qint64 m_companyId = 0;
    int m_projectId = 0;
    qint64 m_areaId = 0;
    QByteArray m_refreshToken;
};

}  // namespace drawingsync

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QNetworkAccessManager nam;
    drawingsync::DrawingSyncPlugin plugin(&nam);
    plugin.start();
    return app.exec();
}
