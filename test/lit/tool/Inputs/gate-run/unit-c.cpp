#include "shared-token.h"
const char *UnitCUrl = "https://app.procore.com/rest/v1.0/projects";
