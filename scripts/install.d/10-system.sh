#!/usr/bin/env bash
# Debian packages the platform and its tests need: git (publish to gh-pages, tests), Node.js and
# npm (Chart.js from the npm registry), Chromium (browser tests of the report pages).
# Installs only what is missing, non-interactively; needs root or password-less sudo for that.
set -euo pipefail

declare -A package_for=([git]=git [node]=nodejs [npm]=npm [chromium]=chromium)
missing=()
for cmd in git node npm chromium; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${package_for[$cmd]}")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present (git, node, npm, chromium)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "missing Debian packages: ${missing[*]}; install them (apt-get install -y ${missing[*]}) and rerun" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
