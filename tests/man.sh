#!/usr/bin/env bash
# man.sh - the manual pages (TAP): docs/man/*.1 are what docs/man/gen-man.sh
# makes from the current --help texts (regenerate them when a --help changes),
# and groff formats each without a warning.
set -u
krender=${KRENDER:-./krender}
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
bash "$top/docs/man/gen-man.sh" "$krender" "$tmp"
pages=$(cd "$tmp" && ls *.1)
echo "1..$(($(echo "$pages" | wc -w) * 2))"
n=0
for p in $pages; do
	n=$((n + 1))
	if cmp -s "$tmp/$p" "$top/docs/man/$p"; then echo "ok $n - $p matches --help"
	else echo "not ok $n - $p is out of date: run docs/man/gen-man.sh ./krender docs/man"; fi
	n=$((n + 1))
	w=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$top/docs/man/$p" 2>&1)
	if [ -z "$w" ]; then echo "ok $n - $p formats cleanly"; else echo "not ok $n - $p: $w"; fi
done
