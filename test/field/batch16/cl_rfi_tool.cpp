// rfi-tool: command-line helper for the field engineers' RFI workflow.
//
//   rfi-tool projects list
//   rfi-tool rfi list <project_id> [--status open|closed]
//   rfi-tool rfi show <project_id> <rfi_id>
//   rfi-tool rfi close <project_id> <rfi_id>
//   rfi-tool token info
//
// Environment: PROCORE_ENV (production|sandbox|monthly), PROCORE_TOKEN,
// PROCORE_COMPANY_ID.
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <iostream>
#include <list>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

struct Hosts {
    std::string login;
    std::string api;
};

const std::map<std::string, Hosts> kEnvironments = {
    {"production", {"https://login.procore.com", "https://api.procore.com"}},
    {"sandbox", {"https://login-sandbox.procore.com", "https://sandbox.procore.com"}},
    {"monthly", {"https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com"}},
};

struct Context {
    Hosts hosts;
    std::string token;
    std::int64_t company_id = 0;
};

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

std::list<std::string> auth_headers(const Context& ctx) {
    return {
        "Authorization: Bearer " + ctx.token,
        "Accept: application/json",
        "Procore-Company-Id: " + std::to_string(ctx.company_id),
    };
}

json get_json(const std::string& url, const std::list<std::string>& headers, long* status) {
    std::ostringstream body;
    curlpp::Easy easy;
    easy.setOpt(curlpp::options::Url(url));
    easy.setOpt(curlpp::options::HttpHeader(headers));
    easy.setOpt(curlpp::options::WriteStream(&body));
    easy.perform();
    *status = curlpp::infos::ResponseCode::get(easy);
    return json::parse(body.str(), nullptr, false);
}

int projects_list(Context& ctx, const std::vector<std::string>&) {
    long status = 0;
    int page = 1;
    const int per_page = 100;
    for (;;) {
        const std::string url = ctx.hosts.api + "/rest/v1.0/projects?company_id=" +
                                std::to_string(ctx.company_id) + "&page=" + std::to_string(page) +
                                "&per_page=" + std::to_string(per_page);
        json projects = get_json(url, auth_headers(ctx), &status);
        if (status != 200 || !projects.is_array()) {
            std::cerr << "projects list failed: HTTP " << status << "\n";
            return 1;
        }
        for (const auto& p : projects) {
            const auto id = p.at("id").get<std::int64_t>();
            std::cout << std::setw(16) << std::left << id << p.value("name", "") << "\n";
        }
        if (static_cast<int>(projects.size()) < per_page) break;
        ++page;
    }
    return 0;
}

int rfi_list(Context& ctx, const std::vector<std::string>& args) {
    if (args.empty()) {
        std::cerr << "usage: rfi list <project_id> [--status open|closed]\n";
        return 2;
    }
    const std::int64_t project_id = std::stoll(args[0]);
    std::string status_filter;
    for (std::size_t i = 1; i + 1 < args.size(); ++i)
        if (args[i] == "--status") status_filter = args[i + 1];

    std::string url = ctx.hosts.api + "/rest/v1.0/projects/" + std::to_string(project_id) + "/rfis";
    if (!status_filter.empty()) url += "?filters[status]=" + status_filter;

    long status = 0;
    json rfis = get_json(url, auth_headers(ctx), &status);
    if (status != 200) {
        std::cerr << "rfi list failed: HTTP " << status << "\n";
        return 1;
    }
    for (const auto& r : rfis) {
        const int id = r.at("id").get<int>();
        std::cout << id << "\t#" << r.value("number", "?") << "\t" << r.value("status", "")
                  << "\t" << r.value("subject", "") << "\n";
    }
    std::cerr << rfis.size() << " RFI(s)\n";
    return 0;
}

int rfi_show(Context& ctx, const std::vector<std::string>& args) {
    if (args.size() < 2) {
        std::cerr << "usage: rfi show <project_id> <rfi_id>\n";
        return 2;
    }
    const std::int64_t project_id = std::stoll(args[0]);
    const int rfi_id = std::stoi(args[1]);
    long status = 0;
    json rfi = get_json(ctx.hosts.api + "/rest/v1.0/projects/" + std::to_string(project_id) +
                            "/rfis/" + std::to_string(rfi_id),
                        auth_headers(ctx), &status);
    if (status != 200) {
        std::cerr << "rfi " << rfi_id << ": HTTP " << status << "\n";
        return 1;
    }
    std::cout << rfi.dump(2) << "\n";
    if (rfi.contains("assignee") && rfi["assignee"].is_object()) {
        const auto assignee_id = rfi["assignee"].value("id", std::int64_t{0});
        std::cout << "assignee: " << assignee_id << " " << rfi["assignee"].value("name", "") << "\n";
    }
    std::cout << "open in Procore: https://app.procore.com/" << project_id
              << "/project/rfi/show/" << rfi_id << "\n";
    return 0;
}

int rfi_close(Context& ctx, const std::vector<std::string>& args) {
    if (args.size() < 2) {
        std::cerr << "usage: rfi close <project_id> <rfi_id>\n";
        return 2;
    }
    const std::int64_t project_id = std::stoll(args[0]);
    const std::int64_t rfi_id = std::stoll(args[1]);
    const std::string body = json{{"rfi", {{"status", "closed"}}}}.dump();

    std::ostringstream out;
    curlpp::Easy easy;
    easy.setOpt(curlpp::options::Url(ctx.hosts.api + "/rest/v1.0/projects/" +
                                     std::to_string(project_id) + "/rfis/" + std::to_string(rfi_id)));
    easy.setOpt(curlpp::options::CustomRequest("PATCH"));
    easy.setOpt(curlpp::options::HttpHeader(std::list<std::string>{
        "Authorization: Bearer " + ctx.token, "Content-Type: application/json"}));
    easy.setOpt(curlpp::options::PostFields(body));
    easy.setOpt(curlpp::options::PostFieldSize(static_cast<long>(body.size())));
    easy.setOpt(curlpp::options::WriteStream(&out));
    easy.perform();
    const long status = curlpp::infos::ResponseCode::get(easy);
    std::cout << "rfi " << rfi_id << " -> HTTP " << status << "\n";
    return status == 200 ? 0 : 1;
}

int token_info(Context& ctx, const std::vector<std::string>&) {
    long status = 0;
    const std::string url = "https://api.procore.com/oauth/token/info";
    json info = get_json(url, {"Authorization: Bearer " + ctx.token}, &status);
    std::cout << "HTTP " << status << "\n" << info.dump(2) << "\n";
    return status == 200 ? 0 : 1;
}

struct Command {
    std::string group;
    std::string verb;
    std::function<int(Context&, const std::vector<std::string>&)> run;
    const char* help;
};

const std::vector<Command> kCommands = {
    {"projects", "list", projects_list, "projects list"},
    {"rfi", "list", rfi_list, "rfi list <project_id> [--status open|closed]"},
    {"rfi", "show", rfi_show, "rfi show <project_id> <rfi_id>"},
    {"rfi", "close", rfi_close, "rfi close <project_id> <rfi_id>"},
    {"token", "info", token_info, "token info"},
};

void usage() {
    std::cerr << "usage: rfi-tool <command>\n";
    for (const auto& c : kCommands) std::cerr << "  " << c.help << "\n";
    std::cerr << "docs: https://developers.procore.com/reference/rest/rfis\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        usage();
        return 2;
    }
    const std::string env_name = env_or("PROCORE_ENV", "production");
    auto env = kEnvironments.find(env_name);
    if (env == kEnvironments.end()) {
        std::cerr << "unknown PROCORE_ENV '" << env_name << "'\n";
        return 2;
    }
    Context ctx;
    ctx.hosts = env->second;
    ctx.token = env_or("PROCORE_TOKEN", "");
    ctx.company_id = std::stoll(env_or("PROCORE_COMPANY_ID", "0"));

    const std::vector<std::string> rest(argv + 3, argv + argc);
    curlpp::Cleanup cleanup;
    for (const auto& c : kCommands) {
        if (c.group == argv[1] && c.verb == argv[2]) {
            try {
                return c.run(ctx, rest);
            } catch (const std::exception& e) {
                std::cerr << "error: " << e.what() << "\n";
                return 1;
            }
        }
    }
    usage();
    return 2;
}
