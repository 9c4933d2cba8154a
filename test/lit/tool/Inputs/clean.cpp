const char *TokenUrl = "https://login.procore.com/oauth/token";
