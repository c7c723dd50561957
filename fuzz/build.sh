#!/bin/sh
# build.sh - build the libFuzzer binaries (clang, ASan + UBSan) into fuzz/bin.
# Usage: fuzz/build.sh [TARGET...]   then e.g.
#   fuzz/bin/yaml_load -max_total_time=1800 fuzz/corpus/yaml_load
# (new inputs are added to the corpus directory; commit the interesting ones).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cc=${CLANG:-clang}
targets=${*:-yaml_load emit_fast kustomization patches yaml_fyaml diff gotmpl}
srcs=$(sed -n '/^libkrender_la_SOURCES/,/^libkrender_la_LIBADD/p' "$top/Makefile.am" | tr ' \\\t' '\n\n\n' | grep '\.c$')
mkdir -p "$top/fuzz/bin"
for t in $targets; do
	extra=
	[ "$t" = yaml_fyaml ] && extra=libfyaml
	# shellcheck disable=SC2086
	(cd "$top" && $cc -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-D_GNU_SOURCE -I src -I include -I . $(pkg-config --cflags yaml-0.1 libxxhash nettle libpcre2-8 $extra) \
		$srcs "fuzz/$t.c" -o "fuzz/bin/$t" $(pkg-config --libs yaml-0.1 libxxhash nettle libpcre2-8 $extra) -lm -lpthread)
	echo "built fuzz/bin/$t"
done
