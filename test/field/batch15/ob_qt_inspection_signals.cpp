// ob_qt_inspection_signals.cpp
//
// Site-tablet helper: pulls inspection checklists and open observations for the
// projects of the selected company. Requests travel through RequestBus as
// RequestEvent objects; decorators are QObjects connected to the bus signal and
// NetworkSink sends whatever comes out the other end.
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QObject>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtCore/QDebug>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

struct RequestEvent {
    QString topic;
    QString path;   // "/rest/v1.0/..." or "/oauth/..."; absolute for third parties
    QUrl url;
    QByteArray method = "GET";
    QMap<QByteArray, QByteArray> headers;
    QByteArray body;
    std::function<void(int status, const QByteArray& payload)> onDone;
};

class RequestBus : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    void publish(RequestEvent& ev) {
        emit requestPublished(ev);
        emit readyToSend(ev);
    }
signals:
    void requestPublished(RequestEvent& ev);
    void readyToSend(const RequestEvent& ev);
};

class EnvRouter : public QObject {
    Q_OBJECT
public:
    EnvRouter(const QString& env, const QString& zone, QObject* parent = nullptr) : QObject(parent) {
        if (env == QLatin1String("sandbox")) {
            loginBase_ = QStringLiteral("https://login-sandbox.procore.com");
            apiBase_ = QStringLiteral("https://sandbox.procore.com");
        } else {
            loginBase_ = QStringLiteral("https://login.procore.com");
            apiBase_ = QStringLiteral("https://api.procore.com");
            // Customer tenant lives in the US02 zone (same host as their browser bar).
            if (zone == QLatin1String("us02")) apiBase_ = QStringLiteral("https://us02.procore.com");
        }
    }
public slots:
    void route(RequestEvent& ev) {
        if (ev.path.startsWith(QLatin1String("http"))) {
            ev.url = QUrl(ev.path);
            return;
        }
        const bool oauth = ev.path.startsWith(QLatin1String("/oauth/"));
        ev.url = QUrl((oauth ? loginBase_ : apiBase_) + ev.path);
    }
private:
    QString loginBase_;
    QString apiBase_;
};

class AuthDecorator : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    QString token;
public slots:
    void decorate(RequestEvent& ev) {
        if (token.isEmpty() || ev.topic.startsWith(QLatin1String("oauth.")) || ev.topic.startsWith(QLatin1String("teams.")))
            return;
        ev.headers.insert("Authorization", "Bearer " + token.toUtf8());
    }
};

class CompanyScope : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    qint64 companyId = 0;
public slots:
    void apply(RequestEvent& ev) {
        if (ev.path.startsWith(QLatin1String("/rest/")) && companyId > 0)
            ev.headers.insert("Procore-Company-Id", QByteArray::number(companyId));
    }
};

class NetworkSink : public QObject {
    Q_OBJECT
public:
    explicit NetworkSink(QObject* parent = nullptr) : QObject(parent), nam_(new QNetworkAccessManager(this)) {}
public slots:
    void send(const RequestEvent& ev) {
        QNetworkRequest req(ev.url);
        for (auto it = ev.headers.cbegin(); it != ev.headers.cend(); ++it) req.setRawHeader(it.key(), it.value());
        QNetworkReply* reply = nullptr;
        if (ev.method == "GET")
            reply = nam_->get(req);
        else
            reply = nam_->sendCustomRequest(req, ev.method, ev.body);
        auto done = ev.onDone;
        connect(reply, &QNetworkReply::finished, this, [reply, done]() {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (done) done(status, reply->readAll());
            reply->deleteLater();
        });
    }
private:
    QNetworkAccessManager* nam_;
};

class InspectionClient : public QObject {
    Q_OBJECT
public:
    InspectionClient(RequestBus* bus, AuthDecorator* auth, CompanyScope* scope, QObject* parent = nullptr)
        : QObject(parent), bus_(bus), auth_(auth), scope_(scope) {}

    void exchangeCode(const QString& code) {
        const auto env = QProcessEnvironment::systemEnvironment();
        RequestEvent ev{QStringLiteral("oauth.token"), QStringLiteral("/oauth/token"), {}, "POST"};
        ev.headers.insert("Content-Type", "application/json");
        ev.body = QJsonDocument(QJsonObject{{"grant_type", "authorization_code"},
                                            {"code", code},
                                            {"client_id", env.value("PROCORE_CLIENT_ID")},
                                            {"client_secret", env.value("PROCORE_CLIENT_SECRET")},
                                            {"redirect_uri", "urn:ietf:wg:oauth:2.0:oob"}})
                      .toJson(QJsonDocument::Compact);
        ev.onDone = [this](int status, const QByteArray& payload) {
            if (status != 200) return;
            auth_->token = QJsonDocument::fromJson(payload).object().value("access_token").toString();
            listCompanies();
        };
        bus_->publish(ev);
    }

    void listCompanies() {
        RequestEvent ev{QStringLiteral("user.companies"), QStringLiteral("/rest/v1.0/companies")};
        ev.onDone = [this](int status, const QByteArray& payload) {
            const QJsonArray companies = QJsonDocument::fromJson(payload).array();
            if (status == 200 && !companies.isEmpty())
                switchCompany(companies.first().toObject().value("id").toVariant().toLongLong());
        };
        bus_->publish(ev);
    }

    // While the scope is detached the tablet UI shows the company picker.
    void switchCompany(qint64 companyId) {
        QObject::disconnect(bus_, &RequestBus::requestPublished, scope_, &CompanyScope::apply);
        scope_->companyId = companyId;

        RequestEvent ev{QStringLiteral("project.list"),
                        QStringLiteral("/rest/v1.0/projects?company_id=%1").arg(companyId)};
        ev.onDone = [this](int status, const QByteArray& payload) {
            if (status != 200) return;
            for (const QJsonValue& p : QJsonDocument::fromJson(payload).array()) {
                const int projectId = p.toObject().value("id").toInt();
                loadInspections(projectId);
                loadObservations(projectId);
            }
        };
        bus_->publish(ev);

        QObject::connect(bus_, &RequestBus::requestPublished, scope_, &CompanyScope::apply);
    }

    void loadInspections(qint64 projectId) {
        RequestEvent ev{QStringLiteral("inspection.lists"),
                        QStringLiteral("/rest/v1.0/checklist/lists?project_id=%1&per_page=%2").arg(projectId).arg(kPageSize)};
        ev.onDone = [projectId](int status, const QByteArray& payload) {
            if (status != 200) return;
            for (const QJsonValue& l : QJsonDocument::fromJson(payload).array()) {
                const qint64 listId = l.toObject().value("id").toVariant().toLongLong();
                const int position = l.toObject().value("position").toInt();
                qInfo() << "inspection" << listId << "pos" << position << "in project" << projectId;
            }
        };
        bus_->publish(ev);
    }

    void loadObservations(qint64 projectId) {
        RequestEvent ev{QStringLiteral("observation.items"),
                        QStringLiteral("/rest/v1.0/observations/items?project_id=%1&filters[status]=initiated").arg(projectId)};
        ev.onDone = [this, projectId](int status, const QByteArray& payload) {
            const QJsonArray items = QJsonDocument::fromJson(payload).array();
            if (status == 200 && !items.isEmpty()) notifyTeams(projectId, items.size());
        };
        bus_->publish(ev);
    }

    void notifyTeams(qint64 projectId, int openCount) {
        const QString link = QStringLiteral("https://app.procore.com/%1/project/observations/list").arg(projectId);
        RequestEvent ev{QStringLiteral("teams.card"),
                        QProcessEnvironment::systemEnvironment().value(
                            "TEAMS_WEBHOOK_URL", "https://contoso.webhook.office.com/webhookb2/site-tablet"),
                        {}, "POST"};
        ev.headers.insert("Content-Type", "application/json");
        ev.body = QJsonDocument(QJsonObject{{"text", QStringLiteral("%1 open observations: %2").arg(openCount).arg(link)}})
                      .toJson(QJsonDocument::Compact);
        bus_->publish(ev);
    }

private:
    static constexpr int kPageSize = 100;
    RequestBus* bus_;
    AuthDecorator* auth_;
    CompanyScope* scope_;
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const auto env = QProcessEnvironment::systemEnvironment();

    RequestBus bus;
    EnvRouter router(env.value("PROCORE_ENV", "production"), env.value("PROCORE_ZONE"));
    AuthDecorator auth;
    CompanyScope scope;
    NetworkSink sink;

    QObject::connect(&bus, &RequestBus::requestPublished, &router, &EnvRouter::route);
    QObject::connect(&bus, &RequestBus::requestPublished, &auth, &AuthDecorator::decorate);
    QObject::connect(&bus, &RequestBus::requestPublished, &scope, &CompanyScope::apply);
    QObject::connect(&bus, &RequestBus::readyToSend, &sink, &NetworkSink::send);

    InspectionClient client(&bus, &auth, &scope);
    if (argc < 2) {
        qWarning() << "usage: site-tablet <authorization-code>";
        return 2;
    }
    client.exchangeCode(QString::fromLocal8Bit(argv[1]));
    return app.exec();
}
