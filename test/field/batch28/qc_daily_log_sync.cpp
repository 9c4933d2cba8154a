// daily_log_sync: pushes the foremen's end-of-day timesheet export into the
// Procore daily log (manpower + notes) and attaches the site photo.
//
// The export file is parsed off the event loop with QtConcurrent::run; the
// Scheduler turns rows into ApiCall structs, which travel over a queued
// connection to the HttpWorker living in its own thread.
#include <QCoreApplication>
#include <QDate>
#include <QDebug>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QThread>
#include <QUrlQuery>
#include <QtConcurrent>

#define PROCORE_API "https://api.procore.com"
#define PROCORE_LOGIN "https://login.procore.com"
static const char kUploadsUrl[] = "https://app.procore.com/rest/v1.1/projects/%1/uploads";

struct ApiCall {
    enum Verb { Get, Post, Put };
    Verb verb = Get;
    QNetworkRequest request;
    QByteArray body;
    QString tag;
};
Q_DECLARE_METATYPE(ApiCall)

struct TimesheetRow {
    unsigned vendorId = 0;
    QString trade;
    int workers = 0;
    double hours = 0.0;
    QString notes;
};

static QList<TimesheetRow> readTimesheet(const QString &path) {
    QList<TimesheetRow> rows;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return rows;
    for (const QJsonValue &v : QJsonDocument::fromJson(f.readAll()).array()) {
        const QJsonObject o = v.toObject();
        TimesheetRow r;
        r.vendorId = o.value("procore_vendor_id").toVariant().toUInt();
        r.trade = o.value("trade").toString();
        r.workers = o.value("workers").toInt();
        r.hours = o.value("hours").toDouble();
        r.notes = o.value("notes").toString();
        rows.append(r);
    }
    return rows;
}

class HttpWorker : public QObject {
    Q_OBJECT
public slots:
    void init() { m_nam = new QNetworkAccessManager(this); }

    void dispatch(const ApiCall &call) {
        QNetworkReply *reply = nullptr;
        switch (call.verb) {
        case ApiCall::Get:
            reply = m_nam->get(call.request);
            break;
        case ApiCall::Post:
            reply = m_nam->post(call.request, call.body);
            break;
        case ApiCall::Put:
            reply = m_nam->put(call.request, call.body);
            break;
        }
        const QString tag = call.tag;
        connect(reply, &QNetworkReply::finished, this, [this, reply, tag]() {
            emit done(tag, reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                      reply->readAll());
            reply->deleteLater();
        });
    }

signals:
    void done(const QString &tag, int status, const QByteArray &body);

private:
    QNetworkAccessManager *m_nam = nullptr;
};

class Scheduler : public QObject {
    Q_OBJECT
public:
    Scheduler() {
        QSettings s;
        m_companyId = s.value("procore/company_id").toInt();
        m_projectId = s.value("procore/project_id").toLongLong();
        m_token = s.value("auth/access_token").toByteArray();
        m_logDate = QDate::currentDate();
        m_photoPath = s.value("export/photo").toString();
    }

    void start(const QString &exportPath) {
        connect(&m_watcher, &QFutureWatcher<QList<TimesheetRow>>::finished, this, [this]() {
            m_rows = m_watcher.result();
            queryExisting();
        });
        m_watcher.setFuture(QtConcurrent::run(readTimesheet, exportPath));
    }

    void refresh() {
        QSettings s;
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", s.value("auth/refresh_token").toString());
        form.addQueryItem("client_id", s.value("auth/client_id").toString());
        form.addQueryItem("client_secret", s.value("auth/client_secret").toString());
        QNetworkRequest req(QUrl(PROCORE_LOGIN "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        emit send({ApiCall::Post, req, form.query(QUrl::FullyEncoded).toUtf8(), "token"});
    }

public slots:
    void onDone(const QString &tag, int status, const QByteArray &body) {
        qInfo() << tag << status;
        if (status == 401 && tag != "token") {
            refresh();
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (tag == "token") {
            m_token = doc.object().value("access_token").toString().toUtf8();
            QSettings().setValue("auth/access_token", QString::fromUtf8(m_token));
            queryExisting();
        } else if (tag == "existing") {
            if (!doc.array().isEmpty()) {
                qWarning() << "manpower already logged for" << m_logDate << "- skipping";
                return;
            }
            postManpower();
            postNotes();
            requestUpload();
        } else if (tag == "upload") {
            putPhoto(doc.object());
        }
    }

signals:
    void send(const ApiCall &call);

private:
    QNetworkRequest api(const QString &path) const {
        QNetworkRequest req(QUrl(QStringLiteral(PROCORE_API) + path));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    void queryExisting() {
        QNetworkRequest req = api(QString("/rest/v1.0/projects/%1/manpower_logs?log_date=%2")
                                      .arg(m_projectId)
                                      .arg(m_logDate.toString(Qt::ISODate)));
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        emit send({ApiCall::Get, req, {}, "existing"});
    }

    void postManpower() {
        for (const TimesheetRow &r : m_rows) {
            QNetworkRequest req = api(QString("/rest/v1.0/projects/%1/manpower_logs").arg(m_projectId));
            req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
            const QJsonObject entry{{"date", m_logDate.toString(Qt::ISODate)},
                                    {"num_workers", r.workers},
                                    {"num_hours", r.hours},
                                    {"vendor_id", static_cast<qint64>(r.vendorId)},
                                    {"notes", r.trade}};
            emit send({ApiCall::Post, req, QJsonDocument(QJsonObject{{"manpower_log", entry}}).toJson(),
                       "manpower"});
        }
    }

    void postNotes() {
        QStringList lines;
        for (const TimesheetRow &r : m_rows)
            if (!r.notes.isEmpty())
                lines << r.trade + ": " + r.notes;
        if (lines.isEmpty())
            return;
        QNetworkRequest req = api(QString("/rest/v1.0/projects/%1/notes_logs").arg(m_projectId));
        req.setRawHeader("Procore-CompanyId", QByteArray::number(m_companyId));
        const QJsonObject entry{{"date", m_logDate.toString(Qt::ISODate)}, {"comment", lines.join('\n')}};
        emit send({ApiCall::Post, req, QJsonDocument(QJsonObject{{"notes_log", entry}}).toJson(), "notes"});
    }

    void requestUpload() {
        QNetworkRequest req(QUrl(QString::fromLatin1(kUploadsUrl).arg(m_projectId)));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"response_filename", "site.jpg"}, {"response_content_type", "image/jpeg"}};
        emit send({ApiCall::Post, req, QJsonDocument(body).toJson(), "upload"});
    }

    // The upload response carries a presigned storage.procore.com URL; that
    // PUT goes to object storage and takes no Procore auth headers.
    void putPhoto(const QJsonObject &upload) {
        QFile photo(m_photoPath);
        if (!photo.open(QIODevice::ReadOnly))
            return;
        QNetworkRequest req(QUrl(upload.value("url").toString()));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "image/jpeg");
        emit send({ApiCall::Put, req, photo.readAll(), "photo"});
    }

    int m_companyId = 0;
    qint64 m_projectId = 0;
    QByteArray m_token;
    QDate m_logDate;
    QString m_photoPath;
    QList<TimesheetRow> m_rows;
    QFutureWatcher<QList<TimesheetRow>> m_watcher;
};

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("SiteOps");
    QCoreApplication::setApplicationName("daily_log_sync");
    qRegisterMetaType<ApiCall>("ApiCall");
    if (argc < 2) {
        qCritical("usage: daily_log_sync <timesheet.json>");
        return 2;
    }

    QThread thread;
    auto *worker = new HttpWorker;
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::started, worker, &HttpWorker::init);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);

    Scheduler scheduler;
    QObject::connect(&scheduler, &Scheduler::send, worker, &HttpWorker::dispatch, Qt::QueuedConnection);
    QObject::connect(worker, &HttpWorker::done, &scheduler, &Scheduler::onDone, Qt::QueuedConnection);
    thread.start();
    scheduler.start(QString::fromLocal8Bit(argv[1]));

    const int rc = app.exec();
    thread.quit();
    thread.wait();
    return rc;
}
