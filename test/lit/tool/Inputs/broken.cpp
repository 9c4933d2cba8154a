void broken() { this_does_not_exist(42); }
const char *MeUrl = "https://app.procore.com/rest/v1.0/me";
