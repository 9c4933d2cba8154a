#include "shared-token.h"
const char *UnitAUrl = "https://app.procore.com/rest/v1.0/me";
