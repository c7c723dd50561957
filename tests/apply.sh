#!/usr/bin/env bash
# apply.sh - krender apply and reconcile against real targets (TAP): a
# directory, Git branches of repositories made here (read and written
# through libgit2 by krender-git; checked with the git CLI), and the user's
# commands (testdata/apply/fake-cluster.sh, a test double of a cluster).
# Expected results follow from the issue's contract and ArgoCD's sync order
# (argocd.md 4), never from krender's output.
set -u
krender=${KRENDER:-./krender}
krender=$(cd "$(dirname "$krender")" && pwd)/$(basename "$krender")
top=$(cd "${top_srcdir:-.}" && pwd)
fix=$top/testdata/apply
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-apply.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
git_q() { git -c init.defaultBranch=main "$@" >/dev/null 2>&1; }
wait_for() { # wait_for SECONDS COMMAND...: poll until COMMAND succeeds
	local i
	for ((i = 0; i < $1 * 20; i++)); do "${@:2}" >/dev/null 2>&1 && return 0; sleep 0.05; done
	return 1
}
echo "1..46"

# --- the source repository: main at v1, then v2 (one base file changed) ---
src=$tmp/src
mkdir -p "$src" && cp -R "$fix/repo/." "$src/"
git_q -C "$src" init && git_q -C "$src" add -A && git_q -C "$src" commit -m v1 && git_q -C "$src" tag v1
app=(--app "$fix/app.yaml" --repo "https://git.example/shop.git=$src")

# --- --to-dir ---
out=$tmp/out
"$krender" apply "${app[@]}" --to-dir "$out" >"$tmp/dry" 2>"$tmp/err"
rc=$?
check "dir: a dry run writes nothing" "rc $rc, or $out exists" test $rc = 0 -a ! -e "$out"
check "dir: the dry run lists the files" "$(head -c 300 "$tmp/dry")" grep -q "create shop/apps.Deployment/web.yaml" "$tmp/dry"
"$krender" apply "${app[@]}" --to-dir "$out" --yes >"$tmp/log" 2>&1
files=$(cd "$out" && find . -type f | sort | tr '\n' ' ')
want="./.krender-manifest ./shop/apps.Deployment/web.yaml ./shop/apps.Deployment/worker.yaml ./shop/core.ConfigMap/shop-config.yaml ./shop/core.Service/web.yaml "
check "dir: one file per object, <namespace>/<group>.<kind>/<name>.yaml" "got: $files" test "$files" = "$want"
"$krender" apply "$src/overlay" --to-dir "$tmp/plain" --yes >/dev/null 2>&1
mkdir -p "$tmp/docs" && awk -v d="$tmp/docs" '/^---$/ { n++; next } { print > (d "/" n+0) }' "$fix/overlay.expected.yaml"
docs=$(cat "$tmp"/docs/* 2>/dev/null | wc -c; md5sum "$tmp"/docs/* 2>/dev/null | cut -d' ' -f1 | sort | tr '\n' ' ')
files=$(find "$tmp/plain" -name '*.yaml' -exec cat {} + | wc -c; find "$tmp/plain" -name '*.yaml' -exec md5sum {} + | cut -d' ' -f1 | sort | tr '\n' ' ')
check "dir: each file holds one document exactly as kubectl kustomize prints it" "kubectl: $docs, files: $files" \
	test "$docs" = "$files" -a "$(ls "$tmp/docs" | wc -l)" = 4
grep -q "^metadata:" "$out/shop/core.Service/web.yaml" && grep -q "namespace: shop" "$out/shop/core.Service/web.yaml"
check "dir: the destination namespace is filled in" "no namespace" test $? = 0
hash=$(grep ' shop/core.Service/web.yaml$' "$out/.krender-manifest" | cut -c1-16)
check "dir: the manifest records each file's hash" "no entry" test ${#hash} = 16
ino=$(stat -c %i "$out")
"$krender" apply "${app[@]}" --to-dir "$out" --yes >"$tmp/log" 2>&1
check "dir: a second run changes nothing (same directory inode)" "$(cat "$tmp/log")" \
	test "$(stat -c %i "$out")" = "$ino" -a "$(grep -c 'nothing to do' "$tmp/log")" = 1
echo "tampered" >>"$out/shop/apps.Deployment/web.yaml"
"$krender" apply "${app[@]}" --to-dir "$out" --yes >"$tmp/log" 2>&1
check "dir: a hand-edited file is rewritten" "$(cat "$tmp/log")" sh -c "! grep -q tampered '$out/shop/apps.Deployment/web.yaml'"
check "dir: nothing is left beside the directory" "$(ls -a "$tmp")" sh -c "! ls -a '$tmp' | grep -q krender-"
mkdir -p "$tmp/foreign" && echo keep >"$tmp/foreign/notes.txt"
"$krender" apply "${app[@]}" --to-dir "$tmp/foreign" --yes >"$tmp/log" 2>&1
rc=$?
check "dir: a directory krender did not write is refused" "rc $rc: $(cat "$tmp/log")" \
	sh -c "test $rc = 1 && grep -q 'holds no .krender-manifest' '$tmp/log' && test -f '$tmp/foreign/notes.txt'"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ../../escape\n' >"$tmp/bad.yaml"
"$krender" apply "$tmp/bad.yaml" --to-dir "$tmp/badout" --yes >"$tmp/log" 2>&1
rc=$?
check "dir: a name that is not a file name is refused, nothing written" "rc $rc: $(cat "$tmp/log")" \
	sh -c "test $rc = 1 && grep -q 'cannot be written as a file' '$tmp/log' && test ! -e '$tmp/badout' && test ! -e '$tmp/escape.yaml'"

"$krender" apply "${app[@]}" --project "$fix/project-denies.yaml" --to-dir "$tmp/denied" --yes >"$tmp/log" 2>&1
rc=$?
check "project: a denied source applies nothing (exit 1, the rule named)" "rc $rc: $(cat "$tmp/log")" \
	sh -c "test $rc = 1 && grep -q 'AppProject .* denies it' '$tmp/log' && grep -q 'https://git.example/shop.git' '$tmp/log' && test ! -e '$tmp/denied'"

# --- --to-git ---
hyd=$tmp/hydrated
git_q init "$hyd" && echo readme >"$hyd/README" && git_q -C "$hyd" add README && git_q -C "$hyd" commit -m init
status_before=$(git -C "$hyd" status --porcelain; git -C "$hyd" rev-parse HEAD)
tgt=(--to-git "$hyd" --branch env/prod)
"$krender" apply "${app[@]}" "${tgt[@]}" >"$tmp/log" 2>&1
check "git: a dry run makes no branch" "$(cat "$tmp/log")" sh -c "! git -C '$hyd' rev-parse -q --verify env/prod"
"$krender" apply "${app[@]}" "${tgt[@]}" --yes >"$tmp/log" 2>&1
c1=$(git -C "$hyd" rev-parse env/prod 2>/dev/null)
check "git: the branch is created with the hydrated files" "$(cat "$tmp/log")" \
	test "$(git -C "$hyd" ls-tree -r --name-only env/prod | tr '\n' ' ')" = "${want//.\//}"
v1=$(git -C "$src" rev-parse v1)
check "git: the commit message records repository, revision and app" "$(git -C "$hyd" log -1 --format=%B env/prod)" \
	sh -c "git -C '$hyd' log -1 --format=%B env/prod | grep -q 'Revision: $v1' && git -C '$hyd' log -1 --format=%B env/prod | grep -q 'Source: https://git.example/shop.git' && git -C '$hyd' log -1 --format=%B env/prod | grep -q 'App: shop'"
check "git: the file bytes equal the directory target's" "differ" \
	sh -c "git -C '$hyd' show env/prod:shop/core.Service/web.yaml | cmp -s - '$out/shop/core.Service/web.yaml'"
check "git: the work tree, index and HEAD are untouched" "changed" \
	test "$(git -C "$hyd" status --porcelain; git -C "$hyd" rev-parse HEAD)" = "$status_before"
"$krender" apply "${app[@]}" "${tgt[@]}" --yes >"$tmp/log" 2>&1
check "git: nothing changed, no commit" "$(cat "$tmp/log")" test "$(git -C "$hyd" rev-parse env/prod)" = "$c1"
"$krender" apply "${app[@]}" --to-git "$hyd" --branch main --yes >"$tmp/log" 2>&1
rc=$?
check "git: the checked-out branch is refused" "rc $rc: $(cat "$tmp/log")" \
	sh -c "test $rc = 1 && grep -q 'is checked out' '$tmp/log'"
"$krender" apply "${app[@]}" --to-git "$hyd" --branch env/stage --path apps/shop --yes >"$tmp/log" 2>&1
check "git: --path puts the files under a directory" "$(cat "$tmp/log")" \
	sh -c "git -C '$hyd' ls-tree -r --name-only env/stage | grep -qx apps/shop/shop/core.Service/web.yaml"

# --- reconcile: a new revision in the source gives exactly one commit with the changed file ---
"$krender" reconcile "$fix/app.yaml" --repo "https://git.example/shop.git=$src" "${tgt[@]}" --interval 100ms \
	2>"$tmp/recon.log" &
pid=$!
wait_for 10 grep -q '"event":"in-sync"' "$tmp/recon.log"
sed -i 's|shop/worker:1.0|shop/worker:2.0|' "$src/base/worker.yaml"
git_q -C "$src" commit -am v2
v2=$(git -C "$src" rev-parse HEAD)
wait_for 10 grep -q "\"event\":\"synced\",\"revision\":\"$v2\"" "$tmp/recon.log"
c2=$(git -C "$hyd" rev-parse env/prod)
check "reconcile: the new revision is hydrated in one new commit" "$(cat "$tmp/recon.log")" \
	test "$(git -C "$hyd" rev-parse env/prod~1 2>/dev/null)" = "$c1"
check "reconcile: exactly the changed files change" "$(git -C "$hyd" diff --name-only "$c1" "$c2" | tr '\n' ' ')" \
	test "$(git -C "$hyd" diff --name-only "$c1" "$c2" | tr '\n' ' ')" = ".krender-manifest shop/apps.Deployment/worker.yaml "
sleep 0.4
check "reconcile: no commit while nothing changes" "$(git -C "$hyd" log --oneline env/prod | wc -l) commits" \
	test "$(git -C "$hyd" rev-parse env/prod)" = "$c2"
kill -TERM $pid
wait $pid
rc=$?
check "reconcile: SIGTERM stops the loop cleanly (exit 0, stop logged)" "rc $rc" \
	sh -c "test $rc = 0 && tail -n 1 '$tmp/recon.log' | grep -q '\"event\":\"stop\",\"reason\":\"signal\"'"
check "reconcile: logs are JSON lines" "$(grep -v '^{' "$tmp/recon.log" | head -n 3)" \
	sh -c "jq -e . '$tmp/recon.log' >/dev/null"

# --- reconcile --self-heal: a hand edit of the target is put back at the same revision ---
"$krender" reconcile "$fix/app.yaml" --repo "https://git.example/shop.git=$src" --to-dir "$tmp/heal" --self-heal \
	--interval 100ms 2>"$tmp/heal.log" &
pid=$!
wait_for 10 test -f "$tmp/heal/shop/core.Service/web.yaml"
sleep 0.3
echo "tampered: true" >>"$tmp/heal/shop/core.Service/web.yaml"
wait_for 10 grep -q '"event":"drift"' "$tmp/heal.log"
wait_for 5 sh -c "! grep -q tampered '$tmp/heal/shop/core.Service/web.yaml'"
check "reconcile --self-heal: drift is logged and the edit undone" "$(cat "$tmp/heal.log")" \
	sh -c "grep -q '\"event\":\"drift\"' '$tmp/heal.log' && ! grep -q tampered '$tmp/heal/shop/core.Service/web.yaml'"
kill -TERM $pid
wait $pid
"$krender" reconcile "$fix/app.yaml" --repo "https://git.example/shop.git=$src" --to-dir "$tmp/heal" --interval 100ms \
	--max-cycles 4 2>"$tmp/noheal.log" &
pid=$!
wait_for 10 grep -q '"event":"in-sync"' "$tmp/noheal.log"
echo "tampered: true" >>"$tmp/heal/shop/core.Service/web.yaml"
wait $pid
check "reconcile without --self-heal: a hand edit stays until the next revision" "edit undone" \
	grep -q tampered "$tmp/heal/shop/core.Service/web.yaml"

# --- rollback: --revision renders the older revision; the tree equals the first hydration's ---
"$krender" apply "${app[@]}" --revision v1 "${tgt[@]}" --yes >"$tmp/log" 2>&1
c3=$(git -C "$hyd" rev-parse env/prod)
check "rollback: one new commit whose tree is the v1 tree" "$(cat "$tmp/log")" \
	sh -c "test '$c3' != '$c2' && test \"\$(git -C '$hyd' rev-parse $c3^{tree})\" = \"\$(git -C '$hyd' rev-parse $c1^{tree})\""
check "rollback: the commit names the older revision" "$(git -C "$hyd" log -1 --format=%B env/prod)" \
	sh -c "git -C '$hyd' log -1 --format=%B env/prod | grep -q 'Revision: $v1'"

# --- --apply-cmd: waves in sync order, the first failure stops ---
state=$tmp/cluster
cmd=(--apply-cmd "$fix/fake-cluster.sh apply $state" --delete-cmd "$fix/fake-cluster.sh delete $state"
	--live "cmd:$fix/fake-cluster.sh get $state")
"$krender" apply "$fix/waves/desired.yaml" "${cmd[@]}" >"$tmp/log" 2>&1
rc=$?
check "cmd: a dry run prints the plan and runs nothing" "rc $rc: $(cat "$tmp/log")" \
	sh -c "test $rc = 0 && grep -q 'dry run: OutOfSync' '$tmp/log' && test ! -e '$state/calls'"
sync_waves() { # run the waves fixture with --yes: $rc and $calls (the cluster's call log, '|'-joined)
	"$krender" apply "$fix/waves/desired.yaml" "${cmd[@]}" --yes >"$tmp/log" 2>&1
	rc=$?
	calls=$(tr '\n' '|' <"$state/calls" 2>/dev/null)
}
sync_waves
check "cmd: one call per phase and wave, in sync order (Namespace with its first user)" "rc $rc, calls $calls" \
	test "$rc|$calls" = "0|apply PreSync 0 2|apply Sync -1 1|apply Sync 1 1|apply PostSync 0 1|"
check "cmd: every object reached the cluster, SyncFail hooks did not run" "$(ls "$state/objects" | tr '\n' ' ')" \
	test "$(ls "$state/objects" | tr '\n' ' ')" = "ConfigMap.config.yaml Deployment.web.yaml Job.migrate.yaml Job.smoke.yaml Namespace.shop.yaml "
: >"$state/calls"
sync_waves
check "cmd: hooks run again, their live copies deleted first (BeforeHookCreation)" "rc $rc, calls $calls" \
	test "$rc|$calls" = "0|delete PreSync 0 1|apply PreSync 0 2|apply Sync -1 1|apply Sync 1 1|delete PostSync 0 1|apply PostSync 0 1|"
rm -rf "$state" && mkdir -p "$state" && echo Sync/1 >"$state/fail"
sync_waves
check "cmd: a failing wave stops the run (exit 3), SyncFail hooks run" "rc $rc, calls $calls" \
	test "$rc|$calls" = "3|apply PreSync 0 2|apply Sync -1 1|apply Sync 1 1 failed|apply SyncFail 0 1|"
check "cmd: the failing wave changed nothing and later waves did not run" "$(ls "$state/objects" | tr '\n' ' ')" \
	test "$(ls "$state/objects" | tr '\n' ' ')" = "ConfigMap.config.yaml Job.cleanup.yaml Job.migrate.yaml Namespace.shop.yaml "
check "cmd: the report names the failing wave and the tasks not run" "$(cat "$tmp/log")" \
	sh -c "grep -q 'Sync wave 1: apply 1 object: failed (exit 1)' '$tmp/log' && grep -q 'failed: 3 tasks ran, 2 not run' '$tmp/log'"

# --- reconcile with a failing apply command: retried with backoff, then synced once it works ---
state=$tmp/cluster2
mkdir -p "$state" && echo any >"$state/fail"
cmd=(--apply-cmd "$fix/fake-cluster.sh apply $state" --live "cmd:$fix/fake-cluster.sh get $state")
"$krender" reconcile "$fix/app.yaml" --repo "https://git.example/shop.git=$src" "${cmd[@]}" --interval 100ms \
	2>"$tmp/recon2.log" &
pid=$!
wait_for 10 grep -q '"attempts":"2"' "$tmp/recon2.log"
check "reconcile: a failing apply leaves the target unchanged" "$(ls "$state/objects" 2>/dev/null)" \
	test -z "$(ls "$state/objects" 2>/dev/null)"
check "reconcile: retries back off as the app's retry says (100ms, then 200ms)" "$(grep sync-failed "$tmp/recon2.log" | head -n 2)" \
	sh -c "grep '\"attempts\":\"1\"' '$tmp/recon2.log' | grep -q '\"retry-in\":\"0.1s\"' && grep '\"attempts\":\"2\"' '$tmp/recon2.log' | grep -q '\"retry-in\":\"0.2s\"'"
rm -f "$state/fail"
wait_for 10 grep -q '"event":"synced"' "$tmp/recon2.log"
check "reconcile: the retry succeeds once the command works" "$(tail -n 3 "$tmp/recon2.log")" \
	test -f "$state/objects/Deployment.web.yaml"
check "reconcile: applied objects carry ArgoCD's tracking annotation" "$(head -c 400 "$state/objects/Deployment.web.yaml" 2>/dev/null)" \
	grep -q "argocd.argoproj.io/tracking-id: shop:apps/Deployment:shop/web" "$state/objects/Deployment.web.yaml"
kill -TERM $pid
wait $pid
rc=$?
check "reconcile: stops on SIGTERM after the retries" "rc $rc" test $rc = 0
"$krender" reconcile "$fix/app.yaml" --repo "https://git.example/shop.git=$src" --to-dir "$tmp/r3" --max-cycles 1 \
	2>"$tmp/recon3.log"
rc=$?
check "reconcile: --max-cycles 1 hydrates once and exits 0" "rc $rc: $(cat "$tmp/recon3.log")" \
	sh -c "test $rc = 0 && test -f '$tmp/r3/shop/apps.Deployment/worker.yaml'"

# --- the command lines: bad ones are usage errors (exit 2) that change nothing ---
"$krender" apply "$fix/waves/desired.yaml" --to-dir "$tmp/u1" --to-git "$hyd" --branch x --yes >"$tmp/log" 2>&1
rc=$?
check "apply: two targets is a usage error, nothing written" "rc $rc: $(head -c 300 "$tmp/log")" \
	sh -c "test $rc = 2 && grep -q 'exactly one target' '$tmp/log' && test ! -e '$tmp/u1'"
"$krender" apply "$fix/waves/desired.yaml" --apply-cmd true --yes >"$tmp/log" 2>&1
rc=$?
check "apply: --apply-cmd without --live is a usage error" "rc $rc" sh -c "test $rc = 2 && grep -q 'needs --live' '$tmp/log'"
"$krender" reconcile "$fix/app.yaml" --repo "https://git.example/shop.git=$src" --to-dir "$tmp/u2" --interval soon >"$tmp/log" 2>&1
rc=$?
check "reconcile: a bad --interval is a usage error, nothing written" "rc $rc: $(head -c 300 "$tmp/log")" \
	sh -c "test $rc = 2 && grep -q 'interval takes a duration' '$tmp/log' && test ! -e '$tmp/u2'"
"$krender" reconcile "$fix/app.yaml" --to-dir "$tmp/u3" --max-cycles 1 >"$tmp/log" 2>&1
rc=$?
check "reconcile: an unmapped repository is an error naming --repo (exit 1)" "rc $rc: $(head -c 300 "$tmp/log")" \
	sh -c "test $rc = 1 && grep -q 'pass --repo URL=PATH' '$tmp/log' && test ! -e '$tmp/u3'"
