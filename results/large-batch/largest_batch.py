#!/usr/bin/env python3
"""The largest P x K batch whose training fits a machine, by train.RunLimits' estimate, from a refused probe's parts.

A probe is `tripletlab train` with a batch far too large (B = 20,000): RunLimits refuses it before anything is
built and prints every part of its estimate at that B. Each part is linear or quadratic in B (RunLimits' class
comment), so the parts at one B give the estimate at every B:
  activations = max(2B, eval.batch) * A * 4, input = 2 * B * I * 4, pairwise = t * B^2 * 4,
  heap per step = 2 * (B * I * 4 + u * B^2 * 4), plus parameters and max(JVM + libtorch + dataset, resident).
The largest B is the largest whose total fits `room` MiB and whose heap part (dataset + per-step) fits -Xmx (8 GiB).
Usage: largest_batch.py ROOM_MIB PROBE.log...
"""
import re
import sys

PROBE_B = 20000
EVAL_BATCH = 128
HEAP_MIB = 8192


def mib(text, part):
    return float(re.search(re.escape(part) + r" ([\d,]+) MiB", text).group(1).replace(",", ""))


def model(text):
    act = mib(text, "activations") / (2 * PROBE_B)        # A * 4 bytes per image, MiB
    inp = mib(text, "input") / PROBE_B                     # 2 * I * 4 per image
    pair = mib(text, "B×B distances") / PROBE_B ** 2       # t * 4 per B^2
    params = mib(text, "parameters+optimizer")
    dataset = mib(text, "dataset")
    per_step = mib(text, "per-step arrays")
    resident = float(re.search(r"the ([\d,]+) MiB this process holds", text).group(1).replace(",", ""))
    heap_lin = inp                                          # 2 * I * 4 per image (the batch's floats, x2 for garbage)
    heap_quad = (per_step - heap_lin * PROBE_B) / PROBE_B ** 2

    def total(b):
        return (max(300 + dataset, resident) + act * max(2 * b, EVAL_BATCH) + inp * b + pair * b * b + params
                + heap_lin * b + heap_quad * b * b)

    def heap(b):
        return dataset + heap_lin * b + heap_quad * b * b
    return total, heap, act


def main():
    room = float(sys.argv[1])
    for path in sys.argv[2:]:
        total, heap, act = model(open(path, encoding="utf-8").read())
        largest = max((b for b in range(2, PROBE_B + 1) if total(b) <= room and heap(b) <= HEAP_MIB), default=0)
        sizes = ", ".join(f"B={b}: {total(b):,.0f}" for b in (600, 1200, 1800))
        print(f"{path}: activations {act * 2:.2f} MiB per image; estimate {sizes} MiB; largest B within {room:,.0f} MiB: {largest:,}")


if __name__ == "__main__":
    main()
