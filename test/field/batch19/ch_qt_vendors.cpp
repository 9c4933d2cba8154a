// vendorctl - company directory maintenance from the command line.
//
//   vendorctl [--sandbox] <command> [args...]
//
// Token comes from PROCORE_TOKEN; company from --company or PROCORE_COMPANY_ID.
#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QTextStream>
#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

static const char* kLegacyBase = "https://app.procore.com";

static QTextStream& out() {
    static QTextStream s(stdout);
    return s;
}

struct Session {
    QNetworkAccessManager nam;
    QString baseUrl;
    QByteArray token;
    qint64 companyId = 0;
    int lastStatus = 0;

    static QByteArray wait(QNetworkReply* reply, int* status) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QByteArray data = reply->readAll();
        reply->deleteLater();
        return data;
    }

    QNetworkRequest makeRequest(const QString& url) const {
        QNetworkRequest req{QUrl(url)};
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return req;
    }

    QJsonDocument request(const QByteArray& method, const QString& path,
                          const QJsonObject& body = QJsonObject()) {
        QNetworkRequest req = makeRequest(baseUrl + path);
        QByteArray payload = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson();
        QNetworkReply* reply = nam.sendCustomRequest(req, method, payload);
        QByteArray data = wait(reply, &lastStatus);
        if (lastStatus >= 400) {
            qWarning("%s %s -> HTTP %d", method.constData(), qPrintable(path), lastStatus);
            return QJsonDocument();
        }
        return QJsonDocument::fromJson(data);
    }
};

using Command = std::function<int(Session&, const QStringList&)>;

static int listVendors(Session& s, const QStringList&) {
    const QJsonArray vendors =
        s.request("GET", QStringLiteral("/rest/v1.0/vendors?company_id=%1").arg(s.companyId)).array();
    for (const QJsonValue& v : vendors) {
        const QJsonObject o = v.toObject();
        out() << o.value("id").toVariant().toLongLong() << '\t' << o.value("name").toString() << '\n';
    }
    return 0;
}

static int showVendor(Session& s, const QStringList& args) {
    if (args.isEmpty()) return 2;
    int vendorId = args.at(0).toInt();
    QJsonDocument doc = s.request("GET", QStringLiteral("/rest/v1.0/vendors/%1?company_id=%2")
                                             .arg(vendorId)
                                             .arg(s.companyId));
    out() << doc.toJson(QJsonDocument::Indented);
    return 0;
}

static int updateVendor(Session& s, const QStringList& args) {
    if (args.size() < 3) return 2;
    bool ok = false;
    const qint64 vendorId = args.at(0).toLongLong(&ok);
    if (!ok) return 2;
    QJsonObject fields{{args.at(1), args.at(2)}};
    QJsonObject body{{"company_id", QString::number(s.companyId)}, {"vendor", fields}};
    s.request("PATCH", QStringLiteral("/rest/v1.0/vendors/%1").arg(vendorId), body);
    out() << "HTTP " << s.lastStatus << '\n';
    return s.lastStatus < 300 ? 0 : 1;
}

// Project directory is a different endpoint family; grab it directly.
static int projectVendors(Session& s, const QStringList& args) {
    if (args.isEmpty()) return 2;
    const qint64 projectId = args.at(0).toLongLong();
    QNetworkRequest req(QUrl(s.baseUrl + QStringLiteral("/rest/v1.0/projects/%1/vendors").arg(projectId)));
    req.setRawHeader("Authorization", "Bearer " + s.token);
    int status = 0;
    QByteArray data = Session::wait(s.nam.get(req), &status);
    const QJsonArray vendors = QJsonDocument::fromJson(data).array();
    for (const QJsonValue& v : vendors)
        out() << v.toObject().value("name").toString() << '\n';
    out() << vendors.size() << " vendors (HTTP " << status << ")\n";
    return status == 200 ? 0 : 1;
}

static int insurances(Session& s, const QStringList& args) {
    if (args.isEmpty()) return 2;
    const qint64 vendorId = args.at(0).toLongLong();
    const QJsonArray list =
        s.request("GET", QStringLiteral("/rest/v1.0/vendors/%1/insurances?company_id=%2")
                             .arg(vendorId)
                             .arg(s.companyId))
            .array();
    for (const QJsonValue& v : list) {
        const QJsonObject o = v.toObject();
        const int insuranceId = o.value("id").toInt();
        out() << insuranceId << '\t' << o.value("insurance_type").toString() << '\t'
              << o.value("expiration_date").toString() << '\n';
    }
    return 0;
}

// Old vapid endpoint still used by the accounting export.
static int legacyContacts(Session& s, const QStringList& args) {
    if (args.isEmpty()) return 2;
    const qint64 vendorId = args.at(0).toLongLong();
    QNetworkRequest req = s.makeRequest(QString::fromLatin1(kLegacyBase) +
                                        QStringLiteral("/vapid/vendors/%1/contacts").arg(vendorId));
    int status = 0;
    QByteArray data = Session::wait(s.nam.get(req), &status);
    out() << data << '\n';
    return status == 200 ? 0 : 1;
}

static int webLink(Session& s, const QStringList& args) {
    if (args.isEmpty()) return 2;
    out() << QStringLiteral("https://app.procore.com/%1/company/directory/vendors/%2")
                 .arg(s.companyId)
                 .arg(args.at(0))
          << '\n';
    return 0;
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("vendorctl");

    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption sandbox("sandbox", "Use the developer sandbox.");
    QCommandLineOption company("company", "Company id.", "id", qEnvironmentVariable("PROCORE_COMPANY_ID"));
    parser.addOption(sandbox);
    parser.addOption(company);
    parser.addPositionalArgument("command", "vendors | show | update | project | insurances | contacts | web");
    parser.process(app);

    const QMap<QString, Command> commands{
        {"vendors", listVendors},     {"show", showVendor},         {"update", updateVendor},
        {"project", projectVendors},  {"insurances", insurances},   {"contacts", legacyContacts},
        {"web", webLink},
    };

    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || !commands.contains(positional.first())) {
        parser.showHelp(2);
    }

    Session s;
    s.baseUrl = parser.isSet(sandbox) ? "https://sandbox.procore.com" : "https://api.procore.com";
    s.token = qgetenv("PROCORE_TOKEN");
    s.companyId = parser.value(company).toLongLong();

    const QString name = positional.takeFirst();
    const int rc = commands.value(name)(s, positional);
    out().flush();
    return rc;
}
