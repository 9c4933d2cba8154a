// docsync: mirrors the nightly CAD export folder into a Procore project's
// Documents tool. Headless Qt (no moc), blocking calls via a local QEventLoop.
#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QUrl>
#include <QUrlQuery>

#include <memory>
#include <utility>
#include <vector>

namespace docsync {

struct HttpCall {
    QByteArray verb = "GET";
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    void header(const QByteArray& k, const QByteArray& v) { headers.append(qMakePair(k, v)); }
};

struct HttpResult {
    int status = 0;
    QByteArray body;
};

class IHttpTransport {
public:
    virtual ~IHttpTransport() = default;
    virtual HttpResult execute(HttpCall& call) = 0;
};

class IRequestDecorator {
public:
    virtual ~IRequestDecorator() = default;
    virtual void apply(HttpCall& call) = 0;
};

class ITokenProvider {
public:
    virtual ~ITokenProvider() = default;
    virtual QByteArray bearer() = 0;
};

class IConfig {
public:
    virtual ~IConfig() = default;
    virtual QString oauthBase() const = 0;
    virtual QString apiBase() const = 0;
    virtual qint64 companyId() const = 0;
    virtual qint64 projectId() const = 0;
    virtual QString exportDir() const = 0;
    virtual QString value(const QString& key) const = 0;
};

static const char* const kDefaultOAuthBase = "https://api.procore.com";
static const char* const kDefaultApiBase = "https://api.procore.com";

class EnvConfig final : public IConfig {
public:
    EnvConfig() : env_(QProcessEnvironment::systemEnvironment()) {}
    QString oauthBase() const override { return env_.value("DOCSYNC_OAUTH_BASE", kDefaultOAuthBase); }
    QString apiBase() const override { return env_.value("DOCSYNC_API_BASE", kDefaultApiBase); }
    qint64 companyId() const override { return env_.value("DOCSYNC_COMPANY_ID").toLongLong(); }
    qint64 projectId() const override { return env_.value("DOCSYNC_PROJECT_ID").toLongLong(); }
    QString exportDir() const override { return env_.value("DOCSYNC_EXPORT_DIR", "/srv/cad/export"); }
    QString value(const QString& key) const override { return env_.value(key); }
private:
    QProcessEnvironment env_;
};

class QtTransport final : public IHttpTransport {
public:
    HttpResult execute(HttpCall& call) override {
        QNetworkRequest req(call.url);
        for (const auto& h : call.headers) req.setRawHeader(h.first, h.second);
        QNetworkReply* reply = nullptr;
        if (call.verb == "GET")
            reply = nam_.get(req);
        else if (call.verb == "POST")
            reply = nam_.post(req, call.body);
        else
            reply = nam_.sendCustomRequest(req, call.verb, call.body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        HttpResult out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        reply->deleteLater();
        return out;
    }
private:
    QNetworkAccessManager nam_;
};

class RetryTransport final : public IHttpTransport {
public:
    RetryTransport(std::shared_ptr<IHttpTransport> inner, int attempts) : inner_(std::move(inner)), attempts_(attempts) {}
    HttpResult execute(HttpCall& call) override {
        HttpResult r;
        for (int i = 0; i < attempts_; ++i) {
            r = inner_->execute(call);
            if (r.status != 429 && r.status < 500) break;
            qWarning() << "retrying" << call.url.path() << "status" << r.status;
        }
        return r;
    }
private:
    std::shared_ptr<IHttpTransport> inner_;
    int attempts_;
};

class DecoratedTransport final : public IHttpTransport {
public:
    DecoratedTransport(std::shared_ptr<IHttpTransport> inner, std::vector<std::shared_ptr<IRequestDecorator>> chain)
        : inner_(std::move(inner)), chain_(std::move(chain)) {}
    HttpResult execute(HttpCall& call) override {
        for (auto& d : chain_) d->apply(call);
        return inner_->execute(call);
    }
private:
    std::shared_ptr<IHttpTransport> inner_;
    std::vector<std::shared_ptr<IRequestDecorator>> chain_;
};

class RefreshingTokenProvider final : public ITokenProvider {
public:
    RefreshingTokenProvider(std::shared_ptr<IHttpTransport> raw, std::shared_ptr<IConfig> cfg)
        : raw_(std::move(raw)), cfg_(std::move(cfg)) {}
    QByteArray bearer() override {
        if (!token_.isEmpty()) return token_;
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", cfg_->value("DOCSYNC_REFRESH_TOKEN"));
        form.addQueryItem("client_id", cfg_->value("DOCSYNC_CLIENT_ID"));
        form.addQueryItem("client_secret", cfg_->value("DOCSYNC_CLIENT_SECRET"));
        HttpCall call;
        call.verb = "POST";
        call.url = QUrl(cfg_->oauthBase() + "/oauth/token");
        call.header("Content-Type", "application/x-www-form-urlencoded");
        call.body = form.toString(QUrl::FullyEncoded).toUtf8();
        HttpResult r = raw_->execute(call);
        token_ = QJsonDocument::fromJson(r.body).object().value("access_token").toString().toUtf8();
        return token_;
    }
private:
    std::shared_ptr<IHttpTransport> raw_;
    std::shared_ptr<IConfig> cfg_;
    QByteArray token_;
};

class BearerDecorator final : public IRequestDecorator {
public:
    explicit BearerDecorator(std::shared_ptr<ITokenProvider> t) : tokens_(std::move(t)) {}
    void apply(HttpCall& call) override { call.header("Authorization", "Bearer " + tokens_->bearer()); }
private:
    std::shared_ptr<ITokenProvider> tokens_;
};

class ProcoreCompanyHeader final : public IRequestDecorator {
public:
    explicit ProcoreCompanyHeader(std::shared_ptr<IConfig> cfg) : cfg_(std::move(cfg)) {}
    void apply(HttpCall& call) override {
        call.header("Procore-Company-Id", QByteArray::number(cfg_->companyId()));
    }
private:
    std::shared_ptr<IConfig> cfg_;
};

// Tenant routing header understood by the old on-prem upload proxy.
class LegacyTenantHeader final : public IRequestDecorator {
public:
    explicit LegacyTenantHeader(std::shared_ptr<IConfig> cfg) : cfg_(std::move(cfg)) {}
    void apply(HttpCall& call) override { call.header("Company-Id", QByteArray::number(cfg_->companyId())); }
private:
    std::shared_ptr<IConfig> cfg_;
};

class FolderIndex {
public:
    FolderIndex(std::shared_ptr<IHttpTransport> api, std::shared_ptr<IConfig> cfg) : api_(std::move(api)), cfg_(std::move(cfg)) {}
    qint64 folderFor(const QString& name) {
        if (ids_.isEmpty()) load();
        return ids_.value(name, 0);
    }
private:
    void load() {
        HttpCall call;
        call.url = QUrl(cfg_->apiBase() + "/rest/v1.0/folders");
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(cfg_->projectId()));
        call.url.setQuery(q);
        const HttpResult r = api_->execute(call);
        const QJsonArray folders = QJsonDocument::fromJson(r.body).object().value("folders").toArray();
        for (const QJsonValue& f : folders)
            ids_.insert(f.toObject().value("name").toString(), f.toObject().value("id").toInt());
    }
    std::shared_ptr<IHttpTransport> api_;
    std::shared_ptr<IConfig> cfg_;
    QHash<QString, qint64> ids_;
};

class Uploader {
public:
    Uploader(std::shared_ptr<IHttpTransport> api, std::shared_ptr<IHttpTransport> storage, std::shared_ptr<IConfig> cfg)
        : api_(std::move(api)), storage_(std::move(storage)), cfg_(std::move(cfg)) {}

    qint64 upload(const QFileInfo& file, qint64 folderId) {
        QFile f(file.absoluteFilePath());
        if (!f.open(QIODevice::ReadOnly)) return 0;
        const QString base = cfg_->apiBase() + "/rest/v1.0/";

        HttpCall create;
        create.verb = "POST";
        create.url = QUrl(base + QString("projects/%1/uploads").arg(cfg_->projectId()));
        create.header("Content-Type", "application/json");
        create.body = QJsonDocument(QJsonObject{{"response_filename", file.fileName()}}).toJson(QJsonDocument::Compact);
        const QJsonObject upload = QJsonDocument::fromJson(api_->execute(create).body).object();

        HttpCall put;  // presigned storage URL, no Procore headers
        put.verb = "PUT";
        put.url = QUrl(upload.value("url").toString());
        put.body = f.readAll();
        storage_->execute(put);

        HttpCall attach;
        attach.verb = "POST";
        attach.url = QUrl(base + "files?project_id=" + QString::number(cfg_->projectId()));
        attach.header("Content-Type", "application/json");
        QJsonObject meta{{"name", file.fileName()}, {"parent_id", folderId}, {"upload_uuid", upload.value("uuid")}};
        attach.body = QJsonDocument(QJsonObject{{"file", meta}}).toJson(QJsonDocument::Compact);
        const HttpResult r = api_->execute(attach);
        return QJsonDocument::fromJson(r.body).object().value("id").toVariant().toLongLong();
    }
private:
    std::shared_ptr<IHttpTransport> api_;
    std::shared_ptr<IHttpTransport> storage_;
    std::shared_ptr<IConfig> cfg_;
};

}  // namespace docsync

int main(int argc, char** argv) {
    using namespace docsync;
    QCoreApplication app(argc, argv);

    // composition root
    auto config = std::make_shared<EnvConfig>();
    auto raw = std::make_shared<QtTransport>();
    auto retrying = std::make_shared<RetryTransport>(raw, 3);
    auto tokens = std::make_shared<RefreshingTokenProvider>(raw, config);
    auto bearer = std::make_shared<BearerDecorator>(tokens);
    using Chain = std::vector<std::shared_ptr<IRequestDecorator>>;
    auto api = std::make_shared<DecoratedTransport>(retrying, Chain{bearer, std::make_shared<ProcoreCompanyHeader>(config)});
    // uploads still use the tenant-aware chain from the proxy days
    auto uploadApi = std::make_shared<DecoratedTransport>(retrying, Chain{bearer, std::make_shared<LegacyTenantHeader>(config)});

    FolderIndex folders(api, config);
    Uploader uploader(uploadApi, raw, config);

    int uploaded = 0;
    const QDir root(config->exportDir());
    for (const QFileInfo& sub : root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const qint64 folderId = folders.folderFor(sub.fileName());
        if (folderId == 0) continue;
        for (const QFileInfo& pdf : QDir(sub.absoluteFilePath()).entryInfoList({"*.pdf"}, QDir::Files)) {
            if (uploader.upload(pdf, folderId) != 0) ++uploaded;
        }
    }
    qInfo().noquote() << uploaded << "files synced; see"
                      << QString("https://app.procore.com/%1/project/home").arg(config->projectId());
    return 0;
}
