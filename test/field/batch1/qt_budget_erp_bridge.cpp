// BudgetErpBridge: nightly job of the finance plugin. Reads the original
// budget of each job from the ERP and creates the missing budget line items
// in the linked Procore project.

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
#include <QHash>
#include <QDebug>
#include <functional>

#define PROCORE_OAUTH_URL "https://api.procore.com/oauth/token"
#define PROCORE_REST_URL  "https://api.procore.com/rest/v1.0"
#define ERP_DEFAULT_URL   "http://erp-gw.corp.local:8080/finance"

struct ErpCostLine {
    QString costCode;
    QString category;
    double amount = 0.0;
};

class BudgetErpBridge : public QObject
{
public:
    explicit BudgetErpBridge(QObject *parent = nullptr)
        : QObject(parent), m_nam(new QNetworkAccessManager(this))
    {
        QSettings s;
        m_companyId = s.value("procore/company_id").toLongLong();
        m_erpUrl = s.value("erp/url", ERP_DEFAULT_URL).toString();
        m_erpUser = s.value("erp/user").toString();
        m_erpPassword = s.value("erp/password").toString();
        m_clientId = s.value("procore/client_id").toString();
        m_clientSecret = s.value("procore/client_secret").toString();
        m_refreshToken = s.value("procore/refresh_token").toString();

        const QVariantMap jobs = s.value("mapping/jobToProject").toMap();
        for (auto it = jobs.cbegin(); it != jobs.cend(); ++it)
            m_projectByJob.insert(it.key(), it.value().toLongLong());
    }

    void runNightly()
    {
        refresh([this]() {
            for (auto it = m_projectByJob.cbegin(); it != m_projectByJob.cend(); ++it)
                syncJob(it.key(), it.value());
        });
    }

private:
    void refresh(std::function<void()> next)
    {
        QNetworkRequest req{QUrl(PROCORE_OAUTH_URL)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        form.addQueryItem("refresh_token", m_refreshToken);
        QNetworkReply *reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        connect(reply, &QNetworkReply::finished, this, [this, reply, next]() {
            reply->deleteLater();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            m_refreshToken = o.value("refresh_token").toString();
            QSettings().setValue("procore/refresh_token", m_refreshToken);

            m_procoreHeaders.clear();
            m_procoreHeaders.insert("Authorization", "Bearer " + o.value("access_token").toString().toUtf8());
            m_procoreHeaders.insert("Procore-CompanyId", QByteArray::number(static_cast<qlonglong>(m_companyId)));
            m_procoreHeaders.insert("Content-Type", "application/json");
            next();
        });
    }

    QNetworkRequest procoreRequest(const QString &path, const QUrlQuery &query) const
    {
        QUrl url(QStringLiteral(PROCORE_REST_URL) + path);
        url.setQuery(query);
        QNetworkRequest req(url);
        for (auto it = m_procoreHeaders.cbegin(); it != m_procoreHeaders.cend(); ++it)
            req.setRawHeader(it.key(), it.value());
        return req;
    }

    void syncJob(const QString &job, qint64 projectId)
    {
        QNetworkRequest erp(QUrl(QString("%1/jobs/%2/budget").arg(m_erpUrl, job)));
        const QByteArray basic = (m_erpUser + ':' + m_erpPassword).toUtf8().toBase64();
        erp.setRawHeader("Authorization", "Basic " + basic);
        QNetworkReply *reply = m_nam->get(erp);
        connect(reply, &QNetworkReply::finished, this, [this, reply, job, projectId]() {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                qWarning() << "ERP job" << job << reply->errorString();
                return;
            }
            QVector<ErpCostLine> lines;
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject o = v.toObject();
                lines.append({o.value("cost_code").toString(), o.value("category").toString(),
                              o.value("amount").toDouble()});
            }
            loadExisting(projectId, lines);
        });
    }

    void loadExisting(qint64 projectId, const QVector<ErpCostLine> &erpLines)
    {
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId));
        QNetworkReply *reply = m_nam->get(procoreRequest("/budget_line_items", q));
        connect(reply, &QNetworkReply::finished, this, [this, reply, projectId, erpLines]() {
            reply->deleteLater();
            QHash<QString, qint64> existingByCode;
            for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject o = v.toObject();
                const double lineItemId = o.value("id").toDouble();
                existingByCode.insert(o.value("cost_code").toObject().value("full_code").toString(),
                                      lineItemId);
            }
            int created = 0;
            for (const ErpCostLine &l : erpLines) {
                if (existingByCode.contains(l.costCode))
                    continue;
                createLineItem(projectId, l);
                ++created;
            }
            qInfo() << "project" << projectId << ":" << created << "line items created,"
                    << existingByCode.size() << "already present";
        });
    }

    void createLineItem(qint64 projectId, const ErpCostLine &line)
    {
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId));
        const QJsonObject body{{"budget_line_item", QJsonObject{
            {"cost_code_full_code", line.costCode},
            {"line_item_type", line.category},
            {"amount", QString::number(line.amount, 'f', 2)},
        }}};
        QNetworkReply *reply = m_nam->post(procoreRequest("/budget_line_items", q),
                                           QJsonDocument(body).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [reply, line]() {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 201)
                qWarning() << "create" << line.costCode << "failed, HTTP" << status
                           << reply->readAll().left(200);
        });
    }

    QNetworkAccessManager *m_nam;
    long m_companyId = 0;
    QString m_erpUrl, m_erpUser, m_erpPassword;
    QString m_clientId, m_clientSecret, m_refreshToken;
    QHash<QByteArray, QByteArray> m_procoreHeaders;
    QHash<QString, qint64> m_projectByJob;
};
