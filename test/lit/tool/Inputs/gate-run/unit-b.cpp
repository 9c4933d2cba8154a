#include "shared-token.h"
const char *UnitBUrl = "https://app.procore.com/rest/v1.0/companies";
