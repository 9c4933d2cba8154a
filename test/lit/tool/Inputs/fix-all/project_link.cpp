// One ID-width fix (int -> std::int64_t); the shim beside this file then
// breaks the fixed file, as a wrong fix-it would.
#include <cstdlib>
#include <string>

std::string projectUrl(const char *Text) {
  int project_id = std::atoll(Text);
  return "https://api.procore.com/rest/v1.0/projects/" +
         std::to_string(project_id);
}
