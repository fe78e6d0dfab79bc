#!/usr/bin/env bash
# A/B speed comparison of two builds of tripletlab on the same command, interleaved: A, B, A, B, ...
#
#   scripts/bench-ab.sh OLD_DIR NEW_DIR REPS [EncoderBenchmarkMain args ...]
#   e.g. scripts/bench-ab.sh /tmp/base target 4 --precision bf16 --steps 30 --warmup 5
#
# OLD_DIR and NEW_DIR each hold a tripletlab.jar and its lib/ (copy target/tripletlab.jar and target/lib of a build).
# Runs org.tripletlab.model.EncoderBenchmarkMain (small-conv, batch 96, 1x64x64, width 32, 128-D, 2 threads unless
# the args say otherwise) REPS times per build, alternating which build goes first in each pair, with the launcher's
# settings (jemalloc with decay off, OMP_NUM_THREADS), and prints one line per run: "A|B rep train infer train_median
# infer_median phases", then the ratio B/A of the medians over the reps. On a shared machine absolute numbers are
# contended; the interleaving puts both builds under the same load, so the ratio is what to read.
# REF=1 also runs scripts/bench_reference.py (Debian's PyTorch, same args) after each pair, as R, and prints A/R and B/R
# (only args both sides know: --batch --size --channels --width --embedding --threads --steps --warmup --precision).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 3 ]] || { sed -n 2,12p "$0" >&2; exit 2; }
old=$1 new=$2 reps=$3
shift 3
for d in "$old" "$new"; do
  [[ -f $d/tripletlab.jar && -d $d/lib ]] || { echo "bench-ab: $d has no tripletlab.jar and lib/" >&2; exit 2; }
done
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
export MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
args=(--threads 2 "$@")

run() { # $1 = label, $2 = dir (R: the PyTorch reference)
  local json
  if [[ $1 == R ]]; then
    json=$(/usr/bin/python3 scripts/bench_reference.py "${args[@]}" | tail -n 1)
  else
    json=$(java -Xmx8g -Dai.djl.offline=true -cp "$2/tripletlab.jar:$2/lib/*" org.tripletlab.model.EncoderBenchmarkMain \
      "${args[@]}" 2>/dev/null | tail -n 1)
  fi
  /usr/bin/python3 -c '
import json, sys
j = json.loads(sys.argv[2])
print(sys.argv[1], sys.argv[3], j["train_img_s"], j["infer_img_s"], j["train_img_s_median"], j["infer_img_s_median"],
      json.dumps(j.get("train_phase_ms", {}), separators=(",", ":")), flush=True)' "$1" "$json" "$3"
}

out=$(mktemp)
for ((i = 1; i <= reps; i++)); do
  if ((i % 2 == 1)); then run A "$old" "$i" | tee -a "$out"; run B "$new" "$i" | tee -a "$out"
  else run B "$new" "$i" | tee -a "$out"; run A "$old" "$i" | tee -a "$out"; fi
  if [[ -n ${REF:-} ]]; then run R - "$i" | tee -a "$out"; fi
done
/usr/bin/python3 - "$out" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def med(label, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == label)
for col, name in [(2, "train img/s"), (3, "infer img/s"), (4, "train img/s (median step)"), (5, "infer img/s (median step)")]:
    a, b = med("A", col), med("B", col)
    line = f"{name}: A median {a:.1f}, B median {b:.1f}, B/A {b / a:.3f}"
    if any(r[0] == "R" for r in rows):
        r = med("R", col)
        line += f"; R (PyTorch) median {r:.1f}, A/R {a / r:.3f}, B/R {b / r:.3f}"
    print(line)
PY
rm -f "$out"
