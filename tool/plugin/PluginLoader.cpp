//===--- PluginLoader.cpp - libmpr-tidy.so, the clang-tidy plugin ---------===//
//
// clang-tidy --load=libmpr-tidy.so runs this file's constructor. It makes
// sure the host is the clang-tidy major version the checks were built for,
// then loads the checks (libmpr-tidy-checks.so, next to this file), which
// register themselves with the host's check registry.
//
// Loaded into another version, the checks would either fail to load and
// clang-tidy would go on without them (and exit 0), or load against a
// different ABI and crash. Both are worse than a clear refusal.
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <string>
#include <unistd.h>

namespace {

constexpr int RefusalExitCode = 2;

// The LLVM major version of the running host, from the name of the LLVM or
// clang-cpp library it loaded (libLLVM.so.19.1, libLLVM-14.so.1,
// libclang-cpp.so.19.1), or from its own path (/usr/lib/llvm-14/bin/...).
int majorFromName(const char *Name) {
  const char *Patterns[] = {"libLLVM.so.", "libLLVM-", "libclang-cpp.so.",
                            "/llvm-"};
  for (const char *Pattern : Patterns) {
    const char *Found = std::strstr(Name, Pattern);
    if (Found)
      return std::atoi(Found + std::strlen(Pattern));
  }
  return 0;
}

int hostLlvmMajor() {
  int Major = 0;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Data) {
        // The file name only: a preloaded library's folder says nothing
        // about the host (the ASan runtime lives in /usr/lib/llvm-19/).
        const char *Name = Info->dlpi_name ? Info->dlpi_name : "";
        const char *Slash = std::strrchr(Name, '/');
        int Found = majorFromName(Slash ? Slash + 1 : Name);
        if (Found)
          *static_cast<int *>(Data) = Found;
        return Found ? 1 : 0;
      },
      &Major);
  if (Major)
    return Major;
  char Self[4096];
  ssize_t Length = readlink("/proc/self/exe", Self, sizeof(Self) - 1);
  if (Length > 0) {
    Self[Length] = '\0';
    Major = majorFromName(Self);
  }
  return Major;
}

[[noreturn]] void refuse(const std::string &Why) {
  std::fprintf(stderr,
               "error: libmpr-tidy: %s; the procore-* checks were built for "
               "clang-tidy %d: run them with clang-tidy-%d or with mpr-lint\n",
               Why.c_str(), MPR_LLVM_MAJOR, MPR_LLVM_MAJOR);
  std::fflush(stderr);
  _exit(RefusalExitCode);
}

__attribute__((constructor)) void loadProcoreChecks() {
  int Host = hostLlvmMajor();
  if (Host && Host != MPR_LLVM_MAJOR)
    refuse("loaded into clang-tidy " + std::to_string(Host));

  Dl_info Self;
  if (!dladdr(reinterpret_cast<void *>(&loadProcoreChecks), &Self) ||
      !Self.dli_fname)
    refuse("cannot find where the plugin was loaded from");
  std::string Checks = Self.dli_fname;
  Checks = Checks.substr(0, Checks.rfind('/') + 1) + MPR_CHECKS_LIBRARY;
  if (!dlopen(Checks.c_str(), RTLD_NOW | RTLD_GLOBAL))
    refuse(std::string("cannot load the checks: ") + dlerror());
}

} // namespace
