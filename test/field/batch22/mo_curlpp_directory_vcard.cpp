// directory-vcard: Outlook add-in helper that exports a Procore project's
// directory (people + company directory) as a .vcf address book.
//
// First run: prints the authorize link and waits for the code pasted back from
// the loopback page; later runs reuse the token in ~/.procore-vcard.
#include <curlpp/Easy.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
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

using json = nlohmann::json;

namespace cfg {
inline constexpr std::string_view kLoginBase = "https://login.procore.com";
inline constexpr std::string_view kApiBase = "https://app.procore.com";
inline constexpr int kRedirectPort = 8765;
inline constexpr std::string_view kRedirectUri = "http://localhost:8765/callback";
inline constexpr std::string_view kHelp = "https://support.procore.com/products/online/user-guide/project-level/directory";
} // namespace cfg

struct Person {
    long id;
    std::string name;
    std::string email;
    std::string phone;
    std::optional<std::int64_t> vendor_id;
    std::string company;
};

using FetchResult = std::variant<json, long>; // body or HTTP status

template <typename... Parts>
std::string concat(const Parts&... parts) {
    std::string out;
    out.reserve((std::string_view(parts).size() + ... + 0));
    (out.append(std::string_view(parts)), ...);
    return out;
}

template <typename... Lines>
std::list<std::string> header_list(const Lines&... lines) {
    return {std::string("Accept: application/json"), std::string(lines)...};
}

FetchResult fetch(const std::string& url, const std::list<std::string>& headers,
                  std::optional<std::string> post_body = std::nullopt) {
    curlpp::Easy req;
    std::ostringstream os;
    req.setOpt(curlpp::options::Url(url));
    req.setOpt(curlpp::options::HttpHeader(headers));
    req.setOpt(curlpp::options::WriteStream(&os));
    if (post_body) {
        req.setOpt(curlpp::options::PostFields(*post_body));
        req.setOpt(curlpp::options::PostFieldSize(static_cast<long>(post_body->size())));
    }
    req.perform();
    const long code = curlpp::infos::ResponseCode::get(req);
    if (code < 200 || code >= 300) return code;
    return json::parse(os.str());
}

std::optional<std::string> exchange_code(const std::string& code) {
    const auto body = concat("grant_type=authorization_code&code=", code,
                             "&client_id=", std::getenv("PROCORE_CLIENT_ID"),
                             "&client_secret=", std::getenv("PROCORE_CLIENT_SECRET"),
                             "&redirect_uri=", cfg::kRedirectUri);
    auto res = fetch(concat(cfg::kLoginBase, "/oauth/token"),
                     {"Content-Type: application/x-www-form-urlencoded"}, body);
    if (auto* j = std::get_if<json>(&res)) return j->at("access_token").get<std::string>();
    return std::nullopt;
}

std::optional<std::string> load_or_authorize() {
    const std::string path = concat(std::getenv("HOME"), "/.procore-vcard");
    if (std::ifstream in(path); in) {
        std::string tok;
        std::getline(in, tok);
        if (!tok.empty()) return tok;
    }
    std::cout << "Open this link, sign in, then paste the code shown on the page:\n  "
              << concat(cfg::kLoginBase, "/oauth/authorize?response_type=code&client_id=",
                        std::getenv("PROCORE_CLIENT_ID"), "&redirect_uri=", cfg::kRedirectUri)
              << "\n(listening page on port " << cfg::kRedirectPort << ")\ncode> ";
    std::string code;
    std::getline(std::cin, code);
    auto tok = exchange_code(code);
    if (tok) std::ofstream(path) << *tok << '\n';
    return tok;
}

void write_vcard(std::ostream& os, const Person& p) {
    os << "BEGIN:VCARD\r\nVERSION:3.0\r\n"
       << "FN:" << p.name << "\r\n"
       << "ORG:" << p.company << "\r\n"
       << "EMAIL;TYPE=work:" << p.email << "\r\n";
    if (!p.phone.empty()) os << "TEL;TYPE=work:" << p.phone << "\r\n";
    os << "X-PROCORE-USER-ID:" << p.id << "\r\nEND:VCARD\r\n";
}

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: directory-vcard <company_id> <project_id> <out.vcf>\n"
                  << "help: " << cfg::kHelp << '\n';
        return 2;
    }
    const std::int64_t company_id = std::atol(argv[1]);
    const std::int64_t project_id = std::stoll(argv[2]);

    curlpp::Cleanup curl_guard;
    try {
        const auto token = load_or_authorize();
        if (!token) {
            std::cerr << "authorization failed\n";
            return 1;
        }
        const auto auth = concat("Authorization: Bearer ", *token);
        const auto company_hdr = concat("Procore-Company-Id: ", std::to_string(company_id));

        if (auto me = fetch(concat(cfg::kApiBase, "/rest/v1.0/me"), header_list(auth)); std::holds_alternative<long>(me)) {
            std::cerr << "token expired, delete ~/.procore-vcard and rerun\n";
            return 1;
        }

        // vendor id -> company name from the company directory
        std::map<std::int64_t, std::string> vendor_names;
        auto vendors = fetch(concat(cfg::kApiBase, "/rest/v1.0/companies/", std::to_string(company_id), "/vendors"),
                             header_list(auth, company_hdr));
        if (auto* arr = std::get_if<json>(&vendors))
            for (const auto& v : *arr) vendor_names[v.at("id").get<std::int64_t>()] = v.value("name", "");

        auto users = fetch(concat(cfg::kApiBase, "/rest/v1.0/projects/", std::to_string(project_id), "/users"),
                           header_list(auth, concat("Procore-CompanyId: ", std::to_string(company_id))));
        if (auto* status = std::get_if<long>(&users)) {
            std::cerr << "project users: HTTP " << *status << '\n';
            return 1;
        }

        std::vector<Person> people;
        for (const auto& u : std::get<json>(users)) {
            Person p{u.at("id").get<long>(), u.value("name", ""), u.value("email_address", ""),
                     u.value("business_phone", ""), std::nullopt, ""};
            if (u.contains("vendor") && u["vendor"].is_object()) {
                p.vendor_id = u["vendor"].at("id").get<std::int64_t>();
                if (auto it = vendor_names.find(*p.vendor_id); it != vendor_names.end()) p.company = it->second;
            }
            people.push_back(std::move(p));
        }

        std::ofstream out(argv[3]);
        for (const auto& p : people) write_vcard(out, p);
        std::cout << people.size() << " contacts written to " << argv[3] << '\n';
    } catch (const curlpp::RuntimeError& e) {
        std::cerr << "network error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
