/*
 * exec.c - executing a parsed template as text/template does: pipelines
 * pass each command's value to the next as its last argument; fields index
 * maps (missingkey decides what a missing key gives); variables live in a
 * scope stack; if/with test Go's truth; range walks lists and maps (keys
 * in order) and integers. A value read from a map or a list is an
 * interface{} to Go until a pipeline ends, which the messages show, and a
 * nil read that way prints "<no value>". Errors: "template: NAME:LINE:COL:
 * executing \"NAME\" at <NODE>: MESSAGE", at most one per execution.
 * Execution is bounded: template calls nest at most MAX_DEPTH deep, and at
 * most MAX_STEPS nodes and loop iterations run (Go has no such bound).
 */
#include "gotmpl/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 1000
/* a bound on nodes walked and loop iterations per execution: hostile templates end with an error */
#define MAX_STEPS 50000000

typedef struct val {
	kr_gt_value v;
	bool boxed; /* statically interface{}: read from a map or a list */
} val;

struct var {
	const char *name;
	val v;
};

struct state {
	kr_arena *a;
	const kr_gt_template *t;
	const char *exec_name; /* the template being executed */
	kr_buf *out;
	kr_err *err;
	struct var *vars;
	size_t nvars, cap;
	int depth;
	unsigned long steps;
	bool failed;
	int loop; /* 0, or 1 break / 2 continue pending */
};

static const val missing = {{KR_GT_INVALID, {0}}, false};

static void errorf(struct state *S, size_t pos, const char *show, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void errorf(struct state *S, size_t pos, const char *show, const char *fmt, ...)
{
	const char *text = S->t->text;
	char msg[1024];
	size_t i, last = (size_t)-1;
	int line = 1;
	va_list ap;

	if (S->failed)
		return;
	for (i = 0; i < pos; i++)
		if (text[i] == '\n')
			line++, last = i;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kr_err_set(S->err, KR_EINVAL, NULL, "template: %s:%d:%zu: executing \"%s\" at <%s>: %s", S->t->name, line,
		   last == (size_t)-1 ? pos : pos - last - 1, S->exec_name, show, msg);
	S->failed = true;
}

static val unbox(val x)
{
	if (x.boxed && x.v.kind == KR_GT_NIL)
		return missing; /* reflect.ValueOf(nil interface) */
	x.boxed = false;
	return x;
}

static const char *type_of(val x)
{
	return x.boxed ? "interface {}" : kr_gt_type_name(x.v);
}

static val eval_pipeline(struct state *S, val dot, const gt_pipe *p);

static val field(struct state *S, const char *name, const gt_arg *node, bool has_args, val recv)
{
	kr_gt_value got;
	bool found;

	if (S->failed)
		return missing;
	if (recv.v.kind == KR_GT_INVALID) {
		if (S->t->missing == KR_GT_MISSING_ERROR)
			errorf(S, node->pos, node->show, "nil data; no entry for key \"%s\"", name);
		return missing;
	}
	if (recv.v.kind == KR_GT_NIL) {
		errorf(S, node->pos, node->show, "nil pointer evaluating %s.%s", recv.boxed ? "interface {}" : "interface {}", name);
		return missing;
	}
	if (recv.v.kind != KR_GT_MAP) {
		errorf(S, node->pos, node->show, "can't evaluate field %s in type %s", name, type_of(recv));
		return missing;
	}
	if (has_args) {
		errorf(S, node->pos, node->show, "%s is not a method but has arguments", name);
		return missing;
	}
	got = kr_gt_map_get(recv.v, name, &found);
	if (!found) {
		if (S->t->missing == KR_GT_MISSING_ERROR)
			errorf(S, node->pos, node->show, "map has no entry for key \"%s\"", name);
		else if (S->t->missing == KR_GT_MISSING_ZERO)
			return (val){kr_gt_nil(), true};
		return missing;
	}
	return (val){got, true};
}

static val field_chain(struct state *S, val recv, const gt_arg *node, size_t first, bool has_args)
{
	size_t i;

	for (i = first; i < node->nidents && !S->failed; i++)
		recv = field(S, node->idents[i], node, has_args && i + 1 == node->nidents, recv);
	return recv;
}

static val var_value(struct state *S, const char *name)
{
	size_t i;

	for (i = S->nvars; i > 0; i--)
		if (strcmp(S->vars[i - 1].name, name) == 0)
			return S->vars[i - 1].v;
	return missing; /* the parser rejects undeclared variables */
}

static bool push_var(struct state *S, const char *name, val v)
{
	if (kr_arena_grow(S->a, &S->vars, &S->cap, S->nvars, sizeof(*S->vars)) < 0)
		return false;
	S->vars[S->nvars++] = (struct var){name, v};
	return true;
}

static void set_var(struct state *S, const char *name, val v)
{
	size_t i;

	for (i = S->nvars; i > 0; i--)
		if (strcmp(S->vars[i - 1].name, name) == 0) {
			S->vars[i - 1].v = v;
			return;
		}
}

static val call(struct state *S, val dot, const gt_arg *fn, gt_arg *const *args, size_t nargs, val final,
		const gt_cmd *cmd);

/* Go's idealConstant: a number constant given as interface{} */
static kr_gt_value ideal_constant(const gt_arg *arg)
{
	const char *t = arg->show;
	bool hex_int = t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && !strpbrk(t, "pP");

	if (arg->is_float && t[0] != '\'' && !hex_int && strpbrk(t, ".eEpP"))
		return arg->lit.kind == KR_GT_FLOAT ? arg->lit : kr_gt_float((double)arg->lit.u.i);
	if (arg->is_int)
		return arg->lit.kind == KR_GT_INT ? arg->lit : kr_gt_int((int64_t)arg->lit.u.f);
	return arg->lit;
}

/* one argument of a function */
static val eval_arg(struct state *S, val dot, const gt_arg *arg)
{
	switch (arg->type) {
	case GA_DOT: return dot;
	case GA_NIL: return (val){kr_gt_nil(), false};
	case GA_FIELD: return field_chain(S, dot, arg, 0, false);
	case GA_VAR: return field_chain(S, var_value(S, arg->name), arg, 0, false);
	case GA_PIPE: return eval_pipeline(S, dot, arg->pipe);
	case GA_IDENT: return call(S, dot, arg, NULL, 0, missing, NULL);
	case GA_CHAIN: return field_chain(S, eval_arg(S, dot, arg->base), arg, 0, false);
	case GA_NUMBER: return (val){ideal_constant(arg), false};
	default: return (val){arg->lit, false};
	}
}

/* the parameter type of argument @i for signature @sig (0 past the end of a fixed one) */
static char param(const char *sig, size_t i)
{
	const char *star = strchr(sig, '*');
	size_t fixed = star ? (size_t)(star - sig) : strlen(sig);

	if (i < fixed)
		return sig[i];
	return star ? star[1] : 0;
}

/* a literal argument given to a parameter of type @t, as Go's evalArg reads it (true: handled) */
static bool literal_arg(struct state *S, const gt_arg *arg, char t, val *out)
{
	const char *want;
	bool ok;

	if (t == 'a' || (arg->type != GA_NUMBER && arg->type != GA_STRING && arg->type != GA_BOOL && arg->type != GA_NIL))
		return false;
	if (arg->type == GA_NIL) {
		if (t == 'l' || t == 'm') {
			*out = (val){kr_gt_nil(), false};
			return true;
		}
		errorf(S, arg->pos, arg->show, "cannot assign nil to %s", kr_gt_sig_type(t));
		return true;
	}
	switch (t) {
	case 's': want = "string", ok = arg->type == GA_STRING; break;
	case 'b': want = "bool", ok = arg->type == GA_BOOL; break;
	case 'i':
	case 'I': want = "integer", ok = arg->type == GA_NUMBER && arg->is_int; break;
	case 'f': want = "float", ok = arg->type == GA_NUMBER && arg->is_float; break;
	default:
		errorf(S, arg->pos, arg->show, "can't handle %s for arg of type %s", arg->show, kr_gt_sig_type(t));
		return true;
	}
	if (!ok) {
		errorf(S, arg->pos, arg->show, "expected %s; found %s", want, arg->show);
		return true;
	}
	if (t == 'i' || t == 'I') {
		*out = (val){kr_gt_int(arg->lit.kind == KR_GT_INT ? arg->lit.u.i : (int64_t)arg->lit.u.f), false};
		out->v.kind = t == 'I' ? KR_GT_INT64 : KR_GT_INT;
	} else if (t == 'f') {
		*out = (val){kr_gt_float(arg->lit.kind == KR_GT_INT ? (double)arg->lit.u.i : arg->lit.u.f), false};
	} else {
		*out = (val){arg->lit, false};
	}
	return true;
}

/* Go's validateType: @x for a parameter of type @t */
static bool check_type(struct state *S, const gt_arg *at, val x, char t, kr_gt_value *out)
{
	int kind = x.v.kind;
	bool ok;

	if (kind == KR_GT_INVALID) {
		if (t == 'a' || t == 'l' || t == 'm') {
			*out = kr_gt_nil();
			return true;
		}
		errorf(S, at->pos, at->show, "invalid value; expected %s", kr_gt_sig_type(t));
		return false;
	}
	switch (t) {
	case 's': ok = kind == KR_GT_STRING; break;
	case 'i': ok = kind == KR_GT_INT; break;
	case 'I': ok = kind == KR_GT_INT64; break;
	case 'f': ok = kind == KR_GT_FLOAT; break;
	case 'b': ok = kind == KR_GT_BOOL; break;
	case 'l': ok = kind == KR_GT_LIST || kind == KR_GT_NIL; break;
	case 'm': ok = kind == KR_GT_MAP || kind == KR_GT_NIL; break;
	default: ok = true;
	}
	if (!ok) {
		errorf(S, at->pos, at->show, "wrong type for value; expected %s; got %s", kr_gt_sig_type(t), kr_gt_type_name(x.v));
		return false;
	}
	*out = x.v;
	return true;
}

/* a function call; @cmd (NULL for a bare identifier argument) is what Go's errors show */
static val call(struct state *S, val dot, const gt_arg *fn, gt_arg *const *args, size_t nargs, val final,
		const gt_cmd *cmd)
{
	kr_gt_value *vals, out = {KR_GT_INVALID, {0}};
	bool has_final = final.v.kind != KR_GT_INVALID || final.boxed;
	size_t n = nargs + (has_final ? 1 : 0), i, fixed;
	const gt_fn *f = fn->fn;
	const char *star;
	kr_buf msg;
	int rc;

	if (S->failed)
		return missing;
	star = strchr(f->sig, '*');
	fixed = star ? (size_t)(star - f->sig) : strlen(f->sig);
	if (star ? n < fixed : n != fixed) {
		errorf(S, fn->pos, fn->show, star ? "wrong number of args for %s: want at least %zu got %zu"
						  : "wrong number of args for %s: want %zu got %zu",
		       fn->name, fixed, n);
		return missing;
	}
	/* and/or evaluate their arguments only as far as they must (Go 1.18) */
	if (strcmp(fn->name, "and") == 0 || strcmp(fn->name, "or") == 0) {
		bool is_and = fn->name[0] == 'a';
		val v = missing;

		for (i = 0; i < n && !S->failed; i++) {
			v = i < nargs ? unbox(eval_arg(S, dot, args[i])) : unbox(final);
			if (kr_gt_truth(v.v) != is_and)
				return v;
		}
		return v;
	}
	vals = kr_arena_alloc(S->a, (n + 1) * sizeof(*vals));
	if (!vals) {
		errorf(S, fn->pos, fn->show, "out of memory");
		return missing;
	}
	for (i = 0; i < n && !S->failed; i++) {
		char t = param(f->sig, i);
		val x;

		if (i < nargs && literal_arg(S, args[i], t, &x)) {
			vals[i] = x.v;
			continue;
		}
		x = i < nargs ? unbox(eval_arg(S, dot, args[i])) : unbox(final);
		if (!S->failed)
			check_type(S, i < nargs ? args[i] : fn, x, t, &vals[i]);
	}
	if (S->failed)
		return missing;
	kr_buf_init(&msg, 4096);
	rc = f->f(S->a, vals, n, &out, &msg);
	if (rc < 0)
		errorf(S, cmd ? cmd->pos : fn->pos, cmd ? cmd->show : fn->show, "error calling %s: %s", fn->name,
		       msg.data ? msg.data : "out of memory");
	kr_buf_dispose(&msg);
	/* a nil result is a nil interface{} (no function here returns a typed nil) */
	return (val){out, out.kind == KR_GT_NIL};
}

static void not_a_function(struct state *S, const gt_cmd *c, val final)
{
	if (c->nargs > 1 || final.v.kind != KR_GT_INVALID)
		errorf(S, c->args[0]->pos, c->args[0]->show, "can't give argument to non-function %s", c->args[0]->show);
}

static val eval_command(struct state *S, val dot, const gt_cmd *c, val final)
{
	const gt_arg *first = c->args[0];
	bool has_args = c->nargs > 1 || final.v.kind != KR_GT_INVALID;

	switch (first->type) {
	case GA_FIELD: return field_chain(S, dot, first, 0, has_args);
	case GA_CHAIN: return field_chain(S, eval_arg(S, dot, first->base), first, 0, has_args);
	case GA_IDENT: return call(S, dot, first, c->args + 1, c->nargs - 1, final, c);
	case GA_VAR:
		if (first->nidents == 0) {
			not_a_function(S, c, final);
			return var_value(S, first->name);
		}
		return field_chain(S, var_value(S, first->name), first, 0, has_args);
	case GA_PIPE:
		not_a_function(S, c, final);
		return eval_pipeline(S, dot, first->pipe);
	case GA_NIL:
		errorf(S, first->pos, first->show, "nil is not a command");
		return missing;
	default:
		not_a_function(S, c, final);
		return eval_arg(S, dot, first);
	}
}

static val eval_pipeline(struct state *S, val dot, const gt_pipe *p)
{
	val value = missing;
	size_t i;

	if (!p)
		return missing;
	for (i = 0; i < p->ncmds && !S->failed; i++)
		value = unbox(eval_command(S, dot, p->cmds[i], value));
	for (i = 0; i < p->ndecl && !S->failed; i++) {
		if (p->assign)
			set_var(S, p->decl[i], value);
		else if (!push_var(S, p->decl[i], value))
			errorf(S, p->pos, p->show, "out of memory");
	}
	return value;
}

static void walk(struct state *S, val dot, const gt_node *n);

static void walk_list(struct state *S, val dot, const gt_node *l)
{
	size_t i;

	for (i = 0; l && i < l->nkids && !S->failed && !S->loop; i++)
		walk(S, dot, l->kids[i]);
}

static void range(struct state *S, val dot, const gt_node *n)
{
	size_t vars = S->nvars, i, count;
	val v = eval_pipeline(S, dot, n->pipe);
	const gt_pipe *p = n->pipe;

	if (S->failed)
		return;
	/* the declared variables are set per element, not to the whole value */
	S->nvars = vars;
	switch (v.v.kind) {
	case KR_GT_LIST: count = v.v.u.l->n; break;
	case KR_GT_MAP: count = v.v.u.m->n; break;
	case KR_GT_INT:
	case KR_GT_INT64: count = v.v.u.i > 0 ? (size_t)v.v.u.i : 0; break;
	case KR_GT_INVALID:
	case KR_GT_NIL: count = 0; break;
	default: {
		kr_buf b;

		kr_buf_init(&b, (size_t)1 << 20);
		kr_gt_print(&b, v.v);
		errorf(S, n->pipe->pos, n->pipe->show, "range can't iterate over %s", b.data ? b.data : "");
		kr_buf_dispose(&b);
		return;
	}
	}
	for (i = 0; i < count && !S->failed; i++) {
		val key = {kr_gt_int((int64_t)i), false}, elem;

		if (++S->steps > MAX_STEPS) {
			errorf(S, n->pos, n->pipe->show, "execution exceeds krender's budget of %d steps", MAX_STEPS);
			break;
		}
		size_t mark = S->nvars;

		if (v.v.kind == KR_GT_LIST)
			elem = (val){v.v.u.l->v[i], true};
		else if (v.v.kind == KR_GT_MAP)
			elem = (val){v.v.u.m->v[i], true}, key = (val){kr_gt_string(v.v.u.m->k[i], strlen(v.v.u.m->k[i])), false};
		else
			elem = key;
		if (p->ndecl == 1) {
			if (p->assign)
				set_var(S, p->decl[0], elem);
			else
				push_var(S, p->decl[0], elem);
		} else if (p->ndecl == 2) {
			if (p->assign) {
				set_var(S, p->decl[0], key);
				set_var(S, p->decl[1], elem);
			} else {
				push_var(S, p->decl[0], key);
				push_var(S, p->decl[1], elem);
			}
		}
		walk_list(S, elem, n->list);
		S->nvars = mark;
		if (S->loop == 1) {
			S->loop = 0;
			break;
		}
		S->loop = 0;
	}
	if (count == 0 && n->else_list)
		walk_list(S, dot, n->else_list);
	S->nvars = vars;
}

static void walk(struct state *S, val dot, const gt_node *n)
{
	size_t vars = S->nvars;

	if (S->failed)
		return;
	if (++S->steps > MAX_STEPS) {
		errorf(S, n->pos, n->show ? n->show : "template", "execution exceeds krender's budget of %d steps", MAX_STEPS);
		return;
	}
	switch (n->type) {
	case GN_LIST:
		walk_list(S, dot, n);
		break;
	case GN_TEXT:
		if (kr_buf_append(S->out, n->text, n->len) < 0)
			errorf(S, n->pos, "text", "output too large");
		break;
	case GN_ACTION: {
		val v = eval_pipeline(S, dot, n->pipe);

		if (!S->failed && n->pipe->ndecl == 0 && kr_gt_print(S->out, v.v) < 0)
			errorf(S, n->pos, n->pipe->show, "cannot print the value: output too large or nested too deeply");
		if (n->pipe->ndecl == 0)
			S->nvars = vars;
		return; /* a declaration lasts to the end of the enclosing block */
	}
	case GN_IF:
	case GN_WITH: {
		val v = eval_pipeline(S, dot, n->pipe);

		if (S->failed)
			break;
		if (kr_gt_truth(v.v))
			walk_list(S, n->type == GN_WITH ? v : dot, n->list);
		else if (n->else_list)
			walk_list(S, dot, n->else_list);
		break;
	}
	case GN_RANGE:
		range(S, dot, n);
		break;
	case GN_BREAK:
		S->loop = 1;
		break;
	case GN_CONTINUE:
		S->loop = 2;
		break;
	case GN_TEMPLATE: {
		const gt_define *d = NULL;
		const char *saved_name = S->exec_name;
		struct var *saved_vars = S->vars;
		size_t i, saved_n = S->nvars, saved_cap = S->cap;
		val arg = n->pipe ? eval_pipeline(S, dot, n->pipe) : missing;

		for (i = 0; i < S->t->ndefs; i++)
			if (strcmp(S->t->defs[i].name, n->name) == 0)
				d = &S->t->defs[i];
		if (S->failed)
			break;
		if (!d) {
			errorf(S, n->pos, n->show, "template \"%s\" not defined", n->name);
			break;
		}
		if (++S->depth > MAX_DEPTH) {
			errorf(S, n->pos, n->show, "exceeded maximum template depth (%d)", MAX_DEPTH);
			break;
		}
		/* a fresh scope: only $, set to the argument */
		S->vars = NULL, S->nvars = 0, S->cap = 0;
		push_var(S, "$", arg);
		S->exec_name = n->name;
		walk_list(S, arg, d->root);
		S->exec_name = saved_name;
		S->vars = saved_vars, S->nvars = saved_n, S->cap = saved_cap;
		S->depth--;
		break;
	}
	}
	if (n->type != GN_LIST)
		S->nvars = vars;
}

int kr_gt_exec(kr_arena *a, const kr_gt_template *t, kr_gt_value dot, kr_buf *out, kr_err *err)
{
	struct state S;
	val d = {dot, false};

	memset(&S, 0, sizeof(S));
	S.a = a, S.t = t, S.exec_name = t->name, S.out = out, S.err = err;
	if (!push_var(&S, "$", d))
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	walk_list(&S, d, t->root);
	return S.failed ? err->code : 0;
}
