# Sourced by scripts/start and scripts/test: makes .venv and installs a requirements file.
# Usage: bootstrap_venv requirements.txt
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  # Debian packages the project needs; apt-get update only when something is missing.
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
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
  local stamp=".venv/.installed-$(basename "$reqs")"
  if [ ! -f "$stamp" ] || [ "$reqs" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs"
    touch "$stamp"
  fi
}
