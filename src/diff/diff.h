/*
 * diff.h - desired against live state, as ArgoCD compares them.
 *
 * kr_diff_compute() pairs desired and live objects by group/kind/namespace/
 * name, normalises both the ArgoCD way (ignore rules, then the built-in
 * normalisations), predicts the live object after an apply (2-way, or
 * 3-way from the last-applied-configuration annotation) and compares the
 * canonical JSON of prediction and live by XXH3-128 hash. Items come out
 * sorted by key; the trees they carry are normalised and Secret-masked,
 * ready to print. Everything lives in the caller's arena.
 */
#ifndef KR_DIFF_DIFF_H
#define KR_DIFF_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"
#include "yaml/node.h"

enum kr_diff_status {
	KR_DIFF_SYNCED,
	KR_DIFF_OUTOFSYNC, /* both present, the prediction differs from live */
	KR_DIFF_MISSING,   /* desired, not live */
	KR_DIFF_EXTRANEOUS /* live, not desired */
};

/* Which /status fields are ignored (argocd-cm resource.compareoptions). */
enum kr_status_mode { KR_STATUS_ALL, KR_STATUS_CRD, KR_STATUS_NONE };

/* One ignoreDifferences rule. */
typedef struct kr_diff_rule {
	const char *group, *kind; /* globs; "" group = core only */
	const char *name, *ns;    /* exact, or "" for any */
	struct kr_json_pointer *pointers; /* RFC 6901 JSON pointers, parsed */
	size_t npointers;
	const char **jq;          /* jq path expressions, evaluated by krender-jq */
	size_t njq;
	const char **managers;    /* managedFieldsManagers */
	size_t nmanagers;
	const char *origin;       /* "APP.yaml: ignoreDifferences[2]", for errors */
} kr_diff_rule;

/* A field of a kind declared as a known type (argocd-cm knownTypeFields). */
enum kr_known_type { KR_KNOWN_QUANTITY, KR_KNOWN_DURATION, KR_KNOWN_POD_SPEC };
typedef struct kr_known_field {
	const char *group, *kind;
	const char **path; /* field path segments; lists on the way are walked element-wise */
	size_t npath;
	enum kr_known_type type;
} kr_known_field;

typedef struct kr_diff_config {
	const char *ns; /* destination namespace for objects without one */
	const kr_diff_rule *rules;
	size_t nrules;
	enum kr_status_mode status;
	const char **mask_annotations; /* resource.sensitive.mask.annotations */
	size_t nmask;
	long jq_timeout_ms; /* per evaluation (ArgoCD's ignore.normalizer.jq.timeout, 1 s) */
	bool hashes_only;   /* no trees wanted in the items (JSON output): predict in place */
	bool no_predict;    /* two desired states (krender preview): compared as normalised, no apply predicted */
	const kr_known_field *known;
	size_t nknown;
} kr_diff_config;

typedef struct kr_diff_item {
	const char *group, *kind, *ns, *name;
	const char *key;         /* group/kind/namespace/name: the sort order */
	kr_node *live, *target;  /* normalised, masked; target is the predicted live; NULL: absent
				  * (and NULL when the config asked for hashes only) */
	enum kr_diff_status status;
	bool ignore_extraneous;  /* compare-options IgnoreExtraneous: does not flip the app */
	unsigned char live_hash[16], target_hash[16];
} kr_diff_item;

typedef struct kr_diff_result {
	kr_diff_item *items;
	size_t n;
	bool out_of_sync;         /* the app */
	unsigned char app_hash[16]; /* of the desired state: keys and predicted objects */
} kr_diff_result;

/*
 * kr_diff_compute() - compare @desired (@nd objects) with @live (@nl).
 * The trees are normalised in place (the items point into them): load them
 * into @a for this call. Hooks are left out, as ArgoCD's app diff does. Returns 0 or KR_E* with
 * @err set (a duplicate key, a bad rule).
 */
int kr_diff_compute(kr_arena *a, const kr_diff_config *c, kr_node *const *desired, size_t nd,
		    kr_node *const *live, size_t nl, kr_diff_result *out, kr_err *err);

/* kr_diff_status_name() - "Synced", "OutOfSync", "Missing", "Extraneous". */
const char *kr_diff_status_name(enum kr_diff_status s);

#endif
