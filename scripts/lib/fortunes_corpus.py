"""Writes every non-blank line of the fortune files in DIR as one JSON Lines
document ({"id": "FILE:LINE", "text": LINE}) to OUT, unless OUT is newer."""
import json
import os
import sys

source, out = sys.argv[1], sys.argv[2]
files = sorted(f for f in os.listdir(source)
               if not f.endswith((".dat", ".u8")) and os.path.isfile(os.path.join(source, f)))
if os.path.exists(out) and all(os.path.getmtime(out) >= os.path.getmtime(os.path.join(source, f))
                               for f in files):
    sys.exit(0)
with open(out, "w", encoding="utf-8") as sink:
    for name in files:
        with open(os.path.join(source, name), encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                line = line.rstrip("\n")
                if line.strip() and line.strip() != "%":
                    sink.write(json.dumps({"id": f"{name}:{number}", "text": line},
                                          ensure_ascii=False) + "\n")
