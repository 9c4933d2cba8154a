// rfi_panel_backend.cpp — model + network layer behind the "Procore RFIs" dock
// in the estimating desktop app. Maps Procore RFI JSON to plain structs the
// widgets bind to, and sends replies / reassignments back.
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QDate>
#include <QtCore/QDebug>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSettings>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtCore/QVector>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

namespace rfi {

const QString kLoginBase = QStringLiteral("https://login.procore.com");
const QString kRestBase = QStringLiteral("https://app.procore.com");
const QString kWebBase = QStringLiteral("https://app.procore.com");

struct Person {
    qint64 id = 0;
    QString name;
};

struct Rfi {
    qint64 id = 0;
    QString number;
    QString subject;
    QString status;
    Person assignee;
    Person created_by;
    qint64 responsible_contractor_id = 0;
    QDate due_date;
    int reply_count = 0;
};

Person personFromJson(const QJsonObject& o) {
    Person p;
    p.id = o.value(QStringLiteral("id")).toVariant().toLongLong();
    p.name = o.value(QStringLiteral("name")).toString();
    return p;
}

Rfi rfiFromJson(const QJsonObject& o) {
    Rfi r;
    r.id = o.value(QStringLiteral("id")).toVariant().toLongLong();
    r.number = o.value(QStringLiteral("number")).toString();
    r.subject = o.value(QStringLiteral("subject")).toString();
    r.status = o.value(QStringLiteral("status")).toString();
    r.assignee = personFromJson(o.value(QStringLiteral("assignee")).toObject());
    r.created_by = personFromJson(o.value(QStringLiteral("created_by")).toObject());
    r.responsible_contractor_id =
        o.value(QStringLiteral("responsible_contractor")).toObject().value(QStringLiteral("id")).toInt();
    r.due_date = QDate::fromString(o.value(QStringLiteral("due_date")).toString(), Qt::ISODate);
    r.reply_count = o.value(QStringLiteral("replies")).toArray().size();
    return r;
}

QJsonObject rfiPatchJson(const Rfi& r) {
    QJsonObject body;
    body.insert(QStringLiteral("subject"), r.subject);
    body.insert(QStringLiteral("assignee_id"), QJsonValue::fromVariant(QVariant(r.assignee.id)));
    body.insert(QStringLiteral("responsible_contractor_id"),
                QJsonValue::fromVariant(QVariant(r.responsible_contractor_id)));
    if (r.due_date.isValid()) body.insert(QStringLiteral("due_date"), r.due_date.toString(Qt::ISODate));
    return QJsonObject{{QStringLiteral("rfi"), body}};
}

QJsonObject replyJson(const QString& text) {
    return QJsonObject{{QStringLiteral("reply"), QJsonObject{{QStringLiteral("body"), text}}}};
}

class RfiService {
  public:
    RfiService(QNetworkAccessManager* nam, QSettings& settings) : m_nam(nam) {
        m_token = settings.value(QStringLiteral("procore/access_token")).toString();
        m_refresh = settings.value(QStringLiteral("procore/refresh_token")).toString();
        m_clientId = settings.value(QStringLiteral("procore/client_id")).toString();
        m_companyId = settings.value(QStringLiteral("procore/company_id")).toLongLong();
        m_projectId = settings.value(QStringLiteral("procore/project_id")).toInt();
    }

    void refreshToken(std::function<void(bool)> done) {
        QNetworkRequest req(QUrl(kLoginBase + QStringLiteral("/oauth/token")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("client_id"), m_clientId);
        form.addQueryItem(QStringLiteral("refresh_token"), m_refresh);
        QNetworkReply* reply = m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, done] {
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            m_token = o.value(QStringLiteral("access_token")).toString();
            m_refresh = o.value(QStringLiteral("refresh_token")).toString();
            reply->deleteLater();
            done(!m_token.isEmpty());
        });
    }

    void fetchMe(std::function<void(Person)> done) {
        QNetworkReply* reply = m_nam->get(restRequest(QStringLiteral("/rest/v1.0/me")));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done] {
            done(personFromJson(QJsonDocument::fromJson(reply->readAll()).object()));
            reply->deleteLater();
        });
    }

    void fetchRfis(int page, std::function<void(QVector<Rfi>)> done) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("page"), QString::number(page));
        q.addQueryItem(QStringLiteral("per_page"), QStringLiteral("50"));
        QNetworkRequest req = restRequest(QStringLiteral("/rest/v1.0/projects/%1/rfis").arg(m_projectId), q);
        withCompany(req);
        QNetworkReply* reply = m_nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, done] {
            QVector<Rfi> rows;
            for (const QJsonValue& v : QJsonDocument::fromJson(reply->readAll()).array()) {
                rows.push_back(rfiFromJson(v.toObject()));
                m_assigneeNames.insert(rows.back().assignee.id, rows.back().assignee.name);
            }
            reply->deleteLater();
            done(rows);
        });
    }

    void postReply(qint64 rfiId, const QString& text) {
        QNetworkRequest req =
            restRequest(QStringLiteral("/rest/v1.0/projects/%1/rfis/%2/replies").arg(m_projectId).arg(rfiId));
        req.setRawHeader("Procore-CompanyId", QByteArray::number(m_companyId));
        QNetworkReply* reply = m_nam->post(req, QJsonDocument(replyJson(text)).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply] {
            if (reply->error() != QNetworkReply::NoError) qWarning() << "reply failed:" << reply->errorString();
            reply->deleteLater();
        });
    }

    void reassign(const Rfi& r) {
        QNetworkRequest req =
            restRequest(QStringLiteral("/rest/v1.0/projects/%1/rfis/%2").arg(m_projectId).arg(r.id));
        withCompany(req);
        QNetworkReply* reply =
            m_nam->sendCustomRequest(req, "PATCH", QJsonDocument(rfiPatchJson(r)).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) qWarning() << "PATCH rfi ->" << status;
            reply->deleteLater();
        });
    }

    QUrl webLink(qint64 rfiId) const {
        return QUrl(kWebBase + QStringLiteral("/%1/project/rfi/show/%2").arg(m_projectId).arg(rfiId));
    }

    QString assigneeName(qint64 userId) const { return m_assigneeNames.value(userId); }

  private:
    QNetworkRequest restRequest(const QString& path, const QUrlQuery& query = QUrlQuery()) const {
        QUrl url(kRestBase + path);
        url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        return req;
    }

    void withCompany(QNetworkRequest& req) const {
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
    }

    QNetworkAccessManager* m_nam;
    QString m_token, m_refresh, m_clientId;
    qint64 m_companyId = 0;
    qint64 m_projectId = 0;
    QHash<int, QString> m_assigneeNames;
};

}  // namespace rfi

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QSettings settings(QStringLiteral("Estimating"), QStringLiteral("ProcorePanel"));
    QNetworkAccessManager nam;
    rfi::RfiService svc(&nam, settings);
    svc.refreshToken([&](bool ok) {
        if (!ok) return app.exit(1);
        svc.fetchMe([](rfi::Person me) { qInfo() << "signed in as" << me.name << me.id; });
        svc.fetchRfis(1, [&](QVector<rfi::Rfi> rows) {
            for (const auto& r : rows) {
                qInfo().noquote() << r.number << r.subject << svc.assigneeName(r.assignee.id)
                                  << svc.webLink(r.id).toString();
                if (r.status == QLatin1String("open") && r.due_date < QDate::currentDate())
                    svc.postReply(r.id, QStringLiteral("Overdue - please update."));
            }
            app.quit();
        });
    });
    return app.exec();
}
