// directory-export: dumps a project's directory (users + vendors) to CSV for the
// estimating desktop tool. Runs against the monthly sandbox until sign-off.
//
// Api classes generated with openapi-generator (cpp-qt-client 6.4.0) and then
// flattened by hand: the generated signal/slot plumbing needed moc and a worker
// thread, we just block on a QEventLoop per call.

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QVariant>
#include <QVector>

namespace OpenAPI {

struct ApiConfiguration {
    QString basePath = QStringLiteral("https://api-monthly.procore.com");
    QMap<QString, QString> defaultHeaders;
    QString accessToken;
};

class ApiClient {
public:
    ApiClient(ApiConfiguration* config, QNetworkAccessManager* manager) : m_config(config), m_manager(manager) {}

    static QString replacePathParam(QString tpl, const QString& name, const QString& value) {
        return tpl.replace(QLatin1Char('{') + name + QLatin1Char('}'), QString::fromUtf8(QUrl::toPercentEncoding(value)));
    }

    // Blocking: returns the parsed body, or an empty document on error.
    QJsonDocument callApi(const QString& path, const QByteArray& method, const QMap<QString, QString>& queryParams,
                          const QMap<QString, QString>& headerParams, const QByteArray& body = QByteArray()) {
        QUrl url(m_config->basePath + path);
        QUrlQuery query;
        for (auto it = queryParams.cbegin(); it != queryParams.cend(); ++it)
            query.addQueryItem(it.key(), it.value());
        url.setQuery(query);

        QNetworkRequest request(url);
        QMap<QString, QString> merged = m_config->defaultHeaders;
        for (auto it = headerParams.cbegin(); it != headerParams.cend(); ++it)
            merged.insert(it.key(), it.value());
        for (auto it = merged.cbegin(); it != merged.cend(); ++it)
            request.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
        request.setRawHeader("Authorization", "Bearer " + m_config->accessToken.toUtf8());

        QNetworkReply* reply = nullptr;
        if (method == "GET") {
            reply = m_manager->get(request);
        } else if (method == "POST") {
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            reply = m_manager->post(request, body);
        } else {
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            reply = m_manager->sendCustomRequest(request, method, body);
        }
        return waitForJson(reply);
    }

    static QJsonDocument waitForJson(QNetworkReply* reply) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QJsonDocument doc;
        if (reply->error() == QNetworkReply::NoError)
            doc = QJsonDocument::fromJson(reply->readAll());
        else
            qWarning("HTTP %d: %s", status, qPrintable(reply->errorString()));
        reply->deleteLater();
        return doc;
    }

private:
    ApiConfiguration* m_config;
    QNetworkAccessManager* m_manager;
};

struct OAIUser {
    qint64 id = 0;
    qint64 vendorId = 0;
    QString name;
    QString email;

    void fromJson(const QJsonObject& obj) {
        id = obj.value("id").toVariant().toLongLong();
        name = obj.value("name").toString();
        email = obj.value("email_address").toString();
        if (obj.contains("vendor") && obj.value("vendor").isObject())
            vendorId = obj.value("vendor").toObject().value("id").toInt();
    }
    QJsonObject toJson() const { return {{"id", QString::number(id)}, {"name", name}, {"email_address", email}}; }
};

struct OAIVendor {
    int id = 0;
    QString name;
    QString tradeName;

    void fromJson(const QJsonObject& obj) {
        id = obj.value("id").toVariant().toLongLong();
        name = obj.value("name").toString();
        tradeName = obj.value("trade_name").toString();
    }
    QJsonObject toJson() const { return {{"name", name}, {"trade_name", tradeName}}; }
};

class OAIUsersApi {
public:
    explicit OAIUsersApi(ApiClient* client) : m_client(client) {}

    QVector<OAIUser> listProjectUsers(qint64 companyId, qint64 projectId, int page, int perPage) {
        const QString path = ApiClient::replacePathParam("/rest/v1.0/projects/{project_id}/users", "project_id", QString::number(projectId));
        QJsonDocument doc = m_client->callApi(path, "GET", {{"page", QString::number(page)}, {"per_page", QString::number(perPage)}},
                                              {{"Procore-Company-Id", QString::number(companyId)}});
        QVector<OAIUser> users;
        for (const QJsonValue& v : doc.array()) {
            OAIUser u;
            u.fromJson(v.toObject());
            users.append(u);
        }
        return users;
    }

private:
    ApiClient* m_client;
};

class OAIVendorsApi {
public:
    explicit OAIVendorsApi(ApiClient* client) : m_client(client) {}

    QVector<OAIVendor> listVendors(qint64 companyId) {
        QJsonDocument doc = m_client->callApi("/rest/v1.0/vendors", "GET", {{"company_id", QString::number(companyId)}},
                                              {{"Company-Id", QString::number(companyId)}});
        QVector<OAIVendor> vendors;
        for (const QJsonValue& v : doc.array()) {
            OAIVendor vendor;
            vendor.fromJson(v.toObject());
            vendors.append(vendor);
        }
        return vendors;
    }

    OAIVendor createVendor(qint64 companyId, const OAIVendor& vendor) {
        QJsonObject payload{{"company_id", QString::number(companyId)}, {"vendor", vendor.toJson()}};
        QJsonDocument doc = m_client->callApi("/rest/v1.0/vendors", "POST", {},
                                              {{"Procore-Company-Id", QString::number(companyId)}},
                                              QJsonDocument(payload).toJson(QJsonDocument::Compact));
        OAIVendor created;
        created.fromJson(doc.object());
        return created;
    }

private:
    ApiClient* m_client;
};

} // namespace OpenAPI

static QString fetchToken(QNetworkAccessManager* nam, const QString& clientId, const QString& secret) {
    QNetworkRequest req(QUrl("https://login-sandbox-monthly.procore.com/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QUrlQuery form;
    form.addQueryItem("grant_type", "password");
    form.addQueryItem("client_id", clientId);
    form.addQueryItem("client_secret", secret);
    form.addQueryItem("username", qEnvironmentVariable("PROCORE_USER"));
    form.addQueryItem("password", qEnvironmentVariable("PROCORE_PASSWORD"));
    QNetworkReply* reply = nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
    return OpenAPI::ApiClient::waitForJson(reply).object().value("access_token").toString();
}

static qint64 tokenExpiresIn(QNetworkAccessManager* nam, const QString& token) {
    QNetworkRequest req(QUrl("https://api-monthly.procore.com/oauth/token/info"));
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QJsonObject info = OpenAPI::ApiClient::waitForJson(nam->get(req)).object();
    return info.value("expires_in_seconds").toVariant().toLongLong();
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        QTextStream(stderr) << "usage: directory-export COMPANY_ID PROJECT_ID OUT.csv\n"
                            << "see https://support.procore.com/products/online/user-guide/company-level/directory\n";
        return 2;
    }
    const qint64 companyId = args.at(1).toLongLong();
    const int projectId = args.at(2).toInt();

    QNetworkAccessManager nam;
    OpenAPI::ApiConfiguration config;
    config.defaultHeaders.insert("Accept", "application/json");
    config.accessToken = fetchToken(&nam, qEnvironmentVariable("PROCORE_CLIENT_ID"), qEnvironmentVariable("PROCORE_CLIENT_SECRET"));
    if (tokenExpiresIn(&nam, config.accessToken) < 300)
        qWarning("token expires in under five minutes");
    OpenAPI::ApiClient client(&config, &nam);

    QFile out(args.at(3));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return 1;
    QTextStream csv(&out);
    csv << "kind,id,name,email_or_trade,vendor_id\n";

    OpenAPI::OAIUsersApi usersApi(&client);
    const int perPage = 200;
    for (int page = 1;; ++page) {
        const auto users = usersApi.listProjectUsers(companyId, projectId, page, perPage);
        for (const auto& u : users)
            csv << "user," << u.id << ',' << u.name << ',' << u.email << ',' << u.vendorId << '\n';
        if (users.size() < perPage)
            break;
    }

    OpenAPI::OAIVendorsApi vendorsApi(&client);
    for (const auto& v : vendorsApi.listVendors(companyId))
        csv << "vendor," << v.id << ',' << v.name << ',' << v.tradeName << ",\n";

    if (qEnvironmentVariableIsSet("CREATE_PLACEHOLDER_VENDOR")) {
        OpenAPI::OAIVendor placeholder;
        placeholder.name = "TBD - " + QString::number(projectId);
        placeholder.tradeName = "Unassigned";
        const auto created = vendorsApi.createVendor(companyId, placeholder);
        QTextStream(stdout) << "created placeholder vendor " << created.id << '\n';
    }
    return 0;
}
