# Sourced by scripts/start, scripts/test and scripts/itnio: makes .venv, installs a requirements
# file, then the project itself (editable, so the `itnio` command is in .venv/bin).
# Usage, from the repository root: bootstrap_venv requirements.txt
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  # Debian packages the project needs; apt-get update only when something is missing.
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

_installed() {
  # True when requirements file $1 was installed after it (and requirements.txt) last changed.
  local stamp=".venv/.installed-$(basename "$1")"
  [ -f "$stamp" ] && [ ! "$1" -nt "$stamp" ] && [ ! requirements.txt -nt "$stamp" ]
}

bootstrap_venv() {
  local reqs=$1
  local python=${PYTHON:-python3}
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      apt_install python3-venv
      "$python" -m venv .venv
    fi
  fi
  # requirements-dev.txt includes requirements.txt, so after scripts/test the runtime set is there.
  if ! _installed "$reqs" && ! { [ "$reqs" = requirements.txt ] && _installed requirements-dev.txt; }
  then
    .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs"
    touch ".venv/.installed-$(basename "$reqs")"
  fi
  # The project itself: only its entry points change with pyproject.toml (the code is linked,
  # not copied), so it is installed again only when pyproject.toml is newer than the stamp.
  local project_stamp=".venv/.installed-project"
  if [ ! -f "$project_stamp" ] || [ pyproject.toml -nt "$project_stamp" ] \
    || [ ! -x .venv/bin/itnio ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
    touch "$project_stamp"
  fi
}
