#!/usr/bin/env bash
# run.sh - krender build on hostile inputs (TAP), shared/spec/limits.md.
# The cases live beside this file, one theme a file (yaml.sh, sizes.sh,
# graph.sh, paths.sh, bytes.sh, secrets.sh, shapes.sh, limits.sh); each is
# generated in a temporary root (big inputs are never stored in the
# repository). A generator may leave ARGS (extra command-line words) and
# ENV (NAME=VALUE lines) in the root. Every case must: use at most 2 s of
# CPU (20 s under ASan; CPU, not wall time, so that a loaded machine does
# not fail it; a run past 3 times that in wall time is killed as a hang),
# run with a 1 MiB stack (recursion is bounded),
# stay under 200 MB peak RSS (not checked under ASan), never crash, and
#   fail:TEXT    exit 1, nothing on stdout, one message of at most 4 KiB
#                containing TEXT;
#   leak:SECRET  as fail, and SECRET (a Secret value) nowhere in the message;
#   ok           exit 0;
#   any          exit 0 or 1 (whichever), message bounded;
#   usage:TEXT   exit 2 (a bad command line or KRENDER_LIMITS), message has TEXT.
# No case may make krender read a byte outside its root: the files outside
# hold a marker that must never appear on stdout or stderr.
set -u
krender=${KRENDER:-./krender}
krender=$(cd "$(dirname "$krender")" && pwd)/$(basename "$krender")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
asan=${KRENDER_NO_ULIMIT:-}
limit_s=2
[ -n "$asan" ] && limit_s=20
MARK=OUTSIDE-THE-ROOT-7f3a
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
for f in lib yaml sizes graph paths bytes secrets shapes limits; do . "$here/$f.sh"; done

echo "1..${#cases[@]}"
n=0
for entry in "${cases[@]}"; do
	n=$((n + 1))
	name=${entry%%|*}
	want=${entry#*|}
	root="$tmp/$name/root"
	mkdir -p "$root"
	( cd "$root" && "gen_$name" ) 2>/dev/null
	args=()
	envs=()
	if [ -f "$root/ARGS" ]; then read -ra args <"$root/ARGS"; rm -f "$root/ARGS"; fi
	if [ -f "$root/ENV" ]; then mapfile -t envs <"$root/ENV"; rm -f "$root/ENV"; fi
	start=$EPOCHREALTIME
	( cd "$root" && { [ -n "$asan" ] || ulimit -s 1024; } &&
		exec env "${envs[@]}" timeout -k 1 $((limit_s * 3)) /usr/bin/time -f "%U %S %M" -o "$tmp/rss" \
		"$krender" build --root "$root" "${args[@]}" . ) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	secs=$(echo "$EPOCHREALTIME - $start" | bc -l)
	grep -v '^Command exited with non-zero status' "$tmp/err" >"$tmp/msg"
	read -r usr sys rss < <(tail -n 1 "$tmp/rss" 2>/dev/null || echo "0 0 0")
	cpu=$(echo "${usr:-0} + ${sys:-0}" | bc -l)
	why=""
	if [ "$rc" -ge 124 ]; then why="exit $rc (crash, signal or timeout)"
	elif [ "$(echo "$cpu > $limit_s" | bc -l)" = 1 ]; then why="took $cpu s of CPU ($secs s)"
	elif [ -z "$asan" ] && [ "${rss:-0}" -gt 200000 ]; then why="peak RSS ${rss} KB"
	elif grep -q "$MARK" "$tmp/out" "$tmp/msg"; then why="a byte from outside the root was printed"
	elif [ "$(wc -c <"$tmp/msg")" -gt 4096 ]; then why="message of $(wc -c <"$tmp/msg") bytes"
	else
		case $want in
		ok) [ "$rc" = 0 ] || why="exit $rc: $(head -c 200 "$tmp/msg")" ;;
		any) [ "$rc" = 0 ] || [ "$rc" = 1 ] || why="exit $rc" ;;
		usage:*)
			if [ "$rc" != 2 ]; then why="exit $rc, want 2"
			elif ! grep -qF -- "${want#usage:}" "$tmp/msg"; then
				why="message lacks '${want#usage:}': $(head -c 200 "$tmp/msg")"
			fi ;;
		fail:*|leak:*)
			if [ "$rc" != 1 ]; then why="exit $rc, want 1"
			elif [ -s "$tmp/out" ]; then why="wrote to stdout on failure"
			elif [ ! -s "$tmp/msg" ]; then why="no message"
			elif [ "${want%%:*}" = fail ] && ! grep -qF -- "${want#fail:}" "$tmp/msg"; then
				why="message lacks '${want#fail:}': $(head -c 200 "$tmp/msg")"
			elif [ "${want%%:*}" = leak ] && grep -qF -- "${want#leak:}" "$tmp/msg"; then
				why="the Secret value is in the message"
			fi ;;
		esac
	fi
	rm -rf "$tmp/$name"
	[ -n "${HOSTILE_SHOW:-}" ] && echo "# $name: rc=$rc $(head -c 300 "$tmp/msg" | tr '\n' ' ')"
	if [ -z "$why" ]; then echo "ok $n - hostile/$name ($(printf "%.2f" "$cpu") s CPU, $(printf "%.2f" "$secs") s)"; else echo "not ok $n - hostile/$name"; echo "# $why"; fi
done
