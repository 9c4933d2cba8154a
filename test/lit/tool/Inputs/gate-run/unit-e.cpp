const char *UnitEUrl = "https://app.procore.com/oauth/authorize";
