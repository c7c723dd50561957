#!/usr/bin/env bash
# build-bench.sh — time `krender build` against `kubectl kustomize` on a
# synthetic kustomize tree (see bench/README.md).
#
#   bench/build-bench.sh [--tree resource|nameref] [--mb N] [--seed N]
#                        [--resources N] [--configmaps N] [--runs N]
#                        [--kubectl-runs N] [--dir DIR] [--timeout S] [--json]
#
# --tree resource (default): resource-only tree of --mb MB.
# --tree nameref: base + overlay with generators, prefix/suffix, namespace,
#   labels, annotations, images, replicas and name references; --resources
#   (default 5000) and --configmaps (default 1000); the overlay is built.
#
# Environment:
#   KRENDER    krender binary (default: ./krender at the repo top)
#   KUBECTL    kubectl binary (default: kubectl)
#   BENCH_DIR  cache for generated trees and reference outputs
#              (default: ${TMPDIR:-/tmp}/krender-bench)
#
# Exit status: 0 ok; 1 krender output differs from kubectl's or krender
# failed; 2 usage or setup error; 3 krender binary missing (kubectl still
# timed).
set -u
export LC_ALL=C

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

MB=10 SEED=1 RUNS=5 KRUNS=1 JSON=0 DIR="" TIMEOUT=1800
TREEKIND=resource NRES=5000 NCM=1000 MB_SET=0 NR_SET=0
while [ $# -gt 0 ]; do
	case "$1" in
	--tree) TREEKIND="${2:?}"; shift 2 ;;
	--mb) MB="${2:?}"; MB_SET=1; shift 2 ;;
	--resources) NRES="${2:?}"; NR_SET=1; shift 2 ;;
	--configmaps) NCM="${2:?}"; NR_SET=1; shift 2 ;;
	--seed) SEED="${2:?}"; shift 2 ;;
	--runs) RUNS="${2:?}"; shift 2 ;;
	--kubectl-runs) KRUNS="${2:?}"; shift 2 ;;
	--dir) DIR="${2:?}"; shift 2 ;;
	--timeout) TIMEOUT="${2:?}"; shift 2 ;;
	--json) JSON=1; shift ;;
	-h|--help) usage 0 ;;
	*) echo "build-bench.sh: unknown argument: $1" >&2; usage 2 >&2 ;;
	esac
done
case "$MB" in ''|*[!0-9.]*|*.*.*) echo "bad --mb: $MB" >&2; exit 2 ;; esac
case "$TREEKIND" in
resource) [ "$NR_SET" = 0 ] || { echo "--resources/--configmaps need --tree nameref" >&2; exit 2; } ;;
nameref) [ "$MB_SET" = 0 ] || { echo "--mb does not apply to --tree nameref (use --resources)" >&2; exit 2; } ;;
*) echo "bad --tree: $TREEKIND (resource or nameref)" >&2; exit 2 ;;
esac
for v in "$SEED" "$RUNS" "$KRUNS" "$TIMEOUT" "$NRES" "$NCM"; do
	case "$v" in ''|*[!0-9]*) echo "bad numeric argument: $v" >&2; exit 2 ;; esac
done
[ "$RUNS" -ge 1 ] || { echo "--runs must be >= 1" >&2; exit 2; }

TOP=$(cd "$(dirname "$0")/.." && pwd)
KRENDER="${KRENDER:-$TOP/krender}"
case "$KRENDER" in /*) ;; */*) KRENDER="$PWD/$KRENDER" ;; *) KRENDER=$(command -v "$KRENDER" || echo "$PWD/$KRENDER") ;; esac
KUBECTL="${KUBECTL:-kubectl}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/krender-bench}"
GEN="$TOP/bench/gen-resource-tree.py"
[ "$TREEKIND" = nameref ] && GEN="$TOP/bench/gen-nameref-tree.py"

# Human-readable report goes to stdout, or to stderr under --json (so that
# `build-bench.sh --json >> results.jsonl` records just the JSON line).
if [ "$JSON" = 1 ]; then exec 3>&2; else exec 3>&1; fi
say() { printf '%s\n' "$*" >&3; }
note() { printf 'build-bench: %s\n' "$*" >&2; }
loud() {
	printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
	printf '!!! %s\n' "$@" >&2
	printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

command -v "$KUBECTL" >/dev/null 2>&1 || { note "kubectl not found ($KUBECTL)"; exit 2; }
mkdir -p "$BENCH_DIR" || exit 2

# ---- /usr/bin/time for peak RSS -----------------------------------------
TIMEBIN=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	TIMEBIN=/usr/bin/time
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	note "/usr/bin/time missing; trying 'apt-get install -y time' for peak RSS"
	if apt-get install -y -qq time >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; }; then
		TIMEBIN=/usr/bin/time
	fi
fi
[ -n "$TIMEBIN" ] || note "GNU time unavailable: peak RSS will not be reported"

# ---- the input tree -------------------------------------------------------
if [ -n "$DIR" ]; then
	TREE=$(cd "$DIR" && pwd) || exit 2
	# Key on path + file names/sizes/mtimes so an edited tree is not
	# checked against a stale cached reference output.
	KEY="dir-$({ printf '%s\n' "$TREE"; find "$TREE" -type f -printf '%P %s %T@\n' | sort; } |
		sha256sum | cut -c1-12)"
else
	command -v python3 >/dev/null 2>&1 || { note "python3 needed to generate the tree"; exit 2; }
	GENHASH=$(sha256sum "$GEN" | cut -c1-12)
	if [ "$TREEKIND" = nameref ]; then
		KEY="nameref-${NRES}r-${NCM}cm-seed${SEED}-${GENHASH}"
		GENARGS="--resources $NRES --configmaps $NCM"
	else
		KEY="tree-${MB}mb-seed${SEED}-${GENHASH}"
		GENARGS="--mb $MB"
	fi
	TREE="$BENCH_DIR/$KEY"
	if [ ! -f "$TREE/.bench-meta.json" ]; then
		note "generating $TREE"
		tmp="$TREE.tmp.$$"
		python3 "$GEN" "$tmp" $GENARGS --seed "$SEED" -q || { rm -rf "$tmp"; exit 2; }
		rm -rf "$TREE" && mv "$tmp" "$TREE" || exit 2
	fi
fi
# The directory handed to both tools: the overlay for the nameref tree.
# kustomize has no path jail; krender's default jail root would be the build
# directory itself, so widen it to the whole tree (the overlay loads ../base).
BUILD="$TREE" KROOT=()
if [ -z "$DIR" ] && [ "$TREEKIND" = nameref ]; then
	BUILD="$TREE/overlay" KROOT=(--root "$TREE")
fi
INPUT_BYTES=$(find "$TREE" -type f ! -name '.bench-meta.json' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
INPUT_FILES=$(find "$TREE" -type f ! -name '.bench-meta.json' | wc -l)

WORK=$(mktemp -d "$BENCH_DIR/run.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
REF="$BENCH_DIR/$KEY.kubectl.yaml"

# run_timed OUTFILE CMD...: wall seconds -> T, peak RSS KB -> RSS, exit -> RC
run_timed() {
	local out="$1" s e
	shift
	s=$(date +%s.%N)
	if [ -n "$TIMEBIN" ]; then
		timeout "$TIMEOUT" "$TIMEBIN" -f %M -o "$WORK/rss" "$@" >"$out" 2>"$WORK/err"
		RC=$?
	else
		timeout "$TIMEOUT" "$@" >"$out" 2>"$WORK/err"
		RC=$?
	fi
	e=$(date +%s.%N)
	T=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }')
	RSS=""
	if [ -n "$TIMEBIN" ] && [ -s "$WORK/rss" ]; then
		RSS=$(tail -n 1 "$WORK/rss")
		case "$RSS" in ''|*[!0-9]*) RSS="" ;; esac
	fi
	return "$RC"
}

# stats "t1 t2 ...": prints "best median"
stats() {
	printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.4f %.4f\n", v[1], m }'
}
maxof() { printf '%s\n' $1 | sort -g | tail -n 1; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else printf "null" }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1e6 }'; }

# ---- kubectl kustomize (reference output + timing) -------------------------
K_TIMES="" K_RSS="" K_FAIL=0
if [ "$KRUNS" -gt 0 ]; then
	for i in $(seq 1 "$KRUNS"); do
		note "kubectl kustomize run $i/$KRUNS ..."
		if ! run_timed "$WORK/kubectl.yaml" "$KUBECTL" kustomize "$BUILD"; then
			loud "kubectl kustomize failed (exit $RC) on $BUILD" "$(head -c 2000 "$WORK/err")"
			K_FAIL=1
			break
		fi
		K_TIMES="$K_TIMES $T"
		[ -n "$RSS" ] && K_RSS="$K_RSS $RSS"
		[ "$i" = 1 ] && cp "$WORK/kubectl.yaml" "$REF.tmp.$$" && mv "$REF.tmp.$$" "$REF"
	done
elif [ ! -f "$REF" ]; then
	note "no cached reference output; running kubectl kustomize once (not reported)"
	if ! run_timed "$REF.tmp.$$" "$KUBECTL" kustomize "$BUILD"; then
		loud "kubectl kustomize failed (exit $RC) on $BUILD" "$(head -c 2000 "$WORK/err")"
		rm -f "$REF.tmp.$$"
		K_FAIL=1
	else
		mv "$REF.tmp.$$" "$REF"
	fi
fi
[ "$K_FAIL" = 1 ] && exit 2
OUTPUT_BYTES=$(wc -c <"$REF")
# kustomize separates documents with a bare "---" line.
RESOURCES=$(awk '$0 == "---" { n++ } END { print (NR ? n + 1 : 0) }' "$REF")

# ---- krender build ------------------------------------------------------
R_TIMES="" R_RSS="" IDENTICAL=null R_FAIL=0 MISSING=0
if [ ! -x "$KRENDER" ]; then
	loud "krender binary not found or not executable: $KRENDER" \
		"(build it with ./bootstrap && ./configure && make, or set KRENDER=...)"
	MISSING=1
else
	# Untimed warm-up run, also used for the byte-for-byte check.
	if ! run_timed "$WORK/krender.yaml" "$KRENDER" build "${KROOT[@]}" "$BUILD"; then
		loud "krender build failed (exit $RC) on $BUILD" "$(head -c 2000 "$WORK/err")"
		R_FAIL=1
		IDENTICAL=false
	elif cmp -s "$WORK/krender.yaml" "$REF"; then
		IDENTICAL=true
		rm -f "$BENCH_DIR/$KEY.krender-mismatch.yaml"
	else
		IDENTICAL=false
		keep="$BENCH_DIR/$KEY.krender-mismatch.yaml"
		cp "$WORK/krender.yaml" "$keep"
		loud "MISMATCH: krender output differs from kubectl kustomize!" \
			"krender: $(wc -c <"$keep") bytes -> $keep" \
			"kubectl: $OUTPUT_BYTES bytes -> $REF" \
			"first difference: $(cmp "$keep" "$REF" 2>&1 | head -n 1)"
		diff -u "$REF" "$keep" | head -n 40 >&2
		printf '\n' >&2
	fi
	if [ "$R_FAIL" = 0 ]; then
		for i in $(seq 1 "$RUNS"); do
			if ! run_timed "$WORK/krender.yaml" "$KRENDER" build "${KROOT[@]}" "$BUILD"; then
				loud "krender build failed (exit $RC) on timed run $i"
				R_FAIL=1
				break
			fi
			R_TIMES="$R_TIMES $T"
			[ -n "$RSS" ] && R_RSS="$R_RSS $RSS"
		done
	fi
fi

# ---- report ---------------------------------------------------------------
R_BEST=null R_MED=null R_MBPS=null R_PEAK=null K_BEST=null K_MED=null K_MBPS=null K_PEAK=null
RATIO_BEST=null RATIO_MED=null
if [ -n "$R_TIMES" ]; then
	read -r R_BEST R_MED <<<"$(stats "$R_TIMES")"
	R_MBPS=$(div "$INPUT_BYTES" "$(awk -v t="$R_BEST" 'BEGIN { print t * 1e6 }')")
	[ -n "$R_RSS" ] && R_PEAK=$(maxof "$R_RSS")
fi
if [ -n "$K_TIMES" ]; then
	read -r K_BEST K_MED <<<"$(stats "$K_TIMES")"
	K_MBPS=$(div "$INPUT_BYTES" "$(awk -v t="$K_BEST" 'BEGIN { print t * 1e6 }')" "%.3f")
	[ -n "$K_RSS" ] && K_PEAK=$(maxof "$K_RSS")
fi
if [ "$R_BEST" != null ] && [ "$K_BEST" != null ]; then
	RATIO_BEST=$(div "$K_BEST" "$R_BEST" "%.1f")
	RATIO_MED=$(div "$K_MED" "$R_MED" "%.1f")
fi
rssmb() { [ "$1" = null ] && echo "n/a" || awk -v k="$1" 'BEGIN { printf "%.1f MB", k * 1024 / 1e6 }'; }

say "krender build benchmark  ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cpu)"
say "  tree       $BUILD"
say "  input      $(mb "$INPUT_BYTES") MB in $INPUT_FILES files, $RESOURCES resources"
say "  output     $(mb "$OUTPUT_BYTES") MB   identical to kubectl: $IDENTICAL"
if [ "$R_BEST" != null ]; then
	say "$(printf '  krender    best %.3f s  median %.3f s  (runs=%d)  %s MB/s  peak RSS %s' \
		"$R_BEST" "$R_MED" "$RUNS" "$R_MBPS" "$(rssmb "$R_PEAK")")"
else
	say "  krender    not measured"
fi
if [ "$K_BEST" != null ]; then
	say "$(printf '  kubectl    best %.3f s  median %.3f s  (runs=%d)  %s MB/s  peak RSS %s' \
		"$K_BEST" "$K_MED" "$KRUNS" "$K_MBPS" "$(rssmb "$K_PEAK")")"
else
	say "  kubectl    not timed (--kubectl-runs 0; reference output from cache)"
fi
[ "$RATIO_BEST" != null ] && say "  ratio      kubectl/krender = ${RATIO_BEST}x (best/best), ${RATIO_MED}x (median/median)"
[ "$IDENTICAL" = false ] && say "  *** OUTPUT MISMATCH — timings are of a krender that is not byte-identical ***"

if [ "$JSON" = 1 ]; then
	GITREV=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
	printf '{"bench":"krender-build","date":"%s","git":"%s","cpus":%s,"tree":"%s","tree_kind":"%s","mb":%s,"seed":%s,' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$GITREV" "$(nproc)" "$KEY" \
		"$([ -n "$DIR" ] && echo dir || echo "$TREEKIND")" \
		"$([ -n "$DIR" ] || [ "$TREEKIND" = nameref ] && echo null || echo "$MB")" \
		"$([ -n "$DIR" ] && echo null || echo "$SEED")"
	printf '"input_bytes":%s,"output_bytes":%s,"resources":%s,"files":%s,"identical":%s,' \
		"$INPUT_BYTES" "$OUTPUT_BYTES" "$RESOURCES" "$INPUT_FILES" "$IDENTICAL"
	printf '"krender_runs":%s,"krender_best_s":%s,"krender_median_s":%s,"krender_mb_per_s":%s,"krender_peak_rss_kb":%s,' \
		"$([ "$R_BEST" = null ] && echo 0 || echo "$RUNS")" "$R_BEST" "$R_MED" "$R_MBPS" "$R_PEAK"
	printf '"kubectl_runs":%s,"kubectl_best_s":%s,"kubectl_median_s":%s,"kubectl_mb_per_s":%s,"kubectl_peak_rss_kb":%s,' \
		"$([ "$K_BEST" = null ] && echo 0 || echo "$KRUNS")" "$K_BEST" "$K_MED" "$K_MBPS" "$K_PEAK"
	printf '"ratio_best":%s,"ratio_median":%s}\n' "$RATIO_BEST" "$RATIO_MED"
fi

[ "$MISSING" = 1 ] && exit 3
[ "$R_FAIL" = 1 ] || [ "$IDENTICAL" = false ] && exit 1
exit 0
