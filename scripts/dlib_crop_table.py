#!/usr/bin/python3
"""Ranks the crops scripts/dlib-crop-search.sh evaluated, by LFW View 1's pairsDevTrain alone.

    /usr/bin/python3 scripts/dlib_crop_table.py OUT_DIR      (writes OUT_DIR/crop-search.csv and prints it)

From each OUT_DIR/<crop>/eval/lfw-dev-pairs.csv (fold 0 = pairsDevTrain, 1,100 + 1,100 pairs; fold 1 = pairsDevTest,
500 + 500): on pairsDevTrain the AUC (probability that a random same pair is closer than a random different pair, ties
counting half) and the accuracy at its own best threshold (in-sample: only a ranking of crops); on pairsDevTest the
accuracy at pairsDevTrain's best threshold. Crops are ranked by pairsDevTrain AUC, then accuracy; pairsDevTest is shown,
never used to choose.
"""
import csv
import os
import sys

import numpy as np


def auc(d_same, d_diff):
    # Mann-Whitney: same pairs should have the smaller distance
    allv = np.concatenate([d_same, d_diff])
    order = allv.argsort(kind="mergesort")
    ranks = np.empty(len(allv))
    sv = allv[order]
    i = 0
    while i < len(sv):  # average ranks over ties
        j = i
        while j + 1 < len(sv) and sv[j + 1] == sv[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    r_diff = ranks[len(d_same):].sum()
    n_s, n_d = len(d_same), len(d_diff)
    return (r_diff - n_d * (n_d + 1) / 2) / (n_s * n_d)


def best_threshold(d, same):
    # balanced accuracy over candidate thresholds midway between sorted distances
    s = np.sort(d)
    cands = np.concatenate([[s[0] - 1e-6], (s[1:] + s[:-1]) / 2, [s[-1] + 1e-6]])
    best = (-1, 0)
    for t in cands:
        acc = 0.5 * ((d[same] <= t).mean() + (d[~same] > t).mean())
        if acc > best[0]:
            best = (acc, t)
    return best


def main():
    out = sys.argv[1]
    rows = []
    for name in sorted(os.listdir(out)):
        f = os.path.join(out, name, "eval", "lfw-dev-pairs.csv")
        if not os.path.isfile(f):
            continue
        with open(f) as fh:
            r = list(csv.DictReader(fh))
        fold = np.array([int(x["fold"]) for x in r])
        same = np.array([x["same"] == "1" for x in r])
        dist = np.array([float(x["distance"]) for x in r])
        tr, te = fold == 0, fold == 1
        train_auc = auc(dist[tr & same], dist[tr & ~same])
        train_acc, t = best_threshold(dist[tr], same[tr])
        test_acc = 0.5 * ((dist[te & same] <= t).mean() + (dist[te & ~same] > t).mean())
        x, y, w, h = (int(v) for v in name.split("-"))
        rows.append({"crop": f"[{x}, {y}, {w}, {h}]", "side": w, "centre_x": x + w / 2, "centre_y": y + h / 2,
                     "devtrain_auc": round(train_auc, 5), "devtrain_best_accuracy": round(train_acc, 4),
                     "devtrain_threshold": round(float(t), 4), "devtest_accuracy": round(float(test_acc), 4)})
    rows.sort(key=lambda r: (-r["devtrain_auc"], -r["devtrain_best_accuracy"]))
    for i, r in enumerate(rows):
        r["rank_by_devtrain"] = i + 1
    path = os.path.join(out, "crop-search.csv")
    with open(path + ".tmp", "w", newline="") as fh:
        wr = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
        wr.writeheader()
        wr.writerows(rows)
    os.replace(path + ".tmp", path)
    print(open(path).read(), end="")


if __name__ == "__main__":
    main()
