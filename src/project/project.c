/*
 * project.c - AppProject checks (see project.h). Rules as ArgoCD codes them:
 * a deny entry of sourceRepos that does not match counts as an allow; a
 * destination is permitted when some item allows it and no item denies it;
 * a namespaced kind needs the whitelist (nil: all, []: none) and not the
 * blacklist, a cluster-scoped one needs the whitelist (nil or []: none).
 */
#include "project/project.h"

#include <ctype.h>
#include <string.h>

#include "resource/resource.h"
#include "util/glob.h"

static const char *text(kr_arena *a, const kr_node *n)
{
	const char *t = n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(a, n) : "";

	return t ? t : "";
}

/* ArgoCD's NormalizeGitURL, as far as matching needs it */
static const char *normalize_url(kr_arena *a, const char *url)
{
	char *u = kr_arena_strdup(a, url), *s, *colon, *slash;
	size_t n;

	if (!u)
		return url;
	while (isspace((unsigned char)*u))
		u++;
	for (n = strlen(u); n && isspace((unsigned char)u[n - 1]); n--)
		u[n - 1] = '\0';
	for (s = u; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	if (strncmp(u, "ssh://", 6) == 0)
		u += 6;
	n = strlen(u);
	if (n > 4 && strcmp(u + n - 4, ".git") == 0)
		u[n - 4] = '\0';
	/* scp-style user@host:path: the ':' becomes '/' */
	if (!strstr(u, "://") && (colon = strchr(u, ':')) != NULL && strchr(u, '@') && strchr(u, '@') < colon &&
	    (!(slash = strchr(u, '/')) || colon < slash))
		*colon = '/';
	return u;
}

bool kr_project_repo_permitted(kr_arena *a, const kr_node *repos, const char *url)
{
	const char *u = normalize_url(a, url);
	bool allowed = false;
	size_t i;

	for (i = 0; repos && repos->kind == KR_NODE_SEQ && i < repos->len; i++) {
		const char *p = text(a, repos->u.items[i]);
		bool deny = p[0] == '!';
		const char *pat = normalize_url(a, deny ? p + 1 : p);
		bool match = (!deny && strcmp(p, "*") == 0) || kr_glob_match(pat, u, '/');

		if (deny && match)
			return false;
		if (deny || match)
			allowed = true; /* a deny entry that does not match allows */
	}
	return allowed;
}

static bool glob_dest(const char *p, const char *v)
{
	if (p[0] == '!')
		return !kr_glob_match(p + 1, v, 0);
	return strcmp(p, "*") == 0 || kr_glob_match(p, v, 0);
}

bool kr_project_dest_permitted(kr_arena *a, const kr_node *dests, const char *server, const char *name, const char *ns)
{
	bool allowed = false;
	size_t i;

	for (i = 0; dests && dests->kind == KR_NODE_SEQ && i < dests->len; i++) {
		const kr_node *d = dests->u.items[i];
		const char *ps = text(a, kr_node_map_get(d, "server")), *pn = text(a, kr_node_map_get(d, "name"));
		const char *pns = text(a, kr_node_map_get(d, "namespace"));
		bool name_ok = *name && glob_dest(pn, name), server_ok = *server && glob_dest(ps, server), ns_ok = glob_dest(pns, ns);

		if ((server_ok || name_ok) && ns_ok)
			allowed = true;
		else if (pn[0] == '!' && !name_ok)
			return false;
		else if (ps[0] == '!' && !server_ok && ns_ok)
			return false;
		else if (pns[0] == '!' && !ns_ok && server_ok)
			return false;
	}
	return allowed;
}

/* whether @list holds an entry matching group @g, kind @k (and name @n when @names) */
static bool listed(kr_arena *a, const kr_node *list, const char *g, const char *k, const char *n, bool names)
{
	size_t i;

	for (i = 0; list && list->kind == KR_NODE_SEQ && i < list->len; i++) {
		const kr_node *e = list->u.items[i];
		const char *pg = text(a, kr_node_map_get(e, "group")), *pk = text(a, kr_node_map_get(e, "kind"));
		const char *pn = names ? text(a, kr_node_map_get(e, "name")) : "";

		if (kr_go_path_match(pg, g) && kr_go_path_match(pk, k) && (!*pn || kr_go_path_match(pn, n)))
			return true;
	}
	return false;
}

static int deny(kr_buf *r, size_t *count, const char *what, const char *why, const char *rule)
{
	(*count)++;
	return kr_buf_printf(r, "DENY %s: %s (%s)\n", what, why, rule);
}

int kr_project_check(kr_arena *a, const kr_node *project, const kr_node *app, kr_node *const *objs, size_t n,
		     kr_buf *report, size_t *violations, kr_err *err)
{
	const kr_node *spec = kr_node_map_get(project, "spec"), *aspec = kr_node_map_get(app, "spec");
	const kr_node *dest = kr_node_map_get(aspec, "destination"), *sources = kr_node_map_get(aspec, "sources");
	const char *pname = text(a, kr_node_map_get(kr_node_map_get(project, "metadata"), "name"));
	const char *server = text(a, kr_node_map_get(dest, "server")), *dname = text(a, kr_node_map_get(dest, "name"));
	const char *dns = text(a, kr_node_map_get(dest, "namespace"));
	size_t i, count;
	int rc = 0;

	*violations = 0;
	if (!kr_node_str_eq(kr_node_map_get(project, "kind"), "AppProject"))
		return kr_err_set(err, KR_EINVAL, NULL, "not an AppProject");
	count = sources && sources->kind == KR_NODE_SEQ && sources->len ? sources->len : 1;
	for (i = 0; i < count && rc == 0; i++) {
		const kr_node *src = sources && sources->kind == KR_NODE_SEQ && sources->len ? sources->u.items[i]
											 : kr_node_map_get(aspec, "source");
		const char *url = text(a, kr_node_map_get(src, "repoURL"));

		if (!kr_project_repo_permitted(a, kr_node_map_get(spec, "sourceRepos"), url))
			rc = deny(report, violations, kr_arena_sprintf(a, "source %s", url),
				  kr_arena_sprintf(a, "the repository is not permitted in project '%s'", pname), "spec.sourceRepos");
	}
	if (rc == 0 && !kr_project_dest_permitted(a, kr_node_map_get(spec, "destinations"), server, dname, dns))
		rc = deny(report, violations, kr_arena_sprintf(a, "destination %s%s%s namespace %s", server, *server && *dname ? " / " : "", dname, dns),
			  kr_arena_sprintf(a, "not permitted in project '%s'", pname), "spec.destinations");
	for (i = 0; i < n && rc == 0; i++) {
		const kr_node *o = objs[i], *meta = kr_node_map_get(o, "metadata");
		const char *api = text(a, kr_node_map_get(o, "apiVersion")), *slash = strchr(api, '/');
		char *group = slash ? kr_arena_memdup(a, api, (size_t)(slash - api) + 1) : "";
		const char *kind = text(a, kr_node_map_get(o, "kind")), *name = text(a, kr_node_map_get(meta, "name"));
		const char *ns = text(a, kr_node_map_get(meta, "namespace"));
		kr_resid id = {0};
		const char *what;

		if (!group)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		if (slash)
			group[slash - api] = '\0';
		id.group = group, id.version = slash ? slash + 1 : api, id.kind = kind;
		what = kr_arena_sprintf(a, "%s%s%s %s%s%s", group, *group ? "/" : "", kind, *ns ? ns : "", *ns ? "/" : "", name);
		if (kr_resid_is_cluster_scoped(&id)) {
			const kr_node *wl = kr_node_map_get(spec, "clusterResourceWhitelist");

			if (!listed(a, wl, group, kind, name, true))
				rc = deny(report, violations, what, "cluster-scoped kind not in the whitelist (nil or empty denies all)",
					  "spec.clusterResourceWhitelist");
			else if (listed(a, kr_node_map_get(spec, "clusterResourceBlacklist"), group, kind, name, true))
				rc = deny(report, violations, what, "blacklisted", "spec.clusterResourceBlacklist");
			continue;
		}
		{
			const kr_node *wl = kr_node_map_get(spec, "namespaceResourceWhitelist");
			bool nil = !wl || (wl->kind == KR_NODE_SCALAR && wl->type == KR_SCALAR_NULL);

			if (!nil && !listed(a, wl, group, kind, name, false))
				rc = deny(report, violations, what, "kind not in the whitelist (an empty list denies all)",
					  "spec.namespaceResourceWhitelist");
			else if (listed(a, kr_node_map_get(spec, "namespaceResourceBlacklist"), group, kind, name, false))
				rc = deny(report, violations, what, "blacklisted", "spec.namespaceResourceBlacklist");
			else if (!kr_project_dest_permitted(a, kr_node_map_get(spec, "destinations"), server, dname, *ns ? ns : dns))
				rc = deny(report, violations, what,
					  kr_arena_sprintf(a, "namespace %s is not a permitted destination", *ns ? ns : dns),
					  "spec.destinations");
		}
	}
	return rc < 0 ? kr_err_set(err, KR_ENOMEM, NULL, "out of memory") : 0;
}
