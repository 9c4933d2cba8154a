/*
 * tasktray.c - "Procore Tasks" notification-area poller.
 *
 * Started life as TaskTray.exe (Win32, Shell_NotifyIcon). The Linux build runs
 * under the site office thin clients and prints the balloons to the log and to
 * the team's chat webhook. Plain C so the same file still builds with VC6.
 */
#include <curl/curl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

typedef long LONG;
typedef unsigned long DWORD;
typedef int BOOL;
typedef const char *LPCSTR;
typedef const wchar_t *LPCWSTR;
typedef wchar_t WCHAR;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
#define TRUE 1
#define FALSE 0

#define PROCORE_API_BASE   L"https://api.procore.com"
#define PROCORE_LOGIN_BASE L"https://login.procore.com"
#define TASKS_URL_FMT      L"https://app.procore.com/rest/v1.0/projects/%lld/tasks?filters[assignee_id]=%lld&filters[status]=initiated"
#define TASK_WEB_FMT       L"https://app.procore.com/%lld/project/tasks/%lld"
#define MAX_PROJECTS 16
#define MAX_SEEN 512

typedef struct tagTRAY_CONFIG {
    WCHAR szAccessToken[512];
    LONGLONG llCompanyId;
    LONGLONG llUserId;
    DWORD dwPollSeconds;
    int nProjects;
    LONGLONG allProjectIds[MAX_PROJECTS];
    WCHAR szChatWebhook[256];
} TRAY_CONFIG;

typedef struct tagTASK_INFO {
    LONG lTaskId;
    LONGLONG llProjectId;
    char szTitle[200];
} TASK_INFO;

typedef struct tagMEMBUF {
    char *pData;
    size_t cb;
} MEMBUF;

static TRAY_CONFIG g_Cfg;
static TASK_INFO g_aSeen[MAX_SEEN];
static int g_nSeen = 0;

static BOOL WideToUtf8(LPCWSTR lpszIn, char *pOut, size_t cbOut)
{
    size_t n = wcstombs(pOut, lpszIn, cbOut - 1);
    if (n == (size_t)-1)
        return FALSE;
    pOut[n] = '\0';
    return TRUE;
}

static void TrimEol(WCHAR *psz)
{
    size_t n = wcslen(psz);
    while (n > 0 && (psz[n - 1] == L'\n' || psz[n - 1] == L'\r'))
        psz[--n] = L'\0';
}

static BOOL LoadConfig(LPCSTR lpszPath)
{
    WCHAR szLine[1024];
    FILE *fp = fopen(lpszPath, "r");
    if (!fp)
        return FALSE;
    memset(&g_Cfg, 0, sizeof(g_Cfg));
    g_Cfg.dwPollSeconds = 300;
    while (fgetws(szLine, 1024, fp)) {
        WCHAR *pEq = wcschr(szLine, L'=');
        if (szLine[0] == L';' || szLine[0] == L'[' || !pEq)
            continue;
        *pEq++ = L'\0';
        TrimEol(pEq);
        if (wcscmp(szLine, L"AccessToken") == 0)
            wcsncpy(g_Cfg.szAccessToken, pEq, 511);
        else if (wcscmp(szLine, L"CompanyId") == 0)
            g_Cfg.llCompanyId = wcstoll(pEq, NULL, 10);
        else if (wcscmp(szLine, L"PollSeconds") == 0)
            g_Cfg.dwPollSeconds = (DWORD)wcstoul(pEq, NULL, 10);
        else if (wcscmp(szLine, L"ChatWebhook") == 0)
            wcsncpy(g_Cfg.szChatWebhook, pEq, 255);
        else if (wcscmp(szLine, L"ProjectIds") == 0) {
            WCHAR *pState = NULL;
            WCHAR *pTok = wcstok(pEq, L",", &pState);
            while (pTok && g_Cfg.nProjects < MAX_PROJECTS) {
                g_Cfg.allProjectIds[g_Cfg.nProjects++] = (LONGLONG)wcstol(pTok, NULL, 10);
                pTok = wcstok(NULL, L",", &pState);
            }
        }
    }
    fclose(fp);
    return TRUE;
}

static size_t OnData(char *p, size_t sz, size_t n, void *pUser)
{
    MEMBUF *pBuf = (MEMBUF *)pUser;
    char *pNew = (char *)realloc(pBuf->pData, pBuf->cb + sz * n + 1);
    if (!pNew)
        return 0;
    memcpy(pNew + pBuf->cb, p, sz * n);
    pBuf->pData = pNew;
    pBuf->cb += sz * n;
    pBuf->pData[pBuf->cb] = '\0';
    return sz * n;
}

/* GET with the bearer token. Pass llCompanyId = 0 for the calls that do not need it. */
static long ProcoreGet(LPCWSTR lpszUrl, LONGLONG llCompanyId, MEMBUF *pOut)
{
    char szUrl[1024], szAuth[600], szTok[520], szCompany[64];
    struct curl_slist *pHdrs = NULL;
    long nStatus = 0;
    CURL *hCurl = curl_easy_init();

    WideToUtf8(lpszUrl, szUrl, sizeof(szUrl));
    WideToUtf8(g_Cfg.szAccessToken, szTok, sizeof(szTok));
    snprintf(szAuth, sizeof(szAuth), "Authorization: Bearer %s", szTok);
    pHdrs = curl_slist_append(pHdrs, szAuth);
    if (llCompanyId != 0) {
        snprintf(szCompany, sizeof(szCompany), "Procore-Company-Id: %lld", llCompanyId);
        pHdrs = curl_slist_append(pHdrs, szCompany);
    }
    curl_easy_setopt(hCurl, CURLOPT_URL, szUrl);
    curl_easy_setopt(hCurl, CURLOPT_HTTPHEADER, pHdrs);
    curl_easy_setopt(hCurl, CURLOPT_WRITEFUNCTION, OnData);
    curl_easy_setopt(hCurl, CURLOPT_WRITEDATA, pOut);
    if (curl_easy_perform(hCurl) == CURLE_OK)
        curl_easy_getinfo(hCurl, CURLINFO_RESPONSE_CODE, &nStatus);
    curl_slist_free_all(pHdrs);
    curl_easy_cleanup(hCurl);
    return nStatus;
}

/* Hand-rolled scan for "key":<number> after pStart (the payloads are flat enough). */
static const char *FindNumber(const char *pStart, const char *pszKey)
{
    char szPat[64];
    const char *p;
    snprintf(szPat, sizeof(szPat), "\"%s\":", pszKey);
    p = strstr(pStart, szPat);
    return p ? p + strlen(szPat) : NULL;
}

static BOOL AlreadySeen(LONG lTaskId)
{
    int i;
    for (i = 0; i < g_nSeen; ++i)
        if (g_aSeen[i].lTaskId == lTaskId)
            return TRUE;
    return FALSE;
}

static void PostToChat(const char *pszText)
{
    char szHook[300], szBody[600];
    CURL *hCurl;
    if (!g_Cfg.szChatWebhook[0] || !WideToUtf8(g_Cfg.szChatWebhook, szHook, sizeof(szHook)))
        return;
    snprintf(szBody, sizeof(szBody), "{\"text\":\"%s\"}", pszText);
    hCurl = curl_easy_init();
    curl_easy_setopt(hCurl, CURLOPT_URL, szHook);
    curl_easy_setopt(hCurl, CURLOPT_POSTFIELDS, szBody);
    curl_easy_perform(hCurl);
    curl_easy_cleanup(hCurl);
}

static void ShowBalloon(const TASK_INFO *pTask)
{
    WCHAR szLink[256];
    char szLinkA[256], szMsg[512];
    swprintf(szLink, 256, TASK_WEB_FMT, pTask->llProjectId, (LONGLONG)pTask->lTaskId);
    WideToUtf8(szLink, szLinkA, sizeof(szLinkA));
    snprintf(szMsg, sizeof(szMsg), "New Procore task: %s <%s>", pTask->szTitle, szLinkA);
    printf("%s\n", szMsg);
    PostToChat(szMsg);
}

static BOOL LookupMe(void)
{
    WCHAR szUrl[256];
    MEMBUF buf = { NULL, 0 };
    const char *p;
    swprintf(szUrl, 256, L"%ls/rest/v1.0/me", PROCORE_API_BASE);
    if (ProcoreGet(szUrl, 0, &buf) != 200 || !(p = FindNumber(buf.pData, "id"))) {
        free(buf.pData);
        return FALSE;
    }
    g_Cfg.llUserId = strtoll(p, NULL, 10);
    free(buf.pData);
    return TRUE;
}

static void PrintProjectName(LONGLONG llProjectId)
{
    WCHAR szUrl[256];
    MEMBUF buf = { NULL, 0 };
    const char *p;
    swprintf(szUrl, 256, L"%ls/rest/v1.0/projects/%lld?company_id=%lld", PROCORE_API_BASE,
             llProjectId, g_Cfg.llCompanyId);
    if (ProcoreGet(szUrl, 0, &buf) == 200 && (p = strstr(buf.pData, "\"name\":\"")) != NULL)
        printf("watching project %.*s\n", (int)strcspn(p + 8, "\""), p + 8);
    free(buf.pData);
}

static int PollProject(LONGLONG llProjectId)
{
    WCHAR szUrl[512];
    MEMBUF buf = { NULL, 0 };
    const char *p;
    int nNew = 0;
    swprintf(szUrl, 512, TASKS_URL_FMT, llProjectId, g_Cfg.llUserId);
    if (ProcoreGet(szUrl, g_Cfg.llCompanyId, &buf) != 200) {
        free(buf.pData);
        return 0;
    }
    for (p = buf.pData; (p = FindNumber(p, "id")) != NULL; ) {
        TASK_INFO t;
        const char *pTitle = strstr(p, "\"title\":\"");
        memset(&t, 0, sizeof(t));
        t.lTaskId = strtol(p, NULL, 10);
        t.llProjectId = llProjectId;
        if (pTitle)
            snprintf(t.szTitle, sizeof(t.szTitle), "%.*s", (int)strcspn(pTitle + 9, "\""), pTitle + 9);
        if (!AlreadySeen(t.lTaskId) && g_nSeen < MAX_SEEN) {
            g_aSeen[g_nSeen++] = t;
            ShowBalloon(&t);
            ++nNew;
        }
        p = pTitle ? pTitle + 9 : p + 1;
    }
    free(buf.pData);
    return nNew;
}

int main(int argc, char **argv)
{
    int i;
    setlocale(LC_ALL, "");
    if (!LoadConfig(argc > 1 ? argv[1] : "tasktray.ini")) {
        fprintf(stderr, "cannot read tasktray.ini\n");
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!LookupMe()) {
        fwprintf(stderr, L"token rejected; sign in again at %ls/oauth/authorize\n", PROCORE_LOGIN_BASE);
        return 1;
    }
    for (i = 0; i < g_Cfg.nProjects; ++i)
        PrintProjectName(g_Cfg.allProjectIds[i]);
    for (;;) {
        int nTotal = 0;
        for (i = 0; i < g_Cfg.nProjects; ++i)
            nTotal += PollProject(g_Cfg.allProjectIds[i]);
        if (nTotal > 0)
            printf("%d new task(s)\n", nTotal);
        sleep(g_Cfg.dwPollSeconds);
    }
    curl_global_cleanup();
    return 0;
}
