/*
 * project.c - AppProject checks (see project.h). Rules as ArgoCD codes them:
 * a deny entry of sourceRepos that does not match counts as an allow; a
 * destination is permitted when some item allows it and no item denies it;
 * a namespaced kind needs the whitelist (nil: all, []: none) and not the
 * blacklist, a cluster-scoped one needs the whitelist (nil or []: none).
 * An app outside the controller's namespace needs a sourceNamespaces entry
 * (glob, or /regexp/); a destination has a name or a server, not both, and
 * is checked with the cluster's name and server both (the built-in
 * in-cluster, or the given cluster Secrets); permitOnlyProjectScopedClusters
 * further needs a cluster Secret whose project is this one.
 */
#include "project/project.h"

#include <regex.h>
#include <string.h>

#include "resource/resource.h"
#include "util/glob.h"
#include "util/repourl.h"

static const char *text(kr_arena *a, const kr_node *n)
{
	const char *t = n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(a, n) : "";

	return t ? t : "";
}

bool kr_project_repo_permitted(kr_arena *a, const kr_node *repos, const char *url)
{
	const char *u = kr_repo_url_normalize(a, url);
	bool allowed = false;
	size_t i;

	for (i = 0; repos && repos->kind == KR_NODE_SEQ && i < repos->len; i++) {
		const char *p = text(a, repos->u.items[i]);
		bool deny = p[0] == '!';
		const char *pat = kr_repo_url_normalize(a, deny ? p + 1 : p);
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

#define IN_CLUSTER_NAME "in-cluster"
#define IN_CLUSTER_SERVER "https://kubernetes.default.svc"

/* standard base64 @s decoded in @a; NULL when it is not */
static char *unbase64(kr_arena *a, const char *s)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i, o = 0;
	char *d = kr_arena_alloc(a, n + 1);
	unsigned acc = 0, bits = 0;

	for (i = 0; d && i < n && s[i] != '='; i++) {
		const char *c = strchr(tab, s[i]);

		if (!c || !s[i])
			return NULL;
		acc = acc << 6 | (unsigned)(c - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			d[o++] = (char)(acc >> bits & 0xff);
		}
	}
	if (d)
		d[o] = '\0';
	return d;
}

/* field @key of cluster Secret @s: stringData wins over (base64) data */
static const char *secret_field(kr_arena *a, const kr_node *s, const char *key)
{
	const kr_node *v = kr_node_map_get(kr_node_map_get(s, "stringData"), key);
	const char *d;

	if (v)
		return text(a, v);
	d = unbase64(a, text(a, kr_node_map_get(kr_node_map_get(s, "data"), key)));
	return d ? d : "";
}

static bool is_cluster_secret(const kr_node *s)
{
	return kr_node_str_eq(kr_node_map_get(s, "kind"), "Secret") &&
	       kr_node_str_eq(kr_node_map_get(kr_node_map_get(kr_node_map_get(s, "metadata"), "labels"),
					      "argocd.argoproj.io/secret-type"),
			      "cluster");
}

/* the cluster named @name (IN_CLUSTER_NAME unless a Secret says otherwise): its server, count of matches */
static size_t cluster_by_name(kr_arena *a, const kr_project_env *env, const char *name, const char **server, kr_buf *all)
{
	size_t i, n = 0;

	for (i = 0; i < env->nclusters; i++) {
		if (!is_cluster_secret(env->clusters[i]) || strcmp(secret_field(a, env->clusters[i], "name"), name) != 0)
			continue;
		*server = secret_field(a, env->clusters[i], "server");
		kr_buf_printf(all, "%s%s", n ? " " : "", *server);
		n++;
	}
	if (!n && strcmp(name, IN_CLUSTER_NAME) == 0) {
		*server = IN_CLUSTER_SERVER;
		n = 1;
	}
	return n;
}

/* the name of the cluster at @server, "" when unknown */
static const char *cluster_by_server(kr_arena *a, const kr_project_env *env, const char *server)
{
	size_t i;

	for (i = 0; i < env->nclusters; i++)
		if (is_cluster_secret(env->clusters[i]) && strcmp(secret_field(a, env->clusters[i], "server"), server) == 0)
			return secret_field(a, env->clusters[i], "name");
	return strcmp(server, IN_CLUSTER_SERVER) == 0 ? IN_CLUSTER_NAME : "";
}

/* permitOnlyProjectScopedClusters: a cluster Secret of project @pname with this name or server */
static bool scoped_cluster(kr_arena *a, const kr_project_env *env, const char *pname, const char *server, const char *name)
{
	size_t i;

	for (i = 0; i < env->nclusters; i++) {
		const kr_node *c = env->clusters[i];

		if (is_cluster_secret(c) && strcmp(secret_field(a, c, "project"), pname) == 0 &&
		    (strcmp(secret_field(a, c, "name"), name) == 0 || strcmp(secret_field(a, c, "server"), server) == 0))
			return true;
	}
	return false;
}

/* glob.MatchStringInList(list, ns, REGEXP): "/re/" entries as unanchored regular expressions, the rest as globs */
static bool namespace_listed(kr_arena *a, const kr_node *list, const char *ns)
{
	size_t i;

	for (i = 0; list && list->kind == KR_NODE_SEQ && i < list->len; i++) {
		const char *p = text(a, list->u.items[i]);
		size_t n = strlen(p);

		if (n >= 2 && p[0] == '/' && p[n - 1] == '/') {
			char *re = kr_arena_memdup(a, p + 1, n - 1);
			regex_t r;
			bool m;

			if (re) {
				re[n - 2] = '\0';
				if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB) == 0) {
					m = regexec(&r, ns, 0, NULL, 0) == 0;
					regfree(&r);
					if (m)
						return true;
				}
			}
		}
		if (kr_glob_match(p, ns, 0))
			return true;
	}
	return false;
}

static int deny(kr_buf *r, size_t *count, const char *what, const char *why, const char *rule)
{
	(*count)++;
	return kr_buf_printf(r, "DENY %s: %s (%s)\n", what, why, rule);
}

int kr_project_check(kr_arena *a, const kr_project_env *env, const kr_node *project, const kr_node *app,
		     kr_node *const *objs, size_t n, kr_buf *report, size_t *violations, kr_err *err)
{
	static const kr_project_env defaults = {NULL, NULL, 0};
	const kr_node *ameta = kr_node_map_get(app, "metadata");
	const char *aname = text(a, kr_node_map_get(ameta, "name")), *ans = text(a, kr_node_map_get(ameta, "namespace"));
	const char *cns, *rserver, *rname;
	bool dest_valid = true, scoped_only;
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
	env = env ? env : &defaults;
	cns = env->controller_ns ? env->controller_ns : "argocd";
	scoped_only = kr_node_str_eq(kr_node_map_get(spec, "permitOnlyProjectScopedClusters"), "true");
	/* AppProject.IsAppNamespacePermitted: the controller's namespace (or none) always is */
	if (*ans && strcmp(ans, cns) != 0 && !namespace_listed(a, kr_node_map_get(spec, "sourceNamespaces"), ans))
		rc = deny(report, violations, kr_arena_sprintf(a, "application %s", aname),
			  kr_arena_sprintf(a, "application '%s' in namespace '%s' is not permitted to use project '%s'", aname, ans, pname),
			  "spec.sourceNamespaces");
	/* the destination: a name or a server (ValidateDestination), then the cluster's name and server both */
	rserver = server, rname = dname;
	if (rc == 0 && *dname && *server) {
		dest_valid = false;
		rc = deny(report, violations, "destination",
			  kr_arena_sprintf(a, "application destination can't have both name and server defined: %s %s", dname, server),
			  "spec.destination");
	} else if (rc == 0 && !*dname && !*server) {
		dest_valid = false;
		rc = deny(report, violations, "destination", "destination must have either server or name set", "spec.destination");
	} else if (rc == 0 && *dname) {
		kr_buf all;
		size_t found;

		kr_buf_init(&all, 4096);
		found = cluster_by_name(a, env, dname, &rserver, &all);

		if (found != 1 && env->nclusters) {
			dest_valid = false;
			rc = deny(report, violations, "destination",
				  found ? kr_arena_sprintf(a, "unable to find destination server: there are %zu clusters with the same name: [%.*s]",
							   found, (int)all.len, all.data ? all.data : "")
					: kr_arena_sprintf(a, "application references destination cluster %s which does not exist", dname),
				  "spec.destination");
		} else if (found != 1) {
			rserver = ""; /* without cluster Secrets an unknown name is matched by name alone */
		}
		kr_buf_dispose(&all);
	} else if (rc == 0) {
		rname = cluster_by_server(a, env, server);
	}	count = sources && sources->kind == KR_NODE_SEQ && sources->len ? sources->len : 1;
	for (i = 0; i < count && rc == 0; i++) {
		const kr_node *src = sources && sources->kind == KR_NODE_SEQ && sources->len ? sources->u.items[i]
											 : kr_node_map_get(aspec, "source");
		const char *url = text(a, kr_node_map_get(src, "repoURL"));

		if (!kr_project_repo_permitted(a, kr_node_map_get(spec, "sourceRepos"), url))
			rc = deny(report, violations, kr_arena_sprintf(a, "source %s", url),
				  kr_arena_sprintf(a, "the repository is not permitted in project '%s'", pname), "spec.sourceRepos");
	}
	if (rc == 0 && dest_valid && !kr_project_dest_permitted(a, kr_node_map_get(spec, "destinations"), rserver, rname, dns))
		rc = deny(report, violations, kr_arena_sprintf(a, "destination %s%s%s namespace %s", server, *server && *dname ? " / " : "", dname, dns),
			  kr_arena_sprintf(a, "not permitted in project '%s'", pname), "spec.destinations");
	else if (rc == 0 && dest_valid && scoped_only && !scoped_cluster(a, env, pname, rserver, rname))
		rc = deny(report, violations, kr_arena_sprintf(a, "destination %s%s%s namespace %s", server, *server && *dname ? " / " : "", dname, dns),
			  kr_arena_sprintf(a, "the cluster is not scoped to project '%s'", pname), "spec.permitOnlyProjectScopedClusters");
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
			else if (dest_valid && (!kr_project_dest_permitted(a, kr_node_map_get(spec, "destinations"), rserver, rname, *ns ? ns : dns) ||
						(scoped_only && !scoped_cluster(a, env, pname, rserver, rname))))
				rc = deny(report, violations, what,
					  kr_arena_sprintf(a, "namespace %s is not a permitted destination", *ns ? ns : dns),
					  "spec.destinations");
		}
	}
	return rc < 0 ? kr_err_set(err, KR_ENOMEM, NULL, "out of memory") : 0;
}
