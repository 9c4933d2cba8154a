// submittal-export: command-line companion of the desktop plugin.
//   submittal-export <project_id> [submittal_id]
// Writes the submittal log (or one submittal with its approvers) as CSV.

#include <QCoreApplication>
#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QHash>
#include <QFile>
#include <QTextStream>
#include <cstdio>

class SubmittalExporter : public QObject
{
public:
    SubmittalExporter(qint64 projectId, QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_projectId(projectId)
    {
        QSettings s("SiteCompanion", "desktop");
        m_apiBase = s.value("procore/apiBase", "https://api.procore.com").toString();
        m_token = s.value("procore/accessToken").toString();
        m_companyId = s.value("procore/companyId").toLongLong();
        m_outPath = s.value("export/dir", ".").toString();
    }

    void exportLog()
    {
        QUrl url(QString("%1/rest/v1.1/projects/%2/submittals").arg(m_apiBase).arg(m_projectId));
        QUrlQuery q;
        q.addQueryItem("per_page", "500");
        url.setQuery(q);

        QNetworkReply *reply = m_nam->get(withCompany(bearer(url)));
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonArray rows = QJsonDocument::fromJson(reply->readAll()).array();
            QFile f(QString("%1/submittals_%2.csv").arg(m_outPath).arg(m_projectId));
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                QCoreApplication::exit(2);
                return;
            }
            QTextStream out(&f);
            out << "id,number,revision,title,status,due_date\n";
            for (const QJsonValue &v : rows) {
                const QJsonObject o = v.toObject();
                const qint64 id = o.value("id").toVariant().toLongLong();
                m_titles.insert(id, o.value("title").toString());
                out << id << ',' << csv(o.value("number").toString()) << ','
                    << o.value("revision").toString() << ','
                    << csv(o.value("title").toString()) << ','
                    << csv(o.value("status").toObject().value("name").toString()) << ','
                    << o.value("due_date").toString() << '\n';
            }
            std::fprintf(stderr, "project %ld: %d submittals exported\n",
                         static_cast<long>(m_projectId), int(rows.size()));
            QCoreApplication::quit();
        });
    }

    void exportOne(int submittalId)
    {
        QUrl url(QString("%1/rest/v1.1/projects/%2/submittals/%3")
                     .arg(m_apiBase).arg(m_projectId).arg(submittalId));
        QNetworkRequest req = bearer(url);
        m_lastRequest = withCompany(req);   // kept so a 429 can be retried later
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, submittalId]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 429) {
                std::fprintf(stderr, "rate limited, retry after %s s\n",
                             reply->rawHeader("Retry-After").constData());
                QCoreApplication::exit(3);
                return;
            }
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            QFile f(QString("%1/submittal_%2.csv").arg(m_outPath).arg(submittalId));
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                QCoreApplication::exit(2);
                return;
            }
            QTextStream out(&f);
            out << "approver_id,approver,response,returned\n";
            const QJsonArray approvers = o.value("approvers").toArray();
            for (const QJsonValue &v : approvers) {
                const QJsonObject a = v.toObject();
                const QJsonObject user = a.value("user").toObject();
                out << user.value("id").toVariant().toLongLong() << ','
                    << csv(user.value("name").toString()) << ','
                    << csv(a.value("response").toObject().value("name").toString()) << ','
                    << a.value("returned_date").toString() << '\n';
            }
            QCoreApplication::quit();
        });
    }

private:
    QNetworkRequest bearer(const QUrl &url) const
    {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    QNetworkRequest withCompany(QNetworkRequest req) const
    {
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        return req;
    }

    static QString csv(QString s)
    {
        if (s.contains(',') || s.contains('"')) {
            s.replace('"', "\"\"");
            s = '"' + s + '"';
        }
        return s;
    }

    QNetworkAccessManager *m_nam;
    qint64 m_projectId;
    qint64 m_companyId = 0;
    QString m_apiBase;
    QString m_token;
    QString m_outPath;
    QNetworkRequest m_lastRequest;
    QHash<qint64, QString> m_titles;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: %s <project_id> [submittal_id]\n", argv[0]);
        return 1;
    }
    const qint64 projectId = args.at(1).toLongLong();
    SubmittalExporter exporter(projectId);
    if (args.size() > 2) {
        const int submittalId = args.at(2).toInt();
        exporter.exportOne(submittalId);
    } else {
        exporter.exportLog();
    }
    return app.exec();
}
