#!/usr/bin/env bash
# The crop of LFW's 250x250 deep-funneled images that serves the pretrained dlib-resnet best, chosen on LFW View 1
# only (issue 15): each crop box x,y,w,h is evaluated with `tripletlab eval --pretrained ... --benchmark lfw-dev`
# (View 1: pairsDevTrain = fold 0, pairsDevTest = fold 1; no flips, to halve the cost), then
# scripts/dlib_crop_table.py ranks the crops by pairsDevTrain alone (AUC, then best-threshold accuracy) and shows
# pairsDevTest's accuracy (threshold from pairsDevTrain) beside it. View 2 is never read.
#
#   scripts/dlib-crop-search.sh OUT_DIR x,y,w,h [x,y,w,h ...]
#
# Each crop's evaluation goes to OUT_DIR/<x>-<y>-<w>-<h>/eval/ (kept, so a crop already evaluated is not redone);
# the table to OUT_DIR/crop-search.csv. About 3 min per crop on 2 busy cores (4,992 images at 150 px).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: $0 OUT_DIR x,y,w,h ...}
shift
[[ $# -gt 0 ]] || { echo "usage: $0 OUT_DIR x,y,w,h ..." >&2; exit 2; }
for crop in "$@"; do
  [[ $crop =~ ^[0-9]+,[0-9]+,[0-9]+,[0-9]+$ ]] || { echo "$0: crop '$crop' is not x,y,w,h" >&2; exit 2; }
  dir="$out/${crop//,/-}"
  if [[ -f $dir/eval/lfw-dev.json ]]; then
    echo "crop $crop: already evaluated ($dir)"
    continue
  fi
  echo "crop $crop ..."
  bin/tripletlab eval --pretrained experiments/pretrained/dlib-resnet.yaml --benchmark lfw-dev --no-flip \
    --set "data.lfw.crop=[$crop]" --out "$dir" | grep -E '^lfw-view1|distinct images'
done
/usr/bin/python3 scripts/dlib_crop_table.py "$out"
