// punch-desktop (headless core): lists the companies the signed-in user can see,
// picks one, loads its projects and pushes locally captured punch items.
// The OAI* classes follow openapi-generator's cpp-qt-client output (signals
// stripped; we block on a QEventLoop instead).
#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

namespace OpenAPI {

class OAIApiConfiguration {
public:
    OAIApiConfiguration() {
        m_basePath = QProcessEnvironment::systemEnvironment().value(
            QStringLiteral("PROCORE_BASE_PATH"), QStringLiteral("https://sandbox.procore.com"));
    }
    QString basePath() const { return m_basePath; }
    QMap<QString, QString>& defaultHeaders() { return m_defaultHeaders; }
    void setAccessTokenProvider(std::function<QString()> p) { m_tokenProvider = std::move(p); }
    QString accessToken() const { return m_tokenProvider ? m_tokenProvider() : QString(); }

private:
    QString m_basePath;
    QMap<QString, QString> m_defaultHeaders;
    std::function<QString()> m_tokenProvider;
};

class OAIApiClient {
public:
    explicit OAIApiClient(OAIApiConfiguration* cfg) : m_cfg(cfg) {}

    QJsonDocument callApi(const QByteArray& method, const QString& path, const QMap<QString, QString>& queryParams,
                          const QMap<QString, QString>& headerParams, const QByteArray& body) {
        QUrl url(m_cfg->basePath() + path);
        QUrlQuery query;
        for (auto it = queryParams.cbegin(); it != queryParams.cend(); ++it) query.addQueryItem(it.key(), it.value());
        url.setQuery(query);

        QNetworkRequest req(url);
        for (auto it = m_cfg->defaultHeaders().cbegin(); it != m_cfg->defaultHeaders().cend(); ++it)
            req.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
        for (auto it = headerParams.cbegin(); it != headerParams.cend(); ++it)
            req.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
        req.setRawHeader("Authorization", "Bearer " + m_cfg->accessToken().toUtf8());
        if (!body.isEmpty()) req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));

        QNetworkReply* reply = m_nam.sendCustomRequest(req, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();

        const int httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray payload = reply->readAll();
        reply->deleteLater();
        if (httpStatus >= 400) {
            QTextStream(stderr) << method << " " << path << " -> " << httpStatus << "\n";
            return {};
        }
        return QJsonDocument::fromJson(payload);
    }

private:
    OAIApiConfiguration* m_cfg;
    QNetworkAccessManager m_nam;
};

// ---- models ---------------------------------------------------------------

struct OAIProject {
    qint64 id = 0;
    QString name;
    static OAIProject fromJson(const QJsonObject& o) {
        return {o.value("id").toVariant().toLongLong(), o.value("name").toString()};
    }
};

struct OAIPunchItem {
    qint64 id = 0;
    QString name;
    QString description;
    qint64 assigneeId = 0;

    static OAIPunchItem fromJson(const QJsonObject& o) {
        OAIPunchItem p;
        p.id = o.value("id").toVariant().toLongLong();
        p.name = o.value("name").toString();
        p.description = o.value("description").toString();
        p.assigneeId = o.value("assignee_id").toInt();
        return p;
    }
    QJsonObject toJson(qint64 projectId) const {
        QJsonObject item{{"name", name}, {"description", description}};
        if (assigneeId) item.insert("assignee_id", QString::number(assigneeId));
        return QJsonObject{{"project_id", QString::number(projectId)}, {"punch_item", item}};
    }
};

// ---- APIs -----------------------------------------------------------------

class OAICompaniesApi {
public:
    explicit OAICompaniesApi(OAIApiClient* c) : m_client(c) {}
    QJsonArray listCompanies() {
        return m_client->callApi("GET", "/rest/v1.0/companies", {}, {}, {}).array();
    }
private:
    OAIApiClient* m_client;
};

class OAIProjectsApi {
public:
    explicit OAIProjectsApi(OAIApiClient* c) : m_client(c) {}
    QList<OAIProject> listProjects(qint64 companyId) {
        QMap<QString, QString> queryParams{{"company_id", QString::number(companyId)}, {"per_page", "300"}};
        QList<OAIProject> out;
        for (const auto& v : m_client->callApi("GET", "/rest/v1.0/projects", queryParams, {}, {}).array())
            out.append(OAIProject::fromJson(v.toObject()));
        return out;
    }
private:
    OAIApiClient* m_client;
};

class OAIPunchItemsApi {
public:
    explicit OAIPunchItemsApi(OAIApiClient* c) : m_client(c) {}

    QList<OAIPunchItem> listPunchItems(int projectId) {
        QMap<QString, QString> queryParams{{"project_id", QString::number(projectId)}};
        QList<OAIPunchItem> out;
        for (const auto& v : m_client->callApi("GET", "/rest/v1.0/punch_items", queryParams, {}, {}).array())
            out.append(OAIPunchItem::fromJson(v.toObject()));
        return out;
    }

    OAIPunchItem createPunchItem(qint64 projectId, const OAIPunchItem& item) {
        QString path = QStringLiteral("/rest/v1.0/punch_items");
        const QByteArray body = QJsonDocument(item.toJson(projectId)).toJson(QJsonDocument::Compact);
        return OAIPunchItem::fromJson(m_client->callApi("POST", path, {}, {}, body).object());
    }
private:
    OAIApiClient* m_client;
};

} // namespace OpenAPI

// ---- application --------------------------------------------------------------

static QString checkToken(const QString& token) {
    // Fail fast with a readable message instead of 401s halfway through a push.
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(QStringLiteral("https://sandbox.procore.com/oauth/token/info")));
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QNetworkReply* reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject info = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return info.value("resource_owner_id").toVariant().toString();
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QString token = qEnvironmentVariable("PROCORE_ACCESS_TOKEN");
    out << "signed in as user " << checkToken(token) << "\n";

    OpenAPI::OAIApiConfiguration cfg;
    cfg.setAccessTokenProvider([token] { return token; });
    OpenAPI::OAIApiClient client(&cfg);
    OpenAPI::OAICompaniesApi companiesApi(&client);
    OpenAPI::OAIProjectsApi projectsApi(&client);
    OpenAPI::OAIPunchItemsApi punchApi(&client);

    const QJsonArray companies = companiesApi.listCompanies();
    if (companies.isEmpty()) return 1;
    const qint64 companyId = companies.first().toObject().value("id").toVariant().toLongLong();

    const QList<OpenAPI::OAIProject> projects = projectsApi.listProjects(companyId);
    cfg.defaultHeaders().insert(QStringLiteral("Procore-Company-Id"), QString::number(companyId));
    if (projects.isEmpty()) return 1;
    const OpenAPI::OAIProject& project = projects.first();
    out << "project: " << project.name << "  https://app.procore.com/" << project.id << "/project/home\n";

    const QList<OpenAPI::OAIPunchItem> existing = punchApi.listPunchItems(project.id);
    out << existing.size() << " punch items on server\n";

    OpenAPI::OAIPunchItem draft;
    draft.name = QStringLiteral("Touch-up paint, corridor 3B");
    draft.description = QStringLiteral("Captured offline on tablet");
    draft.assigneeId = existing.isEmpty() ? 0 : existing.first().assigneeId;
    const OpenAPI::OAIPunchItem created = punchApi.createPunchItem(project.id, draft);
    out << "created punch item " << created.id << "\n";
    return 0;
}
