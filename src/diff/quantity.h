/*
 * quantity.h - Kubernetes resource quantities in their canonical spelling,
 * so that `cpu: 0.1` and `cpu: 100m`, `memory: 1024Mi` and `1Gi` compare
 * equal (apimachinery resource.Quantity's String() after parsing).
 */
#ifndef KR_DIFF_QUANTITY_H
#define KR_DIFF_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * kr_quantity_canonical() - the canonical form of quantity @s/@n in @out
 * (@cap bytes). False when @s is not a quantity this handles (it is then
 * compared as written).
 */
bool kr_quantity_canonical(const char *s, size_t n, char *out, size_t cap);

#endif
