#!/usr/bin/env bash
# One-shot commands as whole processes, through the launcher as a learner runs them (its CDS
# archive or, on Java 25+, AOT cache included): median wall and CPU time of N runs, and the
# highest peak resident memory.
# The learner's progress names a current lab, so task/hint/progress do their real work. With
# KUBECONFIG_FOR_BENCH naming a cluster it also times 'check' and the shell start to its prompt.
#   RUNS=10 bench/oneshot.sh        LAB=gitops/drift bench/oneshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=runner/target/kubelab.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests package
runs=${RUNS:-10}
lab=${LAB:-gitops/drift}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
progress() { printf '{"version":1,"currentLab":"%s","labs":{}}\n' "$lab" >"$home/progress.json"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# one run: wall ms, CPU ms (user + system: steadier than wall time on a busy machine), peak RSS KiB
once() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %U %S %M' -o "$home/time" "$@" >/dev/null 2>&1 || true
    awk '{printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4}' "$home/time"
  else # wall time only, and the kernel's high-water mark of the process while it runs
    local s e pid peak=0 kb
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 &
    pid=$!
    while kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [ -n "$kb" ]; do peak=$kb; sleep 0.02; done
    wait $pid || true
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 )) - $peak"
  fi
}
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
if [ -n "${KUBECONFIG_FOR_BENCH:-}" ]; then
  k=(--kubeconfig "$KUBECONFIG_FOR_BENCH")
  measure "kubelab check ($lab)" ./kubelab --home "$home" "${k[@]}" check
  measure "shell start to prompt, then quit" sh -c "echo quit | ./kubelab --home '$home' --kubeconfig '$KUBECONFIG_FOR_BENCH'"
else
  echo "kubelab check, shell start:           skipped (they need a cluster: set KUBECONFIG_FOR_BENCH)"
fi
