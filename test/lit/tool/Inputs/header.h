const char *HeaderUrl = "https://app.procore.com/rest/v1.0/me";
