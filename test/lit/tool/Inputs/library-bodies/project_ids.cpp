#include <cstdlib>
#include <string>
#include <widthlib.h>

std::string projectUrl(const char *Text) {
  int ProjectId = std::atoi(Text);
#ifdef INSTANTIATE
  return "https://api.procore.com/rest/v1.0/projects/" +
         std::to_string(widenId(ProjectId));
#else
  return "https://api.procore.com/rest/v1.0/projects/" +
         std::to_string(ProjectId);
#endif
}
