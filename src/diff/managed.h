/*
 * managed.h - ArgoCD's managedFieldsManagers: the fields of a live object
 * that the listed managers own (its metadata.managedFields, fieldsV1) are
 * carried into the desired object before the comparison, so that changes
 * made by those controllers (an HPA's replicas, an injected sidecar) do not
 * show as differences.
 */
#ifndef KR_DIFF_MANAGED_H
#define KR_DIFF_MANAGED_H

#include "diff/diff.h"
#include "resource/resource.h"

/*
 * kr_diff_managed() - copy into @target the fields of @live owned by the
 * managers of the rules of @c that match @id (@ns: its namespace). Must
 * run before normalisation (which drops managedFields). 0 or KR_ENOMEM.
 */
int kr_diff_managed(kr_arena *a, const kr_diff_config *c, const kr_resid *id, const char *ns, const kr_node *live,
		    kr_node *target);

#endif
