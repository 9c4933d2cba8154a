// timecard-export: weekly payroll feed. Pulls approved timecard entries for a
// project, joins them with the company user directory, writes a CSV and
// uploads it to the payroll bucket through a presigned S3 URL.
//
//   timecard-export PROJECT_ID WEEK_START PRESIGNED_PUT_URL
#include <curlpp/Easy.hpp>
#include <curlpp/Exception.hpp>
#include <curlpp/Infos.hpp>
#include <curlpp/Options.hpp>
#include <curlpp/cURLpp.hpp>
#include <json/json.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

struct Entry {
    int64_t id = 0;
    int64_t user_id = 0;
    std::string date;
    double hours = 0.0;
    std::string cost_code;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual std::string name() const = 0;

protected:
    static Json::Value to_json(const std::string& body) {
        Json::Value v;
        Json::CharReaderBuilder rb;
        std::istringstream in(body);
        std::string errs;
        if (!Json::parseFromStream(rb, in, &v, &errs))
            std::fprintf(stderr, "json: %s\n", errs.c_str());
        return v;
    }
};

class ProcoreExport : public Transport {
public:
    std::string name() const override { return "procore"; }

    void init() {
        const char* base = std::getenv("PROCORE_API_BASE");
        base_ = base ? base : "https://app.procore.com";
        headers_["Authorization"] = std::string("Bearer ") + std::getenv("PROCORE_TOKEN");
        headers_["Accept"] = "application/json";
        company_id_ = std::strtoll(std::getenv("PROCORE_COMPANY_ID"), nullptr, 10);
    }

    Json::Value get(const std::string& path) {
        curlpp::Easy easy;
        std::ostringstream out;
        std::list<std::string> hdrs;
        for (const auto& kv : headers_) hdrs.push_back(kv.first + ": " + kv.second);
        hdrs.push_back("Procore-Company-Id: " + std::to_string(company_id_));
        easy.setOpt(new curlpp::options::Url(base_ + path));
        easy.setOpt(new curlpp::options::HttpHeader(hdrs));
        easy.setOpt(new curlpp::options::WriteStream(&out));
        easy.perform();
        return to_json(out.str());
    }

    Json::Value timecard_entries(int64_t project_id, const std::string& week_start, int page) {
        curlpp::Easy easy;
        std::ostringstream out;
        std::list<std::string> hdrs;
        for (const auto& kv : headers_) hdrs.push_back(kv.first + ": " + kv.second);
        easy.setOpt(new curlpp::options::Url(
            base_ + "/rest/v1.0/projects/" + std::to_string(project_id) +
            "/timecard_entries?filters[date]=" + week_start + "&page=" + std::to_string(page)));
        easy.setOpt(new curlpp::options::HttpHeader(hdrs));
        hdrs.push_back("Procore-Company-Id: " + std::to_string(company_id_));
        easy.setOpt(new curlpp::options::WriteStream(&out));
        easy.perform();
        long code = curlpp::infos::ResponseCode::get(easy);
        if (code != 200) std::fprintf(stderr, "timecards page %d: HTTP %ld\n", page, code);
        return to_json(out.str());
    }

    int64_t company_id() const { return company_id_; }

private:
    std::string base_;
    std::map<std::string, std::string> headers_;
    int64_t company_id_ = 0;
};

class S3Upload : public Transport {
public:
    std::string name() const override { return "s3"; }

    bool put_csv(const std::string& presigned, const std::string& csv) {
        curlpp::Easy easy;
        std::ostringstream sink;
        easy.setOpt(new curlpp::options::Url(presigned));
        easy.setOpt(new curlpp::options::CustomRequest("PUT"));
        easy.setOpt(new curlpp::options::HttpHeader(std::list<std::string>{"Content-Type: text/csv"}));
        easy.setOpt(new curlpp::options::PostFields(csv));
        easy.setOpt(new curlpp::options::PostFieldSize(static_cast<long>(csv.size())));
        easy.setOpt(new curlpp::options::WriteStream(&sink));
        easy.perform();
        return curlpp::infos::ResponseCode::get(easy) == 200;
    }
};

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s PROJECT_ID WEEK_START PRESIGNED_PUT_URL\n", argv[0]);
        return 2;
    }
    curlpp::Cleanup cleanup;
    int64_t project_id = std::atoi(argv[1]);
    const std::string week = argv[2];

    ProcoreExport procore;
    procore.init();
    S3Upload s3;

    std::vector<Entry> entries;
    std::vector<int32_t> user_ids;
    for (int page = 1; page <= 100; ++page) {
        Json::Value arr = procore.timecard_entries(project_id, week, page);
        if (!arr.isArray() || arr.empty()) break;
        for (const auto& e : arr) {
            if (e["status"].asString() != "approved") continue;
            Entry en;
            en.id = e["id"].asInt64();
            en.user_id = e["party"]["id"].asInt64();
            en.date = e["date"].asString();
            en.hours = e["hours"].asDouble();
            en.cost_code = e["cost_code"]["full_code"].asString();
            entries.push_back(en);
            user_ids.push_back(en.user_id);
        }
    }

    std::unordered_map<int64_t, std::string> employee_no;
    Json::Value users = procore.get("/rest/v1.0/companies/" + std::to_string(procore.company_id()) +
                                    "/users?per_page=1000");
    for (const auto& u : users) employee_no[u["id"].asInt64()] = u["employee_id"].asString();

    std::ostringstream csv;
    csv << "employee,date,hours,cost_code,procore_entry\n";
    int missing = 0;
    for (const Entry& en : entries) {
        auto it = employee_no.find(en.user_id);
        if (it == employee_no.end() || it->second.empty()) { ++missing; continue; }
        csv << it->second << ',' << en.date << ',' << en.hours << ',' << en.cost_code << ','
            << en.id << '\n';
    }

    bool ok = s3.put_csv(argv[3], csv.str());
    std::printf("%s: %zu entries from %zu users, %d without employee number, upload %s\n",
                week.c_str(), entries.size(), user_ids.size(), missing, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
