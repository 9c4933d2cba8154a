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
from check_mpr_lint import findings, run_front_ends  # noqa: E402


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
        lint, _ = run_front_ends(
            [args.mpr_lint, "--quiet", "--no-cache", "-p", args.build] + args.tool_args,
            [args.clang_tidy, "--load=" + args.plugin, "--quiet", "-p", args.build] +
            args.tool_args,
            [unit], os.path.join(args.temp, str(index)), unit)
        total += len(findings(lint.stdout))
    print("compared %d units, %d findings" % (len(units), total))


if __name__ == "__main__":
    main()
