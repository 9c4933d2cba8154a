// EnvProfileManager: backs the "Connect to Procore" page of the plugin's
// settings dialog. Lets the user pick an environment, completes the
// authorization-code exchange and stores the chosen company.

#include <QObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QNetworkReply>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QVector>
#include <QDebug>
#include <functional>

struct EnvProfile {
    const char *key;
    const char *label;
    const char *loginBase;
    const char *apiBase;
};

static const EnvProfile kProfiles[] = {
    {"production", "Production",
     "https://login.procore.com",
     "https://api.procore.com"},
    {"sandbox", "Developer sandbox",
     "https://sandbox.procore.com",
     "https://sandbox.procore.com"},
    {"monthly", "Monthly sandbox",
     "https://login-sandbox-monthly.procore.com",
     "https://api-monthly.procore.com"},
};

struct CompanyChoice {
    long id = 0;
    QString name;
    bool isActive = true;
};

class EnvProfileManager : public QObject
{
public:
    explicit EnvProfileManager(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this))
    {
        selectProfile(QSettings().value("procore/environment", "production").toString());
    }

    void selectProfile(const QString &key)
    {
        m_profile = &kProfiles[0];
        for (const EnvProfile &p : kProfiles) {
            if (key == QLatin1String(p.key))
                m_profile = &p;
        }
    }

    QUrl authorizeUrl(const QString &clientId, const QString &redirectUri) const
    {
        QUrl url(QString::fromLatin1(m_profile->loginBase) + "/oauth/authorize");
        QUrlQuery q;
        q.addQueryItem("response_type", "code");
        q.addQueryItem("client_id", clientId);
        q.addQueryItem("redirect_uri", redirectUri);
        url.setQuery(q);
        return url;
    }

    void exchangeCode(const QString &code, const QString &clientId, const QString &clientSecret,
                      const QString &redirectUri, std::function<void(bool)> done)
    {
        QNetworkRequest req(QUrl(QString::fromLatin1(m_profile->loginBase) + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "authorization_code");
        form.addQueryItem("code", code);
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("client_secret", clientSecret);
        form.addQueryItem("redirect_uri", redirectUri);

        QNetworkReply *reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply, done]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            m_accessToken = o.value("access_token").toString();
            QSettings s;
            s.setValue("procore/refreshToken", o.value("refresh_token").toString());
            s.setValue("procore/environment", QString::fromLatin1(m_profile->key));
            done(!m_accessToken.isEmpty());
        });
    }

    void loadCompanies(std::function<void(const QVector<CompanyChoice> &)> done)
    {
        QNetworkRequest req(QUrl(QString::fromLatin1(m_profile->apiBase) + "/rest/v1.0/companies"));
        req.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [reply, done]() {
            reply->deleteLater();
            QVector<CompanyChoice> list;
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                CompanyChoice c;
                c.id = o.value("id").toInt();
                c.name = o.value("name").toString();
                c.isActive = o.value("is_active").toBool(true);
                list.append(c);
            }
            done(list);
        });
    }

    void chooseCompany(const CompanyChoice &c)
    {
        QSettings s;
        s.setValue("procore/companyId", QVariant::fromValue<qlonglong>(c.id));
        s.setValue("procore/companyName", c.name);
    }

    // Cheap call used by the "Test connection" button.
    void testConnection(qint64 companyId, std::function<void(bool, int)> done)
    {
        QUrl url(QString::fromLatin1(m_profile->apiBase) + "/rest/v1.0/projects");
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(companyId));
        q.addQueryItem("per_page", "1");
        url.setQuery(q);

        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
        QNetworkReply *reply = m_nam->get(req);
        connect(reply, &QNetworkReply::finished, this, [reply, done]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            done(status == 200, status);
        });
    }

    void revoke(const QString &clientId, const QString &clientSecret)
    {
        QNetworkRequest req(QUrl(QString::fromLatin1(m_profile->loginBase) + "/oauth/revoke"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{"client_id", clientId},
                               {"client_secret", clientSecret},
                               {"token", m_accessToken}};
        QNetworkReply *reply = m_nam->post(req, QJsonDocument(body).toJson());
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        m_accessToken.clear();
    }

    QString helpLink() const
    {
        return QStringLiteral("https://developers.procore.com/documentation/oauth-introduction");
    }

private:
    QNetworkAccessManager *m_nam;
    const EnvProfile *m_profile = nullptr;
    QString m_accessToken;
};
