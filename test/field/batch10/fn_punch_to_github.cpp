// punch_to_github — mirrors punch items tagged "software" from a Procore
// project into GitHub issues for the site-tech team, then writes the issue
// link back into the punch item so the super can see it from the field app.
//
//   punch_to_github <company-id> <project-id> <owner/repo>
//
// State (punch item -> issue number) is kept in ~/.punch_to_github.json.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace p2g {

using json = nlohmann::json;

const std::string kProcoreLogin = "https://login.procore.com";
const std::string kProcoreApi = "https://api.procore.com";
const std::string kProcoreWeb = "https://app.procore.com";
const std::string kGitHubApi = "https://api.github.com";

struct PunchItem {
    std::int64_t id;
    std::int64_t assignee_id;
    std::string name;
    std::string description;
};

// punch item id -> GitHub issue number
using IssueIndex = std::map<int, int>;

using HeaderFn = std::function<cpr::Header(cpr::Header)>;

HeaderFn set(std::string k, std::string v) {
    return [k, v](cpr::Header h) {
        h[k] = v;
        return h;
    };
}

HeaderFn compose(HeaderFn f, HeaderFn g) {
    return [f, g](cpr::Header h) { return g(f(std::move(h))); };
}

HeaderFn chain(std::initializer_list<HeaderFn> fns) {
    return std::accumulate(fns.begin(), fns.end(), HeaderFn{[](cpr::Header h) { return h; }}, compose);
}

template <typename Fn>
auto retry(Fn fn, int attempts) {
    return [fn, attempts](auto&&... args) {
        cpr::Response r = fn(args...);
        for (int i = 1; i < attempts && (r.status_code == 429 || r.status_code >= 500); ++i) r = fn(args...);
        return r;
    };
}

std::optional<json> body_of(const cpr::Response& r) {
    if (r.status_code < 200 || r.status_code > 299) return std::nullopt;
    auto j = json::parse(r.text, nullptr, false);
    return j.is_discarded() ? std::nullopt : std::optional<json>{j};
}

std::optional<std::string> refresh(const std::string& refresh_token) {
    const auto r = cpr::Post(cpr::Url{kProcoreLogin + "/oauth/token"},
                             cpr::Payload{{"grant_type", "refresh_token"},
                                          {"refresh_token", refresh_token},
                                          {"client_id", std::getenv("P2G_CLIENT_ID")},
                                          {"client_secret", std::getenv("P2G_CLIENT_SECRET")}});
    const auto j = body_of(r);
    if (!j) return std::nullopt;
    return j->value("access_token", std::string{});
}

IssueIndex load_index(const std::string& path) {
    std::ifstream in(path);
    if (!in) return {};
    const auto j = json::parse(in, nullptr, false);
    if (j.is_discarded()) return {};
    return std::accumulate(j.items().begin(), j.items().end(), IssueIndex{}, [](IssueIndex acc, const auto& kv) {
        acc[std::stoi(kv.key())] = kv.value().template get<int>();
        return acc;
    });
}

void save_index(const std::string& path, const IssueIndex& idx) {
    json j = json::object();
    std::for_each(idx.begin(), idx.end(), [&j](const auto& kv) { j[std::to_string(kv.first)] = kv.second; });
    std::ofstream(path) << j.dump(2);
}

std::string item_link(std::int64_t project_id, std::int64_t item_id) {
    return kProcoreWeb + "/" + std::to_string(project_id) + "/project/punch_list/list/" + std::to_string(item_id);
}

}  // namespace p2g

int main(int argc, char** argv) {
    using namespace p2g;
    if (argc < 4) {
        std::cerr << "usage: punch_to_github <company-id> <project-id> <owner/repo>\n";
        return 2;
    }
    const std::int64_t company_id = std::stoll(argv[1]);
    const std::int64_t project_id = std::stoll(argv[2]);
    const std::string repo = argv[3];
    const std::string state_path = std::string(std::getenv("HOME")) + "/.punch_to_github.json";

    const auto token = refresh(std::getenv("P2G_REFRESH_TOKEN"));
    if (!token) return 1;

    const HeaderFn procore = chain({set("Authorization", "Bearer " + *token),
                                    set("procore-company-id", std::to_string(company_id)),
                                    set("Accept", "application/json")});
    const HeaderFn github = chain({set("Authorization", std::string("Bearer ") + std::getenv("GITHUB_TOKEN")),
                                   set("Accept", "application/vnd.github+json"),
                                   set("X-GitHub-Api-Version", "2022-11-28")});

    const auto get = retry([](const cpr::Url& u, const cpr::Header& h) { return cpr::Get(u, h); }, 3);

    const auto project = body_of(get(cpr::Url{kProcoreApi + "/rest/v1.0/projects/" + std::to_string(project_id)},
                                     cpr::Header{{"Authorization", "Bearer " + *token},
                                                 {"Procore-CompanyId", std::to_string(company_id)}}));
    const std::string project_name = project ? project->value("name", std::string{"project"}) : "project";

    const auto list = body_of(get(cpr::Url{kProcoreApi + "/rest/v1.0/punch_items?project_id=" +
                                           std::to_string(project_id) + "&filters[query]=software"},
                                  procore({})));
    if (!list) return 1;

    std::vector<PunchItem> items;
    std::transform(list->begin(), list->end(), std::back_inserter(items), [](const json& p) {
        return PunchItem{p.at("id").get<std::int64_t>(),
                         p.contains("assignee") && p["assignee"].is_object()
                             ? p["assignee"].at("id").get<std::int64_t>()
                             : std::int64_t{0},
                         p.value("name", std::string{}), p.value("description", std::string{})};
    });

    IssueIndex index = load_index(state_path);
    std::vector<PunchItem> fresh;
    std::copy_if(items.begin(), items.end(), std::back_inserter(fresh),
                 [&index](const PunchItem& p) { return index.count(p.id) == 0; });

    std::for_each(fresh.begin(), fresh.end(), [&](const PunchItem& p) {
        const json issue = {{"title", "[" + project_name + "] " + p.name},
                            {"body", p.description + "\n\nProcore: " + item_link(project_id, p.id)},
                            {"labels", {"punch-list"}}};
        const auto created = body_of(cpr::Post(cpr::Url{kGitHubApi + "/repos/" + repo + "/issues"},
                                               github({{"Content-Type", "application/json"}}),
                                               cpr::Body{issue.dump()}));
        if (!created) return;
        const int number = created->at("number").get<int>();
        index[p.id] = number;

        const json patch = {{"punch_item", {{"description", p.description + "\nGitHub #" + std::to_string(number)}}}};
        cpr::Session session;
        session.SetUrl(cpr::Url{kProcoreApi + "/rest/v1.0/punch_items/" + std::to_string(p.id) +
                                "?project_id=" + std::to_string(project_id)});
        session.SetHeader(cpr::Header{{"Content-Type", "application/json"}});
        session.SetBearer(cpr::Bearer{*token});
        session.SetBody(cpr::Body{patch.dump()});
        const auto r = session.Patch();
        if (r.status_code != 200) std::cerr << "write-back failed for " << p.id << ": " << r.status_code << "\n";
    });

    save_index(state_path, index);
    std::cout << fresh.size() << " new issues, " << index.size() << " tracked\n";
    return 0;
}
