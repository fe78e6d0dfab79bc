#!/usr/bin/env bash
# Prints a markdown table of an experiment's runs from their eval/*.json and provenance.json:
#   scripts/results-table.sh results/lfw-outside-data [benchmark ...]
# (A stop-gap until `tripletlab report`; needs jq: apt-get install jq.)
set -euo pipefail
dir="$1"; shift
benchmarks=("${@:-lfw}")
printf '| run | miner | α |'
for b in "${benchmarks[@]}"; do printf ' %s accuracy ± s.e. | %s VAL@FAR=1e-3 | %s AUC | %s one-shot rank-1 |' "$b" "$b" "$b" "$b"; done
printf ' best val. acc. | minutes (train + eval) |\n|---|---|---|'
for b in "${benchmarks[@]}"; do printf '%s' '---|---|---|---|'; done
printf '%s\n' '---|---|'
for run in "$dir"/*/; do
  [[ -f "$run/COMPLETE" ]] || continue
  id=$(basename "$run")
  miner=$(awk '/^miner:/{m=1} m&&/strategy:/{print $2; exit}' "$run/config.yaml")
  margin=$(awk '/^loss:/{m=1} m&&/margin:/{print $2; exit}' "$run/config.yaml")
  printf '| %s | %s | %s |' "$id" "$miner" "$margin"
  for b in "${benchmarks[@]}"; do
    f="$run/eval/$b.json"
    if [[ -f "$f" ]]; then
      jq -r '"\(.verification.accuracy.mean*10000|round/10000) ± \(.verification.accuracy.se*10000|round/10000) | \(.verification.val_at_far.val.mean*10000|round/10000) | \(.verification.auc*10000|round/10000) | \(.identification.one_shot_closed_set.rank1.mean*10000|round/10000) |"' "$f" | tr -d '\n' | sed 's/^/ /'
    else
      printf ' – | – | – | – |'
    fi
  done
  jq -r '" \(.best_val_accuracy*10000|round/10000) | \(.minutes*10|round/10) |"' "$run/provenance.json"
done
