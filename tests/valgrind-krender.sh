#!/bin/sh
# valgrind-krender.sh - run krender under valgrind (memcheck): any invalid
# access or definite leak makes it exit 99, which the conformance runner
# reports as a failed case. Used by `make check-valgrind`.
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite "${KRENDER_REAL:-$(dirname "$0")/../krender}" "$@"
