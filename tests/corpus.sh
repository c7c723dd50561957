#!/bin/sh
# corpus.sh - `make conformance`: run krender over every "ok" entry of the
# real-world corpora (../shared/corpora/*/index.tsv) and print the pass rate.
# An entry passes when krender exits 0 and its stdout equals expected/NAME.yaml.
# Usage: corpus.sh CORPORA_DIR [--verbose]
set -u
corpora=${1:?usage: corpus.sh CORPORA_DIR}
verbose=${2:-}
krender=${KRENDER:-./krender}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
all_pass=0
all_total=0
for idx in "$corpora"/*/index.tsv; do
	corpus=$(dirname "$idx")
	name=$(basename "$corpus")
	pass=0
	total=0
	while IFS='	' read -r entry status bytes res sha; do
		[ "$status" = ok ] || continue
		total=$((total + 1))
		exp="$corpus/expected/$(echo "$entry" | sed 's,/,__,g').yaml"
		[ "$entry" = . ] && exp="$corpus/expected/_root.yaml"
		if timeout 60 "$krender" build --root "$corpus/in" "$corpus/in/$entry" >"$tmp" 2>"$tmp.err" &&
			cmp -s "$tmp" "$exp"; then
			pass=$((pass + 1))
			[ "$verbose" = --verbose ] && echo "PASS $name $entry"
		else
			[ "$verbose" = --verbose ] && echo "FAIL $name $entry: $(head -c 200 "$tmp.err")"
		fi
	done <"$idx"
	rm -f "$tmp.err"
	echo "$name: $pass/$total ok entries byte-identical"
	all_pass=$((all_pass + pass))
	all_total=$((all_total + total))
done
echo "corpora: $all_pass/$all_total ok entries byte-identical"
