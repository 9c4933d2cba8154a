// st_vendor_sync.cpp
//
// ERP -> Procore vendor directory sync, run by the estimating desktop plugin.
// The plugin's UI timer calls VendorSync::step() once per tick and shows the
// current step name, so each request is broken into small states; the upsert
// request is assembled on a cpr::Session over three of them.
#include <cpr/cpr.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace erpsync {

const std::string kTokenUrl = "https://api.procore.com/oauth/token";
const std::string kApiBase = "https://api.procore.com";
const std::string kErpBase = "http://erp.corp.local:8443/api";

struct PluginConfig {
  int company_id = 0;
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;
  std::string erp_key;
};

struct ErpVendor {
  unsigned erp_number = 0;  // ERP's own key, sent to Procore as origin_id
  std::string name;
  std::string tax_id;
};

enum class Step {
  Refresh, WhoAmI, LoadErp, FetchVendors, PrepareUpsert, AttachHeaders, SendUpsert, Done, Failed
};

class VendorSync {
 public:
  explicit VendorSync(PluginConfig cfg) : cfg_(std::move(cfg)), company_id_(cfg_.company_id) {}

  Step current() const { return step_; }
  bool finished() const { return step_ == Step::Done || step_ == Step::Failed; }

  void step() {
    switch (step_) {
      case Step::Refresh: step_ = refresh(); break;
      case Step::WhoAmI: step_ = whoAmI(); break;
      case Step::LoadErp: step_ = loadErp(); break;
      case Step::FetchVendors: step_ = fetchVendors(); break;
      case Step::PrepareUpsert: step_ = prepareUpsert(); break;
      case Step::AttachHeaders: step_ = attachHeaders(); break;
      case Step::SendUpsert: step_ = sendUpsert(); break;
      case Step::Done:
      case Step::Failed: break;
    }
  }

 private:
  Step refresh() {
    cpr::Response r = cpr::Post(cpr::Url{kTokenUrl},
                                cpr::Payload{{"grant_type", "refresh_token"},
                                             {"refresh_token", cfg_.refresh_token},
                                             {"client_id", cfg_.client_id},
                                             {"client_secret", cfg_.client_secret}});
    if (r.status_code != 200) return ++failures_ > 3 ? Step::Failed : Step::Refresh;
    rapidjson::Document d;
    d.Parse(r.text.c_str());
    if (d.HasParseError() || !d.HasMember("access_token")) return Step::Failed;
    token_ = d["access_token"].GetString();
    cfg_.refresh_token = d["refresh_token"].GetString();  // rotated on every refresh
    return user_id_ == 0 ? Step::WhoAmI : resume_;
  }

  Step whoAmI() {
    cpr::Response r = cpr::Get(cpr::Url{kApiBase + "/rest/v1.0/me"}, cpr::Bearer{token_});
    if (r.status_code == 401) return Step::Refresh;
    rapidjson::Document d;
    d.Parse(r.text.c_str());
    user_id_ = d["id"].GetInt64();
    return Step::LoadErp;
  }

  Step loadErp() {
    cpr::Response r = cpr::Get(cpr::Url{kErpBase + "/vendors?active=1"},
                               cpr::Header{{"X-Erp-Key", cfg_.erp_key}});
    if (r.status_code != 200) return Step::Failed;
    rapidjson::Document d;
    d.Parse(r.text.c_str());
    for (const auto& v : d.GetArray())
      erp_.push_back({v["number"].GetUint(), v["name"].GetString(), v["tax_id"].GetString()});
    return Step::FetchVendors;
  }

  Step fetchVendors() {
    cpr::Response r = cpr::Get(cpr::Url{kApiBase + "/rest/v1.0/vendors"},
                               cpr::Parameters{{"company_id", std::to_string(company_id_)},
                                               {"page", std::to_string(page_)},
                                               {"per_page", "100"}},
                               cpr::Bearer{token_});
    if (r.status_code == 401) {
      resume_ = Step::FetchVendors;
      return Step::Refresh;
    }
    if (r.status_code != 200) return Step::Failed;
    rapidjson::Document d;
    d.Parse(r.text.c_str());
    int rows = 0;
    for (const auto& v : d.GetArray()) {
      ++rows;
      if (v.HasMember("origin_id") && v["origin_id"].IsString())
        by_origin_[v["origin_id"].GetString()] = v["id"].GetInt();
    }
    if (rows == 100) {
      ++page_;
      return Step::FetchVendors;
    }
    cursor_ = 0;
    return erp_.empty() ? Step::Done : Step::PrepareUpsert;
  }

  Step prepareUpsert() {
    const ErpVendor& v = erp_[cursor_];
    const std::string origin = std::to_string(v.erp_number);
    auto it = by_origin_.find(origin);
    is_update_ = it != by_origin_.end();
    std::string url = kApiBase + "/rest/v1.0/vendors";
    if (is_update_) url += "/" + std::to_string(it->second);
    session_.SetUrl(cpr::Url{url + "?company_id=" + std::to_string(company_id_)});

    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("vendor");
    w.StartObject();
    w.Key("name"); w.String(v.name.c_str());
    w.Key("origin_id"); w.String(origin.c_str());
    w.Key("tax_id"); w.String(v.tax_id.c_str());
    w.EndObject();
    w.EndObject();
    session_.SetBody(cpr::Body{sb.GetString()});
    return Step::AttachHeaders;
  }

  Step attachHeaders() {
    session_.SetHeader(cpr::Header{{"Authorization", "Bearer " + token_},
                                   {"Procore-Company-Id", std::to_string(company_id_)},
                                   {"Content-Type", "application/json"}});
    return Step::SendUpsert;
  }

  Step sendUpsert() {
    cpr::Response r = is_update_ ? session_.Patch() : session_.Post();
    if (r.status_code == 401) {
      resume_ = Step::AttachHeaders;
      return Step::Refresh;
    }
    if (r.status_code >= 400)
      std::cerr << "vendor " << erp_[cursor_].erp_number << " rejected (" << r.status_code
                << "), see https://developers.procore.com/reference/rest/vendors\n";
    else if (!is_update_)
      std::cout << "created: https://app.procore.com/" << company_id_
                << "/company/directory/vendors\n";
    return ++cursor_ < erp_.size() ? Step::PrepareUpsert : Step::Done;
  }

  PluginConfig cfg_;
  int64_t company_id_;
  int64_t user_id_ = 0;
  std::string token_;
  Step step_ = Step::Refresh;
  Step resume_ = Step::LoadErp;
  int failures_ = 0;
  int page_ = 1;
  size_t cursor_ = 0;
  bool is_update_ = false;
  std::vector<ErpVendor> erp_;
  std::map<std::string, int64_t> by_origin_;
  cpr::Session session_;
};

}  // namespace erpsync

// Called from the plugin host with the settings page values.
extern "C" int procore_vendor_sync_run(int company_id, const char* client_id,
                                       const char* client_secret, const char* refresh_token,
                                       const char* erp_key) {
  erpsync::PluginConfig cfg;
  cfg.company_id = company_id;
  cfg.client_id = client_id;
  cfg.client_secret = client_secret;
  cfg.refresh_token = refresh_token;
  cfg.erp_key = erp_key;
  erpsync::VendorSync sync(cfg);
  while (!sync.finished()) sync.step();
  return sync.current() == erpsync::Step::Done ? 0 : 1;
}
