// punch_to_github — files a GitHub issue for every overdue punch item of a
// project (the field-tech team tracks fixes there) and writes the issue link
// back into the punch item's description. Strong ID types keep project, punch
// and user ids from being swapped; adl_serializer teaches nlohmann about them.
//
// usage: punch_to_github <project_id> <owner/repo>
// env:   PROCORE_COMPANY_ID, PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET,
//        PROCORE_REFRESH_TOKEN, GITHUB_TOKEN
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using nlohmann::json;

template <class Tag>
struct Id {
    int64_t value = 0;
    std::string str() const { return std::to_string(value); }
    explicit operator bool() const { return value != 0; }
};
using ProjectId = Id<struct ProjectTag>;
using PunchItemId = Id<struct PunchItemTag>;
using UserId = Id<struct UserTag>;

struct LocationRef {
    int64_t id = 0;
    std::string node_name;
};

namespace nlohmann {

template <class Tag>
struct adl_serializer<Id<Tag>> {
    static void to_json(json& j, const Id<Tag>& id) { j = id.value; }
    static void from_json(const json& j, Id<Tag>& id) { id.value = j.get<int64_t>(); }
};

template <class T>
struct adl_serializer<std::optional<T>> {
    static void to_json(json& j, const std::optional<T>& v) {
        if (v) j = *v;
        else j = nullptr;
    }
    static void from_json(const json& j, std::optional<T>& v) {
        if (j.is_null()) v.reset();
        else v = j.get<T>();
    }
};

template <>
struct adl_serializer<LocationRef> {
    static void to_json(json& j, const LocationRef& l) { j = json{{"id", l.id}, {"node_name", l.node_name}}; }
    static void from_json(const json& j, LocationRef& l) {
        l.id = j.at("id").get<int32_t>();
        l.node_name = j.value("node_name", "");
    }
};

}  // namespace nlohmann

class PunchItem {
  public:
    PunchItemId id;
    std::string name;
    std::string description;
    std::string status;
    std::string due_date;  // YYYY-MM-DD
    std::optional<UserId> punch_item_manager_id;
    std::optional<LocationRef> location;
    int trade_id = 0;
    int position = 0;

    NLOHMANN_DEFINE_TYPE_INTRUSIVE_WITH_DEFAULT(PunchItem, id, name, description, status, due_date,
                                                punch_item_manager_id, location, trade_id, position)
};

struct PunchPatch {
    std::string description;
    std::optional<UserId> punch_item_manager_id;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PunchPatch, description, punch_item_manager_id)

struct ProjectUser {
    UserId id;
    std::string name;
    std::string email_address;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProjectUser, id, name, email_address)

namespace procore {

const std::string kApi = "https://api.procore.com";

std::string access_token() {
    const cpr::Response r = cpr::Post(cpr::Url{"https://api.procore.com/oauth/token"},
                                      cpr::Payload{{"grant_type", "refresh_token"},
                                                   {"client_id", std::getenv("PROCORE_CLIENT_ID")},
                                                   {"client_secret", std::getenv("PROCORE_CLIENT_SECRET")},
                                                   {"refresh_token", std::getenv("PROCORE_REFRESH_TOKEN")}});
    if (r.status_code != 200) throw std::runtime_error("token refresh: HTTP " + std::to_string(r.status_code));
    return json::parse(r.text).at("access_token").get<std::string>();
}

class Client {
  public:
    Client(std::string token, long long company_id) : token_(std::move(token)), company_(company_id) {}

    std::string company_name() {
        const cpr::Response r = cpr::Get(cpr::Url{kApi + "/rest/v1.0/companies"}, cpr::Bearer{token_});
        for (const auto& c : json::parse(r.text))
            if (c.at("id").get<long long>() == company_) return c.value("name", "");
        return {};
    }

    std::vector<PunchItem> punch_items(ProjectId project) {
        const cpr::Response r = cpr::Get(cpr::Url{kApi + "/rest/v1.0/punch_items"}, cpr::Bearer{token_},
                                         company_header(),
                                         cpr::Parameters{{"project_id", project.str()}, {"per_page", "300"}});
        if (r.status_code != 200) throw std::runtime_error("punch_items: HTTP " + std::to_string(r.status_code));
        return json::parse(r.text).get<std::vector<PunchItem>>();
    }

    std::optional<ProjectUser> user(ProjectId project, UserId id) {
        const cpr::Response r =
            cpr::Get(cpr::Url{kApi + "/rest/v1.0/projects/" + project.str() + "/users/" + id.str()},
                     cpr::Bearer{token_});
        if (r.status_code != 200) return std::nullopt;
        return json::parse(r.text).get<ProjectUser>();
    }

    bool patch(ProjectId project, const PunchItemId& id, const PunchPatch& p) {
        cpr::Session s;
        s.SetUrl(cpr::Url{kApi + "/rest/v1.0/punch_items/" + id.str()});
        s.SetParameters(cpr::Parameters{{"project_id", project.str()}});
        s.SetBearer(cpr::Bearer{token_});
        s.SetHeader(cpr::Header{{"Content-Type", "application/json"},
                                {"Procore-Company-Id", std::to_string(company_)}});
        s.SetBody(cpr::Body{json{{"punch_item", p}}.dump()});
        return s.Patch().status_code == 200;
    }

  private:
    cpr::Header company_header() const { return cpr::Header{{"Procore-Company-Id", std::to_string(company_)}}; }

    std::string token_;
    long long company_;
};

}  // namespace procore

namespace github {

int open_issue(const std::string& repo, const std::string& title, const std::string& body) {
    const cpr::Response r =
        cpr::Post(cpr::Url{"https://api.github.com/repos/" + repo + "/issues"}, cpr::Bearer{std::getenv("GITHUB_TOKEN")},
                  cpr::Header{{"Accept", "application/vnd.github+json"}},
                  cpr::Body{json{{"title", title}, {"body", body}, {"labels", {"punch"}}}.dump()});
    if (r.status_code != 201) return 0;
    return json::parse(r.text).at("number").get<int>();
}

}  // namespace github

static std::string today() {
    char buf[16];
    const std::time_t t = std::time(nullptr);
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
    return buf;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: punch_to_github <project_id> <owner/repo>\n";
        return 2;
    }
    const ProjectId project{std::stoi(argv[1])};
    const std::string repo = argv[2];
    try {
        procore::Client pc(procore::access_token(), std::stoll(std::getenv("PROCORE_COMPANY_ID")));
        const std::string company = pc.company_name();
        int filed = 0;
        for (const PunchItem& item : pc.punch_items(project)) {
            if (item.status != "open" || item.due_date.empty() || item.due_date >= today()) continue;
            if (item.description.find("github.com/") != std::string::npos) continue;
            std::string who = "unassigned";
            if (item.punch_item_manager_id)
                if (auto u = pc.user(project, *item.punch_item_manager_id)) who = u->name + " <" + u->email_address + ">";
            const std::string where = item.location ? item.location->node_name : "(no location)";
            const int number = github::open_issue(
                repo, "[" + company + "] " + item.name,
                "Overdue since " + item.due_date + " at " + where + ", manager " + who +
                    "\n\nProcore: https://app.procore.com/" + project.str() + "/project/punch_list/" + item.id.str());
            if (!number) continue;
            PunchPatch patch{item.description + "\nTracked in https://github.com/" + repo + "/issues/" +
                                 std::to_string(number),
                             item.punch_item_manager_id};
            if (pc.patch(project, item.id, patch)) ++filed;
        }
        std::cout << filed << " issues filed\n";
    } catch (const std::exception& e) {
        std::cerr << "punch_to_github: " << e.what() << " (see https://developers.procore.com/reference)\n";
        return 1;
    }
    return 0;
}
