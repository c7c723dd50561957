#!/usr/bin/env bash
# dockerfile.sh - what can be checked of contrib/argocd-cmp/Dockerfile
# without Docker (this machine has none, and reaches no image registry):
# its Debian packages are real ones, the runtime stage installs every shared
# library krender and its helpers load (with their dependencies), and the
# build stage installs every -dev package configure.ac checks for.
# Building and running the image is left to a machine with Docker (TAP).
set -u
top=$(cd "${top_srcdir:-.}" && pwd)
bin=$(cd "$(dirname "${KRENDER:-./krender}")" && pwd)
dockerfile=$top/contrib/argocd-cmp/Dockerfile
echo "1..3"
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
# the packages of the apt-get install in each stage (stage 1: build, 2: runtime)
stage_packages() {
	awk -v want="$1" '/^FROM /{stage++} stage == want' "$dockerfile" | tr -d '\\' | tr -s ' \n' '\n' |
		sed -n '/^install$/,/^&&$/{p;/^&&$/q}' | grep -v -e '^install$' -e '^&&$' -e '^-' | sort -u
}
build=$(stage_packages 1)
runtime=$(stage_packages 2)
missing=$(for p in $build $runtime; do apt-cache show "$p" >/dev/null 2>&1 || echo "$p"; done)
check "every package the Dockerfile installs exists in Debian" "not found: $missing ($(echo $runtime))" \
	test -n "$runtime" -a -z "$missing"
# the libraries the programs load, as packages. A sanitizer build (CI's second
# pass) links krender dynamically and adds the sanitizers' runtime: there the
# helpers are checked, with that runtime's own dependencies allowed.
progs="krender krender-git krender-jq" allowed="libc6"
if ldd "$bin/krender-git" 2>/dev/null | grep -Eq 'lib(a|ub)san'; then
	progs="krender-git krender-jq"
	allowed="libc6 $(apt-cache depends --recurse --no-recommends --no-suggests libasan8 libubsan1 2>/dev/null | grep -v '^ ')"
fi
loaded=$(for b in $progs; do ldd "$bin/$b" 2>/dev/null | awk '$3 ~ /^\// {print $3}' | grep -Ev 'lib(a|ub|l|t)san'; done |
	sort -u | while read -r p; do dpkg -S "$p" 2>/dev/null || dpkg -S "/usr$p" 2>/dev/null || echo "unknown: $p"; done |
	cut -d: -f1 | sort -u)
# shellcheck disable=SC2086
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
	--no-enhances $runtime 2>/dev/null | grep -v '^ ' | sort -u)
uncovered=$(comm -23 <(echo "$loaded") <(printf '%s\n' "$closure" $allowed | sort -u))
check "the runtime stage provides every library krender, krender-git and krender-jq load" \
	"not provided: $(echo $uncovered)" test -n "$loaded" -a -z "$uncovered"
# what configure.ac checks for (pkg-config modules and headers), as the -dev packages that hold them
needed=$({
	for m in $(sed -n 's/^PKG_CHECK_MODULES(\[[A-Z0-9_]*\], \[\([^] ]*\).*/\1/p' "$top/configure.ac"); do
		echo "$(pkg-config --variable=pcfiledir "$m")/$m.pc"
	done
	sed -n 's|^AC_CHECK_HEADER(\[\([^]]*\)\].*|/usr/include/\1|p' "$top/configure.ac"
} | while read -r f; do dpkg -S "$f" 2>/dev/null || echo "unknown: $f"; done | cut -d: -f1 | sort -u)
lacking=$(comm -23 <(echo "$needed") <(echo "$build"))
check "the build stage installs every -dev package the build needs" "lacking: $(echo $lacking)" \
	test -n "$needed" -a -z "$lacking"
