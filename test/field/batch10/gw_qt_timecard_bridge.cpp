// gw_qt_timecard_bridge.cpp - kiosk spool -> Procore timecards
//
// The gate kiosks write one JSON file per punch-out into SPOOL_DIR:
//   {"employee_no": 4411, "job": 220, "date": "2024-05-03", "hours": 8.5}
// Every 30 s we pick the files up, map employee_no -> Procore user id and
// job -> Procore project id, post a timecard entry, and append the outcome
// to timecards_out.csv (loaded into the payroll SQLite by the kiosk server).
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

static const char* kApi = "https://api.procore.com";
static const char* kLogin = "https://login.procore.com/oauth/token";
static const char* kKioskAck = "http://kiosk-gw.internal:8080/api/ack/";

class TimecardBridge {
public:
    TimecardBridge() {
        auto env = QProcessEnvironment::systemEnvironment();
        m_clientId = env.value("PROCORE_CLIENT_ID");
        m_clientSecret = env.value("PROCORE_CLIENT_SECRET");
        m_refreshToken = env.value("PROCORE_REFRESH_TOKEN");
        m_companyId = env.value("PROCORE_COMPANY_ID").toLongLong();
        m_spool = QDir(env.value("SPOOL_DIR", "/var/spool/kiosk"));
        loadJobs(env.value("JOB_MAP", "jobs.csv"));
    }

    void start() {
        refreshToken([this] {
            whoAmI();
            syncUsers(1);
        });
        QObject::connect(&m_timer, &QTimer::timeout, [this] { drainSpool(); });
        m_timer.start(30000);
    }

private:
    void loadJobs(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return;
        QTextStream in(&f);
        while (!in.atEnd()) {
            const QStringList cols = in.readLine().split(',');
            if (cols.size() == 2) m_jobs.insert(cols[0].toInt(), cols[1].toLongLong());
        }
    }

    QNetworkRequest apiRequest(const QString& path) const {
        QNetworkRequest req(QUrl(QString(kApi) + path));
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    void refreshToken(std::function<void()> then) {
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        form.addQueryItem("refresh_token", m_refreshToken);
        QNetworkRequest req{QUrl(kLogin)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QNetworkReply* reply = m_nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, [this, reply, then] {
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            m_token = o.value("access_token").toString();
            m_refreshToken = o.value("refresh_token").toString(m_refreshToken);
            int ttl = o.value("expires_in").toInt(7200);
            QTimer::singleShot((ttl - 300) * 1000, [this] { refreshToken([] {}); });
            then();
        });
    }

    void whoAmI() {
        QNetworkRequest req(QUrl(QString(kApi) + "/rest/v1.0/me"));
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        QNetworkReply* reply = m_nam.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [reply] {
            const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
            qInfo() << "bridge running as" << me.value("login").toString();
            reply->deleteLater();
        });
    }

    // Users carry the kiosk employee number in employee_id.
    void syncUsers(int page) {
        QNetworkRequest req = apiRequest("");
        req.setUrl(QUrl(QString("https://us02.procore.com/rest/v1.0/companies/%1/users?page=%2&per_page=200")
                            .arg(m_companyId).arg(page)));
        QNetworkReply* reply = m_nam.get(req);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply, page] {
            const QJsonArray users = QJsonDocument::fromJson(reply->readAll()).array();
            reply->deleteLater();
            for (const QJsonValue& u : users) {
                const QJsonObject o = u.toObject();
                bool ok = false;
                int employeeNo = o.value("employee_id").toString().toInt(&ok);
                if (ok) m_userByEmployee.insert(employeeNo, o.value("id").toInt());
            }
            if (users.size() == 200) syncUsers(page + 1);
            else qInfo() << "mapped" << m_userByEmployee.size() << "kiosk employees";
        });
    }

    void drainSpool() {
        const QStringList files = m_spool.entryList({"*.json"}, QDir::Files, QDir::Time);
        for (const QString& name : files) {
            QFile f(m_spool.filePath(name));
            if (!f.open(QIODevice::ReadOnly)) continue;
            const QJsonObject punch = QJsonDocument::fromJson(f.readAll()).object();
            f.close();
            pushPunch(name, punch);
        }
    }

    void pushPunch(const QString& file, const QJsonObject& punch) {
        const int employeeNo = punch.value("employee_no").toInt();
        const int job = punch.value("job").toInt();
        if (!m_jobs.contains(job) || !m_userByEmployee.contains(employeeNo)) {
            writeCsv(file, job, 0, 0, 0, "unmapped");
            return;
        }
        int projectId = m_jobs.value(job);
        const qint64 partyId = m_userByEmployee.value(employeeNo);

        QJsonObject entry{{"party_id", partyId},
                          {"date", punch.value("date")},
                          {"hours", punch.value("hours")},
                          {"description", QString("kiosk %1").arg(file)}};
        const QByteArray body = QJsonDocument(QJsonObject{{"timecard_entry", entry}}).toJson();
        QNetworkReply* reply = m_nam.post(
            apiRequest(QString("/rest/v1.0/projects/%1/timecard_entries").arg(projectId)), body);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply, file, job, projectId, partyId] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject created = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            const qint64 entryId = created.value("id").toVariant().toLongLong();
            writeCsv(file, job, projectId, partyId, entryId, status == 201 ? "ok" : QString::number(status));
            if (status == 201) {
                m_spool.remove(file);
                m_nam.post(QNetworkRequest(QUrl(QString(kKioskAck) + file)), QByteArray());
            }
        });
    }

    // A kiosk can void a punch; we remove the entry we created for it.
    void voidEntry(qint64 projectId, qint64 entryId) {
        QNetworkRequest req(QUrl(QString("%1/rest/v1.0/projects/%2/timecard_entries/%3")
                                     .arg(kApi).arg(projectId).arg(entryId)));
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        QNetworkReply* reply = m_nam.deleteResource(req);
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    void writeCsv(const QString& file, int job, qint64 projectId, qint64 partyId, qint64 entryId,
                  const QString& result) {
        QFile out("timecards_out.csv");
        if (!out.open(QIODevice::Append | QIODevice::Text)) return;
        QTextStream ts(&out);
        ts << file << ',' << job << ',' << projectId << ',' << partyId << ',' << entryId << ','
           << result << ",https://app.procore.com/" << m_companyId << "/project/timesheets/list\n";
    }

    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QDir m_spool;
    QString m_clientId, m_clientSecret, m_refreshToken, m_token;
    qint64 m_companyId = 0;
    QHash<int, qint64> m_jobs;            // kiosk job no -> Procore project id
    QHash<int, qint64> m_userByEmployee;  // kiosk employee no -> Procore user id

public:
    void handleVoidFile(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return;
        const QJsonObject v = QJsonDocument::fromJson(f.readAll()).object();
        voidEntry(v.value("project_id").toVariant().toLongLong(), v.value("entry_id").toVariant().toLongLong());
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    TimecardBridge bridge;
    bridge.start();
    if (argc > 1) bridge.handleVoidFile(QString::fromLocal8Bit(argv[1]));
    return app.exec();
}
