#!/usr/bin/env bash
# Installs the Java kernel (rapaio-jupyter-kernel from Maven Central) that the notebooks in notebooks/ run on.
#
#   scripts/install-kernel.sh            project-local kernelspec in target/jupyter/kernels/java
#                                        (used through JUPYTER_PATH; the user's Jupyter is left alone)
#   scripts/install-kernel.sh --user     also registers it with the user's Jupyter as kernel "java"
#                                        (a copy in $(jupyter --data-dir)/kernels/java)
#
# Steps: build the project (target/tripletlab.jar + target/lib/*.jar, which the kernel puts on the notebooks'
# class path through RJK_CLASSPATH), copy the kernel jar out of the Maven repository, and write a kernel.json that starts it with
# the same speed settings as bin/tripletlab. The kernel evaluates cells inside its own JVM (JShell with a
# direct execution control, no second JVM), so the JVM options and environment in kernel.json are the ones
# the notebook's training code runs with.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rjk_version="3.0.1"
user_install=false
for arg in "$@"; do
  case "$arg" in
    --user) user_install=true ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-kernel.sh: unknown option '$arg' (use --user or nothing; --help explains)" >&2; exit 2 ;;
  esac
done

# Maven offline first (works once ~/.m2 has everything), online only for what was never downloaded; its output
# is shown only on a real failure (scripts/lib/maven.sh).
source "$here/scripts/lib/maven.sh"

(cd "$here" && quiet_mvn install-kernel "building tripletlab (mvn package)" "$TRIPLETLAB_DOWNLOAD" package -DskipTests) || exit 1
[[ -f "$here/target/tripletlab.jar" && -d "$here/target/lib" ]] \
  || { echo "install-kernel: the build did not produce target/tripletlab.jar and target/lib/" >&2; exit 1; }

kernel_dir="$here/target/jupyter/kernels/java"
mkdir -p "$kernel_dir"
(cd "$here" && quiet_mvn install-kernel "fetching the Java kernel io.github.padreati:rapaio-jupyter-kernel:$rjk_version" \
  "the kernel jar and Maven's dependency plugin, ~10 MB" \
  dependency:copy "-Dartifact=io.github.padreati:rapaio-jupyter-kernel:$rjk_version" \
  "-DoutputDirectory=$kernel_dir" -Dmdep.stripVersion=true) || exit 1
kernel_jar="$kernel_dir/rapaio-jupyter-kernel.jar"
[[ -f "$kernel_jar" ]] || { echo "install-kernel: $kernel_jar is missing after mvn dependency:copy" >&2; exit 1; }

# The kernel is started through scripts/kernel/TripletlabKernel.java, which runs it as its own main class
# does but without its start-up race (a request arriving before the handlers exist kills the shell thread).
rm -rf "$kernel_dir/launcher"
javac -d "$kernel_dir/launcher" -cp "$kernel_jar" "$here/scripts/kernel/TripletlabKernel.java" \
  || { echo "install-kernel: cannot compile scripts/kernel/TripletlabKernel.java (a JDK 17 javac is needed)" >&2; exit 1; }

# Speed settings, as bin/tripletlab sets them: jemalloc (DJL/PyTorch trains ~10x slower on glibc malloc),
# no decay (the same buffers are reused every step), all cores for OpenMP, the engine never downloads.
preload=""
for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
           /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4; do
  if [[ -f "$lib" ]]; then preload="$lib"; break; fi
done
if [[ -z "$preload" ]]; then
  echo "install-kernel: WARNING: neither jemalloc nor tcmalloc is installed; notebook training will run up to 10x slower." >&2
  echo "install-kernel:          install one:  sudo apt-get install libjemalloc2" >&2
fi
cores="$(nproc 2>/dev/null || echo 2)"
java_bin="$(command -v java || true)"
[[ -n "$java_bin" ]] || { echo "install-kernel: no 'java' on PATH (Java 17 is needed)" >&2; exit 1; }
heap="${TRIPLETLAB_KERNEL_HEAP:-8g}"

# write_kernelspec DIR: DIR/kernel.json starting DIR/rapaio-jupyter-kernel.jar through DIR/launcher. Written with Debian's
# python3 json module so that paths are escaped correctly, and atomically (temporary file, then rename).
PYTHON="/usr/bin/python3"; [[ -x "$PYTHON" ]] || PYTHON="python3"
write_kernelspec() {
  KERNEL_CP="$1/rapaio-jupyter-kernel.jar:$1/launcher" JAVA_BIN="$java_bin" PRELOAD="$preload" CORES="$cores" HEAP="$heap" \
  PROJECT="$here" OUT="$1/kernel.json" "$PYTHON" - <<'EOF'
import json, os
env = {
    "OMP_NUM_THREADS": os.environ["CORES"],
    # no evaluation time limit: a live training cell may take a few minutes
    "RJK_TIMEOUT_MILLIS": "-1",
    # where Notebook.home() looks when a notebook is opened outside this project's notebooks/
    "TRIPLETLAB_HOME": os.environ["PROJECT"],
    # the project's jar and its runtime dependencies on the notebooks' class path from the start, so that no
    # notebook needs a %%jars cell (whose output is one "Add ... to classpath" line per jar, 54 of them)
    "RJK_CLASSPATH": os.environ["PROJECT"] + "/target/tripletlab.jar;" + os.environ["PROJECT"] + "/target/lib/*.jar",
}
if os.environ["PRELOAD"]:
    env["LD_PRELOAD"] = os.environ["PRELOAD"]
    env["MALLOC_CONF"] = "dirty_decay_ms:-1,muzzy_decay_ms:-1"
spec = {
    "argv": [os.environ["JAVA_BIN"], "-Xmx" + os.environ["HEAP"], "-Xmn256m", "-Dai.djl.offline=true",
             "-Djava.awt.headless=true", "-cp", os.environ["KERNEL_CP"], "TripletlabKernel", "{connection_file}"],
    "display_name": "Java (tripletlab)",
    "language": "java",
    "interrupt_mode": "message",
    "env": env,
}
tmp = os.environ["OUT"] + ".tmp"
with open(tmp, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
os.replace(tmp, os.environ["OUT"])
EOF
}

write_kernelspec "$kernel_dir"
echo "install-kernel: project-local kernelspec written to $kernel_dir"
echo "install-kernel:   use it with  JUPYTER_PATH=$here/target/jupyter jupyter notebook notebooks/"

if $user_install; then
  command -v jupyter >/dev/null || { echo "install-kernel: --user needs 'jupyter' (sudo apt-get install jupyter-client)" >&2; exit 1; }
  # A copy of the kernel jar in the user's Jupyter data folder, so 'mvn clean' here does not break the kernel.
  user_dir="$(jupyter --data-dir)/kernels/java"
  mkdir -p "$user_dir"
  cp "$kernel_jar" "$user_dir/rapaio-jupyter-kernel.jar"
  rm -rf "$user_dir/launcher"
  cp -r "$kernel_dir/launcher" "$user_dir/launcher"
  write_kernelspec "$user_dir"
  echo "install-kernel: registered with your Jupyter as kernel 'java' in $user_dir (jupyter kernelspec list)"
fi
