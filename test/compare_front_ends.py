#!/usr/bin/env python3
"""Runs mpr-lint and clang-tidy --load over every unit of a compilation
database with one whole configuration, and requires the same result.

  compare_front_ends.py --mpr-lint M --clang-tidy T --plugin P BUILD TEMP [tool args...]

For each unit: the same warnings and notes (headers included, as the tool
args' --header-filter selects them) and the same exported fixes; mpr-lint
exits 1 with findings and 0 without, clang-tidy 0, and neither says
anything else on stderr. Prints how many units and findings were compared,
so that a test can also require that there was something to compare.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_mpr_lint import (TIDY_STDERR, exported_diagnostics, fail,  # noqa: E402
                            findings, remove, run)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mpr-lint", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("build")
    parser.add_argument("temp")
    parser.add_argument("tool_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    with open(os.path.join(args.build, "compile_commands.json"), encoding="utf-8") as f:
        units = [os.path.join(entry["directory"], entry["file"]) for entry in json.load(f)]
    os.makedirs(args.temp, exist_ok=True)

    total = 0
    for index, unit in enumerate(units):
        lint_export = os.path.join(args.temp, "%d.lint.yaml" % index)
        tidy_export = os.path.join(args.temp, "%d.tidy.yaml" % index)
        remove(lint_export)
        remove(tidy_export)
        lint = run([args.mpr_lint, "--quiet", "--no-cache", "-p", args.build,
                    "--export-fixes=" + lint_export] + args.tool_args + [unit])
        expected_exit = 1 if findings(lint.stdout) else 0
        if lint.returncode != expected_exit or lint.stderr:
            fail("%s: mpr-lint exited %d (expected %d)" % (unit, lint.returncode, expected_exit),
                 lint.stderr)
        tidy = run([args.clang_tidy, "--load=" + args.plugin, "--quiet", "-p", args.build,
                    "--export-fixes=" + tidy_export] + args.tool_args + [unit])
        unexpected = [line for line in tidy.stderr.splitlines()
                      if not TIDY_STDERR.match(line)]
        if tidy.returncode != 0 or unexpected:
            fail("%s: clang-tidy --load exited %d (expected 0)" % (unit, tidy.returncode),
                 tidy.stderr)
        if tidy.stdout != lint.stdout:
            fail("%s: mpr-lint and clang-tidy --load disagree" % unit,
                 "--- mpr-lint\n" + lint.stdout + "--- clang-tidy\n" + tidy.stdout)
        if exported_diagnostics(lint_export) != exported_diagnostics(tidy_export):
            fail("%s: mpr-lint and clang-tidy --load export different fixes" % unit,
                 "see %s and %s\n" % (lint_export, tidy_export))
        total += len(findings(lint.stdout))
    print("compared %d units, %d findings" % (len(units), total))


if __name__ == "__main__":
    main()
