// vd_qt_drawing_panel.cpp
// Back end of the "Procore Drawings" side panel in our Qt viewer plugin.
// Runs against the developer sandbox while the plugin is in beta.
// Endpoints describe themselves; QtTransport is the only place that talks
// to QNetworkAccessManager.
#include <QByteArray>
#include <QCoreApplication>
#include <QDebug>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <vector>

using json = nlohmann::json;

namespace panel {

const QString kSandboxApi = QStringLiteral("https://sandbox.procore.com");
const QString kSandboxLogin = QStringLiteral("https://login-sandbox.procore.com");

struct Session {
    QByteArray accessToken;
    QString clientId;
    QString clientSecret;
    QString authCode;
    qint64 companyId = 0;
    qint64 projectId = 0;
};

class Endpoint {
public:
    virtual ~Endpoint() = default;

    virtual QString name() const = 0;
    virtual QString path(const Session& s) const = 0;
    virtual QString baseUrl() const { return kSandboxApi; }
    virtual QByteArray verb() const { return "GET"; }
    virtual QByteArray body(const Session&) const { return {}; }
    virtual void addHeaders(QNetworkRequest& req, const Session& s) const {
        req.setRawHeader("Accept", "application/json");
        req.setRawHeader("Procore-Company-Id", QByteArray::number(s.companyId));
    }
    virtual void onReply(const json& payload, Session& s) = 0;

    QUrl url(const Session& s) const { return QUrl(baseUrl() + path(s)); }
};

class Transport {
public:
    using Done = std::function<void(int status, const QByteArray& body)>;
    virtual ~Transport() = default;
    virtual void send(const Endpoint& ep, const Session& s, Done done) = 0;
};

class QtTransport : public Transport {
public:
    void send(const Endpoint& ep, const Session& s, Done done) override {
        QNetworkRequest req(ep.url(s));
        if (!s.accessToken.isEmpty()) {
            req.setRawHeader("Authorization", "Bearer " + s.accessToken);
        }
        ep.addHeaders(req, s);

        QNetworkReply* reply = nullptr;
        const QByteArray verb = ep.verb();
        if (verb == "GET") {
            reply = manager_.get(req);
        } else if (verb == "POST") {
            reply = manager_.post(req, ep.body(s));
        } else {
            reply = manager_.sendCustomRequest(req, verb, ep.body(s));
        }
        QObject::connect(reply, &QNetworkReply::finished, [reply, done] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            done(status, reply->readAll());
            reply->deleteLater();
        });
    }

private:
    QNetworkAccessManager manager_;
};

class TokenEndpoint : public Endpoint {
public:
    QString name() const override { return "token"; }
    QString baseUrl() const override { return kSandboxLogin; }
    QString path(const Session&) const override { return "/oauth/token"; }
    QByteArray verb() const override { return "POST"; }
    QByteArray body(const Session& s) const override {
        QUrlQuery form;
        form.addQueryItem("grant_type", "authorization_code");
        form.addQueryItem("code", s.authCode);
        form.addQueryItem("client_id", s.clientId);
        form.addQueryItem("client_secret", s.clientSecret);
        form.addQueryItem("redirect_uri", "urn:ietf:wg:oauth:2.0:oob");
        return form.toString(QUrl::FullyEncoded).toUtf8();
    }
    void addHeaders(QNetworkRequest& req, const Session&) const override {
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    }
    void onReply(const json& payload, Session& s) override {
        s.accessToken = QByteArray::fromStdString(payload.value("access_token", ""));
    }
};

class TokenInfoEndpoint : public Endpoint {
public:
    QString name() const override { return "token-info"; }
    QString baseUrl() const override { return QStringLiteral("https://sandbox.procore.com"); }
    QString path(const Session&) const override { return "/oauth/token/info"; }
    void addHeaders(QNetworkRequest&, const Session&) const override {}
    void onReply(const json& payload, Session&) override {
        qInfo() << "token expires in" << payload.value("expires_in_seconds", 0) << "s";
    }
};

class MeEndpoint : public Endpoint {
public:
    QString name() const override { return "me"; }
    QString path(const Session&) const override { return "/rest/v1.0/me"; }
    void addHeaders(QNetworkRequest& req, const Session&) const override {
        req.setRawHeader("Accept", "application/json");
    }
    void onReply(const json& payload, Session&) override {
        const qint64 userId = payload.at("id").get<qint64>();
        qInfo() << "signed in as" << userId;
    }
};

class DrawingAreasEndpoint : public Endpoint {
public:
    QString name() const override { return "drawing-areas"; }
    QString path(const Session& s) const override {
        return QString("/rest/v1.1/projects/%1/drawing_areas").arg(s.projectId);
    }
    void onReply(const json& payload, Session&) override {
        for (const auto& area : payload) {
            areaIds.push_back(area.at("id").get<qint64>());
        }
    }
    std::vector<qint64> areaIds;
};

class DrawingsEndpoint : public Endpoint {
public:
    explicit DrawingsEndpoint(int drawingAreaId) : areaId_(drawingAreaId) {}
    QString name() const override { return "drawings"; }
    QString path(const Session& s) const override {
        return QString("/rest/v1.1/drawing_areas/%1/drawings?project_id=%2")
            .arg(areaId_)
            .arg(s.projectId);
    }
    void onReply(const json& payload, Session&) override {
        qInfo() << "area" << areaId_ << "has" << int(payload.size()) << "drawings";
    }

private:
    qint64 areaId_;
};

class DrawingRevisionsEndpoint : public Endpoint {
public:
    explicit DrawingRevisionsEndpoint(qint64 drawingId) : drawingId_(drawingId) {}
    QString name() const override { return "revisions"; }
    QString path(const Session& s) const override {
        return QString("/rest/v1.0/projects/%1/drawing_revisions?filters[drawing_id]=%2")
            .arg(s.projectId)
            .arg(drawingId_);
    }
    void addHeaders(QNetworkRequest& req, const Session& s) const override {
        req.setRawHeader("Accept", "application/json");
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(s.companyId));
    }
    void onReply(const json& payload, Session&) override {
        for (const auto& rev : payload) {
            qInfo() << "rev" << QString::fromStdString(rev.value("revision_number", ""))
                    << "id" << rev.at("id").get<qint64>();
        }
    }

private:
    qint64 drawingId_;
};

}  // namespace panel

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QSettings settings("Acme", "ViewerProcorePanel");

    panel::Session session;
    session.clientId = settings.value("procore/clientId").toString();
    session.clientSecret = settings.value("procore/clientSecret").toString();
    session.authCode = settings.value("procore/authCode").toString();
    session.companyId = settings.value("procore/companyId").toLongLong();
    session.projectId = settings.value("procore/projectId").toInt();
    const int retries = settings.value("network/retries", 3).toInt();

    std::vector<std::unique_ptr<panel::Endpoint>> pipeline;
    pipeline.push_back(std::make_unique<panel::TokenEndpoint>());
    pipeline.push_back(std::make_unique<panel::TokenInfoEndpoint>());
    pipeline.push_back(std::make_unique<panel::MeEndpoint>());
    pipeline.push_back(std::make_unique<panel::DrawingAreasEndpoint>());
    pipeline.push_back(std::make_unique<panel::DrawingsEndpoint>(
        settings.value("panel/lastAreaId").toLongLong()));
    pipeline.push_back(std::make_unique<panel::DrawingRevisionsEndpoint>(
        settings.value("panel/lastDrawingId").toLongLong()));

    panel::QtTransport transport;
    std::size_t next = 0;
    std::function<void()> step = [&]() {
        if (next >= pipeline.size()) {
            qInfo() << "open in browser:"
                    << QUrl(QString("https://app.procore.com/%1/project/drawing_areas").arg(session.projectId));
            app.quit();
            return;
        }
        panel::Endpoint& ep = *pipeline[next++];
        transport.send(ep, session, [&, retries](int status, const QByteArray& body) {
            if (status >= 200 && status < 300) {
                ep.onReply(json::parse(body.toStdString(), nullptr, false), session);
            } else {
                qWarning() << ep.name() << "failed with HTTP" << status << "(retries" << retries << ")";
            }
            step();
        });
    };
    step();
    return app.exec();
}
