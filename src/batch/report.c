/*
 * report.c - machine-readable results of a batch: JSON (one object, entries
 * in path order) and JUnit XML (one testcase an entry, a failure element
 * with the error) for CI systems that render test reports.
 */
#include "batch/batch.h"

#include <stdio.h>

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void kr_batch_report_json(const kr_batch *b, FILE *f)
{
	size_t i;

	fprintf(f, "{\"entries\": %zu, \"ok\": %zu, \"failed\": %zu, \"resources\": %zu, \"bytes\": %zu, "
		   "\"seconds\": %.3f, \"fromCache\": %zu, \"skipped\": %zu, \"staleRemoved\": %zu, \"results\": [",
		b->n, b->ok, b->failed, b->resources, b->bytes, b->seconds, b->from_cache, b->skipped,
		b->stale_removed);
	for (i = 0; i < b->n; i++) {
		const kr_batch_entry *e = &b->e[i];

		fputs(i ? ",\n  {\"entry\": " : "\n  {\"entry\": ", f);
		json_string(f, e->path);
		fprintf(f, ", \"status\": \"%s\", \"cached\": %s, \"resources\": %zu, \"bytes\": %zu, \"ms\": %.3f",
			e->skipped ? "skipped" : e->ok ? "ok" : "failed", e->cached ? "true" : "false", e->resources,
			e->bytes, e->seconds * 1000);
		if (!e->ok && !e->skipped) {
			fputs(", \"error\": ", f);
			json_string(f, e->error);
		}
		fputc('}', f);
	}
	fputs(b->n ? "\n]}\n" : "]}\n", f);
}

static void xml_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c < 0x20 && c != '\n' && c != '\t')
			fputc(' ', f); /* not allowed in XML 1.0 */
		else
			fputc(c, f);
	}
}

void kr_batch_report_junit(const kr_batch *b, FILE *f)
{
	size_t i;

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuite name=\"krender batch\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
		b->n, b->failed, b->skipped, b->seconds);
	for (i = 0; i < b->n; i++) {
		const kr_batch_entry *e = &b->e[i];

		fputs("  <testcase classname=\"krender.build\" name=\"", f);
		xml_text(f, e->path);
		fprintf(f, "\" time=\"%.6f\"", e->seconds);
		if (e->skipped) {
			fputs(">\n    <skipped message=\"no input changed\"/>\n  </testcase>\n", f);
			continue;
		}
		if (e->ok) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n    <failure message=\"", f);
		xml_text(f, e->error);
		fputs("\"/>\n  </testcase>\n", f);
	}
	fputs("</testsuite>\n", f);
}
