#!/usr/bin/env python3
"""Self time per op and training step from autograd-profiler Chrome traces, side by side.

    scripts/profile_summary.py --steps 20 tripletlab=java-bf16.json pytorch=ref-bf16.json [--top 40]

Each LABEL=TRACE is a Chrome trace written by `EncoderBenchmarkMain --profile` (libtorch's legacy profiler,
through DJL's JniUtils.stopProfile: a JSON array) or by `scripts/bench_reference.py --profile` (PyTorch's
export_chrome_trace: an array, or an object with "traceEvents"), both over --steps training steps.

An op's self time is its duration minus the durations of the ops nested directly inside it on the same
thread (an event nests in another when it starts and ends within it). Summed over the trace and divided by
the step count it is the op's own cost per step; the column sums are the time the profiler saw inside libtorch
per step (Java, Python and JNI time between ops is not in a trace, so a step's wall time is larger). Prints one
row per op name: calls and self milliseconds per step for each trace, biggest first. Standard library only.

--stat median replaces each op's summed self time by calls x its median self time per call: on a machine shared
with other jobs, a thread taken off the core in the middle of an op inflates that call (and, with several OpenMP
threads, the whole parallel region waits for it); the median call is what the op costs when it runs.
"""
import statistics
import argparse
import json
from collections import defaultdict


def load_events(path):
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    # Kineto (PyTorch's export_chrome_trace) also writes a "Trace" span over the whole profile and Python frames:
    # only operators and record_function spans (Adam.step) count; the legacy profiler's events have no category.
    keep = {"cpu_op", "Operator", "user_annotation"}
    return [e for e in events if e.get("ph") == "X" and "dur" in e and e.get("cat", "cpu_op") in keep]


def self_times(events, stat="sum"):
    """{name: (calls, self µs)} over all threads; with stat "median", self µs = calls × median µs per call."""
    by_thread = defaultdict(list)
    for e in events:
        by_thread[e.get("tid")].append(e)
    calls = defaultdict(int)
    own = defaultdict(list)
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, name, child time]
        def close(entry):
            end, name, child, dur = entry
            own[name].append(dur - child)
            if stack:
                stack[-1][2] += dur
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= ts:
                close(stack.pop())
            calls[e["name"]] += 1
            stack.append([ts + dur, e["name"], 0.0, dur])
        while stack:
            close(stack.pop())
    if stat == "median":
        return {n: (calls[n], calls[n] * statistics.median(own[n])) for n in calls}
    return {n: (calls[n], sum(own[n])) for n in calls}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("traces", nargs="+", metavar="LABEL=TRACE")
    p.add_argument("--steps", type=int, required=True, help="training steps each trace covers")
    p.add_argument("--top", type=int, default=40, help="rows to print (default 40)")
    p.add_argument("--stat", choices=["sum", "median"], default="sum",
                   help="sum of the calls' self times, or calls x the median call (robust on a shared machine)")
    a = p.parse_args()
    labels, tables = [], []
    for spec in a.traces:
        label, _, path = spec.partition("=")
        if not path:
            p.error(f"expected LABEL=TRACE, got {spec!r}")
        labels.append(label)
        tables.append(self_times(load_events(path), a.stat))
    names = set().union(*tables)
    rows = sorted(names, key=lambda n: -max(t.get(n, (0, 0.0))[1] for t in tables))
    width = max(len(n) for n in rows[: a.top]) if rows else 10
    width = min(width, 70)
    head = f"{'op (self time per step)':<{width}}" + "".join(f"  {l + ' calls':>16} {l + ' ms':>14}" for l in labels)
    print(head)
    for n in rows[: a.top]:
        line = f"{n[:width]:<{width}}"
        for t in tables:
            c, us = t.get(n, (0, 0.0))
            line += f"  {c / a.steps:16.1f} {us / a.steps / 1000:14.3f}"
        print(line)
    total = f"{'total (all ops)':<{width}}"
    for t in tables:
        total += f"  {sum(c for c, _ in t.values()) / a.steps:16.1f} {sum(us for _, us in t.values()) / a.steps / 1000:14.3f}"
    print(total)


if __name__ == "__main__":
    main()
