// rfi_inbox.cpp - RFI inbox dock for the markup desktop app (Qt 5.15).
// Talks to the Procore developer sandbox until the app is approved for the
// marketplace; ProcoreEndpoints.h will switch it to production later.

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtCore/QVector>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>
#include <memory>

namespace markup {

class RfiInbox {
    struct Impl;
    std::unique_ptr<Impl> impl_;

public:
    struct Rfi {
        qint64 id = 0;
        QString number;
        QString subject;
        QString status;
        qint64 assigneeId = 0;
    };
    struct Company {
        qint64 id = 0;
        QString name;
    };

    explicit RfiInbox(QNetworkAccessManager* nam);
    ~RfiInbox();

    void setTokens(const QString& access, const QString& refresh);
    void refreshSession(const QString& clientId, std::function<void(bool)> done);
    void setContext(qint64 companyId, qint64 projectId);

    void loadCompanies(std::function<void(QVector<Company>)> done);
    void loadOpenRfis(int page, std::function<void(QVector<Rfi>)> done);
    void loadRfi(qint64 rfiId, std::function<void(Rfi, QString question)> done);
    void postReply(qint64 rfiId, const QString& body, std::function<void(bool)> done);
    void signOut(std::function<void()> done);

    QString cachedSubject(qint64 rfiId) const;
    QUrl browserUrl(qint64 rfiId) const;
};

static const char kLoginBase[] = "https://login-sandbox.procore.com";
static const char kApiBase[] = "https://sandbox.procore.com";

struct RfiInbox::Impl {
    QNetworkAccessManager* nam = nullptr;
    QByteArray accessToken;
    QByteArray refreshToken;
    qint64 companyId = 0;
    qint64 projectId = 0;
    QHash<int, QString> subjects;

    QNetworkRequest apiRequest(const QString& path, const QUrlQuery& query = {}) const {
        QUrl url(QString::fromLatin1(kApiBase) + path);
        if (!query.isEmpty()) url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + accessToken);
        req.setRawHeader("Accept", "application/json");
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId));
        return req;
    }

    static QJsonDocument readJson(QNetworkReply* reply, bool* ok) {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        *ok = reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
        return QJsonDocument::fromJson(reply->readAll());
    }

    static Rfi parseRfi(const QJsonObject& o) {
        Rfi r;
        r.id = o.value(QStringLiteral("id")).toVariant().toLongLong();
        r.number = o.value(QStringLiteral("number")).toString();
        r.subject = o.value(QStringLiteral("subject")).toString();
        r.status = o.value(QStringLiteral("status")).toString();
        const QJsonObject assignee = o.value(QStringLiteral("assignee")).toObject();
        r.assigneeId = assignee.value(QStringLiteral("id")).toVariant().toLongLong();
        return r;
    }
};

RfiInbox::RfiInbox(QNetworkAccessManager* nam) : impl_(std::make_unique<Impl>()) { impl_->nam = nam; }
RfiInbox::~RfiInbox() = default;

void RfiInbox::setTokens(const QString& access, const QString& refresh) {
    impl_->accessToken = access.toUtf8();
    impl_->refreshToken = refresh.toUtf8();
}

void RfiInbox::refreshSession(const QString& clientId, std::function<void(bool)> done) {
    QNetworkRequest req(QUrl(QString::fromLatin1(kLoginBase) + QStringLiteral("/oauth/token")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("client_id"), clientId);
    form.addQueryItem(QStringLiteral("refresh_token"), QString::fromUtf8(impl_->refreshToken));
    QNetworkReply* reply = impl_->nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
    Impl* d = impl_.get();
    QObject::connect(reply, &QNetworkReply::finished, [reply, d, done] {
        bool ok = false;
        const QJsonObject o = Impl::readJson(reply, &ok).object();
        if (ok) {
            d->accessToken = o.value(QStringLiteral("access_token")).toString().toUtf8();
            d->refreshToken = o.value(QStringLiteral("refresh_token")).toString().toUtf8();
        }
        done(ok);
    });
}

void RfiInbox::setContext(qint64 companyId, qint64 projectId) {
    impl_->companyId = companyId;
    impl_->projectId = projectId;
    impl_->subjects.clear();
}

void RfiInbox::loadCompanies(std::function<void(QVector<Company>)> done) {
    QNetworkRequest req(QUrl(QString::fromLatin1(kApiBase) + QStringLiteral("/rest/v1.0/companies")));
    req.setRawHeader("Authorization", "Bearer " + impl_->accessToken);
    QNetworkReply* reply = impl_->nam->get(req);
    QObject::connect(reply, &QNetworkReply::finished, [reply, done] {
        bool ok = false;
        const QJsonArray arr = Impl::readJson(reply, &ok).array();
        QVector<Company> out;
        for (const QJsonValue& v : arr) {
            const QJsonObject o = v.toObject();
            out.push_back({o.value(QStringLiteral("id")).toVariant().toLongLong(),
                           o.value(QStringLiteral("name")).toString()});
        }
        done(ok ? out : QVector<Company>{});
    });
}

void RfiInbox::loadOpenRfis(int page, std::function<void(QVector<Rfi>)> done) {
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("filters[status]"), QStringLiteral("open"));
    q.addQueryItem(QStringLiteral("page"), QString::number(page));
    q.addQueryItem(QStringLiteral("per_page"), QStringLiteral("50"));
    const QString path = QStringLiteral("/rest/v1.0/projects/%1/rfis").arg(impl_->projectId);
    QNetworkReply* reply = impl_->nam->get(impl_->apiRequest(path, q));
    Impl* d = impl_.get();
    QObject::connect(reply, &QNetworkReply::finished, [reply, d, done] {
        bool ok = false;
        QVector<Rfi> out;
        for (const QJsonValue& v : Impl::readJson(reply, &ok).array()) {
            Rfi r = Impl::parseRfi(v.toObject());
            d->subjects.insert(r.id, r.subject);
            out.push_back(r);
        }
        done(out);
    });
}

void RfiInbox::loadRfi(qint64 rfiId, std::function<void(Rfi, QString)> done) {
    QNetworkRequest req(QUrl(QString::fromLatin1(kApiBase) +
                             QStringLiteral("/rest/v1.0/projects/%1/rfis/%2").arg(impl_->projectId).arg(rfiId)));
    req.setRawHeader("Authorization", "Bearer " + impl_->accessToken);
    req.setRawHeader("Accept", "application/json");
    QNetworkReply* reply = impl_->nam->get(req);
    Impl* d = impl_.get();
    QObject::connect(reply, &QNetworkReply::finished, [reply, d, done] {
        bool ok = false;
        const QJsonObject o = Impl::readJson(reply, &ok).object();
        const int id = o.value(QStringLiteral("id")).toInt();
        Rfi r = Impl::parseRfi(o);
        d->subjects.insert(id, r.subject);
        QString question;
        const QJsonArray questions = o.value(QStringLiteral("questions")).toArray();
        if (!questions.isEmpty())
            question = questions.first().toObject().value(QStringLiteral("plain_text_body")).toString();
        done(r, question);
    });
}

void RfiInbox::postReply(qint64 rfiId, const QString& body, std::function<void(bool)> done) {
    QNetworkRequest req = impl_->apiRequest(
        QStringLiteral("/rest/v1.0/projects/%1/rfis/%2/replies").arg(impl_->projectId).arg(rfiId));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QJsonObject reply{{QStringLiteral("body"), body}};
    const QByteArray payload = QJsonDocument(QJsonObject{{QStringLiteral("reply"), reply}}).toJson();
    QNetworkReply* r = impl_->nam->post(req, payload);
    QObject::connect(r, &QNetworkReply::finished, [r, done] {
        bool ok = false;
        Impl::readJson(r, &ok);
        done(ok);
    });
}

void RfiInbox::signOut(std::function<void()> done) {
    QNetworkRequest req(QUrl(QStringLiteral("https://sandbox.procore.com/oauth/revoke")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("token"), QString::fromUtf8(impl_->accessToken));
    QNetworkReply* reply = impl_->nam->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
    Impl* d = impl_.get();
    QObject::connect(reply, &QNetworkReply::finished, [reply, d, done] {
        reply->deleteLater();
        d->accessToken.clear();
        d->refreshToken.clear();
        done();
    });
}

QString RfiInbox::cachedSubject(qint64 rfiId) const {
    return impl_->subjects.value(static_cast<int>(rfiId));
}

QUrl RfiInbox::browserUrl(qint64 rfiId) const {
    return QUrl(QStringLiteral("https://sandbox.procore.com/%1/project/rfi/show/%2")
                    .arg(impl_->projectId)
                    .arg(rfiId));
}

} // namespace markup
