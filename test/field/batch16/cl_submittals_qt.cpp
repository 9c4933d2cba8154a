// submittals-cli: Qt console tool used by the document-control team.
//
//   submittals-cli [--env production|sandbox|monthly] submittals list <project_id>
//   submittals-cli submittals show <project_id> <submittal_id>
//   submittals-cli submittals approvers <project_id> <submittal_id>
//   submittals-cli companies
//   submittals-cli token refresh
//
// PROCORE_ENV, PROCORE_TOKEN, PROCORE_COMPANY_ID, PROCORE_REFRESH_TOKEN,
// PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET are read from the environment.
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStringList>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

#include <cstdio>

namespace {

struct EnvHosts {
    const char *name;
    const char *login;
    const char *api;
};

const EnvHosts kHosts[] = {
    {"production", "https://login.procore.com", "https://app.procore.com"},
    {"sandbox", "https://login-sandbox.procore.com", "https://sandbox.procore.com"},
    {"monthly", "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"},
};

QTextStream out(stdout);
QTextStream err(stderr);

struct Session {
    QNetworkAccessManager nam;
    const EnvHosts *hosts = nullptr;
    QByteArray token;
    qint64 companyId = 0;

    QNetworkRequest request(const QString &path) const
    {
        QNetworkRequest req(QUrl(QString::fromLatin1(hosts->api) + path));
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    // Blocks until the reply is finished; returns the body, status in *status.
    QByteArray wait(QNetworkReply *reply, int *status)
    {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }
};

int submittalsList(Session &s, qint64 projectId)
{
    int status = 0;
    int page = 1;
    int shown = 0;
    while (true) {
        QNetworkRequest req = s.request(QStringLiteral("/rest/v1.1/projects/%1/submittals?page=%2&per_page=100")
                                            .arg(projectId)
                                            .arg(page));
        const QJsonArray items = QJsonDocument::fromJson(s.wait(s.nam.get(req), &status)).array();
        if (status != 200) {
            err << "submittals list: HTTP " << status << Qt::endl;
            return 1;
        }
        for (const QJsonValue &v : items) {
            const QJsonObject o = v.toObject();
            const qint64 id = o.value("id").toVariant().toLongLong();
            out << QString("%1  %2  %3")
                       .arg(id, -14)
                       .arg(o.value("number").toString(), -8)
                       .arg(o.value("title").toString())
                << Qt::endl;
            ++shown;
        }
        if (items.size() < 100)
            break;
        ++page;
    }
    err << shown << " submittal(s)" << Qt::endl;
    return 0;
}

int submittalsShow(Session &s, qint64 projectId, int submittalId)
{
    int status = 0;
    QNetworkRequest req = s.request(QStringLiteral("/rest/v1.1/projects/%1/submittals/%2").arg(projectId).arg(submittalId));
    const QJsonObject o = QJsonDocument::fromJson(s.wait(s.nam.get(req), &status)).object();
    if (status != 200) {
        err << "submittal " << submittalId << ": HTTP " << status << Qt::endl;
        return 1;
    }
    const int managerId = o.value("submittal_manager").toObject().value("id").toInt();
    out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    out << "manager user id: " << managerId << Qt::endl;
    out << "https://app.procore.com/" << projectId << "/project/submittal_logs" << Qt::endl;
    return 0;
}

int submittalsApprovers(Session &s, qint64 projectId, qint64 submittalId)
{
    int status = 0;
    QNetworkRequest req(QUrl(QString::fromLatin1(s.hosts->api) +
                             QStringLiteral("/rest/v1.1/projects/%1/submittals/%2/approvers").arg(projectId).arg(submittalId)));
    req.setRawHeader("Authorization", "Bearer " + s.token);
    req.setRawHeader("X-Procore-Company-Id", QByteArray::number(s.companyId));
    const QJsonArray approvers = QJsonDocument::fromJson(s.wait(s.nam.get(req), &status)).array();
    for (const QJsonValue &v : approvers) {
        const QJsonObject a = v.toObject();
        const qint64 userId = a.value("user").toObject().value("id").toVariant().toLongLong();
        out << userId << "\t" << a.value("user").toObject().value("name").toString() << "\t"
            << a.value("response").toObject().value("name").toString() << Qt::endl;
    }
    return status == 200 ? 0 : 1;
}

int companies(Session &s)
{
    int status = 0;
    QNetworkRequest req(QUrl(QString::fromLatin1(s.hosts->api) + "/rest/v1.0/companies"));
    req.setRawHeader("Authorization", "Bearer " + s.token);
    const QJsonArray list = QJsonDocument::fromJson(s.wait(s.nam.get(req), &status)).array();
    for (const QJsonValue &v : list)
        out << v.toObject().value("id").toVariant().toLongLong() << "\t"
            << v.toObject().value("name").toString() << Qt::endl;
    return status == 200 ? 0 : 1;
}

int tokenRefresh(Session &s)
{
    int status = 0;
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
    form.addQueryItem("client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET"));
    form.addQueryItem("refresh_token", qEnvironmentVariable("PROCORE_REFRESH_TOKEN"));
    QNetworkRequest req(QUrl(QString::fromLatin1(s.hosts->login) + "/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    const QByteArray body = s.wait(s.nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8()), &status);
    out << "HTTP " << status << Qt::endl << body << Qt::endl;
    return status == 200 ? 0 : 1;
}

int usage()
{
    err << "usage: submittals-cli [--env production|sandbox|monthly] "
           "submittals list|show|approvers <project> [<submittal>] | companies | token refresh"
        << Qt::endl;
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeFirst();

    QString envName = qEnvironmentVariable("PROCORE_ENV", "production");
    if (args.size() >= 2 && args.first() == "--env") {
        envName = args.at(1);
        args = args.mid(2);
    }

    Session s;
    for (const EnvHosts &h : kHosts)
        if (envName == QLatin1String(h.name))
            s.hosts = &h;
    if (!s.hosts || args.isEmpty())
        return usage();
    s.token = qgetenv("PROCORE_TOKEN");
    bool ok = false;
    s.companyId = qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong(&ok);
    if (!ok) {
        err << "PROCORE_COMPANY_ID must be set" << Qt::endl;
        return 2;
    }

    const QString cmd = args.value(0);
    const QString sub = args.value(1);
    if (cmd == "submittals" && args.size() >= 3) {
        const qint64 projectId = args.at(2).toLongLong(&ok);
        if (!ok)
            return usage();
        if (sub == "list")
            return submittalsList(s, projectId);
        if (sub == "show" && args.size() >= 4)
            return submittalsShow(s, projectId, args.at(3).toInt());
        if (sub == "approvers" && args.size() >= 4)
            return submittalsApprovers(s, projectId, args.at(3).toLongLong());
    }
    if (cmd == "companies")
        return companies(s);
    if (cmd == "token" && sub == "refresh")
        return tokenRefresh(s);
    return usage();
}
