#!/usr/bin/env python3
"""Writes a compile_commands.json for test sources.

  make_compile_db.py BUILD_DIR SOURCE_DIR ENTRY...

Each ENTRY is FILE or FILE=FLAGS (FILE relative to SOURCE_DIR); the command
is "c++ -std=c++17 FLAGS -c FILE", run in SOURCE_DIR.
"""

import json
import os
import shlex
import sys


def main():
    build_dir, source_dir, entries = sys.argv[1], sys.argv[2], sys.argv[3:]
    commands = []
    for entry in entries:
        name, _, flags = entry.partition("=")
        arguments = ["c++", "-std=c++17"] + shlex.split(flags) + ["-c", name]
        commands.append({"directory": os.path.abspath(source_dir),
                         "file": name, "arguments": arguments})
    os.makedirs(build_dir, exist_ok=True)
    with open(os.path.join(build_dir, "compile_commands.json"), "w") as f:
        json.dump(commands, f, indent=1)


if __name__ == "__main__":
    main()
