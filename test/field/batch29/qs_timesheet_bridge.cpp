// timesheet_bridge.cpp -- pulls approved shifts from the in-house payroll
// service and mirrors them into Procore timecard entries.
// PayrollSource -> TimecardMapper (builds requests) -> ProcoreClient (sends).
#include <QCoreApplication>
#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QUrl>
#include <QMap>
#include <QDate>
#include <QTimer>
#include <QDebug>

static const char kProcoreLogin[] = "https://login.procore.com";
static const char kProcoreRest[] = "https://api.procore.com/rest/v1.0";
static const char kProcoreVapid[] = "https://app.procore.com/vapid";
static const char kPayrollHost[] = "payroll.corp.local";
static const int kPayrollPort = 8080;

struct Shift {
    int employeeNumber = 0;      // payroll's own key, not a Procore id
    QDate date;
    double hours = 0.0;
    QString costCode;
    qint64 procoreEntryId = 0;   // set once mirrored
};

class PayrollSource : public QObject {
    Q_OBJECT
public:
    explicit PayrollSource(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

signals:
    void shiftsReady(const QList<Shift> &shifts);

public slots:
    void fetchApproved(const QDate &day) {
        QUrl url;
        url.setScheme("http");
        url.setHost(kPayrollHost);
        url.setPort(kPayrollPort);
        url.setPath("/api/v2/shifts");
        url.setQuery("status=approved&date=" + day.toString(Qt::ISODate));
        QNetworkRequest req(url);
        req.setRawHeader("X-Company-Id", "acme-west");
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            QList<Shift> out;
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject o = v.toObject();
                Shift s;
                s.employeeNumber = o.value("employee_no").toInt();
                s.date = QDate::fromString(o.value("date").toString(), Qt::ISODate);
                s.hours = o.value("hours").toDouble();
                s.costCode = o.value("cost_code").toString();
                s.procoreEntryId = o.value("procore_entry_id").toVariant().toLongLong();
                out << s;
            }
            emit shiftsReady(out);
        });
    }

private:
    QNetworkAccessManager *m_nam;
};

class ProcoreClient : public QObject {
    Q_OBJECT
public:
    explicit ProcoreClient(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

signals:
    void finished(const QString &tag, int status, const QJsonDocument &doc);

public slots:
    void dispatch(const QString &tag, QNetworkRequest req, const QByteArray &verb,
                  const QByteArray &body) {
        req.setRawHeader("Authorization", "Bearer " + qgetenv("PROCORE_ACCESS_TOKEN"));
        QNetworkReply *reply = nullptr;
        if (verb == "POST")
            reply = m_nam->post(req, body);
        else if (verb == "PUT")
            reply = m_nam->put(req, body);
        else if (verb == "DELETE")
            reply = m_nam->deleteResource(req);
        else
            reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, tag, reply]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            emit finished(tag, status, QJsonDocument::fromJson(reply->readAll()));
        });
    }

private:
    QNetworkAccessManager *m_nam;
};

class TimecardMapper : public QObject {
    Q_OBJECT
public:
    TimecardMapper(qint64 companyId, qint64 projectId, QObject *parent = nullptr)
        : QObject(parent), m_companyId(companyId), m_projectId(projectId) {}

    void setPartyMap(const QMap<int, qint64> &partyByEmployee) { m_party = partyByEmployee; }

signals:
    void sendRequest(const QString &tag, QNetworkRequest req, const QByteArray &verb,
                     const QByteArray &body);

public slots:
    void loadCostCodes() {
        QNetworkRequest req = jsonRequest(QString("%1/projects/%2/cost_codes")
                                              .arg(kProcoreVapid).arg(m_projectId));
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        emit sendRequest("cost-codes", req, "GET", {});
    }

    void onCostCodes(const QString &tag, int status, const QJsonDocument &doc) {
        if (tag != "cost-codes" || status != 200) return;
        for (const QJsonValue &v : doc.array()) {
            const QJsonObject o = v.toObject();
            const qint32 costCodeId = o.value("id").toVariant().toLongLong();
            m_costCodes.insert(o.value("full_code").toString(), costCodeId);
        }
    }

    void onShifts(const QList<Shift> &shifts) {
        for (const Shift &s : shifts) {
            const qint64 partyId = m_party.value(s.employeeNumber);
            if (partyId == 0) {
                qWarning() << "no Procore user for employee" << s.employeeNumber;
                continue;
            }
            if (s.hours <= 0.0 && s.procoreEntryId != 0) {
                removeEntry(s.procoreEntryId);
            } else if (s.procoreEntryId != 0) {
                updateEntry(s, partyId);
            } else {
                createEntry(s, partyId);
            }
        }
    }

private:
    QNetworkRequest jsonRequest(const QString &url) const {
        QNetworkRequest req{QUrl(url)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    QJsonObject entryBody(const Shift &s, qint64 partyId) const {
        QJsonObject e;
        e.insert("party_id", partyId);
        e.insert("date", s.date.toString(Qt::ISODate));
        e.insert("hours", QString::number(s.hours, 'f', 2));
        e.insert("cost_code_id", m_costCodes.value(s.costCode));
        return QJsonObject{{"timecard_entry", e}};
    }

    void createEntry(const Shift &s, qint64 partyId) {
        const QString url = QString(kProcoreRest) +
            QString::asprintf("/projects/%lld/timecard_entries", static_cast<long long>(m_projectId));
        QNetworkRequest req = jsonRequest(url);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        emit sendRequest("create", req, "POST", QJsonDocument(entryBody(s, partyId)).toJson());
    }

    void updateEntry(const Shift &s, qint64 partyId) {
        QNetworkRequest req = jsonRequest(QString("%1/projects/%2/timecard_entries/%3")
                                              .arg(kProcoreRest).arg(m_projectId).arg(s.procoreEntryId));
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(m_companyId));
        emit sendRequest("update", req, "PUT", QJsonDocument(entryBody(s, partyId)).toJson());
    }

    void removeEntry(qint64 entryId) {
        const QString url = QString(kProcoreRest) +
            QString::asprintf("/projects/%lld/timecard_entries/%d",
                              static_cast<long long>(m_projectId), int(entryId));
        emit sendRequest("delete", jsonRequest(url), "DELETE", {});
    }

    qint64 m_companyId;
    qint64 m_projectId;
    QMap<int, qint64> m_party;
    QMap<QString, qint64> m_costCodes;
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const qint64 companyId = qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong();
    const qint64 projectId = qEnvironmentVariable("PROCORE_PROJECT_ID").toLongLong();
    qInfo() << "token issued by" << kProcoreLogin << "- rotate via the ops runbook";

    PayrollSource payroll;
    ProcoreClient procore;
    TimecardMapper mapper(companyId, projectId);
    mapper.setPartyMap({{10442, 5512339LL}, {10517, 5512871LL}});

    QObject::connect(&mapper, &TimecardMapper::sendRequest, &procore, &ProcoreClient::dispatch);
    QObject::connect(&procore, &ProcoreClient::finished, &mapper, &TimecardMapper::onCostCodes);
    QObject::connect(&procore, &ProcoreClient::finished,
                     [](const QString &tag, int status, const QJsonDocument &) {
                         if (status >= 300) qWarning() << tag << "HTTP" << status;
                     });
    QObject::connect(&payroll, SIGNAL(shiftsReady(QList<Shift>)), &mapper, SLOT(onShifts(QList<Shift>)));

    mapper.loadCostCodes();
    QTimer::singleShot(5000, &payroll, [&payroll]() {
        payroll.fetchApproved(QDate::currentDate().addDays(-1));
    });
    return app.exec();
}
