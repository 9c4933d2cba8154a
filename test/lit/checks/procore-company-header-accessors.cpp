// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// Client code shaped like generated API clients: a configuration made on
// the heap and set up through the variable that holds it, default headers
// handed out by an accessor that returns the member by reference, and API
// classes that keep the client in a member. Each request carries the
// headers of the configuration its own chain of members leads to, not
// those of every configuration the program makes.

#include <curl/curl.h>

#include <map>
#include <memory>
#include <string>

class Configuration {
public:
  std::map<std::string, std::string> &defaultHeaders() { return Headers; }

private:
  std::map<std::string, std::string> Headers;
};

class ApiClient {
public:
  explicit ApiClient(std::shared_ptr<Configuration> Config)
      : Config(std::move(Config)) {}

  long callApi(const std::string &Path) const {
    CURL *Curl = curl_easy_init();
    std::string Url = "https://api.procore.com" + Path;
    curl_easy_setopt(Curl, CURLOPT_URL, Url.c_str());
    curl_slist *List = nullptr;
    for (const auto &Header : Config->defaultHeaders())
      List = curl_slist_append(
          List, (Header.first + ": " + Header.second).c_str());
    curl_easy_setopt(Curl, CURLOPT_HTTPHEADER, List);
    CURLcode Code = curl_easy_perform(Curl);
    curl_slist_free_all(List);
    curl_easy_cleanup(Curl);
    return Code;
  }

private:
  std::shared_ptr<Configuration> Config;
};

class ProjectsApi {
public:
  explicit ProjectsApi(std::shared_ptr<ApiClient> Client)
      : Client(std::move(Client)) {}
  long listProjects() { return Client->callApi("/rest/v1.0/projects"); }

private:
  std::shared_ptr<ApiClient> Client;
};

class VendorsApi {
public:
  explicit VendorsApi(std::shared_ptr<ApiClient> Client)
      : Client(std::move(Client)) {}
  long listVendors() { return Client->callApi("/rest/v1.0/vendors"); }

private:
  std::shared_ptr<ApiClient> Client;
};

int main() {
  auto Scoped = std::make_shared<Configuration>();
  Scoped->defaultHeaders()["Procore-Company-Id"] = "42";
  auto Gateway = std::make_shared<Configuration>();
  Gateway->defaultHeaders()["X-Procore-Company-Id"] = "42";

  ProjectsApi Projects(std::make_shared<ApiClient>(Scoped));
  Projects.listProjects();

  VendorsApi Vendors(std::make_shared<ApiClient>(Gateway));
  Vendors.listVendors();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Procore API request to '/rest/v1.0/vendors' does not send the 'Procore-Company-Id' header; it sends 'X-Procore-Company-Id', which Procore does not read [procore-company-header]
  // CHECK-MESSAGES: :38:21: note: sent here
  // CHECK-MESSAGES: :72:29: note: did you mean 'Procore-Company-Id'?

  // A client called directly, its configuration one made here.
  auto Direct = std::make_shared<ApiClient>(Scoped);
  Direct->callApi("/rest/v1.0/companies/42/users");
}
