/*
 * internal.h - the parse tree and the helpers the template files share.
 * Every node keeps its position (a byte offset into the template text) and
 * the text Go shows for it in "executing ... at <...>" messages.
 */
#ifndef KR_GOTMPL_INTERNAL_H
#define KR_GOTMPL_INTERNAL_H

#include "gotmpl/gotmpl.h"

enum gt_arg_type { GA_FIELD, GA_VAR, GA_DOT, GA_NIL, GA_BOOL, GA_NUMBER, GA_STRING, GA_IDENT, GA_CHAIN, GA_PIPE };

typedef struct gt_pipe gt_pipe;

typedef struct gt_arg {
	enum gt_arg_type type;
	size_t pos;
	const char *show;     /* Go's String() of the node */
	const char **idents;  /* field names (GA_FIELD, GA_VAR after the name, GA_CHAIN) */
	size_t nidents, capidents;
	const char *name;     /* GA_VAR: "$x"; GA_IDENT: the function */
	kr_gt_value lit;      /* GA_BOOL, GA_NUMBER, GA_STRING */
	bool is_int, is_float; /* GA_NUMBER: what the constant can be */
	gt_pipe *pipe;        /* GA_PIPE; GA_CHAIN: the base when it is a pipe */
	struct gt_arg *base;  /* GA_CHAIN */
	const struct gt_fn *fn; /* GA_IDENT: looked up once, at parse time */
} gt_arg;

typedef struct gt_cmd {
	gt_arg **args;
	size_t nargs;
	size_t pos;
	const char *show;
} gt_cmd;

struct gt_pipe {
	const char **decl; /* variables declared or assigned */
	size_t ndecl;
	bool assign; /* = rather than := */
	gt_cmd **cmds;
	size_t ncmds;
	size_t pos;
	const char *show;
};

enum gt_node_type { GN_LIST, GN_TEXT, GN_ACTION, GN_IF, GN_RANGE, GN_WITH, GN_TEMPLATE, GN_BREAK, GN_CONTINUE };

typedef struct gt_node {
	enum gt_node_type type;
	size_t pos;
	const char *text; /* GN_TEXT */
	size_t len;
	gt_pipe *pipe;
	struct gt_node *list, *else_list; /* GN_IF, GN_RANGE, GN_WITH */
	struct gt_node **kids;            /* GN_LIST */
	size_t nkids;
	const char *name; /* GN_TEMPLATE */
	const char *show;
} gt_node;

typedef struct gt_define {
	const char *name;
	gt_node *root;
	const char *text; /* the source it was parsed from (positions) */
} gt_define;

struct kr_gt_template {
	const char *name;
	const char *text;
	gt_node *root;
	gt_define *defs;
	size_t ndefs, capdefs;
	enum kr_gt_missing missing;
};

/* values */
const char *kr_gt_type_name(kr_gt_value v);
bool kr_gt_truth(kr_gt_value v);
int kr_gt_print(kr_buf *b, kr_gt_value v); /* fmt's %v */
kr_gt_value kr_gt_map_get(kr_gt_value m, const char *key, bool *found);
kr_gt_value kr_gt_nil(void);
kr_gt_value kr_gt_int(int64_t i);
kr_gt_value kr_gt_float(double f);
kr_gt_value kr_gt_bool(bool b);

/*
 * functions: @args[0..n) evaluated and checked against the signature; the
 * result in *@out, or <0 with Go's message in @msg ("error calling NAME: ..."
 * is added by the caller when the function itself failed).
 */
typedef int (*gt_func)(kr_arena *a, kr_gt_value *args, size_t n, kr_gt_value *out, kr_buf *msg);

/*
 * A signature: one letter per parameter, '*' before the last for a
 * variadic one: s string, i int, I int64, f float64, b bool, a interface{},
 * l []interface{}, m map[string]interface{}.
 */
typedef struct gt_fn {
	const char *name;
	const char *sig;
	gt_func f;
} gt_fn;

/* kr_gt_func() - the function called @name (Sprig's override Go's builtins), or NULL */
const gt_fn *kr_gt_func(const char *name);

/* kr_gt_sprig_missing() - @name is a Sprig function krender does not provide */
bool kr_gt_sprig_missing(const char *name);

/* the function tables (terminated by a NULL name) */
extern const gt_fn kr_gt_fns_builtin[], kr_gt_fns_strings[], kr_gt_fns_data[], kr_gt_fns_more[], kr_gt_fns_argocd[];

/* helpers for the function files */
int kr_gt_failf(kr_buf *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3))); /* sets @msg, -1 */
kr_gt_value kr_gt_take(kr_arena *a, kr_buf *b);       /* the bytes of @b as a string value in @a */
/* kr_gt_result() - @b (disposed) as the string result *@out; "output too large" when @rc < 0 */
int kr_gt_result(kr_arena *a, kr_buf *b, int rc, kr_gt_value *out, kr_buf *msg);
bool kr_gt_is_space(unsigned char c); /* Go's unicode.IsSpace for ASCII */
kr_gt_value kr_gt_cstr(kr_arena *a, const char *s); /* a copy of @s */
int kr_gt_strval(kr_arena *a, kr_gt_value v, kr_gt_value *out); /* Sprig's strval (fmt %v) */
int64_t kr_gt_to_int64(kr_gt_value v);   /* Sprig's cast.ToInt64: 0 when it cannot */
double kr_gt_to_float64(kr_gt_value v);  /* cast.ToFloat64 */
bool kr_gt_empty(kr_gt_value v);         /* Sprig's empty */
int kr_gt_map_set(kr_arena *a, kr_gt_value m, const char *key, kr_gt_value v); /* in place */
int kr_gt_map_unset(kr_gt_value m, const char *key);
kr_gt_value kr_gt_new_map(kr_arena *a);

/* fmt: Sprintf(@format, @args...), Sprint and Sprintln as Go spells them */
int kr_gt_sprintf(kr_buf *out, const char *format, size_t flen, const kr_gt_value *args, size_t n);
int kr_gt_sprint(kr_buf *out, const kr_gt_value *args, size_t n, bool ln);

/* encoding/json's Marshal of @v (@indent: "" or "  "; @html: escape <>&) */
int kr_gt_json(kr_buf *out, kr_gt_value v, const char *indent, bool html);

/* kr_gt_json_check() - 0 if @s/@n is one JSON value, else -1 with encoding/json's message in @msg */
int kr_gt_json_check(const char *s, size_t n, kr_buf *msg);

/* the Go name of signature letter @c */
const char *kr_gt_sig_type(char c);

#endif
