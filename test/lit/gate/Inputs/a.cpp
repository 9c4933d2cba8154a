// Two legacy URLs and one more that a NOLINT comment silences.
const char *TokenUrl = "https://app.procore.com/oauth/token";
const char *ProjectsUrl = "https://app.procore.com/rest/v1.0/projects";
const char *Silenced = "https://app.procore.com/oauth/authorize"; // NOLINT
