#!/usr/bin/env python3
"""check_json_report.py REPORT.json: checks an mpr-lint JSON report against
docs/json-format.md field by field (names, types, ranges, the summary's
counts) and prints one line per finding and error for FileCheck:
  finding CHECK FILE:LINE:COL-END_LINE:END_COL notes=N fixes=N
  error FILE: REASON
Exits 1 with a message naming the field on the first violation."""
import json
import sys


class Invalid(Exception):
    pass


def need(obj, key, kind, where):
    if not isinstance(obj, dict) or key not in obj:
        raise Invalid("%s: missing \"%s\"" % (where, key))
    value = obj[key]
    # bool is an int in Python; the format never uses one for a count.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Invalid("%s.%s: expected %s, got %r" % (where, key, kind.__name__, value))
    return value


def only(obj, keys, where):
    extra = sorted(set(obj) - set(keys))
    if extra:
        raise Invalid("%s: unknown fields %s" % (where, extra))


def span(obj, where):
    need(obj, "file", str, where)
    line, column = need(obj, "line", int, where), need(obj, "column", int, where)
    end_line, end_column = need(obj, "end_line", int, where), need(obj, "end_column", int, where)
    if line < 1 or column < 1 or end_line < 1 or end_column < 1:
        raise Invalid("%s: lines and columns start at 1" % where)
    if (end_line, end_column) < (line, column):
        raise Invalid("%s: ends before it starts" % where)
    return "%s:%d:%d-%d:%d" % (obj["file"], line, column, end_line, end_column)


def check(report):
    only(report, ["format", "version", "tool", "findings", "errors", "summary"], "report")
    if need(report, "format", str, "report") != "mpr-lint":
        raise Invalid("report.format: expected \"mpr-lint\"")
    if need(report, "version", int, "report") != 1:
        raise Invalid("report.version: expected 1")
    tool = need(report, "tool", dict, "report")
    need(tool, "name", str, "tool")
    need(tool, "version", str, "tool")
    lines = []
    warnings, compiler_errors, files = 0, 0, set()
    for i, finding in enumerate(need(report, "findings", list, "report")):
        where = "findings[%d]" % i
        only(finding, ["check", "level", "file", "line", "column", "end_line", "end_column",
                       "message", "fingerprint", "notes", "fixes"], where)
        at = span(finding, where)
        check_name = need(finding, "check", str, where)
        level = need(finding, "level", str, where)
        if level not in ("warning", "error"):
            raise Invalid("%s.level: expected warning or error, got %r" % (where, level))
        if level == "warning":
            warnings += 1
            files.add(finding["file"])
        else:
            compiler_errors += 1
        if not need(finding, "message", str, where):
            raise Invalid("%s.message: empty" % where)
        fingerprint = need(finding, "fingerprint", str, where)
        if len(fingerprint) != 32 or any(c not in "0123456789abcdef" for c in fingerprint):
            raise Invalid("%s.fingerprint: expected 32 hex digits" % where)
        for j, note in enumerate(need(finding, "notes", list, where)):
            only(note, ["file", "line", "column", "end_line", "end_column", "message"],
                 "%s.notes[%d]" % (where, j))
            span(note, "%s.notes[%d]" % (where, j))
            need(note, "message", str, "%s.notes[%d]" % (where, j))
        for j, fix in enumerate(need(finding, "fixes", list, where)):
            fwhere = "%s.fixes[%d]" % (where, j)
            only(fix, ["file", "line", "column", "end_line", "end_column", "offset", "length",
                       "replacement"], fwhere)
            span(fix, fwhere)
            if need(fix, "offset", int, fwhere) < 0 or need(fix, "length", int, fwhere) < 0:
                raise Invalid("%s: negative offset or length" % fwhere)
            need(fix, "replacement", str, fwhere)
        lines.append("finding %s %s notes=%d fixes=%d" % (
            check_name, at, len(finding["notes"]), len(finding["fixes"])))
    errors = need(report, "errors", list, "report")
    for i, error in enumerate(errors):
        only(error, ["file", "reason"], "errors[%d]" % i)
        lines.append("error %s: %s" % (need(error, "file", str, "errors[%d]" % i),
                                       need(error, "reason", str, "errors[%d]" % i)))
    summary = need(report, "summary", dict, "report")
    only(summary, ["findings", "files", "compiler_errors", "errors", "suppressed", "baselined"],
         "summary")
    expected = {"findings": warnings, "files": len(files), "compiler_errors": compiler_errors,
                "errors": len(errors)}
    for key, value in expected.items():
        if need(summary, key, int, "summary") != value:
            raise Invalid("summary.%s: %d, but the report lists %d" % (key, summary[key], value))
    for key in ("suppressed", "baselined"):
        if need(summary, key, int, "summary") < 0:
            raise Invalid("summary.%s: negative" % key)
    lines.append("summary findings=%d files=%d compiler_errors=%d errors=%d suppressed=%d "
                 "baselined=%d" % tuple(summary[k] for k in (
                     "findings", "files", "compiler_errors", "errors", "suppressed",
                     "baselined")))
    return lines


def main():
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            report = json.load(f)
        lines = check(report)
    except (Invalid, ValueError) as e:
        print("check_json_report.py: %s: %s" % (sys.argv[1], e), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
