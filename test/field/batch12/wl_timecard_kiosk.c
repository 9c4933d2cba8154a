/*
 * timekiosk.c - gate kiosk for crew timecards (badge in / badge out).
 *
 * Originally TimeKiosk.exe on the Win XP Embedded gate terminals; now runs on the
 * Linux panel PCs. Authenticates as a Procore Developer Managed Service Account
 * (client credentials), so there is no user sign-in on the kiosk.
 */
#include <curl/curl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

typedef long LONG;
typedef unsigned long DWORD;
typedef int BOOL;
typedef const char *LPCSTR;
typedef const wchar_t *LPCWSTR;
typedef wchar_t WCHAR;
typedef long long LONGLONG;
#define TRUE 1
#define FALSE 0

#define LOGIN_HOST    L"https://login.procore.com"
#define API_HOST      L"https://api.procore.com"
#define TIMESHEET_FMT L"https://app.procore.com/vapid/projects/%lld/timesheets?date=%ls"
#define MAX_BADGES 400

typedef struct tagKIOSK_CFG {
    WCHAR szClientId[96];
    WCHAR szClientSecret[128];
    LONGLONG llCompanyId;
    LONGLONG llProjectId;
    unsigned int uDefaultCostCodeId;
    int nReaderPort;
    WCHAR szSiteName[64];
} KIOSK_CFG;

typedef struct tagBADGE_MAP {
    char szBadge[16];
    LONG lPartyId;
} BADGE_MAP;

typedef struct tagRESP { char *p; size_t n; } RESP;

static KIOSK_CFG g_Cfg;
static char g_szToken[1024];
static BADGE_MAP g_aBadges[MAX_BADGES];
static int g_nBadges = 0;

static void W2U(LPCWSTR lpsz, char *pOut, size_t cb)
{
    size_t n = wcstombs(pOut, lpsz, cb - 1);
    pOut[n == (size_t)-1 ? 0 : n] = '\0';
}

static BOOL ReadConfig(LPCSTR lpszIni)
{
    WCHAR szLine[512];
    FILE *fp = fopen(lpszIni, "r");
    if (!fp)
        return FALSE;
    memset(&g_Cfg, 0, sizeof(g_Cfg));
    g_Cfg.nReaderPort = 4001;
    while (fgetws(szLine, 512, fp)) {
        WCHAR *pVal = wcschr(szLine, L'=');
        szLine[wcscspn(szLine, L"\r\n")] = L'\0';
        if (!pVal || szLine[0] == L';' || szLine[0] == L'[')
            continue;
        *pVal++ = L'\0';
        if (!wcscmp(szLine, L"ClientId"))            wcsncpy(g_Cfg.szClientId, pVal, 95);
        else if (!wcscmp(szLine, L"ClientSecret"))   wcsncpy(g_Cfg.szClientSecret, pVal, 127);
        else if (!wcscmp(szLine, L"CompanyId"))      g_Cfg.llCompanyId = wcstoll(pVal, NULL, 10);
        else if (!wcscmp(szLine, L"ProjectId"))      g_Cfg.llProjectId = wcstoll(pVal, NULL, 10);
        else if (!wcscmp(szLine, L"CostCodeId"))     g_Cfg.uDefaultCostCodeId = (unsigned int)wcstoul(pVal, NULL, 10);
        else if (!wcscmp(szLine, L"ReaderPort"))     g_Cfg.nReaderPort = (int)wcstol(pVal, NULL, 10);
        else if (!wcscmp(szLine, L"SiteName"))       wcsncpy(g_Cfg.szSiteName, pVal, 63);
    }
    fclose(fp);
    return TRUE;
}

static size_t Collect(char *d, size_t sz, size_t n, void *u)
{
    RESP *r = (RESP *)u;
    char *q = (char *)realloc(r->p, r->n + sz * n + 1);
    if (!q)
        return 0;
    memcpy(q + r->n, d, sz * n);
    r->p = q;
    r->n += sz * n;
    r->p[r->n] = '\0';
    return sz * n;
}

/* One request to Procore. lpszBody may be NULL (GET). bCompany adds Procore-Company-Id. */
static long Call(LPCSTR lpszVerb, LPCWSTR lpszUrl, const char *lpszBody, BOOL bCompany, RESP *pResp)
{
    char szUrl[1024], szAuth[1100], szCo[64];
    long nHttp = 0;
    struct curl_slist *h = NULL;
    CURL *c = curl_easy_init();
    W2U(lpszUrl, szUrl, sizeof(szUrl));
    snprintf(szAuth, sizeof(szAuth), "Authorization: Bearer %s", g_szToken);
    h = curl_slist_append(h, szAuth);
    h = curl_slist_append(h, "Content-Type: application/json");
    if (bCompany) {
        snprintf(szCo, sizeof(szCo), "Procore-Company-Id: %lld", g_Cfg.llCompanyId);
        h = curl_slist_append(h, szCo);
    }
    curl_easy_setopt(c, CURLOPT_URL, szUrl);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, lpszVerb);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, pResp);
    if (lpszBody)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, lpszBody);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &nHttp);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return nHttp;
}

static BOOL GetServiceToken(void)
{
    char szId[96], szSecret[128], szBody[400], szUrl[128];
    RESP r = { NULL, 0 };
    const char *p;
    CURL *c = curl_easy_init();
    W2U(g_Cfg.szClientId, szId, sizeof(szId));
    W2U(g_Cfg.szClientSecret, szSecret, sizeof(szSecret));
    W2U(LOGIN_HOST L"/oauth/token", szUrl, sizeof(szUrl));
    snprintf(szBody, sizeof(szBody), "grant_type=client_credentials&client_id=%s&client_secret=%s", szId, szSecret);
    curl_easy_setopt(c, CURLOPT_URL, szUrl);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, szBody);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
    p = r.p ? strstr(r.p, "\"access_token\":\"") : NULL;
    if (p)
        snprintf(g_szToken, sizeof(g_szToken), "%.*s", (int)strcspn(p + 16, "\""), p + 16);
    free(r.p);
    return p != NULL;
}

/* The service account must be installed in the configured company. */
static BOOL CheckCompanyAccess(void)
{
    RESP r = { NULL, 0 };
    char szNeedle[48];
    BOOL bOk;
    snprintf(szNeedle, sizeof(szNeedle), "\"id\":%lld,", g_Cfg.llCompanyId);
    bOk = Call("GET", API_HOST L"/rest/v1.0/companies", NULL, FALSE, &r) == 200 && r.p && strstr(r.p, szNeedle);
    free(r.p);
    return bOk;
}

/* Crew directory: employee_id on the Procore user record is the badge number. */
static int LoadBadges(void)
{
    WCHAR szUrl[256];
    RESP r = { NULL, 0 };
    const char *p;
    swprintf(szUrl, 256, L"%ls/rest/v1.0/companies/%lld/users?per_page=500", API_HOST, g_Cfg.llCompanyId);
    if (Call("GET", szUrl, NULL, TRUE, &r) != 200) {
        free(r.p);
        return 0;
    }
    for (p = r.p; (p = strstr(p, "{\"id\":")) != NULL && g_nBadges < MAX_BADGES; ++p) {
        const char *pEmp = strstr(p, "\"employee_id\":\"");
        if (!pEmp)
            break;
        g_aBadges[g_nBadges].lPartyId = strtoll(p + 6, NULL, 10);
        snprintf(g_aBadges[g_nBadges].szBadge, 16, "%.*s", (int)strcspn(pEmp + 15, "\""), pEmp + 15);
        ++g_nBadges;
    }
    free(r.p);
    return g_nBadges;
}

/* Returns the id of today's open entry for the worker, or 0. */
static LONGLONG FindOpenEntry(LONG lPartyId, const char *pszDate)
{
    WCHAR szUrl[300];
    RESP r = { NULL, 0 };
    LONGLONG llEntryId = 0;
    const char *p;
    swprintf(szUrl, 300, L"%ls/rest/v1.0/projects/%d/timecard_entries?filters[party_id]=%lld&filters[date]=%s",
             API_HOST, (int)g_Cfg.llProjectId, (LONGLONG)lPartyId, pszDate);
    if (Call("GET", szUrl, NULL, TRUE, &r) == 200 && r.p && !strstr(r.p, "\"time_out\":\"") &&
        (p = strstr(r.p, "\"id\":")) != NULL)
        llEntryId = strtoll(p + 5, NULL, 10);
    free(r.p);
    return llEntryId;
}

static BOOL Punch(const BADGE_MAP *pBadge)
{
    char szDate[16], szTime[16], szBody[300];
    WCHAR szUrl[256];
    RESP r = { NULL, 0 };
    long nHttp;
    time_t now = time(NULL);
    LONGLONG llEntryId;
    strftime(szDate, sizeof(szDate), "%Y-%m-%d", localtime(&now));
    strftime(szTime, sizeof(szTime), "%H:%M", localtime(&now));
    llEntryId = FindOpenEntry(pBadge->lPartyId, szDate);
    if (llEntryId == 0) {
        swprintf(szUrl, 256, L"%ls/rest/v1.0/projects/%lld/timecard_entries", API_HOST, g_Cfg.llProjectId);
        snprintf(szBody, sizeof(szBody),
                 "{\"timecard_entry\":{\"party_id\":%ld,"
                 "\"cost_code_id\":%u,\"date\":\"%s\",\"time_in\":\"%s\"}}",
                 pBadge->lPartyId, g_Cfg.uDefaultCostCodeId, szDate, szTime);
        nHttp = Call("POST", szUrl, szBody, TRUE, &r);
    } else {
        swprintf(szUrl, 256, L"%ls/rest/v1.0/projects/%lld/timecard_entries/%lld", API_HOST,
                 g_Cfg.llProjectId, llEntryId);
        snprintf(szBody, sizeof(szBody), "{\"timecard_entry\":{\"time_out\":\"%s\"}}", szTime);
        nHttp = Call("PATCH", szUrl, szBody, TRUE, &r);
    }
    free(r.p);
    return nHttp == 200 || nHttp == 201;
}

static void PrintDailyTimesheet(void)
{
    WCHAR szUrl[256], szDate[16];
    RESP r = { NULL, 0 };
    time_t now = time(NULL);
    wcsftime(szDate, 16, L"%Y-%m-%d", localtime(&now));
    swprintf(szUrl, 256, TIMESHEET_FMT, g_Cfg.llProjectId, szDate);
    if (Call("GET", szUrl, NULL, TRUE, &r) == 200)
        printf("%s\n", r.p);
    free(r.p);
}

int main(int argc, char **argv)
{
    char szBadge[32];
    int i, nPunches = 0;
    setlocale(LC_ALL, "");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!ReadConfig(argc > 1 ? argv[1] : "/etc/timekiosk.ini") || !GetServiceToken() || !CheckCompanyAccess()) {
        fprintf(stderr, "kiosk not authorised for this company\n");
        return 1;
    }
    wprintf(L"%ls: %d crew badges loaded\n", g_Cfg.szSiteName, LoadBadges());
    while (fgets(szBadge, sizeof(szBadge), stdin)) {
        szBadge[strcspn(szBadge, "\r\n")] = '\0';
        if (strcmp(szBadge, "EOD") == 0) {
            PrintDailyTimesheet();
            continue;
        }
        for (i = 0; i < g_nBadges; ++i)
            if (strcmp(g_aBadges[i].szBadge, szBadge) == 0)
                break;
        if (i == g_nBadges)
            printf("unknown badge %s\n", szBadge);
        else if (Punch(&g_aBadges[i]))
            printf("badge %s ok (%d today)\n", szBadge, ++nPunches);
    }
    curl_global_cleanup();
    return 0;
}
