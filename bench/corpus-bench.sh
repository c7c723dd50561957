#!/usr/bin/env bash
# corpus-bench.sh - krender vs `kubectl kustomize` on every "ok" entry of the
# real-world corpora (../shared/corpora by default), both timed per entry in
# the same run. Prints per corpus and overall: entries, identical outputs,
# the summed per-entry medians of each tool, the ratio of those totals and
# the median of the per-entry ratios. Not a test: run it on request.
#
# Timing: hyperfine -N (no shell between the timer and the program, one
# warm-up run, median of --runs N; kubectl gets --kubectl-runs M). Without
# hyperfine the script falls back to bash's clock around one run each, which
# adds bash's fork (~2-3 ms here) to both sides and so understates ratios
# for small entries.
# Usage: bench/corpus-bench.sh [--runs N] [--kubectl-runs M] [CORPORA_DIR]
#        (KRENDER=path/to/krender, KUBECTL=kubectl)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
runs=10 kruns=3
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--kubectl-runs) kruns=$2; shift 2 ;;
	-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
corpora=${1:-$top/../shared/corpora}
krender=${KRENDER:-$top/krender}
kubectl=${KUBECTL:-kubectl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# seconds (median) of one command line, printed on stdout
have_hyperfine=no
command -v hyperfine >/dev/null && have_hyperfine=yes
time_cmd() {
	local n=$1; shift
	if [ $have_hyperfine = yes ]; then
		hyperfine -N -w 1 -r "$n" --export-json "$tmp/h.json" -- "$*" >/dev/null 2>&1 || return 1
		sed -n 's/^ *"median": \([0-9.e+-]*\),*$/\1/p' "$tmp/h.json" | head -1
	else
		local t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1
		local t1=$EPOCHREALTIME
		echo "$t1 - $t0" | bc -l
	fi
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "timing with: $([ $have_hyperfine = yes ] && echo "hyperfine -N, median of $runs krender / $kruns kubectl runs" || echo "bash clock, one run each")" >&2
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
		"$krender" build --root "$corpus/in" "$dir" >"$tmp/k" 2>/dev/null
		"$kubectl" kustomize "$dir" >"$tmp/c" 2>/dev/null
		cmp -s "$tmp/k" "$tmp/c" && same=$((same + 1))
		kt=$(time_cmd "$runs" "$krender" build --root "$corpus/in" "$dir") || continue
		ct=$(time_cmd "$kruns" "$kubectl" kustomize "$dir") || continue
		k_total=$(echo "$k_total + $kt" | bc -l)
		c_total=$(echo "$c_total + $ct" | bc -l)
		echo "$ct / $kt" | bc -l >>"$tmp/r.$name"
		n=$((n + 1))
	done <"$idx"
	cat "$tmp/r.$name" >>"$tmp/ratios"
	med=$(median <"$tmp/r.$name")
	printf '%s: %d entries, %d identical; krender %.2f s, kubectl %.2f s total; ratio total %.1fx, median per entry %.1fx\n' \
		"$name" "$n" "$same" "$k_total" "$c_total" "$(echo "$c_total / $k_total" | bc -l)" "$med"
	all_k=$(echo "$all_k + $k_total" | bc -l)
	all_c=$(echo "$all_c + $c_total" | bc -l)
	all_n=$((all_n + n))
	all_same=$((all_same + same))
done
med=$(median <"$tmp/ratios")
printf 'all: %d entries, %d identical; krender %.2f s, kubectl %.2f s total; ratio total %.1fx, median per entry %.1fx\n' \
	"$all_n" "$all_same" "$all_k" "$all_c" "$(echo "$all_c / $all_k" | bc -l)" "$med"
