#!/usr/bin/env bash
# precommit.sh - krender's pre-commit hooks (.pre-commit-hooks.yaml) run by the
# real pre-commit (Debian package pre-commit) in a temporary Git repository:
# a synthetic monorepo (bench/gen-monorepo.py), its committed rendered output
# and AppProjects. Commits go through `git commit` with the hooks installed;
# a broken base, stale rendered output and a forbidden Application must each
# stop the commit and be named. (Speed is measured by bench/precommit-bench.sh.)
set -u
krender=${KRENDER:-./krender}
bindir=$(cd "$(dirname "$krender")" && pwd)
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "1..12"
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
if ! command -v pre-commit >/dev/null; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "not ok $i - pre-commit is needed (Debian package pre-commit)"; done
	exit 1
fi
export PATH="$bindir:$PATH" PRE_COMMIT_HOME="$tmp/pre-commit-home" HOME="$tmp"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
g() { git -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

# the hooks repository, as users reference krender's
hooks=$tmp/hooks
mkdir -p "$hooks" && cp "$top/.pre-commit-hooks.yaml" "$hooks/" && g init -q "$hooks" && g -C "$hooks" add -A &&
	g -C "$hooks" commit -qm hooks
rev=$(git -C "$hooks" rev-parse HEAD)

# the user's repository: 40 apps on 4 bases, rendered output, projects, one Application
repo=$tmp/repo
python3 "$top/bench/gen-monorepo.py" --apps 40 --bases 4 --envs 2 "$repo" >/dev/null
rm -f "$repo/apps.txt"
mkdir -p "$repo/projects" "$repo/argocd"
cat >"$repo/projects/shop.yaml" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: shop
  namespace: argocd
spec:
  sourceRepos: [https://git.example.com/platform.git]
  destinations: [{server: https://kubernetes.default.svc, namespace: 'shop-*'}]
YAML
app() { # app NAME REPO NAMESPACE: an Application of project shop
	printf 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: %s, namespace: argocd}\nspec:\n  project: shop\n  source: {repoURL: %s, path: apps/app-0000/dev}\n  destination: {server: https://kubernetes.default.svc, namespace: %s}\n' "$1" "$2" "$3"
}
app web https://git.example.com/platform.git shop-web >"$repo/argocd/web.yaml"
cat >"$repo/.pre-commit-config.yaml" <<YAML
repos:
- repo: $hooks
  rev: $rev
  hooks:
  - id: krender-build
    exclude: ^rendered/
  - id: krender-hydrated
    args: [--out, rendered]
  - id: krender-project
    args: [--projects, projects]
    files: ^argocd/
YAML
krender batch "$repo" -o "$repo/rendered" -q >/dev/null 2>&1
(cd "$repo" && g init -q && g add -A && pre-commit install >/dev/null 2>&1)
commit() { # commit MESSAGE: git commit with the hooks; output in $tmp/out, status in $rc
	(cd "$repo" && g add -A && g commit -qm "$1" >"$tmp/out" 2>&1)
	rc=$?
}
commit initial
check "a clean tree commits (all three hooks pass)" "rc $rc: $(tail -n 5 "$tmp/out")" test "$rc" = 0
check "the hooks ran through pre-commit" "$(head -c 400 "$tmp/out")" grep -q "krender build" "$tmp/out"
head=$(git -C "$repo" rev-parse HEAD)

# a broken base stops the commit and names the file and the overlays that read it
printf '  broken: [\n' >>"$repo/bases/svc001/deployment.yaml"
commit "break a base"
check "a base that does not render stops the commit" "rc $rc" test "$rc" != 0 -a "$(git -C "$repo" rev-parse HEAD)" = "$head"
check "the error names the file, line and an overlay that reads it" "$(grep krender: "$tmp/out" | head -n 3)" \
	sh -c "grep -q 'bases/svc001/deployment.yaml:[0-9]*:[0-9]*:' '$tmp/out' && grep -q 'apps/app-[0-9]*/[a-z]*: bases/svc001' '$tmp/out'"
(cd "$repo" && git checkout -q HEAD -- bases/svc001/deployment.yaml)

# a change that renders but was not re-rendered: the hydrated hook names the stale file
sed -i 's/replicas: [0-9]*/replicas: 7/' "$repo/bases/svc002/deployment.yaml"
commit "change a base, forget to re-render"
check "stale rendered output stops the commit" "rc $rc: $(tail -n 5 "$tmp/out")" \
	sh -c "test $rc != 0 && grep -q 'rendered/bases/svc002.yaml: stale' '$tmp/out'"
krender batch "$repo" -o "$repo/rendered" -q >/dev/null 2>&1
commit "change a base, re-rendered"
check "re-rendered, the commit goes through" "rc $rc: $(tail -n 5 "$tmp/out")" test "$rc" = 0

# an Application the project forbids
app rogue https://github.com/someone/else.git shop-rogue >"$repo/argocd/rogue.yaml"
commit "add a rogue app"
check "an Application its AppProject denies stops the commit" "rc $rc: $(tail -n 5 "$tmp/out")" test "$rc" != 0
check "the violation names the repository and the rule" "$(grep -A3 rogue "$tmp/out" | head -n 6)" \
	grep -q "someone/else.git" "$tmp/out"
app rogue https://git.example.com/platform.git shop-rogue >"$repo/argocd/rogue.yaml"
commit "fix the rogue app"
check "a permitted Application commits" "rc $rc: $(tail -n 5 "$tmp/out")" test "$rc" = 0

# an untouched broken kustomization does not block unrelated commits
mkdir -p "$repo/broken" && printf 'resources: [missing.yaml]\n' >"$repo/broken/kustomization.yaml"
(cd "$repo" && g add -A && g commit -qm "broken, committed past the hooks" --no-verify)
echo "# docs" >"$repo/README.md"
krender batch "$repo" -o "$repo/rendered" -q >/dev/null 2>&1
(cd "$repo" && g add -A)
(cd "$repo" && pre-commit run krender-build >"$tmp/out" 2>&1)
rc=$?
check "krender-build checks only what the staged files touch" "rc $rc: $(tail -n 3 "$tmp/out")" test "$rc" = 0
(cd "$repo" && krender precommit hydrated >"$tmp/out" 2>&1)
rc=$?
check "precommit hydrated without --out is a usage error (exit 2)" "rc $rc: $(cat "$tmp/out")" \
	sh -c "test $rc = 2 && grep -q 'hydrated needs --out DIR' '$tmp/out'"
(cd "$repo" && krender precommit frobnicate >"$tmp/out" 2>&1)
rc=$?
check "an unknown precommit check is a usage error (exit 2)" "rc $rc: $(cat "$tmp/out")" test "$rc" = 2
