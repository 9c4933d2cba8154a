// daily_log_uploader: end-of-shift job on the site office PC. Records the
// day's weather in the Procore daily log and uploads the photos the foreman
// dropped into the share.
#include <cpr/cpr.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;

struct UploaderConfig {
    std::string api_base = "https://us02.procore.com";
    std::string weather_base = "https://api.openweathermap.org/data/2.5";
    int64_t company_id = 0;
    unsigned project_id = 0;
    double lat = 0.0, lon = 0.0;
    std::string photo_dir = "/mnt/site-share/photos/today";
};

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

cpr::Header make_header(const HeaderPairs& pairs) {
    cpr::Header h;
    for (const auto& [k, v] : pairs) h.emplace(k, v);
    return h;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<json> current_weather(const UploaderConfig& cfg, const std::string& key) {
    auto res = cpr::Get(cpr::Url{cfg.weather_base + "/weather"},
                        cpr::Parameters{{"lat", std::to_string(cfg.lat)},
                                        {"lon", std::to_string(cfg.lon)},
                                        {"units", "imperial"},
                                        {"appid", key}});
    if (res.status_code != 200) return std::nullopt;
    return json::parse(res.text);
}

bool post_weather_log(const UploaderConfig& cfg, const HeaderPairs& common, const json& wx) {
    json body{{"weather_log",
               {{"date", wx.value("date", "")},
                {"temperature_avg", wx["main"].value("temp", 0.0)},
                {"sky", wx["weather"][0].value("main", "")},
                {"wind", std::to_string(wx["wind"].value("speed", 0.0)) + " mph"},
                {"comments", "Recorded automatically by site office"}}}};

    cpr::Session session;
    session.SetUrl(cpr::Url{cfg.api_base + "/rest/v1.0/projects/" +
                            std::to_string(cfg.project_id) + "/weather_logs"});
    session.SetHeader(make_header(common));
    session.SetBody(cpr::Body{body.dump()});
    auto res = session.Post();
    if (res.status_code == 403) {
        session.UpdateHeader(cpr::Header{{"Procore-Company-Id", std::to_string(cfg.company_id)}});
        res = session.Post();
    }
    return res.status_code == 201;
}

bool upload_photo(const UploaderConfig& cfg, HeaderPairs headers, const fs::path& file) {
    headers.emplace_back("Procore-Company-Id", std::to_string(cfg.company_id));
    const std::string project = std::to_string(cfg.project_id);

    json req{{"response_filename", file.filename().string()},
             {"response_content_type", "image/jpeg"}};
    auto created = cpr::Post(cpr::Url{cfg.api_base + "/rest/v1.0/projects/" + project + "/uploads"},
                             make_header(headers), cpr::Body{req.dump()});
    if (created.status_code != 201) return false;
    auto upload = json::parse(created.text);
    const std::string uuid = upload.at("uuid").get<std::string>();
    const std::string put_url = upload.at("url").get<std::string>();
    if (put_url.rfind("https://storage.procore.com/", 0) != 0)
        std::cerr << "unexpected upload target " << put_url << "\n";

    auto put = cpr::Put(cpr::Url{put_url}, cpr::Header{{"Content-Type", "image/jpeg"}},
                        cpr::Body{read_file(file)});
    if (put.status_code / 100 != 2) return false;

    json image{{"image", {{"upload_uuid", uuid}, {"description", file.stem().string()}}}};
    auto done = cpr::Post(cpr::Url{cfg.api_base + "/rest/v1.0/images"}, make_header(headers),
                          cpr::Parameters{{"project_id", project}}, cpr::Body{image.dump()});
    return done.status_code == 201;
}

int main() {
    UploaderConfig cfg;
    const char* company = std::getenv("PROCORE_COMPANY_ID");
    const char* project = std::getenv("PROCORE_PROJECT_ID");
    const char* token = std::getenv("PROCORE_TOKEN");
    const char* owm_key = std::getenv("OWM_API_KEY");
    if (!company || !project || !token) {
        std::cerr << "PROCORE_COMPANY_ID, PROCORE_PROJECT_ID and PROCORE_TOKEN are required\n";
        return 2;
    }
    cfg.company_id = std::stoll(company);
    cfg.project_id = static_cast<unsigned>(std::stoul(project));
    if (const char* base = std::getenv("PROCORE_API_BASE")) cfg.api_base = base;
    cfg.lat = 41.8781;
    cfg.lon = -87.6298;

    const HeaderPairs common{{"Authorization", std::string("Bearer ") + token},
                             {"Content-Type", "application/json"},
                             {"Accept", "application/json"}};

    if (owm_key) {
        if (auto wx = current_weather(cfg, owm_key); wx && !post_weather_log(cfg, common, *wx))
            std::cerr << "weather log was not accepted\n";
    }

    int uploaded = 0, skipped = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(cfg.photo_dir, ec)) {
        const auto ext = entry.path().extension().string();
        if (ext != ".jpg" && ext != ".jpeg" && ext != ".JPG") {
            ++skipped;
            continue;
        }
        if (upload_photo(cfg, common, entry.path())) ++uploaded;
    }
    std::cout << uploaded << " photos uploaded, " << skipped << " other files skipped\n";
    return 0;
}
