#!/usr/bin/env python3
"""Scores mpr-lint on the field corpus: precision and recall per check.

Runs mpr-lint (all procore-* checks, JSON report) over every program of the
given batch folders and matches the findings against each program's
NAME.labels.json (format: test/field/README.md).

  score.py --mpr-lint build/mpr-lint test/field/batch1 [more batches]
           [--floor CHECK=PRECISION,RECALL ...] [--details] [--by-batch]

Exit status: 0 when every floor holds, 1 when one does not, 2 when the
corpus or the tool could not be read.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

# Labels name the cpr stub header by the path the corpus was written at.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRITTEN_AT = "/work/main"

CHECKS = ("procore-base-domain", "procore-company-header", "procore-id-width")


def fail(message):
    print(f"score.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def load_programs(batches):
    programs = []
    for batch in batches:
        if not os.path.isdir(batch):
            fail(f"{batch}: not a folder")
        for name in sorted(os.listdir(batch)):
            if not name.endswith((".c", ".cpp")):
                continue
            source = os.path.abspath(os.path.join(batch, name))
            labels_path = os.path.splitext(source)[0] + ".labels.json"
            try:
                with open(labels_path, encoding="utf-8") as f:
                    labels = json.load(f)
            except (OSError, ValueError) as error:
                fail(f"{labels_path}: cannot be read: {error}")
            for entry in labels.get("defects", []) + labels.get("dont_care", []):
                if entry.get("check") not in CHECKS or not entry.get("lines"):
                    fail(f"{labels_path}: entry without a known check or lines: {entry}")
            programs.append((source, labels))
    if not programs:
        fail("no programs found")
    return programs


class RunFailed(Exception):
    pass


def compiler_and_flags(source, labels):
    """The compiler of a program and the flags its labels give it."""
    compiler = "clang-19" if source.endswith(".c") else "clang++-19"
    return compiler, [f.replace(WRITTEN_AT, ROOT) for f in labels.get("flags", [])]


def checks_config(service_account):
    """The --config a program is analysed with: all checks, and whether it
    uses a Developer Managed Service Account."""
    return ("{Checks: '-*,procore-*', CheckOptions: "
            "{procore-company-header.ServiceAccount: '%s'}}"
            % ("true" if service_account else "false"))


def run_mpr_lint(mpr_lint, programs, service_account, work, failed=None):
    """The findings of one mpr-lint run over the given programs. With a
    `failed` list, a run that fails is retried a program at a time, and a
    program whose run fails has no findings and is listed there."""
    if failed is not None:
        try:
            return run_mpr_lint(mpr_lint, programs, service_account, work)
        except RunFailed as error:
            if len(programs) == 1:
                failed.append((programs[0][0], str(error)))
                return []
            return [finding for program in programs
                    for finding in run_mpr_lint(mpr_lint, [program], service_account,
                                                work, failed)]
    database = []
    for source, labels in programs:
        compiler, flags = compiler_and_flags(source, labels)
        database.append({
            "directory": os.path.dirname(source),
            "file": source,
            "arguments": [compiler, "-fsyntax-only", source] + flags,
        })
    folder = tempfile.mkdtemp(dir=work)
    with open(os.path.join(folder, "compile_commands.json"), "w") as f:
        json.dump(database, f)
    command = [mpr_lint, "-p", folder, "--config", checks_config(service_account),
               "--format=json",
               "--no-cache", "--quiet", "--source-root", "/"]
    command += [source for source, _ in programs]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RunFailed(f"mpr-lint exited {result.returncode}: {result.stderr.strip()[-2000:]}")
    return analysed_findings(json.loads(result.stdout))


def analysed_findings(report):
    """The findings of a JSON report that analysed every program in full."""
    if report["errors"] or report["summary"]["compiler_errors"]:
        raise RunFailed(f"mpr-lint could not analyse every program: {report['errors']}"
                        f" {[f for f in report['findings'] if f['level'] == 'error'][:3]}")
    return report["findings"]


def score(programs, findings):
    """Per check: true positives, false positives, defects, found defects."""
    by_file = {source: labels for source, labels in programs}
    counts = {check: collections.Counter() for check in CHECKS}
    missed, false_positives = [], []
    found = set()
    for finding in findings:
        check = finding["check"]
        if check not in CHECKS:
            continue
        source = finding["file"] if os.path.isabs(finding["file"]) else "/" + finding["file"]
        labels = by_file.get(source)
        if labels is None:
            continue  # a finding in a header the programs include
        line = finding["line"]
        matched = False
        for index, defect in enumerate(labels.get("defects", [])):
            if defect["check"] == check and line in defect["lines"]:
                found.add((source, index))
                matched = True
        if matched:
            counts[check]["tp"] += 1
        elif any(entry["check"] == check and line in entry["lines"]
                 for entry in labels.get("dont_care", [])):
            counts[check]["dont_care"] += 1
        else:
            counts[check]["fp"] += 1
            false_positives.append((source, line, check, finding["message"]))
    for source, labels in programs:
        for index, defect in enumerate(labels.get("defects", [])):
            counts[defect["check"]]["defects"] += 1
            if (source, index) in found:
                counts[defect["check"]]["found"] += 1
            else:
                missed.append((source, defect["lines"][0], defect["check"],
                               defect.get("why", "")))
    return counts, missed, false_positives


def ratio(numerator, denominator):
    return numerator / denominator if denominator else 1.0


def add_report_options(parser):
    """The options of the printed score, shared with fix_all.py --field."""
    parser.add_argument("--floor", action="append", default=[],
                        help="CHECK=PRECISION,RECALL; 'all' for the totals")
    parser.add_argument("--details", action="store_true",
                        help="list every miss and false positive")
    parser.add_argument("--by-batch", action="store_true",
                        help="also print precision / recall of each batch")


def print_score(programs, findings, batches, args, failed=()):
    """Prints the score of the findings on the programs; 1 when a floor of
    args does not hold, else 0."""
    counts, missed, false_positives = score(programs, findings)

    print(f"field corpus: {len(programs)} programs in {', '.join(batches)}")
    for source, why in failed:
        print(f"failed, scored with no findings: {os.path.relpath(source)}: {why.splitlines()[0]}")
    print(f"{'check':<24} {'precision':>9} {'recall':>7} {'found':>11} {'false pos':>9}")
    total = collections.Counter()
    figures = {}
    for check in CHECKS + ("all",):
        c = counts[check] if check != "all" else total
        precision = ratio(c["tp"], c["tp"] + c["fp"])
        recall = ratio(c["found"], c["defects"])
        figures[check] = (precision, recall)
        print(f"{check:<24} {precision:9.2f} {recall:7.2f} "
              f"{c['found']:>5}/{c['defects']:<5} {c['fp']:>9}")
        if check != "all":
            total.update(c)
    if args.by_batch:
        for batch in batches:
            folder = os.path.abspath(batch) + os.sep
            subset = [p for p in programs if p[0].startswith(folder)]
            batch_counts, _, _ = score(subset, findings)
            figures_text = "  ".join(
                f"{check} {ratio(c['tp'], c['tp'] + c['fp']):.2f} / "
                f"{ratio(c['found'], c['defects']):.2f}"
                for check, c in ((check, batch_counts[check]) for check in CHECKS))
            print(f"batch {os.path.basename(os.path.normpath(batch))}: {figures_text}")
    if args.details:
        for source, line, check, why in missed:
            print(f"missed: {os.path.relpath(source)}:{line}: {check}: {why}")
        for source, line, check, message in false_positives:
            print(f"false positive: {os.path.relpath(source)}:{line}: {check}: {message}")

    status = 0
    for floor in args.floor:
        try:
            check, values = floor.split("=")
            precision_floor, recall_floor = (float(v) for v in values.split(","))
        except ValueError:
            fail(f"--floor {floor}: expected CHECK=PRECISION,RECALL")
        if check not in figures:
            fail(f"--floor {floor}: unknown check")
        precision, recall = figures[check]
        if precision < precision_floor or recall < recall_floor:
            print(f"FAIL: {check}: precision {precision:.3f} recall {recall:.3f} "
                  f"below the floor {precision_floor:.3f} / {recall_floor:.3f}")
            status = 1
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mpr-lint", required=True)
    add_report_options(parser)
    parser.add_argument("--keep-going", action="store_true",
                        help="score a program mpr-lint fails on as one with no "
                             "findings (for a first sight) instead of stopping")
    parser.add_argument("batches", nargs="+")
    args = parser.parse_args()

    programs = load_programs(args.batches)
    findings = []
    failed = [] if args.keep_going else None
    with tempfile.TemporaryDirectory() as work:
        for service_account in (False, True):
            group = [p for p in programs if bool(p[1].get("service_account")) == service_account]
            if group:
                try:
                    findings += run_mpr_lint(args.mpr_lint, group, service_account,
                                             work, failed)
                except RunFailed as error:
                    fail(str(error))
    return print_score(programs, findings, args.batches, args, failed or ())


if __name__ == "__main__":
    sys.exit(main())
