// timecard_push: nightly job that takes the payroll export (JSON lines, one
// shift per line) and creates Procore timecard entries for the project.
// Failed batches open a GitHub issue in the integrations repo.
//
//   timecard_push [--env production|sandbox|monthly] --project ID export.jsonl
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace web;
using namespace web::http;
using namespace web::http::client;
using utility::conversions::to_string_t;
using utility::conversions::to_utf8string;

struct Environment {
    utility::string_t login;
    utility::string_t api;
};

static Environment environment_for(const std::string& name)
{
    if (name == "sandbox")
        return {U("https://login-sandbox.procore.com"), U("https://sandbox.procore.com")};
    if (name == "monthly")
        return {U("https://login-sandbox-monthly.procore.com"), U("https://api-monthly.procore.com")};
    return {U("https://login.procore.com"), U("https://api.procore.com")};
}

static std::string env_or(const char* key, const char* fallback)
{
    const char* v = std::getenv(key);
    return v ? v : fallback;
}

struct Shift {
    int badge;              // payroll badge number
    std::string date;
    double hours;
    std::string cost_code;
};

http_request procore_request(http_request req, const utility::string_t& token,
                             std::int64_t company_id)
{
    http_request out = req;
    out.headers().add(U("Authorization"), U("Bearer ") + token);
    out.headers().add(U("procore-company-id"), to_string_t(std::to_string(company_id)));
    return out;
}

pplx::task<json::value> fetch(http_client& client, http_request req)
{
    return client.request(req).then([](http_response r) {
        if (r.status_code() >= 400)
            throw http_exception(r.status_code(), "request failed");
        return r.extract_json();
    });
}

static pplx::task<void> open_github_issue(const std::string& title, const std::string& body)
{
    http_client gh(U("https://api.github.com"));
    http_request req(methods::POST);
    req.set_request_uri(U("/repos/acme-builders/procore-integrations/issues"));
    req.headers().add(U("Authorization"), to_string_t("token " + env_or("GITHUB_TOKEN", "")));
    req.headers().add(U("User-Agent"), U("timecard-push"));
    json::value issue;
    issue[U("title")] = json::value::string(to_string_t(title));
    issue[U("body")] = json::value::string(to_string_t(body));
    req.set_body(issue);
    return gh.request(req).then([](http_response r) {
        int status = r.status_code();
        if (status != 201)
            std::cerr << "could not open GitHub issue: HTTP " << status << "\n";
    });
}

int main(int argc, char** argv)
{
    std::string envName = env_or("PROCORE_ENV", "production");
    std::int64_t projectId = std::stoll(env_or("PROCORE_PROJECT_ID", "0"));
    std::string exportPath;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--env" && i + 1 < argc)
            envName = argv[++i];
        else if (a == "--project" && i + 1 < argc)
            projectId = std::stoll(argv[++i]);
        else
            exportPath = a;
    }
    const Environment env = environment_for(envName);
    const utility::string_t token = to_string_t(env_or("PROCORE_ACCESS_TOKEN", ""));
    http_client api(env.api);

    // Who are we? /me needs no company context.
    http_request meReq(methods::GET);
    meReq.set_request_uri(U("/rest/v1.0/me"));
    meReq.headers().add(U("Authorization"), U("Bearer ") + token);
    json::value me = fetch(api, meReq).get();
    std::cout << "running as " << to_utf8string(me.at(U("login")).as_string()) << "\n";

    const std::int64_t companyId = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));

    // badge number (payroll) -> Procore user id
    std::map<int, std::int64_t> userByBadge;
    const int perPage = 100;
    for (int page = 1;; ++page) {
        http_request usersReq(methods::GET);
        usersReq.set_request_uri(U("/rest/v1.0/companies/") +
                                 to_string_t(std::to_string(companyId)) +
                                 U("/users?per_page=") + to_string_t(std::to_string(perPage)) +
                                 U("&page=") + to_string_t(std::to_string(page)));
        json::value users = fetch(api, procore_request(usersReq, token, companyId)).get();
        for (auto& u : users.as_array()) {
            if (!u.has_field(U("employee_id")) || !u.at(U("employee_id")).is_string())
                continue;
            const int badge = std::stoi(to_utf8string(u.at(U("employee_id")).as_string()));
            userByBadge[badge] = u.at(U("id")).as_number().to_int64();
        }
        if (users.size() < static_cast<size_t>(perPage))
            break;
    }

    std::vector<Shift> shifts;
    std::ifstream in(exportPath);
    for (std::string line; std::getline(in, line);) {
        json::value j = json::value::parse(to_string_t(line));
        shifts.push_back({j.at(U("badge")).as_integer(), to_utf8string(j.at(U("date")).as_string()),
                          j.at(U("hours")).as_double(),
                          to_utf8string(j.at(U("cost_code")).as_string())});
    }

    int created = 0, skipped = 0;
    std::string failures;
    const utility::string_t entriesPath =
        U("/rest/v1.0/projects/") + to_string_t(std::to_string(projectId)) + U("/timecard_entries");
    for (const Shift& s : shifts) {
        auto it = userByBadge.find(s.badge);
        if (it == userByBadge.end()) {
            ++skipped;
            continue;
        }
        json::value entry;
        entry[U("party_id")] = json::value::number(it->second);
        entry[U("date")] = json::value::string(to_string_t(s.date));
        entry[U("hours")] = json::value::number(s.hours);
        json::value body;
        body[U("timecard_entry")] = entry;

        http_request post(methods::POST);
        post.set_request_uri(entriesPath);
        post.set_body(body);
        try {
            json::value createdEntry = fetch(api, procore_request(post, token, companyId)).get();
            std::int64_t entryId = createdEntry.at(U("id")).as_number().to_int64();
            std::cout << "entry " << entryId << " for badge " << s.badge << "\n";
            ++created;
        } catch (const std::exception& e) {
            failures += "- badge " + std::to_string(s.badge) + " " + s.date + ": " + e.what() + "\n";
        }
    }

    std::cout << created << " created, " << skipped << " skipped\n";
    if (!failures.empty()) {
        std::string body = "Timecard push for project " + std::to_string(projectId) +
                           " (https://app.procore.com/" + std::to_string(projectId) +
                           "/project/timesheets) had failures:\n" + failures;
        open_github_issue("timecard push failures " + envName, body).wait();
        return 1;
    }
    return 0;
}
