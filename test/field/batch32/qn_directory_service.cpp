// qn_directory_service.cpp
// Headless directory mirror used by the desktop "People picker" plugin.
// Runs under a Developer Managed Service Account (client_credentials grant):
// pulls the company directory (users + vendors) and the project list into a
// local cache that the picker widget reads.  Built without moc.

#include <QCoreApplication>
#include <QDebug>
#include <QEventLoop>
#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>
#include <QtConcurrent/QtConcurrentRun>

struct Person {
    qint64 id = 0;
    QString name;
    QString email;
    qint64 vendorId = 0;
};

struct Vendor {
    double id = 0;
    QString name;
    QString tradeName;
};

struct ProjectRef {
    qint64 id = 0;
    QString name;
    QString stage;
};

static QByteArray fetch(QNetworkAccessManager &nam, QNetworkRequest req)
{
    QEventLoop loop;
    QNetworkReply *reply = nam.get(req);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

class DirectoryMirror {
public:
    DirectoryMirror()
    {
        QSettings s("/etc/peoplepicker/service.ini", QSettings::IniFormat);
        m_loginBase = s.value("procore/login_base", "https://login.procore.com").toString();
        m_apiBase = s.value("procore/api_base", "https://api.procore.com").toString();
        m_projectBase = s.value("procore/project_base", "https://app.procore.com").toString();
        m_companyId = s.value("procore/company_id").toString().toLongLong();
        m_clientId = s.value("dmsa/client_id").toString();
        m_clientSecret = s.value("dmsa/client_secret").toString();
    }

    bool authenticate()
    {
        QNetworkAccessManager nam;
        QUrlQuery form;
        form.addQueryItem("grant_type", "client_credentials");
        form.addQueryItem("client_id", m_clientId);
        form.addQueryItem("client_secret", m_clientSecret);
        QNetworkRequest req(QUrl(m_loginBase + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QEventLoop loop;
        QNetworkReply *reply = nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonObject tok = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        m_token = tok.value("access_token").toString();
        m_expiresIn = tok.value("expires_in").toInt();
        return !m_token.isEmpty();
    }

    // Sanity check that the configured company is one the DMSA is installed in.
    bool companyVisible()
    {
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(m_apiBase + "/rest/v1.0/companies"));
        req.setRawHeader("Authorization", bearer());
        const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, req)).array();
        for (const QJsonValue &v : arr)
            if (v.toObject().value("id").toVariant().toLongLong() == m_companyId)
                return true;
        return false;
    }

    QVector<Person> users()
    {
        QNetworkAccessManager nam;
        QVector<Person> out;
        for (int page = 1;; ++page) {
            QUrl url(m_apiBase + QStringLiteral("/rest/v1.0/companies/%1/users").arg(m_companyId));
            QUrlQuery q;
            q.addQueryItem("page", QString::number(page));
            q.addQueryItem("per_page", "200");
            url.setQuery(q);
            const QJsonArray arr =
                QJsonDocument::fromJson(fetch(nam, companyRequest(url))).array();
            for (const QJsonValue &v : arr) {
                const QJsonObject o = v.toObject();
                Person p;
                p.id = o.value("id").toVariant().toLongLong();
                p.name = o.value("name").toString();
                p.email = o.value("email_address").toString();
                p.vendorId = o.value("vendor").toObject().value("id").toVariant().toLongLong();
                out.append(p);
            }
            if (arr.size() < 200)
                break;
        }
        return out;
    }

    QVector<Vendor> vendors()
    {
        QNetworkAccessManager nam;
        QUrl url(m_apiBase + QStringLiteral("/rest/v1.0/companies/%1/vendors").arg(m_companyId));
        const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, companyRequest(url))).array();
        QVector<Vendor> out;
        for (const QJsonValue &v : arr) {
            const QJsonObject o = v.toObject();
            Vendor ven;
            ven.id = o.value("id").toDouble();
            ven.name = o.value("name").toString();
            ven.tradeName = o.value("trade_name").toString();
            out.append(ven);
        }
        return out;
    }

    QVector<ProjectRef> projects()
    {
        QNetworkAccessManager nam;
        QUrl url(m_projectBase + "/rest/v1.0/projects");
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(m_companyId));
        url.setQuery(q);
        const QJsonArray arr = QJsonDocument::fromJson(fetch(nam, companyRequest(url))).array();
        QVector<ProjectRef> out;
        for (const QJsonValue &v : arr) {
            const QJsonObject o = v.toObject();
            out.append({o.value("id").toVariant().toLongLong(), o.value("name").toString(),
                        o.value("stage").toString()});
        }
        return out;
    }

    int expiresIn() const { return m_expiresIn; }

private:
    QByteArray bearer() const { return "Bearer " + m_token.toUtf8(); }

    QNetworkRequest companyRequest(const QUrl &url) const
    {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", bearer());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_companyId));
        return req;
    }

    QString m_loginBase, m_apiBase, m_projectBase;
    QString m_clientId, m_clientSecret, m_token;
    qint64 m_companyId = 0;
    int m_expiresIn = 0;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    DirectoryMirror mirror;
    if (!mirror.authenticate()) {
        qCritical() << "client_credentials grant failed";
        return 1;
    }
    if (!mirror.companyVisible()) {
        qCritical() << "service account is not installed in the configured company";
        return 1;
    }

    // Network access managers are per thread, each call builds its own.
    QFuture<QVector<Person>> usersF = QtConcurrent::run([&mirror]() { return mirror.users(); });
    QFuture<QVector<Vendor>> vendorsF = QtConcurrent::run([&mirror]() { return mirror.vendors(); });
    const QVector<ProjectRef> projects = mirror.projects();

    const QVector<Person> people = usersF.result();
    const QVector<Vendor> vendors = vendorsF.result();

    QHash<qint64, QString> vendorNames;
    for (const Vendor &v : vendors)
        vendorNames.insert(static_cast<qint64>(v.id), v.name);

    int withVendor = 0;
    for (const Person &p : people)
        if (vendorNames.contains(p.vendorId))
            ++withVendor;

    qInfo() << people.size() << "users," << withVendor << "linked to vendors,"
            << vendors.size() << "vendors," << projects.size() << "projects;"
            << "token valid for" << mirror.expiresIn() << "s";
    return 0;
}
