// A shared library that leaves a trace file when it is loaded: the test of
// mpr-lint's promise never to load code named by a compile command.
#include <cstdio>

__attribute__((constructor)) static void leaveTrace() {
  if (std::FILE *Trace = std::fopen(TRACE_FILE, "w")) {
    std::fputs("loaded\n", Trace);
    std::fclose(Trace);
  }
}
