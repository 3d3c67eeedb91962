# Shared by the bench scripts (sourced): medians, and one timed run of a command.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# one run: wall ms, CPU ms (user + system: steadier than wall time on a busy machine), peak RSS KiB
# (of the largest process it waited for); the command's output is dropped
once() {
  local t
  t=$(mktemp)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >/dev/null 2>&1 || true
    awk '{printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4}' "$t"
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
  rm -f "$t"
}
# rows of "wall cpu rss" on stdin: one line of medians and the highest peak RSS
summary() {
  local label=$1 rows
  rows=$(cat)
  printf "%-52s %6s ms wall %6s ms CPU %5s MiB peak RSS\n" "$label" \
    "$(cut -d' ' -f1 <<<"$rows" | median)" "$(cut -d' ' -f2 <<<"$rows" | median)" \
    "$(( $(cut -d' ' -f3 <<<"$rows" | sort -n | tail -1) / 1024 ))"
}
