#!/usr/bin/env bash
# diff-jq-paths.sh - krender answers pure field chains itself and sends
# krender-jq only the part of an object a leading field chain reads
# (src/diff/jq_shape.c). Both shortcuts must change nothing: for every
# expression in testdata/diff-jq/expressions, `krender diff -o json` over
# objects of every shape gives the same hashes as with the expression in
# parentheses, which no shortcut recognises, so real jq reads whole objects.
# (TAP; the oracle is libjq itself.)
set -u
krender=${KRENDER:-./krender}
top=${top_srcdir:-.}
data="$top/testdata/diff-jq"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-diff-jq.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

app() { # app FILE EXPR: an Application whose one rule is EXPR, for every kind
	jq -n --arg e "$2" '{apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: {name: "t"},
		spec: {destination: {namespace: "default"},
		       ignoreDifferences: [{group: "*", kind: "*", jqPathExpressions: [$e]}]}}' >"$1"
}

mapfile -t exprs <"$data/expressions"
echo "1..$((${#exprs[@]} + 1))"
printf 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: t}\nspec: {destination: {namespace: default}}\n' >"$tmp/none.yaml"
"$krender" diff "$data/objects.yaml" --live "$data/objects.yaml" --app "$tmp/none.yaml" -o json --exit-code=false >"$tmp/none.json"
n=0 changed=0
for e in "${exprs[@]}"; do
	n=$((n + 1))
	app "$tmp/fast.yaml" "$e"
	app "$tmp/jq.yaml" "($e)"
	"$krender" diff "$data/objects.yaml" --live "$data/objects.yaml" --app "$tmp/fast.yaml" -o json --exit-code=false >"$tmp/fast.json" 2>"$tmp/fast.err"
	rc1=$?
	"$krender" diff "$data/objects.yaml" --live "$data/objects.yaml" --app "$tmp/jq.yaml" -o json --exit-code=false >"$tmp/jq.json" 2>"$tmp/jq.err"
	rc2=$?
	cmp -s "$tmp/fast.json" "$tmp/none.json" || changed=$((changed + 1))
	if [ "$rc1" != "$rc2" ] || [ "$rc1" != 0 ]; then
		echo "not ok $n - '$e': exit $rc1, in parentheses $rc2: $(head -c 200 "$tmp/fast.err" "$tmp/jq.err" | tr '\n' ' ')"
	elif ! cmp -s "$tmp/fast.json" "$tmp/jq.json"; then
		echo "not ok $n - '$e': hashes differ from real jq's: $(diff "$tmp/jq.json" "$tmp/fast.json" | head -n 4 | tr '\n' '|')"
	else
		echo "ok $n - '$e'"
	fi
done
# the comparison means something only if the rules do delete things
if [ "$changed" -ge $((${#exprs[@]} / 2)) ]; then
	echo "ok $((n + 1)) - $changed of ${#exprs[@]} expressions change some hash"
else
	echo "not ok $((n + 1)) - only $changed of ${#exprs[@]} expressions change any hash"
fi
