#!/usr/bin/env python3
"""Top frames of a JFR recording's execution samples: by self time (the frame on top of the stack) and by
total time (anywhere on the stack), as a share of all samples on the named threads.

usage: jfr-top.py RECORDING.jfr [THREAD_PREFIX=signpost-dns] [ROWS=25]
"""
import collections
import json
import subprocess
import sys

recording = sys.argv[1]
prefix = sys.argv[2] if len(sys.argv) > 2 else "signpost-dns"
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 25
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                      recording], capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
self_counts, total_counts, samples = collections.Counter(), collections.Counter(), 0
for e in events:
    thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
    if not thread.startswith(prefix):
        continue
    frames = [f["method"]["type"]["name"].rsplit(".", 1)[-1] + "." + f["method"]["name"]
              for f in (e["values"]["stackTrace"] or {}).get("frames", [])]
    if not frames:
        continue
    samples += 1
    self_counts[frames[0]] += 1
    for f in set(frames):
        total_counts[f] += 1
print("%d samples on threads %s*" % (samples, prefix))
for title, counts in (("self", self_counts), ("total", total_counts)):
    print("-- top %d by %s time" % (rows, title))
    for frame, n in counts.most_common(rows):
        print("%5.1f%%  %s" % (100.0 * n / samples, frame))
