#!/usr/bin/env bash
# completion.sh - the shell completions and the kubectl plugin (TAP): every
# command `krender --help` lists is completed by bash and listed for zsh,
# options complete, and `kubectl-krender` runs krender.
set -u
krender=${KRENDER:-./krender}
bindir=$(cd "$(dirname "$krender")" && pwd)
top=$(cd "${top_srcdir:-.}" && pwd)
echo "1..5"
commands=$("$krender" --help | sed -n 's/^  \([a-z]*\) .*/\1/p; s/^  \([a-z]*\)$/\1/p' | sort -u | tr '\n' ' ')
# shellcheck disable=SC1091
source "$top/contrib/completion/krender.bash"
complete_words() { # complete_words WORD...: COMPREPLY for the last word
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_krender
	echo "${COMPREPLY[*]}"
}
got=$(complete_words krender "")
missing=""
for c in $commands; do case " $got " in *" $c "*) ;; *) missing="$missing $c" ;; esac; done
if [ -n "$commands" ] && [ -z "$missing" ]; then echo "ok 1 - bash completes every command of krender --help"
else echo "not ok 1 - bash misses:$missing (commands: $commands)"; fi
got=$(complete_words krender apply --to-)
if [ "$got" = "--to-dir --to-git" ]; then echo "ok 2 - bash completes a command's options"; else echo "not ok 2 - got '$got'"; fi
got=$(complete_words krender diff -o "")
if [ "$got" = "text unified json" ]; then echo "ok 3 - bash completes option values"; else echo "not ok 3 - got '$got'"; fi
missing=""
for c in $commands; do grep -q "'$c:" "$top/contrib/completion/_krender" || missing="$missing $c"; done
if [ -z "$missing" ]; then echo "ok 4 - zsh lists every command"; else echo "not ok 4 - zsh misses:$missing"; fi
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
cp "$top/contrib/kubectl-krender" "$tmp/" && ln -s "$bindir/krender" "$tmp/krender"
if [ "$(PATH="$tmp:$PATH" kubectl-krender --version)" = "$("$krender" --version)" ]; then echo "ok 5 - kubectl-krender runs the krender beside it"
else echo "not ok 5 - kubectl-krender --version: $(PATH="$tmp:$PATH" kubectl-krender --version 2>&1)"; fi
