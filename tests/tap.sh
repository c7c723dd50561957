# tap.sh - TAP helpers for the shell tests (sourced): a counter and two ways
# to report a test point.
#   result NAME WHY    ok when WHY is empty, else "not ok ... : WHY"
#   check NAME WHY COMMAND...   ok when COMMAND succeeds (its output dropped)
n=0
result() { n=$((n + 1)); if [ -z "$2" ]; then echo "ok $n - $1"; else echo "not ok $n - $1: $2"; fi; }
check() {
	local name=$1 why=$2
	shift 2
	# a failure is never reported as a pass, whatever WHY evaluated to
	if "$@" >/dev/null 2>&1; then result "$name" ""; else result "$name" "${why:-failed (no detail)}"; fi
}
