// TimesheetUploader: imports the CSV exported by the gate time clocks and
// creates the matching timecard entries in Procore, skipping entries that
// already exist for the same person and date.

#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QBuffer>
#include <QFile>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <QDate>
#include <QDebug>
#include <functional>

using JsonHandler = std::function<void(int status, const QJsonDocument &doc)>;

struct TimecardRow {
    qint64 id = 0;
    unsigned partyId = 0;
    QDate date;
    double hours = 0.0;
    QString costCode;
};

static qint64 idFrom(const QJsonValue &v)
{
    if (v.isString())
        return v.toString().toLongLong();
    return v.toVariant().toLongLong();
}

class TimesheetUploader : public QObject
{
public:
    TimesheetUploader(qint64 companyId, qint64 projectId, const QString &token, QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)),
          m_companyId(companyId), m_projectId(projectId)
    {
        m_base = qEnvironmentVariable("PROCORE_BASE_URL", "https://us02.procore.com");
        m_defaultHeaders.insert("Authorization", "Bearer " + token.toUtf8());
        m_defaultHeaders.insert("Accept", "application/json");
        m_defaultHeaders.insert("User-Agent", "gate-clock-import/2.3");
    }

    void run(const QString &csvPath)
    {
        if (!loadCsv(csvPath))
            return;
        whoAmI();
        fetchExisting([this]() { uploadPending(); });
    }

private:
    void send(const QByteArray &verb, const QString &path, const QJsonObject &body, JsonHandler handler)
    {
        QNetworkRequest req(QUrl(m_base + path));
        for (auto it = m_defaultHeaders.cbegin(); it != m_defaultHeaders.cend(); ++it)
            req.setRawHeader(it.key(), it.value());
        if (verb != "GET") {
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        }
        QBuffer *payload = new QBuffer(this);
        payload->setData(body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
        QNetworkReply *reply = m_nam->sendCustomRequest(req, verb, payload);
        payload->setParent(reply);
        connect(reply, &QNetworkReply::finished, this, [reply, handler]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            handler(status, QJsonDocument::fromJson(reply->readAll()));
        });
    }

    void whoAmI()
    {
        send("GET", "/rest/v1.0/me", {}, [](int status, const QJsonDocument &doc) {
            if (status == 200)
                qInfo() << "importing as" << doc.object().value("name").toString();
        });
    }

    void fetchExisting(std::function<void()> next)
    {
        const QString path = QString("/rest/v1.0/projects/%1/timecard_entries?start_date=%2&end_date=%3")
                                 .arg(m_projectId)
                                 .arg(m_firstDate.toString(Qt::ISODate), m_lastDate.toString(Qt::ISODate));
        send("GET", path, {}, [this, next](int status, const QJsonDocument &doc) {
            if (status != 200) {
                qWarning() << "could not read existing timecards, HTTP" << status;
                return;
            }
            for (const QJsonValue &v : doc.array()) {
                const QJsonObject o = v.toObject();
                const qint64 party = idFrom(o.value("party").toObject().value("id"));
                m_existing.insert(existingKey(party, QDate::fromString(o.value("date").toString(), Qt::ISODate)));
            }
            next();
        });
    }

    void uploadPending()
    {
        int skipped = 0;
        for (const TimecardRow &row : qAsConst(m_rows)) {
            if (m_existing.contains(existingKey(row.partyId, row.date))) {
                ++skipped;
                continue;
            }
            QJsonObject entry{
                {"party_id", QString::number(row.partyId)},
                {"date", row.date.toString(Qt::ISODate)},
                {"hours", row.hours},
                {"timesheet_status", "pending"},
            };
            if (!row.costCode.isEmpty())
                entry.insert("cost_code_id", QString::number(m_costCodes.value(row.costCode)));
            send("POST", QString("/rest/v1.0/projects/%1/timecard_entries").arg(m_projectId),
                 QJsonObject{{"timecard_entry", entry}},
                 [](int status, const QJsonDocument &) {
                     if (status != 201)
                         qWarning() << "timecard create failed, HTTP" << status;
                 });
        }
        qInfo("%d rows skipped as duplicates", skipped);
    }

    bool loadCsv(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            return false;
        QTextStream in(&f);
        in.readLine(); // header
        int lineNo = 1;
        while (!in.atEnd()) {
            const QStringList cols = in.readLine().split(';');
            ++lineNo;
            if (cols.size() < 4) {
                qWarning("line %d: expected 4 columns", lineNo);
                continue;
            }
            TimecardRow row;
            row.partyId = cols.at(0).toUInt();
            row.date = QDate::fromString(cols.at(1), "dd.MM.yyyy");
            row.hours = cols.at(2).toDouble();
            row.costCode = cols.at(3).trimmed();
            if (!m_firstDate.isValid() || row.date < m_firstDate) m_firstDate = row.date;
            if (!m_lastDate.isValid() || row.date > m_lastDate) m_lastDate = row.date;
            m_rows.append(row);
        }
        return !m_rows.isEmpty();
    }

    static QString existingKey(qint64 partyId, const QDate &d)
    {
        return QString::number(partyId) + '@' + d.toString(Qt::ISODate);
    }

    QNetworkAccessManager *m_nam;
    qint64 m_companyId;
    qint64 m_projectId;
    QString m_base;
    QMap<QByteArray, QByteArray> m_defaultHeaders;
    QVector<TimecardRow> m_rows;
    QSet<QString> m_existing;
    QMap<QString, qint64> m_costCodes;
    QDate m_firstDate, m_lastDate;
};
