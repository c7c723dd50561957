/*
 * pattern.c - anchored ERE matching with a literal fast path (pattern.h).
 * A simple pattern has a fixed length, so matching is one pass comparing
 * bytes, '.' matching any one byte (the program runs in the C locale, where
 * glibc's '.' is one byte too).
 */
#include "util/pattern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_simple(const char *s)
{
	return strpbrk(s, "[](){}*+?|^$\\") == NULL;
}

int kr_pattern_compile(kr_pattern *p, const char *body)
{
	size_t n = strlen(body);
	char *anchored;
	int rc;

	memset(p, 0, sizeof(*p));
	p->text = body;
	p->len = n;
	p->simple = is_simple(body);
	if (p->simple)
		return 0;
	anchored = malloc(n + 5);
	if (!anchored)
		return REG_ESPACE;
	snprintf(anchored, n + 5, "^(%s)$", body);
	rc = regcomp(&p->re, anchored, REG_EXTENDED | REG_NOSUB);
	free(anchored);
	p->compiled = rc == 0;
	return rc;
}

bool kr_pattern_prefix(const kr_pattern *p, const char *s)
{
	size_t i;

	if (!p->simple)
		return false;
	for (i = 0; i < p->len; i++)
		if (!s[i] || (p->text[i] != '.' && p->text[i] != s[i]))
			return false;
	return true;
}

bool kr_pattern_match(const kr_pattern *p, const char *s)
{
	if (p->simple)
		return strlen(s) == p->len && kr_pattern_prefix(p, s);
	return p->compiled && regexec(&p->re, s, 0, NULL, 0) == 0;
}

void kr_pattern_free(kr_pattern *p)
{
	if (p->compiled)
		regfree(&p->re);
	p->compiled = false;
}
