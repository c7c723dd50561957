# lib.sh - helpers the hostile case generators share (run inside the case root).

kust() { printf '%s\n' "$@" >kustomization.yaml; }
cm() { # cm FILE NAME
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n  k: v\n' "$2" >"$1"
}
secret() { # secret FILE NAME VALUE
	printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\nstringData:\n  password: %s\ntype: Opaque\n' "$2" "$3" >"$1"
}
outside() { # a file and a directory outside the root, holding the marker
	mkdir -p ../outside
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\ndata:\n  k: %s\n' "$MARK" >../outside/cm.yaml
	printf 'resources: [cm.yaml]\n' >../outside/kustomization.yaml
	printf 'K=%s\n' "$MARK" >../outside/env
}
repeat() { # repeat N TEXT: TEXT N times, no separator
	awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'
}

cases=()
add() { cases+=("$1|$2"); }
