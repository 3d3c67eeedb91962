#!/usr/bin/env bash
# One-shot commands as whole processes, through the launcher as a learner runs them (class data
# sharing included): median wall time of N runs and the peak resident memory of the last run.
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
# peak RSS in MiB of one run: GNU time if present, else the kernel's high-water mark of the child
rss() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ {printf "%d", $NF / 1024}'
  else
    "$@" >/dev/null 2>&1 &
    local pid=$! peak=0 kb
    while kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [ -n "$kb" ]; do
      peak=$kb; sleep 0.05
    done
    wait $pid || true
    echo $(( peak / 1024 ))
  fi
}
measure() {
  local label=$1; shift
  local ms
  ms=$(for _ in $(seq "$runs"); do
    progress
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | median)
  progress
  printf "%-36s %6s ms (median of %s)  %4s MiB peak RSS\n" "$label" "$ms" "$runs" "$(rss "$@")"
}
progress
# the first run after a build records the class data sharing archive; later runs use it
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
