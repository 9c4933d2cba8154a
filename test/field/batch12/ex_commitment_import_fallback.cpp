// commitment_import: reads purchase orders exported from the ERP (CSV:
// title,vendor name,amount) and creates them as commitments on a Procore
// project. Site offices have flaky DNS, so after repeated failures on the
// primary host the importer switches to a secondary host.
#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <variant>

using namespace web;
using namespace web::http;
using namespace web::http::client;
using utility::conversions::to_string_t;

struct Env {
    utility::string_t login;
    utility::string_t api;
};

const std::map<std::string, Env> kEnvironments = {
    {"production", {U("https://login.procore.com"), U("https://api.procore.com")}},
    {"monthly", {U("https://login-sandbox-monthly.procore.com"), U("https://api-monthly.procore.com")}},
};
// Secondary host used when the primary keeps timing out.
const utility::string_t kFallbackHost = U("https://app.procore.com");

struct Failure {
    int status;
    std::string what;
};

template <typename T>
using Expected = std::variant<T, Failure>;

template <typename T>
bool failed(const Expected<T>& e) { return std::holds_alternative<Failure>(e); }

class CommitmentImporter {
public:
    CommitmentImporter(Env env, int64_t company_id, std::string refresh_token,
                       std::string client_id, std::string client_secret)
        : env_(std::move(env)), company_id_(company_id), refresh_(std::move(refresh_token)),
          client_id_(std::move(client_id)), secret_(std::move(client_secret)) {}

    Expected<bool> authenticate() {
        try {
            http_client login(env_.login);
            json::value form;
            form[U("grant_type")] = json::value::string(U("refresh_token"));
            form[U("refresh_token")] = json::value::string(to_string_t(refresh_));
            form[U("client_id")] = json::value::string(to_string_t(client_id_));
            form[U("client_secret")] = json::value::string(to_string_t(secret_));
            http_response r = login.request(methods::POST, U("/oauth/token"), form).get();
            if (r.status_code() != status_codes::OK)
                return Failure{r.status_code(), r.extract_string().get()};
            json::value tok = r.extract_json().get();
            token_ = tok.at(U("access_token")).as_string();
            return true;
        } catch (const std::exception& e) {
            return Failure{0, e.what()};
        }
    }

    std::function<http_request()> request_builder(method m, utility::string_t path,
                                                  json::value body = json::value::null()) {
        return [this, m, path, body] {
            http_request req(m);
            req.set_request_uri(path);
            req.headers().add(U("Authorization"), U("Bearer ") + token_);
            req.headers().add(U("Procore-Company-Id"), std::to_string(company_id_));
            if (!body.is_null()) req.set_body(body);
            return req;
        };
    }

    // Three attempts with backoff per host, primary first, then the fallback.
    Expected<json::value> send_with_fallback(const std::function<http_request()>& build) {
        Failure last{0, "not sent"};
        for (const auto& host : {env_.api, kFallbackHost}) {
            auto delay = std::chrono::milliseconds(400);
            for (int attempt = 0; attempt < 3; ++attempt) {
                try {
                    http_client client(host);
                    http_response r = client.request(build()).get();
                    if (r.status_code() < 500 && r.status_code() != 429) {
                        if (r.status_code() >= 300)
                            return Failure{r.status_code(), r.extract_string().get()};
                        return r.extract_json().get();
                    }
                    last = Failure{r.status_code(), "server error"};
                } catch (const http_exception& e) {
                    last = Failure{0, e.what()};
                }
                std::this_thread::sleep_for(delay);
                delay *= 2;
            }
            std::cerr << "host " << host << " failing (" << last.what << "), trying next host\n";
        }
        return last;
    }

    Expected<int64_t> find_vendor(const std::string& name) {
        http_request req(methods::GET);
        uri_builder ub(U("/rest/v1.0/vendors"));
        ub.append_query(U("company_id"), company_id_);
        ub.append_query(U("filters[search]"), to_string_t(name));
        req.set_request_uri(ub.to_uri());
        req.headers().add(U("Authorization"), U("Bearer ") + token_);
        try {
            http_client client(env_.api);
            http_response r = client.request(req).get();
            if (r.status_code() != status_codes::OK)
                return Failure{r.status_code(), r.extract_string().get()};
            json::value arr = r.extract_json().get();
            if (!arr.is_array() || arr.size() == 0) return Failure{404, "vendor not found: " + name};
            int64_t id = arr.at(0).at(U("id")).as_number().to_int64();
            vendor_names_[id] = to_string_t(name);
            return id;
        } catch (const std::exception& e) {
            return Failure{0, e.what()};
        }
    }

    Expected<int64_t> create_commitment(int64_t project_id, const std::string& title,
                                        int64_t vendor_id, double amount) {
        json::value po;
        po[U("title")] = json::value::string(to_string_t(title));
        po[U("vendor_id")] = json::value::number(vendor_id);
        po[U("grand_total")] = json::value::number(amount);
        po[U("status")] = json::value::string(U("Draft"));
        json::value body;
        body[U("purchase_order_contract")] = po;
        auto path = U("/rest/v1.0/purchase_order_contracts?project_id=") + to_string_t(std::to_string(project_id));
        auto r = send_with_fallback(request_builder(methods::POST, path, body));
        if (failed(r)) return std::get<Failure>(r);
        int id = std::get<json::value>(r).at(U("id")).as_integer();
        return static_cast<int64_t>(id);
    }

private:
    Env env_;
    int64_t company_id_;
    std::string refresh_, client_id_, secret_;
    utility::string_t token_;
    std::map<int, utility::string_t> vendor_names_;
};

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: commitment_import <company_id> <project_id> <orders.csv> [production|monthly]\n";
        return 2;
    }
    int64_t company_id = std::stoll(argv[1]);
    int64_t project_id = std::stoll(argv[2]);
    std::string env_name = argc > 4 ? argv[4] : "production";
    auto env = kEnvironments.find(env_name);
    const char* rt = std::getenv("PROCORE_REFRESH_TOKEN");
    const char* cid = std::getenv("PROCORE_CLIENT_ID");
    const char* sec = std::getenv("PROCORE_CLIENT_SECRET");
    if (env == kEnvironments.end() || !rt || !cid || !sec) {
        std::cerr << "bad environment or missing PROCORE_* variables\n";
        return 2;
    }
    CommitmentImporter imp(env->second, company_id, rt, cid, sec);
    if (auto a = imp.authenticate(); failed(a)) {
        std::cerr << "login failed: " << std::get<Failure>(a).what << "\n";
        return 1;
    }

    std::ifstream in(argv[3]);
    std::string line;
    int created = 0, line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        std::stringstream ss(line);
        std::string title, vendor, amount;
        if (!std::getline(ss, title, ',') || !std::getline(ss, vendor, ',') || !std::getline(ss, amount)) continue;
        auto v = imp.find_vendor(vendor);
        if (failed(v)) {
            std::cerr << "line " << line_no << ": " << std::get<Failure>(v).what
                      << " (add it in the directory: https://app.procore.com/" << company_id
                      << "/company/directory/vendors)\n";
            continue;
        }
        auto c = imp.create_commitment(project_id, title, std::get<int64_t>(v), std::stod(amount));
        if (failed(c)) {
            std::cerr << "line " << line_no << ": HTTP " << std::get<Failure>(c).status << " "
                      << std::get<Failure>(c).what << "\n";
            continue;
        }
        ++created;
        std::cout << "created commitment " << std::get<int64_t>(c) << " for " << vendor << "\n";
    }
    std::cout << created << " commitments created; review them at https://app.procore.com/"
              << project_id << "/project/commitments\n";
    return 0;
}
