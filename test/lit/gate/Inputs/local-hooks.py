#!/usr/bin/env python3
"""local-hooks.py HOOKS_YAML MPR_LINT: prints a .pre-commit-config.yaml that
uses the hooks of this repository's .pre-commit-hooks.yaml as `repo: local`
hooks (no clone, no network), with `mpr-lint` replaced by the built binary.
mpr-lint runs at commit time; mpr-lint-fix only on request (manual stage)."""
import json
import sys

import yaml

hooks_file, mpr_lint = sys.argv[1], sys.argv[2]
with open(hooks_file, encoding="utf-8") as f:
    hooks = yaml.safe_load(f)
local = []
for hook in hooks:
    hook = dict(hook)
    command = hook["entry"].split(" ", 1)
    if command[0] != "mpr-lint":
        sys.exit("local-hooks.py: hook %s does not run mpr-lint" % hook["id"])
    hook["entry"] = " ".join([mpr_lint] + command[1:])
    if hook["id"] == "mpr-lint-fix":
        hook["stages"] = ["manual"]
    local.append(hook)
# JSON is YAML.
print(json.dumps({"repos": [{"repo": "local", "hooks": local}]}, indent=2))
