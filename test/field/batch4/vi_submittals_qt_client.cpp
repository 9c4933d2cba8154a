// Submittal panel backend for the estimating desktop app. Runs on a worker
// thread and blocks with a local QEventLoop, so the UI code can call it like a
// plain function. Tests plug in FakeHttpClient instead of QtHttpClient.
#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QSettings>
#include <QString>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

#include <memory>

struct Request {
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

struct Response {
    int status = 0;
    QByteArray body;
};

class IHttpClient {
public:
    virtual ~IHttpClient() = default;
    virtual Response get(const Request& req) = 0;
    virtual Response post(const Request& req) = 0;
    virtual Response patch(const Request& req) = 0;
};

class QtHttpClient : public IHttpClient {
public:
    Response get(const Request& req) override { return wait(manager_.get(toQt(req))); }
    Response post(const Request& req) override { return wait(manager_.post(toQt(req), req.body)); }
    Response patch(const Request& req) override {
        return wait(manager_.sendCustomRequest(toQt(req), "PATCH", req.body));
    }

private:
    static QNetworkRequest toQt(const Request& req) {
        QNetworkRequest q(req.url);
        q.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        for (const auto& h : req.headers) q.setRawHeader(h.first, h.second);
        return q;
    }

    static Response wait(QNetworkReply* reply) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        Response r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        reply->deleteLater();
        return r;
    }

    QNetworkAccessManager manager_;
};

// Unit tests only: returns the queued bodies in order, no network.
class FakeHttpClient : public IHttpClient {
public:
    QVector<QByteArray> queued;
    QVector<Request> requests;
    Response get(const Request& req) override { return next(req); }
    Response post(const Request& req) override { return next(req); }
    Response patch(const Request& req) override { return next(req); }

private:
    Response next(const Request& req) {
        requests.push_back(req);
        return {200, queued.isEmpty() ? QByteArray("{}") : queued.takeFirst()};
    }
};

struct Environment {
    QString name;
    QString loginBase;
    QString apiBase;
};

static const Environment kEnvironments[] = {
    {"production", "https://login.procore.com", "https://api.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-monthly.procore.com", "https://api-monthly.procore.com"},
};

Environment environmentNamed(const QString& name) {
    for (const auto& e : kEnvironments)
        if (e.name == name) return e;
    return kEnvironments[0];
}

class ProcoreService {
public:
    ProcoreService(IHttpClient& http, Environment env, QString token, qint64 companyId)
        : http_(http), env_(std::move(env)), token_(std::move(token)), companyId_(companyId) {}
    virtual ~ProcoreService() = default;

protected:
    Request authorizedRequest(const QString& path) const {
        Request r;
        r.url = QUrl(env_.apiBase + path);
        r.headers.append({"Authorization", "Bearer " + token_.toUtf8()});
        r.headers.append({"X-Procore-Company-Id", QByteArray::number(companyId_)});
        return r;
    }

    IHttpClient& http_;
    Environment env_;
    QString token_;
    qint64 companyId_;
};

struct Submittal {
    qint64 id = 0;
    qint64 spec_section_id = 0;
    uint received_from_id = 0;
    QString number;
    QString title;
    QString status;
};

static Submittal submittalFromJson(const QJsonObject& o) {
    Submittal s;
    s.id = o.value("id").toVariant().toLongLong();
    s.spec_section_id = o.value("specification_section").toObject().value("id").toInt();
    s.received_from_id = o.value("received_from").toObject().value("id").toVariant().toUInt();
    s.number = o.value("number").toString();
    s.title = o.value("title").toString();
    s.status = o.value("status").toObject().value("name").toString();
    return s;
}

class SubmittalService : public ProcoreService {
public:
    using ProcoreService::ProcoreService;

    QVector<Submittal> list(qint64 projectId, int page) {
        Request r = authorizedRequest(QString("/rest/v1.1/projects/%1/submittals").arg(projectId));
        QUrlQuery q;
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", "50");
        r.url.setQuery(q);
        QVector<Submittal> out;
        for (const auto& v : QJsonDocument::fromJson(http_.get(r).body).array())
            out.push_back(submittalFromJson(v.toObject()));
        return out;
    }

    Submittal fetch(qint64 projectId, qint64 submittalId) {
        Request r = authorizedRequest(
            QString("/rest/v1.1/projects/%1/submittals/%2").arg(projectId).arg(submittalId));
        return submittalFromJson(QJsonDocument::fromJson(http_.get(r).body).object());
    }

    bool markReceived(qint64 projectId, qint64 submittalId, const QString& date) {
        Request r = authorizedRequest(
            QString("/rest/v1.1/projects/%1/submittals/%2").arg(projectId).arg(submittalId));
        r.headers.append({"Procore-Company-Id", QByteArray::number(companyId_)});
        QJsonObject body{{"submittal", QJsonObject{{"received_date", date}}}};
        r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return http_.patch(r).status == 200;
    }
};

class AccountService : public ProcoreService {
public:
    using ProcoreService::ProcoreService;

    QString whoAmI() {
        Request r = authorizedRequest("/rest/v1.0/me");
        return QJsonDocument::fromJson(http_.get(r).body).object().value("name").toString();
    }

    QJsonArray companies() {
        Request r = authorizedRequest("/rest/v1.0/companies");
        return QJsonDocument::fromJson(http_.get(r).body).array();
    }

    QString refresh(const QString& clientId, const QString& secret, const QString& refreshToken) {
        Request r;
        r.url = QUrl(env_.loginBase + "/oauth/token");
        QJsonObject body{{"grant_type", "refresh_token"}, {"client_id", clientId},
                         {"client_secret", secret}, {"refresh_token", refreshToken}};
        r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return QJsonDocument::fromJson(http_.post(r).body).object().value("access_token").toString();
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QSettings settings("Acme", "EstimatingProcorePanel");
    const Environment env = environmentNamed(settings.value("environment", "production").toString());
    const int companyId = settings.value("companyId").toInt();
    const qint64 projectId = settings.value("projectId").toLongLong();

    QtHttpClient http;
    AccountService account(http, env, settings.value("accessToken").toString(), companyId);
    const QString token = account.refresh(settings.value("clientId").toString(),
                                          settings.value("clientSecret").toString(),
                                          settings.value("refreshToken").toString());
    settings.setValue("accessToken", token);

    AccountService authed(http, env, token, companyId);
    SubmittalService submittals(http, env, token, companyId);
    QTextStream out(stdout);
    out << "signed in as " << authed.whoAmI() << " (" << authed.companies().size() << " companies)\n";

    for (int page = 1; page <= 10; ++page) {
        const auto batch = submittals.list(projectId, page);
        for (const auto& s : batch) {
            out << s.id << '\t' << s.number << '\t' << s.title << '\t' << s.status << '\t'
                << QString("https://app.procore.com/%1/project/submittal_logs/%2")
                       .arg(projectId).arg(s.id)
                << '\n';
        }
        if (batch.size() < 50) break;
    }
    if (argc > 2) {
        const qint64 submittalId = QString(argv[1]).toLongLong();
        submittals.markReceived(projectId, submittalId, QString(argv[2]));
        out << "now: " << submittals.fetch(projectId, submittalId).status << '\n';
    }
    return 0;
}
