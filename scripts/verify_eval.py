#!/usr/bin/env python3
"""Recompute a tripletlab evaluation's headline numbers from its pairs file, independently of the Java code.

    python3 scripts/verify_eval.py RUN/eval/lfw.json [RUN/eval/lfw-pairs.csv] [--tolerance 1e-6]

The pairs file (default: ``<json stem>-pairs.csv`` beside the json) has one line a pair:
``fold,image_a,image_b,same,distance`` -- fold 0-based, same 1/0, distance the squared distance the
thresholds were chosen on. From that file alone this script recomputes, following the definitions in
README ("Evaluation on real faces") and FoldedVerification's documentation:

* accuracy, k-fold: for every fold, the threshold maximising plain accuracy on the pairs of the other
  folds (candidates: just below the smallest distinct distance, every midpoint between consecutive
  distinct distances, just above the largest; ties go to the smallest threshold; a pair is "same" when
  distance <= threshold), measured on the fold itself; mean, sample std and s.e. = std / sqrt(folds);
* AUC over all pairs as P(d_diff > d_same) + 1/2 P(d_diff = d_same);
* EER: ROC points (0, 0) then (FPR, TPR) at every distinct distance, linear between them; on the first
  segment where FPR + TPR - 1 goes from <= 0 to >= 0, the FPR where FPR = 1 - TPR;
* VAL@FAR (FaceNet): VAL = true accepts / same pairs, FAR = false accepts / different pairs; for every
  fold the largest candidate threshold whose FAR on the other folds is <= the target, VAL and FAR
  measured on the fold; mean VAL (and s.e.) and mean FAR. "resolved" = every training split has at
  least the smallest D with 1/D <= target different pairs (otherwise this is VAL@FAR=0).

It prints every number as the json has it and as recomputed, and exits 1 if any differs by more than
the tolerance (default 1e-6), 2 on unusable input. Needs Python 3 and numpy only (Debian: python3-numpy).
"""

import argparse
import csv
import json
import math
import os
import sys

import numpy as np


def read_pairs(path):
    folds, same, dist = [], [], []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        expected = ["fold", "image_a", "image_b", "same", "distance"]
        if header != expected:
            raise ValueError(f"{path}: header {header}, expected {','.join(expected)}")
        for line, row in enumerate(reader, start=2):
            if len(row) != 5:
                raise ValueError(f"{path}:{line}: {len(row)} cells, expected 5")
            if row[3] not in ("0", "1"):
                raise ValueError(f"{path}:{line}: same must be 0 or 1, got {row[3]!r}")
            folds.append(int(row[0]))
            same.append(row[3] == "1")
            dist.append(float(row[4]))
    if not dist:
        raise ValueError(f"{path}: no pairs")
    return np.array(folds, dtype=np.int64), np.array(same, dtype=bool), np.array(dist, dtype=np.float64)


def candidates(d):
    """Ascending candidate thresholds over distances d: below all, midpoints, above all."""
    v = np.unique(d)
    mids = (v[:-1] + v[1:]) * 0.5
    return np.concatenate(([np.nextafter(v[0], -np.inf)], mids, [np.nextafter(v[-1], np.inf)]))


def accepted(sorted_d, thresholds):
    """How many of the sorted distances are <= each threshold."""
    return np.searchsorted(sorted_d, thresholds, side="right")


def mean_se(values):
    """Mean, sample std and standard error over the non-NaN values (NaN when too few)."""
    x = [float(v) for v in values if not math.isnan(v)]
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = sum(x) / n
    if n < 2:
        return mean, math.nan, math.nan
    std = math.sqrt(sum((v - mean) ** 2 for v in x) / (n - 1))
    return mean, std, std / math.sqrt(n)


def needed_different(target):
    d = max(1, math.ceil(1.0 / target))
    while 1.0 / d > target:
        d += 1
    while d > 1 and 1.0 / (d - 1) <= target:
        d -= 1
    return d


def recompute(fold, same, d, folds, target):
    out = {}
    fold_acc, fold_thr, fold_val, fold_far, train_diff = [], [], [], [], []
    for f in range(folds):
        train, test = fold != f, fold == f
        if not test.any():
            raise ValueError(f"fold {f} has no pairs")
        cand = candidates(d[train])
        s_sorted = np.sort(d[train & same])
        n_sorted = np.sort(d[train & ~same])
        ta = accepted(s_sorted, cand)
        fa = accepted(n_sorted, cand)
        diffs = len(n_sorted)
        correct = ta + (diffs - fa)
        t_acc = cand[int(np.argmax(correct))]  # argmax takes the first maximum: the smallest threshold
        if diffs == 0:
            t_val = cand[-1]
        else:
            ok = (fa / diffs) <= target  # fa only grows, so the admissible candidates are a prefix
            t_val = cand[int(np.count_nonzero(ok)) - 1] if ok[0] else cand[0]
        ds, ss = d[test], same[test]
        fold_thr.append(float(t_acc))
        fold_acc.append(float(np.mean((ds <= t_acc) == ss)))
        n_same, n_diff = int(ss.sum()), int((~ss).sum())
        fold_val.append(float(np.sum((ds <= t_val) & ss)) / n_same if n_same else math.nan)
        fold_far.append(float(np.sum((ds <= t_val) & ~ss)) / n_diff if n_diff else math.nan)
        train_diff.append(diffs)
    out["accuracy.mean"], out["accuracy.std"], out["accuracy.se"] = mean_se(fold_acc)
    out["fold_accuracy"] = fold_acc
    out["thresholds"] = fold_thr
    out["val_at_far.val.mean"], _, out["val_at_far.val.se"] = mean_se(fold_val)
    out["val_at_far.mean_far"] = mean_se(fold_far)[0]
    out["val_at_far.fold_val"] = fold_val
    out["val_at_far.resolved"] = min(train_diff) >= needed_different(target)

    s_all, n_all = np.sort(d[same]), np.sort(d[~same])
    S, D = len(s_all), len(n_all)
    out["pairs"], out["same_pairs"], out["different_pairs"] = len(d), S, D
    if S and D:
        below_or_equal = np.searchsorted(n_all, s_all, side="right")
        below = np.searchsorted(n_all, s_all, side="left")
        greater = D - below_or_equal
        equal = below_or_equal - below
        out["auc"] = float(np.sum(greater) + 0.5 * np.sum(equal)) / (S * D)
        v = np.unique(d)
        tpr = np.concatenate(([0.0], accepted(s_all, v) / S))
        fpr = np.concatenate(([0.0], accepted(n_all, v) / D))
        g = fpr + tpr - 1
        eer = math.nan
        for k in range(len(g) - 1):
            if g[k] <= 0 and g[k + 1] >= 0:
                lam = 0.0 if g[k + 1] == g[k] else -g[k] / (g[k + 1] - g[k])
                eer = float(fpr[k] + lam * (fpr[k + 1] - fpr[k]))
                break
        out["eer"] = eer
    else:
        out["auc"] = out["eer"] = math.nan
    return out


def from_json(v, dotted):
    x = v
    for part in dotted.split("."):
        x = x[part]
    return x


def differs(a, b, tol):
    if isinstance(a, bool) or isinstance(b, bool):
        return a != b
    a = math.nan if a is None else float(a)  # the json writes NaN as null
    b = float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) != math.isnan(b)
    return abs(a - b) > tol


def main(argv):
    ap = argparse.ArgumentParser(description="Recompute an evaluation's accuracy, AUC, EER and VAL@FAR from its pairs file.")
    ap.add_argument("json", help="an evaluation json, e.g. results/baselines/pixels/eval/lfw.json")
    ap.add_argument("pairs", nargs="?", help="its pairs file (default: <json stem>-pairs.csv beside it)")
    ap.add_argument("--tolerance", type=float, default=1e-6, help="largest allowed difference (default 1e-6)")
    a = ap.parse_args(argv)
    pairs = a.pairs or os.path.splitext(a.json)[0] + "-pairs.csv"
    try:
        with open(a.json, encoding="utf-8") as f:
            report = json.load(f)
        v = report["verification"]
        fold, same, d = read_pairs(pairs)
        folds = int(v["folds"])
        if fold.min() < 0 or fold.max() >= folds:
            raise ValueError(f"{pairs}: folds {fold.min()}..{fold.max()}, the json says {folds} folds")
        r = recompute(fold, same, d, folds, float(v["val_at_far"]["target_far"]))
    except (OSError, ValueError, KeyError) as e:
        print(f"verify_eval: {e}", file=sys.stderr)
        return 2

    checks = []
    for key in ("pairs", "same_pairs", "different_pairs", "accuracy.mean", "accuracy.std", "accuracy.se", "auc", "eer",
                "val_at_far.val.mean", "val_at_far.val.se", "val_at_far.mean_far", "val_at_far.resolved"):
        checks.append((key, from_json(v, key), r[key]))
    for key in ("fold_accuracy", "thresholds", "val_at_far.fold_val"):
        for i, (x, y) in enumerate(zip(from_json(v, key), r[key])):
            checks.append((f"{key}[{i}]", x, y))
    held = report.get("test_fold")
    if held is not None:
        f = int(held["fold"])
        checks.append(("test_fold.accuracy", held["accuracy"], r["fold_accuracy"][f]))
        checks.append(("test_fold.val_at_far", held["val_at_far"], r["val_at_far.fold_val"][f]))

    print(f"{a.json}: {report.get('benchmark', '?')}, {len(d)} pairs from {pairs}")
    bad = 0
    width = max(len(c[0]) for c in checks)
    for key, x, y in checks:
        wrong = differs(x, y, a.tolerance)
        bad += wrong
        if wrong or "[" not in key:  # per-fold values are printed only when they disagree
            print(f"  {key:<{width}}  json {x!s:<22}  recomputed {y!s:<22}  {'MISMATCH' if wrong else 'ok'}")
    per_fold = sum(1 for c in checks if "[" in c[0])
    if bad:
        print(f"FAIL: {bad} of {len(checks)} values differ by more than {a.tolerance:g}")
        return 1
    print(f"OK: {len(checks)} values agree within {a.tolerance:g} ({per_fold} per-fold values not shown); "
          f"accuracy {r['accuracy.mean']:.4f} ± {r['accuracy.se']:.4f} (s.e.), AUC {r['auc']:.4f}, EER {r['eer']:.4f}, "
          f"VAL@FAR={float(v['val_at_far']['target_far']):g} {r['val_at_far.val.mean']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
