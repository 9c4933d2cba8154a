// One host for every endpoint: OAuth in one unit, REST in another.
#define PROCORE_HOST "https://app.procore.com"
