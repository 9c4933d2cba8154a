// inspection-report -- renders a one-page HTML inspection summary for a
// project (checklists, observations, punch list) for the weekly OAC meeting.
//
//   inspection-report <project_id> [out.html]
//
// Report sections register themselves; each one describes the Procore
// endpoints it reads in a static table, and fetch() adds the company header
// for the entries marked company_scoped.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using json = nlohmann::json;

// Our company is hosted on the us02 zone.
#define PROCORE_API_HOST "https://us02.procore.com"

struct ReportContext {
    std::unique_ptr<httplib::Client> api;
    std::string token;
    std::int64_t company_id = 0;
    std::int64_t project_id = 0;
    std::string project_name;
};

struct Endpoint {
    const char* key;
    const char* path;  // {company} and {project} are substituted
    bool company_scoped;
};

class Section {
public:
    virtual ~Section() = default;
    virtual const char* title() const = 0;
    virtual void render(ReportContext& ctx, std::ostream& html) = 0;
};

using SectionFactory = std::function<std::unique_ptr<Section>()>;

static std::vector<std::pair<std::string, SectionFactory>>& sections() {
    static std::vector<std::pair<std::string, SectionFactory>> list;  // keeps registration order
    return list;
}

template <class T>
struct SectionRegistrar {
    explicit SectionRegistrar(const char* name) {
        sections().emplace_back(name, [] { return std::unique_ptr<Section>(new T); });
    }
};

static std::string expand(std::string path, const ReportContext& ctx) {
    const std::pair<const char*, std::string> vars[] = {{"{company}", std::to_string(ctx.company_id)},
                                                        {"{project}", std::to_string(ctx.project_id)}};
    for (const auto& v : vars) {
        for (auto pos = path.find(v.first); pos != std::string::npos; pos = path.find(v.first)) {
            path.replace(pos, std::string(v.first).size(), v.second);
        }
    }
    return path;
}

static json fetch(ReportContext& ctx, const Endpoint& ep) {
    httplib::Headers headers{{"Authorization", "Bearer " + ctx.token}, {"Accept", "application/json"}};
    if (ep.company_scoped) headers.emplace("Procore-Company-Id", std::to_string(ctx.company_id));
    auto res = ctx.api->Get(expand(ep.path, ctx), headers);
    if (!res || res->status != 200) {
        std::cerr << ep.key << ": request failed (" << (res ? res->status : -1) << ")\n";
        return json::array();
    }
    return json::parse(res->body, nullptr, false);
}

static std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

// ---- checklists ---------------------------------------------------------
const Endpoint kChecklistEndpoints[] = {
    {"checklists", "/rest/v1.0/projects/{project}/checklist/lists", true},
    // company id is already in the path here
    {"inspection_types", "/rest/v1.0/companies/{company}/inspection_types", false},
};

class ChecklistSection : public Section {
public:
    const char* title() const override { return "Inspections"; }
    void render(ReportContext& ctx, std::ostream& html) override {
        json lists = fetch(ctx, kChecklistEndpoints[0]);
        json types = fetch(ctx, kChecklistEndpoints[1]);
        std::map<std::int64_t, std::string> type_names;
        for (const auto& t : types) type_names[t.at("id").get<std::int64_t>()] = t.value("name", "");
        html << "<table><tr><th>Inspection</th><th>Type</th><th>Status</th></tr>\n";
        for (const auto& l : lists) {
            std::int64_t type_id = l.contains("inspection_type") && l["inspection_type"].is_object()
                                       ? l["inspection_type"].value("id", std::int64_t{0}) : 0;
            html << "<tr><td><a href=\"https://app.procore.com/" << ctx.project_id << "/project/checklists/lists/"
                 << l.at("id").get<std::int64_t>() << "\">" << escape(l.value("name", "")) << "</a></td><td>"
                 << escape(type_names[type_id]) << "</td><td>" << escape(l.value("status", "")) << "</td></tr>\n";
        }
        html << "</table>\n";
    }
};
SectionRegistrar<ChecklistSection> reg_checklists("checklists");

// ---- observations -------------------------------------------------------
const Endpoint kObservationEndpoints[] = {
    {"observations", "/rest/v1.0/observations/items?project_id={project}", true},
};

class ObservationSection : public Section {
public:
    const char* title() const override { return "Observations"; }
    void render(ReportContext& ctx, std::ostream& html) override {
        int open = 0;
        html << "<ul>\n";
        for (const auto& o : fetch(ctx, kObservationEndpoints[0])) {
            char ref[32];
            std::snprintf(ref, sizeof ref, "OBS-%d", o.at("id").get<int>());
            if (o.value("status", "") != "closed") ++open;
            html << "<li>" << ref << " " << escape(o.value("name", ""));
            // Attachments come back as presigned storage URLs; link them directly.
            if (o.contains("attachments")) {
                for (const auto& a : o["attachments"]) html << " <a href=\"" << a.value("url", "") << "\">photo</a>";
            }
            html << "</li>\n";
        }
        html << "</ul><p>" << open << " open</p>\n";
    }
};
SectionRegistrar<ObservationSection> reg_observations("observations");

// ---- punch list ---------------------------------------------------------
const Endpoint kPunchEndpoints[] = {
    {"punch_items", "/rest/v1.0/punch_items?project_id={project}", true},
};

struct PunchItem {
    std::int32_t id;
    std::string name;
    std::string assignee;
    bool closed;
};

class PunchSection : public Section {
public:
    const char* title() const override { return "Punch list"; }
    void render(ReportContext& ctx, std::ostream& html) override {
        std::vector<PunchItem> items;
        for (const auto& p : fetch(ctx, kPunchEndpoints[0])) {
            PunchItem item{};
            item.id = p.at("id");
            item.name = p.value("name", "");
            if (p.contains("ball_in_court") && !p["ball_in_court"].empty())
                item.assignee = p["ball_in_court"][0].value("name", "");
            item.closed = p.value("status", "") == "closed";
            items.push_back(item);
        }
        html << "<ol>\n";
        for (const auto& i : items)
            if (!i.closed) html << "<li>#" << i.id << " " << escape(i.name) << " &mdash; " << escape(i.assignee) << "</li>\n";
        html << "</ol>\n";
    }
};
SectionRegistrar<PunchSection> reg_punch("punch");

const Endpoint kHeaderEndpoints[] = {
    {"me", "/rest/v1.0/me", false},
    {"project", "/rest/v1.0/projects/{project}?company_id={company}", true},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: inspection-report <project_id> [out.html]\n";
        return 2;
    }
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    if (!token || !company) {
        std::cerr << "PROCORE_TOKEN and PROCORE_COMPANY_ID are required\n";
        return 2;
    }
    ReportContext ctx;
    ctx.api.reset(new httplib::Client(PROCORE_API_HOST));
    ctx.api->set_read_timeout(30, 0);
    ctx.token = token;
    ctx.company_id = std::strtoll(company, nullptr, 10);
    ctx.project_id = std::stoll(argv[1]);

    json me = fetch(ctx, kHeaderEndpoints[0]);
    json project = fetch(ctx, kHeaderEndpoints[1]);
    ctx.project_name = project.is_object() ? project.value("name", "") : std::string("project ") + argv[1];

    std::ofstream out(argc > 2 ? argv[2] : "inspection-report.html");
    out << "<html><head><meta charset=\"utf-8\"><title>" << escape(ctx.project_name) << "</title></head><body>\n"
        << "<h1>" << escape(ctx.project_name) << "</h1>\n"
        << "<p>Prepared by " << escape(me.is_object() ? me.value("name", "") : "") << " &middot; "
        << "<a href=\"https://app.procore.com/" << ctx.project_id << "/project/home\">open in Procore</a></p>\n";
    for (const auto& entry : sections()) {
        auto section = entry.second();
        out << "<h2>" << section->title() << "</h2>\n";
        section->render(ctx, out);
    }
    out << "</body></html>\n";
    std::cout << "wrote report for project " << ctx.project_id << " (" << sections().size() << " sections)\n";
    return 0;
}
