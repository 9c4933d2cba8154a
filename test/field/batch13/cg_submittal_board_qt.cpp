// submittal-board: Qt helper behind the site-office "Submittals" wall screen.
// Talks to the monthly sandbox while the board is piloted.
// Namespace OpenAPI is generated (openapi-generator 7.1.0, cpp-qt-client, trimmed);
// everything after "hand-written" is ours.
#include <QCoreApplication>
#include <QEventLoop>
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

namespace OpenAPI {

struct ApiConfiguration {
    QString basePath = QStringLiteral("https://api-monthly.procore.com");
    QMap<QString, QString> defaultHeaders;
    QString accessToken;
    qint64 companyId = 0;
};

struct OperationDef {
    const char* operationId;
    const char* method;
    const char* pathTemplate;
    bool needsCompanyHeader;
};

static const OperationDef kOperations[] = {
    {"listSubmittals", "GET", "/rest/v1.1/projects/{project_id}/submittals", true},
    {"showSubmittal", "GET", "/rest/v1.1/projects/{project_id}/submittals/{id}", true},
    {"updateSubmittal", "PATCH", "/rest/v1.1/projects/{project_id}/submittals/{id}", true},
};

class OAISubmittal {
public:
    void fromJsonObject(const QJsonObject& json) {
        m_id = json.value("id").toVariant().toLongLong();
        m_number = json.value("number").toString();
        m_title = json.value("title").toString();
        m_status = json.value("status").toObject().value("name").toString();
        m_revision = json.value("revision").toString().toInt();
        const QJsonObject rc = json.value("responsible_contractor").toObject();
        m_responsible_contractor_id = rc.value("id").toInt();
    }
    QJsonObject asJsonObject() const {
        QJsonObject o;
        o.insert("title", m_title);
        if (m_responsible_contractor_id != 0)
            o.insert("responsible_contractor_id", QString::number(m_responsible_contractor_id));
        return o;
    }
    qint64 m_id = 0;
    QString m_number;
    QString m_title;
    QString m_status;
    int m_revision = 0;
    qint64 m_responsible_contractor_id = 0;
};

class ApiClient {
public:
    ApiClient(ApiConfiguration cfg, QNetworkAccessManager* nam) : m_cfg(std::move(cfg)), m_nam(nam) {}

    QNetworkReply* callApi(const OperationDef& op, const QMap<QString, QString>& pathParams,
                           const QUrlQuery& query, const QByteArray& body = {}) {
        QString path = QString::fromLatin1(op.pathTemplate);
        for (auto it = pathParams.cbegin(); it != pathParams.cend(); ++it)
            path.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value());
        QUrl url(m_cfg.basePath + path);
        url.setQuery(query);
        QNetworkRequest req(url);
        for (auto it = m_cfg.defaultHeaders.cbegin(); it != m_cfg.defaultHeaders.cend(); ++it)
            req.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
        req.setRawHeader("Authorization", "Bearer " + m_cfg.accessToken.toUtf8());
        if (op.needsCompanyHeader)
            req.setRawHeader("Procore-Company-Id", QByteArray::number(m_cfg.companyId));
        const QByteArray method(op.method);
        if (method == "GET")
            return m_nam->get(req);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return m_nam->sendCustomRequest(req, method, body);
    }

private:
    ApiConfiguration m_cfg;
    QNetworkAccessManager* m_nam;
};

}  // namespace OpenAPI

// ------------------------------------------------------------------ hand-written
namespace {

const QString kLoginBase = QStringLiteral("https://login-sandbox-monthly.procore.com");
const QString kTokenInfoUrl = QStringLiteral("https://api-monthly.procore.com/oauth/token/info");

QByteArray waitFor(QNetworkReply* reply, int* httpStatus = nullptr) {
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (httpStatus) *httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->readAll();
    reply->deleteLater();
    return data;
}

QString fetchToken(QNetworkAccessManager& nam) {
    QUrlQuery form;
    form.addQueryItem("grant_type", "refresh_token");
    form.addQueryItem("client_id", qEnvironmentVariable("PROCORE_CLIENT_ID"));
    form.addQueryItem("client_secret", qEnvironmentVariable("PROCORE_CLIENT_SECRET"));
    form.addQueryItem("refresh_token", qEnvironmentVariable("PROCORE_REFRESH_TOKEN"));
    QNetworkRequest req(QUrl(kLoginBase + "/oauth/token"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    const QByteArray data = waitFor(nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8()));
    return QJsonDocument::fromJson(data).object().value("access_token").toString();
}

int tokenSecondsLeft(QNetworkAccessManager& nam, const QString& token) {
    QNetworkRequest req{QUrl(kTokenInfoUrl)};
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    const QJsonObject info = QJsonDocument::fromJson(waitFor(nam.get(req))).object();
    return info.value("expires_in_seconds").toInt();
}

// The generator skipped the company directory, so vendors are fetched by hand.
QMap<qint64, QString> fetchVendorNames(QNetworkAccessManager& nam, const QString& token,
                                       qint64 companyId) {
    QUrl url(QStringLiteral("https://api-monthly.procore.com/rest/v1.0/companies/%1/vendors")
                 .arg(companyId));
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    req.setRawHeader("Procore-CompanyId", QByteArray::number(companyId));
    QMap<qint64, QString> names;
    const QJsonArray arr = QJsonDocument::fromJson(waitFor(nam.get(req))).array();
    for (const QJsonValue& v : arr)
        names.insert(v["id"].toVariant().toLongLong(), v["name"].toString());
    return names;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        out << "usage: submittal-board <project_id> [submittal_id new_title]\n";
        return 64;
    }

    QNetworkAccessManager nam;
    OpenAPI::ApiConfiguration cfg;
    cfg.accessToken = fetchToken(nam);
    cfg.companyId = qEnvironmentVariable("PROCORE_COMPANY_ID").toLongLong();
    cfg.defaultHeaders.insert("Accept", "application/json");
    if (tokenSecondsLeft(nam, cfg.accessToken) < 300) out << "warning: token close to expiry\n";

    OpenAPI::ApiClient api(cfg, &nam);
    const qint64 projectId = args.at(0).toLongLong();
    const QString pid = QString::number(projectId);

    if (args.size() >= 3) {
        int submittalId = args.at(1).toInt();
        int status = 0;
        QJsonObject one = QJsonDocument::fromJson(waitFor(api.callApi(
            OpenAPI::kOperations[1], {{"project_id", pid}, {"id", QString::number(submittalId)}}, {}))).object();
        OpenAPI::OAISubmittal s;
        s.fromJsonObject(one);
        s.m_title = args.at(2);
        const QByteArray body = QJsonDocument(QJsonObject{{"submittal", s.asJsonObject()}}).toJson();
        waitFor(api.callApi(OpenAPI::kOperations[2], {{"project_id", pid}, {"id", QString::number(s.m_id)}},
                            {}, body), &status);
        out << "update " << s.m_number << ": HTTP " << status << "\n";
        return status == 200 ? 0 : 1;
    }

    const auto vendors = fetchVendorNames(nam, cfg.accessToken, cfg.companyId);
    QUrlQuery q;
    q.addQueryItem("filters[status_id]", "open");
    q.addQueryItem("per_page", "300");
    const QJsonArray list =
        QJsonDocument::fromJson(waitFor(api.callApi(OpenAPI::kOperations[0], {{"project_id", pid}}, q))).array();
    int overdue = 0;
    for (const QJsonValue& v : list) {
        OpenAPI::OAISubmittal s;
        s.fromJsonObject(v.toObject());
        out << s.m_number << "\t" << s.m_title << "\t" << s.m_status << "\t"
            << vendors.value(s.m_responsible_contractor_id, "-") << "\n";
        if (v["overdue"].toBool()) ++overdue;
    }
    out << overdue << " overdue; board: https://app.procore.com/" << cfg.companyId
        << "/project/submittals?project_id=" << projectId << "\n";
    return 0;
}
