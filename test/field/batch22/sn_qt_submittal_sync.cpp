// submittal_sync.cpp -- "Push register to Procore" action of the spec-writer
// desktop plugin.  The plugin keeps the submittal register in its own model
// (here a QMap keyed by submittal number); this action snapshots the Procore
// project's submittals, diffs them and issues create / update / delete calls.
#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QTextStream>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

namespace {

QUrl apiBase(const QString& env)
{
    if (env == QLatin1String("monthly"))
        return QUrl(QStringLiteral("https://login-sandbox-monthly.procore.com"));
    if (env == QLatin1String("sandbox"))
        return QUrl(QStringLiteral("https://sandbox.procore.com"));
    return QUrl(QStringLiteral("https://api.procore.com"));
}

QUrl loginBase(const QString& env)
{
    if (env == QLatin1String("monthly"))
        return QUrl(QStringLiteral("https://login-sandbox-monthly.procore.com"));
    if (env == QLatin1String("sandbox"))
        return QUrl(QStringLiteral("https://login-sandbox.procore.com"));
    return QUrl(QStringLiteral("https://login.procore.com"));
}

struct LocalSubmittal {
    QString number;
    QString title;
    QString status;
    qint64 procoreId = 0;
    int specSectionId = 0;
};

struct RemoteSubmittal {
    qint64 id = 0;
    QString number;
    QString title;
    qint64 managerId = 0;
};

QByteArray waitFor(QNetworkReply* reply, int* status = nullptr)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

QString refreshToken(QNetworkAccessManager& nam, const QString& env)
{
    QNetworkRequest req(loginBase(env).resolved(QUrl("/oauth/token")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
    form.addQueryItem("refresh_token", qEnvironmentVariable("PROCORE_REFRESH_TOKEN"));
    const QByteArray payload = form.toString(QUrl::FullyEncoded).toUtf8();
    const QJsonObject tok = QJsonDocument::fromJson(waitFor(nam.post(req, payload))).object();
    return tok.value("access_token").toString();
}

} // namespace

class SubmittalSync {
public:
    SubmittalSync(const QString& env, const QString& token, qint64 companyId, qint64 projectId)
        : env_(env), token_(token), companyId_(companyId), projectId_(projectId)
    {
        proto_.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        proto_.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
        proto_.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    }

    QString whoAmI()
    {
        QNetworkRequest req(apiBase(env_).resolved(QUrl("/rest/v1.0/me")));
        req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        const QJsonObject me = QJsonDocument::fromJson(waitFor(manager_.get(req))).object();
        return me.value("login").toString();
    }

    void loadRegister(const QString& csvPath)
    {
        QFile f(csvPath);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            return;
        QTextStream in(&f);
        while (!in.atEnd()) {
            const QStringList fields = in.readLine().split(',');
            if (fields.size() < 5)
                continue;
            LocalSubmittal s;
            s.number = fields[0];
            s.title = fields[1];
            s.status = fields[2];
            s.specSectionId = fields[3].toLongLong();
            s.procoreId = fields[4].toLongLong();
            local_.insert(s.number, s);
        }
    }

    void snapshotRemote()
    {
        const QString path = QStringLiteral("/rest/v1.1/projects/%1/submittals").arg(projectId_);
        for (int page = 1;; ++page) {
            QUrl url = apiBase(env_).resolved(QUrl(path));
            QUrlQuery q;
            q.addQueryItem("page", QString::number(page));
            q.addQueryItem("per_page", "100");
            url.setQuery(q);
            QNetworkRequest req(proto_);
            req.setUrl(url);
            const QJsonArray items = QJsonDocument::fromJson(waitFor(manager_.get(req))).array();
            for (const QJsonValue& v : items) {
                const QJsonObject o = v.toObject();
                RemoteSubmittal r;
                r.id = o.value("id").toVariant().toLongLong();
                r.number = o.value("number").toString();
                r.title = o.value("title").toString();
                r.managerId = o.value("submittal_manager").toObject().value("id").toInt();
                remote_.insert(r.id, r);
            }
            if (items.size() < 100)
                break;
        }
    }

    int push()
    {
        int failures = 0;
        QMap<QString, qint64> remoteByNumber;
        for (const RemoteSubmittal& r : qAsConst(remote_))
            remoteByNumber.insert(r.number, r.id);

        const QString base = QStringLiteral("/rest/v1.1/projects/%1/submittals").arg(projectId_);
        for (LocalSubmittal& l : local_) {
            if (!l.procoreId)
                l.procoreId = remoteByNumber.value(l.number, 0);

            QJsonObject fields{{"number", l.number}, {"title", l.title},
                               {"specification_section_id", l.specSectionId}};
            const QByteArray body = QJsonDocument(QJsonObject{{"submittal", fields}}).toJson();
            QNetworkRequest req(proto_);
            int status = 0;
            if (!l.procoreId) {
                req.setUrl(apiBase(env_).resolved(QUrl(base)));
                const QJsonObject created =
                    QJsonDocument::fromJson(waitFor(manager_.post(req, body), &status)).object();
                l.procoreId = created.value("id").toVariant().toLongLong();
            } else if (remote_.value(l.procoreId).title != l.title) {
                req.setUrl(apiBase(env_).resolved(QUrl(base + "/" + QString::number(l.procoreId))));
                waitFor(manager_.sendCustomRequest(req, "PATCH", body), &status);
            } else {
                continue;
            }
            if (status >= 300)
                ++failures;
        }

        // Anything Procore has that the register no longer lists gets removed.
        for (const RemoteSubmittal& r : qAsConst(remote_)) {
            if (local_.contains(r.number))
                continue;
            QNetworkRequest del(apiBase(env_).resolved(QUrl(base + "/" + QString::number(r.id))));
            del.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
            int status = 0;
            waitFor(manager_.deleteResource(del), &status);
            if (status >= 300)
                ++failures;
        }
        return failures;
    }

    QString registerLink() const
    {
        return QStringLiteral("https://app.procore.com/%1/project/submittal_logs").arg(projectId_);
    }

private:
    QString env_;
    QString token_;
    qint64 companyId_;
    qint64 projectId_;
    QNetworkAccessManager manager_;
    QNetworkRequest proto_;
    QMap<QString, LocalSubmittal> local_;
    QMap<qint64, RemoteSubmittal> remote_;
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 5) {
        QTextStream(stderr) << "usage: submittal_sync <env> <company_id> <project_id> <register.csv>\n";
        return 2;
    }
    QString token = qEnvironmentVariable("PROCORE_ACCESS_TOKEN");
    if (token.isEmpty()) {
        QNetworkAccessManager nam;
        token = refreshToken(nam, args[1]);
    }
    SubmittalSync sync(args[1], token, args[2].toLongLong(), args[3].toLongLong());
    QTextStream(stdout) << "Signed in as " << sync.whoAmI() << "\n";
    sync.loadRegister(args[4]);
    sync.snapshotRemote();
    const int failures = sync.push();
    QTextStream(stdout) << failures << " failures. Open " << sync.registerLink() << "\n";
    return failures ? 1 : 0;
}
