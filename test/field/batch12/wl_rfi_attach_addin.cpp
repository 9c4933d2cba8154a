// RfiAttach.cpp - back end of the "Attach to RFI" Office add-in.
// Originally RfiAttach.dll (VC++ 2008, MFC). The Linux build is driven by the
// LibreOffice bridge, so the Win32 typedefs are kept to share code with Windows.

#include <curl/curl.h>
#include <json/json.h>

#include <codecvt>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <fstream>
#include <locale>
#include <string>

typedef long LONG;
typedef unsigned long DWORD;
typedef int BOOL;
typedef const char* LPCSTR;
typedef const wchar_t* LPCWSTR;
typedef unsigned long long ULONGLONG;
typedef wchar_t WCHAR;
#define TRUE 1
#define FALSE 0
#define MAX_URL 1024

// Minimal CStringW replacement (MFC is not available on the Linux build box).
class CStr {
public:
    CStr() {}
    CStr(LPCWSTR psz) : m_str(psz ? psz : L"") {}
    void Format(LPCWSTR pszFmt, ...) {
        WCHAR buf[MAX_URL];
        va_list args;
        va_start(args, pszFmt);
        vswprintf(buf, MAX_URL, pszFmt, args);
        va_end(args);
        m_str = buf;
    }
    LPCWSTR GetString() const { return m_str.c_str(); }
    std::string ToUtf8() const {
        std::wstring_convert<std::codecvt_utf8<wchar_t>> conv;
        return conv.to_bytes(m_str);
    }
private:
    std::wstring m_str;
};

struct ADDIN_SETTINGS {
    WCHAR szApiBase[256];
    WCHAR szLoginBase[256];
    WCHAR szAccessToken[512];
    WCHAR szRefreshToken[512];
    WCHAR szClientId[128];
    WCHAR szClientSecret[128];
    ULONGLONG ullCompanyId;
    DWORD dwTimeoutSec;
    int nMaxPages;
};

struct RFI_ITEM {
    LONG lRfiId;
    ULONGLONG ullProjectId;
    WCHAR szNumber[32];
    WCHAR szSubject[256];
    DWORD dwAssigneeId;
};

static ADDIN_SETTINGS g_Settings;
static LPCWSTR kRevokeUrl = L"https://api.procore.com/oauth/revoke";
static LPCWSTR kHelpUrl = L"https://support.procore.com/products/online/user-guide/project-level/rfi";

static std::wstring Widen(const std::string& s)
{
    std::wstring_convert<std::codecvt_utf8<wchar_t>> conv;
    return conv.from_bytes(s);
}

static void LoadSettings(LPCSTR lpszIniPath, ADDIN_SETTINGS* pSet)
{
    memset(pSet, 0, sizeof(*pSet));
    wcscpy(pSet->szApiBase, L"https://api.procore.com");
    wcscpy(pSet->szLoginBase, L"https://login.procore.com");
    pSet->dwTimeoutSec = 60;
    pSet->nMaxPages = 20;

    std::wifstream in(lpszIniPath);
    std::wstring line;
    while (std::getline(in, line)) {
        size_t eq = line.find(L'=');
        if (line.empty() || line[0] == L';' || line[0] == L'[' || eq == std::wstring::npos)
            continue;
        std::wstring key = line.substr(0, eq), val = line.substr(eq + 1);
        if (key == L"ApiBase")            wcsncpy(pSet->szApiBase, val.c_str(), 255);
        else if (key == L"LoginBase")     wcsncpy(pSet->szLoginBase, val.c_str(), 255);
        else if (key == L"AccessToken")   wcsncpy(pSet->szAccessToken, val.c_str(), 511);
        else if (key == L"RefreshToken")  wcsncpy(pSet->szRefreshToken, val.c_str(), 511);
        else if (key == L"ClientId")      wcsncpy(pSet->szClientId, val.c_str(), 127);
        else if (key == L"ClientSecret")  wcsncpy(pSet->szClientSecret, val.c_str(), 127);
        else if (key == L"CompanyId")     pSet->ullCompanyId = wcstoull(val.c_str(), NULL, 10);
        else if (key == L"TimeoutSec")    pSet->dwTimeoutSec = (DWORD)wcstoul(val.c_str(), NULL, 10);
        else if (key == L"MaxPages")      pSet->nMaxPages = (int)wcstol(val.c_str(), NULL, 10);
    }
}

static size_t WriteCb(char* p, size_t sz, size_t n, void* pUser)
{
    ((std::string*)pUser)->append(p, sz * n);
    return sz * n;
}

// Sends one request. bCompanyHdr is FALSE only for the OAuth and /me calls.
static long HttpRequest(LPCSTR lpszMethod, const CStr& url, const std::string& body,
                        LPCSTR lpszContentType, BOOL bCompanyHdr, std::string* pResp)
{
    CURL* hCurl = curl_easy_init();
    struct curl_slist* pHdrs = NULL;
    std::string sAuth = "Authorization: Bearer " + CStr(g_Settings.szAccessToken).ToUtf8();
    pHdrs = curl_slist_append(pHdrs, sAuth.c_str());
    std::string sType = std::string("Content-Type: ") + lpszContentType;
    pHdrs = curl_slist_append(pHdrs, sType.c_str());
    if (bCompanyHdr) {
        char szHdr[64];
        snprintf(szHdr, sizeof(szHdr), "Procore-Company-Id: %lu", g_Settings.ullCompanyId);
        pHdrs = curl_slist_append(pHdrs, szHdr);
    }
    std::string sUrl = url.ToUtf8();
    curl_easy_setopt(hCurl, CURLOPT_URL, sUrl.c_str());
    curl_easy_setopt(hCurl, CURLOPT_CUSTOMREQUEST, lpszMethod);
    curl_easy_setopt(hCurl, CURLOPT_HTTPHEADER, pHdrs);
    curl_easy_setopt(hCurl, CURLOPT_TIMEOUT, (long)g_Settings.dwTimeoutSec);
    curl_easy_setopt(hCurl, CURLOPT_WRITEFUNCTION, WriteCb);
    curl_easy_setopt(hCurl, CURLOPT_WRITEDATA, pResp);
    if (!body.empty())
        curl_easy_setopt(hCurl, CURLOPT_POSTFIELDS, body.c_str());

    long nStatus = 0;
    if (curl_easy_perform(hCurl) == CURLE_OK)
        curl_easy_getinfo(hCurl, CURLINFO_RESPONSE_CODE, &nStatus);
    curl_slist_free_all(pHdrs);
    curl_easy_cleanup(hCurl);
    return nStatus;
}

static BOOL RefreshAccessToken()
{
    CStr url;
    url.Format(L"%ls/oauth/token", g_Settings.szLoginBase);
    std::string body = "grant_type=refresh_token&client_id=" + CStr(g_Settings.szClientId).ToUtf8() +
                       "&client_secret=" + CStr(g_Settings.szClientSecret).ToUtf8() +
                       "&refresh_token=" + CStr(g_Settings.szRefreshToken).ToUtf8();
    std::string resp;
    if (HttpRequest("POST", url, body, "application/x-www-form-urlencoded", FALSE, &resp) != 200)
        return FALSE;
    Json::Value root;
    if (!Json::Reader().parse(resp, root))
        return FALSE;
    wcsncpy(g_Settings.szAccessToken, Widen(root["access_token"].asString()).c_str(), 511);
    wcsncpy(g_Settings.szRefreshToken, Widen(root["refresh_token"].asString()).c_str(), 511);
    return TRUE;
}

static ULONGLONG GetCurrentUserId()
{
    CStr url;
    url.Format(L"%ls/rest/v1.0/me", g_Settings.szApiBase);
    std::string resp;
    if (HttpRequest("GET", url, "", "application/json", FALSE, &resp) != 200)
        return 0;
    Json::Value me;
    Json::Reader().parse(resp, me);
    return me["id"].asUInt64();
}

static int LoadOpenRfis(ULONGLONG ullProjectId, RFI_ITEM* pItems, int nMax)
{
    int nCount = 0;
    for (int nPage = 1; nPage <= g_Settings.nMaxPages && nCount < nMax; ++nPage) {
        CStr url;
        url.Format(L"%ls/rest/v1.0/projects/%llu/rfis?filters[status]=open&page=%d&per_page=100",
                   g_Settings.szApiBase, ullProjectId, nPage);
        std::string resp;
        if (HttpRequest("GET", url, "", "application/json", TRUE, &resp) != 200)
            break;
        Json::Value arr;
        Json::Reader().parse(resp, arr);
        if (!arr.isArray() || arr.empty())
            break;
        for (Json::ArrayIndex i = 0; i < arr.size() && nCount < nMax; ++i) {
            const Json::Value& v = arr[i];
            RFI_ITEM& item = pItems[nCount++];
            item.lRfiId = (LONG)v["id"].asInt64();
            item.ullProjectId = ullProjectId;
            wcsncpy(item.szNumber, Widen(v["number"].asString()).c_str(), 31);
            wcsncpy(item.szSubject, Widen(v["subject"].asString()).c_str(), 255);
            item.dwAssigneeId = v["assignee"]["id"].asUInt();
        }
    }
    return nCount;
}

// Creates an upload slot, PUTs the file to the presigned URL, returns the upload uuid.
static std::string UploadDocument(ULONGLONG ullProjectId, const std::string& sFileName,
                                  const std::string& sFileBytes)
{
    CStr url;
    url.Format(L"%ls/rest/v1.0/projects/%llu/uploads", g_Settings.szApiBase, ullProjectId);
    Json::Value req;
    req["response_filename"] = sFileName;
    req["response_content_type"] = "application/octet-stream";
    std::string resp;
    if (HttpRequest("POST", url, Json::FastWriter().write(req), "application/json", TRUE, &resp) != 201)
        return "";
    Json::Value slot;
    Json::Reader().parse(resp, slot);

    // presigned S3 form on storage.procore.com - no Procore auth headers here
    CURL* hCurl = curl_easy_init();
    curl_mime* pMime = curl_mime_init(hCurl);
    for (const std::string& name : slot["fields"].getMemberNames()) {
        curl_mimepart* part = curl_mime_addpart(pMime);
        curl_mime_name(part, name.c_str());
        curl_mime_data(part, slot["fields"][name].asCString(), CURL_ZERO_TERMINATED);
    }
    curl_mimepart* filePart = curl_mime_addpart(pMime);
    curl_mime_name(filePart, "file");
    curl_mime_data(filePart, sFileBytes.data(), sFileBytes.size());
    curl_easy_setopt(hCurl, CURLOPT_URL, slot["url"].asCString());
    curl_easy_setopt(hCurl, CURLOPT_MIMEPOST, pMime);
    CURLcode rc = curl_easy_perform(hCurl);
    curl_mime_free(pMime);
    curl_easy_cleanup(hCurl);
    return rc == CURLE_OK ? slot["uuid"].asString() : "";
}

static BOOL AttachToRfi(const RFI_ITEM& rfi, const std::string& sUploadUuid, ULONGLONG ullUserId)
{
    CStr url;
    url.Format(L"%ls/rest/v1.0/projects/%llu/rfis/%ld", g_Settings.szApiBase,
               rfi.ullProjectId, rfi.lRfiId);
    Json::Value body;
    body["rfi"]["upload_ids"].append(sUploadUuid);
    std::string resp;
    if (HttpRequest("PATCH", url, Json::FastWriter().write(body), "application/json", FALSE, &resp) != 200)
        return FALSE;

    CStr replyUrl;
    replyUrl.Format(L"%ls/rest/v1.0/projects/%llu/rfis/%llu/replies", g_Settings.szApiBase,
                    rfi.ullProjectId, (ULONGLONG)rfi.lRfiId);
    Json::Value reply;
    reply["reply"]["body"] = "Document attached from Office add-in";
    reply["reply"]["created_by_id"] = (Json::UInt64)ullUserId;
    resp.clear();
    return HttpRequest("POST", replyUrl, Json::FastWriter().write(reply), "application/json", TRUE, &resp) == 201;
}

static void SignOut()
{
    std::string body = "token=" + CStr(g_Settings.szAccessToken).ToUtf8() +
                       "&client_id=" + CStr(g_Settings.szClientId).ToUtf8();
    std::string resp;
    HttpRequest("POST", CStr(kRevokeUrl), body, "application/x-www-form-urlencoded", FALSE, &resp);
}

int main(int argc, char** argv)
{
    if (argc < 4)
        return fwprintf(stderr, L"usage: rfiattach <settings.ini> <project-id> <file>\nHelp: %ls\n", kHelpUrl), 2;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    LoadSettings(argv[1], &g_Settings);
    ULONGLONG ullProjectId = strtoull(argv[2], NULL, 10);
    if (!RefreshAccessToken())
        return fwprintf(stderr, L"could not refresh the Procore token\n"), 1;
    ULONGLONG ullUserId = GetCurrentUserId();

    static RFI_ITEM s_Rfis[500];
    int nRfis = LoadOpenRfis(ullProjectId, s_Rfis, 500);
    for (int i = 0; i < nRfis; ++i)
        wprintf(L"[%d] RFI #%ls  %ls\n", i, s_Rfis[i].szNumber, s_Rfis[i].szSubject);
    wprintf(L"Pick an RFI: ");
    int nPick = -1;
    if (wscanf(L"%d", &nPick) != 1 || nPick < 0 || nPick >= nRfis)
        return 1;

    std::ifstream file(argv[3], std::ios::binary);
    std::string sBytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::string sName = argv[3];
    std::string sUuid = UploadDocument(ullProjectId, sName.substr(sName.find_last_of('/') + 1), sBytes);
    if (sUuid.empty() || !AttachToRfi(s_Rfis[nPick], sUuid, ullUserId))
        return fwprintf(stderr, L"attach failed\n"), 1;
    CStr link;
    link.Format(L"https://app.procore.com/%llu/project/rfi/show/%ld", ullProjectId, s_Rfis[nPick].lRfiId);
    wprintf(L"Attached. Open in Procore: %ls\n", link.GetString());
    SignOut();
    curl_global_cleanup();
    return 0;
}
