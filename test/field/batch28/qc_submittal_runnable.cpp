// submittal_watchd: headless daemon run by the document-control team.  It
// authenticates as a Developer Managed Service Account (client_credentials),
// scans the configured projects for submittals waiting on the reviewer group
// and flips overdue ones to "Revise and Resubmit" when policy says so.
//
// All HTTP work happens in QRunnable tasks on a QThreadPool; every task
// builds its own QNetworkAccessManager inside run() because a manager must
// not be shared across threads.  Results come back to the Coordinator via
// queued QMetaObject::invokeMethod calls.
#include <QCoreApplication>
#include <QDateTime>
#include <QDebug>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRunnable>
#include <QSettings>
#include <QThreadPool>
#include <QUrlQuery>

struct Hosts {
    QString login;
    QString api;
};

static const QMap<QString, Hosts> kEnvironments = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

struct Session {
    Hosts hosts;
    QByteArray bearer;
    qint64 companyId = 0;
};

struct PendingSubmittal {
    long submittalId = 0;
    qint64 projectId = 0;
    QString title;
    QDate dueDate;
};
Q_DECLARE_METATYPE(PendingSubmittal)

class ApiTask : public QRunnable {
protected:
    explicit ApiTask(QObject *sink) : m_sink(sink) { setAutoDelete(true); }

    QByteArray exec(const QNetworkRequest &req, const QByteArray &verb,
                    const QByteArray &body = QByteArray(), int *status = nullptr) {
        QNetworkAccessManager nam;  // owned by this pool thread
        QEventLoop loop;
        QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->readAll();
        delete reply;
        return data;
    }

    static QNetworkRequest rest(const Session &s, const QString &path) {
        QNetworkRequest req(QUrl(s.hosts.api + path));
        req.setRawHeader("Authorization", "Bearer " + s.bearer);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    QPointer<QObject> m_sink;
};

class TokenTask : public ApiTask {
public:
    TokenTask(QObject *sink, Hosts hosts, QString id, QString secret)
        : ApiTask(sink), m_hosts(std::move(hosts)), m_id(std::move(id)), m_secret(std::move(secret)) {}

    void run() override {
        QNetworkRequest req(QUrl(m_hosts.login + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", m_id);
        form.addQueryItem("client_secret", m_secret);
        int status = 0;
        const QByteArray body = exec(req, "POST", form.query(QUrl::FullyEncoded).toUtf8(), &status);
        const QString token = QJsonDocument::fromJson(body).object().value("access_token").toString();
        QMetaObject::invokeMethod(m_sink, "onToken", Qt::QueuedConnection,
                                  Q_ARG(QString, token), Q_ARG(int, status));
    }

private:
    Hosts m_hosts;
    QString m_id, m_secret;
};

class CompanyCheckTask : public ApiTask {
public:
    CompanyCheckTask(QObject *sink, Session s) : ApiTask(sink), m_s(std::move(s)) {}

    void run() override {
        // The service account must be installed in the configured company.
        const QJsonArray companies =
            QJsonDocument::fromJson(exec(rest(m_s, "/rest/v1.0/companies"), "GET")).array();
        bool found = false;
        for (const QJsonValue &c : companies)
            found = found || c.toObject().value("id").toVariant().toLongLong() == m_s.companyId;
        QMetaObject::invokeMethod(m_sink, "onCompanyChecked", Qt::QueuedConnection,
                                  Q_ARG(bool, found));
    }

private:
    Session m_s;
};

class ScanProjectTask : public ApiTask {
public:
    ScanProjectTask(QObject *sink, Session s, qint64 projectId)
        : ApiTask(sink), m_s(std::move(s)), m_projectId(projectId) {}

    void run() override {
        for (int page = 1; page < 50; ++page) {
            QNetworkRequest req = rest(m_s, QString("/rest/v1.1/projects/%1/submittals?page=%2&per_page=100")
                                                .arg(m_projectId)
                                                .arg(page));
            req.setRawHeader("Procore-Company-Id", QByteArray::number(m_s.companyId));
            const QJsonArray items = QJsonDocument::fromJson(exec(req, "GET")).array();
            for (const QJsonValue &v : items) {
                const QJsonObject o = v.toObject();
                if (o.value("status").toObject().value("name").toString() != "Open")
                    continue;
                PendingSubmittal p;
                p.submittalId = o.value("id").toVariant().toLongLong();
                p.projectId = m_projectId;
                p.title = o.value("title").toString();
                p.dueDate = QDate::fromString(o.value("due_date").toString(), Qt::ISODate);
                QMetaObject::invokeMethod(m_sink, "onPending", Qt::QueuedConnection,
                                          Q_ARG(PendingSubmittal, p));
            }
            if (items.size() < 100)
                break;
        }
    }

private:
    Session m_s;
    qint64 m_projectId;
};

class ReviseTask : public ApiTask {
public:
    ReviseTask(QObject *sink, Session s, PendingSubmittal p, qint64 statusId)
        : ApiTask(sink), m_s(std::move(s)), m_p(std::move(p)), m_statusId(statusId) {}

    void run() override {
        QNetworkRequest req = rest(m_s, QString("/rest/v1.1/projects/%1/submittals/%2")
                                            .arg(m_p.projectId)
                                            .arg(m_p.submittalId));
        req.setRawHeader("procore-company-id", QByteArray::number(m_s.companyId));
        QJsonObject submittal{{"status_id", m_statusId}};
        const QByteArray payload = QJsonDocument(QJsonObject{{"submittal", submittal}}).toJson();
        int status = 0;
        exec(req, "PATCH", payload, &status);
        if (status == 200) {
            // Notify the doc-control channel (Teams incoming webhook, not Procore).
            QNetworkRequest hook(QUrl(QSettings().value("notify/teams_webhook").toString()));
            hook.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            const QString text = QString("Submittal %1 (%2) set to Revise and Resubmit")
                                     .arg(m_p.submittalId)
                                     .arg(m_p.title);
            exec(hook, "POST", QJsonDocument(QJsonObject{{"text", text}}).toJson());
        }
    }

private:
    Session m_s;
    PendingSubmittal m_p;
    qint64 m_statusId;
};

class Coordinator : public QObject {
    Q_OBJECT
public:
    Coordinator() {
        QSettings s;
        m_s.hosts = kEnvironments.value(s.value("procore/environment", "production").toString());
        m_s.companyId = s.value("procore/company_id").toLongLong();
        for (const QVariant &v : s.value("procore/project_ids").toList())
            m_projects.append(v.toLongLong());
        m_reviseStatusId = s.value("policy/revise_status_id").toLongLong();
        m_graceDays = s.value("policy/grace_days", 3).toInt();
        QThreadPool::globalInstance()->start(new TokenTask(
            this, m_s.hosts, s.value("auth/client_id").toString(), s.value("auth/client_secret").toString()));
    }

public slots:
    void onToken(const QString &token, int status) {
        if (status != 200 || token.isEmpty()) {
            qCritical() << "token request failed" << status;
            QCoreApplication::exit(1);
            return;
        }
        m_s.bearer = token.toUtf8();
        QThreadPool::globalInstance()->start(new CompanyCheckTask(this, m_s));
    }

    void onCompanyChecked(bool found) {
        if (!found) {
            qCritical() << "service account not installed in company" << m_s.companyId;
            QCoreApplication::exit(1);
            return;
        }
        for (qint64 projectId : m_projects)
            QThreadPool::globalInstance()->start(new ScanProjectTask(this, m_s, projectId));
    }

    void onPending(const PendingSubmittal &p) {
        if (p.dueDate.isValid() && p.dueDate.addDays(m_graceDays) < QDate::currentDate())
            QThreadPool::globalInstance()->start(new ReviseTask(this, m_s, p, m_reviseStatusId));
    }

private:
    Session m_s;
    QList<qint64> m_projects;
    qint64 m_reviseStatusId = 0;
    int m_graceDays = 3;
};

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("DocControl");
    QCoreApplication::setApplicationName("submittal_watchd");
    qRegisterMetaType<PendingSubmittal>("PendingSubmittal");
    QThreadPool::globalInstance()->setMaxThreadCount(4);
    Coordinator coordinator;
    return app.exec();
}
