// RUN: %check_mpr_lint %s procore-company-header %t -- -- -std=c++17

// A configuration made by a factory as a std::unique_ptr and kept as a
// std::shared_ptr is one object: the base URL the factory writes into it
// is what an executor holding the shared pointer sends to, on each call
// of its method followed one by one.

#include <curl/curl.h>

#include <memory>
#include <string>

struct ClientConfig {
  std::string ApiBase;
};

static std::unique_ptr<ClientConfig> makeConfig(bool Sandbox) {
  auto Config = std::make_unique<ClientConfig>();
  if (Sandbox)
    Config->ApiBase = "https://sandbox.procore.com";
  else
    Config->ApiBase = "https://api.procore.com";
  return Config;
}

class Executor {
public:
  explicit Executor(std::shared_ptr<ClientConfig> Config)
      : Config(std::move(Config)) {}
  void run(const std::string &Path) {
    std::string Url = Config->ApiBase + Path;
    CURL *Handle = curl_easy_init();
    curl_easy_setopt(Handle, CURLOPT_URL, Url.c_str());
    curl_easy_perform(Handle);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Procore API request to '/rest/v1.0/projects' does not send the 'Procore-Company-Id' header; MPR requires it on every REST API call [procore-company-header]
    // CHECK-MESSAGES: :49:3: note: request built here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: URL set here
    curl_easy_cleanup(Handle);
  }

private:
  std::shared_ptr<ClientConfig> Config;
};

int main(int Argc, char **) {
  std::shared_ptr<ClientConfig> Config = makeConfig(Argc > 1);
  Executor Exec(Config);
  Exec.run("/rest/v1.0/me");
  Exec.run("/rest/v1.0/projects");
  return 0;
}
