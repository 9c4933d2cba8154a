#include "host.h"
const char *MeUrl = PROCORE_HOST "/rest/v1.0/me";
