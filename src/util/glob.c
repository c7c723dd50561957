/*
 * glob.c - wildcard matching (see glob.h). Recursive backtracking on '*',
 * bounded in depth so hostile patterns end.
 */
#include "util/glob.h"

#include <stdio.h>
#include <string.h>

/* a [..] class at *@pp against @ch (Go's syntax: ^ negates); *@ok false when malformed */
static bool class_match(const char **pp, char ch, bool *ok)
{
	const char *p = *pp + 1;
	bool neg = *p == '^', matched = false;

	if (neg)
		p++;
	if (*p == ']') {
		*ok = false;
		return false;
	}
	while (*p && *p != ']') {
		char lo = *p == '\\' ? *++p : *p, hi = lo;

		if (!lo) {
			*ok = false;
			return false;
		}
		p++;
		if (*p == '-') {
			p++;
			hi = *p == '\\' ? *++p : *p;
			if (!hi || hi == ']') {
				*ok = false;
				return false;
			}
			p++;
		}
		if (lo <= ch && ch <= hi)
			matched = true;
	}
	if (*p != ']') {
		*ok = false;
		return false;
	}
	*pp = p + 1;
	return matched != neg;
}

static bool go_glob(const char *p, const char *s, bool slash_stops, bool *ok, int depth)
{
	if (depth > 256)
		return *ok = false;
	while (*p) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (;; s++) {
				if (go_glob(p, s, slash_stops, ok, depth + 1))
					return true;
				if (!*s || (slash_stops && *s == '/') || !*ok)
					return false;
			}
		}
		if (!*s || (slash_stops && *s == '/' && *p != '/'))
			return false;
		if (*p == '?') {
			p++;
		} else if (*p == '[') {
			if (!class_match(&p, *s, ok))
				return false;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return false;
			p++;
		}
		s++;
	}
	return *s == '\0';
}

bool kr_go_path_match(const char *pattern, const char *name)
{
	bool ok = true, m = go_glob(pattern, name, true, &ok, 0);

	return ok && m;
}

bool kr_wildcard_match(const char *pattern, const char *name)
{
	bool ok = true, m = go_glob(pattern, name, false, &ok, 0);

	return ok && m;
}

static bool gob(const char *p, const char *s, char sep, int depth)
{
	if (depth > 64)
		return false;
	for (; *p; p++) {
		switch (*p) {
		case '*': {
			bool super = sep && p[1] == '*';

			if (super)
				p++;
			for (;; s++) {
				if (gob(p + 1, s, sep, depth + 1))
					return true;
				if (!*s || (!super && sep && *s == sep))
					return false;
			}
		}
		case '?':
			if (!*s || (sep && *s == sep))
				return false;
			s++;
			break;
		case '[': {
			const char *q = p + 1;
			bool neg = *q == '!' || *q == '^', ok = false;

			if (neg)
				q++;
			for (; *q && *q != ']'; q++) {
				if (q[1] == '-' && q[2] && q[2] != ']') {
					ok |= *s >= q[0] && *s <= q[2];
					q += 2;
				} else {
					ok |= *s == *q;
				}
			}
			if (!*q || !*s || ok == neg)
				return false;
			p = q;
			s++;
			break;
		}
		case '{': {
			/* each alternative followed by the rest of the pattern */
			const char *end = p + 1, *alt = p + 1;
			int level = 0;

			for (; *end && !(*end == '}' && level == 0); end++)
				level += *end == '{' ? 1 : *end == '}' ? -1 : 0;
			if (!*end)
				return false;
			while (alt <= end) {
				const char *stop = alt;
				char buf[1024];
				int l = 0;

				for (; stop < end && !(*stop == ',' && l == 0); stop++)
					l += *stop == '{' ? 1 : *stop == '}' ? -1 : 0;
				if ((size_t)snprintf(buf, sizeof(buf), "%.*s%s", (int)(stop - alt), alt, end + 1) < sizeof(buf) &&
				    gob(buf, s, sep, depth + 1))
					return true;
				alt = stop + 1;
			}
			return false;
		}
		case '\\':
			if (p[1])
				p++;
			/* fall through */
		default:
			if (*s++ != *p)
				return false;
		}
	}
	return !*s;
}

bool kr_glob_match(const char *pattern, const char *s, char sep)
{
	return gob(pattern, s, sep, 0);
}
