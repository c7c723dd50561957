/*
 * transform_images.c - `images` (and the deprecated `imageTags`).
 *
 * Per entry, two passes as kustomize v5.5.0 makes them (kustomize.md 6.5):
 * a walk of the whole object for `containers`/`initContainers` lists, then
 * the image field specs; fields both passes reach are updated twice, which
 * only shows with tagSuffix (reproduced on purpose). krender finds each
 * resource's image fields once and applies all entries to them in order,
 * which gives the same result without a full walk per entry. The entry's name is a
 * regular expression inserted unescaped, as kustomize does; a whole image
 * string must match ^name(:tag)?(@sha256:digest)?$.
 * Recursion in the legacy walk follows the document, whose depth the loader
 * bounds.
 */
#include "kustomize/transform.h"
#include "util/vec.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "util/pattern.h"

struct image_rule {
	const char *name;
	const char *new_name;
	const char *new_tag;
	const char *digest;
	const char *tag_suffix;
	kr_pattern name_re; /* the entry's name (a regular expression, as in kustomize) */
	regex_t re;         /* name, tag and digest, when the name is not simple */
	bool has_re;
};

#define TAG_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.{}-"

/* ^NAME(:[tag chars]*)?(@sha256:[tag chars]*)?$ */
static bool rule_matches(const struct image_rule *rule, const char *image)
{
	const char *p = image + rule->name_re.len;

	if (rule->has_re)
		return regexec(&rule->re, image, 0, NULL, 0) == 0;
	if (!kr_pattern_prefix(&rule->name_re, image))
		return false;
	if (*p == ':')
		p += 1 + strspn(p + 1, TAG_CHARS);
	if (strncmp(p, "@sha256:", 8) == 0)
		p += 8 + strspn(p + 8, TAG_CHARS);
	return *p == '\0';
}

/* An image field of one resource and how many of kustomize's passes reach it. */
struct site {
	kr_node *value;
	int times;
};

struct img_ctx {
	kr_render *r;
	struct site *sites;
	size_t n, cap;
};

/* Rewrite @image per @rule into a new arena string, or NULL when it does not match. */
static char *rewrite(kr_arena *a, const struct image_rule *rule, const char *image)
{
	const char *at = strchr(image, '@');
	const char *slash, *colon;
	size_t nlen;
	char *name, *tag = NULL, *digest = NULL;

	if (!rule_matches(rule, image))
		return NULL;
	nlen = at ? (size_t)(at - image) : strlen(image);
	if (at)
		digest = kr_arena_strdup(a, at + 1);
	/* a ':' after the last '/' starts the tag (a registry port comes before it) */
	slash = memrchr(image, '/', nlen);
	colon = memrchr(slash ? slash : image, ':', nlen - (size_t)((slash ? slash : image) - image));
	if (colon) {
		tag = kr_arena_memdup(a, colon + 1, nlen - (size_t)(colon + 1 - image));
		nlen = (size_t)(colon - image);
	}
	name = kr_arena_memdup(a, image, nlen);
	if (!name)
		return NULL;
	if (rule->new_name)
		name = (char *)rule->new_name;
	if (rule->new_tag && rule->digest) {
		tag = (char *)rule->new_tag;
		digest = (char *)rule->digest;
	} else if (rule->new_tag) {
		tag = (char *)rule->new_tag;
		digest = NULL;
	} else if (rule->digest) {
		digest = (char *)rule->digest;
		tag = NULL;
	} else if (rule->tag_suffix) {
		tag = kr_arena_sprintf(a, "%s%s", tag ? tag : "", rule->tag_suffix);
		digest = NULL;
	}
	return kr_arena_sprintf(a, "%s%s%s%s%s", name, tag ? ":" : "", tag ? tag : "", digest ? "@" : "",
				digest ? digest : "");
}

static int add_site(struct img_ctx *c, kr_node *value)
{
	size_t i;

	if (!value || value->kind != KR_NODE_SCALAR || value->type != KR_SCALAR_STR)
		return 0;
	for (i = 0; i < c->n; i++) {
		if (c->sites[i].value == value) {
			c->sites[i].times++;
			return 0;
		}
	}
	if (kr_vec_grow(&c->sites, &c->cap, c->n + 1, sizeof(*c->sites)) < 0)
		return kr_err_set(c->r->err, KR_ENOMEM, NULL, "out of memory");
	c->sites[c->n].value = value;
	c->sites[c->n].times = 1;
	c->n++;
	return 0;
}

static int visit_image(void *ctx, kr_node *map, const char *key, kr_node *value)
{
	(void)map;
	(void)key;
	return add_site(ctx, value);
}

/* Pass 1: every `containers`/`initContainers` list anywhere in the object. */
static int legacy_walk(struct img_ctx *c, kr_node *n)
{
	size_t i;
	int rc = 0;

	if (n->kind == KR_NODE_SEQ) {
		for (i = 0; i < n->len && rc == 0; i++)
			rc = legacy_walk(c, n->u.items[i]);
		return rc;
	}
	if (n->kind != KR_NODE_MAP)
		return 0;
	for (i = 0; i < n->len && rc == 0; i++) {
		kr_node *k = n->u.pairs[i].key, *v = n->u.pairs[i].value;
		if ((kr_node_str_eq(k, "containers") || kr_node_str_eq(k, "initContainers")) &&
		    v->kind == KR_NODE_SEQ) {
			size_t j;
			for (j = 0; j < v->len && rc == 0; j++)
				if (v->u.items[j]->kind == KR_NODE_MAP)
					rc = add_site(c, kr_node_map_get(v->u.items[j], "image"));
		} else {
			rc = legacy_walk(c, v);
		}
	}
	return rc;
}

/* Rewrite one image field with @rule, @times times over. */
static int apply_site(kr_render *r, const struct image_rule *rule, struct site *s)
{
	int t;

	for (t = 0; t < s->times; t++) {
		char *text = kr_arena_memdup(r->a, s->value->u.str, s->value->len);
		char *out;
		if (!text)
			return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		out = rewrite(r->a, rule, text);
		if (!out)
			return 0;
		s->value->u.str = out;
		s->value->len = strlen(out);
	}
	return 0;
}

static int compile_rule(kr_render *r, const kr_kustomization *k, const kr_node *e, struct image_rule *rule)
{
	char *pattern;
	kr_mark m = kr_transform_mark(k, e);

	rule->name = kr_kust_field_text(e, "name");
	rule->new_name = kr_kust_field_text(e, "newName");
	rule->new_tag = kr_kust_field_text(e, "newTag");
	rule->digest = kr_kust_field_text(e, "digest");
	rule->tag_suffix = kr_kust_field_text(e, "tagSuffix");
	/* no name is no error: the pattern then matches only "", ":tag" and "@digest" */
	if (!rule->name)
		rule->name = "";
	if (kr_pattern_compile(&rule->name_re, rule->name) != 0)
		return kr_err_set(r->err, KR_EINVAL, &m, "images entry name '%s' is not a valid pattern",
				  rule->name);
	kr_pattern_free(&rule->name_re);
	if (rule->name_re.simple)
		return 0;
	pattern = kr_arena_sprintf(r->a, "^%s(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$",
				   rule->name);
	if (!pattern || regcomp(&rule->re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return kr_err_set(r->err, KR_EINVAL, &m, "images entry name '%s' is not a valid pattern",
				  rule->name);
	rule->has_re = true;
	return 0;
}

/*
 * Every resource's image fields are found once (both passes), then every
 * entry is applied in order; a field both passes reach is rewritten twice
 * per entry, exactly as kustomize's entry-by-entry, pass-by-pass run does.
 */
static int apply_rules(kr_render *r, kr_resmap *rm, const struct image_rule *rules, size_t nrules,
		       const kr_fieldspecs *extra)
{
	struct img_ctx c = {r, NULL, 0, 0};
	size_t i, j, e;
	int rc = 0;

	for (i = 0; i < rm->n && rc == 0; i++) {
		kr_resource *res = rm->items[i];
		if (strcmp(res->id.kind, "CustomResourceDefinition") == 0)
			continue;
		c.n = 0;
		rc = legacy_walk(&c, res->root);
		for (j = 0; kr_fs_images[j].path && rc == 0; j++)
			rc = kr_fieldspec_walk(r->a, res->root, &kr_fs_images[j], visit_image, &c, r->err);
		for (j = 0; j < extra->n && rc == 0; j++)
			if (kr_fieldspec_matches(&extra->v[j], &res->id))
				rc = kr_fieldspec_walk(r->a, res->root, &extra->v[j], visit_image, &c, r->err);
		for (e = 0; e < nrules && rc == 0; e++)
			for (j = 0; j < c.n && rc == 0; j++)
				rc = apply_site(r, &rules[e], &c.sites[j]);
	}
	free(c.sites);
	return rc;
}

int kr_transform_images(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_tfconfig *cfg)
{
	const kr_node *lists[2] = {k->images, k->image_tags};
	size_t total = (k->images ? k->images->len : 0) + (k->image_tags ? k->image_tags->len : 0);
	struct image_rule *rules = calloc(total ? total : 1, sizeof(*rules));
	size_t l, i, n = 0;
	int rc = 0;

	if (!rules)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "out of memory");
	for (l = 0; l < 2 && rc == 0; l++)
		for (i = 0; lists[l] && i < lists[l]->len && rc == 0; i++) {
			rc = compile_rule(r, k, lists[l]->u.items[i], &rules[n]);
			if (rc == 0)
				n++;
		}
	if (rc == 0)
		rc = apply_rules(r, rm, rules, n, &cfg->images);
	for (i = 0; i < n; i++)
		if (rules[i].has_re)
			regfree(&rules[i].re);
	free(rules);
	return rc;
}
