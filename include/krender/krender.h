/*
 * krender.h - libkrender, the engine behind the krender program.
 *
 * Include this one header. Everything is opaque and reached through
 * functions; every fallible call returns 0 or a negative error code.
 */
#ifndef KRENDER_KRENDER_H
#define KRENDER_KRENDER_H

#include <krender/build.h>

/* krender_version() - the library version, e.g. "0.1.0". */
const char *krender_version(void);

#endif
