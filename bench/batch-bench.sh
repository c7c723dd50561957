#!/usr/bin/env bash
# batch-bench.sh - krender batch vs one `kubectl kustomize` per overlay (as
# CI does today) on a generated monorepo (bench/gen-monorepo.py), in the same
# run. Prints, per size A: krender batch wall time and peak RSS, the total
# output, the parse-only ceiling (libyaml events over every file each
# overlay reads, one thread) and batch throughput against it; for the main
# size also kubectl's time, the ratio and the byte check of every entry, and
# a single-overlay `krender build` time. Needs hyperfine. Not a test: run it on request.
# Usage: bench/batch-bench.sh [--apps A] [--bases B] [--envs E] [--jobs N]
#        [--scale "250 500 1000 2000"] [--kubectl-sample K] [--runs R]
#        (KRENDER, KUBECTL, BENCH_DIR as for build-bench.sh)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
apps=1000 bases=50 envs=4 jobs=2 scale="" sample=0 runs=5
while [ $# -gt 0 ]; do
	case $1 in
	--apps) apps=$2; shift 2 ;;
	--bases) bases=$2; shift 2 ;;
	--envs) envs=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--kubectl-sample) sample=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
krender=${KRENDER:-$top/krender}
kubectl=${KUBECTL:-kubectl}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/krender-bench}/batch
mkdir -p "$work"
ceiling="$work/parse-ceiling"
[ -x "$ceiling" ] || gcc -O2 -o "$ceiling" "$top/bench/parse-ceiling.c" $(pkg-config --cflags --libs yaml-0.1) || exit 1

tree() { # tree A: generate (once) and print the directory
	local d="$work/mono-a$1-b$bases-e$envs"
	[ -f "$d/apps.txt" ] || python3 "$top/bench/gen-monorepo.py" --apps "$1" --bases "$bases" --envs "$envs" "$d" >&2
	echo "$d"
}
# every file each overlay reads (a base once per overlay that uses it)
inputs() {
	while read -r e; do
		echo "$1/$e/kustomization.yaml"
		b=$(sed -n 's#^- \.\./\.\./\.\./\(bases/[^ ]*\)$#\1#p' "$1/$e/kustomization.yaml")
		ls "$1/$b"/*
	done <"$1/apps.txt"
}
best_batch() { # best_batch DIR [fresh]: "seconds peak_kb": the fastest of $runs (hyperfine -N,
	# no shell or timer process in between) and the peak RSS of one more run; with "fresh" every
	# run writes its outputs into a new directory (file creation included), else the entries
	# are rendered and checked without writing
	local args="batch $1 --from $1/apps.txt -j $jobs -q" prep=() m
	if [ "${2:-}" = fresh ]; then
		args="$args -o $work/out"
		prep=(--prepare "rm -rf $work/out")
	fi
	hyperfine -N -w 1 -r "$runs" "${prep[@]}" --export-json "$work/hb.json" "$krender $args" >/dev/null 2>&1
	[ "${2:-}" = fresh ] && rm -rf "$work/out"
	# shellcheck disable=SC2086
	/usr/bin/time -f "%M" -o "$work/time" "$krender" $args >/dev/null 2>&1
	read -r m <"$work/time"
	echo "$(sed -n 's/^ *"min": \([0-9.e+-]*\),*$/\1/p' "$work/hb.json" | head -1) $m"
}

report() { # report A
	local d; d=$(tree "$1")
	read -r wt _ < <(best_batch "$d" fresh)
	read -r bt rss < <(best_batch "$d")
	read -r ib ct < <(inputs "$d" | "$ceiling")
	out=$(find "$work/out" -name '*.yaml' -printf '%s\n' | awk '{s += $1} END {print s}')
	printf 'A=%-5s render %.3f s (%.3f s writing to a new directory), peak RSS %.1f MB = %.2fx the %.1f MB output; parse ceiling %.3f s on %.1f MB (%.0f MB/s); render %.0f MB/s = %.0f%% of the ceiling\n' \
		"$1" "$bt" "$wt" "$(echo "$rss / 1024" | bc -l)" "$(echo "$rss * 1024 / $out" | bc -l)" "$(echo "$out / 1000000" | bc -l)" \
		"$ct" "$(echo "$ib / 1000000" | bc -l)" "$(echo "$ib / $ct / 1000000" | bc -l)" \
		"$(echo "$ib / $bt / 1000000" | bc -l)" "$(echo "100 * $ct / $bt" | bc -l)"
}

for a in $scale; do report "$a"; done
[ -n "$scale" ] && echo

d=$(tree "$apps")
report "$apps"
# one typical overlay with krender build, process included
e=$(sed -n '1p' "$d/apps.txt")
if command -v hyperfine >/dev/null; then
	one=$(hyperfine -N -w 3 -r 30 --export-json "$work/h.json" "$krender build --root $d $d/$e" >/dev/null 2>&1 &&
		sed -n 's/^ *"median": \([0-9.e+-]*\),*$/\1/p' "$work/h.json" | head -1)
	printf 'single overlay: krender build %.2f ms (hyperfine -N median, process included)\n' "$(echo "$one * 1000" | bc -l)"
fi
# kubectl, one process per overlay, and the byte check
total=$(wc -l <"$d/apps.txt")
n=$total
[ "$sample" -gt 0 ] && [ "$sample" -lt "$total" ] && n=$sample
same=0
t0=$EPOCHREALTIME
while read -r e; do
	"$kubectl" kustomize "$d/$e" >"$work/k.yaml" 2>/dev/null
	cmp -s "$work/k.yaml" "$work/out/$e.yaml" && same=$((same + 1))
done < <(head -n "$n" "$d/apps.txt")
t1=$EPOCHREALTIME
kt=$(echo "($t1 - $t0) * $total / $n" | bc -l)
read -r bt _ < <(best_batch "$d" fresh)
printf 'kubectl kustomize, one process per overlay: %.1f s%s; byte-identical %d/%d; krender batch (writing) %.3f s: %.0fx\n' \
	"$kt" "$([ "$n" -lt "$total" ] && echo " (extrapolated from $n)")" "$same" "$n" "$bt" "$(echo "$kt / $bt" | bc -l)"
