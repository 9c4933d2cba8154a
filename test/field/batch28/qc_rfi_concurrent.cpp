// rfi_audit: command line tool that pulls every open RFI of a project, then
// fetches RFI details in parallel with QtConcurrent::mapped and writes an
// overdue report.  Each mapped task runs in a pool thread and therefore
// creates its own QNetworkAccessManager + QEventLoop.
//
//   rfi_audit --project 562949953421312 [--threads 8]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QTextStream>
#include <QThreadPool>
#include <QUrlQuery>
#include <QtConcurrent>

struct ApiConfig {
    QString apiBase;
    QString loginBase;
    QString token;
    qint64 companyId = 0;
};

struct RfiSummary {
    int id = 0;
    QString number;
    QString subject;
    QDate dueDate;
    qint64 assigneeId = 0;
};

static ApiConfig loadConfig() {
    QSettings s(QSettings::IniFormat, QSettings::UserScope, "FieldTools", "rfi_audit");
    ApiConfig c;
    c.apiBase = s.value("procore/api_base", "https://app.procore.com").toString();
    c.loginBase = s.value("procore/login_base", "https://login.procore.com").toString();
    c.token = s.value("auth/access_token").toString();
    c.companyId = s.value("procore/company_id").toLongLong();
    return c;
}

// Blocking GET, safe to call from any thread: the manager lives on the stack
// of the calling thread.
static QByteArray blockingGet(const QNetworkRequest &req, int *statusOut = nullptr) {
    QNetworkAccessManager nam;
    QEventLoop loop;
    QNetworkReply *reply = nam.get(req);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (statusOut)
        *statusOut = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

static QNetworkRequest apiRequest(const ApiConfig &cfg, const QString &path,
                                  const QUrlQuery &query = QUrlQuery()) {
    QUrl url(cfg.apiBase + path);
    url.setQuery(query);
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", QByteArray("Bearer ") + cfg.token.toUtf8());
    req.setRawHeader("Procore-Company-Id", QByteArray::number(cfg.companyId));
    return req;
}

static bool tokenStillValid(const ApiConfig &cfg) {
    QNetworkRequest req(QUrl(cfg.loginBase + "/oauth/token/info"));
    req.setRawHeader("Authorization", QByteArray("Bearer ") + cfg.token.toUtf8());
    int status = 0;
    blockingGet(req, &status);
    return status == 200;
}

static QList<RfiSummary> listOpenRfis(const ApiConfig &cfg, qint64 projectId) {
    QList<RfiSummary> out;
    for (int page = 1;; ++page) {
        QUrlQuery q;
        q.addQueryItem("filters[status]", "open");
        q.addQueryItem("page", QString::number(page));
        q.addQueryItem("per_page", "200");
        const QByteArray body = blockingGet(
            apiRequest(cfg, QString("/rest/v1.0/projects/%1/rfis").arg(projectId), q));
        const QJsonArray arr = QJsonDocument::fromJson(body).array();
        for (const QJsonValue &v : arr) {
            const QJsonObject o = v.toObject();
            RfiSummary r;
            r.id = o.value("id").toInt();
            r.number = o.value("number").toString();
            r.subject = o.value("subject").toString();
            r.dueDate = QDate::fromString(o.value("due_date").toString(), Qt::ISODate);
            r.assigneeId = o.value("assignee").toObject().value("id").toVariant().toLongLong();
            out.append(r);
        }
        if (arr.size() < 200)
            break;
    }
    return out;
}

struct RfiDetail {
    RfiSummary summary;
    int questionCount = 0;
    QString ballInCourt;
    qint64 ballInCourtId = 0;
};

// Runs on a QThreadPool thread via QtConcurrent::mapped.
struct FetchDetail {
    ApiConfig cfg;
    qint64 projectId;
    using result_type = RfiDetail;

    RfiDetail operator()(const RfiSummary &s) const {
        QUrl url(cfg.apiBase + QString("/rest/v1.0/projects/%1/rfis/%2").arg(projectId).arg(s.id));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", QByteArray("Bearer ") + cfg.token.toUtf8());
        req.setRawHeader("X-Procore-Company-Id", QByteArray::number(cfg.companyId));
        const QJsonObject o = QJsonDocument::fromJson(blockingGet(req)).object();

        RfiDetail d;
        d.summary = s;
        d.questionCount = o.value("questions").toArray().size();
        const QJsonArray bic = o.value("ball_in_court").toArray();
        if (!bic.isEmpty()) {
            const QJsonObject who = bic.first().toObject();
            d.ballInCourt = who.value("name").toString();
            d.ballInCourtId = static_cast<qint64>(who.value("id").toDouble());
        }
        return d;
    }
};

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"project", "Procore project id", "id"});
    parser.addOption({"threads", "parallel detail fetches", "n", "6"});
    parser.addOption({"out", "report file", "path", "rfi_overdue.csv"});
    parser.process(app);

    const ApiConfig cfg = loadConfig();
    const qint64 projectId = parser.value("project").toLongLong();
    const int threads = parser.value("threads").toInt();
    if (projectId <= 0) {
        qCritical("--project is required");
        return 2;
    }
    QThreadPool::globalInstance()->setMaxThreadCount(threads);

    if (!tokenStillValid(cfg)) {
        qCritical("access token expired; run `procore-login` first");
        return 1;
    }

    // Sanity check that the token belongs to a user of this company.
    const QJsonObject me =
        QJsonDocument::fromJson(blockingGet(apiRequest(cfg, "/rest/v1.0/me"))).object();
    const qint64 myId = me.value("id").toVariant().toLongLong();

    const QList<RfiSummary> open = listOpenRfis(cfg, projectId);
    QFuture<RfiDetail> future = QtConcurrent::mapped(open, FetchDetail{cfg, projectId});
    future.waitForFinished();

    QFile file(parser.value("out"));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return 1;
    QTextStream csv(&file);
    csv << "rfi,number,subject,due,ball_in_court,mine,link\n";
    const QDate today = QDate::currentDate();
    int overdue = 0;
    for (const RfiDetail &d : future.results()) {
        if (!d.summary.dueDate.isValid() || d.summary.dueDate >= today)
            continue;
        ++overdue;
        const QString link = QString("https://app.procore.com/%1/project/rfi/show/%2")
                                 .arg(projectId)
                                 .arg(d.summary.id);
        csv << d.summary.id << ',' << d.summary.number << ",\"" << d.summary.subject << "\","
            << d.summary.dueDate.toString(Qt::ISODate) << ',' << d.ballInCourt << ','
            << (d.ballInCourtId == myId ? "yes" : "no") << ',' << link << '\n';
    }
    QTextStream(stdout) << overdue << " overdue of " << open.size() << " open RFIs\n";
    return 0;
}
