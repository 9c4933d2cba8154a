const char *TokenUrl = "https://app.procore.com/oauth/token";
