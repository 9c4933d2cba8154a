// ob_qt_rfi_dispatch.cpp
//
// Staging tool for the RFI dispatcher (runs against the developer sandbox).
// Every request is an RfiEvent pushed through a list of subscribers; the last
// one is a blocking QNetworkAccessManager sink so the tool reads top to bottom.
// See https://developers.procore.com/documentation/rfis for the payloads.
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QEventLoop>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QTextStream>
#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>
#include <vector>

namespace {

const QString kLoginBase = QStringLiteral("https://login-sandbox.procore.com");
const QString kApiBase = QStringLiteral("https://sandbox.procore.com");

struct RfiEvent {
    QString kind;
    QString url;
    QByteArray verb = "GET";
    QMap<QByteArray, QByteArray> headers;
    QByteArray body;
    int status = 0;
    QByteArray payload;
};

class Dispatcher {
public:
    using Subscriber = std::function<void(RfiEvent&)>;
    void add(Subscriber s) { chain_.push_back(std::move(s)); }
    void dispatch(RfiEvent& ev) {
        for (auto& s : chain_) s(ev);
    }
private:
    std::vector<Subscriber> chain_;
};

class BlockingSink {
public:
    void operator()(RfiEvent& ev) {
        QNetworkRequest req{QUrl(ev.url)};
        for (auto h = ev.headers.cbegin(); h != ev.headers.cend(); ++h) req.setRawHeader(h.key(), h.value());
        QNetworkReply* reply = nam_.sendCustomRequest(req, ev.verb, ev.body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        ev.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        ev.payload = reply->readAll();
        reply->deleteLater();
    }
private:
    QNetworkAccessManager nam_;
};

QJsonArray asArray(const QByteArray& b) { return QJsonDocument::fromJson(b).array(); }

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const auto env = QProcessEnvironment::systemEnvironment();
    const qint64 companyId = env.value("PROCORE_COMPANY_ID").toLongLong();
    const int overdueDays = env.value("RFI_OVERDUE_DAYS", "7").toInt();
    QByteArray accessToken;

    BlockingSink sink;
    Dispatcher bus;
    bus.add([&](RfiEvent& ev) {
        if (!accessToken.isEmpty() && ev.url.startsWith(kApiBase))
            ev.headers.insert("Authorization", "Bearer " + accessToken);
        if (!ev.body.isEmpty()) ev.headers.insert("Content-Type", "application/json");
    });
    // Company scope; list endpoints that carry company_id are already scoped.
    bus.add([&](RfiEvent& ev) {
        if (!ev.url.startsWith(kApiBase + "/rest/") || ev.url.contains(QLatin1String("company_id=")))
            return;
        if (ev.url.endsWith(QLatin1String("/rest/v1.0/me")) || ev.url.endsWith(QLatin1String("/rest/v1.0/companies")))
            return;
        ev.headers.insert("Procore-Company-Id", QByteArray::number(companyId));
    });
    bus.add([&](RfiEvent& ev) { out << ev.kind << ' ' << ev.verb << ' ' << ev.url << '\n'; out.flush(); });
    bus.add(std::ref(sink));

    // Token from the refresh token the dev pasted into the env.
    RfiEvent token{"token", kLoginBase + "/oauth/token", "POST"};
    token.body = QJsonDocument(QJsonObject{{"grant_type", "refresh_token"},
                                           {"refresh_token", env.value("PROCORE_REFRESH_TOKEN")},
                                           {"client_id", env.value("PROCORE_CLIENT_ID")},
                                           {"client_secret", env.value("PROCORE_CLIENT_SECRET")}})
                     .toJson(QJsonDocument::Compact);
    bus.dispatch(token);
    if (token.status != 200) {
        out << "token failed " << token.status << " - see https://support.procore.com/faq/what-is-a-sandbox\n";
        return 1;
    }
    accessToken = QJsonDocument::fromJson(token.payload).object().value("access_token").toString().toUtf8();

    RfiEvent me{"me", kApiBase + "/rest/v1.0/me"};
    bus.dispatch(me);
    const qint64 myUserId = QJsonDocument::fromJson(me.payload).object().value("id").toVariant().toLongLong();

    RfiEvent companies{"companies", kApiBase + "/rest/v1.0/companies"};
    bus.dispatch(companies);
    out << "visible companies: " << asArray(companies.payload).size() << '\n';

    RfiEvent projects{"projects", kApiBase + QStringLiteral("/rest/v1.0/projects?company_id=%1").arg(companyId)};
    bus.dispatch(projects);
    QHash<int, QString> projectNames;
    QList<qint64> projectIds;
    for (const QJsonValue& p : asArray(projects.payload)) {
        const qint64 pid = p.toObject().value("id").toVariant().toLongLong();
        projectIds << pid;
        projectNames.insert(pid, p.toObject().value("name").toString());
    }

    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addDays(-overdueDays);
    int nudged = 0;
    for (const qint64 projectId : projectIds) {
        int page = 1;
        for (;;) {
            RfiEvent list{"rfis", kApiBase + QStringLiteral("/rest/v1.1/projects/%1/rfis?filters[status]=open&page=%2&per_page=100")
                                                 .arg(projectId)
                                                 .arg(page)};
            bus.dispatch(list);
            const QJsonArray rfis = asArray(list.payload);
            if (list.status != 200 || rfis.isEmpty()) break;

            for (const QJsonValue& v : rfis) {
                const QJsonObject rfi = v.toObject();
                const qint64 rfiId = rfi.value("id").toVariant().toLongLong();
                const int assigneeId = rfi.value("assignee_id").toInt();
                const QDateTime created = QDateTime::fromString(rfi.value("created_at").toString(), Qt::ISODate);
                if (!created.isValid() || created > cutoff || assigneeId == myUserId) continue;

                RfiEvent reply{"rfi.reply",
                               kApiBase + QStringLiteral("/rest/v1.1/projects/%1/rfis/%2/replies").arg(projectId).arg(rfiId),
                               "POST"};
                reply.body = QJsonDocument(QJsonObject{
                                 {"reply", QJsonObject{{"body", QStringLiteral("Automated reminder: open for more than %1 days.")
                                                                    .arg(overdueDays)}}}})
                                 .toJson(QJsonDocument::Compact);
                bus.dispatch(reply);
                if (reply.status == 201) {
                    ++nudged;
                    out << "  nudged " << projectNames.value(projectId) << " RFI " << rfiId << " (assignee "
                        << assigneeId << ")\n";
                }
            }
            ++page;
        }
    }

    RfiEvent metric{"metric", "http://localhost:9102/ingest/rfi_dispatch", "POST"};
    metric.body = QByteArray("{\"nudged\":") + QByteArray::number(nudged) + "}";
    bus.dispatch(metric);

    RfiEvent revoke{"revoke", QStringLiteral("https://sandbox.procore.com/oauth/revoke"), "POST"};
    revoke.body = QJsonDocument(QJsonObject{{"token", QString::fromUtf8(accessToken)},
                                            {"client_id", env.value("PROCORE_CLIENT_ID")},
                                            {"client_secret", env.value("PROCORE_CLIENT_SECRET")}})
                      .toJson(QJsonDocument::Compact);
    bus.dispatch(revoke);
    return 0;
}
