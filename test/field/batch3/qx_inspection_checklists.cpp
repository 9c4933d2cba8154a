// qx_inspection_checklists -- pulls Procore inspection checklists for the
// configured projects, writes one CSV per project and drops it into the QA
// SharePoint library so the quality team's Power BI report picks it up.
//
// Usage: qx_inspection_checklists [--status open|closed] [--out DIR]

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSettings>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>
#include <QtDebug>

class ProcoreRequest : public QNetworkRequest {
public:
    ProcoreRequest(const QUrl &url, const QByteArray &token, qint64 companyId)
        : QNetworkRequest(url)
    {
        setRawHeader("Authorization", "Bearer " + token);
        setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        setRawHeader("Accept", "application/json");
        setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    }
};

struct Checklist {
    qint64 id = 0;
    QString name;
    QString status;
    double inspectionTypeId = 0;
    int itemCount = 0;
    int conformingCount = 0;
};

static QByteArray await(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    return reply->readAll();
}

class ProcoreApi {
public:
    explicit ProcoreApi(QSettings &s)
        : m_base(s.value("procore/base", "https://api.procore.com/").toString()),
          m_tokenUrl(s.value("procore/token_url", "https://api.procore.com/oauth/token").toString()),
          m_companyId(s.value("procore/company_id").toLongLong())
    {
    }

    bool login(const QString &clientId, const QString &clientSecret, const QString &refreshToken)
    {
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("client_secret", clientSecret);
        form.addQueryItem("refresh_token", refreshToken);
        QNetworkRequest req(m_tokenUrl);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        const QJsonObject tok = QJsonDocument::fromJson(await(m_nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8()))).object();
        m_token = tok.value("access_token").toString().toUtf8();
        return !m_token.isEmpty();
    }

    // Sanity check that the token still sees our company at all.
    bool companyVisible()
    {
        QNetworkRequest req(m_base.resolved(QUrl("rest/v1.0/companies")));
        req.setRawHeader("Authorization", "Bearer " + m_token);
        const QJsonArray companies = QJsonDocument::fromJson(await(m_nam.get(req))).array();
        for (const QJsonValue &c : companies)
            if (c.toObject().value("id").toVariant().toLongLong() == m_companyId)
                return true;
        return false;
    }

    // Follows the RFC 5988 Link header until there is no rel="next".
    QJsonArray getAll(const QString &path, const QUrlQuery &query)
    {
        QUrl first = m_base.resolved(QUrl(path));
        first.setQuery(query);
        QNetworkRequest req = ProcoreRequest(first, m_token, m_companyId);
        QJsonArray all;
        for (int guard = 0; guard < 200; ++guard) {
            QNetworkReply *reply = m_nam.get(req);
            const QByteArray body = await(reply);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QString link = QString::fromUtf8(reply->rawHeader("Link"));
            reply->deleteLater();
            if (status != 200) {
                qWarning() << "GET" << req.url().path() << "failed with" << status;
                break;
            }
            for (const QJsonValue &v : QJsonDocument::fromJson(body).array())
                all.append(v);

            static const QRegularExpression nextRe(QStringLiteral("<([^>]+)>;\\s*rel=\"next\""));
            const QRegularExpressionMatch m = nextRe.match(link);
            if (!m.hasMatch())
                break;
            req = QNetworkRequest(QUrl(m.captured(1)));
            req.setRawHeader("Authorization", "Bearer " + m_token);
        }
        return all;
    }

    QNetworkAccessManager &nam() { return m_nam; }

private:
    QNetworkAccessManager m_nam;
    QUrl m_base;
    QUrl m_tokenUrl;
    qint64 m_companyId;
    QByteArray m_token;
};

static Checklist parseChecklist(const QJsonObject &o)
{
    Checklist c;
    c.id = o.value("id").toVariant().toLongLong();
    c.name = o.value("name").toString();
    c.status = o.value("status").toString();
    c.inspectionTypeId = o.value("inspection_type").toObject().value("id").toDouble();
    const QJsonObject counts = o.value("item_counts").toObject();
    c.itemCount = counts.value("total").toInt();
    c.conformingCount = counts.value("conforming").toInt();
    return c;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("Contoso");
    QCoreApplication::setApplicationName("inspection-checklists");

    QCommandLineParser cli;
    cli.addHelpOption();
    QCommandLineOption statusOpt("status", "Checklist status filter", "status", "open");
    QCommandLineOption outOpt("out", "Output directory", "dir", QDir::tempPath());
    cli.addOption(statusOpt);
    cli.addOption(outOpt);
    cli.process(app);

    QSettings settings;
    ProcoreApi api(settings);
    if (!api.login(settings.value("procore/client_id").toString(),
                   settings.value("procore/client_secret").toString(),
                   settings.value("procore/refresh_token").toString())) {
        qCritical() << "could not refresh Procore token";
        return 1;
    }
    if (!api.companyVisible()) {
        qCritical() << "token has no access to the configured company";
        return 1;
    }

    // Project ids are kept as strings in the .conf because QSettings mangles big numbers.
    const QStringList projects = settings.value("procore/projects").toStringList();
    QVector<int> templateIds;
    for (const QVariant &v : settings.value("procore/template_ids").toList())
        templateIds.append(v.toInt());

    const QString graphToken = settings.value("graph/token").toString();
    const QString driveId = settings.value("graph/qa_drive_id").toString();
    int uploaded = 0;

    for (const QString &p : projects) {
        const qint64 projectId = p.toLongLong();
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId));
        q.addQueryItem("filters[status]", cli.value(statusOpt));
        q.addQueryItem("per_page", "200");
        for (int t : templateIds)
            q.addQueryItem("filters[list_template_id][]", QString::number(t));
        const QJsonArray lists = api.getAll("rest/v1.0/checklist/lists", q);

        QByteArray csv = "id,name,status,inspection_type_id,items,conforming,link\n";
        for (const QJsonValue &v : lists) {
            const Checklist c = parseChecklist(v.toObject());
            const QString link = QString("https://app.procore.com/%1/project/checklists/lists/%2").arg(projectId).arg(c.id);
            csv += QString("%1,\"%2\",%3,%4,%5,%6,%7\n")
                       .arg(c.id).arg(QString(c.name).replace('"', "\"\"")).arg(c.status)
                       .arg(qint64(c.inspectionTypeId)).arg(c.itemCount).arg(c.conformingCount).arg(link)
                       .toUtf8();
        }

        const QString fileName = QString("inspections_%1_%2.csv").arg(projectId).arg(cli.value(statusOpt));
        QFile f(QDir(cli.value(outOpt)).filePath(fileName));
        if (f.open(QIODevice::WriteOnly))
            f.write(csv);

        // Small files (<4 MB) can go straight to the simple upload endpoint.
        QNetworkRequest put(QUrl(QString("https://graph.microsoft.com/v1.0/drives/%1/root:/Inspections/%2:/content")
                                     .arg(driveId, fileName)));
        put.setRawHeader("Authorization", "Bearer " + graphToken.toUtf8());
        put.setHeader(QNetworkRequest::ContentTypeHeader, "text/csv");
        QNetworkReply *reply = api.nam().put(put, csv);
        await(reply);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        if (status == 200 || status == 201)
            ++uploaded;
        else
            qWarning() << "SharePoint upload of" << fileName << "returned" << status;
        qInfo() << "project" << projectId << ":" << lists.size() << "checklists";
    }

    qInfo() << "uploaded" << uploaded << "of" << projects.size() << "project exports";
    return uploaded == projects.size() ? 0 : 2;
}
