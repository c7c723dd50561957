#!/usr/bin/env bash
# run-doc.sh DOC.md - run every ```sh block of a document, in order, in one
# bash process (set -e) inside a fresh temporary directory: a document's steps
# must work as written. Substitutions for offline runs come from the
# environment: DOC_SED holds a sed script applied to the blocks first;
# DOC_KEEP names a directory to run in and keep (else a temporary one).
# Prints the blocks' output; exits with their status.
set -u
doc=$1
if [ -n "${DOC_KEEP:-}" ]; then # the caller checks what the steps wrote, and removes it
	work=$DOC_KEEP && mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/krender-doc.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
script=$work/steps.sh
{
	echo "set -e"
	awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0; next } on' "$doc" | sed -e "${DOC_SED:-}"
} >"$script"
cd "$work" && bash "$script"
