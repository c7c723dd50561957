#!/usr/bin/env bash
# preview-bench.sh - `krender preview` on a synthetic 1,000-app monorepo
# (bench/gen-monorepo.py: 1,000 overlays on 20 bases, 4 environments) where
# one base changed (a container's environment variable), in a packed repository
# (as a clone is) and with loose objects (as right after local commits), and
# with an ApplicationSet making one Application per overlay (git directories
# generator: 1,000 kustomizations and 1,000 Applications).
# Checks that exactly the affected apps are reported: the entries whose
# `krender batch` output differs between two checkouts (an independent path:
# disk, worker threads, no Git objects), and the Applications of those
# overlays. Issue 10 asks < 2 s on 2 cores.
# Usage: bench/preview-bench.sh [APPS] [KRENDER]
set -eu
apps=${1:-1000}
krender=$(cd "$(dirname "${2:-./krender}")" && pwd)/$(basename "${2:-./krender}")
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-preview-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@b
python3 "$top/bench/gen-monorepo.py" --apps "$apps" --bases 20 --envs 4 "$tmp/repo" >/dev/null
cd "$tmp/repo"
git -c init.defaultBranch=main init -q && git add -A && git commit -qm base
grep -q 'name: VAR_0' bases/svc003/deployment.yaml || { echo "the generator changed: pick another field"; exit 1; }
sed -i '/name: VAR_0/{n;s/value: .*/value: "changed"/}' bases/svc003/deployment.yaml
git commit -qam head
# the oracle: krender batch over two checkouts
git worktree add -q "$tmp/base" HEAD~1 && git worktree add -q "$tmp/head" HEAD
"$krender" batch "$tmp/base" -o "$tmp/out-base" -q 2>/dev/null
"$krender" batch "$tmp/head" -o "$tmp/out-head" -q 2>/dev/null
expected=$(diff -rq "$tmp/out-base" "$tmp/out-head" | sed -n "s|^Files $tmp/out-base/\(.*\)\.yaml and .*|\1|p" | sort)
got=$("$krender" preview --base HEAD~1 --head HEAD --format json . | jq -r '.changed[].path' | sort)
echo "affected apps: $(echo "$expected" | wc -l) expected (batch over two checkouts), $(echo "$got" | wc -l) reported"
if [ "$expected" = "$got" ]; then echo "exactly the affected apps: yes"; else echo "exactly the affected apps: NO"; diff <(echo "$expected") <(echo "$got") | head; fi
# the same with an ApplicationSet over every overlay, added to both revisions
cat >"$tmp/all.yaml" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: all
spec:
  generators:
  - git:
      repoURL: https://git.example/mono.git
      revision: HEAD
      directories:
      - path: apps/*/*
  template:
    metadata:
      name: '{{path[1]}}-{{path.basename}}'
    spec:
      project: default
      source:
        repoURL: https://git.example/mono.git
        targetRevision: HEAD
        path: '{{path}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{path[1]}}'
YAML
for side in base:HEAD~1 head:main; do
	git checkout -q -b "appset-${side%%:*}" "${side#*:}"
	mkdir -p argocd && cp "$tmp/all.yaml" argocd/ && git add argocd && git commit -qm "ApplicationSet"
	git checkout -q main
done
want_apps=$(echo "$expected" | sed -n 's|^apps/\([^/]*\)/\([^/]*\)$|\1-\2|p' | sort)
got_apps=$("$krender" preview --base appset-base --head appset-head --repo-url https://git.example/mono.git --format json . |
	jq -r '.changed[] | select(.kind) | .name' | sort)
echo "with the ApplicationSet: $(echo "$want_apps" | wc -l) Applications expected, $(echo "$got_apps" | wc -l) reported"
if [ "$want_apps" = "$got_apps" ]; then echo "exactly the affected Applications: yes"; else echo "exactly the affected Applications: NO"; fi
echo "== loose objects"
hyperfine -N -w 1 -r 10 "$krender preview --base HEAD~1 --head HEAD ." 2>&1 | grep -E 'Time|Range'
git gc -q
echo "== packed"
hyperfine -N -w 1 -r 10 "$krender preview --base HEAD~1 --head HEAD ." 2>&1 | grep -E 'Time|Range'
hyperfine -N -w 1 -r 10 "$krender preview --base HEAD~1 --head HEAD --format markdown ." 2>&1 | grep -E 'Time|Range'
echo "== packed, 1,000 kustomizations and the ApplicationSet's 1,000 Applications"
hyperfine -N -w 1 -r 10 "$krender preview --base appset-base --head appset-head --repo-url https://git.example/mono.git ." 2>&1 | grep -E 'Time|Range'
