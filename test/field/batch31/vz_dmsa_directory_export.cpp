// directory_export - nightly job (Developer Managed Service Account) that dumps
// the company directory (users and vendors) into CSV files for the HR system.
#include <curlpp/cURLpp.hpp>
#include <curlpp/Easy.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/Infos.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <list>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

namespace dir {

struct Environment {
    std::string name;
    std::string login_base;
    std::string api_base;
};

const Environment kProd{"production", "https://login.procore.com", "https://api.procore.com"};

// Operations ----------------------------------------------------------------
struct FetchToken   { std::string client_id; std::string client_secret; };
struct TokenInfo    {};
struct ListCompanies {};
struct ListUsers    { int64_t company_id; int page; };
struct ListVendors  { int64_t company_id; int page; };

using Operation = std::variant<FetchToken, TokenInfo, ListCompanies, ListUsers, ListVendors>;

struct Prepared {
    std::string url;
    std::string method;
    std::list<std::string> headers;
    std::string body;
};

template <class... F> struct Visitor : F... { using F::operator()...; };
template <class... F> Visitor(F...) -> Visitor<F...>;

class Api {
public:
    explicit Api(const Environment& env) : env_(env) {}

    Prepared prepare(const Operation& op) const {
        auto bearer = "Authorization: Bearer " + token_;
        return std::visit(Visitor{
            [&](const FetchToken& o) -> Prepared {
                return {env_.login_base + "/oauth/token", "POST",
                        {"Content-Type: application/x-www-form-urlencoded"},
                        "grant_type=client_credentials&client_id=" + o.client_id +
                            "&client_secret=" + o.client_secret};
            },
            [&](const TokenInfo&) -> Prepared {
                return {"https://api.procore.com/oauth/token/info", "GET", {bearer}, ""};
            },
            [&](const ListCompanies&) -> Prepared {
                return {env_.api_base + "/rest/v1.0/companies", "GET", {bearer}, ""};
            },
            [&](const ListUsers& o) -> Prepared {
                return {env_.api_base + "/rest/v1.0/companies/" + std::to_string(o.company_id) +
                            "/users?per_page=200&page=" + std::to_string(o.page),
                        "GET", {bearer, "Procore-Company-Id: " + std::to_string(o.company_id)}, ""};
            },
            [&](const ListVendors& o) -> Prepared {
                return {env_.api_base + "/rest/v1.0/vendors?company_id=" + std::to_string(o.company_id) +
                            "&per_page=200&page=" + std::to_string(o.page),
                        "GET", {bearer, "procore-company-id: " + std::to_string(o.company_id)}, ""};
            },
        }, op);
    }

    Json::Value run(const Operation& op) {
        Prepared p = prepare(op);
        std::stringstream sink;
        curlpp::Easy easy;
        easy.setOpt(curlpp::options::Url(p.url));
        easy.setOpt(curlpp::options::HttpHeader(p.headers));
        easy.setOpt(curlpp::options::CustomRequest(p.method));
        easy.setOpt(curlpp::options::WriteStream(&sink));
        if (!p.body.empty()) easy.setOpt(curlpp::options::PostFields(p.body));
        easy.perform();

        const long http = curlpp::infos::ResponseCode::get(easy);
        Json::Value root;
        Json::CharReaderBuilder rb;
        std::string err;
        if (!Json::parseFromStream(rb, sink, &root, &err))
            throw std::runtime_error("unparseable response from " + p.url + ": " + err);
        if (http >= 400) throw std::runtime_error(p.url + " returned " + std::to_string(http));
        return root;
    }

    void authenticate(const std::string& id, const std::string& secret) {
        token_ = run(FetchToken{id, secret})["access_token"].asString();
        Json::Value info = run(TokenInfo{});
        std::cerr << "token valid for " << info["expires_in_seconds"].asInt() << "s\n";
    }

private:
    const Environment& env_;
    std::string token_;
};

struct VendorRow {
    long id;
    std::string name;
    std::string trade;
};

std::string csvEscape(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

} // namespace dir

int main(int argc, char** argv) {
    using namespace dir;
    const char* id = std::getenv("DMSA_CLIENT_ID");
    const char* secret = std::getenv("DMSA_CLIENT_SECRET");
    if (!id || !secret) {
        std::cerr << "DMSA_CLIENT_ID / DMSA_CLIENT_SECRET missing\n";
        return 1;
    }
    std::string outdir = argc > 1 ? argv[1] : ".";

    curlpp::Cleanup cleanup;
    Api api(kProd);
    api.authenticate(id, secret);

    Json::Value companies = api.run(ListCompanies{});
    for (const auto& company : companies) {
        const int64_t company_id = company["id"].asInt64();
        std::ofstream users(outdir + "/users_" + std::to_string(company_id) + ".csv");
        users << "id,name,email,vendor_id\n";
        int total = 0;
        for (int page = 1; page < 500; ++page) {
            Json::Value batch = api.run(ListUsers{company_id, page});
            if (batch.empty()) break;
            for (const auto& u : batch) {
                users << u["id"].asInt64() << ',' << csvEscape(u["name"].asString()) << ','
                      << csvEscape(u["email_address"].asString()) << ','
                      << u["vendor"]["id"].asLargestInt() << '\n';
                ++total;
            }
        }

        std::map<int64_t, VendorRow> vendors;
        for (int page = 1; page < 500; ++page) {
            Json::Value batch = api.run(ListVendors{company_id, page});
            if (batch.empty()) break;
            for (const auto& v : batch) {
                VendorRow row{v["id"].asInt64(), v["name"].asString(),
                              v["trade_name"].asString()};
                vendors[v["id"].asInt64()] = row;
            }
        }
        std::ofstream vf(outdir + "/vendors_" + std::to_string(company_id) + ".csv");
        vf << "id,name,trade\n";
        for (const auto& [vid, row] : vendors)
            vf << vid << ',' << csvEscape(row.name) << ',' << csvEscape(row.trade) << '\n';

        std::cerr << company["name"].asString() << ": " << total << " users, " << vendors.size()
                  << " vendors\n";
    }
    return 0;
}
