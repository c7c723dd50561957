/*
 * rules.h - the comparison settings of `krender diff` from ArgoCD's own
 * manifests: an Application (spec.ignoreDifferences, the destination
 * namespace) and the argocd-cm ConfigMap (resource.customizations.
 * ignoreDifferences.<group_kind> and .all, resource.compareoptions,
 * resource.sensitive.mask.annotations). Bad rules are errors naming the
 * file and the rule.
 */
#ifndef KR_DIFF_RULES_H
#define KR_DIFF_RULES_H

#include "diff/diff.h"
#include "diff/input.h"

/* kr_diff_rules_app() - add the rules of Application @app (read from @file) to @c. */
int kr_diff_rules_app(kr_arena *a, kr_diff_config *c, const kr_node *app, const char *file,
		      const char **dest_ns, kr_err *err);

/* kr_diff_rules_settings() - apply argocd-cm ConfigMap @cm (read from @file) to @c. */
int kr_diff_rules_settings(kr_arena *a, kr_diff_config *c, const kr_node *cm, const char *file, kr_err *err);

/*
 * kr_diff_rules_read() - the rules of argocd-cm file @settings and of the
 * Application in file @app_file (either may be NULL; an Application already
 * read is passed in *@app instead, and the one read is returned there),
 * added to @c; *@dest_ns gets the app's destination namespace. 0 or KR_E*.
 */
int kr_diff_rules_read(kr_arena *a, kr_diff_config *c, const char *settings, const char *app_file,
		       const kr_limits *lim, kr_node **app, const char **dest_ns, kr_err *err);

#endif
