#!/usr/bin/env bash
# corpus-bench.sh - krender vs `kubectl kustomize` on every "ok" entry of the
# real-world corpora (../shared/corpora by default), one run of each per
# entry, in the same run. Prints per-corpus and overall: entries, identical
# outputs, total seconds of each tool, the total ratio and the median of the
# per-entry ratios. Not a test: run it on request (kubectl takes minutes).
# Usage: bench/corpus-bench.sh [CORPORA_DIR]    (KRENDER=path/to/krender)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
corpora=${1:-$top/../shared/corpora}
krender=${KRENDER:-$top/krender}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# bash's own clock: forking date(1) per sample would add milliseconds to both
# sides and swamp the small entries
now() { echo "$EPOCHREALTIME"; }
: >"$tmp/ratios"
all_k=0 all_c=0 all_n=0 all_same=0
for idx in "$corpora"/*/index.tsv; do
	corpus=$(dirname "$idx")
	name=$(basename "$corpus")
	k_total=0 c_total=0 n=0 same=0
	: >"$tmp/r.$name"
	while IFS='	' read -r entry status _; do
		[ "$status" = ok ] || continue
		dir="$corpus/in/$entry"
		t0=$EPOCHREALTIME
		"$krender" build --root "$corpus/in" "$dir" >"$tmp/k" 2>/dev/null
		t1=$EPOCHREALTIME
		kubectl kustomize "$dir" >"$tmp/c" 2>/dev/null
		t2=$EPOCHREALTIME
		kt=$(echo "$t1 - $t0" | bc -l)
		ct=$(echo "$t2 - $t1" | bc -l)
		cmp -s "$tmp/k" "$tmp/c" && same=$((same + 1))
		k_total=$(echo "$k_total + $kt" | bc -l)
		c_total=$(echo "$c_total + $ct" | bc -l)
		echo "$ct / $kt" | bc -l >>"$tmp/r.$name"
		n=$((n + 1))
	done <"$idx"
	cat "$tmp/r.$name" >>"$tmp/ratios"
	med=$(sort -g "$tmp/r.$name" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
	printf '%s: %d entries, %d identical; krender %.2f s, kubectl %.2f s total; ratio total %.1fx, median per entry %.1fx\n' \
		"$name" "$n" "$same" "$k_total" "$c_total" "$(echo "$c_total / $k_total" | bc -l)" "$med"
	all_k=$(echo "$all_k + $k_total" | bc -l)
	all_c=$(echo "$all_c + $c_total" | bc -l)
	all_n=$((all_n + n))
	all_same=$((all_same + same))
done
med=$(sort -g "$tmp/ratios" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
printf 'all: %d entries, %d identical; krender %.2f s, kubectl %.2f s total; ratio total %.1fx, median per entry %.1fx\n' \
	"$all_n" "$all_same" "$all_k" "$all_c" "$(echo "$all_c / $all_k" | bc -l)" "$med"
