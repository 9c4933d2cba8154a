// Included by several translation units: its finding is reported once.
static const char *const SharedTokenUrl = "https://app.procore.com/oauth/token";
