#!/bin/sh
# batch.sh - `krender batch` on the small monorepo testdata/batch/mono (TAP).
# testdata/batch/expected/<entry>.yaml is kubectl's output for every entry
# that kubectl builds, <entry>.err marks the ones it refuses; remake them
# with `tests/batch.sh --regen`. Checked: every output byte-identical, a
# failing entry reported without stopping the others (exit 1), reports,
# stale outputs removed (and only those), shards that partition the entries.
set -u
top=$(cd "${top_srcdir:-.}" && pwd)
krender=$(cd "$(dirname "${KRENDER:-./krender}")" && pwd)/$(basename "${KRENDER:-./krender}")
mono="$top/testdata/batch/mono"
exp="$top/testdata/batch/expected"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-batch-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
entries=$(cd "$mono" && find . -name kustomization.yaml | sed 's,^\./,,; s,/kustomization.yaml$,,' | sort)
if [ "${1:-}" = "--regen" ]; then
	rm -rf "$exp"
	for e in $entries; do
		mkdir -p "$exp/$(dirname "$e")"
		if kubectl kustomize "$mono/$e" >"$tmp/out" 2>/dev/null; then cp "$tmp/out" "$exp/$e.yaml"
		else : >"$exp/$e.err"; fi
	done
	exit 0
fi
n=0
check() { # check NAME CONDITION-RESULT DETAIL
	n=$((n + 1))
	if [ "$2" = 0 ]; then echo "ok $n - batch: $1"; else echo "not ok $n - batch: $1"; echo "# $3"; fi
}
echo "1..17"

"$krender" batch "$mono" -o "$tmp/out" -j 2 --report json --report-file "$tmp/report.json" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
why=""
for e in $entries; do
	if [ -f "$exp/$e.yaml" ]; then
		cmp -s "$exp/$e.yaml" "$tmp/out/$e.yaml" || why="$why $e"
	elif [ -f "$tmp/out/$e.yaml" ]; then why="$why $e(should fail)"; fi
done
check "every output byte-identical to kubectl" "$([ -z "$why" ] && echo 0 || echo 1)" "differ:$why"
check "a failing entry gives exit 1 and a FAILED line" \
	"$([ $rc = 1 ] && grep -q '^FAILED apps/broken: ' "$tmp/stderr" && echo 0 || echo 1)" "rc=$rc $(head -c 300 "$tmp/stderr")"
check "json report counts" \
	"$(grep -q '"entries": 6, "ok": 5, "failed": 1' "$tmp/report.json" && grep -q '"entry": "apps/broken", "status": "failed"' "$tmp/report.json" && echo 0 || echo 1)" \
	"$(head -c 300 "$tmp/report.json")"

# stale outputs: an entry that disappears loses its output; other files stay
cp -r "$mono" "$tmp/mono2"
rm -rf "$tmp/mono2/apps/blog"
echo keep >"$tmp/out/notes.yaml"
"$krender" batch "$tmp/mono2" -o "$tmp/out" -q 2>/dev/null
check "stale output removed, foreign file kept" \
	"$([ ! -e "$tmp/out/apps/blog/prod.yaml" ] && [ -f "$tmp/out/notes.yaml" ] && [ -f "$tmp/out/apps/shop/dev.yaml" ] && echo 0 || echo 1)" \
	"$(cd "$tmp/out" && find . -type f | tr '\n' ' ')"

# explicit entries, all good: exit 0, and no output directory needed
"$krender" batch "$mono" apps/shop/dev apps/shop/prod -q >/dev/null 2>"$tmp/stderr"
check "explicit entries, all rendered: exit 0" "$?" "$(head -c 300 "$tmp/stderr")"
printf 'apps/blog/prod\n# a comment\nbases/web\n' >"$tmp/list"
"$krender" batch "$mono" --from "$tmp/list" --report json -q >"$tmp/r2" 2>/dev/null
check "--from reads the entry list" \
	"$(grep -q '"entries": 2, "ok": 2' "$tmp/r2" && echo 0 || echo 1)" "$(head -c 200 "$tmp/r2")"

# shards partition the entries
"$krender" batch "$mono" --shard 1/2 --report json -q >"$tmp/s1" 2>/dev/null
"$krender" batch "$mono" --shard 2/2 --report json -q >"$tmp/s2" 2>/dev/null
grep -o '"entry": "[^"]*"' "$tmp/s1" "$tmp/s2" | sed 's/.*"entry": //' | sort >"$tmp/union"
grep -o '"entry": "[^"]*"' "$tmp/report.json" | sed 's/.*"entry": //' | sort >"$tmp/all"
check "shards 1/2 and 2/2 partition the entries" "$(cmp -s "$tmp/union" "$tmp/all" && echo 0 || echo 1)" \
	"$(tr '\n' ' ' <"$tmp/union")"

"$krender" batch "$mono" --report junit -q >"$tmp/junit.xml" 2>/dev/null
check "junit report" \
	"$(grep -q '<testsuite name="krender batch" tests="6" failures="1"' "$tmp/junit.xml" && grep -q '<failure message=' "$tmp/junit.xml" && echo 0 || echo 1)" \
	"$(head -c 300 "$tmp/junit.xml")"

"$krender" batch "$mono" --shard 3/2 >/dev/null 2>&1
check "bad --shard is a usage error (exit 2)" "$([ $? = 2 ] && echo 0 || echo 1)" "exit $?"
"$krender" batch "$mono" --limit no-such-limit=1 >/dev/null 2>"$tmp/err"
rc=$?
"$krender" batch "$mono" --load-restrictor Sometimes >/dev/null 2>>"$tmp/err"
rc2=$?
check "bad --limit and --load-restrictor are usage errors naming the option" \
	"$([ $rc = 2 ] && [ $rc2 = 2 ] && grep -q "bad --limit 'no-such-limit=1'" "$tmp/err" &&
		grep -q "load-restrictor must be" "$tmp/err" && echo 0 || echo 1)" "$(head -c 300 "$tmp/err")"

# --cache: a warm run renders nothing; one changed overlay is rendered alone
status_of() { # status_of REPORT ENTRY: "status cached"
	grep -o "\"entry\": \"$2\", \"status\": \"[a-z]*\", \"cached\": [a-z]*" "$1" | sed 's/.*"status": "\([a-z]*\)", "cached": \([a-z]*\)/\1 \2/'
}
cp -r "$mono" "$tmp/m3"
"$krender" batch "$tmp/m3" --cache "$tmp/cache" --report json -q >"$tmp/c1" 2>/dev/null
"$krender" batch "$tmp/m3" --cache "$tmp/cache" --report json -q >"$tmp/c2" 2>/dev/null
check "--cache: a warm run takes every good entry from the cache" \
	"$(grep -q '"ok": 5, "failed": 1,.*"fromCache": 5' "$tmp/c2" && grep -q '"fromCache": 0' "$tmp/c1" && echo 0 || echo 1)" \
	"$(head -c 200 "$tmp/c2")"
sed -i 's/newTag: "1.27"/newTag: "1.28"/' "$tmp/m3/apps/shop/dev/kustomization.yaml"
"$krender" batch "$tmp/m3" --cache "$tmp/cache" -o "$tmp/o3" --report json -q >"$tmp/c3" 2>/dev/null
check "--cache: one changed overlay is the only entry rendered again" \
	"$([ "$(status_of "$tmp/c3" apps/shop/dev)" = "ok false" ] && grep -q '"fromCache": 4' "$tmp/c3" &&
		grep -q 'nginx:1.28' "$tmp/o3/apps/shop/dev.yaml" && echo 0 || echo 1)" \
	"$(head -c 300 "$tmp/c3")"

# --changed-since: a commit touching the shared base renders exactly its users
if command -v git >/dev/null; then
	g() { git -C "$tmp/m4" -c user.name=t -c user.email=t@t.invalid -c init.defaultBranch=main "$@" >/dev/null 2>&1; }
	cp -r "$mono" "$tmp/m4"
	g init && g add -A && g commit -m one
	"$krender" batch "$tmp/m4" --cache "$tmp/cache4" -q 2>/dev/null
	sed -i 's/port: 80/port: 8080/' "$tmp/m4/bases/web/service.yaml"
	g commit -am two
	"$krender" batch "$tmp/m4" --cache "$tmp/cache4" --changed-since HEAD~1 --report json -q >"$tmp/c4" 2>/dev/null
	got=$(for e in apps/blog/prod apps/shop/dev apps/shop/prod bases/web components/monitoring; do
		printf '%s=%s ' "$e" "$(status_of "$tmp/c4" "$e" | cut -d' ' -f1)"; done)
	want="apps/blog/prod=ok apps/shop/dev=ok apps/shop/prod=ok bases/web=ok components/monitoring=skipped "
	check "--changed-since: the users of a changed base, and only they" "$([ "$got" = "$want" ] && echo 0 || echo 1)" "$got"
	"$krender" batch "$tmp/m4" --changed-since HEAD~1 -q >/dev/null 2>&1
	check "--changed-since without --cache is a usage error" "$([ $? = 2 ] && echo 0 || echo 1)" "exit $?"
	"$krender" batch "$tmp/m4" --cache "$tmp/cache4" --changed-since no-such-rev -o "$tmp/o4" -q >/dev/null 2>"$tmp/err"
	rc=$?
	check "--changed-since with an unknown revision: exit 1, named, nothing written" \
		"$([ $rc = 1 ] && grep -q "no revision 'no-such-rev'" "$tmp/err" && [ ! -e "$tmp/o4" ] && echo 0 || echo 1)" \
		"rc=$rc $(head -c 200 "$tmp/err")"
else
	check "--changed-since (git missing)" 1 "git is needed for this test"
	check "--changed-since usage (git missing)" 1 "git is needed for this test"
	check "--changed-since unknown revision (git missing)" 1 "git is needed for this test"
fi

# KRENDER_LIMITS reaches every worker; a bad entry is a usage error
KRENDER_LIMITS="depth=1" "$krender" batch "$mono" apps/shop/dev -q >/dev/null 2>"$tmp/stderr"
rc=$?
check "KRENDER_LIMITS applies to each entry" \
	"$([ $rc = 1 ] && grep -q 'limit depth; raise with --limit depth=N or KRENDER_LIMITS=depth=N' "$tmp/stderr" && echo 0 || echo 1)" \
	"rc=$rc $(head -c 300 "$tmp/stderr")"
KRENDER_LIMITS="depth=1,nope=2" "$krender" batch "$mono" -q >/dev/null 2>"$tmp/stderr"
rc=$?
check "a bad KRENDER_LIMITS entry: exit 2, named" \
	"$([ $rc = 2 ] && grep -q "KRENDER_LIMITS: bad limit 'nope=2'" "$tmp/stderr" && echo 0 || echo 1)" \
	"rc=$rc $(head -c 300 "$tmp/stderr")"
