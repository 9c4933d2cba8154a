// qtrunner - replays Procore command scripts for the QA lab.
//
//   qtrunner smoke.pcs
//
// Script lines:
//   use monthly
//   authorize                         (prints the URL to open, reads the code)
//   company 598134325779301
//   get projects
//   get rfis 562949953421312
//   get submittals 562949953421312
//   close rfi 562949953421312 1099511628211
//   link 562949953421312
//   whoami
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

#include <cstdio>
#include <functional>

#define OAUTH_BASE_PRODUCTION "https://app.procore.com"

namespace {

struct Environment {
    QString oauthBase;
    QString apiBase;
};

const QHash<QString, Environment> &environments()
{
    static const QHash<QString, Environment> envs{
        {"production", {OAUTH_BASE_PRODUCTION, "https://api.procore.com"}},
        {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
        {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
    };
    return envs;
}

class Runner
{
public:
    explicit Runner(QNetworkAccessManager *nam) : m_nam(nam) {}

    bool execute(const QStringList &tok);

private:
    using Handler = std::function<bool(const QStringList &)>;

    QJsonDocument send(QNetworkAccessManager::Operation op, const QString &path,
                       const QByteArray &body = {});
    QJsonDocument wait(QNetworkReply *reply);

    bool useEnv(const QStringList &a);
    bool authorize(const QStringList &a);
    bool listProjects(const QStringList &a);
    bool listRfis(const QStringList &a);
    bool listSubmittals(const QStringList &a);
    bool closeRfi(const QStringList &a);
    bool webLink(const QStringList &a);
    bool whoami(const QStringList &a);

    QNetworkAccessManager *m_nam;
    Environment m_env = environments().value("production");
    QByteArray m_token;
    qint64 m_companyId = 0;
    QString m_clientId = qEnvironmentVariable("PROCORE_CLIENT_ID");
    QString m_clientSecret = qEnvironmentVariable("PROCORE_CLIENT_SECRET");
};

QJsonDocument Runner::wait(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->readAll();
    reply->deleteLater();
    if (status < 200 || status >= 300) {
        fprintf(stderr, "HTTP %d: %s\n", status, data.constData());
        return {};
    }
    return QJsonDocument::fromJson(data);
}

// Every REST call of the table goes through here.
QJsonDocument Runner::send(QNetworkAccessManager::Operation op, const QString &path,
                           const QByteArray &body)
{
    QNetworkRequest req(QUrl(m_env.apiBase + path));
    req.setRawHeader("Authorization", "Bearer " + m_token);
    req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *reply = nullptr;
    if (op == QNetworkAccessManager::PostOperation)
        reply = m_nam->post(req, body);
    else
        reply = m_nam->get(req);
    return wait(reply);
}

bool Runner::useEnv(const QStringList &a)
{
    if (a.isEmpty() || !environments().contains(a[0]))
        return false;
    m_env = environments().value(a[0]);
    m_token.clear();
    return true;
}

bool Runner::authorize(const QStringList &)
{
    QUrl url(m_env.oauthBase + "/oauth/authorize");
    QUrlQuery q;
    q.addQueryItem("response_type", "code");
    q.addQueryItem("client_id", m_clientId);
    q.addQueryItem("redirect_uri", "urn:ietf:wg:oauth:2.0:oob");
    url.setQuery(q);
    QTextStream out(stdout), in(stdin);
    out << "Open " << url.toString() << "\ncode: " << Qt::flush;
    const QString code = in.readLine().trimmed();

    QUrlQuery form;
    form.addQueryItem("grant_type", "authorization_code");
    form.addQueryItem("code", code);
    form.addQueryItem("client_id", m_clientId);
    form.addQueryItem("client_secret", m_clientSecret);
    form.addQueryItem("redirect_uri", "urn:ietf:wg:oauth:2.0:oob");
    QNetworkRequest req(QUrl(m_env.oauthBase + "/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    const QJsonDocument doc = wait(m_nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8()));
    m_token = doc.object().value("access_token").toString().toUtf8();
    return !m_token.isEmpty();
}

bool Runner::listProjects(const QStringList &)
{
    const QJsonDocument doc = send(QNetworkAccessManager::GetOperation,
                                   QString("/rest/v1.0/projects?company_id=%1").arg(m_companyId));
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject p = v.toObject();
        const qint64 id = p.value("id").toVariant().toLongLong();
        printf("%lld  %s\n", static_cast<long long>(id), qPrintable(p.value("name").toString()));
    }
    return doc.isArray();
}

bool Runner::listRfis(const QStringList &a)
{
    bool ok = false;
    const qint64 projectId = a.value(0).toLongLong(&ok);
    if (!ok)
        return false;
    const QJsonDocument doc = send(QNetworkAccessManager::GetOperation,
                                   QString("/rest/v1.0/projects/%1/rfis").arg(projectId));
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject r = v.toObject();
        const int rfiId = r.value("id").toInt();
        printf("RFI %d  #%s  %s\n", rfiId, qPrintable(r.value("number").toString()),
               qPrintable(r.value("subject").toString()));
    }
    return doc.isArray();
}

bool Runner::listSubmittals(const QStringList &a)
{
    const int projectId = a.value(0).toInt();
    const QJsonDocument doc = send(QNetworkAccessManager::GetOperation,
                                   QString("/rest/v1.1/projects/%1/submittals").arg(projectId));
    const int count = doc.array().size();
    printf("%d submittals\n", count);
    return doc.isArray();
}

bool Runner::closeRfi(const QStringList &a)
{
    if (a.size() < 2)
        return false;
    const qint64 projectId = a[0].toLongLong();
    const qint64 rfiId = a[1].toLongLong();
    const QByteArray body = R"({"rfi":{"status":"closed"}})";

    // PATCH is not in the table; QNetworkAccessManager needs sendCustomRequest.
    QNetworkRequest req(QUrl(QString("%1/rest/v1.0/projects/%2/rfis/%3")
                                 .arg(m_env.apiBase).arg(projectId).arg(rfiId)));
    req.setRawHeader("Authorization", "Bearer " + m_token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    const QJsonDocument doc = wait(m_nam->sendCustomRequest(req, "PATCH", body));
    return doc.isObject();
}

bool Runner::webLink(const QStringList &a)
{
    const qint64 projectId = a.value(0).toLongLong();
    printf("https://app.procore.com/%lld/project/home\n", static_cast<long long>(projectId));
    return true;
}

bool Runner::whoami(const QStringList &)
{
    const QJsonObject me = send(QNetworkAccessManager::GetOperation, "/rest/v1.0/me").object();
    printf("%s <%s>\n", qPrintable(me.value("name").toString()),
           qPrintable(me.value("login").toString()));
    return !me.isEmpty();
}

bool Runner::execute(const QStringList &tok)
{
    static const QHash<QString, Handler> table{
        {"use", [this](const QStringList &a) { return useEnv(a); }},
        {"authorize", [this](const QStringList &a) { return authorize(a); }},
        {"company", [this](const QStringList &a) {
             m_companyId = a.value(0).toLongLong();
             return m_companyId > 0;
         }},
        {"get projects", [this](const QStringList &a) { return listProjects(a); }},
        {"get rfis", [this](const QStringList &a) { return listRfis(a); }},
        {"get submittals", [this](const QStringList &a) { return listSubmittals(a); }},
        {"close rfi", [this](const QStringList &a) { return closeRfi(a); }},
        {"link", [this](const QStringList &a) { return webLink(a); }},
        {"whoami", [this](const QStringList &a) { return whoami(a); }},
    };
    if (tok.size() >= 2 && table.contains(tok[0] + ' ' + tok[1]))
        return table.value(tok[0] + ' ' + tok[1])(tok.mid(2));
    if (table.contains(tok[0]))
        return table.value(tok[0])(tok.mid(1));
    fprintf(stderr, "unknown command: %s\n", qPrintable(tok.join(' ')));
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        fprintf(stderr, "usage: qtrunner SCRIPT\n");
        return 2;
    }
    QFile script(QString::fromLocal8Bit(argv[1]));
    if (!script.open(QIODevice::ReadOnly | QIODevice::Text)) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    QNetworkAccessManager nam;
    Runner runner(&nam);
    QTextStream in(&script);
    int lineNo = 0, failed = 0;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        ++lineNo;
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QStringList tok = line.split(' ', Qt::SkipEmptyParts);
        if (!runner.execute(tok)) {
            fprintf(stderr, "line %d failed\n", lineNo);
            ++failed;
        }
    }
    return failed ? 1 : 0;
}
