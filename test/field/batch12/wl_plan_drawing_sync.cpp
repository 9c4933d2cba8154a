// DrawingSync.cpp - PlanView plug-in that mirrors Procore drawing sets into the
// local plan cache. Ported from the PlanView 6 Win32 plug-in SDK; the Qt build
// shares the URL-building code with the Windows one, hence the wide strings.

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QString>
#include <QUrl>

#include <rapidjson/document.h>

#include <cstdint>
#include <cstdio>
#include <cwchar>

typedef long LONG;
typedef unsigned long DWORD;
typedef int BOOL;
typedef const char* LPCSTR;
typedef const wchar_t* LPCWSTR;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef intptr_t INT_PTR;
#define TRUE 1
#define FALSE 0

struct PROCORE_ENV {
    LPCWSTR lpszName;
    LPCWSTR lpszLoginHost;
    LPCWSTR lpszApiHost;
};

static const PROCORE_ENV g_Envs[] = {
    { L"production", L"https://login.procore.com",                 L"https://api.procore.com" },
    { L"sandbox",    L"https://sandbox.procore.com",               L"https://sandbox.procore.com" },
    { L"monthly",    L"https://login-sandbox-monthly.procore.com", L"https://api-monthly.procore.com" },
};

struct PLUGIN_SETTINGS {
    QString strEnv;
    QString strAccessToken;
    QString strRefreshToken;
    QString strClientId;
    QString strClientSecret;
    qint64 llCompanyId;
    qint64 llProjectId;
    QString strCacheDir;
    int nPollMinutes;
};

struct DRAWING_REC {
    qint64 llDrawingId;
    LONGLONG llRevisionId;
    int nRevisionNumber;        // "Rev 3" as printed in the title block
    wchar_t szNumber[32];
    wchar_t szTitle[128];
    QString strPngUrl;
};

class CDrawingSyncPlugin {
public:
    explicit CDrawingSyncPlugin(INT_PTR hHostWnd) : m_hHostWnd(hHostWnd), m_pEnv(&g_Envs[0]) {}

    void LoadSettings(const QString& strIni)
    {
        QSettings ini(strIni, QSettings::IniFormat);
        ini.beginGroup("Procore");
        m_Set.strEnv          = ini.value("Environment", "production").toString();
        m_Set.strAccessToken  = ini.value("AccessToken").toString();
        m_Set.strRefreshToken = ini.value("RefreshToken").toString();
        m_Set.strClientId     = ini.value("ClientId").toString();
        m_Set.strClientSecret = ini.value("ClientSecret").toString();
        m_Set.llCompanyId     = ini.value("CompanyId").toLongLong();
        m_Set.llProjectId     = ini.value("ProjectId").toInt();
        ini.endGroup();
        m_Set.strCacheDir  = ini.value("Cache/Dir", QDir::homePath() + "/.planview/procore").toString();
        m_Set.nPollMinutes = ini.value("Cache/PollMinutes", 15).toInt();

        for (const PROCORE_ENV& env : g_Envs)
            if (m_Set.strEnv == QString::fromWCharArray(env.lpszName))
                m_pEnv = &env;
    }

    BOOL RefreshToken()
    {
        wchar_t szUrl[512];
        swprintf(szUrl, 512, L"%ls/oauth/token", m_pEnv->lpszLoginHost);
        QNetworkRequest req(QUrl(QString::fromWCharArray(szUrl)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QByteArray body = "grant_type=refresh_token&client_id=" + m_Set.strClientId.toUtf8() +
                          "&client_secret=" + m_Set.strClientSecret.toUtf8() +
                          "&refresh_token=" + m_Set.strRefreshToken.toUtf8();
        QByteArray resp;
        if (SyncSend(req, "POST", body, &resp) != 200)
            return FALSE;
        rapidjson::Document doc;
        doc.Parse(resp.constData());
        if (doc.HasParseError() || !doc.HasMember("access_token"))
            return FALSE;
        m_Set.strAccessToken  = QString::fromUtf8(doc["access_token"].GetString());
        m_Set.strRefreshToken = QString::fromUtf8(doc["refresh_token"].GetString());
        return TRUE;
    }

    // Makes sure the configured company is one the user can see.
    BOOL CheckCompany()
    {
        wchar_t szUrl[512];
        swprintf(szUrl, 512, L"%ls/rest/v1.0/companies", m_pEnv->lpszApiHost);
        QNetworkRequest req(QUrl(QString::fromWCharArray(szUrl)));
        req.setRawHeader("Authorization", "Bearer " + m_Set.strAccessToken.toUtf8());
        QByteArray resp;
        if (SyncSend(req, "GET", QByteArray(), &resp) != 200)
            return FALSE;
        rapidjson::Document doc;
        doc.Parse(resp.constData());
        for (const auto& c : doc.GetArray())
            if (c["id"].GetInt64() == m_Set.llCompanyId)
                return TRUE;
        return FALSE;
    }

    QString ProjectName()
    {
        wchar_t szUrl[512];
        swprintf(szUrl, 512, L"%ls/rest/v1.0/projects/%lld?company_id=%lld", m_pEnv->lpszApiHost,
                 m_Set.llProjectId, m_Set.llCompanyId);
        QNetworkRequest req(QUrl(QString::fromWCharArray(szUrl)));
        req.setRawHeader("Authorization", "Bearer " + m_Set.strAccessToken.toUtf8());
        QByteArray resp;
        if (SyncSend(req, "GET", QByteArray(), &resp) != 200)
            return QString();
        rapidjson::Document doc;
        doc.Parse(resp.constData());
        return QString::fromUtf8(doc["name"].GetString());
    }

    int SyncAll()
    {
        wchar_t szUrl[512];
        swprintf(szUrl, 512, L"%ls/rest/v1.0/projects/%ld/drawing_areas", m_pEnv->lpszApiHost,
                 m_Set.llProjectId);
        QByteArray resp;
        if (SyncSend(MakeApiRequest(szUrl), "GET", QByteArray(), &resp) != 200)
            return -1;
        rapidjson::Document areas;
        areas.Parse(resp.constData());
        int nSynced = 0;
        for (const auto& area : areas.GetArray()) {
            int nAreaId = area["id"].GetInt();
            QString strUrl = QString("%1/rest/v1.0/drawing_areas/%2/drawings")
                                 .arg(QString::fromWCharArray(m_pEnv->lpszApiHost)).arg(nAreaId);
            QNetworkRequest req{QUrl(strUrl)};
            req.setRawHeader("Authorization", "Bearer " + m_Set.strAccessToken.toUtf8());
            req.setRawHeader("X-Procore-Company-Id", QByteArray::number(m_Set.llCompanyId));
            QByteArray drawingsJson;
            if (SyncSend(req, "GET", QByteArray(), &drawingsJson) != 200)
                continue;
            rapidjson::Document drawings;
            drawings.Parse(drawingsJson.constData());
            for (const auto& d : drawings.GetArray()) {
                DRAWING_REC rec = {};
                rec.llDrawingId = d["id"].GetInt64();
                swprintf(rec.szNumber, 32, L"%s", d["number"].GetString());
                swprintf(rec.szTitle, 128, L"%s", d["title"].GetString());
                if (FetchCurrentRevision(&rec) && DownloadSheet(rec))
                    ++nSynced;
            }
            wprintf(L"area %ls: see https://app.procore.com/%lld/project/drawing_areas/%lld/drawing_log\n",
                    QString::fromUtf8(area["name"].GetString()).toStdWString().c_str(),
                    m_Set.llProjectId, area["id"].GetInt64());
        }
        return nSynced;
    }

private:
    QNetworkRequest MakeApiRequest(const wchar_t* szUrl)
    {
        QNetworkRequest req(QUrl(QString::fromWCharArray(szUrl)));
        req.setRawHeader("Authorization", "Bearer " + m_Set.strAccessToken.toUtf8());
        req.setRawHeader("Procore-Company-Id", QByteArray::number(m_Set.llCompanyId));
        return req;
    }

    BOOL FetchCurrentRevision(DRAWING_REC* pRec)
    {
        wchar_t szUrl[512];
        swprintf(szUrl, 512, L"%ls/rest/v1.0/projects/%lld/drawing_revisions?filters[drawing_id]=%lld&filters[current]=true",
                 m_pEnv->lpszApiHost, m_Set.llProjectId, pRec->llDrawingId);
        QByteArray resp;
        if (SyncSend(MakeApiRequest(szUrl), "GET", QByteArray(), &resp) != 200)
            return FALSE;
        rapidjson::Document doc;
        doc.Parse(resp.constData());
        if (!doc.IsArray() || doc.Empty())
            return FALSE;
        const auto& rev = doc[0];
        pRec->llRevisionId = rev["id"].GetInt64();
        pRec->nRevisionNumber = rev["revision_number"].IsString() ? atoi(rev["revision_number"].GetString()) : 0;
        pRec->strPngUrl = QString::fromUtf8(rev["png_url"].GetString());
        return TRUE;
    }

    // png_url is a presigned storage URL: plain GET, no Procore headers.
    BOOL DownloadSheet(const DRAWING_REC& rec)
    {
        QByteArray png;
        if (SyncSend(QNetworkRequest(QUrl(rec.strPngUrl)), "GET", QByteArray(), &png) != 200)
            return FALSE;
        QDir().mkpath(m_Set.strCacheDir);
        QFile f(QString("%1/%2_rev%3.png").arg(m_Set.strCacheDir).arg(rec.llDrawingId).arg(rec.llRevisionId));
        if (!f.open(QIODevice::WriteOnly))
            return FALSE;
        f.write(png);
        return TRUE;
    }

    int SyncSend(const QNetworkRequest& req, const QByteArray& verb, const QByteArray& body, QByteArray* pOut)
    {
        QNetworkReply* pReply = verb == "GET" ? m_nam.get(req) : m_nam.post(req, body);
        QEventLoop loop;
        QObject::connect(pReply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        int nStatus = pReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        *pOut = pReply->readAll();
        pReply->deleteLater();
        return nStatus;
    }

    INT_PTR m_hHostWnd;
    const PROCORE_ENV* m_pEnv;
    PLUGIN_SETTINGS m_Set;
    QNetworkAccessManager m_nam;
};

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    CDrawingSyncPlugin plugin(0);
    plugin.LoadSettings(argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::homePath() + "/.planview/procore.ini");
    if (!plugin.RefreshToken() || !plugin.CheckCompany()) {
        fwprintf(stderr, L"Procore sign-in failed; see https://developers.procore.com/documentation/oauth-introduction\n");
        return 1;
    }
    wprintf(L"Syncing %ls\n", plugin.ProjectName().toStdWString().c_str());
    int nSheets = plugin.SyncAll();
    wprintf(L"%d sheets synced\n", nSheets);
    return nSheets < 0 ? 1 : 0;
}
