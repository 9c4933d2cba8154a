#if __has_include("region-override.h")
#include "region-override.h"
#else
const char *TokenUrl = "https://app.procore.com/oauth/token";
#endif
