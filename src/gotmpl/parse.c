/*
 * parse.c - text/template's lexer and parser: text, actions with {{- -}}
 * trimming and comments, pipelines of commands with variables, fields,
 * chains, literals and parenthesised pipelines; if/else if/else, range
 * (with break and continue), with, define, template and block. Syntax
 * errors are Go's: "template: NAME:LINE: MESSAGE". Function names are
 * checked while parsing, as Go does ("function %q not defined").
 */
#include "gotmpl/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"
#include "util/buf.h"

enum tok { T_EOF, T_TEXT, T_LEFT, T_RIGHT, T_SPACE, T_PIPE, T_LPAREN, T_RPAREN, T_COMMA, T_DECLARE, T_ASSIGN,
	   T_STRING, T_RAW, T_CHAR, T_NUMBER, T_BOOL, T_NIL, T_DOT, T_FIELD, T_VAR, T_IDENT, T_KEYWORD, T_ERROR };

struct parser {
	kr_arena *a;
	kr_gt_template *t;
	const char *name, *s;
	size_t n, p;        /* next byte */
	bool in_action;
	bool trim_next;     /* the last action ended with -}} */
	/* the current token */
	enum tok tok;
	size_t tpos, tlen;
	/* one token of lookahead pushed back */
	bool have_peek;
	enum tok ptok;
	size_t ppos, plen;
	const char **vars; /* declared variables in scope */
	size_t nvars, capvars;
	int range_depth;
	int depth; /* nesting of lists and pipelines: bounded, as Go's parser bounds it */
	kr_err *err;
	bool failed;
};

static int line_of(const struct parser *P, size_t pos)
{
	int line = 1;
	size_t i;

	for (i = 0; i < pos && i < P->n; i++)
		if (P->s[i] == '\n')
			line++;
	return line;
}

static void *fail(struct parser *P, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void *fail(struct parser *P, size_t pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (P->failed)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kr_err_set(P->err, KR_EPARSE, NULL, "template: %s:%d: %s", P->name, line_of(P, pos), msg);
	P->failed = true;
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_alnum(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (unsigned char)c >= 0x80;
}

static const char *const keywords[] = {"if", "else", "end", "range", "with", "define", "template", "block", "break",
				       "continue", NULL};

/* a "..." or '...' literal at @p (backslash escapes); @nl_ends: a newline before the close is an error */
static enum tok quoted(struct parser *P, size_t p, char quote, bool nl_ends, const char *unterminated, enum tok tok)
{
	const char *s = P->s;
	size_t q = p + 1;

	while (q < P->n && s[q] != quote) {
		if (s[q] == '\\' && q + 1 < P->n)
			q++;
		if (nl_ends && s[q] == '\n')
			return fail(P, p, "%s", unterminated), P->tok = T_ERROR;
		q++;
	}
	if (q >= P->n)
		return fail(P, p, "%s", unterminated), P->tok = T_ERROR;
	P->p = q + 1, P->tlen = q + 1 - p;
	return P->tok = tok;
}

/* the next token; text between actions, trimmed as the delimiters say */
static enum tok next(struct parser *P)
{
	const char *s = P->s;
	size_t p = P->p;

	if (P->have_peek) {
		P->have_peek = false;
		P->tok = P->ptok, P->tpos = P->ppos, P->tlen = P->plen;
		return P->tok;
	}
	P->tpos = p;
	if (!P->in_action) {
		size_t start = p, end;
		const char *open;

		if (p >= P->n)
			return P->tok = T_EOF, P->tlen = 0, T_EOF;
		open = NULL;
		for (end = p; end + 1 < P->n; end++)
			if (s[end] == '{' && s[end + 1] == '{') {
				open = s + end;
				break;
			}
		if (!open)
			end = P->n;
		if (P->trim_next)
			while (start < end && is_space(s[start]))
				start++;
		P->trim_next = false;
		if (end > p && start < end) {
			size_t stop = end;

			if (open && end + 3 < P->n + 1 && end + 2 < P->n && s[end + 2] == '-' && end + 3 < P->n &&
			    is_space(s[end + 3]))
				while (stop > start && is_space(s[stop - 1]))
					stop--;
			P->p = end;
			P->tpos = start;
			P->tlen = stop - start;
			if (P->tlen)
				return P->tok = T_TEXT;
		}
		P->p = end;
		if (!open)
			return P->tok = T_EOF, P->tpos = end, P->tlen = 0, T_EOF;
		/* the left delimiter, maybe with its trim marker, maybe a comment */
		p = end + 2;
		if (p + 1 < P->n && s[p] == '-' && is_space(s[p + 1]))
			p += 2;
		while (p < P->n && is_space(s[p]) && p + 2 < P->n && s[p + 1] == '/' && s[p + 2] == '*')
			p++;
		if (p + 1 < P->n && s[p] == '/' && s[p + 1] == '*') {
			const char *close = NULL;
			size_t i;

			for (i = p + 2; i + 1 < P->n; i++)
				if (s[i] == '*' && s[i + 1] == '/') {
					close = s + i;
					break;
				}
			if (!close)
				return fail(P, end, "unclosed comment"), P->tok = T_ERROR;
			i = (size_t)(close - s) + 2;
			if (i + 3 < P->n + 1 && s[i] == ' ' && s[i + 1] == '-' && i + 3 < P->n + 1 && s[i + 2] == '}' &&
			    s[i + 3] == '}') {
				P->trim_next = true;
				i += 2;
			}
			if (!(i + 1 < P->n && s[i] == '}' && s[i + 1] == '}'))
				return fail(P, end, "comment ends before closing delimiter"), P->tok = T_ERROR;
			P->p = i + 2;
			return next(P);
		}
		P->p = p;
		P->in_action = true;
		P->tpos = end;
		P->tlen = p - end;
		return P->tok = T_LEFT;
	}
	/* inside an action */
	if (p >= P->n)
		return fail(P, p, "unclosed action"), P->tok = T_ERROR;
	if (is_space(s[p])) {
		size_t q = p;

		while (q < P->n && is_space(s[q]))
			q++;
		if (q + 2 < P->n + 0 && s[q] == '-' && s[q + 1] == '}' && s[q + 2] == '}' ) {
			P->p = q + 3;
			P->in_action = false;
			P->trim_next = true;
			P->tpos = p;
			P->tlen = q + 3 - p;
			return P->tok = T_RIGHT;
		}
		P->p = q;
		P->tlen = q - p;
		return P->tok = T_SPACE;
	}
	if (s[p] == '}' && p + 1 < P->n && s[p + 1] == '}') {
		P->p = p + 2;
		P->in_action = false;
		P->tlen = 2;
		return P->tok = T_RIGHT;
	}
	P->tlen = 1;
	P->p = p + 1;
	switch (s[p]) {
	case '|': return P->tok = T_PIPE;
	case '(': return P->tok = T_LPAREN;
	case ')': return P->tok = T_RPAREN;
	case ',': return P->tok = T_COMMA;
	case '=': return P->tok = T_ASSIGN;
	case ':':
		if (p + 1 < P->n && s[p + 1] == '=') {
			P->p = p + 2, P->tlen = 2;
			return P->tok = T_DECLARE;
		}
		return fail(P, p, "expected :="), P->tok = T_ERROR;
	case '"':
		return quoted(P, p, '"', true, "unterminated quoted string", T_STRING);
	case '`': {
		const char *close = memchr(s + p + 1, '`', P->n - p - 1);

		if (!close)
			return fail(P, p, "unterminated raw quoted string"), P->tok = T_ERROR;
		P->p = (size_t)(close - s) + 1, P->tlen = P->p - p;
		return P->tok = T_RAW;
	}
	case '\'':
		return quoted(P, p, '\'', false, "unterminated character constant", T_CHAR);
	case '$': {
		size_t q = p + 1;

		while (q < P->n && is_alnum(s[q]))
			q++;
		P->p = q, P->tlen = q - p;
		return P->tok = T_VAR;
	}
	case '.':
		if (p + 1 < P->n && s[p + 1] >= '0' && s[p + 1] <= '9')
			break; /* a number */
		if (p + 1 < P->n && is_alnum(s[p + 1])) {
			size_t q = p + 1;

			while (q < P->n && is_alnum(s[q]))
				q++;
			P->p = q, P->tlen = q - p;
			return P->tok = T_FIELD;
		}
		return P->tok = T_DOT;
	default:
		break;
	}
	if ((s[p] >= '0' && s[p] <= '9') || s[p] == '.' || s[p] == '+' || s[p] == '-') {
		size_t q = p + 1;

		while (q < P->n && (is_alnum(s[q]) || s[q] == '.' || ((s[q] == '+' || s[q] == '-') &&
								     (s[q - 1] == 'e' || s[q - 1] == 'E' ||
								      s[q - 1] == 'p' || s[q - 1] == 'P'))))
			q++;
		P->p = q, P->tlen = q - p;
		return P->tok = T_NUMBER;
	}
	if (is_alnum(s[p])) {
		size_t q = p + 1, i;

		while (q < P->n && is_alnum(s[q]))
			q++;
		P->p = q, P->tlen = q - p;
		if ((q - p == 4 && memcmp(s + p, "true", 4) == 0) || (q - p == 5 && memcmp(s + p, "false", 5) == 0))
			return P->tok = T_BOOL;
		if (q - p == 3 && memcmp(s + p, "nil", 3) == 0)
			return P->tok = T_NIL;
		for (i = 0; keywords[i]; i++)
			if (strlen(keywords[i]) == q - p && memcmp(keywords[i], s + p, q - p) == 0)
				return P->tok = T_KEYWORD;
		return P->tok = T_IDENT;
	}
	return fail(P, p, "unexpected \"%c\" in command", s[p]), P->tok = T_ERROR;
}

static void back(struct parser *P)
{
	P->have_peek = true;
	P->ptok = P->tok, P->ppos = P->tpos, P->plen = P->tlen;
}

/* the next token that is not space */
static enum tok next_ns(struct parser *P)
{
	while (next(P) == T_SPACE)
		;
	return P->tok;
}

static char *tok_text(struct parser *P)
{
	return kr_arena_memdup(P->a, P->s + P->tpos, P->tlen);
}

static bool tok_is(struct parser *P, const char *word)
{
	return P->tlen == strlen(word) && memcmp(P->s + P->tpos, word, P->tlen) == 0;
}

/* Go string literal @q (with its quotes) unquoted into *@out */
static bool unquote(kr_arena *a, const char *q, size_t n, kr_gt_value *out)
{
	kr_buf b;
	size_t i;
	bool ok = true;

	if (n < 2)
		return false;
	if (q[0] == '`') {
		*out = kr_gt_string(kr_arena_memdup(a, q + 1, n - 2), n - 2);
		return true;
	}
	kr_buf_init(&b, n + 16);
	for (i = 1; i + 1 < n && ok; i++) {
		char c = q[i];

		if (c != '\\') {
			ok = kr_buf_putc(&b, c) == 0;
			continue;
		}
		c = q[++i];
		switch (c) {
		case 'n': ok = kr_buf_putc(&b, '\n') == 0; break;
		case 't': ok = kr_buf_putc(&b, '\t') == 0; break;
		case 'r': ok = kr_buf_putc(&b, '\r') == 0; break;
		case 'a': ok = kr_buf_putc(&b, '\a') == 0; break;
		case 'b': ok = kr_buf_putc(&b, '\b') == 0; break;
		case 'f': ok = kr_buf_putc(&b, '\f') == 0; break;
		case 'v': ok = kr_buf_putc(&b, '\v') == 0; break;
		case '\\': case '"': case '\'': ok = kr_buf_putc(&b, c) == 0; break;
		case 'x': case 'u': case 'U': {
			int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
			char hex[9];
			unsigned long r;

			if (i + (size_t)digits >= n - 1 + 1) {
				ok = false;
				break;
			}
			memcpy(hex, q + i + 1, (size_t)digits);
			hex[digits] = '\0';
			r = strtoul(hex, NULL, 16);
			i += (size_t)digits;
			if (c == 'x') {
				ok = kr_buf_putc(&b, (char)r) == 0;
			} else { /* UTF-8 */
				char u[4];
				int len = r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;

				if (len == 1)
					u[0] = (char)r;
				else if (len == 2)
					u[0] = (char)(0xC0 | (r >> 6)), u[1] = (char)(0x80 | (r & 0x3F));
				else if (len == 3)
					u[0] = (char)(0xE0 | (r >> 12)), u[1] = (char)(0x80 | ((r >> 6) & 0x3F)),
					u[2] = (char)(0x80 | (r & 0x3F));
				else
					u[0] = (char)(0xF0 | (r >> 18)), u[1] = (char)(0x80 | ((r >> 12) & 0x3F)),
					u[2] = (char)(0x80 | ((r >> 6) & 0x3F)), u[3] = (char)(0x80 | (r & 0x3F));
				ok = kr_buf_append(&b, u, (size_t)len) == 0;
			}
			break;
		}
		default:
			if (c >= '0' && c <= '7' && i + 2 < n) {
				char oct[4] = {q[i], q[i + 1], q[i + 2], 0};

				ok = kr_buf_putc(&b, (char)strtoul(oct, NULL, 8)) == 0;
				i += 2;
			} else {
				ok = false;
			}
		}
	}
	if (ok)
		*out = kr_gt_string(kr_arena_memdup(a, b.data ? b.data : "", b.len), b.len);
	kr_buf_dispose(&b);
	return ok;
}

/* a number constant: an int when it is one, else a float */
static bool number(struct parser *P, gt_arg *arg, const char *text)
{
	char clean[128], *end;
	size_t i, k = 0;
	bool neg = false;

	for (i = 0; text[i] && k + 1 < sizeof(clean); i++)
		if (text[i] != '_')
			clean[k++] = text[i];
	clean[k] = '\0';
	errno = 0;
	{
		const char *digits = clean + (clean[0] == '+' || clean[0] == '-');
		int base = 10;
		unsigned long long u;

		neg = clean[0] == '-';
		if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
			base = 16, digits += 2;
		else if (digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B'))
			base = 2, digits += 2;
		else if (digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O'))
			base = 8, digits += 2;
		else if (digits[0] == '0' && digits[1])
			base = 8, digits += 1;
		if (!strpbrk(digits, base == 16 ? "pP." : ".eE")) {
			u = strtoull(digits, &end, base);
			if (!*end && !errno && u <= (neg ? (unsigned long long)INT64_MAX + 1 : (unsigned long long)INT64_MAX)) {
				arg->is_int = true;
				arg->lit = kr_gt_int(neg ? (int64_t)(0 - u) : (int64_t)u);
				return true;
			}
		}
	}
	errno = 0;
	arg->lit = kr_gt_float(strtod(clean, &end));
	if (*end || errno == ERANGE)
		return fail(P, P->tpos, "bad number syntax: \"%s\"", text), false;
	/* an integer too large for int64 reads as a float: Go refuses it */
	if (!strpbrk(clean, ".eEpP"))
		return fail(P, P->tpos, "integer overflow: \"%s\"", text), false;
	arg->is_float = true;
	/* a float constant that is integral may also be an int (Go's untyped constants) */
	if (arg->lit.u.f > -9.2e18 && arg->lit.u.f < 9.2e18 && arg->lit.u.f == (double)(int64_t)arg->lit.u.f) {
		arg->is_int = true;
	}
	return true;
}

static gt_pipe *pipeline(struct parser *P, const char *context, enum tok end);

static bool var_known(struct parser *P, const char *name)
{
	size_t i;

	for (i = P->nvars; i > 0; i--)
		if (strcmp(P->vars[i - 1], name) == 0)
			return true;
	return false;
}

static bool push_var(struct parser *P, const char *name)
{
	if (kr_arena_grow(P->a, &P->vars, &P->capvars, P->nvars, sizeof(*P->vars)) < 0)
		return false;
	P->vars[P->nvars++] = name;
	return true;
}

static gt_arg *new_arg(struct parser *P, enum gt_arg_type type)
{
	gt_arg *a = kr_arena_zalloc(P->a, sizeof(*a));

	if (a) {
		a->type = type;
		a->pos = P->tpos;
		a->show = tok_text(P);
	}
	return a;
}

/* split ".a.b" (or "$x.a.b" after the name) into identifiers */
static bool split_fields(struct parser *P, gt_arg *arg, const char *text)
{
	const char *p = text;

	while (*p == '.') {
		size_t len = strcspn(p + 1, ".");

		if (kr_arena_grow(P->a, &arg->idents, &arg->capidents, arg->nidents, sizeof(char *)) < 0)
			return false;
		arg->idents[arg->nidents++] = kr_arena_memdup(P->a, p + 1, len);
		p += 1 + len;
	}
	return true;
}

/* an operand: a term, then fields chained onto it */
static gt_arg *operand(struct parser *P)
{
	gt_arg *arg = NULL;
	char *text;

	text = tok_text(P);
	if (!text)
		return NULL;
	switch (P->tok) {
	case T_FIELD:
		arg = new_arg(P, GA_FIELD);
		if (arg && !split_fields(P, arg, text))
			return NULL;
		break;
	case T_VAR:
		if (!var_known(P, text))
			return fail(P, P->tpos, "undefined variable \"%s\"", text);
		arg = new_arg(P, GA_VAR);
		if (arg)
			arg->name = text;
		break;
	case T_DOT: arg = new_arg(P, GA_DOT); break;
	case T_NIL: arg = new_arg(P, GA_NIL); break;
	case T_BOOL:
		arg = new_arg(P, GA_BOOL);
		if (arg)
			arg->lit = kr_gt_bool(text[0] == 't');
		break;
	case T_NUMBER:
		arg = new_arg(P, GA_NUMBER);
		if (arg && !number(P, arg, text))
			return NULL;
		break;
	case T_CHAR:
		arg = new_arg(P, GA_NUMBER);
		if (arg) {
			kr_gt_value v;

			if (!unquote(P->a, P->s + P->tpos, P->tlen, &v) || v.u.s.n == 0)
				return fail(P, P->tpos, "malformed character constant: %s", text);
			arg->lit = kr_gt_int((unsigned char)v.u.s.p[0]);
			arg->is_int = true;
		}
		break;
	case T_STRING:
	case T_RAW:
		arg = new_arg(P, GA_STRING);
		if (arg && !unquote(P->a, P->s + P->tpos, P->tlen, &arg->lit))
			return fail(P, P->tpos, "invalid syntax: %s", text);
		break;
	case T_IDENT:
		if (!kr_gt_func(text))
			return fail(P, P->tpos,
				    kr_gt_sprig_missing(text) ? "function \"%s\" not defined (a Sprig function krender does not provide yet)"
							      : "function \"%s\" not defined",
				    text);
		arg = new_arg(P, GA_IDENT);
		if (arg)
			arg->name = text, arg->fn = kr_gt_func(text);
		break;
	case T_LPAREN: {
		size_t pos = P->tpos;

		arg = new_arg(P, GA_PIPE);
		if (!arg)
			return NULL;
		arg->pipe = pipeline(P, "parenthesized pipeline", T_RPAREN);
		if (!arg->pipe)
			return NULL;
		arg->pos = pos;
		arg->show = kr_arena_cat(P->a, "(", arg->pipe->show, ")", NULL);
		break;
	}
	default:
		return NULL;
	}
	if (!arg)
		return P->failed ? NULL : fail(P, P->tpos, "out of memory");
	/* fields right after the term: a chain (or, after a variable, its fields) */
	if (next(P) == T_FIELD) {
		gt_arg *chain = arg;

		if (arg->type == GA_BOOL || arg->type == GA_NUMBER || arg->type == GA_STRING || arg->type == GA_NIL ||
		    arg->type == GA_DOT)
			return fail(P, P->tpos, "unexpected . after term \"%s\"", arg->show);
		if (arg->type != GA_VAR && arg->type != GA_FIELD) {
			chain = kr_arena_zalloc(P->a, sizeof(*chain));
			if (!chain)
				return NULL;
			chain->type = GA_CHAIN;
			chain->base = arg;
			chain->show = arg->show;
		}
		chain->pos = P->tpos; /* Go's chain node sits at its first field after the term */
		do {
			char *f = tok_text(P);

			if (!f || !split_fields(P, chain, f))
				return NULL;
			chain->show = kr_arena_cat(P->a, chain->show, f, NULL);
		} while (next(P) == T_FIELD);
		back(P);
		return chain;
	}
	back(P);
	return arg;
}

/* a command: operands up to | or the end */
static gt_cmd *command(struct parser *P, enum tok end)
{
	gt_cmd *c = kr_arena_zalloc(P->a, sizeof(*c));
	size_t cap = 0;
	kr_buf show;

	if (!c)
		return NULL;
	kr_buf_init(&show, (size_t)1 << 20);
	c->pos = P->tpos;
	for (;;) {
		gt_arg *arg;

		next_ns(P);
		if (P->tok == T_ERROR)
			break;
		if (P->tok == end || P->tok == T_PIPE) {
			back(P);
			break;
		}
		if (P->tok == T_RIGHT || P->tok == T_RPAREN || P->tok == T_EOF) {
			fail(P, P->tpos, P->tok == T_RPAREN ? "unexpected \")\" in command" : "unclosed action");
			break;
		}
		if (P->tok == T_KEYWORD || P->tok == T_DECLARE || P->tok == T_ASSIGN || P->tok == T_COMMA) {
			char *t = tok_text(P);

			fail(P, P->tpos, "unexpected <%s> in operand", t ? t : "?");
			break;
		}
		arg = operand(P);
		if (!arg) {
			if (!P->failed)
				fail(P, P->tpos, "unexpected token in operand");
			break;
		}
		if (c->nargs == 0)
			c->pos = arg->pos;
		if (kr_arena_grow(P->a, &c->args, &cap, c->nargs, sizeof(*c->args)) < 0)
			break;
		c->args[c->nargs++] = arg;
		if (show.len)
			kr_buf_putc(&show, ' ');
		kr_buf_puts(&show, arg->type == GA_STRING ? arg->show : arg->show);
	}
	c->show = kr_arena_memdup(P->a, show.data ? show.data : "", show.len);
	kr_buf_dispose(&show);
	if (P->failed)
		return NULL;
	if (c->nargs == 0)
		return fail(P, P->tpos, "empty command");
	return c;
}

static gt_pipe *pipeline_inner(struct parser *P, const char *context, enum tok end);

#define MAX_NESTING 1000

static gt_pipe *pipeline(struct parser *P, const char *context, enum tok end)
{
	gt_pipe *p;

	if (++P->depth > MAX_NESTING)
		return fail(P, P->tpos, "max expression depth exceeded");
	p = pipeline_inner(P, context, end);
	P->depth--;
	return p;
}

static gt_pipe *pipeline_inner(struct parser *P, const char *context, enum tok end)
{
	gt_pipe *p = kr_arena_zalloc(P->a, sizeof(*p));
	size_t cap = 0, capd = 0, i;
	kr_buf show;

	if (!p)
		return NULL;
	/* declarations: $x := , $x = , $i, $e := */
	next_ns(P);
	p->pos = P->tpos; /* Go's pipeline starts at its first token */
	if (P->tok == T_VAR) {
		size_t save_p = P->p, save_pos = P->tpos, save_len = P->tlen;
		bool save_action = P->in_action;
		char *v = tok_text(P);
		enum tok t = next_ns(P);

		if (t == T_DECLARE || t == T_ASSIGN || (t == T_COMMA && strcmp(context, "range") == 0)) {
			if (kr_arena_grow(P->a, &p->decl, &capd, p->ndecl, sizeof(char *)) < 0)
				return NULL;
			p->decl[p->ndecl++] = v;
			if (t == T_COMMA) {
				if (next_ns(P) != T_VAR)
					return fail(P, P->tpos, "range can only initialize variables");
				v = tok_text(P);
				if (kr_arena_grow(P->a, &p->decl, &capd, p->ndecl, sizeof(char *)) < 0)
					return NULL;
				p->decl[p->ndecl++] = v;
				t = next_ns(P);
				if (t != T_DECLARE && t != T_ASSIGN)
					return fail(P, P->tpos, "expected :=");
			}
			p->assign = t == T_ASSIGN;
			for (i = 0; i < p->ndecl; i++) {
				if (p->assign && !var_known(P, p->decl[i]))
					return fail(P, P->tpos, "undefined variable \"%s\"", p->decl[i]);
			}
		} else {
			P->p = save_p, P->tpos = save_pos, P->tlen = save_len, P->in_action = save_action;
			P->have_peek = false;
			P->tok = T_VAR;
			back(P);
		}
	} else {
		back(P);
	}
	kr_buf_init(&show, (size_t)1 << 20);
	for (i = 0; i < p->ndecl; i++)
		kr_buf_printf(&show, "%s%s", i ? ", " : "", p->decl[i]);
	if (p->ndecl)
		kr_buf_puts(&show, p->assign ? " = " : " := ");
	for (;;) {
		gt_cmd *c;

		next_ns(P);
		if (P->tok == end) {
			if (p->ncmds == 0) {
				kr_buf_dispose(&show);
				return fail(P, P->tpos, "missing value for %s", context);
			}
			break;
		}
		if (P->tok == T_ERROR)
			break;
		back(P);
		c = command(P, end);
		if (!c)
			break;
		if (kr_arena_grow(P->a, &p->cmds, &cap, p->ncmds, sizeof(*p->cmds)) < 0)
			break;
		p->cmds[p->ncmds++] = c;
		kr_buf_printf(&show, "%s%s", p->ncmds > 1 ? " | " : "", c->show);
		next_ns(P);
		if (P->tok == T_PIPE)
			continue;
		if (P->tok == end)
			break;
		fail(P, P->tpos, "unexpected token in %s", context);
		break;
	}
	p->show = kr_arena_memdup(P->a, show.data ? show.data : "", show.len);
	kr_buf_dispose(&show);
	if (P->failed)
		return NULL;
	/* literals cannot take the piped value: only the first command may be one */
	for (i = 1; i < p->ncmds; i++) {
		enum gt_arg_type ty = p->cmds[i]->args[0]->type;

		if (ty == GA_BOOL || ty == GA_DOT || ty == GA_NIL || ty == GA_NUMBER || ty == GA_STRING)
			return fail(P, p->cmds[i]->pos, "non executable command in pipeline stage %zu", i + 1);
	}
	for (i = 0; i < p->ndecl; i++)
		if (!p->assign && !push_var(P, p->decl[i]))
			return NULL;
	return p;
}

static gt_node *list(struct parser *P, gt_node **ended_by, const char **end_word);

static gt_node *new_node(struct parser *P, enum gt_node_type type, size_t pos)
{
	gt_node *n = kr_arena_zalloc(P->a, sizeof(*n));

	if (n) {
		n->type = type;
		n->pos = pos;
	}
	return n;
}

/* {{if}}, {{range}}, {{with}}: pipeline, list, optional else list, end */
static gt_node *control(struct parser *P, enum gt_node_type type, const char *word, size_t pos)
{
	gt_node *n = new_node(P, type, pos), *ended = NULL;
	const char *end_word = NULL;
	size_t vars = P->nvars;

	if (!n)
		return NULL;
	n->pipe = pipeline(P, word, T_RIGHT);
	if (!n->pipe)
		return NULL;
	if (type == GN_RANGE)
		P->range_depth++;
	n->list = list(P, &ended, &end_word);
	if (type == GN_RANGE)
		P->range_depth--;
	if (!n->list)
		return NULL;
	if (strcmp(end_word, "else") == 0) {
		/* {{else if ...}} is an if inside the else list */
		next_ns(P);
		if (type == GN_IF && P->tok == T_KEYWORD && tok_is(P, "if")) {
			gt_node *inner = control(P, GN_IF, "if", P->tpos), *wrap = new_node(P, GN_LIST, P->tpos);

			if (!inner || !wrap)
				return NULL;
			wrap->kids = kr_arena_alloc(P->a, sizeof(*wrap->kids));
			if (!wrap->kids)
				return NULL;
			wrap->kids[0] = inner;
			wrap->nkids = 1;
			n->else_list = wrap;
			P->nvars = vars;
			return n; /* the inner if consumed the {{end}} */
		}
		if (P->tok != T_RIGHT)
			return fail(P, P->tpos, "unexpected <%.*s> in else", (int)P->tlen, P->s + P->tpos);
		if (type == GN_RANGE)
			P->range_depth++;
		n->else_list = list(P, &ended, &end_word);
		if (type == GN_RANGE)
			P->range_depth--;
		if (!n->else_list)
			return NULL;
		if (strcmp(end_word, "end") != 0)
			return fail(P, P->tpos, "expected end; found {{else}}");
	}
	if (strcmp(end_word, "end") != 0)
		return fail(P, P->tpos, "unexpected EOF");
	P->nvars = vars;
	return n;
}

static bool add_define(struct parser *P, const char *name, gt_node *root)
{
	kr_gt_template *t = P->t;
	size_t i;

	for (i = 0; i < t->ndefs; i++)
		if (strcmp(t->defs[i].name, name) == 0) {
			t->defs[i].root = root; /* a later definition replaces an earlier one */
			return true;
		}
	if (kr_arena_grow(P->a, &t->defs, &t->capdefs, t->ndefs, sizeof(*t->defs)) < 0)
		return false;
	t->defs[t->ndefs++] = (gt_define){name, root, P->s};
	return true;
}

/* {{define "name"}}, {{template "name" pipe}}, {{block "name" pipe}} */
static gt_node *named(struct parser *P, const char *word, size_t pos)
{
	gt_node *n, *body, *ended = NULL;
	const char *end_word = NULL, *name;
	kr_gt_value v;
	size_t vars = P->nvars;

	next_ns(P);
	if (P->tok != T_STRING && P->tok != T_RAW)
		return fail(P, P->tpos, "unexpected \"%.*s\" in %s clause", (int)P->tlen, P->s + P->tpos, word);
	if (!unquote(P->a, P->s + P->tpos, P->tlen, &v))
		return fail(P, P->tpos, "invalid syntax");
	name = v.u.s.p;
	if (strcmp(word, "define") == 0) {
		if (next_ns(P) != T_RIGHT)
			return fail(P, P->tpos, "unexpected \"%.*s\" in define clause", (int)P->tlen, P->s + P->tpos);
		P->nvars = 0;
		push_var(P, "$");
		body = list(P, &ended, &end_word);
		P->nvars = vars;
		if (!body)
			return NULL;
		if (strcmp(end_word, "end") != 0)
			return fail(P, P->tpos, "unexpected {{%s}}", end_word);
		return add_define(P, name, body) ? new_node(P, GN_LIST, pos) : NULL;
	}
	n = new_node(P, GN_TEMPLATE, P->tpos);
	if (!n)
		return NULL;
	n->name = name;
	next_ns(P);
	if (P->tok != T_RIGHT) {
		back(P);
		n->pipe = pipeline(P, word, T_RIGHT);
		if (!n->pipe)
			return NULL;
	}
	{
		/* Go's String() of the node: {{template "name" pipe}} */
		kr_buf q;

		kr_buf_init(&q, (size_t)1 << 20);
		kr_go_quote(&q, name, strlen(name));
		n->show = kr_arena_sprintf(P->a, "{{template %s%s%s}}", q.data ? q.data : "\"\"", n->pipe ? " " : "",
					   n->pipe ? n->pipe->show : "");
		kr_buf_dispose(&q);
	}
	if (!n->pipe && strcmp(word, "block") == 0) {
		return fail(P, P->tpos, "missing value for block");
	}
	if (strcmp(word, "block") == 0) {
		P->nvars = 0;
		push_var(P, "$");
		body = list(P, &ended, &end_word);
		P->nvars = vars;
		if (!body)
			return NULL;
		if (strcmp(end_word, "end") != 0)
			return fail(P, P->tpos, "unexpected {{%s}}", end_word);
		if (!add_define(P, name, body))
			return NULL;
	}
	return n;
}

/* one action after {{ */
static gt_node *action(struct parser *P, const char **end_word, size_t pos)
{
	gt_node *n;

	next_ns(P);
	if (P->tok == T_KEYWORD) {
		char *w = tok_text(P);

		if (!w)
			return NULL;
		if (strcmp(w, "if") == 0)
			return control(P, GN_IF, "if", pos);
		if (strcmp(w, "range") == 0)
			return control(P, GN_RANGE, "range", pos);
		if (strcmp(w, "with") == 0)
			return control(P, GN_WITH, "with", pos);
		if (strcmp(w, "define") == 0 || strcmp(w, "template") == 0 || strcmp(w, "block") == 0)
			return named(P, w, pos);
		if (strcmp(w, "break") == 0 || strcmp(w, "continue") == 0) {
			if (P->range_depth == 0)
				return fail(P, pos, "{{%s}} outside {{range}}", w);
			if (next_ns(P) != T_RIGHT)
				return fail(P, P->tpos, "unexpected \"%.*s\" in %s", (int)P->tlen, P->s + P->tpos, w);
			return new_node(P, w[0] == 'b' ? GN_BREAK : GN_CONTINUE, pos);
		}
		/* else, end: the caller's list ends */
		if (next_ns(P) != T_RIGHT && strcmp(w, "else") != 0)
			return fail(P, P->tpos, "unexpected \"%.*s\" in %s", (int)P->tlen, P->s + P->tpos, w);
		if (strcmp(w, "else") == 0)
			back(P);
		*end_word = w;
		return NULL;
	}
	back(P);
	n = new_node(P, GN_ACTION, pos);
	if (!n)
		return NULL;
	n->pipe = pipeline(P, "command", T_RIGHT);
	return n->pipe ? n : NULL;
}

/* nodes up to {{end}}, {{else}} or the end of the text (*@end_word says which: "end", "else", "") */
static gt_node *list_inner(struct parser *P, gt_node **ended_by, const char **end_word);

static gt_node *list(struct parser *P, gt_node **ended_by, const char **end_word)
{
	gt_node *n;

	if (++P->depth > MAX_NESTING)
		return fail(P, P->tpos, "max expression depth exceeded");
	n = list_inner(P, ended_by, end_word);
	P->depth--;
	return n;
}

static gt_node *list_inner(struct parser *P, gt_node **ended_by, const char **end_word)
{
	gt_node *l = new_node(P, GN_LIST, P->p);
	size_t cap = 0;

	(void)ended_by;
	*end_word = "";
	if (!l)
		return NULL;
	for (;;) {
		gt_node *n = NULL;
		enum tok t = next(P);

		if (t == T_ERROR || P->failed)
			return NULL;
		if (t == T_EOF)
			return l;
		if (t == T_TEXT) {
			n = new_node(P, GN_TEXT, P->tpos);
			if (!n)
				return NULL;
			n->text = P->s + P->tpos;
			n->len = P->tlen;
		} else if (t == T_LEFT) {
			const char *w = NULL;
			size_t pos = P->tpos;

			n = action(P, &w, pos);
			if (!n && w) {
				*end_word = w;
				if (strcmp(w, "else") == 0) {
					/* leave "else if ..." for control() */
				}
				return l;
			}
			if (!n)
				return P->failed ? NULL : fail(P, pos, "out of memory");
			if (n->type == GN_LIST && n->nkids == 0)
				continue; /* a define */
		} else {
			return fail(P, P->tpos, "unexpected token");
		}
		if (kr_arena_grow(P->a, &l->kids, &cap, l->nkids, sizeof(*l->kids)) < 0)
			return NULL;
		l->kids[l->nkids++] = n;
	}
}

int kr_gt_parse(kr_arena *a, const char *name, const char *text, size_t n, kr_gt_template **out, kr_err *err)
{
	struct parser P;
	kr_gt_template *t = kr_arena_zalloc(a, sizeof(*t));
	const char *end_word = NULL;
	gt_node *ended = NULL;

	if (!t)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	memset(&P, 0, sizeof(P));
	P.a = a, P.t = t, P.name = name, P.s = text, P.n = n, P.err = err;
	t->name = name;
	t->text = text;
	push_var(&P, "$");
	t->root = list(&P, &ended, &end_word);
	if (!P.failed && t->root && end_word[0])
		fail(&P, P.tpos, "unexpected {{%s}}", end_word);
	if (P.failed || !t->root)
		return P.failed ? err->code : kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	if (!add_define(&P, name, t->root))
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	*out = t;
	return 0;
}

int kr_gt_option(kr_gt_template *t, const char *opt, kr_err *err)
{
	if (strcmp(opt, "missingkey=invalid") == 0 || strcmp(opt, "missingkey=default") == 0)
		t->missing = KR_GT_MISSING_INVALID;
	else if (strcmp(opt, "missingkey=zero") == 0)
		t->missing = KR_GT_MISSING_ZERO;
	else if (strcmp(opt, "missingkey=error") == 0)
		t->missing = KR_GT_MISSING_ERROR;
	else
		return kr_err_set(err, KR_EINVAL, NULL, "unrecognized option: %s", opt);
	return 0;
}
