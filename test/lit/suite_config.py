# lit configuration for test/lit, run by ctest through lit.py. The library
# fixtures live in fixtures/libraries; test/lit/libraries runs them.
import os
import shutil
import lit.formats

config.name = "mpr-lint"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".c", ".test"]
config.test_source_root = os.path.join(config.mpr_source_root, "test", "lit")
config.test_exec_root = os.path.join(config.mpr_binary_root, "test", "lit")
config.excludes = ["Inputs"]
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])

check = " ".join([
    "python3", os.path.join(config.mpr_source_root, "test", "check_mpr_lint.py"),
    "--mpr-lint", config.mpr_lint, "--clang-tidy", config.clang_tidy,
    "--plugin", config.plugin, "--filecheck",
    os.path.join(config.llvm_tools_dir, "FileCheck"),
])
qt = "/usr/include/x86_64-linux-gnu/qt5"
config.substitutions += [
    ("%check_mpr_lint", check),
    ("%compare_front_ends", " ".join([
        "python3", os.path.join(config.mpr_source_root, "test", "compare_front_ends.py"),
        "--mpr-lint", config.mpr_lint, "--clang-tidy", config.clang_tidy,
        "--plugin", config.plugin])),
    ("%fix_all", " ".join([
        "python3", os.path.join(config.mpr_source_root, "test", "fix_all.py"),
        "--mpr-lint", config.mpr_lint])),
    # mpr-lint without its result cache, so that every run analyses for
    # real whatever ran before; tests of the cache (and `merge`, which
    # takes no such option) use the bare binary with their own --cache-dir.
    ("%mpr-lint-bin", config.mpr_lint),
    ("%mpr-lint", config.mpr_lint + " --no-cache"),
    ("%zero_findings", os.path.join(config.mpr_source_root, "test", "zero-findings.sh")),
    ("%expect_exit", os.path.join(config.mpr_source_root, "test", "expect-exit.sh")),
    ("%clang-tidy-19", config.clang_tidy),
    ("%clang-tidy-14", config.clang_tidy_14 or "/usr/bin/clang-tidy-14"),
    ("%plugin", config.plugin),
    ("%clangxx", config.clangxx),
    ("%fixtures", os.path.join(config.mpr_source_root, "fixtures")),
    ("%build_dir", config.mpr_binary_root),
    # Qt as its CMake targets hand it to the compiler: system headers.
    ("%qt_flags", "-fPIC -isystem %s -isystem %s/QtCore -isystem %s/QtNetwork" % (qt, qt, qt)),
    # Qt as a hand-written build names it: with -I, outside the system
    # headers.
    ("%qt_include_flags", "-fPIC -I%s -I%s/QtCore -I%s/QtNetwork" % (qt, qt, qt)),
    ("%jsoncpp_flags", "-I/usr/include/jsoncpp"),
    ("%stub_flags", "-I" + os.path.join(config.mpr_source_root, "fixtures", "stubs")),
    ("%make_compile_db", "python3 " + os.path.join(config.mpr_source_root, "test", "make_compile_db.py")),
]

# Reports and gate: the SARIF validator that scripts/install-test-tools.sh
# installs, and the JSON report checker.
config.substitutions += [
    ("%sarif_validate", "python3 %s %s" % (
        os.path.join(config.mpr_source_root, "test", "sarif", "validate.py"),
        os.path.join(config.mpr_binary_root, "test-tools", "node_modules", "@microsoft",
                     "sarif-multitool-linux", "Sarif.Multitool"))),
    ("%check_json_report", "python3 " + os.path.join(
        config.mpr_source_root, "test", "check_json_report.py")),
    ("%source_root", config.mpr_source_root),
    # A folder outside the build tree, for the few tests whose subject is a
    # search up the folders (the build tree has a compile_commands.json):
    # used as %outside%t, so it is still the test's own and the plain and
    # sanitizer suites never share it.
    ("%outside", "/tmp/mpr-lint-lit"),
]
# git run by a test sees only the repositories the test makes under its %t,
# never the source tree the build folder lives in.
config.environment["GIT_CEILING_DIRECTORIES"] = config.test_exec_root
# %mpr-lint runs without the cache and cache tests name their own folder;
# anything else that reaches the default folder (a hook run by pre-commit
# names its own too) stays out of the user's home and starts empty.
test_cache = os.path.join(config.test_exec_root, "xdg-cache")
shutil.rmtree(test_cache, ignore_errors=True)
config.environment["XDG_CACHE_HOME"] = test_cache
# The bad-input catalogue: snapshots prove nothing was written; as root,
# unreadable files are only unreadable to an unprivileged user.
config.substitutions += [
    ("%snapshot", os.path.join(config.mpr_source_root, "test", "snapshot.sh")),
    ("%generate", "python3 " + os.path.join(config.test_source_root, "tool", "bad-input", "Inputs", "generate.py")),
    ("%unprivileged", "setpriv --reuid=nobody --regid=nogroup --clear-groups" if os.geteuid() == 0 else ""),
]
# Tools that some tests need beside the build: each is a lit feature those
# tests REQUIRE. `make test` installs all of them and passes
# --param all-tools=1, so that a missing one fails the run instead of
# quietly leaving its tests unsupported.
optional_tools = {"clang-tidy-14": config.clang_tidy_14 or "clang-tidy-14",
                  "pre-commit": "pre-commit", "script": "script", "setpriv": "setpriv"}
for feature, program in optional_tools.items():
    if shutil.which(program):
        config.available_features.add(feature)
    elif lit_config.params.get("all-tools"):
        lit_config.fatal("'%s' is not installed; scripts/install-deps.sh installs it" % program)
if getattr(config, "sanitize", False):
    config.available_features.add("asan")
    # Every sanitizer report of every process a test starts lands here, also
    # those of workers whose stderr a test discards or whose failure it
    # expects; the ctest test sanitizer-reports fails unless it stays empty.
    reports = os.path.join(config.test_exec_root, "sanitizer-reports")
    shutil.rmtree(reports, ignore_errors=True)
    os.makedirs(reports)
    config.environment["ASAN_OPTIONS"] = "log_path=" + os.path.join(reports, "asan")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:log_path=" + os.path.join(reports, "ubsan")
