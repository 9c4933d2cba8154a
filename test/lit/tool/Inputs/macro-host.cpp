// The host comes from the command line (--extra-arg=-DHOST=...).
#include <string>
std::string meUrl() { return std::string("https://") + HOST + "/rest/v1.0/me"; }
