// pb_drawing_viewer_qt.cpp
//
// Procore drawing browser for the markup-station plugin host. The host loads
// this as a plugin; the standalone main() below is what CI and the field team
// use to smoke-test it against a zone.
//
// Requests come from RequestFactory<Env, AuthPolicy, ScopePolicy>; every REST
// route picks its scope policy explicitly.

#include <QByteArray>
#include <QCoreApplication>
#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

#include <functional>

namespace drawings {

// ---- zones / environments ----------------------------------------------------
struct Us01 {};
struct Us02 {};
struct DevSandbox {};

template <class Env> struct Hosts;
template <> struct Hosts<Us01> {
    static constexpr const char* login = "https://login.procore.com";
    static constexpr const char* api   = "https://api.procore.com";
};
template <> struct Hosts<Us02> {
    static constexpr const char* login = "https://login.procore.com";
    static constexpr const char* api   = "https://us02.procore.com";
};
template <> struct Hosts<DevSandbox> {
    static constexpr const char* login = "https://login-sandbox.procore.com";
    static constexpr const char* api   = "https://sandbox.procore.com";
};

// Web UI, opened in the user's browser from the plugin's context menu.
constexpr const char* kWebUi = "https://app.procore.com";

// ---- policies ------------------------------------------------------------------
struct BearerAuth {
    static void apply(QNetworkRequest& r, const QString& token) {
        r.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    }
};

struct CompanyHeader {
    static void apply(QNetworkRequest& r, qint64 company) {
        r.setRawHeader("Procore-Company-Id", QByteArray::number(company));
    }
};

// Header name used by the 2019 plugin; the drawings code path still uses it.
struct LegacyCompanyHeader {
    static void apply(QNetworkRequest& r, qint64 company) {
        r.setRawHeader("X-Procore-Company-Id", QByteArray::number(company));
    }
};

struct NoCompany {
    static void apply(QNetworkRequest&, qint64) {}
};

template <class Env, class Auth, class Scope>
struct RequestFactory {
    static QNetworkRequest make(const QString& path, const QString& token, qint64 company,
                                const QUrlQuery& query = QUrlQuery()) {
        QUrl url(QString::fromLatin1(Hosts<Env>::api) + path);
        url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Accept", "application/json");
        Auth::apply(req, token);
        Scope::apply(req, company);
        return req;
    }
};

// ---- browser --------------------------------------------------------------------
struct DrawingRow {
    qint64 id = 0;
    QString number;
    QString title;
    QString pdfUrl;  // presigned storage URL from the current revision
};

template <class Env>
class DrawingBrowser {
    using Scoped   = RequestFactory<Env, BearerAuth, CompanyHeader>;
    using Unscoped = RequestFactory<Env, BearerAuth, NoCompany>;
    using Drawings = RequestFactory<Env, BearerAuth, LegacyCompanyHeader>;

  public:
    DrawingBrowser(QNetworkAccessManager* nam, qint64 company) : nam_(nam), company_(company) {}

    void refreshToken(const QString& clientId, const QString& secret, const QString& refresh,
                      std::function<void()> done) {
        QNetworkRequest req(QUrl(QString::fromLatin1(Hosts<Env>::login) + "/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("client_id", clientId);
        form.addQueryItem("client_secret", secret);
        form.addQueryItem("refresh_token", refresh);
        QNetworkReply* reply = nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, [this, reply, done] {
            token_ = QJsonDocument::fromJson(reply->readAll()).object().value("access_token").toString();
            reply->deleteLater();
            done();
        });
    }

    void whoAmI() {
        QNetworkReply* reply = nam_->get(Unscoped::make("/rest/v1.0/me", token_, company_));
        QObject::connect(reply, &QNetworkReply::finished, [reply] {
            qInfo() << "signed in as"
                    << QJsonDocument::fromJson(reply->readAll()).object().value("login").toString();
            reply->deleteLater();
        });
    }

    void loadProjects(std::function<void(const QVector<qint64>&)> done) {
        QUrlQuery q;
        q.addQueryItem("company_id", QString::number(company_));
        q.addQueryItem("per_page", QString::number(100));
        QNetworkReply* reply = nam_->get(Scoped::make("/rest/v1.0/projects", token_, company_, q));
        QObject::connect(reply, &QNetworkReply::finished, [reply, done] {
            QVector<qint64> ids;
            const QJsonArray arr = QJsonDocument::fromJson(reply->readAll()).array();
            for (const QJsonValue& v : arr) {
                const int projectId = v.toObject().value("id").toInt();
                ids.push_back(projectId);
            }
            reply->deleteLater();
            done(ids);
        });
    }

    void loadAreas(qint64 projectId, std::function<void(qint64, const QVector<qint64>&)> done) {
        const QString path = QStringLiteral("/rest/v1.1/projects/%1/drawing_areas").arg(projectId);
        QNetworkReply* reply = nam_->get(Scoped::make(path, token_, company_));
        QObject::connect(reply, &QNetworkReply::finished, [reply, projectId, done] {
            QVector<qint64> areas;
            for (const QJsonValue& v : QJsonDocument::fromJson(reply->readAll()).array())
                areas.push_back(v.toObject().value("id").toVariant().toLongLong());
            reply->deleteLater();
            done(projectId, areas);
        });
    }

    void loadDrawings(qint64 projectId, qint64 areaId, std::function<void(QVector<DrawingRow>)> done) {
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId));
        const QString path = QStringLiteral("/rest/v1.1/drawing_areas/%1/drawings").arg(areaId);
        QNetworkReply* reply = nam_->get(Drawings::make(path, token_, company_, q));
        QObject::connect(reply, &QNetworkReply::finished, [reply, done] {
            QVector<DrawingRow> rows;
            for (const QJsonValue& v : QJsonDocument::fromJson(reply->readAll()).array()) {
                const QJsonObject o = v.toObject();
                DrawingRow row;
                row.id = o.value("id").toVariant().toLongLong();
                row.number = o.value("number").toString();
                row.title = o.value("title").toString();
                row.pdfUrl = o.value("current_revision").toObject().value("pdf_url").toString();
                rows.push_back(row);
            }
            reply->deleteLater();
            done(rows);
        });
    }

    // Context-menu "Open drawing log in Procore".
    QUrl drawingLogLink(qint64 projectId) const {
        return QUrl(QStringLiteral("%1/%2/project/drawing_log").arg(kWebUi).arg(projectId));
    }

    // PDFs come from presigned storage URLs; no Procore auth headers on those.
    QNetworkReply* downloadPdf(const DrawingRow& row) {
        return nam_->get(QNetworkRequest(QUrl(row.pdfUrl)));
    }

  private:
    QNetworkAccessManager* nam_;
    qint64 company_;
    QString token_;
};

template <class Env>
int smokeTest(QCoreApplication& app, qint64 company) {
    const auto env = QProcessEnvironment::systemEnvironment();
    QNetworkAccessManager nam;
    DrawingBrowser<Env> browser(&nam, company);

    browser.refreshToken(env.value("PROCORE_CLIENT_ID"), env.value("PROCORE_CLIENT_SECRET"),
                         env.value("PROCORE_REFRESH_TOKEN"), [&] {
        browser.whoAmI();
        browser.loadProjects([&](const QVector<qint64>& projects) {
            if (projects.isEmpty()) { app.exit(1); return; }
            qInfo() << "drawing log:" << browser.drawingLogLink(projects.front()).toString();
            browser.loadAreas(projects.front(), [&](qint64 projectId, const QVector<qint64>& areas) {
                if (areas.isEmpty()) { app.exit(0); return; }
                browser.loadDrawings(projectId, areas.front(), [&](QVector<DrawingRow> rows) {
                    qInfo() << rows.size() << "drawings in first area";
                    app.exit(0);
                });
            });
        });
    });
    return app.exec();
}

}  // namespace drawings

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        qCritical() << "usage: pb_drawing_viewer_qt us01|us02|sandbox COMPANY_ID";
        return 2;
    }
    bool ok = false;
    const qint64 company = args.at(2).toLongLong(&ok);
    if (!ok) return 2;

    const QString zone = args.at(1);
    if (zone == "us02") return drawings::smokeTest<drawings::Us02>(app, company);
    if (zone == "sandbox") return drawings::smokeTest<drawings::DevSandbox>(app, company);
    return drawings::smokeTest<drawings::Us01>(app, company);
}
