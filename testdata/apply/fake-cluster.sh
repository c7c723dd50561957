#!/bin/sh
# fake-cluster.sh - the test double of a cluster for `krender apply --apply-cmd`
# (tests only). Usage: fake-cluster.sh apply|delete|get STATE.
#   apply: stores each YAML document of stdin as STATE/objects/KIND.NAME.yaml,
#          unless STATE/fail holds "$KRENDER_PHASE/$KRENDER_WAVE" or "any": then
#          it writes nothing and exits 1. Every call is logged to STATE/calls as
#          "ACTION PHASE WAVE COUNT" (failed calls too, with " failed").
#   delete: removes the objects of the documents on stdin.
#   get:   prints every stored object, "---" between them.
set -u
action=$1 state=$2
mkdir -p "$state/objects"
if [ "$action" = get ]; then
	first=1
	for f in "$state"/objects/*.yaml; do
		[ -f "$f" ] || continue
		[ $first = 1 ] || echo ---
		cat "$f"
		first=0
	done
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# split stdin into documents; name each by its top-level kind and metadata.name
awk -v dir="$tmp" '
	/^---$/ { n++; next }
	{ print > (dir "/" n+0 ".doc") }' 
count=$(ls "$tmp" | wc -l)
if [ -f "$state/fail" ] && { [ "$(cat "$state/fail")" = any ] || [ "$(cat "$state/fail")" = "$KRENDER_PHASE/$KRENDER_WAVE" ]; }; then
	echo "$action $KRENDER_PHASE $KRENDER_WAVE $count failed" >>"$state/calls"
	echo "error: the API server refused wave $KRENDER_WAVE" >&2
	exit 1
fi
for d in "$tmp"/*.doc; do
	kind=$(sed -n 's/^kind: //p' "$d")
	name=$(awk '/^metadata:/ { m = 1; next } /^[^ ]/ { m = 0 } m && /^  name: / { print $2 }' "$d")
	if [ "$action" = delete ]; then rm -f "$state/objects/$kind.$name.yaml"
	else cp "$d" "$state/objects/$kind.$name.yaml"; fi
done
echo "$action $KRENDER_PHASE $KRENDER_WAVE $count" >>"$state/calls"
