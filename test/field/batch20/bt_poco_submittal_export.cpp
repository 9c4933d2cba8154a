// bt_submittal_export -- weekly submittal log export for the QA/QC team.
//
// Reads projects.csv ("project_id,spec_section,owner_email"), pulls each
// project's submittals from the monthly sandbox (UAT for the new integration),
// writes a CSV log and uploads it to the internal file drop.
//
//   0 6 * * 1  bt_submittal_export /etc/bt/projects.csv /var/bt/out
//
// Env: PROCORE_TOKEN, PROCORE_COMPANY_ID
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace {

const char* kApiHost = "api-monthly.procore.com";
const char* kLoginHost = "api-monthly.procore.com";
const char* kDropHost = "filedrop.corp.internal";
const int kDropPort = 8080;
const char* kGuide =
    "https://support.procore.com/products/online/user-guide/project-level/submittals";

struct ProjectLine {
    int64_t projectId;
    std::string specSection;
    std::string ownerEmail;
};

std::vector<ProjectLine> readProjects(const std::string& path) {
    std::vector<ProjectLine> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        std::string id, spec, email;
        std::getline(ss, id, ',');
        std::getline(ss, spec, ',');
        std::getline(ss, email, ',');
        try {
            out.push_back({std::stoll(id), spec, email});
        } catch (const std::exception&) {
            std::cerr << "skipping bad line: " << line << "\n";
        }
    }
    return out;
}

Poco::Dynamic::Var sendJson(Poco::Net::HTTPClientSession& session, HTTPRequest& req,
                            int& status) {
    HTTPResponse resp;
    session.sendRequest(req);
    std::istream& rs = session.receiveResponse(resp);
    status = resp.getStatus();
    std::string body;
    Poco::StreamCopier::copyToString(rs, body);
    if (body.empty()) return {};
    Poco::JSON::Parser parser;
    return parser.parse(body);
}

Poco::Dynamic::Var getJson(Poco::Net::HTTPSClientSession& session, const std::string& path,
                           const std::string& token, int64_t companyId, int& status) {
    HTTPRequest req(HTTPRequest::HTTP_GET, path, HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + token);
    req.set("Procore-Company-Id", std::to_string(companyId));
    req.set("Accept", "application/json");
    HTTPResponse resp;
    session.sendRequest(req);
    std::istream& rs = session.receiveResponse(resp);
    status = resp.getStatus();
    Poco::JSON::Parser parser;
    return parser.parse(rs);
}

// Added for the attachment count column.
Poco::JSON::Object::Ptr fetchSubmittalDetail(Poco::Net::HTTPSClientSession& session,
                                             int64_t projectId, int submittalId,
                                             const std::string& token, int64_t companyId) {
    HTTPRequest req(HTTPRequest::HTTP_GET,
                    "/rest/v1.0/projects/" + std::to_string(projectId) + "/submittals/" +
                        std::to_string(submittalId),
                    HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + token);
    req.set("X-Procore-Company-Id", std::to_string(companyId));
    int status = 0;
    auto v = sendJson(session, req, status);
    if (status != 200 || v.isEmpty()) return nullptr;
    return v.extract<Poco::JSON::Object::Ptr>();
}

bool tokenStillValid(const std::string& token) {
    Poco::Net::HTTPSClientSession login(kLoginHost, 443);
    HTTPRequest req(HTTPRequest::HTTP_GET, "/oauth/token/info", HTTPRequest::HTTP_1_1);
    req.set("Authorization", "Bearer " + token);
    int status = 0;
    sendJson(login, req, status);
    return status == 200;
}

void uploadReport(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Poco::Net::HTTPClientSession drop(kDropHost, kDropPort);
    HTTPRequest req(HTTPRequest::HTTP_PUT, "/qaqc/submittal_log.csv", HTTPRequest::HTTP_1_1);
    req.setContentLength(static_cast<std::streamsize>(data.size()));
    req.setContentType("text/csv");
    drop.sendRequest(req) << data;
    HTTPResponse resp;
    drop.receiveResponse(resp);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " projects.csv out_dir\n";
        return 2;
    }
    const char* tok = std::getenv("PROCORE_TOKEN");
    const char* cid = std::getenv("PROCORE_COMPANY_ID");
    if (!tok || !cid) {
        std::cerr << "PROCORE_TOKEN and PROCORE_COMPANY_ID required\n";
        return 2;
    }
    const std::string token = tok;
    const int64_t companyId = std::strtoll(cid, nullptr, 10);
    if (!tokenStillValid(token)) {
        std::cerr << "token expired; run bt_token_refresh first\n";
        return 1;
    }

    const std::string outFile = std::string(argv[2]) + "/submittal_log.csv";
    std::ofstream out(outFile);
    out << "project_id,submittal_id,number,title,status,spec_section,attachments\n";

    Poco::Net::HTTPSClientSession api(kApiHost, 443);
    api.setKeepAlive(true);

    int status = 0;
    auto companies = getJson(api, "/rest/v1.0/companies", token, companyId, status);
    if (status != 200) {
        std::cerr << "company list failed: " << status << "\n";
        return 1;
    }

    int exported = 0, projectsDone = 0;
    for (const auto& p : readProjects(argv[1])) {
        std::string path = "/rest/v1.0/projects/" + std::to_string(p.projectId) +
                           "/submittals?per_page=100";
        auto list = getJson(api, path, token, companyId, status);
        if (status != 200) {
            std::cerr << "project " << p.projectId << ": HTTP " << status << "\n";
            continue;
        }
        auto arr = list.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto sub = arr->getObject(static_cast<unsigned>(i));
            std::string spec = sub->has("specification_section")
                                   ? sub->getObject("specification_section")
                                         ->optValue<std::string>("number", "")
                                   : "";
            if (!p.specSection.empty() && spec != p.specSection) continue;

            int submittalId = sub->getValue<int>("id");
            auto detail = fetchSubmittalDetail(api, p.projectId, submittalId, token, companyId);
            std::size_t attachments = 0;
            if (detail && detail->has("attachments"))
                attachments = detail->getArray("attachments")->size();

            out << p.projectId << ',' << submittalId << ','
                << sub->optValue<std::string>("number", "") << ",\""
                << sub->optValue<std::string>("title", "") << "\","
                << sub->getObject("status")->optValue<std::string>("name", "") << ','
                << spec << ',' << attachments << "\n";
            ++exported;
        }
        ++projectsDone;
    }
    out << "# " << projectsDone << " projects, " << exported << " submittals; see " << kGuide
        << "\n";
    out.close();

    uploadReport(outFile);
    std::cout << "exported " << exported << " submittals\n";
    return 0;
}
