#!/usr/bin/env bash
# regen-expected.sh — (re)generate the expected outputs of the conformance cases
# from the oracle, `kubectl kustomize` (kubectl v1.32.4 = kustomize v5.5.0).
#
# Usage: tests/regen-expected.sh [CASE-NAME...]
#   With no arguments every testdata/build/*/ case and every example is done;
#   otherwise only the named cases (folder names under testdata/build/).
#
# For each case folder DIR:
#   * `kubectl kustomize <absolute DIR>` runs under `timeout` and a virtual
#     memory ulimit (an alias bomb can take > 4 GB).
#   * exit 0   -> DIR/expected.yaml = exact stdout; DIR/expected.err removed.
#   * exit !=0 -> DIR/expected.err  = stderr, with the absolute path of DIR
#                 replaced by `<case>` and the klog prefix
#                 (`E1127 12:34:56.123456   12345 run.go:72] `) stripped;
#                 DIR/expected.yaml removed.
#   * kubectl timed out / was killed / crashed (Go `fatal error:`) -> nothing
#     is written, the case is reported and the script exits non-zero. Such a
#     case must get a hand-written expected.err (`KUBECTL-DID-NOT-FINISH`), a
#     note in its README and a `SKIP-KUBECTL` marker file.
#   * folders containing a file named SKIP-KUBECTL are left alone.
#
# Examples: examples/ml-platform/overlays/<env> -> examples/ml-platform/expected/<env>.yaml
# (these must build successfully).
#
# Environment: KUBECTL (default kubectl), REGEN_TIMEOUT seconds (default 60),
# REGEN_MEM_KB virtual-memory limit in KiB (default 4000000).

set -u
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
KUBECTL=${KUBECTL:-kubectl}
TIMEOUT=${REGEN_TIMEOUT:-60}
MEM_KB=${REGEN_MEM_KB:-4000000}
CASES="$ROOT/testdata/build"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/regen-expected.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

failures=0
n_yaml=0
n_err=0
n_skip=0

# run_oracle DIR: runs kubectl; sets rc; stdout/stderr in $tmp/out, $tmp/err.
run_oracle() {
    ( ulimit -v "$MEM_KB" 2>/dev/null
      cd "$tmp" && exec timeout -k 5 "$TIMEOUT" "$KUBECTL" kustomize "$1" ) \
        >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
}

# did_not_finish: true if the last run timed out, was killed or crashed.
did_not_finish() {
    # 124: timeout; >= 128: killed by a signal (137 = SIGKILL after timeout -k).
    if [ "$rc" -eq 124 ] || [ "$rc" -ge 128 ]; then
        return 0
    fi
    # Go runtime crash (out of memory, stack overflow): exit 2 plus a goroutine dump.
    grep -q -E '^(fatal error: |runtime: out of memory|goroutine [0-9]+ \[)' "$tmp/err" && return 0
    return 1
}

# clean_err DIR: writes sanitised stderr of the last run to stdout.
clean_err() {
    perl -pe '
        BEGIN { $d = shift @ARGV; }
        s{\Q$d\E}{<case>}g;
        s{^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ [^ \]]+:\d+\] }{};
    ' "$1" "$tmp/err"
}

do_case() {
    local dir=$1
    local name
    name=$(basename "$dir")
    if [ -e "$dir/SKIP-KUBECTL" ]; then
        n_skip=$((n_skip + 1))
        return
    fi
    run_oracle "$dir"
    if [ "$rc" -eq 0 ]; then
        cp "$tmp/out" "$dir/expected.yaml"
        rm -f "$dir/expected.err"
        n_yaml=$((n_yaml + 1))
    elif did_not_finish; then
        echo "regen: $name: kubectl did not finish (rc=$rc); nothing written." >&2
        echo "regen:   hand-write expected.err (KUBECTL-DID-NOT-FINISH), add SKIP-KUBECTL and a README note." >&2
        failures=$((failures + 1))
    else
        clean_err "$dir" >"$dir/expected.err"
        rm -f "$dir/expected.yaml"
        n_err=$((n_err + 1))
    fi
}

do_example() {    # do_example OVERLAY-DIR OUTPUT-FILE
    run_oracle "$1"
    if [ "$rc" -eq 0 ]; then
        mkdir -p "$(dirname "$2")"
        cp "$tmp/out" "$2"
        n_yaml=$((n_yaml + 1))
    else
        echo "regen: example $1 failed (rc=$rc):" >&2
        sed 's/^/regen:   /' "$tmp/err" >&2
        failures=$((failures + 1))
    fi
}

if [ "$#" -gt 0 ]; then
    for c in "$@"; do
        c=${c%/}
        c=${c##*/}
        if [ -d "$CASES/$c" ]; then
            do_case "$CASES/$c"
        else
            echo "regen: no such case: $c" >&2
            failures=$((failures + 1))
        fi
    done
else
    for d in "$CASES"/*/; do
        [ -d "$d" ] || continue
        do_case "$(cd "$d" && pwd -P)"
    done
    # -o DIR cases: kubectl writes one file per resource into expected/.
    for d in "$ROOT"/testdata/split/*/; do
        d=$(cd "$d" && pwd -P)
        rm -rf "$d/expected" && mkdir "$d/expected"
        if timeout 60 kubectl kustomize "$d" -o "$d/expected" 2>"$tmp/err"; then
            n_yaml=$((n_yaml + 1))
        else
            echo "regen: kubectl failed on split case $d" >&2
            failures=$((failures + 1))
        fi
    done
    # Examples (must succeed).
    ML="$ROOT/examples/ml-platform"
    for env in dev staging prod; do
        do_example "$ML/overlays/$env" "$ML/expected/$env.yaml"
    done
fi

echo "regen: $n_yaml expected.yaml, $n_err expected.err, $n_skip skipped, $failures failure(s)" >&2
[ "$failures" -eq 0 ]
