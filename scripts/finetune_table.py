#!/usr/bin/env python3
"""Before/after table of the dlib fine-tuning study (issue 15): results/dlib-finetune-cfp/table.csv.

For each completed run of the study folder and for the pretrained network (its `before/` evaluation), reads
eval/<benchmark>.json and eval/<benchmark>-pairs.csv (fold,image_a,image_b,same,distance) and writes one row per
(run, benchmark) with:

- CFP-FP and CFP-FF: the held-out fold's accuracy (verification.fold_accuracy[k-1], the fold's threshold chosen on the
  other nine folds, as every fold's), recomputed here from the pairs file with that threshold (a pair is accepted as
  "same" when distance <= threshold) and checked equal to the json's; and the paired difference after − before over the
  fold's 700 pairs: d_i = correct_after(i) − correct_before(i), mean ± sd(d)/sqrt(700). The pairs share images, so this
  s.e. treats them as more independent than they are: read it as a rough scale, n = 1 fold.
- LFW View 2 (every fold a test number: no LFW person was trained on): 10-fold mean ± s.e., and the paired difference
  over the 10 folds, mean ± s.d./sqrt(10) of fold_accuracy_after − fold_accuracy_before.

The held-out fold of a run is the CFP fold missing from its config's data.cfp.folds.

Also writes miners.csv: each miner's run against the random miner's run of the same held-out fold, the same paired
differences (CFP: over the held-out fold's pairs; LFW: over the 10 folds).

Also writes probes.csv from the learning-rate × margin probes (results/dlib-finetune-probes, a sibling of the study
folder; experiments/sweeps/dlib-finetune-probes.yaml): per probe its lr, margin, steps and the validation accuracy, AUC
and mean distances before (step 0) and after its last step, best validation accuracy first — the study's lr and margin
are the first row's.

Usage: python3 scripts/finetune_table.py [results/dlib-finetune-cfp]
"""
import csv
import json
import math
import os
import sys

import yaml

BENCHMARKS = ["cfp-fp", "cfp-ff", "lfw"]


def load_eval(folder, benchmark):
    with open(os.path.join(folder, "eval", benchmark + ".json")) as f:
        summary = json.load(f)
    with open(os.path.join(folder, "eval", benchmark + "-pairs.csv")) as f:
        pairs = list(csv.DictReader(f))
    return summary, pairs


def correct(pairs, thresholds, fold):
    """1/0 per pair of `fold` (0-based) in file order: accepted (distance <= the fold's threshold) == same person."""
    t = thresholds[fold]
    return [int((float(p["distance"]) <= t) == (p["same"] == "1")) for p in pairs if int(p["fold"]) == fold]


def paired(b, k, after, before):
    """(after accuracy, before accuracy, diff, diff_se, n, unit) of evaluation `after` against `before` on benchmark b."""
    sa, pa = after
    sb, pb = before
    va, vb = sa["verification"], sb["verification"]
    if [(p["fold"], p["image_a"], p["image_b"]) for p in pa] != [(p["fold"], p["image_a"], p["image_b"]) for p in pb]:
        sys.exit(f"{b}: the two evaluations' pairs differ")
    if b.startswith("cfp"):
        ca = correct(pa, va["thresholds"], k - 1)
        cb = correct(pb, vb["thresholds"], k - 1)
        for c, v in ((ca, va), (cb, vb)):
            if abs(sum(c) / len(c) - v["fold_accuracy"][k - 1]) > 1e-12:
                sys.exit(f"{b}: fold {k} accuracy {sum(c) / len(c)} from the pairs, {v['fold_accuracy'][k - 1]} in the json")
        d, se = mean_se([x - y for x, y in zip(ca, cb)])
        return va["fold_accuracy"][k - 1], vb["fold_accuracy"][k - 1], d, se, len(ca), "pairs"
    d, se = mean_se([x - y for x, y in zip(va["fold_accuracy"], vb["fold_accuracy"])])
    return va["accuracy"]["mean"], vb["accuracy"]["mean"], d, se, 10, "folds"


def mean_se(xs):
    n = len(xs)
    m = sum(xs) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
    return m, sd / math.sqrt(n)


def run_config(run_dir):
    with open(os.path.join(run_dir, "config.yaml")) as f:
        return yaml.safe_load(f)


def held_out_fold(run_dir):
    trained = set(run_config(run_dir)["data"]["cfp"]["folds"])
    missing = sorted(set(range(1, 11)) - trained)
    if len(missing) != 1:
        sys.exit(f"{run_dir}: data.cfp.folds {sorted(trained)} leaves {missing} out, not one fold")
    return missing[0]


def main():
    study = sys.argv[1] if len(sys.argv) > 1 else "results/dlib-finetune-cfp"
    before_dir = os.path.join(study, "before")
    before = {b: load_eval(before_dir, b) for b in BENCHMARKS}
    runs = sorted(d for d in os.listdir(study) if os.path.isfile(os.path.join(study, d, "COMPLETE")))
    rows = []
    for run in runs:
        run_dir = os.path.join(study, run)
        k = held_out_fold(run_dir)
        after = {b: load_eval(run_dir, b) for b in BENCHMARKS}
        for b in BENCHMARKS:
            sa, sb = after[b][0]["verification"], before[b][0]["verification"]
            a, bf, d, se, n, unit = paired(b, k, after[b], before[b])
            row = {"run": run, "miner": run_config(run_dir)["miner"]["strategy"], "held_out_fold": k, "benchmark": b,
                   "scope": f"fold {k} ({n} pairs)" if b.startswith("cfp") else "View 2, 10 folds",
                   "before": bf, "before_se": "" if b.startswith("cfp") else sb["accuracy"]["se"],
                   "after": a, "after_se": "" if b.startswith("cfp") else sa["accuracy"]["se"],
                   "diff": d, "diff_se": se, "diff_n": n, "diff_unit": unit}
            rows.append(row)
    # each miner against random, same held-out fold, same pairs: miners.csv
    evals = {run: {b: load_eval(os.path.join(study, run), b) for b in BENCHMARKS} for run in runs}
    by = {(r["held_out_fold"], r["miner"]): r["run"] for r in rows}
    versus = []
    for (k, miner), run in sorted(by.items()):
        ref = by.get((k, "random"))
        if ref is None or ref == run:
            continue
        for b in BENCHMARKS:
            a, r, d, se, n, unit = paired(b, k, evals[run][b], evals[ref][b])
            versus.append({"held_out_fold": k, "miner": miner, "run": run, "reference_run": ref, "benchmark": b,
                           "accuracy": a, "reference_accuracy": r, "diff": d, "diff_se": se, "diff_n": n, "diff_unit": unit})
    write_csv(os.path.join(study, "miners.csv"), versus)
    for v in versus:
        print(f"{v['miner']:>9} − random, fold {v['held_out_fold']} {v['benchmark']:>6}: {100 * v['diff']:+.2f} ± {100 * v['diff_se']:.2f} pp")
    out = os.path.join(study, "table.csv")
    write_csv(out, rows)
    for r in rows:
        print(f"{r['miner']:>9} fold {r['held_out_fold']} {r['benchmark']:>6}: {100 * r['before']:.2f} → {100 * r['after']:.2f} "
              f"(Δ {100 * r['diff']:+.2f} ± {100 * r['diff_se']:.2f}, n = {r['diff_n']} {r['diff_unit']})")
    print(f"wrote {out} ({len(rows)} rows from {len(runs)} runs)")
    probes_table(study)


def probes_table(study):
    """probes.csv from the probe sweep's completed runs (see the module docstring); nothing when there is no probe folder."""
    folder = os.path.join(os.path.dirname(os.path.normpath(study)), "dlib-finetune-probes")
    if not os.path.isdir(folder):
        return
    rows = []
    for run in sorted(os.listdir(folder)):
        run_dir = os.path.join(folder, run)
        if not os.path.isfile(os.path.join(run_dir, "COMPLETE")):
            continue
        cfg = run_config(run_dir)
        with open(os.path.join(run_dir, "epochs.csv")) as f:
            epochs = list(csv.DictReader(f))
        first, last = epochs[0], epochs[-1]
        rows.append({"run": run, "lr": cfg["optimizer"]["lr"], "margin": cfg["loss"]["margin"], "steps": int(last["step"]),
                     "val_accuracy_step0": float(first["val_accuracy"]), "val_accuracy_last": float(last["val_accuracy"]),
                     "val_auc_step0": float(first["val_auc"]), "val_auc_last": float(last["val_auc"]),
                     "val_mean_d_ap_last": float(last["val_mean_d_ap"]), "val_mean_d_an_last": float(last["val_mean_d_an"])})
    rows.sort(key=lambda r: -r["val_accuracy_last"])
    write_csv(os.path.join(study, "probes.csv"), rows)
    for r in rows:
        print(f"probe lr {r['lr']:g} margin {r['margin']:g}: validation {r['val_accuracy_step0']:.4f} → {r['val_accuracy_last']:.4f}")


def write_csv(path, rows):
    """Written under a temporary name and renamed, so a reader never sees half a file."""
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["run"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
