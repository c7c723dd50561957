/*
 * report.h - what `krender diff` prints: argocd app diff's text (a header
 * per differing resource, then a normal-format diff, live first), the
 * unified variant, or JSON with per-resource status and hashes.
 */
#ifndef KR_DIFF_REPORT_H
#define KR_DIFF_REPORT_H

#include <stdbool.h>

#include "diff/diff.h"
#include "util/buf.h"

enum kr_diff_format { KR_DIFF_TEXT, KR_DIFF_UNIFIED, KR_DIFF_JSON };

/* kr_diff_report() - append the report of @r to @out; @hash adds the app hash. */
int kr_diff_report(kr_buf *out, const kr_diff_result *r, enum kr_diff_format f, bool hash, bool color,
		   kr_err *err);

/* kr_diff_report_revisions() - the unified report of two revisions' desired states (`krender preview`):
 * the live side labelled "NAME (base)", the target "NAME (head)". */
int kr_diff_report_revisions(kr_buf *out, const kr_diff_result *r, kr_err *err);

#endif
