#!/usr/bin/env python3
"""Applies the fixes of all checks together and requires that the fixed code
still compiles and that fixing again changes nothing.

  fix_all.py --mpr-lint M --work DIR -p BUILD [mpr-lint args...]
  fix_all.py --mpr-lint M --work DIR --field BATCH... [-- mpr-lint args...]

Every unit of the compilation database (or every field-corpus program, with
the flags and service-account setting of its labels) is copied into
DIR/src, so nothing outside DIR is edited; headers next to a unit are copied
with it. Then, for each group of units that share a configuration:
1. mpr-lint --fix runs over the copies: it must exit 1 when it reported
   findings (0 when there were none), apply every fix without a conflict and
   say nothing else on stderr;
2. a second --fix over the units the fixes changed (with those in the folder
   of a changed header) applies nothing and leaves every file as it was;
3. that second run also proves each of those units compiles: mpr-lint parses
   it with clang 19 and its own flags, as clang++-19 -fsyntax-only does, and
   exits 2 on a compiler error (the unchanged units are as they were, and
   the corpus requires them to compile). Compiling them a third time with
   clang++ would cost a quarter of the field test and prove nothing more.
With --field, the findings of step 1 (the originals' paths in place of the
copies') are also scored as test/field/score.py scores them, against its
--floor options, so the corpus is analysed once for both.
Exit status 0 when all of that holds, 1 otherwise.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "field"))
import score  # noqa: E402


def fail(message, output=""):
    sys.stderr.write("fix_all: " + message + "\n" + output)
    sys.exit(1)


def database_units(build):
    """(source, directory, arguments) of each unit of a database."""
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        entries = json.load(f)
    units = []
    for entry in entries:
        source = os.path.join(entry["directory"], entry["file"])
        arguments = entry.get("arguments") or entry["command"].split()
        units.append((source, entry["directory"], arguments))
    return [("", units)]


def field_units(programs):
    """Field programs grouped by their service-account setting."""
    groups = {}
    for source, labels in programs:
        compiler, flags = score.compiler_and_flags(source, labels)
        config = score.checks_config(bool(labels.get("service_account")))
        groups.setdefault(config, []).append(
            (source, os.path.dirname(source), [compiler] + flags + ["-c", source]))
    return [("--config=" + config, units) for config, units in sorted(groups.items())]


def copy_units(units, work):
    """Copies each unit's folder (sources and headers, no subfolders) once
    into work and points the unit's arguments at the copies. Returns the
    copied units and a map from each original folder to its copy."""
    copies = {}
    copied = []
    for source, directory, arguments in units:
        if directory not in copies:
            copies[directory] = os.path.join(work, "src", str(len(copies)))
            os.makedirs(copies[directory])
            for name in os.listdir(directory):
                if os.path.isfile(os.path.join(directory, name)) and \
                        name.endswith((".c", ".cpp", ".h", ".hpp")):
                    shutil.copy2(os.path.join(directory, name), copies[directory])
        target = copies[directory]
        new_source = os.path.join(target, os.path.relpath(source, directory))
        new_arguments = [a.replace(directory, target) for a in arguments]
        copied.append((new_source, target, new_arguments))
    return copied, copies


def original_findings(report_path, copies):
    """The findings of a JSON report, named by the files they were copied
    from."""
    with open(report_path, encoding="utf-8") as f:
        try:
            findings = score.analysed_findings(json.load(f))
        except score.RunFailed as error:
            fail(str(error))
    originals = {copy: original for original, copy in copies.items()}
    for finding in findings:
        path = finding["file"]
        folder, name = os.path.split(path if os.path.isabs(path) else "/" + path)
        finding["file"] = os.path.join(originals.get(folder, folder), name)
    return findings


def snapshot(folder):
    texts = {}
    for root, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                texts[os.path.join(root, name)] = f.read()
    return texts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mpr-lint", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("-p", dest="build")
    parser.add_argument("--field", nargs="+")
    score.add_report_options(parser)
    args, tool_args = parser.parse_known_args()
    if bool(args.build) == bool(args.field):
        fail("give either -p BUILD or --field BATCH...")
    tool_args = [a for a in tool_args if a != "--"]

    shutil.rmtree(args.work, ignore_errors=True)
    programs = score.load_programs(args.field) if args.field else []
    groups = database_units(args.build) if args.build else field_units(programs)
    fixed_units = fixes = 0
    findings = []
    for index, (config, units) in enumerate(groups):
        work = os.path.join(args.work, str(index))
        units, copies = copy_units(units, work)
        build = os.path.join(work, "build")
        os.makedirs(build)
        with open(os.path.join(build, "compile_commands.json"), "w") as f:
            json.dump([{"directory": d, "file": s, "arguments": a} for s, d, a in units], f)
        command = [args.mpr_lint, "--no-cache", "-j2", "--fix", "-p", build] + \
            ([config] if config else []) + tool_args
        original = snapshot(os.path.join(work, "src"))

        report_path = os.path.join(work, "report.json")
        first = subprocess.run(command + ["--format=json", "--output=" + report_path,
                                          "--source-root=/"],
                               capture_output=True, text=True)
        summary = re.search(r"^(\d+) fix(?:es)? applied in (\d+) files?$", first.stderr, re.M)
        reported = re.search(r"^(\d+) findings? reported", first.stderr, re.M)
        others = [line for line in first.stderr.splitlines()
                  if not re.match(r"(\d+ fix(es)? applied in \d+ files?|\d+ findings? reported.*|"
                                  r"\d+ warnings? generated\.)$", line)]
        expected_exit = 1 if reported and int(reported.group(1)) else 0
        if first.returncode != expected_exit or not summary or others:
            fail("mpr-lint --fix exited %d (expected %d) or said more than its summary"
                 % (first.returncode, expected_exit), first.stderr)
        fixes += int(summary.group(1))
        if args.field:
            findings += original_findings(report_path, copies)

        after_first = snapshot(os.path.join(work, "src"))
        changed = {path for path in after_first if after_first[path] != original[path]}
        fixed_units += len(changed)
        # A changed header recompiles every unit of its folder.
        changed_folders = {os.path.dirname(path) for path in changed
                           if not path.endswith((".c", ".cpp"))}
        recheck = [unit for unit in units
                   if unit[0] in changed or unit[1] in changed_folders]
        if not recheck:
            continue
        second = subprocess.run(command + [unit[0] for unit in recheck],
                                capture_output=True, text=True)
        broken = re.findall(r"^error: (.+?): \d+ compiler errors?", second.stderr, re.M)
        if second.returncode == 2 or broken:
            fail("%s does not compile after --fix" % (", ".join(broken) or "a unit"),
                 second.stdout + second.stderr)
        after_second = snapshot(os.path.join(work, "src"))
        refixed = sorted(path for path in after_second
                         if after_second[path] != after_first[path])
        if second.returncode not in (0, 1) or refixed or \
                not re.search(r"^0 fixes applied in 0 files$", second.stderr, re.M):
            fail("a second --fix (exit %d) applied fixes again%s" % (
                second.returncode, ": " + ", ".join(refixed) if refixed else ""),
                second.stderr)
    print("fix_all: %d fixes applied in %d files (%d units); all compile; a second "
          "--fix changes nothing" % (fixes, fixed_units,
                                     sum(len(units) for _, units in groups)))
    if args.field:
        return score.print_score(programs, findings, args.field, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
