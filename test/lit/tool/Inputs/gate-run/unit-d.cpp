const char *UnitDUrl = "https://app.procore.com/rest/v1.0/users";
