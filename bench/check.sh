#!/usr/bin/env bash
# 'kubelab check' side by side with a teacher's kubectl script doing the same reads, on one exercise
# (day2/rolling-updates, rollout: 8 checks, all reading the cluster), plus the shell's start to its
# prompt and 'check' typed in the shell. Runs are interleaved; medians of RUNS (default 10).
# One-shot check is timed twice: answered by the background server the first command left
# (what a learner gets from the second command on), and in its own process (KUBELAB_SERVER=off).
# The server's CPU per check, read from /proc before and after, is added to the served row's.
#
# KUBECONFIG_FOR_BENCH names the cluster, where the lab must be started and solved
# ('kubelab --kubeconfig K start day2/rolling-updates', then the exercise's solution). Without it
# the API server is a stand-in: fabric8's mock server (CRUD mode, with API discovery added) in its
# own JVM on loopback, seeded with the exercise solved, from the test classpath
# (runner/src/test/.../bench/MockApiServer.java). It is not a kube-apiserver: the ratios show
# client-side cost (JVM, kubectl), not what a real server adds to each request.
# KUBELAB names another launcher to time (a copy of an older ./kubelab, put beside this one).
#   RUNS=10 bench/check.sh      SHELL_CHECKS=30 bench/check.sh      KUBECONFIG_FOR_BENCH=~/k.yaml bench/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${RUNS:-10}
shell_checks=${SHELL_CHECKS:-20}
lab=day2/rolling-updates exercise=rollout ns=kl-day2-rolling-updates
tmp=$(mktemp -d)
server=
kubelab=${KUBELAB:-./kubelab}
cleanup() {
  "$kubelab" --home "$home" serve --stop >/dev/null 2>&1 || true
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
home=$tmp/home
mkdir -p "$home"
[ -f runner/target/kubelab.jar ] || ./mvnw -q -B -DskipTests package
export KUBECACHEDIR=$tmp/kube-cache # kubectl's discovery cache: warm after the first run, as on a teacher's machine

if [ -n "${KUBECONFIG_FOR_BENCH:-}" ]; then
  kc=$KUBECONFIG_FOR_BENCH
  echo "API server: the cluster of $kc"
  if ! kubectl --kubeconfig "$kc" get namespace "$ns" >/dev/null 2>&1; then
    echo "skipped: no namespace $ns there; run 'kubelab --kubeconfig $kc start $lab' and solve exercise $exercise first"
    exit 0
  fi
  printf '{"version":1,"currentLab":"%s","currentExercise":"%s","labs":{"%s":{"exercises":{"%s":{"answers":{"revision-1-image":"%s"}}}}}}\n' \
    "$lab" "$exercise" "$lab" "$exercise" "${BUSYBOX_PREVIOUS:-docker.io/library/busybox:1.36.1}" >"$home/progress.json"
else
  echo "API server: STAND-IN, fabric8's mock server (KubernetesMockServer, CRUD) on loopback in its own JVM, not a real"
  echo "  kube-apiserver (no KUBECONFIG_FOR_BENCH): its own latency, not a real server's; no auth, admission or controllers"
  ./mvnw -q -B -o -pl runner -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test >&2
  kc=$tmp/kubeconfig
  java -cp "runner/target/test-classes:runner/target/classes:$(cat runner/target/bench-classpath.txt)" \
    dev.kubelab.runner.bench.MockApiServer "$kc" "$home" "$lab" "$exercise" >"$tmp/server.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do
    [ -f "$kc" ] && kubectl --kubeconfig "$kc" get namespace "$ns" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.5
  done
  [ -f "$kc" ] || { echo "the mock API server did not come up" >&2; cat "$tmp/server.log" >&2; exit 1; }
  sed -n 's/^fabric8 mock/  fabric8 mock/p' "$tmp/server.log"
fi
cp "$home/progress.json" "$tmp/progress.json"
restore() { cp "$tmp/progress.json" "$home/progress.json"; } # 'check' records its result: every run starts alike
k=(--home "$home" --kubeconfig "$kc")
java -version 2>&1 | head -1 | sed "s|^|launcher: $kubelab, java: |"
echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# once each before timing: kubelab keeps its course and class archive, kubectl its discovery; the
# first check runs in its own process and leaves the background server the timed ones talk to
restore; KUBELAB_SERVER=off "$kubelab" "${k[@]}" check >/dev/null 2>&1 || true
restore; "$kubelab" "${k[@]}" check >"$tmp/check.out" 2>&1 || true
bench/rollout-kubectl.sh "$kc" "$ns" >"$tmp/kubectl.out" 2>&1 || true
echo "kubelab check: $(grep -c '✔' "$tmp/check.out" || true) ✔, $(grep -c '✘' "$tmp/check.out" || true) ✘;" \
  "kubectl script: $(grep -c '^PASS' "$tmp/kubectl.out" || true) PASS, $(grep -c '^FAIL' "$tmp/kubectl.out" || true) FAIL"
pid=
for _ in $(seq 100); do
  pid=$("$kubelab" --home "$home" serve --status 2>/dev/null | sed -n 's/.*: pid \([0-9]*\),.*/\1/p' | head -1)
  [ -n "$pid" ] && break
  sleep 0.2
done
[ -n "$pid" ] && echo "background server: pid $pid" || echo "background server: none came up (see $home/servers/*.log)" >&2
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # user + system, in clock ticks

: >"$tmp/a"; : >"$tmp/b"; : >"$tmp/c"; : >"$tmp/e"
served_ticks=0
for _ in $(seq "$runs"); do
  restore; before=$(ticks "$pid"); once "$kubelab" "${k[@]}" check >>"$tmp/a"; after=$(ticks "$pid")
  served_ticks=$((served_ticks + after - before))
  restore; KUBELAB_SERVER=off once "$kubelab" "${k[@]}" check >>"$tmp/e"
  once bench/rollout-kubectl.sh "$kc" "$ns" >>"$tmp/b"
  restore; once sh -c 'echo quit | "$1" --home "$2" --kubeconfig "$3"' sh "$kubelab" "$home" "$kc" >>"$tmp/c"
done
server_ms=$(awk -v t="$served_ticks" -v n="$runs" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%d", t * 1000 / hz / n}')
echo "medians of $runs, interleaved:"
summary "kubelab check, served (one-shot, $lab $exercise)" <"$tmp/a"
echo "  + the server's CPU per check (mean):                      $server_ms ms CPU"
summary "kubelab check, own process (KUBELAB_SERVER=off)" <"$tmp/e"
summary "kubectl script (8 kubectl gets)" <"$tmp/b"
summary "shell start to prompt, then quit" <"$tmp/c"
ratio() { awk -v a="$(cut -d' ' -f"$2" "$tmp/$1" | median)" -v plus="${3:-0}" -v b="$(cut -d' ' -f"$2" "$tmp/b" | median)" \
  'BEGIN {printf "%.2f", (a + plus) / b}'; }
echo "ratio served check / kubectl script: $(ratio a 1) wall, $(ratio a 2 "$server_ms") CPU (client + server)" \
  "  (goal: <= 1.0, and check under 1000 ms)"
echo "ratio own-process check / kubectl script: $(ratio e 1) wall, $(ratio e 2) CPU"

# 'check' typed in the shell, one after another: stdin holds them all, so the time between two
# results is one check, parsing and rendering included; the first is left out (warm-up)
restore
{ for _ in $(seq $((shell_checks + 1))); do echo check; done; echo quit; } \
  | "$kubelab" "${k[@]}" 2>/dev/null \
  | perl -MTime::HiRes=time -ne '$|=1; printf "%.3f\n", time * 1000 if /Exercise passed|checks still failing/' >"$tmp/d"
awk 'NR > 1 {print int($1 - last + 0.5)} {last = $1}' "$tmp/d" | tail -n +2 >"$tmp/d.ms"
if [ -s "$tmp/d.ms" ]; then
  printf "%-52s %6s ms median (min %s, max %s, of %s)   (goal: < 50 ms)\n" "in-shell check" "$(median <"$tmp/d.ms")" \
    "$(sort -n "$tmp/d.ms" | head -1)" "$(sort -n "$tmp/d.ms" | tail -1)" "$(wc -l <"$tmp/d.ms")"
else
  echo "in-shell check: no results read from the shell" >&2
fi
