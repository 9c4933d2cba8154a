#!/usr/bin/env python3
"""Runs a check test the way clang-tidy's own tests do, and asserts more.

  check_mpr_lint.py <file> <checks> <temp prefix> [-- <tool args>] -- <compiler args>

On a copy of <file> whose CHECK lines are blanked:
1. clang-tidy-19 --load=<plugin> runs the checks, then mpr-lint --fix runs
   them and applies the fixes. Each must exit as expected (mpr-lint 1 with
   findings and 0 without, clang-tidy 0) with nothing unexpected on stderr,
   and the two must print the same warnings and notes and export the same
   fixes (mpr-lint prints the same with --fix as without).
2. FileCheck matches the output against CHECK-MESSAGES. Every warning, error
   and note must be expected, and every expected warning is written out in
   full, up to its [check] tag.
3. The fixed file must match CHECK-FIXES and may differ from the original
   only on lines that a CHECK-FIXES line states (a fix nobody expected fails
   the test, which is how "no fix-it" is asserted).
4. A second --fix changes nothing, and only findings without a fix-it
   remain. It also proves that the fixed file compiles: mpr-lint parses it
   with clang 19 and the test's flags, as clang -fsyntax-only does, and
   exits 2 on a compiler error; a third parse would prove nothing more.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys

import yaml

EXPECTATION = re.compile(r"// *CHECK-[A-Z0-9-]*:[^\r\n]*")
# clang-tidy's own summary lines; anything else on its stderr is a failure.
TIDY_STDERR = re.compile(r"^(\d+ warnings? (and \d+ errors? )?generated\.|"
                         r"Suppressed \d+ warnings.*|Use -header-filter=.*|"
                         r"Use -system-headers.*)$")


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


def remove(path):
    if os.path.exists(path):
        os.remove(path)


def exported_diagnostics(path):
    """The diagnostics of an --export-fixes file; clang-tidy writes none
    when it has nothing to say."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return (yaml.safe_load(f) or {}).get("Diagnostics") or []


def fixed_count(diagnostics):
    """How many findings carry a fix-it (in their message or a note)."""
    return sum(1 for diagnostic in diagnostics
               if any(message.get("Replacements") for message in
                      [diagnostic["DiagnosticMessage"]] + (diagnostic.get("Notes") or [])))


def filecheck_regex(pattern):
    """A CHECK-FIXES pattern as a Python regex: literal text, {{regex}}
    parts as written, [[...]] substitutions as anything."""
    parts = []
    for piece in re.split(r"(\{\{.*?\}\}|\[\[.*?\]\])", pattern):
        if piece.startswith("{{"):
            parts.append("(?:" + piece[2:-2] + ")")
        elif piece.startswith("[["):
            parts.append(".*?")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


def check_fixed_lines(original, fixed, text, prefix):
    """Every line the fixes changed or added must be stated, in order, by a
    CHECK-FIXES line; a deleted line can never be stated, so it fails."""
    patterns = [filecheck_regex(m.group(1)) for m in
                re.finditer(r"// *" + prefix + r"(?:-NEXT)?: ?([^\r\n]*)", text)]
    before, after = original.splitlines(), fixed.splitlines()
    next_pattern = 0
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, first, last, new_first, new_last in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            fail("the fixes deleted line %d ('%s'), which no CHECK-FIXES states"
                 % (first + 1, before[first]))
        for number in range(new_first, new_last):
            while (next_pattern < len(patterns) and
                   not patterns[next_pattern].search(after[number])):
                next_pattern += 1
            if next_pattern == len(patterns):
                fail("a fix changed line %d of the fixed file to '%s', and no "
                     "%s line (in order) states it" % (number + 1, after[number], prefix))
            next_pattern += 1


def run_front_ends(lint_command, tidy_command, inputs, temp, what):
    """Runs clang-tidy --load, then mpr-lint (which may apply fixes to the
    inputs), on the same inputs, each exporting its fixes next to `temp`,
    and fails unless each exits as expected (mpr-lint 1 with findings and 0
    without, clang-tidy 0), neither says anything unexpected on stderr, and
    the two print the same warnings and notes and export the same fixes.
    Returns mpr-lint's result and the path of its export."""
    lint_export, tidy_export = temp + ".lint.yaml", temp + ".tidy.yaml"
    remove(lint_export)
    remove(tidy_export)
    tidy = run(tidy_command + ["--export-fixes=" + tidy_export] + inputs)
    unexpected = [line for line in tidy.stderr.splitlines()
                  if not TIDY_STDERR.match(line)]
    if tidy.returncode != 0 or unexpected:
        fail("%s: clang-tidy --load exited %d (expected 0)" % (what, tidy.returncode),
             tidy.stderr)
    lint = run(lint_command + ["--export-fixes=" + lint_export] + inputs)
    expected_exit = 1 if findings(lint.stdout) else 0
    if lint.returncode != expected_exit or lint.stderr or not os.path.exists(lint_export):
        fail("%s: mpr-lint exited %d (expected %d)" % (what, lint.returncode, expected_exit),
             lint.stdout + lint.stderr)
    if tidy.stdout != lint.stdout:
        fail("%s: mpr-lint and clang-tidy --load disagree" % what,
             "--- mpr-lint\n" + lint.stdout + "--- clang-tidy\n" + tidy.stdout)
    if exported_diagnostics(lint_export) != exported_diagnostics(tidy_export):
        fail("%s: mpr-lint and clang-tidy --load export different fixes" % what,
             "see %s and %s\n" % (lint_export, tidy_export))
    return lint, lint_export


def check_full_messages(text, prefix):
    """A warning expectation written out up to its [check] tag: the quoted
    and the required hosts, types and headers are all asserted."""
    for number, line in enumerate(text.splitlines(), 1):
        match = re.search(prefix + r"(?:-DAG|-NEXT)?: (.*)$", line)
        if match and " warning: " in match.group(1) and \
                not re.search(r"\[procore-[a-z-]+\]$", match.group(1).rstrip()):
            fail("line %d: a CHECK-MESSAGES warning must be written out up to "
                 "its [check] tag" % number)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mpr-lint", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("input")
    parser.add_argument("check")
    parser.add_argument("temp")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    tool_args, compiler_args = split_args(args.rest)

    messages_prefix, fixes_prefix = "CHECK-MESSAGES", "CHECK-FIXES"
    with open(args.input, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    has_messages = messages_prefix + ":" in text
    has_fixes = fixes_prefix + ":" in text
    check_full_messages(text, messages_prefix)
    # Blank the expectations so they cannot match themselves in the output.
    cleaned = EXPECTATION.sub("//", text)

    extension = os.path.splitext(args.input)[1] or ".cpp"
    source = args.temp + extension
    os.makedirs(os.path.dirname(os.path.abspath(source)), exist_ok=True)
    with open(source, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(cleaned)

    checks = "-checks=-*," + args.check
    lint_command = [args.mpr_lint, "--quiet", "--no-cache", checks] + tool_args
    tidy_command = [args.clang_tidy, "--load=" + args.plugin, "--quiet", checks] + tool_args
    lint, fix_export = run_front_ends(lint_command + ["--fix"], tidy_command,
                                      [source, "--"] + compiler_args, args.temp, source)

    if has_messages:
        check = run([args.filecheck, args.input, "-check-prefix=" + messages_prefix,
                     "-implicit-check-not={{warning|error|note}}:"],
                    input=lint.stdout)
        if check.returncode != 0:
            fail("CHECK-MESSAGES did not match", check.stderr + lint.stdout)
    elif lint.stdout:
        fail("unexpected output (no CHECK-MESSAGES in the test)", lint.stdout)

    # The fixes mpr-lint applied.
    fixes = fixed_count(exported_diagnostics(fix_export))
    with open(source, encoding="utf-8", errors="surrogateescape") as f:
        fixed_text = f.read()
    check_fixed_lines(cleaned, fixed_text, text, fixes_prefix)
    if has_fixes:
        check = run([args.filecheck, args.input, "-check-prefix=" + fixes_prefix,
                     "-strict-whitespace", "--input-file=" + source])
        if check.returncode != 0:
            fail("CHECK-FIXES did not match", check.stderr)

    # Fixing again changes nothing; every fixed finding is gone (one fix may
    # also settle findings that share it: a helper that sends for several
    # callers).
    again = run(lint_command + ["--fix", source, "--"] + compiler_args)
    if again.returncode == 2 or re.search(r"^[^\n]*: error: ", again.stdout, re.M):
        fail("the fixed file does not compile", again.stdout + again.stderr)
    with open(source, encoding="utf-8", errors="surrogateescape") as f:
        if f.read() != fixed_text:
            fail("a second --fix changed the fixed file again")
    remaining = len(findings(again.stdout))
    expected_remaining = len(findings(lint.stdout)) - fixes
    if again.returncode != (1 if remaining else 0) or again.stderr or \
            remaining > expected_remaining:
        fail("after --fix, %d findings remain (exit %d); expected at most %d "
             "(the ones without a fix-it)" % (remaining, again.returncode,
                                               expected_remaining),
             again.stdout + again.stderr)


if __name__ == "__main__":
    main()
