#!/usr/bin/env bash
# apply-bench.sh - krender apply's two hydration targets on N objects
# (default 10,000 ConfigMaps and Deployments in 50 namespaces): the first
# write, a run where nothing changed, and a run where one object changed;
# to a directory (--to-dir) and to a Git branch of a fresh repository
# (--to-git). Runs on one core (taskset -c 1) and prints hyperfine's figures
# (or one `time` run). There is no kubectl counterpart (kustomize writes no
# hydrated tree): the figures are absolute. Usage: bench/apply-bench.sh [N] [KRENDER]
set -eu
n=${1:-10000}
krender=$(cd "$(dirname "${2:-./krender}")" && pwd)/$(basename "${2:-./krender}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-apply-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$n" "$tmp" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
def objs(changed):
    out = []
    for i in range(n):
        ns = "team-%d" % (i % 50)
        if i % 2:
            out.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-%d\n  namespace: %s\ndata:\n  key: value-%d\n  other: %s\n"
                       % (i, ns, i, "changed" if changed and i == 1 else "x" * 40))
        else:
            out.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\n  namespace: %s\n  labels:\n    app: app-%d\n"
                       "spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-%d\n  template:\n    metadata:\n      labels:\n"
                       "        app: app-%d\n    spec:\n      containers:\n      - name: main\n        image: registry.example.com/app-%d:1.0\n"
                       % (i, ns, i, i, i, i))
    return "---\n".join(out)
open(d + "/v1.yaml", "w").write(objs(False))
open(d + "/v2.yaml", "w").write(objs(True))
PY
git -c init.defaultBranch=main init -q "$tmp/repo" && git -C "$tmp/repo" -c user.name=b -c user.email=b@b commit -q --allow-empty -m init
run() { # run NAME PREPARE COMMAND
	echo "== $1"
	if command -v hyperfine >/dev/null; then
		hyperfine -N -w 1 -r 10 --prepare "sh -c '$2'" "taskset -c 1 $3" 2>&1 | grep -E 'Time|Range'
	else
		sh -c "$2" && time sh -c "taskset -c 1 $3 >/dev/null"
	fi
}
k=$krender
run "dir: first write of $n objects" "rm -rf $tmp/out" "$k apply $tmp/v1.yaml --to-dir $tmp/out --yes"
run "dir: nothing changed" "true" "$k apply $tmp/v1.yaml --to-dir $tmp/out --yes"
run "dir: one object changed" "$k apply $tmp/v1.yaml --to-dir $tmp/out --yes" "$k apply $tmp/v2.yaml --to-dir $tmp/out --yes"
run "git: first commit of $n objects" "git -C $tmp/repo branch -qD hyd 2>/dev/null || true" \
	"$k apply $tmp/v1.yaml --to-git $tmp/repo --branch hyd --yes"
run "git: nothing changed (no commit)" "true" "$k apply $tmp/v1.yaml --to-git $tmp/repo --branch hyd --yes"
c1=$(git -C "$tmp/repo" rev-parse hyd)
run "git: one object changed (one commit)" "git -C $tmp/repo update-ref refs/heads/hyd $c1" \
	"$k apply $tmp/v2.yaml --to-git $tmp/repo --branch hyd --yes"
