#!/usr/bin/env bash
# Training/inference img/s of the small-conv encoder: DJL (Java) vs native PyTorch, same net,
# batch, image size, threads, allocator. Prints both JSON lines and the Java/PyTorch ratios.
#
#   scripts/bench-compare.sh [--batch 96] [--size 64] [--channels 1] [--width 32] \
#       [--embedding 128] [--threads 2] [--steps 30] [--warmup 5]
#
# Needs `mvn -q -o package -DskipTests` first (target/tripletlab.jar + target/lib/).
# The reference runs on Debian's /usr/bin/python3 (python3-torch); `python3` on PATH lacks torch.
# Set NO_JEMALLOC=1 to run both without the jemalloc preload. Extra Java-only flags
# (--no-channels-last, --no-sub-manager) can be passed via JAVA_BENCH_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--batch 96 --size 64 --channels 1 --width 32 --embedding 128 --threads 2 --steps 30 --warmup 5)
if [[ $# -gt 0 ]]; then args=(--batch 96 --size 64 --channels 1 --width 32 --embedding 128 --threads 2 --steps 30 --warmup 5 "$@"); fi
threads=2
for ((i = 0; i < ${#args[@]}; i++)); do [[ ${args[i]} == --threads ]] && threads=${args[i + 1]}; done

[[ -f target/tripletlab.jar ]] || { echo "build first: mvn -q -o package -DskipTests" >&2; exit 1; }

if [[ -z "${NO_JEMALLOC:-}" ]]; then
  # jemalloc keeps freed activation buffers mapped instead of returning them to the OS every step.
  export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
  export MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
fi
# Same thread count for both; OMP_NUM_THREADS also pins libgomp's pool inside libtorch.
export OMP_NUM_THREADS=$threads

java_json=$(java -Dai.djl.offline=true -cp 'target/tripletlab.jar:target/lib/*' \
  org.tripletlab.model.EncoderBenchmarkMain "${args[@]}" ${JAVA_BENCH_FLAGS:-} | tail -n 1)
py_json=$(/usr/bin/python3 scripts/bench_reference.py "${args[@]}" | tail -n 1)
echo "$java_json"
echo "$py_json"
/usr/bin/python3 - "$java_json" "$py_json" <<'PY'
import json, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
    "train_ratio_djl_over_pytorch": round(j["train_img_s"] / p["train_img_s"], 3),
    "infer_ratio_djl_over_pytorch": round(j["infer_img_s"] / p["infer_img_s"], 3),
    "train_ratio_median": round(j["train_img_s_median"] / p["train_img_s_median"], 3),
    "infer_ratio_median": round(j["infer_img_s_median"] / p["infer_img_s_median"], 3),
}))
PY
