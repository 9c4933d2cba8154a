#!/usr/bin/env python3
"""Runs one check on one test file the way clang-tidy's own tests do, and more.

  check_mpr_lint.py <file> <check> <temp prefix> [-- <tool args>] -- <compiler args>

1. Runs mpr-lint and clang-tidy-19 with the plugin on a copy of <file> whose
   CHECK lines are blanked, and requires the two outputs to be identical.
2. Matches the output against the CHECK-MESSAGES lines of <file> with
   FileCheck; every warning or error must be expected.
3. Applies the fixes, matches the fixed file against CHECK-FIXES, compiles
   the fixed file with clang++-19, and runs the check again: only findings
   that had no fix-it may remain.
"""

import argparse
import os
import re
import subprocess
import sys


def run(command, **kwargs):
    return subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, **kwargs)


def fail(message, output=""):
    sys.stderr.write("check_mpr_lint: " + message + "\n" + output)
    sys.exit(1)


def split_args(rest):
    """[tool args...] -- [compiler args...]; the first '--' may be absent."""
    if "--" not in rest:
        return [], rest
    first = rest.index("--")
    if "--" in rest[first + 1:]:
        second = rest.index("--", first + 1)
        return rest[first + 1:second], rest[second + 1:]
    return rest[:first], rest[first + 1:]


def findings(output):
    return [line for line in output.splitlines()
            if re.search(r": (warning|error): ", line)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mpr-lint", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("--check-suffix", default="")
    parser.add_argument("--no-compile", action="store_true",
                        help="the input itself does not compile")
    parser.add_argument("input")
    parser.add_argument("check")
    parser.add_argument("temp")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    tool_args, compiler_args = split_args(args.rest)

    suffix = "-" + args.check_suffix.upper() if args.check_suffix else ""
    messages_prefix = "CHECK-MESSAGES" + suffix
    fixes_prefix = "CHECK-FIXES" + suffix
    with open(args.input, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    has_messages = messages_prefix + ":" in text
    has_fixes = fixes_prefix + ":" in text
    # Blank the expectations so they cannot match themselves in the output.
    cleaned = re.sub(r"// *CHECK-[A-Z0-9-]*:[^\r\n]*", "//", text)

    extension = os.path.splitext(args.input)[1] or ".cpp"
    source = args.temp + extension
    os.makedirs(os.path.dirname(os.path.abspath(source)), exist_ok=True)
    with open(source, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(cleaned)

    checks = "-checks=-*," + args.check
    lint = run([args.mpr_lint, "--quiet", checks] + tool_args +
               [source, "--"] + compiler_args)
    if lint.returncode not in (0, 1, 2):
        fail("mpr-lint crashed (exit %d)" % lint.returncode,
             lint.stdout + lint.stderr)
    tidy = run([args.clang_tidy, "--load=" + args.plugin, "--quiet", checks] +
               tool_args + [source, "--"] + compiler_args)
    if tidy.stdout != lint.stdout:
        fail("mpr-lint and clang-tidy --load disagree",
             "--- mpr-lint\n" + lint.stdout + "--- clang-tidy\n" + tidy.stdout)

    expected_exit = 1 if findings(lint.stdout) else 0
    if not args.no_compile and lint.returncode != expected_exit:
        fail("mpr-lint exited %d, expected %d" % (lint.returncode, expected_exit),
             lint.stdout + lint.stderr)

    if has_messages:
        check = run([args.filecheck, args.input, "-check-prefix=" + messages_prefix,
                     "-implicit-check-not={{warning|error}}:"],
                    input=lint.stdout)
        if check.returncode != 0:
            fail("CHECK-MESSAGES did not match", check.stderr + lint.stdout)
    elif findings(lint.stdout):
        fail("unexpected findings (no CHECK-MESSAGES in the test)", lint.stdout)

    if args.no_compile:
        return

    # Apply the fixes and check the result.
    export = args.temp + ".fixes.yaml"
    fixed = run([args.mpr_lint, "--quiet", "--fix", "--export-fixes=" + export,
                 checks] + tool_args + [source, "--"] + compiler_args)
    with open(export, encoding="utf-8") as f:
        fixed_count = len(re.findall(r"^\s+Replacements:\s*\n\s+- ", f.read(),
                                     re.MULTILINE))
    if has_fixes:
        check = run([args.filecheck, args.input, "-check-prefix=" + fixes_prefix,
                     "-strict-whitespace", "--input-file=" + source])
        if check.returncode != 0:
            fail("CHECK-FIXES did not match", check.stderr)
    compile_fixed = run([args.clangxx, "-fsyntax-only"] + compiler_args + [source])
    if compile_fixed.returncode != 0:
        fail("the fixed file does not compile", compile_fixed.stderr)
    again = run([args.mpr_lint, "--quiet", checks] + tool_args + [source, "--"] +
                compiler_args)
    # Every fixed finding is gone; one fix may also settle findings that
    # share it (a helper that sends for several callers).
    remaining = len(findings(again.stdout))
    if remaining > len(findings(lint.stdout)) - fixed_count:
        fail("after --fix, %d findings remain; expected at most %d (the ones without a fix-it)"
             % (remaining, len(findings(lint.stdout)) - fixed_count), again.stdout)


if __name__ == "__main__":
    main()
