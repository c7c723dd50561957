/*
 * kustomization.h - one kustomization.yaml, decoded and checked.
 *
 * Decoding follows kustomize: unknown fields and wrong types are errors
 * worded like kustomize's ("invalid Kustomization: json: unknown field"),
 * scalar types are judged with YAML 1.1 rules as sigs.k8s.io/yaml does.
 * krender is stricter in one place: duplicate keys are errors.
 * Fields kustomize knows but krender does not implement yet are refused
 * with KR_EUNSUP naming the field, never silently ignored.
 */
#ifndef KR_KUSTOMIZE_KUSTOMIZATION_H
#define KR_KUSTOMIZE_KUSTOMIZATION_H

#include <stdbool.h>

#include "resource/resource.h"
#include "util/buf.h"
#include "yaml/node.h"

typedef struct kr_kust_entry {
	const char *path;     /* as written */
	const kr_node *node;  /* for line and column in errors */
} kr_kust_entry;

#define KR_BUILDMETA_ORIGIN 0x1       /* originAnnotations */
#define KR_BUILDMETA_TRANSFORMERS 0x2 /* transformerAnnotations */
#define KR_BUILDMETA_MANAGED_BY 0x4   /* managedByLabel */

typedef struct kr_kustomization {
	const char *dir;  /* canonical directory */
	const char *file; /* root-relative path of the kustomization file */
	const char *path; /* canonical path of the kustomization file */
	bool is_component;
	kr_kust_entry *resources; /* resources, then bases (kustomize appends them) */
	size_t n_resources;
	bool has_sort;
	kr_sort_options sort;
	/* transformers and generators; NULL when absent */
	const char *namespace_;
	const char *name_prefix;
	const char *name_suffix;
	const kr_node *common_labels;      /* map string -> string */
	const kr_node *common_annotations; /* map string -> string */
	const kr_node *labels;             /* list of {pairs, includeSelectors, includeTemplates, fields} */
	const kr_node *images;             /* list, imageTags appended */
	const kr_node *image_tags;
	const kr_node *replicas;           /* list of {name, count} */
	const kr_node *configmap_gens;     /* list */
	const kr_node *secret_gens;        /* list */
	const kr_node *generator_options;  /* map */
	kr_kust_entry *configurations;     /* transformer configuration files */
	size_t n_configurations;
	kr_kust_entry *crds;               /* OpenAPI definition files */
	size_t n_crds;
	const kr_node *patches;            /* list of {path|patch, target, options} */
	const kr_node *patches_sm;         /* patchesStrategicMerge: list of strings */
	const kr_node *patches_json6902;   /* list of {target, path|patch} */
	const kr_node *vars;               /* list of {name, objref, fieldref} */
	const kr_node *replacements;       /* list of {source, targets} or {path} */
	const kr_node *helm_globals;       /* helmGlobals: chartHome, configHome */
	const kr_node *helm_charts;        /* helmCharts (or the deprecated generator list) */
	const kr_node *generators;         /* builtin plugin configurations (strings) */
	const kr_node *transformers;
	const kr_node *validators;
	kr_kust_entry *components;         /* component directories */
	size_t n_components;
	const char *openapi_version;       /* openapi.version (only v1.21.2 is built in) */
	kr_kust_entry openapi_path;        /* openapi.path: a custom schema file */
	unsigned build_metadata;           /* KR_BUILDMETA_* */
} kr_kustomization;

/*
 * kr_kust_json_type() - the JSON type encoding/json sees for kustomization
 * node @n once sigs.k8s.io/yaml read it with YAML 1.1 rules: "object",
 * "array", "string", "null", "bool" or "number" (used in type errors).
 */
const char *kr_kust_json_type(const kr_node *n);

/*
 * kr_kust_text() - the text of a kustomization scalar as sigs.k8s.io/yaml
 * reads it (the source text of a plain scalar; "" for null). Borrowed,
 * NUL-terminated.
 */
const char *kr_kust_text(const kr_node *n);

/* kr_kust_field_text() - kr_kust_text() of scalar field @key of @map; NULL when absent, null or not a scalar. */
const char *kr_kust_field_text(const kr_node *map, const char *key);

/*
 * kr_kustomization_parse() - decode the document @root of file @file (the
 * root-relative name) in canonical directory @dir. Deprecation warnings are
 * appended to @warnings, one line each, as kustomize prints them.
 */
int kr_kustomization_parse(kr_kustomization *k, kr_arena *a, const kr_node *root,
			   const char *dir, const char *file, kr_buf *warnings, kr_err *err);

#endif
