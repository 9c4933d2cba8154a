#include "host.h"
const char *TokenUrl = PROCORE_HOST "/oauth/token";
