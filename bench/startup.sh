#!/usr/bin/env bash
# Start-up time of the runner: JVM start to output for commands that never touch a cluster, and
# (when KUBECONFIG_FOR_BENCH names a cluster) start to the shell prompt. Median of N runs.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=runner/target/kubelab.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests package
runs=${RUNS:-10}
home=$(mktemp -d)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  local label=$1; shift
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | median | xargs printf "%-40s %6s ms (median of $runs)\n" "$label"
}
# through the launcher, as a user runs it (its CDS archive or, on Java 25+, AOT cache included; the
# first run records it)
./kubelab --home "$home" list >/dev/null 2>&1 || true
measure "kubelab --help" ./kubelab --home "$home" --help
measure "kubelab list" ./kubelab --home "$home" list
if [ -n "${KUBECONFIG_FOR_BENCH:-}" ]; then
  rm -f runner/target/kubelab.jsa runner/target/kubelab-*.aot
  echo quit | ./kubelab --home "$home" --kubeconfig "$KUBECONFIG_FOR_BENCH" >/dev/null 2>&1 || true
  measure "shell start to prompt, then quit" sh -c "echo quit | ./kubelab --home $home --kubeconfig $KUBECONFIG_FOR_BENCH"
fi
rm -rf "$home"
