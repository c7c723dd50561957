#!/usr/bin/env bash
# preview.sh - krender preview between two revisions of a Git repository made
# here (testdata/preview: v1, then v2.sh's edits), read from Git objects (TAP).
# Which apps are reported and how follows from the edits (v2.sh).
set -u
krender=${KRENDER:-./krender}
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-preview.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
echo "1..17"
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
repo=$tmp/repo
mkdir -p "$repo" && cp -R "$top/testdata/preview/v1/." "$repo/"
(cd "$repo" && git -c init.defaultBranch=main init -q && git add -A && git commit -qm v1 && git tag v1 &&
	bash "$top/testdata/preview/v2.sh" && git add -A && git commit -qm v2 && git tag v2)
status_before=$(git -C "$repo" status --porcelain; git -C "$repo" rev-parse HEAD)
rm -rf "$repo/base" # the work tree is not read: the revisions come from Git objects
"$krender" preview --base v1 --head v2 --format json "$repo" >"$tmp/json" 2>"$tmp/err"
rc=$?
check "json: exit 0" "rc $rc: $(cat "$tmp/err")" test "$rc" = 0
apps=$(jq -r '.changed[] | "\(.path)=\(.status)"' "$tmp/json" 2>/dev/null | tr '\n' ' ')
check "exactly the affected apps, with their status" "got: $apps" \
	test "$apps" = "base=changed broken=failed overlays/dev=changed overlays/new=added overlays/prod=changed standalone=removed "
check "resource-level statuses" "$(jq -c '.changed[] | select(.path == "overlays/new" or .path == "standalone") | .resources' "$tmp/json")" \
	test "$(jq -c '[.changed[] | select(.path == "overlays/new" or .path == "standalone") | .resources[].status]' "$tmp/json")" = '["added","added","removed"]'
check "the failure names the missing file" "$(jq -r '.changed[] | select(.path == "broken") | .error' "$tmp/json")" \
	sh -c "jq -r '.changed[] | select(.path == \"broken\") | .error' '$tmp/json' | grep -q missing.yaml"
check "Secret values never appear (masked)" "$(grep -o 'hunter2[a-z-]*' "$tmp/json" | head -n 2)" \
	sh -c "! grep -q hunter2 '$tmp/json'"
check "the masked Secret still shows as changed" "$(jq -c '.changed[] | select(.path == "base") | .resources' "$tmp/json")" \
	sh -c "jq -e '.changed[] | select(.path == \"base\") | .resources | map(.key) | index(\"/Secret//db\") != null' '$tmp/json'"
check "the work tree was not read" "changed" test "$(git -C "$repo" rev-parse HEAD)" = "$(echo "$status_before" | tail -n 1)"
"$krender" preview --base v1 --head v2 "$repo" >"$tmp/text" 2>&1
check "text: a per-resource unified diff" "$(head -c 400 "$tmp/text")" \
	sh -c "grep -q '^-      - image: shop/web:1.0' '$tmp/text' && grep -q '^+      - image: shop/web:2.0' '$tmp/text'"
"$krender" preview --base v1 --head v2 --format markdown "$repo" >"$tmp/md" 2>&1
check "markdown: a summary table and one collapsible section per app" "$(head -c 400 "$tmp/md")" \
	sh -c "grep -q '^| \`overlays/prod\` | changed | 0 | 2 | 0 |$' '$tmp/md' && test \"\$(grep -c '^<details>' '$tmp/md')\" = 6"
"$krender" preview --base v1 --head v2 --format markdown --max-bytes 1000 "$repo" >"$tmp/md2" 2>&1
check "markdown: the size cap leaves diffs out with a note" "$(tail -n 3 "$tmp/md2")" \
	sh -c "test \$(wc -c <'$tmp/md2') -lt 1400 && grep -q 'left out to keep this comment under 1000 bytes' '$tmp/md2'"
"$krender" preview --base v1 --head v2 --format json --app "$top/testdata/preview/app-ignore-replicas.yaml" "$repo" >"$tmp/ign" 2>&1
check "ignoreDifferences: a replicas-only difference is not one" "$(jq -c '.changed[] | select(.path == "overlays/dev")' "$tmp/ign" | head -c 300)" \
	sh -c "! jq -r '.changed[] | select(.path == \"overlays/prod\") | .diff' '$tmp/ign' | grep -q replicas"
"$krender" preview --base v1 --head v1 "$repo" >"$tmp/same" 2>&1
check "the same revision twice: nothing differs" "$(head -n 2 "$tmp/same")" grep -q ": 0 apps differ (4 at head)" "$tmp/same"
"$krender" preview --base v1 --head nosuchrev "$repo" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "an unknown revision: exit 20, named" "rc $rc: $(cat "$tmp/err")" sh -c "test $rc = 20 && grep -q nosuchrev '$tmp/err'"
"$krender" preview --base v1 --head v2 --exit-code "$repo" >/dev/null 2>&1
rc=$?
check "--exit-code: 1 when apps differ" "rc $rc" test "$rc" = 1

# kustomizations nested in one another ("a" and "a/b": Git lists a/b's files first), unchanged: nothing differs
nest=$tmp/nest
mkdir -p "$nest/a/b"
printf 'resources:\n- cm.yaml\n' >"$nest/a/kustomization.yaml"
cp "$nest/a/kustomization.yaml" "$nest/a/b/kustomization.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' >"$nest/a/cm.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n' >"$nest/a/b/cm.yaml"
(cd "$nest" && git -c init.defaultBranch=main init -q && git add -A && git commit -qm one && echo notes >README &&
	git add -A && git commit -qm two)
"$krender" preview --base HEAD~1 --head HEAD "$nest" >"$tmp/nest.out" 2>&1
check "nested kustomizations that did not change are not reported" "$(head -n 3 "$tmp/nest.out")" \
	grep -q ": 0 apps differ (2 at head)" "$tmp/nest.out"
"$krender" preview --base v1 --head v2 --format yaml "$repo" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a bad --format is a usage error (exit 2), nothing printed" "rc $rc: $(cat "$tmp/err")" \
	sh -c "test $rc = 2 && test ! -s '$tmp/out' && grep -q 'text, markdown or json' '$tmp/err'"
"$krender" preview --head v2 "$repo" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--base is required (exit 2)" "rc $rc: $(cat "$tmp/err")" sh -c "test $rc = 2 && grep -q 'base and --head are required' '$tmp/err'"
