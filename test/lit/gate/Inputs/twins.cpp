// The same flagged line, with the same neighbours, in two blocks.
void twins() {
  {
    const char *Url = "https://app.procore.com/oauth/token";
  }
}
