#!/usr/bin/env bash
# appset-bench.sh - krender appset on the two shapes issue 8 sets targets
# for: a git files generator over a repository of N files (default 5,000;
# config.json in N directories, committed to a fresh Git repository) and a
# matrix of two list generators producing M applications (default 10,000),
# each in the default (fasttemplate) and the goTemplate mode. Runs on one
# core (taskset -c 1) and prints hyperfine's figures (or one `time` run).
# Usage: bench/appset-bench.sh [N] [M] [KRENDER]
set -eu
n=${1:-5000}
m=${2:-10000}
krender=${3:-./krender}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-appset-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$n" "$m" "$tmp" <<'PY'
import math, os, sys
n, m, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for i in range(n):
    os.makedirs(f"{d}/repo/apps/team-{i % 40}/app-{i}", exist_ok=True)
    with open(f"{d}/repo/apps/team-{i % 40}/app-{i}/config.json", "w") as f:
        f.write('{"app": {"name": "app-%d", "team": "team-%d", "replicas": %d}, "image": "registry.example.com/app-%d:1.%d", '
                '"env": "prod", "labels": {"tier": "t%d"}}\n' % (i, i % 40, 1 + i % 5, i, i % 7, i % 3))
HEAD = "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: %s, namespace: argocd}\nspec:\n"
GIT = """  generators:
  - git:
      repoURL: https://example.com/platform.git
      revision: HEAD
      files: [{path: 'apps/*/config.json'}]
"""
a = int(math.sqrt(m)); b = (m + a - 1) // a
def lists():
    s = "  generators:\n  - matrix:\n      generators:\n      - list:\n          elements:\n"
    s += "".join("          - {cluster: c%d, url: 'https://10.0.%d.%d'}\n" % (i, i // 250, i % 250) for i in range(a))
    s += "      - list:\n          elements:\n"
    s += "".join("          - {app: a%d, path: 'apps/a%d'}\n" % (j, j) for j in range(b))
    return s
def tmpl(go):
    v = (lambda k: "{{.%s}}" % k) if go else (lambda k: "{{%s}}" % k)
    return lambda *ks: [v(k) for k in ks]
for go in (False, True):
    mode = "go" if go else "fast"
    g = "  goTemplate: true\n" if go else ""
    v = (lambda k: "{{.%s}}" % k) if go else (lambda k: "{{%s}}" % k)
    with open(f"{d}/git-{mode}.yaml", "w") as f:
        f.write(HEAD % "files" + g + GIT + f"""  template:
    metadata:
      name: '{v('app.name')}'
      labels: {{team: '{v('app.team')}', tier: '{v('labels.tier')}'}}
    spec:
      project: '{v('app.team')}'
      source: {{repoURL: https://example.com/platform.git, targetRevision: HEAD, path: '{v('path.path')}'}}
      destination: {{server: https://kubernetes.default.svc, namespace: '{v('app.team')}-{v('env')}'}}
""")
    with open(f"{d}/matrix-{mode}.yaml", "w") as f:
        f.write(HEAD % "matrix" + g + lists() + f"""  template:
    metadata:
      name: '{v('app')}-{v('cluster')}'
      labels: {{cluster: '{v('cluster')}', app: '{v('app')}'}}
    spec:
      project: default
      source: {{repoURL: https://example.com/platform.git, targetRevision: HEAD, path: '{v('path')}'}}
      destination: {{server: '{v('url')}', namespace: '{v('app')}'}}
""")
PY
(cd "$tmp/repo" && git init -q && git add -A && git -c user.name=b -c user.email=b@b.invalid commit -qm bench)
repo="--repo https://example.com/platform.git=$tmp/repo"
pin=""
if command -v taskset >/dev/null; then pin="taskset -c 1"; fi
for shape in git matrix; do
	for mode in fast go; do
		cmd="$pin $krender appset $tmp/$shape-$mode.yaml $repo -o json"
		count=$($cmd | grep -c '"kind":"Application"')
		echo "$shape, $mode mode: $count applications"
		if command -v hyperfine >/dev/null; then
			hyperfine -N -w 1 -r "${RUNS:-10}" --export-json "$tmp/h.json" "$cmd" >/dev/null
			jq -r '.results[0] | "  one core: min \(.min * 1000 | floor) ms, median \(.median * 1000 | floor) ms, mean \(.mean * 1000 | floor) ms over \(.times | length) runs"' "$tmp/h.json"
		else
			time $cmd >/dev/null
		fi
	done
done
