#!/usr/bin/env bash
# precommit-bench.sh - the pre-commit checks on a 1,000-app monorepo
# (bench/gen-monorepo.py: 1,000 overlays on 20 bases) for a typical commit
# that changes one base file: `krender precommit build FILE` (the overlays
# that read it), `krender precommit hydrated --out rendered` (everything
# rendered and compared) and `krender precommit project` on one
# Application (the first two fail on purpose: a stale tree). Issue 10 asks
# < 1 s for a typical commit. Prints hyperfine's figures (2 cores).
# Usage: bench/precommit-bench.sh [APPS] [KRENDER]
set -eu
apps=${1:-1000}
krender=$(cd "$(dirname "${2:-./krender}")" && pwd)/$(basename "${2:-./krender}")
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-precommit-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$top/bench/gen-monorepo.py" --apps "$apps" --bases 20 --envs 4 "$tmp/mono" >/dev/null
cd "$tmp/mono"
"$krender" batch . -o rendered -q 2>/dev/null
mkdir -p projects
printf 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: default}\nspec:\n  sourceRepos: ["*"]\n  destinations: [{server: "*", namespace: "*"}]\n' >projects/default.yaml
printf 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n  project: default\n  source: {repoURL: https://x/y.git, path: apps/app-0000/dev}\n  destination: {server: https://kubernetes.default.svc, namespace: web}\n' >app.yaml
sed -i 's/replicas: [0-9]*/replicas: 5/' bases/svc001/deployment.yaml
hyperfine -N -i -w 2 -r 20 \
	"$krender precommit build bases/svc001/deployment.yaml" \
	"$krender precommit hydrated --out rendered" \
	"$krender precommit project --projects projects app.yaml" 2>&1 | grep -E 'Benchmark|Time|Range' || true
