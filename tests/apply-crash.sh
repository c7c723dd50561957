#!/usr/bin/env bash
# apply-crash.sh - `krender apply --to-dir` killed at every step (TAP). strace
# injects SIGKILL into the Nth call of each system call the writer makes
# (open, mkdir, write, close, link, rename, renameat2, unlink, rmdir, syncfs,
# fsync): after each kill the directory must be exactly the old tree or
# exactly the new one (never a mix, never missing once it existed), and the
# next run must finish the job and leave nothing beside it. Three starts: the
# old tree, no directory, and the old tree on a file system without
# RENAME_EXCHANGE (strace makes renameat2 fail with EINVAL: the fallback of
# two renames, where a kill between them leaves NAME missing and the whole old
# tree beside it). The plan is printed last: one test per system call made.
set -u
krender=${KRENDER:-./krender}
krender=$(cd "$(dirname "$krender")" && pwd)/$(basename "$krender")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-crash.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
syscalls="openat mkdir write close link rename renameat2 unlink unlinkat rmdir syncfs fsync"
top=$(cd "${top_srcdir:-.}" && pwd)
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
if ! command -v strace >/dev/null; then
	echo "1..1"
	echo "not ok 1 - strace is needed (Debian package strace)"
	exit 1
fi

# v1: 12 ConfigMaps in 3 namespaces and a ClusterRole; v2: 3 changed, 2 gone, 2 new
objects() { # objects VERSION
	local ns i
	for ns in a b c; do
		for i in 1 2 3 4; do
			[ "$1" = v2 ] && [ "$ns$i" = b2 -o "$ns$i" = c4 ] && continue
			printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm%s\n  namespace: %s\ndata:\n  v: "%s"\n' \
				"$i" "$ns" "$([ "$1" = v2 ] && [ "$i" = 1 ] && echo 2 || echo 1)"
		done
	done
	printf -- '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n'
	if [ "$1" = v2 ]; then
		printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm9\n  namespace: d\n'
		printf -- '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: a\n'
	fi
}
objects v1 >"$tmp/v1.yaml"
objects v2 >"$tmp/v2.yaml"
"$krender" apply "$tmp/v1.yaml" --to-dir "$tmp/old" --yes >/dev/null 2>&1 &&
	"$krender" apply "$tmp/v2.yaml" --to-dir "$tmp/new" --yes >/dev/null 2>&1
why=""
if [ ! -f "$tmp/old/.krender-manifest" ] || [ ! -f "$tmp/new/.krender-manifest" ] || diff -rq "$tmp/old" "$tmp/new" >/dev/null; then
	why="could not write the two reference trees"
fi
result "reference trees written and different" "$why"

work=$tmp/w
out=$work/out
reset() { # reset START: the target as the old tree, or missing
	rm -rf "$work" && mkdir -p "$work"
	if [ "$1" != none ]; then cp -a "$tmp/old" "$out"; fi
}
state() { # what $out is: old, new, missing or mixed
	if [ ! -e "$out" ]; then echo missing
	elif diff -r "$tmp/old" "$out" >/dev/null 2>&1; then echo old
	elif diff -r "$tmp/new" "$out" >/dev/null 2>&1; then echo new
	else echo mixed; fi
}
kills=0
declare -A made
for start in old none old-without-exchange; do
	noexch=()
	if [ $start = old-without-exchange ]; then noexch=(-e inject=renameat2:error=EINVAL); fi
	for sc in $syscalls; do
		[ $start = old-without-exchange ] && [ $sc = renameat2 ] && continue
		# how many calls of $sc a whole run makes; none: no test
		reset $start
		strace -f -qq -o "$tmp/trace" -e trace="$sc,renameat2" "${noexch[@]}" \
			"$krender" apply "$tmp/v2.yaml" --to-dir "$out" --yes >/dev/null 2>&1
		calls=$(grep -c "^[0-9]* *$sc(" "$tmp/trace")
		[ "$calls" -gt 0 ] || continue
		made[$sc]=1
		why=""
		for ((k = 1; k <= calls; k++)); do
			reset $start
			strace -f -qq -o /dev/null -e trace="$sc,renameat2" "${noexch[@]}" -e inject="$sc":signal=KILL:when=$k \
				"$krender" apply "$tmp/v2.yaml" --to-dir "$out" --yes >/dev/null 2>&1
			kills=$((kills + 1))
			s=$(state)
			# without RENAME_EXCHANGE the directory is missing between the two renames: the old
			# tree must then be whole beside it (the next run puts it back first)
			if [ "$s" = missing ] && [ $start = old-without-exchange ] && diff -r "$tmp/old" "$work/.out.krender-old" >/dev/null 2>&1; then
				s=old-aside
			fi
			if [ "$s" = mixed ] || { [ "$s" = missing ] && [ $start != none ]; }; then
				why="killed at $sc call $k: the tree is $s"
				break
			fi
			"$krender" apply "$tmp/v2.yaml" --to-dir "$out" --yes >/dev/null 2>&1
			s=$(state)
			left=$(ls -A "$work" | grep -v '^out$')
			if [ "$s" != new ] || [ -n "$left" ]; then
				why="after a kill at $sc call $k, the next run left the tree $s${left:+ and $left beside it}"
				break
			fi
		done
		result "start $start, killed at each of $calls $sc calls: old or new tree, then recovered" "$why"
	done
done
result "at least 150 kills injected ($kills)" "$([ $kills -ge 150 ] || echo "only $kills")"
for sc in openat mkdir write link rename renameat2 unlink rmdir syncfs; do
	result "the writer makes $sc calls (killed there)" "$([ -n "${made[$sc]:-}" ] || echo "no $sc call was seen")"
done
echo "1..$n"
