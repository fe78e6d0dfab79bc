# Sourced by bin/tripletlab, scripts/install-kernel.sh and scripts/run-notebooks.sh: runs Maven quietly.
#
# Why: the scripts used to try 'mvn -o' first and fall back to an online build with '2>/dev/null', but Maven
# writes its [ERROR] lines to stdout, so on a machine whose ~/.m2 is cold every first build printed a block
# of offline-mode errors before the online build quietly succeeded. Here Maven's stdout and stderr both go
# to a log file: nothing of it is shown unless the build really fails, and then the log is named and its
# error lines printed.
#
#   quiet_mvn LABEL WHAT DOWNLOAD ARGS...
#     LABEL     prefix of every line printed (the calling script's name)
#     WHAT      what is being done, for the progress line ("building tripletlab")
#     DOWNLOAD  what a cold ~/.m2 downloads, for the progress line ("~200 MB: DJL, PyTorch's CPU natives, ...")
#     ARGS      Maven's arguments (-B and -q are added)
# Prints one line, then runs 'mvn -o ARGS' (offline: the local repository has everything). Only when that
# fails because an artifact was never downloaded does it print that it downloads and run 'mvn ARGS' online.
# Returns Maven's status; on failure, prints the log's [ERROR] lines and where the whole log is.
# MAVEN_REPO_LOCAL, when set, is passed as -Dmaven.repo.local (to try a cold repository without touching ~/.m2).
# Every build gets -Dtripletlab.commit=<HEAD, with -dirty when tracked files outside results/ have uncommitted changes>: the jar records
# the commit it was built from (BuildInfo.buildCommit, "build_commit" in provenance).

# What a cold ~/.m2 downloads for 'mvn package' (measured with an empty -Dmaven.repo.local).
TRIPLETLAB_DOWNLOAD="~200 MB, mostly PyTorch's CPU natives"

quiet_mvn() {
  local label="$1" what="$2" download="$3"
  shift 3
  if ! command -v mvn >/dev/null; then
    echo "$label: Maven is needed to build tripletlab: sudo apt-get install maven" >&2
    return 1
  fi
  local commit
  commit="$(git rev-parse HEAD 2>/dev/null || true)"
  # results/ is left out, as BuildInfo.gitCommit does: runs and evaluations write there, the code is elsewhere
  if [[ -n "$commit" ]] && [[ -n "$(git status --porcelain --untracked-files=no -- ':(top,exclude)results' 2>/dev/null)" ]]; then commit="$commit-dirty"; fi
  local args=(-B -q "-Dtripletlab.commit=${commit:-unknown}" "$@")
  [[ -n "${MAVEN_REPO_LOCAL:-}" ]] && args=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL" "${args[@]}")
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/tripletlab-mvn.XXXXXX.log")"
  echo "$label: $what ..." >&2
  if mvn -o "${args[@]}" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  if grep -q 'in offline mode' "$log"; then
    # A cold local repository: the offline attempt's errors say only that, so they are not shown.
    echo "$label: first time: downloading the dependencies from Maven Central ($download; once, into ~/.m2) ..." >&2
    local start=$SECONDS
    if mvn "${args[@]}" >"$log" 2>&1; then
      local took=$((SECONDS - start))
      if [[ $took -lt 120 ]]; then took="$took s"; else took="$(( (took + 30) / 60 )) min"; fi
      echo "$label: done in $took (the next builds are offline)" >&2
      rm -f "$log"
      return 0
    fi
  fi
  echo "$label: $what failed (mvn ${*}); Maven's errors:" >&2
  grep -E '^\S*\[ERROR\]' "$log" | grep -vE '\[ERROR\] *$|re-run Maven|Re-run Maven|\[Help 1\]|please read the following' \
    | sed 's/\x1b\[[0-9;]*m//g' | head -n 40 >&2
  echo "$label: the whole Maven output is in $log" >&2
  return 1
}
