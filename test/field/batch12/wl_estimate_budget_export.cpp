// BudgetExport.cpp - "Export to Procore" command of EstiMate Pro (legacy estimating).
// Reads the frozen estimate from the in-house estimate server and pushes it into the
// Procore project budget as budget line items. Shared with the Win32 build (VC 2010).

#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <list>
#include <sstream>
#include <string>

typedef long LONG;
typedef unsigned long DWORD;
typedef int BOOL;
typedef const char* LPCSTR;
typedef const wchar_t* LPCWSTR;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
#define TRUE 1
#define FALSE 0

struct EXPORT_SETTINGS {
    wchar_t szEnvironment[32];
    wchar_t szLoginBase[128];
    wchar_t szApiBase[128];
    wchar_t szAccessToken[512];
    wchar_t szRefreshToken[512];
    wchar_t szClientId[96];
    DWORD dwCompanyId;
    ULONGLONG ullProjectId;
    wchar_t szEstimateHost[128];
    int nEstimatePort;
};

struct ESTIMATE_LINE {
    wchar_t szCostCode[24];
    wchar_t szDescription[128];
    double dAmount;
    LONGLONG llCostCodeId;     // resolved Procore cost code
    int nLineNo;
};

static EXPORT_SETTINGS g_Set;

// Hand-rolled UTF-16/32 -> UTF-8 (the Windows build uses WideCharToMultiByte).
static std::string W2A(LPCWSTR lpsz)
{
    std::string out;
    for (; *lpsz; ++lpsz) {
        unsigned long c = (unsigned long)*lpsz;
        if (c < 0x80) out += (char)c;
        else if (c < 0x800) { out += (char)(0xC0 | (c >> 6)); out += (char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) { out += (char)(0xE0 | (c >> 12)); out += (char)(0x80 | ((c >> 6) & 0x3F)); out += (char)(0x80 | (c & 0x3F)); }
        else { out += (char)(0xF0 | (c >> 18)); out += (char)(0x80 | ((c >> 12) & 0x3F)); out += (char)(0x80 | ((c >> 6) & 0x3F)); out += (char)(0x80 | (c & 0x3F)); }
    }
    return out;
}

static void SelectEnvironment(LPCWSTR lpszEnv)
{
    if (wcscmp(lpszEnv, L"monthly") == 0) {
        wcscpy(g_Set.szLoginBase, L"https://login-sandbox-monthly.procore.com");
        wcscpy(g_Set.szApiBase,   L"https://login-sandbox-monthly.procore.com");
    } else if (wcscmp(lpszEnv, L"sandbox") == 0) {
        wcscpy(g_Set.szLoginBase, L"https://login-sandbox.procore.com");
        wcscpy(g_Set.szApiBase,   L"https://sandbox.procore.com");
    } else {
        wcscpy(g_Set.szLoginBase, L"https://login.procore.com");
        wcscpy(g_Set.szApiBase,   L"https://api.procore.com");
    }
}

static BOOL LoadSettings(LPCSTR lpszIni)
{
    FILE* fp = fopen(lpszIni, "r");
    if (!fp) return FALSE;
    wchar_t szLine[1024];
    memset(&g_Set, 0, sizeof(g_Set));
    wcscpy(g_Set.szEnvironment, L"production");
    wcscpy(g_Set.szEstimateHost, L"estsrv01");
    g_Set.nEstimatePort = 8080;
    while (fgetws(szLine, 1024, fp)) {
        szLine[wcscspn(szLine, L"\r\n")] = L'\0';
        wchar_t* pVal = wcschr(szLine, L'=');
        if (!pVal || szLine[0] == L';' || szLine[0] == L'[') continue;
        *pVal++ = L'\0';
        if (!wcscmp(szLine, L"Environment"))       wcsncpy(g_Set.szEnvironment, pVal, 31);
        else if (!wcscmp(szLine, L"AccessToken"))  wcsncpy(g_Set.szAccessToken, pVal, 511);
        else if (!wcscmp(szLine, L"RefreshToken")) wcsncpy(g_Set.szRefreshToken, pVal, 511);
        else if (!wcscmp(szLine, L"ClientId"))     wcsncpy(g_Set.szClientId, pVal, 95);
        else if (!wcscmp(szLine, L"CompanyId"))    g_Set.dwCompanyId = wcstoul(pVal, NULL, 10);
        else if (!wcscmp(szLine, L"ProjectId"))    g_Set.ullProjectId = wcstoull(pVal, NULL, 10);
        else if (!wcscmp(szLine, L"EstimateHost")) wcsncpy(g_Set.szEstimateHost, pVal, 127);
        else if (!wcscmp(szLine, L"EstimatePort")) g_Set.nEstimatePort = (int)wcstol(pVal, NULL, 10);
    }
    fclose(fp);
    SelectEnvironment(g_Set.szEnvironment);
    return TRUE;
}

static long Send(const std::wstring& strUrl, LPCSTR lpszVerb, const std::string& body,
                 std::string* pOut, BOOL bCompanyHdr)
{
    curlpp::Easy req;
    std::list<std::string> hdrs;
    hdrs.push_back("Authorization: Bearer " + W2A(g_Set.szAccessToken));
    hdrs.push_back("Content-Type: application/json");
    if (bCompanyHdr) {
        wchar_t szHdr[64];
        swprintf(szHdr, 64, L"Procore-Company-Id: %lu", g_Set.dwCompanyId);
        hdrs.push_back(W2A(szHdr));
    }
    std::ostringstream os;
    req.setOpt(new curlpp::options::Url(W2A(strUrl.c_str())));
    req.setOpt(new curlpp::options::CustomRequest(lpszVerb));
    req.setOpt(new curlpp::options::HttpHeader(hdrs));
    req.setOpt(new curlpp::options::WriteStream(&os));
    if (!body.empty())
        req.setOpt(new curlpp::options::PostFields(body));
    req.perform();
    *pOut = os.str();
    return curlpp::infos::ResponseCode::get(req);
}

static BOOL RefreshToken()
{
    std::string body = "grant_type=refresh_token&client_id=" + W2A(g_Set.szClientId) +
                       "&refresh_token=" + W2A(g_Set.szRefreshToken);
    std::ostringstream os;
    curlpp::Easy req;
    req.setOpt(new curlpp::options::Url(W2A(g_Set.szLoginBase) + "/oauth/token"));
    req.setOpt(new curlpp::options::PostFields(body));
    req.setOpt(new curlpp::options::WriteStream(&os));
    req.perform();
    rapidjson::Document doc;
    doc.Parse(os.str().c_str());
    if (doc.HasParseError() || !doc.HasMember("access_token")) return FALSE;
    swprintf(g_Set.szAccessToken, 512, L"%s", doc["access_token"].GetString());
    swprintf(g_Set.szRefreshToken, 512, L"%s", doc["refresh_token"].GetString());
    return TRUE;
}

// Estimate server (in-house, not Procore): GET http://estsrv01:8080/api/estimates/<no>/lines
static int LoadEstimate(LPCWSTR lpszEstimateNo, ESTIMATE_LINE* pLines, int nMax)
{
    wchar_t szUrl[256];
    swprintf(szUrl, 256, L"http://%ls:%d/api/estimates/%ls/lines", g_Set.szEstimateHost,
             g_Set.nEstimatePort, lpszEstimateNo);
    std::ostringstream os;
    curlpp::Easy req;
    req.setOpt(new curlpp::options::Url(W2A(szUrl)));
    req.setOpt(new curlpp::options::WriteStream(&os));
    req.perform();
    rapidjson::Document doc;
    doc.Parse(os.str().c_str());
    int n = 0;
    for (const auto& l : doc.GetArray()) {
        if (n >= nMax) break;
        swprintf(pLines[n].szCostCode, 24, L"%s", l["cost_code"].GetString());
        swprintf(pLines[n].szDescription, 128, L"%s", l["description"].GetString());
        pLines[n].dAmount = l["amount"].GetDouble();
        pLines[n].nLineNo = l["line_no"].GetInt();
        pLines[n].llCostCodeId = 0;
        ++n;
    }
    return n;
}

static void ResolveCostCodes(ESTIMATE_LINE* pLines, int nLines)
{
    wchar_t szUrl[256];
    swprintf(szUrl, 256, L"%ls/rest/v1.0/cost_codes?project_id=%llu", g_Set.szApiBase, g_Set.ullProjectId);
    std::string resp;
    if (Send(szUrl, "GET", "", &resp, TRUE) != 200) return;
    rapidjson::Document doc;
    doc.Parse(resp.c_str());
    for (const auto& cc : doc.GetArray())
        for (int i = 0; i < nLines; ++i)
            if (W2A(pLines[i].szCostCode) == cc["full_code"].GetString())
                pLines[i].llCostCodeId = cc["id"].GetInt64();
}

// Returns the number of rows already in the "Original Budget" view, to avoid double export.
static int CountExistingRows()
{
    wchar_t szUrl[256];
    swprintf(szUrl, 256, L"%ls/rest/v1.0/budget_views?project_id=%llu", g_Set.szApiBase, g_Set.ullProjectId);
    std::string resp;
    if (Send(szUrl, "GET", "", &resp, TRUE) != 200) return -1;
    rapidjson::Document views;
    views.Parse(resp.c_str());
    if (!views.IsArray() || views.Empty()) return 0;
    int nViewId = views[0]["id"].GetInt();
    swprintf(szUrl, 256, L"%ls/rest/v1.0/budget_views/%d/detail_rows?project_id=%llu",
             g_Set.szApiBase, nViewId, g_Set.ullProjectId);
    if (Send(szUrl, "GET", "", &resp, FALSE) != 200) return -1;
    rapidjson::Document rows;
    rows.Parse(resp.c_str());
    return rows.IsArray() ? (int)rows.Size() : 0;
}

static BOOL PushLine(const ESTIMATE_LINE& line)
{
    wchar_t szUrl[256];
    swprintf(szUrl, 256, L"%ls/rest/v1.0/budget_line_items?project_id=%llu", g_Set.szApiBase, g_Set.ullProjectId);
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("budget_line_item"); w.StartObject();
    w.Key("cost_code_id"); w.Int64(line.llCostCodeId);
    w.Key("line_item_type_id"); w.Int64(1);
    w.Key("amount"); w.Double(line.dAmount);
    w.Key("description"); w.String(W2A(line.szDescription).c_str());
    w.EndObject();
    w.EndObject();
    std::string resp;
    return Send(szUrl, "POST", sb.GetString(), &resp, TRUE) == 201;
}

int main(int argc, char** argv)
{
    if (argc < 3) { fprintf(stderr, "usage: budgetexport <estimate.ini> <estimate-no>\n"); return 2; }
    curlpp::Cleanup cleanup;
    if (!LoadSettings(argv[1]) || !RefreshToken()) { fprintf(stderr, "sign-in failed\n"); return 1; }
    wchar_t szEstimateNo[64];
    mbstowcs(szEstimateNo, argv[2], 63);
    static ESTIMATE_LINE s_Lines[2000];
    int nLines = LoadEstimate(szEstimateNo, s_Lines, 2000);
    ResolveCostCodes(s_Lines, nLines);
    if (CountExistingRows() > 0) { fprintf(stderr, "budget already has rows; not exporting twice\n"); return 1; }
    int nPushed = 0;
    for (int i = 0; i < nLines; ++i)
        if (s_Lines[i].llCostCodeId != 0 && PushLine(s_Lines[i])) ++nPushed;
    wchar_t szLink[256];
    swprintf(szLink, 256, L"https://app.procore.com/%u/project/budgets", (DWORD)g_Set.ullProjectId);
    wprintf(L"%d of %d lines exported. Review: %ls\n", nPushed, nLines, szLink);
    return 0;
}
