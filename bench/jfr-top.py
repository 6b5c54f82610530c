#!/usr/bin/env python3
"""Top frames of a profile: by self time (the frame on top of the stack) and by total time (anywhere on the
stack), as a share of all samples on the named threads.

Reads a JFR recording's execution samples (RECORDING.jfr), or async-profiler's collapsed stacks (any other
file; made with the "threads" option, each stack starts with its thread's name in brackets, as writes.sh
does), whose samples include kernel frames.

usage: jfr-top.py PROFILE [THREAD_PREFIX=signpost-dns] [ROWS=25]   (THREAD_PREFIX "" for every thread)
"""
import collections
import json
import subprocess
import sys

profile = sys.argv[1]
prefix = sys.argv[2] if len(sys.argv) > 2 else "signpost-dns"
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 25


def jfr_stacks(path):
    """(thread, frames top first, weight) for each execution sample of a JFR recording."""
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                          path], capture_output=True, text=True, check=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
        frames = [f["method"]["type"]["name"].rsplit(".", 1)[-1] + "." + f["method"]["name"]
                  for f in (e["values"]["stackTrace"] or {}).get("frames", [])]
        yield thread, frames, 1


def collapsed_stacks(path):
    """(thread, frames top first, weight) for each line "[thread];root;...;top COUNT" of collapsed stacks."""
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames = stack.split(";")
            thread = ""
            if frames and frames[0].startswith("[") and frames[0].endswith("]"):
                thread = frames.pop(0)[1:-1]
            frames = [fr.replace("/", ".").rsplit(".", 2)[-2] + "." + fr.rsplit(".", 1)[-1]
                      if "." in fr and not fr.endswith("_[k]") else fr for fr in reversed(frames)]
            yield thread, frames, int(count)


stacks = jfr_stacks(profile) if profile.endswith(".jfr") else collapsed_stacks(profile)
self_counts, total_counts, samples = collections.Counter(), collections.Counter(), 0
for thread, frames, weight in stacks:
    if not thread.startswith(prefix) or not frames:
        continue
    samples += weight
    self_counts[frames[0]] += weight
    for f in set(frames):
        total_counts[f] += weight
print("%d samples on threads %s*" % (samples, prefix))
for title, counts in (("self", self_counts), ("total", total_counts)):
    print("-- top %d by %s time" % (rows, title))
    for frame, n in counts.most_common(rows):
        print("%5.1f%%  %s" % (100.0 * n / samples, frame))
