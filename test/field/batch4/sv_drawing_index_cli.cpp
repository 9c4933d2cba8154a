// sv_drawing_index_cli.cpp
//
// `drawing-index` -- prints (or writes as Markdown) the current drawing set of
// one project, grouped by drawing area, with the latest revision of each
// sheet. Used by the field team to check a printed set against Procore.
//
//   drawing-index --project 562949953421312 [--area 12345 ...] [--out set.md]
//
// Credentials come from ~/.config/procore-cli/credentials.json, written by
// `procore-cli login`.

#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <fmt/format.h>
#include <json/json.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <list>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fs = std::filesystem;

constexpr std::string_view kLogin = "https://login.procore.com";
constexpr std::string_view kApi = "https://api.procore.com";
// Our company was migrated to the US02 zone; revision files are served there.
constexpr std::string_view kZoneApi = "https://us02.procore.com";

struct Header { std::string name; std::string value; };

struct Request {
    std::string method;
    std::string url;
    std::vector<Header> headers;
};

Request get(std::string url) { return {"GET", std::move(url), {}}; }

Request withHeader(Request req, std::string name, std::string value) {
    req.headers.push_back({std::move(name), std::move(value)});
    return req;
}

Request withCompany(Request req, std::optional<int64_t> companyId) {
    return companyId ? withHeader(std::move(req), "Procore-Company-Id", std::to_string(*companyId))
                     : req;
}

struct Credentials {
    std::string accessToken;
    std::optional<int64_t> companyId;
};

Credentials loadCredentials() {
    const char* home = std::getenv("HOME");
    const fs::path file = fs::path(home ? home : ".") / ".config/procore-cli/credentials.json";
    if (!fs::is_regular_file(file)) throw std::runtime_error("run `procore-cli login` first");
    std::ifstream in(file);
    Json::Value root;
    Json::CharReaderBuilder builder;
    std::string errs;
    if (!Json::parseFromStream(builder, in, &root, &errs)) throw std::runtime_error(errs);
    Credentials c{root["access_token"].asString(), std::nullopt};
    if (root.isMember("company_id")) c.companyId = root["company_id"].asInt64();
    return c;
}

Json::Value perform(const Request& req) {
    curlpp::Easy easy;
    std::list<std::string> headers;
    for (const auto& [name, value] : req.headers) headers.push_back(name + ": " + value);
    std::ostringstream out;
    easy.setOpt(curlpp::options::Url(req.url));
    easy.setOpt(curlpp::options::HttpHeader(headers));
    easy.setOpt(curlpp::options::WriteStream(&out));
    easy.setOpt(curlpp::options::FailOnError(true));
    easy.perform();

    Json::Value body;
    Json::CharReaderBuilder builder;
    std::string errs;
    std::istringstream in(out.str());
    Json::parseFromStream(builder, in, &body, &errs);
    return body;
}

// --- commands ---------------------------------------------------------------

struct ListAreas { int64_t projectId; };
struct ListDrawings { int64_t projectId; int64_t areaId; };
struct ListRevisions { int64_t projectId; int64_t drawingId; };
using Command = std::variant<ListAreas, ListDrawings, ListRevisions>;

struct Builder {
    Request authed;  // bearer only
    std::optional<int64_t> companyId;

    Request operator()(const ListAreas& c) const {
        auto req = authed;
        req.url = fmt::format("{}/rest/v1.1/projects/{}/drawing_areas", kApi, c.projectId);
        return withCompany(req, companyId);
    }
    Request operator()(const ListDrawings& c) const {
        auto req = authed;
        req.url = fmt::format("{}/rest/v1.1/drawing_areas/{}/drawings?project_id={}", kApi,
                              c.areaId, c.projectId);
        return req;
    }
    Request operator()(const ListRevisions& c) const {
        std::string url{kZoneApi};
        url += "/rest/v1.1/projects/" + std::to_string(c.projectId);
        url.append("/drawing_revisions?filters[drawing_id]=").append(std::to_string(c.drawingId));
        auto req = authed;
        req.url = std::move(url);
        return withCompany(withHeader(req, "Accept", "application/json"), companyId);
    }
};

struct Sheet {
    std::string number;
    std::string title;
    std::string revision;
};

int main(int argc, char** argv) {
    long projectId = 0;
    std::vector<unsigned> areaFilter;
    std::optional<fs::path> outPath;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--project") projectId = std::strtoll(argv[i + 1], nullptr, 10);
        else if (flag == "--area") areaFilter.push_back(std::stoull(argv[i + 1]));
        else if (flag == "--out") outPath = fs::path(argv[i + 1]);
    }
    if (projectId == 0) {
        std::cerr << "usage: drawing-index --project ID [--area ID ...] [--out FILE]\n";
        return 2;
    }

    curlpp::Cleanup cleanup;
    const Credentials creds = loadCredentials();
    const Request authed = withHeader(get(""), "Authorization", "Bearer " + creds.accessToken);

    // Fail early with a readable message if the stored token has expired.
    auto info = authed;
    info.url = std::string{kLogin} + "/oauth/token/info";
    if (perform(info)["expires_in_seconds"].asInt() <= 0) {
        std::cerr << "token expired, run `procore-cli login`\n";
        return 1;
    }

    auto companiesReq = authed;
    companiesReq.url = std::string{kApi} + "/rest/v1.0/companies";
    std::string companyName = "?";
    for (const auto& c : perform(companiesReq))
        if (creds.companyId && c["id"].asInt64() == *creds.companyId)
            companyName = c["name"].asString();

    const Builder build{authed, creds.companyId};
    std::map<std::string, std::vector<Sheet>> byArea;
    for (const auto& area : perform(std::visit(build, Command{ListAreas{projectId}}))) {
        const int64_t areaId = area["id"].asInt64();
        if (!areaFilter.empty() &&
            std::find(areaFilter.begin(), areaFilter.end(), areaId) == areaFilter.end())
            continue;

        const Command listDrawings = ListDrawings{projectId, areaId};
        for (const auto& d : perform(std::visit(build, listDrawings))) {
            const int drawingId = d["id"].asInt();
            const auto revisions =
                perform(std::visit(build, Command{ListRevisions{projectId, drawingId}}));
            Sheet sheet{d["number"].asString(), d["title"].asString(), "-"};
            if (!revisions.empty())
                sheet.revision = revisions[revisions.size() - 1]["revision_number"].asString();
            byArea[area["name"].asString()].push_back(std::move(sheet));
        }
    }

    std::ostringstream md;
    md << "# Drawing set, " << companyName << ", project " << projectId << "\n\n";
    md << fmt::format("Open in Procore: https://app.procore.com/{}/project/drawing_log"
                      "?project_id={}\n",
                      creds.companyId.value_or(0), projectId);
    std::size_t total = 0;
    for (const auto& [areaName, sheets] : byArea) {
        md << "\n## " << areaName << " (" << sheets.size() << " sheets)\n\n";
        for (const auto& s : sheets)
            md << "- " << s.number << "  " << s.title << "  rev " << s.revision << '\n';
        total += sheets.size();
    }

    if (outPath) {
        std::ofstream(*outPath) << md.str();
        std::cout << total << " sheets written to " << outPath->string() << '\n';
    } else {
        std::cout << md.str();
    }
    return 0;
}
