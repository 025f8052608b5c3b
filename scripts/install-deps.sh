#!/usr/bin/env bash
# Installs the Debian packages paylink needs, only those missing. Used by the README's commands.
# Usage: install-deps.sh [extra-package ...]
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config libcurl4-openssl-dev nlohmann-json3-dev libfmt-dev
          libgtest-dev libgmock-dev libssl-dev libcpp-httplib-dev curl openssl nginx
          libhiredis-dev redis-server "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
