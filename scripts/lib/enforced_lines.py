"""Reads verdicts (JSON Lines) on stdin and the corpus they decide (argv[1]);
prints the documents decided review or stricter, per category, with their
text unless argv[2] is 0, then the totals."""
import collections
import json
import sys

ENFORCED = {"review", "restrict", "remove"}
texts = {}
with open(sys.argv[1], encoding="utf-8") as corpus:
    for line in corpus:
        document = json.loads(line)
        texts[document["id"]] = document.get("text", "")
show = len(sys.argv) < 3 or sys.argv[2] != "0"
total = 0
enforced = collections.defaultdict(list)
for line in sys.stdin:
    verdict = json.loads(line)
    total += 1
    if verdict["decision"] not in ENFORCED:
        continue
    for rule in verdict["rules"]:
        if rule["action"] in ENFORCED:
            enforced[rule["category"]].append((verdict["id"], rule["rule"], rule["action"]))
lines = {i for hits in enforced.values() for i, _, _ in hits}
for category in sorted(enforced):
    print(f"{category}: {len({i for i, _, _ in enforced[category]})}")
    if show:
        for doc, rule, action in enforced[category]:
            print(f"  {doc} {rule} ({action}): {texts.get(doc, '')[:160]}")
share = 100.0 * len(lines) / total if total else 0.0
print(f"enforced: {len(lines)} of {total} documents ({share:.3f}%)")
