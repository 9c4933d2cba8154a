const char *ProxyToken = "https://procore-proxy.corp.example/oauth/token";
