# bash completion for clearsim (installed by `cmake --install` into
# share/bash-completion/completions/clearsim). The commands come from `clearsim help` and
# each command's options from `clearsim COMMAND --help`, so this file never lists them.
_clearsim() {
  local cur prev words cword
  _init_completion 2>/dev/null || {
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    cword=$COMP_CWORD
  }
  local program=${COMP_WORDS[0]}
  if ((cword == 1)); then
    local commands
    commands=$("$program" help 2>/dev/null | sed -n 's/^  \([a-z]\+\) .*/\1/p')
    mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
    return
  fi
  local command=${COMP_WORDS[1]}
  case "$prev" in
    -f | --format)
      mapfile -t COMPREPLY < <(compgen -W "table csv json" -- "$cur")
      return
      ;;
    --record)
      mapfile -t COMPREPLY < <(compgen -W "summary vessels boxes" -- "$cur")
      return
      ;;
    -r | --regime | --regimes)
      local scenario
      for w in "${COMP_WORDS[@]:2}"; do [[ $w == *.yaml || $w == *.yml ]] && scenario=$w; done
      if [[ -n $scenario ]]; then
        local regimes
        regimes=$("$program" validate "$scenario" 2>/dev/null | sed -n '/^regimes:/,/^$/s/^  \([A-Za-z0-9_]\+\) .*/\1/p')
        mapfile -t COMPREPLY < <(compgen -W "$regimes" -- "${cur##*,}")
      fi
      return
      ;;
  esac
  if [[ $cur == -* ]]; then
    local options
    options=$("$program" "$command" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
    return
  fi
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -o filenames -F _clearsim clearsim
