// sm_qt_punch_sync.cpp - "Punch Walk" tablet app, sync engine.
//
// Punch item edits made offline are queued as jobs and replayed one at a time
// when the tablet is back online. The engine is a QObject: dispatchNext()
// issues the request for the job at the head of the queue, onReplyFinished()
// consumes the answer and advances the state.
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QQueue>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

namespace {
const QString kLoginBase = QStringLiteral("https://login.procore.com");
const QString kApiBase = QStringLiteral("https://app.procore.com");
const QString kClientId = QStringLiteral("punch-walk-ios-android");
}  // namespace

struct PunchJob {
    enum Kind { RefreshToken, WhoAmI, FetchItem, LookupAssignee, PatchItem };
    Kind kind = RefreshToken;
    qint64 projectId = 0;
    qint64 itemId = 0;
    qint64 assigneeId = 0;
    QJsonObject changes;
    int attempt = 0;
};

class SyncEngine : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Authenticating, Running, Finished };

    SyncEngine(qint64 companyId, QByteArray refreshToken, QObject* parent = nullptr)
        : QObject(parent), nam_(new QNetworkAccessManager(this)),
          companyId_(companyId), refreshToken_(std::move(refreshToken)) {}

    void enqueueEdit(qint64 projectId, qint64 itemId, const QJsonObject& changes) {
        PunchJob fetch;
        fetch.kind = PunchJob::FetchItem;
        fetch.projectId = projectId;
        fetch.itemId = itemId;
        pending_.enqueue(fetch);
        PunchJob patch = fetch;
        patch.kind = PunchJob::PatchItem;
        patch.changes = changes;
        pending_.enqueue(patch);
    }

    void start() {
        PunchJob me;
        me.kind = PunchJob::WhoAmI;
        pending_.prepend(me);
        pending_.prepend(PunchJob{});  // RefreshToken
        state_ = State::Authenticating;
        QTimer::singleShot(0, this, &SyncEngine::dispatchNext);
    }

signals:
    void itemSynced(qint64 projectId, qint64 itemId, const QUrl& webLink);
    void finished(int failures);

private slots:
    void dispatchNext() {
        if (pending_.isEmpty()) {
            state_ = State::Finished;
            emit finished(failures_);
            return;
        }
        current_ = pending_.dequeue();
        const QString project = QString::number(current_.projectId);
        const QString item = QString::number(current_.itemId);
        QNetworkReply* reply = nullptr;

        switch (current_.kind) {
        case PunchJob::RefreshToken: {
            QNetworkRequest req(QUrl(kLoginBase + "/oauth/token"));
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
            QUrlQuery form;
            form.addQueryItem("grant_type", "refresh_token");
            form.addQueryItem("client_id", kClientId);
            form.addQueryItem("refresh_token", QString::fromUtf8(refreshToken_));
            reply = nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8());
            break;
        }
        case PunchJob::WhoAmI: {
            QNetworkRequest req(QUrl(kApiBase + "/rest/v1.0/me"));
            req.setRawHeader("Authorization", "Bearer " + accessToken_);
            reply = nam_->get(req);
            break;
        }
        case PunchJob::FetchItem:
            reply = nam_->get(apiRequest("/rest/v1.0/punch_items/" + item + "?project_id=" + project));
            break;
        case PunchJob::LookupAssignee: {
            // company-level directory; the company is already in the path
            QNetworkRequest req(QUrl(kApiBase + "/rest/v1.0/companies/" +
                                     QString::number(companyId_) + "/users/" +
                                     QString::number(current_.assigneeId)));
            req.setRawHeader("Authorization", "Bearer " + accessToken_);
            reply = nam_->get(req);
            break;
        }
        case PunchJob::PatchItem: {
            QNetworkRequest req = apiRequest("/rest/v1.0/punch_items/" + item + "?project_id=" + project);
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            const QJsonObject body{{"punch_item", current_.changes}};
            reply = nam_->sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson(QJsonDocument::Compact));
            break;
        }
        }
        connect(reply, &QNetworkReply::finished, this, &SyncEngine::onReplyFinished);
    }

    void onReplyFinished() {
        auto* reply = qobject_cast<QNetworkReply*>(sender());
        if (!reply) return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();

        if (status == 401 && current_.kind != PunchJob::RefreshToken && current_.attempt == 0) {
            PunchJob again = current_;
            again.attempt = 1;
            pending_.prepend(again);
            pending_.prepend(PunchJob{});
        } else if (status < 200 || status >= 300) {
            ++failures_;
            qWarning("job %d failed with HTTP %d", int(current_.kind), status);
        } else {
            handle(QJsonDocument::fromJson(body).object());
        }
        QTimer::singleShot(0, this, &SyncEngine::dispatchNext);
    }

private:
    QNetworkRequest apiRequest(const QString& path) const {
        QNetworkRequest req(QUrl(kApiBase + path));
        req.setRawHeader("Authorization", "Bearer " + accessToken_);
        req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
        req.setRawHeader("Accept", "application/json");
        return req;
    }

    void handle(const QJsonObject& obj) {
        switch (current_.kind) {
        case PunchJob::RefreshToken:
            accessToken_ = obj.value("access_token").toString().toUtf8();
            refreshToken_ = obj.value("refresh_token").toString().toUtf8();
            state_ = State::Running;
            break;
        case PunchJob::WhoAmI:
            meId_ = obj.value("id").toVariant().toLongLong();
            break;
        case PunchJob::FetchItem: {
            const int assignee = obj.value("assignee").toObject().value("id").toInt();
            if (assignee != 0 && !assigneeNames_.contains(assignee)) {
                PunchJob lookup = current_;
                lookup.kind = PunchJob::LookupAssignee;
                lookup.assigneeId = assignee;
                pending_.prepend(lookup);
            }
            break;
        }
        case PunchJob::LookupAssignee:
            assigneeNames_.insert(current_.assigneeId, obj.value("name").toString());
            break;
        case PunchJob::PatchItem:
            emit itemSynced(current_.projectId, current_.itemId,
                            QUrl(QStringLiteral("https://app.procore.com/%1/project/punch_list/list/%2")
                                     .arg(current_.projectId).arg(current_.itemId)));
            break;
        }
    }

    QNetworkAccessManager* nam_;
    QQueue<PunchJob> pending_;
    PunchJob current_;
    State state_ = State::Idle;
    qint64 companyId_;
    qint64 meId_ = 0;
    QByteArray accessToken_;
    QByteArray refreshToken_;
    QHash<qint64, QString> assigneeNames_;
    int failures_ = 0;
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) return 2;

    QFile outbox(args.at(2));
    if (!outbox.open(QIODevice::ReadOnly)) return 2;
    SyncEngine engine(args.at(1).toLongLong(), qgetenv("PUNCHWALK_REFRESH_TOKEN"));
    const QJsonArray edits = QJsonDocument::fromJson(outbox.readAll()).array();
    for (const QJsonValue& v : edits) {
        const QJsonObject e = v.toObject();
        engine.enqueueEdit(e.value("project_id").toVariant().toLongLong(),
                           e.value("punch_item_id").toVariant().toLongLong(),
                           e.value("changes").toObject());
    }
    QObject::connect(&engine, &SyncEngine::finished, &app, [](int failures) {
        QCoreApplication::exit(failures == 0 ? 0 : 1);
    });
    engine.start();
    return app.exec();
}
