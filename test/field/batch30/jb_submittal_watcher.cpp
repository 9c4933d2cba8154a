// Submittal watcher for the estimating desktop suite.
// Runs inside the suite's plugin host, polls submittals for the projects the
// estimator pinned, and pushes changes to the internal Teams relay.
// The access token is pasted once into Preferences and kept in QSettings.

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QDebug>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtCore/QSettings>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

namespace estimating {

struct Submittal {
    qint64 id = 0;
    qint64 projectId = 0;
    quint32 specSectionId = 0;
    QString title;
    QString status;
    int revision = 0;
};

using JsonCallback = std::function<void(const QJsonDocument &, int httpStatus)>;

class ProcoreGateway : public QObject {
public:
    explicit ProcoreGateway(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {
        QSettings s(QStringLiteral("Estimating"), QStringLiteral("SubmittalWatcher"));
        m_apiRoot = QStringLiteral("https://%1").arg(s.value("procore/api_host", "api.procore.com").toString());
        m_token = s.value("procore/access_token").toByteArray();
        m_companyId = s.value("procore/company_id", 0).toLongLong();
        m_relay = QUrl(s.value("relay/url", "http://teams-relay.estimating.local:8085/notify").toString());
        m_relayPort = m_relay.port(8085);
    }

    std::function<void(const Submittal &)> submittalChanged;

    void fetchUser() {
        fetch(QUrl(m_apiRoot + "/rest/v1.0/me"), false, [this](const QJsonDocument &doc, int) {
            m_userLogin = doc.object().value("login").toString();
        });
    }

    void fetchVendors(std::function<void(QHash<qint64, QString>)> done) {
        QUrl url(m_apiRoot + "/rest/v1.0/vendors");
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_companyId));
        url.setQuery(q);
        fetch(url, false, [done](const QJsonDocument &doc, int) {
            QHash<qint64, QString> out;
            for (const QJsonValue &v : doc.array())
                out.insert(v.toObject().value("id").toVariant().toLongLong(), v.toObject().value("name").toString());
            done(out);
        });
    }

    void pollSubmittals(qint64 projectId, int page = 1) {
        QUrl url(m_apiRoot + QStringLiteral("/rest/v1.0/projects/%1/submittals").arg(projectId));
        QUrlQuery q;
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", "100");
        url.setQuery(q);
        fetch(url, true, [this, projectId, page](const QJsonDocument &doc, int status) {
            if (status != 200)
                return;
            const QJsonArray arr = doc.array();
            for (const QJsonValue &v : arr)
                consider(projectId, v.toObject());
            if (arr.size() == 100)
                pollSubmittals(projectId, page + 1);
        });
    }

    void fetchWorkflowSteps(qint64 projectId, qint64 submittalId) {
        const QUrl url(QStringLiteral("https://app.procore.com/rest/v2.0/companies/%1/projects/%2/submittals/%3/workflow_data")
                           .arg(m_companyId).arg(projectId).arg(submittalId));
        fetch(url, true, [submittalId](const QJsonDocument &doc, int) {
            qInfo() << "submittal" << submittalId << "steps" << doc.object().value("data").toArray().size();
        });
    }

    void notify(const Submittal &s) {
        const QString ref = QString::asprintf("submittal-%d", s.id);
        QJsonObject body{{"ref", ref},
                         {"title", s.title},
                         {"status", s.status},
                         {"link", QStringLiteral("https://app.procore.com/%1/project/submittal_logs/%2").arg(s.projectId).arg(s.id)}};
        QNetworkRequest req(m_relay);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson());
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    int relayPort() const { return m_relayPort; }

private:
    void consider(qint64 projectId, const QJsonObject &o) {
        Submittal s;
        s.id = o.value("id").toString().toULongLong();
        if (s.id == 0)
            s.id = o.value("id").toVariant().toLongLong();
        s.projectId = projectId;
        s.specSectionId = o.value("specification_section").toObject().value("id").toVariant().toLongLong();
        s.title = o.value("title").toString();
        s.status = o.value("status").toObject().value("name").toString();
        s.revision = o.value("revision").toInt();

        const int lastRevision = m_revisionBySubmittal.value(s.id, -1);
        if (lastRevision == s.revision && m_notified.contains(s.id))
            return;
        m_revisionBySubmittal.insert(s.id, s.revision);
        m_notified.insert(s.id);
        if (submittalChanged) submittalChanged(s);
        notify(s);
    }

    void fetch(const QUrl &url, bool withCompany, JsonCallback cb) {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Accept", "application/json");
        if (withCompany)
            req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        req.setTransferTimeout(30000);
        QNetworkReply *reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, this, [reply, cb]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            cb(QJsonDocument::fromJson(reply->readAll()), status);
        });
    }

    QNetworkAccessManager *m_nam;
    QString m_apiRoot;
    QByteArray m_token;
    qint64 m_companyId = 0;
    QString m_userLogin;
    QUrl m_relay;
    int m_relayPort = 0;
    QHash<qint64, int> m_revisionBySubmittal;
    QSet<int> m_notified;
};

} // namespace estimating

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QSettings s(QStringLiteral("Estimating"), QStringLiteral("SubmittalWatcher"));
    QList<qint64> pinned;
    for (const QVariant &v : s.value("pinned_projects").toList())
        pinned << v.toLongLong();

    estimating::ProcoreGateway gw;
    gw.submittalChanged = [&gw](const estimating::Submittal &sub) {
        qInfo() << QDateTime::currentDateTime().toString(Qt::ISODate) << sub.id << sub.title << sub.status;
        if (sub.status == QLatin1String("Open"))
            gw.fetchWorkflowSteps(sub.projectId, sub.id);
    };
    gw.fetchUser();
    gw.fetchVendors([](QHash<qint64, QString> vendors) { qInfo() << vendors.size() << "vendors cached"; });

    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, &gw, [&gw, pinned]() {
        for (qint64 pid : pinned)
            gw.pollSubmittals(pid);
    });
    timer.start(s.value("poll_minutes", 10).toInt() * 60 * 1000);
    qInfo() << "relay on port" << gw.relayPort();
    return app.exec();
}
