// timecard_export: headless Qt daemon that runs under a Developer Managed
// Service Account, collects yesterday's timecard entries of every active
// project and pushes them to the payroll importer.
//
// The stages talk through typed signals so the tray UI can hook the same
// events (progress, done) without knowing about the network code.
#include <QCoreApplication>
#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <vector>

template <typename T>
class Signal {
public:
    using Slot = std::function<void(const T&)>;
    void connect(Slot s) { slots_.push_back(std::move(s)); }
    void fire(const T& value) const {
        for (const auto& s : slots_) s(value);
    }

private:
    std::vector<Slot> slots_;
};

struct TokenReady { QString accessToken; };
struct CompanyFound { qint64 id; QString name; };
struct ProjectFound {
    qint64 companyId;
    int projectId;
    QString name;
};
struct TimecardBatch {
    qint64 companyId;
    qint64 projectId;
    QJsonArray entries;
};
struct ExportDone { int rows; };

struct Bus {
    Signal<TokenReady> tokenReady;
    Signal<CompanyFound> companyFound;
    Signal<ProjectFound> projectFound;
    Signal<TimecardBatch> timecards;
    Signal<ExportDone> done;
};

struct Context {
    QNetworkAccessManager* nam = nullptr;
    QString loginBase = QStringLiteral("https://login.procore.com");
    QString apiBase = QStringLiteral("https://api.procore.com");
    QString payrollUrl = QStringLiteral("http://payroll.internal:8080/api/import");
    QString clientId;
    QString clientSecret;
    QString accessToken;
    qint64 wantedCompany = 0;
    QDate day;
    int pending = 0;
    int exported = 0;
};

static QNetworkRequest apiRequest(const Context& ctx, const QUrl& url) {
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + ctx.accessToken.toUtf8());
    req.setRawHeader("Accept", "application/json");
    return req;
}

static void wire(Bus& bus, Context& ctx) {
    // companies visible to the service account
    bus.tokenReady.connect([&bus, &ctx](const TokenReady& t) {
        ctx.accessToken = t.accessToken;
        QNetworkReply* reply =
            ctx.nam->get(apiRequest(ctx, QUrl(ctx.apiBase + "/rest/v1.0/companies")));
        QObject::connect(reply, &QNetworkReply::finished, [reply, &bus, &ctx]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                qWarning("companies: HTTP %d", status);
                QCoreApplication::exit(2);
                return;
            }
            for (const QJsonValue& v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject c = v.toObject();
                const qint64 id = c.value("id").toVariant().toLongLong();
                if (id == ctx.wantedCompany)
                    bus.companyFound.fire({id, c.value("name").toString()});
            }
        });
    });

    // active projects of the company
    bus.companyFound.connect([&bus, &ctx](const CompanyFound& c) {
        QUrl url(ctx.apiBase + "/rest/v1.0/projects");
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(c.id));
        q.addQueryItem("per_page", "300");
        url.setQuery(q);
        QNetworkRequest req = apiRequest(ctx, url);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(c.id));
        QNetworkReply* reply = ctx.nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, [reply, &bus, &ctx, c]() {
            reply->deleteLater();
            const QJsonArray projects = QJsonDocument::fromJson(reply->readAll()).array();
            ctx.pending = projects.size();
            for (const QJsonValue& v : projects) {
                const QJsonObject p = v.toObject();
                ProjectFound ev;
                ev.companyId = c.id;
                ev.projectId = p.value("id").toVariant().toLongLong();
                ev.name = p.value("name").toString();
                bus.projectFound.fire(ev);
            }
            if (ctx.pending == 0) bus.done.fire({0});
        });
    });

    // yesterday's timecard entries of one project
    bus.projectFound.connect([&bus, &ctx](const ProjectFound& p) {
        QUrl url(ctx.apiBase + QString("/rest/v1.0/projects/%1/timecard_entries").arg(p.projectId));
        QUrlQuery q;
        q.addQueryItem("filters[date]", ctx.day.toString(Qt::ISODate));
        url.setQuery(q);
        QNetworkRequest req = apiRequest(ctx, url);
        req.setRawHeader("Procore-Company-ID", QByteArray::number(p.companyId));
        QNetworkReply* reply = ctx.nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, [reply, &bus, p]() {
            reply->deleteLater();
            const QJsonArray entries = QJsonDocument::fromJson(reply->readAll()).array();
            bus.timecards.fire({p.companyId, p.projectId, entries});
        });
    });

    // flatten and push to payroll
    bus.timecards.connect([&bus, &ctx](const TimecardBatch& b) {
        QJsonArray rows;
        for (const QJsonValue& v : b.entries) {
            const QJsonObject e = v.toObject();
            const int workerId = e.value("login_information").toObject().value("id").toInt();
            QJsonObject row;
            row["project"] = QString::number(b.projectId);
            row["worker"] = QString::number(workerId);
            row["hours"] = e.value("hours").toString();
            row["cost_code"] = e.value("cost_code").toObject().value("full_code").toString();
            rows.append(row);
        }
        QNetworkRequest req{QUrl(ctx.payrollUrl)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply* reply = ctx.nam->post(req, QJsonDocument(rows).toJson(QJsonDocument::Compact));
        const int count = rows.size();
        QObject::connect(reply, &QNetworkReply::finished, [reply, &bus, &ctx, count]() {
            reply->deleteLater();
            ctx.exported += count;
            if (--ctx.pending == 0) bus.done.fire({ctx.exported});
        });
    });

    bus.done.connect([&ctx](const ExportDone& d) {
        QTextStream(stdout) << "exported " << d.rows << " timecard rows for "
                            << ctx.day.toString(Qt::ISODate) << "\n";
        QCoreApplication::quit();
    });
}

static void fetchToken(Bus& bus, Context& ctx) {
    QUrlQuery form;
    form.addQueryItem("grant_type", "client_credentials");
    form.addQueryItem("client_id", ctx.clientId);
    form.addQueryItem("client_secret", ctx.clientSecret);
    QNetworkRequest req{QUrl(ctx.loginBase + "/oauth/token")};
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QNetworkReply* reply = ctx.nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
    QObject::connect(reply, &QNetworkReply::finished, [reply, &bus]() {
        reply->deleteLater();
        const QJsonObject tok = QJsonDocument::fromJson(reply->readAll()).object();
        bus.tokenReady.fire({tok.value("access_token").toString()});
    });
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QNetworkAccessManager nam;

    Context ctx;
    ctx.nam = &nam;
    ctx.clientId = qEnvironmentVariable("PROCORE_CLIENT_ID");
    ctx.clientSecret = qEnvironmentVariable("PROCORE_CLIENT_SECRET");
    ctx.wantedCompany = qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong();
    ctx.day = QDate::currentDate().addDays(-1);

    Bus bus;
    wire(bus, ctx);
    QTimer::singleShot(0, [&bus, &ctx]() { fetchToken(bus, ctx); });
    return app.exec();
}
