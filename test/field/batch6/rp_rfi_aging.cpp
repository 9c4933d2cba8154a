// rp_rfi_aging.cpp
// RFI aging report: for every project listed in rfi_aging.ini, pulls the open
// RFIs, buckets them by days open (0-7, 8-14, 15-30, 30+) and writes a CSV the
// project engineers get every Monday morning.
#include <QCoreApplication>
#include <QDate>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

#include <cstdio>

namespace {

const QString kApiBase = QStringLiteral("https://api.procore.com");
const QString kTokenUrl = QStringLiteral("https://app.procore.com/oauth/token");

struct Rfi {
    qint64 id = 0;
    qint64 projectId = 0;
    QString number;  // display number, e.g. "012"
    QString subject;
    QDate createdOn;
    QDate dueDate;
    int assigneeId = 0;
    qint64 createdById = 0;
    int daysOpen = 0;
};

Rfi rfiFromJson(const QJsonObject& o, qint64 projectId) {
    Rfi r;
    r.id = o.value("id").toVariant().toLongLong();
    r.projectId = projectId;
    r.number = o.value("number").toString();
    r.subject = o.value("subject").toString();
    r.createdOn = QDate::fromString(o.value("created_at").toString().left(10), Qt::ISODate);
    r.dueDate = QDate::fromString(o.value("due_date").toString(), Qt::ISODate);
    const QJsonObject assignee = o.value("assignee").toObject();
    r.assigneeId = assignee.value("id").toInt();
    r.createdById = o.value("created_by").toObject().value("id").toInt();
    r.daysOpen = static_cast<int>(r.createdOn.daysTo(QDate::currentDate()));
    return r;
}

class ApiClient {
public:
    explicit ApiClient(QString accessToken) : token_(std::move(accessToken)) {}

    QJsonDocument get(const QString& path, qint64 companyId) {
        QNetworkRequest req = request(path);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        return wait(nam_.get(req));
    }

    // Unscoped GET; Procore only allows this for /me and /companies.
    QJsonDocument getRaw(const QString& path) { return wait(nam_.get(request(path))); }

    bool refresh(const QString& clientId, const QString& clientSecret, const QString& refreshToken) {
        QNetworkRequest req{QUrl(kTokenUrl)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("client_secret", clientSecret);
        form.addQueryItem("refresh_token", refreshToken);
        QJsonDocument doc = wait(nam_.post(req, form.toString(QUrl::FullyEncoded).toUtf8()));
        token_ = doc.object().value("access_token").toString();
        return !token_.isEmpty();
    }

private:
    QNetworkRequest request(const QString& path) const {
        QNetworkRequest req{QUrl(kApiBase + path)};
        req.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    static QJsonDocument wait(QNetworkReply* reply) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QByteArray body = reply->readAll();
        reply->deleteLater();
        if (status >= 400) {
            std::fprintf(stderr, "HTTP %d for %s\n", status, qPrintable(reply->url().toString()));
            return {};
        }
        return QJsonDocument::fromJson(body);
    }

    QNetworkAccessManager nam_;
    QString token_;
};

class RfiRepository {
public:
    RfiRepository(ApiClient& api, qint64 companyId) : api_(api), companyId_(companyId) {}

    QVector<Rfi> openRfis(qint64 projectId) {
        QVector<Rfi> out;
        for (int page = 1; page <= 20; ++page) {
            const QString path = QString("/rest/v1.0/projects/%1/rfis?filters[status]=open&page=%2&per_page=100")
                                     .arg(projectId).arg(page);
            const QJsonArray arr = api_.get(path, companyId_).array();
            if (arr.isEmpty()) break;
            for (const QJsonValue& v : arr) out.append(rfiFromJson(v.toObject(), projectId));
        }
        return out;
    }

    QString projectName(qint64 projectId) {
        const QJsonObject p = api_.get(QString("/rest/v1.0/projects/%1?company_id=%2")
                                           .arg(projectId).arg(companyId_), companyId_).object();
        return p.value("name").toString();
    }

    QString userName(qint64 userId) {
        if (userNames_.contains(userId)) return userNames_.value(userId);
        const QJsonObject u = api_.getRaw(QString("/rest/v1.0/companies/%1/users/%2")
                                              .arg(companyId_).arg(userId)).object();
        const QString name = u.value("name").toString();
        userNames_.insert(userId, name);
        return name;
    }

private:
    ApiClient& api_;
    qint64 companyId_;
    QHash<qint64, QString> userNames_;
};

QString bucketFor(int daysOpen) {
    if (daysOpen <= 7) return "0-7";
    if (daysOpen <= 14) return "8-14";
    if (daysOpen <= 30) return "15-30";
    return "30+";
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QSettings ini(argc > 1 ? QString(argv[1]) : QString("rfi_aging.ini"), QSettings::IniFormat);

    ApiClient api(ini.value("auth/access_token").toString());
    if (!api.refresh(ini.value("auth/client_id").toString(), ini.value("auth/client_secret").toString(),
                     ini.value("auth/refresh_token").toString())) {
        std::fprintf(stderr, "token refresh failed\n");
        return 1;
    }

    const QJsonObject me = api.getRaw("/rest/v1.0/me").object();
    std::printf("running as %s\n", qPrintable(me.value("login").toString()));

    const qint64 companyId = ini.value("procore/company_id").toLongLong();
    RfiRepository repo(api, companyId);

    QHash<int, int> overdueByProject;
    QMap<QString, int> countByBucket;
    QFile file(ini.value("report/output", "rfi_aging.csv").toString());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return 1;
    QTextStream csv(&file);
    csv << "project,rfi_id,number,subject,assignee,days_open,bucket,link\n";

    const QStringList projectIds = ini.value("procore/projects").toStringList();
    for (const QString& pidText : projectIds) {
        const qint64 projectId = pidText.toLongLong();
        const QString projectName = repo.projectName(projectId);
        for (const Rfi& r : repo.openRfis(projectId)) {
            const QString bucket = bucketFor(r.daysOpen);
            countByBucket[bucket] += 1;
            if (r.dueDate.isValid() && r.dueDate < QDate::currentDate())
                overdueByProject[projectId] += 1;
            const QString link = QString("https://app.procore.com/%1/project/rfi/show/%2")
                                     .arg(projectId).arg(r.id);
            csv << '"' << projectName << "\"," << r.id << ',' << r.number << ",\"" << r.subject << "\","
                << repo.userName(r.assigneeId) << ',' << r.daysOpen << ',' << bucket << ',' << link << '\n';
        }
        std::printf("project %d: %d overdue\n", static_cast<int>(projectId),
                    overdueByProject.value(projectId));
    }

    for (auto it = countByBucket.cbegin(); it != countByBucket.cend(); ++it)
        std::printf("%-6s %d\n", qPrintable(it.key()), it.value());
    return 0;
}
