#!/usr/bin/env bash
# What a teacher's script would do to grade day2/rolling-updates, exercise rollout: one kubectl call
# per check of the exercise, reading what kubelab's checks read, each compared in the shell.
# bench/check.sh times it beside 'kubelab check'.   usage: rollout-kubectl.sh KUBECONFIG NAMESPACE
set -uo pipefail
k() { kubectl --kubeconfig "$1" -n "$2" get "${@:3}"; }
kc=$1 ns=$2
image=${BUSYBOX:-docker.io/library/busybox:1.37.0}
previous=${BUSYBOX_PREVIOUS:-docker.io/library/busybox:1.36.1}
failed=0
check() { if [ "$2" = true ]; then echo "PASS $1"; else echo "FAIL $1"; failed=1; fi; }
is() { [ "$1" = "$2" ] && echo true || echo false; }

v=$(k "$kc" "$ns" deployment shop -o jsonpath='{.spec.template.spec.containers[?(@.name=="shop")].image}')
check new-image "$(is "$v" "$image")"
v=$(k "$kc" "$ns" deployment shop -o jsonpath='{.spec.strategy.rollingUpdate.maxUnavailable}')
check max-unavailable "$([[ $v =~ ^0%?$ ]] && echo true || echo false)"
v=$(k "$kc" "$ns" deployment shop -o jsonpath='{.spec.strategy.rollingUpdate.maxSurge}')
check max-surge "$(is "$v" 1)"
v=$(k "$kc" "$ns" deployment shop -o jsonpath='{.metadata.annotations.kubernetes\.io/change-cause}')
check change-cause "$([[ $v == *1.37* ]] && echo true || echo false)"
v=$(k "$kc" "$ns" deployment shop -o jsonpath='{.status.conditions[?(@.type=="Progressing")].reason}')
check rolled-out "$(is "$v" NewReplicaSetAvailable)"
v=$(k "$kc" "$ns" pods -l app=shop -o jsonpath='{range .items[*]}{.spec.containers[?(@.name=="shop")].image}{"\n"}{end}')
check all-new "$([ -n "$v" ] && [ -z "$(grep -vxF "$image" <<<"$v")" ] && echo true || echo false)"
v=$(k "$kc" "$ns" replicasets -l app=shop -o name | wc -l)
check history "$([ "$v" -ge 2 ] && echo true || echo false)"
v=$(k "$kc" "$ns" replicasets -l app=shop \
  -o jsonpath='{.items[?(@.metadata.annotations.deployment\.kubernetes\.io/revision=="1")].spec.template.spec.containers[0].image}')
check revision-1-image "$(is "$v" "$previous")"
exit $failed
