#!/usr/bin/env bash
# One-shot commands as whole processes, through the launcher as a learner runs them (its CDS
# archive or, on Java 25+, AOT cache included): median wall and CPU time of N runs, and the
# highest peak resident memory.
# The learner's progress names a current lab, so task/hint/progress do their real work. 'check'
# and the shell start need a cluster: bench/check.sh times them (beside a kubectl script).
#   RUNS=10 bench/oneshot.sh        LAB=gitops/drift bench/oneshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
jar=runner/target/kubelab.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests package
runs=${RUNS:-10}
lab=${LAB:-gitops/drift}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
progress() { printf '{"version":1,"currentLab":"%s","labs":{}}\n' "$lab" >"$home/progress.json"; }
measure() {
  local label=$1; shift
  local rows
  rows=$(for _ in $(seq "$runs"); do progress; once "$@"; done)
  printf "%-36s %6s ms wall %6s ms CPU (medians of %s) %5s MiB peak RSS\n" "$label" \
    "$(cut -d' ' -f1 <<<"$rows" | median)" "$(cut -d' ' -f2 <<<"$rows" | median)" "$runs" \
    "$(( $(cut -d' ' -f3 <<<"$rows" | sort -n | tail -1) / 1024 ))"
}
progress
# the first run after a build records the CDS archive or AOT cache; later runs use it
./kubelab --home "$home" list >/dev/null 2>&1 || true
measure "kubelab --help" ./kubelab --home "$home" --help
measure "kubelab list" ./kubelab --home "$home" list
measure "kubelab task ($lab)" ./kubelab --home "$home" task
measure "kubelab hint ($lab)" ./kubelab --home "$home" hint
measure "kubelab progress" ./kubelab --home "$home" progress
echo "kubelab check, shell start:           bench/check.sh (on KUBECONFIG_FOR_BENCH, or a mock API server)"
