// qx_meeting_minutes -- nightly sync of Procore meeting minutes into the
// project OneNote section (Microsoft Graph) and the intranet site diary.
//
// Runs headless from a systemd timer on the document server:
//   qx_meeting_minutes --project 562949953421312 --since 2024-05-01
//
// Settings: ~/.config/Contoso/meeting-minutes-sync.conf
// Procore API reference: https://developers.procore.com/reference/rest/meetings

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QVector>

namespace {

QTextStream out(stdout);

struct Meeting {
    qint64 id = 0;
    int position = 0;               // "Meeting #12" in the Procore UI
    QString title;
    QDateTime startsAt;
    int locationId = 0;
    QVector<qint64> attendeeIds;
    QStringList topicTitles;
};

QByteArray waitFor(QNetworkReply *reply, int *httpStatus)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

class ProcoreApi {
public:
    ProcoreApi(QNetworkAccessManager *nam, QSettings &settings) : m_nam(nam)
    {
        m_base = QUrl(settings.value(QStringLiteral("procore/api_base"),
                                     QStringLiteral("https://api.procore.com")).toString());
        m_login = QUrl(settings.value(QStringLiteral("procore/login_base"),
                                      QStringLiteral("https://login.procore.com")).toString());
        m_companyId = settings.value(QStringLiteral("procore/company_id")).toLongLong();
        m_clientId = settings.value(QStringLiteral("procore/client_id")).toByteArray();
        m_clientSecret = settings.value(QStringLiteral("procore/client_secret")).toByteArray();

        m_defaultHeaders.insert("Accept", "application/json");
        m_defaultHeaders.insert("User-Agent", "qx-meeting-minutes/1.4 (Qt5)");
        m_defaultHeaders.insert("Procore-Company-Id", QByteArray::number(m_companyId));
    }

    bool refresh(const QByteArray &refreshToken)
    {
        QNetworkRequest req(m_login.resolved(QUrl(QStringLiteral("/oauth/token"))));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken));
        form.addQueryItem(QStringLiteral("client_id"), QString::fromUtf8(m_clientId));
        form.addQueryItem(QStringLiteral("client_secret"), QString::fromUtf8(m_clientSecret));
        int status = 0;
        const QByteArray body = waitFor(m_nam->post(req, form.query(QUrl::FullyEncoded).toUtf8()), &status);
        if (status != 200)
            return false;
        const QJsonObject tok = QJsonDocument::fromJson(body).object();
        m_defaultHeaders.insert("Authorization", "Bearer " + tok.value("access_token").toString().toUtf8());
        return true;
    }

    QNetworkRequest request(const QString &path, const QUrlQuery &query = QUrlQuery()) const
    {
        QUrl url = m_base.resolved(QUrl(path));
        url.setQuery(query);
        QNetworkRequest req(url);
        for (auto it = m_defaultHeaders.cbegin(); it != m_defaultHeaders.cend(); ++it)
            req.setRawHeader(it.key(), it.value());
        return req;
    }

    QJsonDocument getJson(const QString &path, const QUrlQuery &query = QUrlQuery())
    {
        int status = 0;
        const QByteArray body = waitFor(m_nam->get(request(path, query)), &status);
        if (status >= 400) {
            out << "GET " << path << " -> HTTP " << status << "\n";
            return {};
        }
        return QJsonDocument::fromJson(body);
    }

    // Used only to stamp the diary entry with the account doing the sync.
    QString currentUserName()
    {
        QUrl url = m_base;
        url.setPath(QStringLiteral("/rest/v1.0/me"));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", m_defaultHeaders.value("Authorization"));
        int status = 0;
        const QByteArray body = waitFor(m_nam->get(req), &status);
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("name")).toString();
    }

    // The meeting "show" payload is huge; the topics list is much lighter but
    // wants the v1.1 Accept header, so this one is put together by hand.
    QStringList topicTitles(qint64 projectId, qint64 meetingId)
    {
        QUrl url = m_base;
        url.setPath(QStringLiteral("/rest/v1.1/projects/%1/meetings/%2/meeting_topics").arg(projectId).arg(meetingId));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", m_defaultHeaders.value("Authorization"));
        req.setRawHeader("Accept", "application/json; version=1.1");
        int status = 0;
        const QByteArray body = waitFor(m_nam->get(req), &status);
        QStringList titles;
        const QJsonArray topics = QJsonDocument::fromJson(body).array();
        for (const QJsonValue &t : topics)
            titles << t.toObject().value(QStringLiteral("title")).toString();
        return titles;
    }

private:
    QNetworkAccessManager *m_nam;
    QUrl m_base;
    QUrl m_login;
    qint64 m_companyId = 0;
    QByteArray m_clientId;
    QByteArray m_clientSecret;
    QHash<QByteArray, QByteArray> m_defaultHeaders;
};

Meeting parseMeeting(const QJsonObject &o)
{
    Meeting m;
    m.id = o.value(QStringLiteral("id")).toVariant().toLongLong();
    m.position = o.value(QStringLiteral("position")).toInt();
    m.title = o.value(QStringLiteral("title")).toString();
    m.startsAt = QDateTime::fromString(o.value(QStringLiteral("meeting_date")).toString(), Qt::ISODate);
    m.locationId = o.value(QStringLiteral("location")).toObject().value(QStringLiteral("id")).toInt();
    const QJsonArray attendees = o.value(QStringLiteral("attendees")).toArray();
    for (const QJsonValue &a : attendees)
        m.attendeeIds.append(a.toObject().value(QStringLiteral("id")).toInt());
    return m;
}

QString renderPage(const Meeting &m, const QString &procoreLink)
{
    QString html = QStringLiteral("<!DOCTYPE html><html><head><title>%1</title></head><body>")
                       .arg(m.title.toHtmlEscaped());
    html += QStringLiteral("<p>Meeting #%1, %2 &mdash; <a href=\"%3\">open in Procore</a></p><ol>")
                .arg(m.position).arg(m.startsAt.toString(Qt::ISODate), procoreLink);
    for (const QString &t : m.topicTitles)
        html += QStringLiteral("<li>%1</li>").arg(t.toHtmlEscaped());
    html += QStringLiteral("</ol><p>%1 attendees</p></body></html>").arg(m.attendeeIds.size());
    return html;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Contoso"));
    QCoreApplication::setApplicationName(QStringLiteral("meeting-minutes-sync"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption projectOpt(QStringLiteral("project"), QStringLiteral("Procore project id"), QStringLiteral("id"));
    const QCommandLineOption sinceOpt(QStringLiteral("since"), QStringLiteral("Only meetings on/after"), QStringLiteral("date"));
    const QCommandLineOption dryRunOpt(QStringLiteral("dry-run"), QStringLiteral("Do not publish anything"));
    parser.addOptions({projectOpt, sinceOpt, dryRunOpt});
    parser.process(app);

    QSettings settings;
    QNetworkAccessManager nam;
    ProcoreApi procore(&nam, settings);
    if (!procore.refresh(settings.value(QStringLiteral("procore/refresh_token")).toByteArray())) {
        out << "token refresh failed, re-run the consent flow\n";
        return 2;
    }

    const qint64 projectId = parser.value(projectOpt).toLongLong();
    const QDate since = QDate::fromString(parser.value(sinceOpt), Qt::ISODate);
    const int perPage = settings.value(QStringLiteral("sync/per_page"), 100).toInt();

    QVector<Meeting> meetings;
    for (int page = 1; page <= 50; ++page) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("page"), QString::number(page));
        q.addQueryItem(QStringLiteral("per_page"), QString::number(perPage));
        const QJsonArray arr = procore.getJson(QStringLiteral("/rest/v1.0/projects/%1/meetings").arg(projectId), q).array();
        for (const QJsonValue &v : arr) {
            Meeting m = parseMeeting(v.toObject());
            if (!since.isValid() || m.startsAt.date() >= since)
                meetings.append(m);
        }
        if (arr.size() < perPage)
            break;
    }
    out << "found " << meetings.size() << " meetings\n";

    const QString syncUser = procore.currentUserName();
    const QByteArray graphToken = settings.value(QStringLiteral("graph/access_token")).toByteArray();
    const QString sectionId = settings.value(QStringLiteral("graph/onenote_section")).toString();
    const QUrl diaryBase(settings.value(QStringLiteral("intranet/diary_url"),
                                        QStringLiteral("https://intranet.contoso-build.com/api/site-diary/")).toString());

    int published = 0;
    for (Meeting &m : meetings) {
        m.topicTitles = procore.topicTitles(projectId, m.id);
        const QString link = QStringLiteral("https://app.procore.com/%1/project/meetings/%2").arg(projectId).arg(m.id);
        if (parser.isSet(dryRunOpt)) {
            out << "[dry-run] " << m.title << " (" << m.topicTitles.size() << " topics)\n";
            continue;
        }

        QNetworkRequest page(QUrl(QStringLiteral("https://graph.microsoft.com/v1.0/me/onenote/sections/%1/pages").arg(sectionId)));
        page.setRawHeader("Authorization", "Bearer " + graphToken);
        page.setHeader(QNetworkRequest::ContentTypeHeader, "application/xhtml+xml");
        int status = 0;
        waitFor(nam.post(page, renderPage(m, link).toUtf8()), &status);
        if (status != 201) {
            out << "OneNote rejected " << m.title << ": HTTP " << status << "\n";
            continue;
        }

        QJsonObject entry;
        entry.insert(QStringLiteral("procore_meeting_id"), QString::number(m.id));
        entry.insert(QStringLiteral("procore_project_id"), QString::number(projectId));
        entry.insert(QStringLiteral("title"), m.title);
        entry.insert(QStringLiteral("link"), link);
        entry.insert(QStringLiteral("synced_by"), syncUser);
        QNetworkRequest diary(diaryBase.resolved(QUrl(QStringLiteral("entries"))));
        diary.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        diary.setRawHeader("X-Api-Key", settings.value(QStringLiteral("intranet/api_key")).toByteArray());
        waitFor(nam.post(diary, QJsonDocument(entry).toJson(QJsonDocument::Compact)), &status);
        if (status / 100 == 2)
            ++published;
    }

    out << "published " << published << "/" << meetings.size() << " meetings\n";
    return published == meetings.size() ? 0 : 1;
}
