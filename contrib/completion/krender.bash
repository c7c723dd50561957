# bash completion for krender (installed as .../bash-completion/completions/krender)
_krender() {
	local cur prev words cword
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local commands="build batch diff appset app plan check apply preview precommit cmp reconcile version help"
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	local opts=""
	case ${COMP_WORDS[1]} in
	build) opts="-o --output --root --load-restrictor --enable-helm -j --jobs --limit --help" ;;
	batch) opts="-o -j --shard --cache --changed-since --report --report-file --from -q --limit --help" ;;
	diff) opts="--live --app --settings --namespace -o --output --hash --exit-code --limit --help" ;;
	appset) opts="--repo --clusters --params -o --output --limit --help" ;;
	app) opts="--repo --controller-namespace --tracking-method --instance-label-key -o --output --limit --help" ;;
	plan) opts="--live --app --settings --namespace --prune --revision --sync-time --project --clusters --controller-namespace -o --output --limit --help" ;;
	check) opts="--project --manifests --clusters --controller-namespace --limit --help" ;;
	apply) opts="--to-dir --to-git --branch --path --apply-cmd --delete-cmd --live --app --repo --revision --settings --project --namespace --prune --timeout --yes --limit --help" ;;
	reconcile) opts="--to-dir --to-git --branch --path --apply-cmd --delete-cmd --live --repo --settings --project --namespace --prune --timeout --interval --self-heal --max-cycles --limit --help" ;;
	preview) opts="--base --head --path --format --max-bytes --repo-url --repo --app --settings --exit-code --limit --help" ;;
	precommit) if [ "$COMP_CWORD" -eq 2 ]; then opts="build hydrated project"; else opts="--root --out --projects --help"; fi ;;
	cmp) opts="generate discover parameters --help" ;;
	version) opts="--output" ;;
	esac
	case $prev in
	-o | --output)
		case ${COMP_WORDS[1]} in
		diff) COMPREPLY=($(compgen -W "text unified json" -- "$cur")) ;;
		plan) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		appset | app) COMPREPLY=($(compgen -W "yaml json" -- "$cur")) ;;
		version) COMPREPLY=($(compgen -W "json" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
		return ;;
	--format) COMPREPLY=($(compgen -W "text markdown json" -- "$cur")); return ;;
	--tracking-method) COMPREPLY=($(compgen -W "annotation annotation+label label" -- "$cur")); return ;;
	--report) COMPREPLY=($(compgen -W "json junit" -- "$cur")); return ;;
	--load-restrictor) COMPREPLY=($(compgen -W "LoadRestrictionsRootOnly LoadRestrictionsNone" -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]] || [ "${COMP_WORDS[1]}" = precommit -a "$COMP_CWORD" -eq 2 ] || [ "${COMP_WORDS[1]}" = cmp ]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _krender krender kubectl-krender
