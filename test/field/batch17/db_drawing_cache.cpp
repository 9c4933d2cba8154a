// drawing_cache: keeps the tablet viewer's SQLite drawing index in step with
// Procore. Pulls drawing areas and drawings for the configured project and
// pushes locally edited drawing titles back. Qt for HTTP, sqlite3 for storage
// (the QtSql plugin is not shipped on the tablets).
#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTimer>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <sqlite3.h>

#include <cstdio>

static const int kSchemaVersion = 3;
static const int kViewerPort = 8765;

class DrawingCache {
public:
    explicit DrawingCache(const char* path) {
        sqlite3_open(path, &db_);
        sqlite3_exec(db_,
                     "CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT);"
                     "CREATE TABLE IF NOT EXISTS drawing_areas(id INTEGER PRIMARY KEY, name TEXT);"
                     "CREATE TABLE IF NOT EXISTS drawings(id INTEGER PRIMARY KEY, area_id INTEGER,"
                     " number TEXT, title TEXT, png_url TEXT, updated_at TEXT, dirty INTEGER DEFAULT 0);",
                     nullptr, nullptr, nullptr);
        baseUrl_ = settingText("base_url", "https://api.procore.com");
        companyId_ = settingText("company_id", "0").toLongLong();
        projectId_ = settingText("project_id", "0").toInt();
        token_ = settingText("access_token", "").toUtf8();
    }
    ~DrawingCache() { sqlite3_close(db_); }

    bool refreshToken() {
        QNetworkRequest req(QUrl("https://login.procore.com/oauth/token"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem("grant_type", "refresh_token");
        form.addQueryItem("refresh_token", settingText("refresh_token", ""));
        form.addQueryItem("client_id", settingText("client_id", ""));
        QNetworkReply* reply = nam_.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QJsonObject obj = wait(reply).object();
        if (!obj.contains("access_token"))
            return false;
        token_ = obj.value("access_token").toString().toUtf8();
        saveSetting("access_token", QString::fromUtf8(token_));
        return true;
    }

    void printUser() {
        QNetworkRequest req(QUrl(baseUrl_ + "/rest/v1.0/me"));
        req.setRawHeader("Authorization", "Bearer " + token_);
        QJsonObject me = wait(nam_.get(req)).object();
        std::printf("signed in as %s\n", qPrintable(me.value("login").toString()));
    }

    int pullAreas() {
        QNetworkRequest req(QUrl(baseUrl_ + QString("/rest/v1.0/projects/%1/drawing_areas").arg(projectId_)));
        req.setRawHeader("Authorization", "Bearer " + token_);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
        const QJsonArray areas = wait(nam_.get(req)).array();

        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO drawing_areas(id, name) VALUES (?1, ?2)", -1, &st, nullptr);
        int count = 0;
        for (const QJsonValue& v : areas) {
            const QJsonObject a = v.toObject();
            const qint64 areaId = a.value("id").toVariant().toLongLong();
            const QByteArray name = a.value("name").toString().toUtf8();
            sqlite3_bind_int64(st, 1, areaId);
            sqlite3_bind_text(st, 2, name.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_step(st);
            sqlite3_reset(st);
            pullDrawings(areaId);
            ++count;
        }
        sqlite3_finalize(st);
        return count;
    }

    void pullDrawings(qint64 areaId) {
        QUrl url(baseUrl_ + QString("/rest/v1.0/drawing_areas/%1/drawings").arg(areaId));
        QUrlQuery q;
        q.addQueryItem("project_id", QString::number(projectId_));
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + token_);
        const QJsonArray drawings = wait(nam_.get(req)).array();

        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_,
            "INSERT INTO drawings(id, area_id, number, title, png_url, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT(id) DO UPDATE SET number = excluded.number, title = excluded.title, "
            "png_url = excluded.png_url, updated_at = excluded.updated_at "
            "WHERE drawings.dirty = 0 AND excluded.updated_at > drawings.updated_at", -1, &st, nullptr);
        for (const QJsonValue& v : drawings) {
            const QJsonObject d = v.toObject();
            const int drawingId = d.value("id").toInt();
            const QJsonObject rev = d.value("current_revision").toObject();
            sqlite3_bind_int64(st, 1, drawingId);
            sqlite3_bind_int64(st, 2, areaId);
            sqlite3_bind_text(st, 3, d.value("number").toString().toUtf8().constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, d.value("title").toString().toUtf8().constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 5, rev.value("png_url").toString().toUtf8().constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 6, rev.value("updated_at").toString().toUtf8().constData(), -1, SQLITE_TRANSIENT);
            sqlite3_step(st);
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }

    int pushDirtyTitles() {
        sqlite3_stmt* q = nullptr;
        sqlite3_stmt* clean = nullptr;
        sqlite3_prepare_v2(db_, "SELECT id, title FROM drawings WHERE dirty = 1", -1, &q, nullptr);
        sqlite3_prepare_v2(db_, "UPDATE drawings SET dirty = 0 WHERE id = ?1", -1, &clean, nullptr);
        int pushed = 0;
        while (sqlite3_step(q) == SQLITE_ROW) {
            const qint64 drawingId = sqlite3_column_int64(q, 0);
            const QString title = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
            QNetworkRequest req(QUrl(baseUrl_ + QString("/rest/v1.0/projects/%1/drawings/%2")
                                                    .arg(projectId_)
                                                    .arg(drawingId)));
            req.setRawHeader("Authorization", "Bearer " + token_);
            req.setRawHeader("Procore-CompanyId", QByteArray::number(companyId_));
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QJsonObject body{{"drawing", QJsonObject{{"title", title}}}};
            QNetworkReply* reply = nam_.sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson());
            wait(reply);
            if (lastStatus_ == 200) {
                sqlite3_bind_int64(clean, 1, drawingId);
                sqlite3_step(clean);
                sqlite3_reset(clean);
                ++pushed;
            }
        }
        sqlite3_finalize(q);
        sqlite3_finalize(clean);
        return pushed;
    }

    QString webLink() const {
        return QString("https://app.procore.com/%1/project/drawing_log").arg(projectId_);
    }

private:
    QJsonDocument wait(QNetworkReply* reply) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        lastStatus_ = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
        reply->deleteLater();
        return doc;
    }

    QString settingText(const char* key, const QString& fallback) {
        sqlite3_stmt* st = nullptr;
        QString out = fallback;
        sqlite3_prepare_v2(db_, "SELECT value FROM settings WHERE key = ?1", -1, &st, nullptr);
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
        return out;
    }

    void saveSetting(const char* key, const QString& value) {
        sqlite3_stmt* st = nullptr;
        const QByteArray v = value.toUtf8();
        sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)", -1, &st, nullptr);
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, v.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }

    sqlite3* db_ = nullptr;
    QNetworkAccessManager nam_;
    QString baseUrl_;
    qint64 companyId_ = 0;
    int projectId_ = 0;
    QByteArray token_;
    int lastStatus_ = 0;
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    DrawingCache cache(argc > 1 ? argv[1] : "drawings.db");
    if (!cache.refreshToken()) {
        std::fprintf(stderr, "token refresh failed; re-authorize in the viewer (port %d)\n", kViewerPort);
        return 1;
    }
    cache.printUser();
    const int pushed = cache.pushDirtyTitles();
    const int areas = cache.pullAreas();
    std::printf("schema v%d: pushed %d titles, refreshed %d areas\nopen %s\n", kSchemaVersion, pushed, areas,
                qPrintable(cache.webLink()));
    return 0;
}
