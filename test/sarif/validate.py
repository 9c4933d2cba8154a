#!/usr/bin/env python3
"""validate.py MULTITOOL FILE.sarif: runs Microsoft's SARIF Multitool with
GitHub's and the SARIF rules, prints every problem it finds, and exits 1 if
there is any error or warning (the Multitool itself exits 0 either way)."""
import json
import os
import subprocess
import sys
import tempfile


def main():
    multitool, sarif = sys.argv[1], sys.argv[2]
    if not os.access(multitool, os.X_OK):
        print("validate.py: %s is missing; run scripts/install-test-tools.sh" % multitool,
              file=sys.stderr)
        return 2
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1",
               DOTNET_CLI_TELEMETRY_OPTOUT="1")
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "validation.sarif")
        run = subprocess.run([multitool, "validate", "--rule-kind", "Gh;Sarif",
                              "-o", log, os.path.abspath(sarif)],
                             env=env, capture_output=True, text=True)
        if run.returncode != 0 or not os.path.exists(log):
            print(run.stdout + run.stderr, file=sys.stderr)
            print("validate.py: the Multitool failed (status %d)" % run.returncode,
                  file=sys.stderr)
            return 2
        with open(log, encoding="utf-8") as f:
            results = json.load(f)["runs"][0].get("results", [])
    problems = 0
    for result in results:
        level = result.get("level", "warning")
        if level in ("error", "warning"):
            problems += 1
        message = result.get("message", {})
        print("%s %s: %s %s" % (level, result.get("ruleId"), message.get("id", ""),
                                ", ".join(message.get("arguments", []))))
    print("validate.py: %d errors or warnings in %s" % (problems, sarif))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
