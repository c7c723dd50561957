/*
 * textdiff.h - line diffs of two texts, in POSIX diff's normal format (what
 * `argocd app diff` shows: it runs plain `diff live target`) or unified.
 */
#ifndef KR_DIFF_TEXTDIFF_H
#define KR_DIFF_TEXTDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/*
 * kr_textdiff() - append the diff of @old/@olen against @new/@nlen to @out:
 * normal format, or unified with 3 lines of context when @unified (headed
 * by @oldname/@newname), coloured when @color. Up to 4M line pairs the
 * edit script is a longest common subsequence; beyond, the texts are shown
 * as one change. Returns 0 or KR_E*.
 */
int kr_textdiff(kr_buf *out, const char *old, size_t olen, const char *new, size_t nlen, bool unified,
		const char *oldname, const char *newname, bool color);

#endif
