#include <httplib.h>
#include <map>
#include <string>
static std::map<std::string, std::string> build(bool WithCompany) {
  std::map<std::string, std::string> Fields;
  Fields["Authorization"] = "Bearer t";
  if (WithCompany)
    Fields["Procore-Company-Id"] = "42";
  return Fields;
}
static httplib::Result get(httplib::Client &Api, const char *Path, bool WithCompany) {
  httplib::Headers Headers;
  for (const auto &[Name, Value] : build(WithCompany))
    Headers.emplace(Name, Value);
  return Api.Get(Path, Headers);
}
int main() {
  httplib::Client Api("https://api.procore.com");
  get(Api, "/rest/v1.0/projects", true);
  get(Api, "/rest/v1.0/offices", false);
}
