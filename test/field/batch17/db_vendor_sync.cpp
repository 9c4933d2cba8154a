// vendor_sync: mirrors the company directory (vendors + users) into SQLite so
// the estimating tool can join bids against Procore vendors offline.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr int kSchemaVersion = 7;
constexpr int kPerPage = 100;

struct Settings {
    std::string base_url = "https://api.procore.com";
    std::int64_t company_id = 0;
    std::string refresh_token;
    std::string client_id;
    std::string client_secret;
};

struct Vendor {
    std::int64_t id;
    std::string name;
    std::string updated_at;
};

struct DirectoryUser {
    int id;
    std::string email;
    long vendor_id;
};

class Db {
public:
    explicit Db(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
            throw std::runtime_error(sqlite3_errmsg(db_));
        exec("CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value);"
             "CREATE TABLE IF NOT EXISTS vendors(id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT);"
             "CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, email TEXT, vendor_id INTEGER);"
             "CREATE TABLE IF NOT EXISTS sync_state(resource TEXT PRIMARY KEY, watermark TEXT);");
        exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    }
    ~Db() { sqlite3_close(db_); }

    void exec(const std::string& sql) { sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }

    Settings load_settings() {
        Settings s;
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_, "SELECT key, value FROM settings", -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string key = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
            if (key == "company_id") s.company_id = sqlite3_column_int64(st, 1);
            else if (key == "base_url") s.base_url = text(st, 1);
            else if (key == "refresh_token") s.refresh_token = text(st, 1);
            else if (key == "client_id") s.client_id = text(st, 1);
            else if (key == "client_secret") s.client_secret = text(st, 1);
        }
        sqlite3_finalize(st);
        return s;
    }

    std::string watermark(const std::string& resource) {
        sqlite3_stmt* st = nullptr;
        std::string out;
        sqlite3_prepare_v2(db_, "SELECT watermark FROM sync_state WHERE resource = ?1", -1, &st, nullptr);
        sqlite3_bind_text(st, 1, resource.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) out = text(st, 0);
        sqlite3_finalize(st);
        return out;
    }

    void set_watermark(const std::string& resource, const std::string& ts) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO sync_state VALUES (?1, ?2)", -1, &st, nullptr);
        sqlite3_bind_text(st, 1, resource.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, ts.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }

    void upsert(const Vendor& v) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_,
            "INSERT INTO vendors(id, name, updated_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
            -1, &st, nullptr);
        sqlite3_bind_int64(st, 1, v.id);
        sqlite3_bind_text(st, 2, v.name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, v.updated_at.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }

    void upsert(const DirectoryUser& u) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO users(id, email, vendor_id) VALUES (?1, ?2, ?3)",
                           -1, &st, nullptr);
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_text(st, 2, u.email.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, u.vendor_id);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }

private:
    static std::string text(sqlite3_stmt* st, int col) {
        auto p = sqlite3_column_text(st, col);
        return p ? reinterpret_cast<const char*>(p) : "";
    }
    sqlite3* db_ = nullptr;
};

std::string fetch_access_token(const Settings& s) {
    httplib::Client auth("https://api.procore.com");
    httplib::Params form{{"grant_type", "refresh_token"},
                         {"refresh_token", s.refresh_token},
                         {"client_id", s.client_id},
                         {"client_secret", s.client_secret}};
    auto res = auth.Post("/oauth/token", form);
    if (!res || res->status != 200)
        throw std::runtime_error("token refresh failed");
    return json::parse(res->body).at("access_token").get<std::string>();
}

int sync_vendors(Db& db, httplib::Client& api, const Settings& s, const std::string& token) {
    httplib::Headers headers{{"Authorization", "Bearer " + token},
                             {"Procore-Company-Id", std::to_string(s.company_id)}};
    const std::string since = db.watermark("vendors");
    std::string newest = since;
    int total = 0;
    for (int page = 1;; ++page) {
        std::string path = "/rest/v1.0/vendors?company_id=" + std::to_string(s.company_id) +
                           "&page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
        if (!since.empty()) path += "&filters[updated_at]=" + since + "...";
        auto res = api.Get(path.c_str(), headers);
        if (!res || res->status != 200) break;
        auto arr = json::parse(res->body);
        for (const auto& j : arr) {
            Vendor v{j.at("id").get<std::int64_t>(), j.value("name", ""), j.value("updated_at", "")};
            db.upsert(v);
            if (v.updated_at > newest) newest = v.updated_at;
            ++total;
        }
        if (static_cast<int>(arr.size()) < kPerPage) break;
    }
    db.set_watermark("vendors", newest);
    return total;
}

int sync_users(Db& db, httplib::Client& api, const Settings& s, const std::string& token) {
    httplib::Headers auth_only{{"Authorization", "Bearer " + token}};
    int total = 0;
    for (int page = 1;; ++page) {
        std::string path = "/rest/v1.0/companies/" + std::to_string(s.company_id) +
                           "/users?page=" + std::to_string(page) + "&per_page=" + std::to_string(kPerPage);
        auto res = api.Get(path.c_str(), auth_only);
        if (!res || res->status != 200) break;
        auto arr = json::parse(res->body);
        for (const auto& j : arr) {
            DirectoryUser u;
            u.id = j.at("id").get<int>();
            u.email = j.value("email_address", "");
            u.vendor_id = j.contains("vendor") && !j["vendor"].is_null()
                              ? j["vendor"]["id"].get<std::int64_t>() : 0;
            db.upsert(u);
            ++total;
        }
        if (static_cast<int>(arr.size()) < kPerPage) break;
    }
    return total;
}

void post_summary(int vendors, int users, const Settings& s) {
    httplib::Client slack("https://hooks.slack.com");
    json msg = {{"text", "vendor_sync: " + std::to_string(vendors) + " vendors, " +
                         std::to_string(users) + " users. Directory: https://app.procore.com/" +
                         std::to_string(s.company_id) + "/company/directory"}};
    slack.Post("/services/T000/B000/XXXX", msg.dump(), "application/json");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Db db(argc > 1 ? argv[1] : "vendors.db");
        Settings s = db.load_settings();
        const std::string token = fetch_access_token(s);

        httplib::Client api(s.base_url);
        api.set_connection_timeout(10);
        api.set_read_timeout(60);

        db.exec("BEGIN");
        int vendors = sync_vendors(db, api, s, token);
        int users = sync_users(db, api, s, token);
        db.exec("COMMIT");

        std::cout << "synced " << vendors << " vendors, " << users << " users\n";
        post_summary(vendors, users, s);
    } catch (const std::exception& e) {
        std::cerr << "vendor_sync: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
