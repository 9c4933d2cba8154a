// punchsync: background helper shipped with the field tablet app. Reads the
// punch item edits the superintendents made offline (edits.json) and pushes
// them to Procore once the tablet is back on the network.
// Everything is driven by QNetworkReply::finished -> onFinished() -> step().
#include <QByteArray>
#include <QCoreApplication>
#include <QDebug>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QProcessEnvironment>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

// Field devices talk to the developer sandbox until the pilot is signed off.
#define PROCORE_LOGIN_BASE "https://sandbox.procore.com"
#define PROCORE_API_BASE "https://sandbox.procore.com"

class PunchSync : public QObject {
public:
    enum class State { Authenticate, ListCompanies, ListProjects, ListPunchItems, PushChanges, Backoff, Done, Failed };

    PunchSync(const QString& editsPath, QObject* parent = nullptr)
        : QObject(parent), nam_(new QNetworkAccessManager(this)), editsPath_(editsPath) {}

    void start() {
        if (!loadEdits()) { finish(State::Failed); return; }
        step();
    }

private:
    bool loadEdits() {
        QFile f(editsPath_);
        if (!f.open(QIODevice::ReadOnly)) return false;
        const QJsonArray edits = QJsonDocument::fromJson(f.readAll()).array();
        for (const QJsonValue& v : edits) {
            const QJsonObject e = v.toObject();
            localEdits_.insert(e.value("punch_item_id").toString().toLongLong(), e);
        }
        return !localEdits_.isEmpty();
    }

    QNetworkRequest apiRequest(const QString& path, const QUrlQuery& query = {}) const {
        QUrl url(QStringLiteral(PROCORE_API_BASE) + path);
        url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", authHeader_);
        req.setRawHeader("Accept", "application/json");
        if (companyId_ != 0) req.setRawHeader("Procore-Company-Id", QByteArray::number(companyId_));
        return req;
    }

    void step() {
        switch (state_) {
        case State::Authenticate: {
            const auto env = QProcessEnvironment::systemEnvironment();
            QNetworkRequest req(QUrl(QStringLiteral(PROCORE_LOGIN_BASE "/oauth/token")));
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
            QUrlQuery form;
            form.addQueryItem("grant_type", "refresh_token");
            form.addQueryItem("client_id", env.value("PUNCHSYNC_CLIENT_ID"));
            form.addQueryItem("client_secret", env.value("PUNCHSYNC_CLIENT_SECRET"));
            form.addQueryItem("refresh_token", env.value("PUNCHSYNC_REFRESH_TOKEN"));
            watch(nam_->post(req, form.toString(QUrl::FullyEncoded).toUtf8()));
            break;
        }
        case State::ListCompanies:
            watch(nam_->get(apiRequest("/rest/v1.0/companies")));
            break;
        case State::ListProjects: {
            QUrlQuery q;
            q.addQueryItem("company_id", QString::number(companyId_));
            watch(nam_->get(apiRequest("/rest/v1.0/projects", q)));
            break;
        }
        case State::ListPunchItems: {
            if (projectCursor_ >= projects_.size()) { transition(State::PushChanges); return; }
            QUrlQuery q;
            q.addQueryItem("project_id", QString::number(projects_.at(projectCursor_)));
            watch(nam_->get(apiRequest("/rest/v1.0/punch_items", q)));
            break;
        }
        case State::PushChanges: {
            if (outbox_.isEmpty()) { transition(State::Done); return; }
            const QJsonObject edit = outbox_.first();
            QUrl url(QStringLiteral(PROCORE_API_BASE "/rest/v1.0/punch_items/") +
                     edit.value("punch_item_id").toString());
            QUrlQuery q;
            q.addQueryItem("project_id", edit.value("project_id").toString());
            url.setQuery(q);
            pending_ = QNetworkRequest(url);
            pending_.setRawHeader("Authorization", authHeader_);
            pending_.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QJsonObject body{{"punch_item", QJsonObject{{"status", edit.value("status")}}}};
            watch(nam_->sendCustomRequest(pending_, "PATCH", QJsonDocument(body).toJson()));
            break;
        }
        case State::Backoff:
            QTimer::singleShot(backoffMs_, this, [this] { transition(resumeState_); });
            backoffMs_ = qMin(backoffMs_ * 2, 120000);
            break;
        case State::Done:
        case State::Failed:
            finish(state_);
            break;
        }
    }

    void watch(QNetworkReply* reply) {
        connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    }

    void transition(State next) {
        state_ = next;
        step();
    }

    void onFinished(QNetworkReply* reply) {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 429 || status >= 500 || reply->error() == QNetworkReply::TimeoutError) {
            resumeState_ = state_;
            transition(State::Backoff);
            return;
        }
        if (status == 401 && state_ != State::Authenticate) { transition(State::Authenticate); return; }
        if (status >= 400 || reply->error() != QNetworkReply::NoError) {
            qWarning() << "punchsync:" << status << reply->errorString();
            transition(State::Failed);
            return;
        }
        backoffMs_ = 2000;
        const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());

        switch (state_) {
        case State::Authenticate:
            authHeader_ = "Bearer " + doc.object().value("access_token").toString().toUtf8();
            transition(companyId_ ? State::ListPunchItems : State::ListCompanies);
            break;
        case State::ListCompanies:
            // Tablets are provisioned for exactly one company.
            companyId_ = doc.array().first().toObject().value("id").toVariant().toLongLong();
            transition(State::ListProjects);
            break;
        case State::ListProjects:
            for (const QJsonValue& p : doc.array()) projects_.append(p.toObject().value("id").toInt());
            transition(State::ListPunchItems);
            break;
        case State::ListPunchItems:
            for (const QJsonValue& item : doc.array()) {
                const QJsonObject obj = item.toObject();
                const qint64 id = obj.value("id").toVariant().toLongLong();
                if (!localEdits_.contains(id)) continue;
                QJsonObject edit = localEdits_.value(id);
                edit.insert("project_id", QString::number(projects_.at(projectCursor_)));
                if (obj.value("status").toString() != edit.value("status").toString()) outbox_.append(edit);
            }
            ++projectCursor_;
            transition(State::ListPunchItems);
            break;
        case State::PushChanges: {
            const QJsonObject done = outbox_.takeFirst();
            qInfo().noquote() << "pushed punch item" << done.value("punch_item_id").toString()
                              << QStringLiteral("https://app.procore.com/%1/project/punch_list")
                                     .arg(done.value("project_id").toString());
            ++pushed_;
            transition(State::PushChanges);
            break;
        }
        default:
            break;
        }
    }

    void finish(State s) {
        qInfo() << "punchsync finished:" << (s == State::Done ? "ok" : "failed") << pushed_ << "pushed";
        QCoreApplication::exit(s == State::Done ? 0 : 1);
    }

    QNetworkAccessManager* nam_;
    QString editsPath_;
    State state_ = State::Authenticate;
    State resumeState_ = State::Authenticate;
    int backoffMs_ = 2000;
    int pushed_ = 0;
    QByteArray authHeader_;
    QNetworkRequest pending_;
    qint64 companyId_ = 0;
    QList<qint64> projects_;
    int projectCursor_ = 0;
    QHash<int, QJsonObject> localEdits_;
    QList<QJsonObject> outbox_;
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QString edits = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("edits.json");
    PunchSync sync(edits);
    QTimer::singleShot(0, &sync, [&sync] { sync.start(); });
    return app.exec();
}
