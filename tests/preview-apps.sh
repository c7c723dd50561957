#!/usr/bin/env bash
# preview-apps.sh - krender preview of Applications and ApplicationSets
# between two revisions of a Git repository made here (testdata/preview-apps:
# v1, then v2.sh's edits), with a second repository an Application reads at
# its own targetRevision (TAP). What is reported follows from the edits.
set -u
krender=${KRENDER:-./krender}
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-preview-apps.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
echo "1..18"
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
fixtures=$top/testdata/preview-apps
repo=$tmp/repo other=$tmp/other
mkdir -p "$repo" "$other" && cp -R "$fixtures/v1/." "$repo/" && cp -R "$fixtures/other/." "$other/"
(cd "$other" && git -c init.defaultBranch=main init -q && git add -A && git commit -qm other)
(cd "$repo" && git -c init.defaultBranch=main init -q && git add -A && git commit -qm v1 && git tag v1 &&
	bash "$fixtures/v2.sh" && git add -A && git commit -qm v2 && git tag v2)
map=(--repo "https://git.example/other.git=$other")

"$krender" preview --base v1 --head v2 --format json --repo-url https://git.example/platform.git "${map[@]}" "$repo" \
	>"$tmp/json" 2>"$tmp/err"
rc=$?
check "json: exit 0" "rc $rc: $(cat "$tmp/err")" test "$rc" = 0
apps=$(jq -r '.changed[] | select(.kind) | "\(.kind) \(.name)=\(.status)"' "$tmp/json" 2>/dev/null | tr '\n' ',')
check "exactly the affected Applications and the failing ApplicationSet" "got: $apps" test "$apps" = \
	"Application broken=failed,Application shop=changed,Application team-b=removed,Application team-c=added,Application tuned=changed,Application tuned-ns=changed,Application web=changed,ApplicationSet bad=failed,"
dirs=$(jq -r '.changed[] | select(.kind == null) | "\(.path)=\(.status)"' "$tmp/json" 2>/dev/null | tr '\n' ',')
check "kustomization directories are reported too (common, services/shop)" "got: $dirs" \
	test "$dirs" = "common=changed,services/shop=changed,"
check "shop: a kustomize source whose base changed shows the change in its namespace" \
	"$(jq -c '.changed[] | select(.name == "shop") | .resources' "$tmp/json")" \
	test "$(jq -c '[.changed[] | select(.name == "shop") | .resources[] | .key, .status]' "$tmp/json")" = '["/ConfigMap/shop/shop-common","changed"]'
check "tuned: a new .argocd-source.yaml changes the app, not its kustomization" \
	"$(jq -c '.changed[] | select(.name == "tuned") | .resources' "$tmp/json")" \
	test "$(jq -c '[.changed[] | select(.name == "tuned") | .resources[] | .key, .status]' "$tmp/json")" = \
	'["/ConfigMap/shop/tuned","removed","/ConfigMap/shop/v2-tuned","added"]'
web=$(jq -r '.changed[] | select(.name == "web") | .diff' "$tmp/json")
check "tuned-ns: an app outside ArgoCD's namespace takes .argocd-source-<namespace>_<name>.yaml" \
	"$(jq -c '.changed[] | select(.name == "tuned-ns") | .resources' "$tmp/json")" \
	test "$(jq -c '[.changed[] | select(.name == "tuned-ns") | .resources[] | .key, .status]' "$tmp/json")" = \
	'["/ConfigMap/shop/tuned-ns","removed","/ConfigMap/shop/v2-tuned-ns","added"]'
check "web: the base revision read at its commit although targetRevision is main (the pin)" "$web" \
	sh -c "printf '%s' \"\$1\" | grep -q '^-      - image: shop/web:1.0' && printf '%s' \"\$1\" | grep -q '^+      - image: shop/web:2.0'" _ "$web"
check "web: its own ignoreDifferences hides the replicas" "$web" sh -c "! printf '%s' \"\$1\" | grep -q replicas" _ "$web"
check "team-c: its ConfigMap in the destination namespace" "$(jq -c '.changed[] | select(.name == "team-c") | .resources' "$tmp/json")" \
	test "$(jq -c '.changed[] | select(.name == "team-c") | [.path, (.resources[] | .key, .status)]' "$tmp/json")" = \
	'["appsets/teams.yaml","/ConfigMap/c/team-c","added"]'
check "broken: the error names the file, the app and the missing path" "$(jq -r '.changed[] | select(.name == "broken") | .error' "$tmp/json")" \
	sh -c "jq -r '.changed[] | select(.name == \"broken\") | .error' '$tmp/json' | grep -q 'apps/broken.yaml: Application broken: spec.source: .*services/gone'"
check "bad: the ApplicationSet's error names the unmapped repository" "$(jq -r '.changed[] | select(.name == "bad") | .error' "$tmp/json")" \
	sh -c "jq -r '.changed[] | select(.name == \"bad\") | .error' '$tmp/json' | grep -q 'ApplicationSet bad: .*unknown.git'"

# the repository's URL from its remote origin, normalised as ArgoCD does (case, ".git")
git -C "$repo" remote add origin https://git.example/Platform
"$krender" preview --base v1 --head v2 --format json "${map[@]}" "$repo" >"$tmp/origin" 2>&1
check "no --repo-url: the remote origin names the repository" "$(head -c 300 "$tmp/origin")" \
	test "$(jq -c '[.changed[] | .name, .status, .diff]' "$tmp/origin")" = "$(jq -c '[.changed[] | .name, .status, .diff]' "$tmp/json")"
"$krender" preview --base v1 --head v1 "${map[@]}" "$repo" >"$tmp/same" 2>&1
check "the same revision twice: nothing differs (8 Applications, 5 kustomizations at head)" "$(head -n 2 "$tmp/same")" \
	grep -q ": 0 apps differ (13 at head)" "$tmp/same"
"$krender" preview --base v1 --head v2 --format markdown "${map[@]}" "$repo" >"$tmp/md" 2>&1
check "markdown: an Application is named by kind, name and file" "$(head -c 600 "$tmp/md")" \
	grep -q '^| `Application web (apps/web.yaml)` | changed | 0 | 1 | 0 |$' "$tmp/md"

# without --repo the other repository cannot be read: an untouched app reading it is not rendered at all,
# a changed one fails naming --repo; without an origin the hint names --repo-url
"$krender" preview --base v1 --head v2 --format json "$repo" >"$tmp/nomap" 2>&1
check "an unmapped repository, its app untouched: not rendered, not reported" "$(head -c 400 "$tmp/nomap")" \
	test "$(jq '[.changed[] | select(.name == "ext")] | length' "$tmp/nomap")" = 0
(cd "$repo" && sed -i 's|namespace: ext|namespace: ext2|' apps/ext.yaml && git commit -qam v3 && git tag v3)
"$krender" preview --base v2 --head v3 --format json "$repo" >"$tmp/nomap" 2>&1
check "an unmapped repository, its app changed: the app fails, the error names --repo" "$(head -c 400 "$tmp/nomap")" \
	sh -c "jq -r '.changed[] | select(.name == \"ext\") | .error' '$tmp/nomap' | grep -q 'pass --repo https://git.example/other.git=PATH'"
git -C "$repo" remote remove origin
"$krender" preview --base v1 --head v1 --format json "${map[@]}" "$repo" >"$tmp/noorigin" 2>&1
check "no origin and no --repo-url: the error says --repo-url" "$(head -c 400 "$tmp/noorigin")" \
	sh -c "jq -r '.changed[] | select(.name == \"web\") | .error' '$tmp/noorigin' | grep -q -- '--repo-url'"
"$krender" preview --base v1 --head v2 --repo https://git.example/other.git "$repo" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--repo without =PATH is a usage error (exit 2), nothing printed" "rc $rc: $(cat "$tmp/err")" \
	sh -c "test $rc = 2 && test ! -s '$tmp/out' && grep -q 'wants URL=PATH' '$tmp/err'"
